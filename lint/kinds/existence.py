"""existence: flag every occurrence of listed terms (Aho–Corasick), except inside listed longer words.

YAML::

    kind: existence
    tokens: [弱智, 瞎子]
    exceptions: [弱智化]      # optional
"""

from __future__ import annotations

from collections.abc import Iterator

import ahocorasick

from lint.config import Config
from lint.document import Document
from lint.finding import Finding
from lint.kinds.substitution import _exception_automaton, in_exception
from lint.rules import Kind, Opt, Rule


class Existence(Kind):
    name = "existence"
    OPTIONS = {
        "tokens": Opt("terms to flag", "strlist"),
        "exceptions": Opt("longer words containing a term that are fine", "strlist"),
    }
    REQUIRED = ("tokens",)

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.auto = ahocorasick.Automaton()
        for t in self.options["tokens"]:
            self.auto.add_word(t, t)
        self.auto.make_automaton()
        self.exceptions = _exception_automaton(self.options.get("exceptions", []))

    def check(self, doc: Document) -> Iterator[Finding]:
        if len(self.auto) == 0:
            return
        for end_idx, term in self.auto.iter_long(doc.text):
            start, end = end_idx + 1 - len(term), end_idx + 1
            if not in_exception(self.exceptions, doc.text, start, end):
                yield self.finding(doc, start, end)


KIND = Existence

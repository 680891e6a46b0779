"""existence: flag every occurrence of listed terms (Aho–Corasick), except inside listed longer words.

YAML::

    kind: existence
    tokens: [弱智, 瞎子]
    exceptions: [弱智化]      # optional
    in_quotes / in_names      # optional, as in kind substitution
"""

from __future__ import annotations

from collections.abc import Iterator

import ahocorasick

from lint.config import Config
from lint.document import Document
from lint.finding import Finding
from lint.kinds.substitution import PLACE_OPTIONS, ListKind, _exception_automaton, in_exception
from lint.rules import Opt, Rule


class Existence(ListKind):
    name = "existence"
    OPTIONS = {
        "tokens": Opt("terms to flag", "strlist"),
        "exceptions": Opt("longer words containing a term that are fine", "strlist"),
        **PLACE_OPTIONS,
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
                f = self.placed(doc, self.finding(doc, start, end))
                if f is not None:
                    yield f


KIND = Existence

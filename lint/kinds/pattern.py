"""pattern: a regular expression (the `regex` module, run with a time limit).

YAML::

    kind: pattern
    pattern: '(?<=\\p{Han})\\.\\.\\.(?=\\p{Han})'
    replace: '……'          # optional; \\1 and \\g<name> refer to groups
    group: 0               # optional; which group is the reported span
    in_quotes / in_names / boundary / in_words   # optional, as in kind substitution
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from lint import budget
from lint.config import Config
from lint.document import Document
from lint.finding import Finding
from lint.kinds.substitution import PLACE_OPTIONS, ListKind
from lint.rules import Opt, Rule

TIMEOUT = 2.0  # seconds per search of a document (lint.budget bounds the rule's run in all)


class Pattern(ListKind):
    name = "pattern"
    OPTIONS = {
        "pattern": Opt("regular expression (regex module syntax, \\p{Han} etc.)", "regex"),
        "replace": Opt("replacement template for the suggestion", "str"),
        "group": "number or name of the group that is the reported span",
        **PLACE_OPTIONS,
    }
    REQUIRED = ("pattern",)

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.rx = regex.compile(self.options["pattern"])
        self.group = self.options.get("group", 0)
        self.replace = self.options.get("replace")

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in self.rx.finditer(doc.text, timeout=budget.timeout(TIMEOUT)):
            start, end = m.span(self.group)
            if start < 0 or start == end:
                continue
            sugg = []
            if self.replace is not None:
                full = m.expand(self.replace)
                if self.group == 0:
                    sugg = [full]
                else:  # the template describes the whole match; keep the part for the group
                    a, b = m.span()
                    pre, post = doc.text[a:start], doc.text[end:b]
                    if full.startswith(pre) and full.endswith(post):
                        sugg = [full[len(pre):len(full) - len(post)]]
            f = self.placed(doc, self.finding(doc, start, end, suggestions=sugg))
            if f is not None:
                yield f


KIND = Pattern

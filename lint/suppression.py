"""Inline suppression comments, the same in Markdown, HTML and plain text:

    <!-- newslint-disable [RULE ...] -->  …  <!-- newslint-enable [RULE ...] -->
    <!-- newslint-disable-next-line [RULE ...] -->
    <!-- newslint-disable-line [RULE ...] -->   (on the line it is on)

RULE is an id, a dotted prefix or a category; none means every rule. Separators: spaces or commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lint.document import Document
from lint.finding import Finding

_RE = re.compile(r"<!--\s*newslint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->")


def _matches(rule_id: str, category: str, selectors: tuple[str, ...]) -> bool:
    if not selectors:
        return True
    return any(s in (rule_id, category) or rule_id.startswith(s + ".") for s in selectors)


@dataclass
class _Region:
    start: int
    end: int
    selectors: tuple[str, ...]


class Suppressions:
    def __init__(self, doc: Document) -> None:
        self.regions: list[_Region] = []
        self.lines: dict[int, list[tuple[str, ...]]] = {}
        open_: dict[tuple[str, ...], int] = {}
        for m in _RE.finditer(doc.text):
            what = m.group(1)
            sels = tuple(s for s in re.split(r"[\s,]+", m.group(2).strip()) if s)
            line, _ = doc.line_col(m.start())
            if what == "disable-next-line":
                self.lines.setdefault(line + 1, []).append(sels)
            elif what == "disable-line":
                self.lines.setdefault(line, []).append(sels)
            elif what == "disable":
                open_.setdefault(sels, m.end())
            else:  # enable: closes the matching disable, or all when no rules are named
                keys = [k for k in open_ if k == sels or not sels]
                for k in keys:
                    self.regions.append(_Region(open_.pop(k), m.start(), k))
        for k, start in open_.items():
            self.regions.append(_Region(start, len(doc.text), k))
        self.doc = doc

    def suppressed(self, f: Finding) -> bool:
        for r in self.regions:
            if r.start <= f.offset < r.end and _matches(f.rule, f.category, r.selectors):
                return True
        if self.lines:
            line, _ = self.doc.line_col(f.offset)
            return any(_matches(f.rule, f.category, s) for s in self.lines.get(line, ()))
        return False

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
from lint.rules import selector_matches

_RE = re.compile(r"<!--\s*newslint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->")


def _matches(rule_id: str, category: str, selectors: tuple[str, ...]) -> bool:
    """A rule falls under a directive's selectors (none: every rule)."""
    return not selectors or any(selector_matches(s, rule_id, category) for s in selectors)


@dataclass
class Directive:
    """One suppression comment: text[start:end] is the comment itself."""

    start: int
    end: int
    what: str  # disable-next-line, disable-line, disable or enable
    selectors: tuple[str, ...]
    used: bool = False  # it silenced at least one finding


@dataclass
class _Region:
    start: int
    end: int
    directive: Directive


class Suppressions:
    def __init__(self, doc: Document) -> None:
        self.directives: list[Directive] = []
        self.regions: list[_Region] = []
        self.lines: dict[int, list[Directive]] = {}
        open_: dict[tuple[str, ...], Directive] = {}
        for m in _RE.finditer(doc.text):
            what = m.group(1)
            sels = tuple(s for s in re.split(r"[\s,]+", m.group(2).strip()) if s)
            d = Directive(m.start(), m.end(), what, sels)
            self.directives.append(d)
            line, _ = doc.line_col(m.start())
            if what == "disable-next-line":
                self.lines.setdefault(line + 1, []).append(d)
            elif what == "disable-line":
                self.lines.setdefault(line, []).append(d)
            elif what == "disable":
                open_.setdefault(sels, d)
            else:  # enable: closes the matching disable, or all when no rules are named
                keys = [k for k in open_ if k == sels or not sels]
                for k in keys:
                    opened = open_.pop(k)
                    self.regions.append(_Region(opened.end, m.start(), opened))
        for opened in open_.values():
            self.regions.append(_Region(opened.end, len(doc.text), opened))
        self.doc = doc

    def suppressed(self, f: Finding) -> bool:
        """True when a directive silences f; every directive that does is marked used."""
        hit = False
        for r in self.regions:
            if r.start <= f.offset < r.end and _matches(f.rule, f.category, r.directive.selectors):
                r.directive.used = hit = True
        if self.lines:
            line, _ = self.doc.line_col(f.offset)
            for d in self.lines.get(line, ()):
                if _matches(f.rule, f.category, d.selectors):
                    d.used = hit = True
        return hit

"""substitution: wrong → right phrase maps, one Aho–Corasick automaton per rule (pyahocorasick).

YAML::

    kind: substitution
    swap:
      再接再励: 再接再厉                 # plain entry
      截止:                             # entry with context conditions (regexes)
        to: 截至
        after: '(?:目前|\\d+月|今年)'     # text right after the match must start with this
        not_before: '(?:报名)'           # text right before must not end with this
    exceptions: [...]                   # longer words that contain a wrong form but are right
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex

from lint.config import Config
from lint.document import Document
from lint.finding import Finding
from lint.rules import Kind, Rule

CONTEXT_KEYS = ("before", "after", "not_before", "not_after")
WINDOW = 12  # characters of context a condition sees on each side
TIMEOUT = 0.5


@dataclass
class Entry:
    wrong: str
    to: list[str]
    before: Any = None
    after: Any = None
    not_before: Any = None
    not_after: Any = None

    def context_ok(self, text: str, start: int, end: int) -> bool:
        left = text[max(0, start - WINDOW):start]
        right = text[end:end + WINDOW]
        if self.before is not None and not self.before.search(left, timeout=TIMEOUT):
            return False
        if self.after is not None and not self.after.match(right, timeout=TIMEOUT):
            return False
        if self.not_before is not None and self.not_before.search(left, timeout=TIMEOUT):
            return False
        return not (self.not_after is not None and self.not_after.match(right, timeout=TIMEOUT))


def parse_entry(wrong: str, value: Any) -> Entry:
    """Raise ValueError with a short reason when an entry is malformed."""
    if isinstance(value, str):
        return Entry(wrong, [value])
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return Entry(wrong, list(value))
    if isinstance(value, dict):
        unknown = set(value) - {"to", *CONTEXT_KEYS}
        if unknown:
            raise ValueError(f"entry {wrong!r}: unknown keys {sorted(unknown)}")
        to = value.get("to")
        to = [to] if isinstance(to, str) else to
        if not isinstance(to, list) or not to:
            raise ValueError(f"entry {wrong!r}: needs 'to'")
        ctx = {}
        for k in CONTEXT_KEYS:
            if k in value:
                pat = value[k]
                if isinstance(pat, list):
                    pat = "|".join(pat)
                try:
                    ctx[k] = regex.compile(f"(?:{pat})$" if k.endswith("before") else f"(?:{pat})")
                except regex.error as exc:
                    raise ValueError(f"entry {wrong!r}: bad regex in {k}: {exc}") from None
        return Entry(wrong, list(to), **ctx)
    raise ValueError(f"entry {wrong!r}: value must be a string, a list or a mapping with 'to'")


class Substitution(Kind):
    name = "substitution"
    OPTIONS = {
        "swap": "mapping of wrong form to right form(s), optionally with context conditions",
        "exceptions": "longer words containing a wrong form that are correct",
    }
    REQUIRED = ("swap",)

    @classmethod
    def validate(cls, options: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
        yield from super().validate(options)
        swap = options.get("swap")
        if swap is not None and not isinstance(swap, dict):
            yield "swap", "'swap' must be a mapping of wrong form to right form"
            return
        for wrong, value in (swap or {}).items():
            if not isinstance(wrong, str) or not wrong:
                yield "swap", f"swap key {wrong!r} must be a non-empty string"
                continue
            try:
                parse_entry(wrong, value)
            except ValueError as exc:
                yield "swap", str(exc)

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.auto = ahocorasick.Automaton()
        for wrong, value in self.options["swap"].items():
            self.auto.add_word(wrong, parse_entry(wrong, value))
        self.auto.make_automaton()
        self.exceptions = _exception_automaton(self.options.get("exceptions", []))

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if len(self.auto) == 0:
            return
        for end_idx, entry in self.auto.iter_long(text):
            end = end_idx + 1
            start = end - len(entry.wrong)
            if in_exception(self.exceptions, text, start, end) or not entry.context_ok(text, start, end):
                continue
            yield self.finding(doc, start, end, suggestions=entry.to)


def _exception_automaton(words: list[str]) -> ahocorasick.Automaton | None:
    if not words:
        return None
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def in_exception(auto: ahocorasick.Automaton | None, text: str, start: int, end: int) -> bool:
    """True when text[start:end] lies inside an occurrence of an exception word."""
    if auto is None:
        return False
    lo, hi = max(0, start - 12), min(len(text), end + 12)
    for e, n in auto.iter(text, lo, hi):
        s = e + 1 - n
        if s <= start and end <= e + 1:
            return True
    return False


KIND = Substitution

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
    in_quotes: suggest                  # report | suggest | skip: matches inside quotation marks
    in_names: report                    # report | suggest | skip: inside names and titles of works
    boundary: word                      # word | char: must a match be made of whole words?
    in_words: suggest                   # suggest | unsafe | skip: a match or fix that splits a word

``suggest`` reports the match at level suggestion, without a fix and with a note: a quotation is
someone's words and a title may be the work's real name, so neither is edited automatically.
``in_quotes`` defaults to ``suggest`` in user packs and to ``report`` in the built-in ones (whose
term packs say ``suggest`` themselves; a misspelling in a quotation is still a misspelling).

``boundary: word`` (the default for a match or replacement that begins or ends with a Han
character) asks the segmentation around the match (jieba's dictionary, names and the config
``accept`` list counting as words, lint/names.py): a match whose ends fall inside a word, or whose
fix would split a word outside it, is no such word (的士 in 目的士气) and is reported as
``in_words`` says: ``unsafe`` keeps the level but applies the fix only with --unsafe-fixes (a right
fix that still changes a word it does not own: 苍南县县委 → 苍南县委 turns the word 苍南县 into 苍南).
``boundary: char`` is for matches that cannot straddle a word by construction (a measure word its
context conditions decide), and saves the segmentation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import ahocorasick
import regex

from lint import budget
from lint.chars import is_han
from lint.config import Config
from lint.document import Document
from lint.finding import Finding, Fix
from lint.names import keeps_words, protected
from lint.rules import Kind, Opt, Rule

CONTEXT_KEYS = ("before", "after", "not_before", "not_after")
PLACES = ("report", "suggest", "skip")
BOUNDARIES = ("word", "char")
PLACE_OPTIONS = {
    "in_quotes": Opt("report, suggest (level suggestion, no fix) or skip matches inside quotation marks "
                     "(default: suggest in user packs, report in the built-in ones)", choices=PLACES),
    "in_names": Opt("report (default), suggest or skip matches inside names and titles of works (lint/names.py)",
                    choices=PLACES),
    "boundary": Opt("word (default where a match or its replacement begins or ends with a Han character): a match "
                    "must be whole words of the segmentation; char: a fixed string that cannot straddle words",
                    choices=BOUNDARIES),
    "in_words": Opt("suggest (default: level suggestion, no fix), unsafe (the rule's level, the fix only with "
                    "--unsafe-fixes) or skip a match or fix that splits a word", choices=("suggest", "unsafe", "skip")),
}
PLACE_NOTES = {
    "in_quotes": ("（在引语内：如系照录原话，请保留）", " (inside a quotation: keep it if quoted verbatim)"),
    "in_names": ("（在人名、地名或作品名内：如系原名，请保留）",
                 " (inside a name or title: keep it if that is the real name)"),
    "in_words": ("（与前后文字组成别的词，可能并非此词，请核对）",
                 " (it is part of other words here and may not be this word: check it)"),
}
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
        if self.before is not None and not self.before.search(left, timeout=budget.timeout(TIMEOUT)):
            return False
        if self.after is not None and not self.after.match(right, timeout=budget.timeout(TIMEOUT)):
            return False
        if self.not_before is not None and self.not_before.search(left, timeout=budget.timeout(TIMEOUT)):
            return False
        return not (self.not_after is not None and self.not_after.match(right, timeout=budget.timeout(TIMEOUT)))


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


class ListKind(Kind):
    """Base of the list-matching kinds: where a match sits (quotation, name, inside other words) may
    soften or drop it."""

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.in_quotes: str = self.options.get("in_quotes", "report" if rule.builtin else "suggest")
        self.boundary: str | None = self.options.get("boundary")
        self.in_words: str = self.options.get("in_words", "suggest")

    def placed(self, doc: Document, f: Finding) -> Finding | None:
        """f as reported given options in_quotes, in_names, boundary and in_words; None to drop it."""
        hows = {"in_quotes": self.in_quotes, "in_names": self.options.get("in_names", "report"),
                "in_words": self.in_words}
        for opt, inside in (("in_quotes", _in_quotation), ("in_names", self._in_name), ("in_words", self._splits)):
            how = hows[opt]
            if how == "report" or not inside(doc, f):
                continue
            if how == "skip":
                return None
            zh, en = PLACE_NOTES[opt]
            noted = replace(f, message=f.message + zh, message_en=f.message_en + en if f.message_en else "")
            if how == "unsafe":
                return replace(noted, fix=Fix("unsafe", f.fix.edits)) if f.fix else noted
            return replace(noted, level="suggestion", fix=None)
        return f

    def _in_name(self, doc: Document, f: Finding) -> bool:
        return protected(doc, self.config.accept).covers(f.offset, f.end_offset)

    def _splits(self, doc: Document, f: Finding) -> bool:
        """The match, or its fix, splits a word of the segmentation around it (boundary: word)."""
        if self.boundary == "char":
            return False
        text = doc.text
        spans: list[tuple[int, int, str | None]] = [(f.offset, f.end_offset, None)]
        if f.fix:
            spans = [(e.offset, e.end_offset, e.replacement) for e in f.fix.edits]
        names = protected(doc, self.config.accept)
        for start, end, repl in spans:
            if self.boundary is None and not _han_edged(text[start:end]) and not _han_edged(repl or ""):
                continue
            if not keeps_words(text, start, end, repl, names):
                return True
        return False



def _in_quotation(doc: Document, f: Finding) -> bool:
    return doc.quotations.covers(f.offset, f.end_offset)


def _han_edged(s: str) -> bool:
    return bool(s) and (is_han(s[0]) or is_han(s[-1]))


class Substitution(ListKind):
    name = "substitution"
    RELEASES = ("quotations",)  # (Kind.RELEASES)
    OPTIONS = {
        "swap": "mapping of wrong form to right form(s), optionally with context conditions",
        "exceptions": "longer words containing a wrong form that are correct",
        **PLACE_OPTIONS,
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
            f = self.placed(doc, self.finding(doc, start, end, suggestions=entry.to))
            if f is not None:
                yield f


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

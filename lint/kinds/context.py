"""context: a target word is reported only when cue words occur in its window and no counter-cue does.

YAML::

    kind: context
    targets: {致歉: 致谢, 道歉: 道谢}     # word -> replacement(s); or a list of words
    target_pattern: '...'                # instead of (or besides) targets; regex module syntax
    replace: '\\g<1>某'                   # suggestion template for target_pattern matches
    group: name                          # group of target_pattern that is the reported span
    exceptions: [...]                    # longer words containing a target that are fine
    cues: [多亏了, 感谢, 帮助]            # literal cue words
    cue_patterns: ['...']                # cue regexes
    min_cues: 2                          # distinct cues needed (default 1; 0 when no cues are given)
    counter_cues: [晚点, 不便]            # any of these in the counter window keeps the target quiet
    margin: 2                            # instead: weigh both sides; report when cues outweigh counters by 2
    weights: {感谢: 2, 不便: 2}           # weight of a cue or counter word (or pattern) under margin; default 1
    counter_patterns: ['...']
    window: paragraph                    # clause | sentence | paragraph | chars
    window_chars: 20                     # ±N characters for window: chars (clamped to the paragraph)
    window_before: 1                     # extend by N preceding units (clauses, sentences, paragraphs)
    window_after: 0
    counter_window: sentence             # where counter-cues are looked for (default: the cue window)
    cue_side: any                        # any | before | after: where a cue must sit relative to the target
    in_quotes: skip                      # skip | check: targets inside “…” or 《…》 are quotation or titles

With ``margin`` the context is judged as a whole rather than vetoed by one word: every distinct cue and
counter-cue in its window adds its weight to its side, and the target is reported when the cue side reaches
``min_cues`` (as a weight) and exceeds the counter side by at least ``margin``.

Quotation: a quoted speaker may say anything, so a target inside quotation marks (or a title in 《》) is
never reported; cues inside quotes still count, since they tell what the quoted person meant.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick
import regex

from lint import budget
from lint.config import Config
from lint.document import Document, Spans, merge_ranges, quoted_spans
from lint.finding import Finding
from lint.kinds.substitution import _exception_automaton, in_exception
from lint.rules import Kind, Opt, Rule, memo

TIMEOUT = 1.0  # seconds per regex search
UNITS = ("clause", "sentence", "paragraph", "chars")
SIDES = ("any", "before", "after")
CLAUSE_END = "，,；;：:。！？!?…\n"
MAX_CUES_NAMED = 3


# ---- per-document analysis shared by every context rule -----------------------------------------
@dataclass
class _Analysis:
    para_starts: list[int]
    sent_starts: list[int]
    quoted: Spans  # quotations and titles


def _analyse(doc: Document) -> _Analysis:
    """Paragraph/sentence indexes and quoted spans, computed once per document."""
    return memo(doc, "context.analysis", lambda: _Analysis(
        para_starts=[p.start for p in doc.paragraphs],
        sent_starts=[s.start for s in doc.sentences],
        quoted=Spans(merge_ranges(s for p in doc.paragraphs for s in quoted_spans(doc.text, p.start, p.end))),
    ))


# ---- the kind ------------------------------------------------------------------------------------
@dataclass
class _Hit:
    start: int
    end: int
    suggestions: list[str]


class Context(Kind):
    name = "context"
    RELEASES = ("context.", "sentences")  # (Kind.RELEASES)
    OPTIONS = {
        "targets": "word -> replacement (string or list), or a list of words, to report in a cue context",
        "target_pattern": Opt("regex for targets (alternative to targets)", "regex"),
        "replace": Opt("suggestion template for target_pattern matches (\\1, \\g<name>)", "str"),
        "group": "group of target_pattern that is the reported span",
        "exceptions": Opt("longer words containing a target that are fine", "strlist"),
        "cues": Opt("literal cue words that make the context", "strlist"),
        "cue_patterns": Opt("cue regexes", "regexlist"),
        "min_cues": Opt("number of distinct cues needed (default 1, or 0 without cues)", "int", minimum=0),
        "counter_cues": Opt("literal words that keep the target quiet", "strlist"),
        "counter_patterns": Opt("counter-cue regexes", "regexlist"),
        "window": Opt("clause, sentence, paragraph or chars", choices=UNITS),
        "window_chars": Opt("±N characters when window is chars (default 20)", "int", minimum=0),
        "window_before": Opt("extend the window by N preceding units", "int", minimum=0),
        "window_after": Opt("extend the window by N following units", "int", minimum=0),
        "counter_window": Opt("unit searched for counter-cues (default: the cue window)", choices=UNITS),
        "cue_side": Opt("any, before or after: where cues must sit relative to the target", choices=SIDES),
        "in_quotes": Opt("skip (default) or check targets inside quotation or title marks", choices=("skip", "check")),
        "margin": Opt("weigh cues against counter-cues: report when cues outweigh them by this much", "int",
                      minimum=1),
        "weights": "weight of a cue or counter-cue word or pattern when margin is set (default 1)",
    }

    @classmethod
    def validate(cls, options: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
        yield from super().validate(options)
        targets = options.get("targets")
        if targets is None and "target_pattern" not in options:
            yield None, "kind context needs 'targets' or 'target_pattern'"
        if targets is not None:
            if isinstance(targets, dict):
                for k, v in targets.items():
                    ok = isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
                    if not isinstance(k, str) or not k or not (ok or v is None):
                        yield "targets", f"target {k!r}: the replacement must be a string or a list of strings"
            elif not _strlist(targets):
                yield "targets", "'targets' must be a mapping of word to replacement, or a list of words"
        if "group" in options and not isinstance(options["group"], (int, str)):
            yield "group", "'group' must be a group number or name"
        weights = options.get("weights")
        if weights is not None and not (isinstance(weights, dict) and all(
                isinstance(k, str) and k and isinstance(v, int) and not isinstance(v, bool) and v > 0
                for k, v in weights.items())):
            yield "weights", "'weights' must map words or patterns to positive whole numbers"

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        o = self.options
        self.targets = _automaton(_target_map(o.get("targets")))
        tp = o.get("target_pattern")
        self.target_rx = regex.compile(tp) if tp else None
        self.replace: str | None = o.get("replace")
        self.group: int | str = o.get("group", 0)
        self.exceptions = _exception_automaton(o.get("exceptions", []))
        self.cues = _automaton({c: c for c in o.get("cues", [])})
        self.cue_rx = [regex.compile(p) for p in o.get("cue_patterns", [])]
        self.counters = _automaton({c: c for c in o.get("counter_cues", [])})
        self.counter_rx = [regex.compile(p) for p in o.get("counter_patterns", [])]
        has_cues = bool(o.get("cues") or o.get("cue_patterns"))
        self.min_cues: int = o.get("min_cues", 1 if has_cues else 0)
        self.unit: str = o.get("window", "sentence")
        self.chars: int = o.get("window_chars", 20)
        self.before: int = o.get("window_before", 0)
        self.after: int = o.get("window_after", 0)
        self.counter_unit: str = o.get("counter_window", self.unit)
        self.side: str = o.get("cue_side", "any")
        self.skip_quoted = o.get("in_quotes", "skip") == "skip"
        self.margin: int | None = o.get("margin")
        self.weights: dict[str, int] = dict(o.get("weights") or {})

    # ---- targets ---------------------------------------------------------------------------------
    def _hits(self, text: str) -> Iterator[_Hit]:
        if self.targets is not None:
            for end_idx, (word, to) in self.targets.iter_long(text):
                end = end_idx + 1
                start = end - len(word)
                if not in_exception(self.exceptions, text, start, end):
                    yield _Hit(start, end, list(to))
        if self.target_rx is not None:
            for m in self.target_rx.finditer(text, timeout=budget.timeout(TIMEOUT)):
                start, end = m.span(self.group)
                if start < 0 or start == end or in_exception(self.exceptions, text, start, end):
                    continue
                sugg: list[str] = []
                if self.replace is not None:
                    sugg = [m.expand(self.replace)]
                yield _Hit(start, end, sugg)

    # ---- windows ---------------------------------------------------------------------------------
    def _window(self, doc: Document, an: _Analysis, pi: int, start: int, end: int, unit: str) -> tuple[int, int]:
        text, paras = doc.text, doc.paragraphs
        same = unit == self.unit
        before, after = (self.before, self.after) if same else (0, 0)
        if unit == "paragraph":
            a = paras[max(0, pi - before)].start
            b = paras[min(len(paras) - 1, pi + after)].end
            return a, b
        if unit == "chars":
            lo = paras[max(0, pi - before)].start
            hi = paras[min(len(paras) - 1, pi + after)].end
            return max(lo, start - self.chars), min(hi, end + self.chars)
        if unit == "sentence":
            sents = doc.sentences
            si = bisect.bisect_right(an.sent_starts, start) - 1
            if si < 0:
                return paras[pi].start, paras[pi].end
            return sents[max(0, si - before)].start, sents[min(len(sents) - 1, si + after)].end
        # clause: bounded by clause marks, within the paragraph
        p = paras[pi]
        a = start
        for k in range(before + 1):
            while a > p.start and text[a - 1] not in CLAUSE_END:
                a -= 1
            if k < before and a > p.start:
                a -= 1  # step over the mark into the preceding clause
        b = end
        for k in range(after + 1):
            while b < p.end and text[b] not in CLAUSE_END:
                b += 1
            if k < after and b < p.end:
                b += 1
        return a, b

    def _found(self, auto: ahocorasick.Automaton | None, rxs: list[regex.Pattern[str]], text: str,
               a: int, b: int, start: int, end: int, side: str) -> list[tuple[int, str]]:
        """(position, text) of cue matches in text[a:b] that do not overlap the target."""
        out: list[tuple[int, str]] = []
        if a >= b:
            return out
        if auto is not None:
            for e, word in auto.iter_long(text, a, b):
                s = e + 1 - len(word)
                out.append((s, word))
        for rx in rxs:
            for m in rx.finditer(text, a, b, timeout=budget.timeout(TIMEOUT)):
                if m.group():
                    out.append((m.start(), m.group()))
                    if rx.pattern in self.weights:  # a pattern's weight goes to each text it matches (弄湿, 弄坏)
                        self.weights.setdefault(m.group(), self.weights[rx.pattern])
        keep = []
        for s, w in out:
            if s < end and start < s + len(w):
                continue  # part of the target itself
            if (side == "before" and s >= start) or (side == "after" and s < end):
                continue
            keep.append((s, w))
        return sorted(keep)

    # ---- check -----------------------------------------------------------------------------------
    def check(self, doc: Document) -> Iterator[Finding]:
        if not doc.paragraphs:
            return
        text = doc.text
        an: _Analysis | None = None
        for hit in self._hits(text):
            start, end = hit.start, hit.end
            if an is None:
                an = _analyse(doc)  # only documents with a target pay for sentences and quotes
            pi = bisect.bisect_right(an.para_starts, start) - 1
            if pi < 0 or end > doc.paragraphs[pi].end:
                continue
            if self.skip_quoted and an.quoted.covers(start, end):
                continue
            cues: list[tuple[int, str]] = []
            if self.margin is not None:
                found = self._balance(doc, an, pi, start, end)
                if found is None:
                    continue
                cues = found
            elif self.min_cues:
                a, b = self._window(doc, an, pi, start, end, self.unit)
                cues = self._found(self.cues, self.cue_rx, text, a, b, start, end, self.side)
                if len({w for _, w in cues}) < self.min_cues:
                    continue
            if self.margin is None and (self.counters is not None or self.counter_rx):
                a, b = self._window(doc, an, pi, start, end, self.counter_unit)
                if self._found(self.counters, self.counter_rx, text, a, b, start, end, "any"):
                    continue
            names: list[str] = []
            for _, w in cues:
                if w not in names:
                    names.append(w)
            named = "".join(f"“{w}”" for w in names[:MAX_CUES_NAMED])
            confidence = min(0.9, 0.5 + 0.1 * len(names)) if names else 0.8
            yield self.finding(doc, start, end, suggestions=hit.suggestions, confidence=confidence,
                               cues=named, cue_count=len(names))


    def _balance(self, doc: Document, an: _Analysis, pi: int, start: int, end: int) -> list[tuple[int, str]] | None:
        """The cues when the context as a whole leans to them: distinct cue words outweigh the distinct
        counter-cue words of the counter window by the margin; None otherwise."""
        text = doc.text
        a, b = self._window(doc, an, pi, start, end, self.unit)
        cues = self._found(self.cues, self.cue_rx, text, a, b, start, end, self.side)
        a, b = self._window(doc, an, pi, start, end, self.counter_unit)
        counters = self._found(self.counters, self.counter_rx, text, a, b, start, end, "any")
        pro = sum(self.weights.get(w, 1) for w in {w for _, w in cues})
        con = sum(self.weights.get(w, 1) for w in {w for _, w in counters})
        if pro < max(1, self.min_cues) or pro - con < (self.margin or 0):
            return None
        return cues


# ---- helpers -------------------------------------------------------------------------------------
def _strlist(val: Any) -> bool:
    return isinstance(val, list) and all(isinstance(t, str) and t for t in val)


def _target_map(targets: Any) -> dict[str, tuple[str, ...]]:
    if targets is None:
        return {}
    if isinstance(targets, list):
        return {t: () for t in targets}
    out: dict[str, tuple[str, ...]] = {}
    for k, v in targets.items():
        out[k] = () if v is None else (v,) if isinstance(v, str) else tuple(v)
    return out


def _automaton(words: dict[str, Any]) -> ahocorasick.Automaton | None:
    if not words:
        return None
    auto = ahocorasick.Automaton()
    for w, v in words.items():
        auto.add_word(w, (w, v) if isinstance(v, tuple) else w)
    auto.make_automaton()
    return auto


KIND = Context

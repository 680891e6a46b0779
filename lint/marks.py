"""Finding punctuation marks fast, and what stands beside them: str.find scans grouped by paragraph, the
document's paired quotes and brackets, its ignored ranges, the characters next to a mark.

Candidates are found with str.find or `in` (fast C scans, much cheaper than a regex character class over
Chinese text); the checks then look only at the characters next to each candidate.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lint.chars import CJK_PUNCT, is_han
from lint.document import Document
from lint.rules import memo

_ZH_PUNCT = frozenset(CJK_PUNCT + "〈〉％")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
DIGITS = frozenset("0123456789０１２３４５６７８９")
NUMERIC = frozenset("0123456789０１２３４５６７８９.%％,")


def is_zh(ch: str) -> bool:
    """A Han character or a full-width Chinese punctuation mark."""
    return bool(ch) and (ch in _ZH_PUNCT or is_han(ch))


def latin(ch: str) -> bool:
    return ch in _ASCII_LETTERS


# ---- shared per-document analysis ---------------------------------------------------------------
class Ignored:
    """Fast membership test for the document's ignored (non-prose) ranges."""

    def __init__(self, doc: Document) -> None:
        self.starts = [s.start for s in doc.ignored]
        self.ends = [s.end for s in doc.ignored]

    def __call__(self, pos: int) -> bool:
        if not self.starts:
            return False
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.ends[i] > pos


OPENERS = "“‘（《〈【〔「『"
CLOSERS = "”’）》〉】〕」』"
OPENER_OF = dict(zip(CLOSERS, OPENERS, strict=True))
_PAIR_RE = re.compile(f"[{OPENERS}{CLOSERS}]")


@dataclass
class PairScan:
    unclosed: list[int] = field(default_factory=list)      # offsets of openers never closed
    unopened: list[int] = field(default_factory=list)      # offsets of closers never opened
    nested: list[tuple[int, int]] = field(default_factory=list)  # inner “…” pairs inside “…”


def scan_pairs(doc: Document) -> PairScan:
    """Match paired marks paragraph by paragraph; cached on the document for the two detectors that use it."""
    return memo(doc, "marks.pairs", lambda: _scan_pairs(doc))


def _scan_pairs(doc: Document) -> PairScan:
    text = doc.text
    ignored = Ignored(doc)
    per_para: list[tuple[list[tuple[int, str]], list[tuple[int, str]]]] = [([], []) for _ in doc.paragraphs]
    out = PairScan()
    marks = [m.start() for m in _PAIR_RE.finditer(text)]
    for k, (_, _, group) in _by_paragraph_index(doc, marks):
        para = doc.paragraphs[k]
        stack, unopened = per_para[k]
        for pos in group:
            ch = text[pos]
            if ignored(pos) or (ch in "‘’" and apostrophe(text, pos, para.start, para.end)):
                continue
            if ch in OPENERS:
                if (stack and stack[-1][1] == ch and ch in _REOPEN and pos > para.start
                        and text[pos - 1] in _REOPEN_AFTER):
                    # “…：“（一）…；“（二）…。”: items that were paragraphs of one quotation, each
                    # reopening it (glued into one paragraph); the quotation closes once, at the end.
                    stack[-1] = (pos, ch)
                    continue
                stack.append((pos, ch))
                continue
            want = OPENER_OF[ch]
            k = len(stack) - 1
            while k >= 0 and stack[k][1] != want:
                k -= 1
            if k < 0:
                unopened.append((pos, ch))
                continue
            start = stack[k][0]
            out.unclosed.extend(p for p, _ in stack[k + 1:])  # crossed: an inner opener never closed
            del stack[k:]
            if ch == "”" and any(c == "“" for _, c in stack) and text[start - 1] not in _NOT_NESTED_AFTER:
                out.nested.append((start, pos))
    n = len(per_para)
    if n == 1:
        # A single paragraph may be a fragment (a CMS sending one paragraph at a time): a quote or
        # parenthesis left open at its end, or closed before anything opened it, may pair up outside.
        stack, unopened = per_para[0]
        stack[:] = [(p, c) for p, c in stack if c not in _FRAGMENT_OK]
        first = doc.paragraphs[0].start
        unopened[:] = [(p, c) for p, c in unopened if c not in _FRAGMENT_OK or OPENER_OF[c] in text[first:p]]
    for i, (stack, unopened) in enumerate(per_para):
        nxt = per_para[i + 1] if i + 1 < n else ([], [])
        next_para = doc.paragraphs[i + 1] if i + 1 < n else None
        for pos, ch in stack:
            closer = next((c for c in nxt[1] if OPENER_OF[c[1]] == ch), None)
            if closer is not None:
                # Opened here, closed in the next paragraph: a broken paragraph (layout reports it).
                nxt[1].remove(closer)
                continue
            if ch in "“「『" and next_para is not None and text[next_para.start] == ch:
                continue  # a quotation continued over paragraphs reopens each one (GB/T 15834 §4.8)
            out.unclosed.append(pos)
        out.unopened.extend(p for p, _ in unopened)
    out.unclosed.sort()
    return out


_REOPEN = "“「『"
_REOPEN_AFTER = "：；。！？:;"
_FRAGMENT_OK = "“”「」『』（）"
# An inner “ right after a sentence end or another quote mark is more likely a mistyped closer.
_NOT_NESTED_AFTER = "。！？!?“”：；:;"


def apostrophe(text: str, pos: int, a: int, b: int) -> bool:
    """’ between Latin letters (China’s) or after a digit (5’) is not a quote."""
    left = text[pos - 1] if pos > a else ""
    right = text[pos + 1] if pos + 1 < b else ""
    return (latin(left) and (latin(right) or right in " ,.")) or left in DIGITS



# ---- scans and neighbours ------------------------------------------------------------------------
def find_all(text: str, sub: str) -> list[int]:
    """Every offset of sub in text (str.find is a fast C scan; much faster than a regex class)."""
    out = []
    i = text.find(sub)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def find_any(text: str, chars: str) -> list[int]:
    """Sorted offsets of any of the characters; each absent one costs one fast `in` test."""
    out: list[int] = []
    for c in chars:
        if c in text:
            out.extend(find_all(text, c))
    out.sort()
    return out


def by_paragraph(doc: Document, positions: list[int]) -> Iterator[tuple[int, int, list[int]]]:
    """Group sorted offsets by paragraph: (start, end, offsets); offsets outside paragraphs dropped."""
    for _, group in _by_paragraph_index(doc, positions):
        yield group


def _by_paragraph_index(doc: Document, positions: list[int]) -> Iterator[tuple[int, tuple[int, int, list[int]]]]:
    paras = doc.paragraphs
    k, n = 0, len(paras)
    group: list[int] = []
    for pos in positions:
        while k < n and paras[k].end <= pos:
            if group:
                yield k, (paras[k].start, paras[k].end, group)
                group = []
            k += 1
        if k == n:
            break
        if pos >= paras[k].start:
            group.append(pos)
    if group and k < n:
        yield k, (paras[k].start, paras[k].end, group)


def prev_nonspace(text: str, i: int, a: int) -> str:
    j = i - 1
    while j >= a and text[j] in " \u00a0\t":
        j -= 1
    return text[j] if j >= a else ""


def next_nonspace(text: str, i: int, b: int) -> str:
    while i < b and text[i] in " \u00a0\t":
        i += 1
    return text[i] if i < b else ""


def zh_before_number(text: str, i: int, a: int) -> bool:
    """True when the number ending just before i is preceded by Chinese (增长25%,)."""
    j = i - 1
    stop = max(a, i - 24)
    while j >= stop and text[j] in NUMERIC:
        j -= 1
    return j >= a and j < i - 1 and is_zh(text[j])


def zh_after_number(text: str, i: int, b: int) -> bool:
    j = i
    stop = min(b, i + 24)
    while j < stop and text[j] in NUMERIC:
        j += 1
    return j < b and j > i and is_zh(text[j])


def zh_next(text: str, i: int, b: int) -> bool:
    return i < b and is_zh(text[i])


def last_of(text: str, chars: str, i: int, lo: int) -> int:
    while i >= lo:
        if text[i] in chars:
            return i
        i -= 1
    return lo - 1


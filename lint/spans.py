"""Span types shared by the document model and the readers (kept apart so readers need not import Document)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph(Span):
    """A block of prose. ``kind`` is paragraph, heading, list, quote, table, cell, caption …"""

    kind: str = "paragraph"


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    paragraph: int = 0


class Spans:
    """Membership tests for sorted, merged (start, end) spans (merge_ranges output)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def covers(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside one span."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.spans[i][1]


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching (start, end) ranges merged into disjoint ones."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    return [Span(a, b) for a, b in merge_ranges((s.start, s.end) for s in spans)]

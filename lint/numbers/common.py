"""What the number detectors share: per-document caches of the number layer, and figures shown as written.

A Document is immutable while it is linted, so each cache (rules.memo) is built once per document and read
by every number rule.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import Any

from lint.document import Document
from lint.numbers import parse as npx
from lint.numbers.parse import DateRef, Quantity
from lint.rules import memo
from lint.spans import Sentence
from lint.stories import Story, stories


# ---- shared per-document caches -----------------------------------------------------------------
def quantities(doc: Document) -> list[Quantity]:
    return memo(doc, "numbers.q", lambda: npx.find_quantities(doc.text))


def dates(doc: Document) -> list[DateRef]:
    return memo(doc, "numbers.d", lambda: npx.find_dates(doc.text))


def doc_stories(doc: Document) -> list[Story]:
    return memo(doc, "numbers.s", lambda: stories(doc))


def norm(doc: Document) -> str:
    return memo(doc, "numbers.n", lambda: npx.normalize(doc.text))


def sentence_quantities(doc: Document) -> list[tuple[Sentence, list[Quantity]]]:
    """Each sentence with the quantities inside it."""
    def build() -> list[tuple[Sentence, list[Quantity]]]:
        qs = quantities(doc)
        out, i = [], 0
        for s in doc.sentences:
            while i < len(qs) and qs[i].start < s.start:
                i += 1
            j = i
            while j < len(qs) and qs[j].end <= s.end:
                j += 1
            out.append((s, qs[i:j]))
            i = j
        return out
    return memo(doc, "numbers.sq", build)


class Sorted:
    """Items sorted by .start, with their starts kept for bisection."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.starts = [it.start for it in items]

    def within(self, start: int, end: int) -> list[Any]:
        """Items with start <= item.start < end."""
        return self.items[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


# ---- figures as written -------------------------------------------------------------------------
def fmt(d: Decimal | float) -> str:
    return npx.format_decimal(Decimal(str(d)))


def scale_of(q: Quantity) -> str:
    num = npx.normalize(q.numeral)
    return next((sc for sc in ("万亿", "亿", "万") if num.endswith(sc)), "")


def show(value: Decimal, scale: str = "") -> str:
    """A value in the 万/亿 scale the story used: 55000 with 万 → 5.5万."""
    power = {"万亿": 12, "亿": 8, "万": 4, "": 0}[scale]
    return fmt(value / Decimal(10) ** power) + scale


def qtext(q: Quantity) -> str:
    return f"{show(q.value or Decimal(0), scale_of(q))}{q.unit}"


def ulp(q: Quantity) -> Decimal:
    """Half a unit of the last digit written (``10337万`` → 5000; ``16`` → 0: whole counts are exact)."""
    num = npx.normalize(q.numeral).replace(",", "")
    scale = Decimal(1)
    if num.endswith("万亿"):
        scale = Decimal(10) ** 12
    elif num.endswith("亿"):
        scale = Decimal(10) ** 8
    elif num.endswith("万"):
        scale = Decimal(10) ** 4
    m = re.search(r"\.(\d+)", num)
    if m:
        return scale * Decimal(5) / (Decimal(10) ** (len(m.group(1)) + 1))
    return Decimal(0) if scale == 1 else scale / 2

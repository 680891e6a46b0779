"""Change statements (从 A 增加到 B，增长 P%): reading them, and whether the figures agree.

``从 A 增加到 B`` (or ``从 A 增加了 D，达到 B``) is read with what the sentence says about the change again: the
difference, the percentage, the multiple. number.percent-point and number.percentage read the same
statements (one cache per document).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from lint.chars import han_after
from lint.document import Document
from lint.finding import Finding
from lint.numbers import parse as npx
from lint.numbers.common import Sorted, fmt, norm, qtext, scale_of, sentence_quantities, show, ulp
from lint.numbers.parse import Quantity
from lint.rules import Kind, memo

# 从/由 as "from", not inside 由于/自由/从事/服从 ….
_FROM = re.compile(r"(?<![自理缘经来因事听跟盲服随])[从由](?![于此事而业未不来中严重轻简速容头])")
# What may stand between 从 and A, or 到 and B: a time (1998年底的) and a few words (目前的, 每公斤).
_LEAD = re.compile(
    r"(?:(?:19|20)\d\d年)?(?:\d{1,2}月(?:份|\d{1,2}日)?)?[^\d，,。；;：:、！？“”（）()/]{0,10}")
_CHANGE_VERB = re.compile(
    r"(?P<tail>[^\d，,。；;：:、！？“”（）()/比∶:～~—\-－]{0,3}?)"
    r"(?:(?P<up>增加|增长|提高|上升|扩大|上涨|攀升)|(?P<down>减少|下降|降低|缩小|回落|下跌|下滑|缩减)"
    r"|(?P<up1>[增升涨])(?=[到至为])|(?P<down1>[降减跌])(?=[到至为]))"
    r"(?:(?P<to>到|至|为)|(?P<by>了))?")
# After A 增加了 D: the figure reached (，达到 B / 至 B).
_REACH = re.compile(
    r"[，,]?(?:总数|总量|总额|总计|总共|共)?(?:达到|达|增至|增加到|增长到|提高到|上升到|升至|降至|降到|降为|减至"
    r"|减少到|下降到|下降至|降低到|降低至|为|至|到)")
# After B: the change stated again (，增长了P% / ，增加了D / ，增幅为P% / ，是原来的N倍).
_RESTATE = re.compile(
    r"[，,](?:同比|比上年|较上年)?(?:共|净)?(?:(?P<up>增加|增长|提高|上升|扩大|上涨)|(?P<down>减少|下降|降低|缩小|回落|下跌)"
    r"|(?P<noun>增幅|涨幅|增长幅度|增长率|增速|降幅|跌幅|减幅|下降幅度))(?P<le>了|为|达|达到|是)?(?P<to>到)?"
    r"|[，,](?:是|为|相当于)(?:原来|过去|以前|此前)的(?P<times_to>)")
# 排名从第15位上升到第8位, 精度从0.1毫米提高到0.01毫米: a smaller number is the rise.
_INVERSE_CUES = ("排名", "名次", "位次", "排位", "排序", "排行", "位居", "精度", "精确", "分辨率", "误差")
_NEGATIVE_BEFORE = ("零下", "负", "-", "−", "－")
POINT_UNITS = ("个百分点", "百分点")


@dataclass(frozen=True)
class Change:
    """``从 A 增加到 B`` (or ``从 A 增加了 D，达到 B``) and what the sentence says about the change."""
    a: Quantity
    b: Quantity
    up: bool
    verb: str
    by: Quantity | None          # 增加了 D (same unit as A), or 个百分点 when A and B are percentages
    by_first: bool               # D stated before B (从 A 增加了 D，达到 B)
    pct: Quantity | None         # 增长 P%
    times: Quantity | None       # 增长了 N 倍 / 增长到 N 倍
    times_to: bool
    at: int                      # where the 从/由 is
    pct_tight: bool = False      # 增长P% right after B (，增长P%): number.percentage checks it, to the digit
    pct_diff: Quantity | None = None  # 由A%提高到B%，提高了C%: relative or in points? number.percent-point


def _hedged(text: str, q: Quantity) -> bool:
    """A figure that is negative, part of a range, a ratio or a fraction."""
    before = text[max(0, q.start - 2):q.start]
    after = text[q.end:q.end + 2]
    if any(before.endswith(n) for n in _NEGATIVE_BEFORE):
        return True
    if after[:1] in "/∶:比" or after.startswith("分之"):
        return True
    return bool(after) and after[0] in npx.RANGE_SEP and len(after) > 1 and (after[1].isdigit() or
                                                                            after[1] in npx.CN_DIGITS)


def _same_thing(text: str, a: Quantity, b: Quantity) -> bool:
    """The nouns written after two figures (if both have one) share a character: 3个乡镇 vs 5个村 do not."""
    na, nb = _noun_after(text, a), _noun_after(text, b)
    return not na or not nb or bool(set(na) & set(nb))


def _noun_after(text: str, q: Quantity) -> str:
    """The Han words right after a figure, up to a verb or particle (``3个乡镇增加到`` → 乡镇)."""
    m = re.match(r"[^增减降升提扩上下达为到至的比较是和与及、]*", han_after(text, q.end, 4))
    return m.group() if m else ""


def _same_unit(a: Quantity, b: Quantity) -> bool:
    if a.is_percent or b.is_percent:
        return a.is_percent and b.is_percent
    return a.unit == b.unit


def rel_bounds(a: Quantity, b: Quantity) -> tuple[Decimal, Decimal]:
    """The range of |B − A| / A that the written digits of A and B allow."""
    av, bv = a.value or Decimal(0), b.value or Decimal(0)
    vals = [abs(y - x) / x for x in (av - ulp(a), av + ulp(a)) for y in (bv - ulp(b), bv + ulp(b)) if x > 0]
    return (min(vals), max(vals)) if vals else (Decimal(0), Decimal(0))


def _half_unit(q: Quantity) -> Decimal:
    """Half a unit of the last digit of a rate (``21.7`` → 0.05, ``3`` → 0.5)."""
    m = re.search(r"\.(\d+)", npx.normalize(q.numeral))
    return Decimal(5) / (Decimal(10) ** ((len(m.group(1)) if m else 0) + 1))


def _clearly_off(calc_lo: Decimal, calc_hi: Decimal, stated: Decimal, tol: Decimal,
                 floor: Decimal, rel: Decimal = Decimal("0.05")) -> bool:
    """Outside the rounding interval, and off by more than floor and by more than rel of the value."""
    if calc_lo - tol <= stated <= calc_hi + tol:
        return False
    mid = (calc_lo + calc_hi) / 2
    off = abs(mid - stated)
    return off > floor and off > rel * max(abs(mid), abs(stated))


# ---- reading change statements ----------------------------------------------------------------
def _lead_quantity(text: str, pos: int, end: int, qs: Sorted, after: bool = False) -> Quantity | None:
    """The figure a 从/由/到/至 introduces: right after it, or after a time and a few words (1998年底的).
    after: the figure reached, which is not one relative to the first (降为原来的1/3)."""
    limit = _LEAD.match(text, pos, end)
    if limit is None:
        return None
    for q in qs.within(pos, limit.end() + 1):
        if (q.unit == "年" and (q.value or 0) >= 1000) or q.unit in ("月", "日"):
            continue  # part of the time in the lead
        lead = text[pos:q.start]
        if not _LEAD.fullmatch(lead) or any(w in lead for w in ("到", "至", "比", "较", "增", "降", "减", "上升")):
            return None
        if after and any(w in lead for w in ("原来", "原先", "过去的", "以前的")):
            return None
        return q
    return None


def _restated(text: str, q: Quantity | None, a: Quantity, b: Quantity, up: bool, noun: bool = False,
              to: bool = False) -> tuple[str, Quantity] | None:
    """How the change is stated again: ('by', D), ('pct', P%), ('times', N倍) or ('times_to', N倍)."""
    if q is None or not q.exact or _hedged(text, q):
        return None
    if q.unit == "倍":
        return None if not up or noun else (("times_to" if to else "times"), q)
    if q.is_percent:
        if a.is_percent:
            return None if noun or to else ("pct_diff", q)
        return "pct", q
    if q.unit in POINT_UNITS:
        return ("by", q) if (a.is_percent or a.unit in POINT_UNITS) and not noun and not to else None
    if not noun and not to and _same_unit(q, b) and q.unit and _same_thing(text, q, b) and _same_thing(text, q, a):
        return "by", q
    return None


def changes(doc: Document) -> list[Change]:
    """Every change statement in the document (number.change-consistency, percent-point, percentage)."""
    def build() -> list[Change]:
        text = norm(doc)
        out: list[Change] = []
        seen: set[int] = set()
        for sent, qs in sentence_quantities(doc):
            if len(qs) < 2 or not _FROM.search(text, sent.start, sent.end):
                continue
            ix = Sorted(qs)
            by_start = {q.start: q for q in qs}
            for m in _FROM.finditer(text, sent.start, sent.end):
                c = _read_change(text, m.start(), sent.start, sent.end, ix, by_start)
                if c is not None and c.a.start not in seen:
                    seen.add(c.a.start)
                    out.append(c)
        return out
    return memo(doc, "numbers.chg", build)


def _read_change(text: str, pos: int, sent_start: int, end: int, ix: Sorted,
                 by_start: dict[int, Quantity]) -> Change | None:
    a = _lead_quantity(text, pos + 1, end, ix)
    v = _CHANGE_VERB.match(text, a.end, end) if a is not None else None
    if a is None or v is None or not a.exact or _hedged(text, a):
        return None
    up = bool(v.group("up") or v.group("up1"))
    verb = next(g for g in (v.group(k) for k in ("up", "down", "up1", "down1")) if g)
    first: tuple[str, Quantity] | None = None
    if v.group("to"):
        b = _lead_quantity(text, v.end(), end, ix, after=True)
    else:
        d = by_start.get(v.end())
        if d is None:
            return None
        r = _REACH.match(text, d.end, end)
        b = _lead_quantity(text, r.end(), end, ix, after=True) if r else None
        if b is not None:
            first = _restated(text, d, a, b, up)
            if first is None:
                return None
    if b is None or not b.exact or _hedged(text, b):
        return None
    if not a.unit and not a.is_percent and not v.group("tail") and b.unit:
        a = dataclasses.replace(a, unit=b.unit)  # 从5增至8人: the unit is written once
    if not _same_unit(a, b) or (a.unit == "年" and (a.value or 0) >= 1000):
        return None
    if not a.unit and not (scale_of(a) and scale_of(b)):
        return None  # bare numbers: scores, indices, ratios
    if v.group("tail") and not a.unit:
        return None
    if any(cue in text[sent_start:b.end] for cue in _INVERSE_CUES):
        return None
    if not _same_thing(text, a, b):
        return None  # 由3个乡镇增加到5个村
    rel = first
    tight = False
    r2 = _RESTATE.match(text, b.end, end) if first is None else None
    if r2 is not None:
        q = by_start.get(r2.end())
        if r2.group("times_to") is not None:
            rel = ("times_to", q) if q is not None and q.unit == "倍" and q.exact and up else None
        else:
            noun = r2.group("noun")
            r_up = bool(r2.group("up")) or bool(noun and ("增" in noun or "涨" in noun))
            if r_up == up:
                rel = _restated(text, q, a, b, up, noun=bool(noun), to=bool(r2.group("to")))
                tight = not noun and rel is not None and rel[0] == "pct"
    kind, q = rel if rel else ("", None)
    return Change(a, b, up, verb, by=q if kind == "by" else None, by_first=first is not None,
                  pct=q if kind == "pct" else None, times=q if kind in ("times", "times_to") else None,
                  times_to=kind == "times_to", at=pos, pct_tight=tight,
                  pct_diff=q if kind == "pct_diff" else None)


def change_consistency(k: Kind, doc: Document) -> Iterator[Finding]:
    for c in changes(doc):
        a, b = c.a.value or Decimal(0), c.b.value or Decimal(0)
        qa, qb = qtext(c.a), qtext(c.b)
        way, way_en = ((c.verb if len(c.verb) == 2 else "增加", "up") if c.up
                       else (c.verb if len(c.verb) == 2 else "减少", "down"))
        if (c.up and b < a) or (not c.up and b > a) or (b == a and not ulp(c.a) and not ulp(c.b)):
            yield k.finding(
                doc, c.a.start, c.b.end,
                detail=f"“从{qa}{way}到{qb}”，后一个数却{'不大于' if c.up else '不小于'}前一个数",
                detail_en=f"'from {qa} {way_en} to {qb}', yet the second figure is "
                          f"{'not larger' if c.up else 'not smaller'} than the first")
            continue
        if a <= 0 or a == b:
            continue
        delta = abs(b - a)
        if c.by is not None:
            d = c.by.value or Decimal(0)
            tol = ulp(c.a) + ulp(c.b) + ulp(c.by)
            if abs(delta - d) > tol:
                qd = qtext(c.by)
                if c.by.unit in POINT_UNITS:
                    yield k.finding(
                        doc, c.by.start, c.by.end,
                        detail=f"从{qa}到{qb}相差{fmt(delta)}个百分点，不是{qd}",
                        detail_en=f"{qa} to {qb} is {fmt(delta)} percentage points, not {qd}")
                elif c.by_first:
                    expect = f"{show(a + d if c.up else a - d, scale_of(c.b))}{c.b.unit}"
                    note = note_en = ""
                    if abs(d - b) <= ulp(c.by) + ulp(c.b):
                        note = f"（若{qb}是变化后的数，应写“{way}到”而不是“{way}了”）"
                        note_en = f" (if {qb} is the figure after the change, write '{way}到', not '{way}了')"
                    yield k.finding(
                        doc, c.by.start, c.b.end,
                        detail=f"从{qa}{way}了{qd}，应为{expect}，不是{qb}{note}",
                        detail_en=f"{qa} {way_en} by {qd} is {expect}, not {qb}{note_en}")
                else:
                    shown = f"{show(delta, scale_of(c.by))}{c.by.unit}"
                    yield k.finding(
                        doc, c.by.start, c.by.end,
                        detail=f"从{qa}到{qb}{way}了{shown}，不是{qd}",
                        detail_en=f"from {qa} to {qb} is a change of {shown}, not {qd}")
        lo, hi = rel_bounds(c.a, c.b)
        calc = delta / a
        if c.pct is not None and not c.pct_tight:
            p = c.pct.value or Decimal(0)
            if _clearly_off(lo * 100, hi * 100, p, _half_unit(c.pct), Decimal(1)):
                word = "增幅" if c.up else "降幅"
                sc = scale_of(c.a)
                hi_v, lo_v = (b, a) if c.up else (a, b)
                diff = f"{show(hi_v, sc)}−{show(lo_v, sc)}"
                yield k.finding(
                    doc, c.pct.start, c.pct.end,
                    detail=f"从{qa}{way}到{qb}，{word}应为{fmt(round(calc * 100, 1))}%"
                           f"（({diff})÷{show(a, sc)}），不是{fmt(p)}%",
                    detail_en=f"from {qa} {way_en} to {qb} is a change of {fmt(round(calc * 100, 1))}%, "
                              f"not {fmt(p)}%")
        if c.times is not None:
            n = c.times.value or Decimal(0)
            shift = Decimal(1) if c.times_to else Decimal(0)
            if _clearly_off(lo + shift, hi + shift, n, _half_unit(c.times), Decimal("0.1")):
                ratio = fmt(round(b / a, 2))
                if c.times_to:
                    detail = f"从{qa}{way}到{qb}，是原来的{ratio}倍，不是{fmt(n)}倍"
                    detail_en = f"{qa} to {qb} is {ratio} times the original, not {fmt(n)}"
                else:
                    by_n = fmt(round(calc, 2))
                    detail = f"从{qa}{way}到{qb}，是原来的{ratio}倍，即{way}了{by_n}倍，不是{fmt(n)}倍"
                    detail_en = f"{qa} to {qb} is {ratio} times the original, an increase of {by_n} times, " \
                                f"not {fmt(n)}"
                    if abs(b / a - n) <= _half_unit(c.times) + (hi - lo):
                        detail += f"（“{way}了N倍”不含原数；若指原来的N倍，应写“{way}到N倍”）"
                        detail_en += (f" ('{way}了N倍' excludes the original; for N times the original "
                                      f"write '{way}到N倍')")
                yield k.finding(doc, c.times.start, c.times.end, detail=detail, detail_en=detail_en)


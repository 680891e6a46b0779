"""Consistency of the figures inside one story: parts and their total (共/合计, 其中 …), shares and the
percentages given for them, and a headline figure the body states differently.

These fire only when the sentence structure says unambiguously which figures relate, and explain the
arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from lint.chars import han_after, han_before
from lint.document import Document
from lint.finding import Finding, Level
from lint.numbers import parse as npx
from lint.numbers.changes import changes, rel_bounds
from lint.numbers.common import (
    Sorted,
    doc_stories,
    fmt,
    norm,
    qtext,
    quantities,
    scale_of,
    sentence_quantities,
    show,
    ulp,
)
from lint.numbers.parse import Quantity
from lint.rules import Kind, memo
from lint.spans import Sentence

if TYPE_CHECKING:
    from lint.kinds.numbers import Numbers

# Units that are not counted things: parts of dates, ages, ratios.
NON_COUNT_UNITS = {"", "%", "‰", "个百分点", "百分点", "年", "月", "日", "岁", "倍", "度", "周"}
DELTA_CUES = ("比", "较", "同比", "环比", "增加", "减少", "增长", "下降", "提高", "降低", "上升", "增至", "降至",
              "另", "此外", "还有", "累计", "共", "占", "多", "少", "超过", "达")
TOTAL_DELTA_CUES = ("比", "较", "同比", "环比", "增加", "减少", "增长", "下降", "提高", "降低", "上升", "多", "少")
BREAKDOWN_EXHAUSTIVE = ("其余", "其他", "剩余", "剩下")
# Attributes that cut across kinds of a thing (女职工……党员职工……): parts so named may overlap.
CROSS_CUTTING = ("党员", "团员", "少数民族", "青年", "老年", "以上", "以下", "具有", "拥有", "获得", "新增", "首次")


_DIGIT_RE, _DIGIT_STOP_RE = re.compile(r"\d"), re.compile(r"[\d。；;：:]")


def _occurrences(text: str, word: str, start: int, end: int) -> Iterator[int]:
    """Offsets of the non-overlapping occurrences of word inside text[start:end] (re.finditer's, without
    slicing the sentence)."""
    k = text.find(word, start, end)
    while k >= 0:
        yield k
        k = text.find(word, k + len(word), end)


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the clause holding pos (after the last ，；：。 before it)."""
    i = pos
    while i > floor and text[i - 1] not in "，,；;：:。！？":
        i -= 1
    return i


def _pct_tolerance(p: Quantity) -> Decimal:
    m = re.search(r"\.(\d+)", npx.normalize(p.numeral))
    return Decimal(1) / (Decimal(10) ** len(m.group(1))) if m else Decimal(1)


def _ratio_bounds(part: Quantity, total: Quantity) -> tuple[Decimal, Decimal]:
    a, ua = part.value or Decimal(0), ulp(part)
    b, ub = total.value or Decimal(1), ulp(total)
    lo = (a - ua) / (b + ub) * 100
    hi = (a + ua) / max(b - ub, Decimal("1e-9")) * 100
    return lo, hi


@dataclass(frozen=True)
class Share:
    """A part, the total it belongs to and the percentage the sentence gives for it (number.percentage)."""
    part: Quantity
    total: Quantity
    pct: Quantity
    how: str                     # breakdown, inline, among, of-total: which shape related them


# ---- totals and their parts ---------------------------------------------------------------------
def breakdowns(doc: Document) -> list[tuple[Quantity, list[Quantity], int, int, bool]]:
    """``TOTAL …，其中 A n1，B n2……``: (total, parts, where 其中 is, end of the list, exhaustive)."""
    def build() -> list[tuple[Quantity, list[Quantity], int, int, bool]]:
        text = norm(doc)
        out = []
        for sent, qs in sentence_quantities(doc):
            for pos in _occurrences(text, "其中", sent.start, sent.end):
                before = [q for q in qs if q.end <= pos]
                if not before:
                    continue
                total = before[-1]
                if (not total.exact or total.unit in NON_COUNT_UNITS
                        or _clause_start(text, pos, sent.start) > total.end + 12):
                    continue
                tclause = text[_clause_start(text, total.start, sent.start):total.start]
                if any(c in tclause for c in TOTAL_DELTA_CUES):
                    continue  # 比上年增加50亿斤，其中……: a change, not the total
                stop = sent.end
                for mark in ("；", ";", "其中"):
                    k = text.find(mark, pos + 2, sent.end)
                    if k >= 0:
                        stop = min(stop, k)
                after = [q for q in qs if pos < q.start and q.end <= stop]
                if any(text[q.end:q.end + 1] == "中" for q in after):
                    continue  # nested breakdown: ambiguous
                parts: list[Quantity] = []
                exhaustive = False
                total_noun = han_after(text, total.end, 8)
                for q in after:
                    if q.unit != total.unit:
                        continue
                    noun = han_after(text, q.end, 6)
                    if noun and total_noun and not any(noun[k:k + 2] in total_noun for k in range(len(noun) - 1)):
                        continue  # 9个考场……其中……31个考室: another kind of thing
                    clause = text[_clause_start(text, q.start, pos + 2):q.start]
                    if any(c in clause for c in DELTA_CUES) or not q.exact:
                        parts = []
                        break
                    if any(c in clause for c in BREAKDOWN_EXHAUSTIVE):
                        exhaustive = True
                    parts.append(q)
                if parts:
                    out.append((total, parts, pos, stop, exhaustive))
        return out
    return memo(doc, "numbers.bd", build)


_TOTAL_LEAD = re.compile(
    r"[，,、](?:共计|合计|总计|总共|一共|共有|共)(?![同享建商赢担])[\u4e00-\u9fff]{0,3}$")


def explicit_sums(doc: Document) -> list[tuple[Quantity, list[Quantity]]]:
    """``A n1、B n2，共N``: parts listed, then a total marker right before the total."""
    text = norm(doc)
    out = []
    for sent, qs in sentence_quantities(doc):
        for i, q in enumerate(qs):
            if not q.exact or q.unit in NON_COUNT_UNITS:
                continue
            seg_start = max(sent.start, text.rfind("；", sent.start, q.start) + 1)
            if not _TOTAL_LEAD.search(text, seg_start, q.start):
                continue
            if "其中" in text[seg_start:q.start]:
                continue
            prior = [p for p in qs[:i] if p.start >= seg_start]
            same = [p for p in prior if p.unit == q.unit]
            if len(same) < 2 or any(not p.exact for p in same):
                continue
            clauses = [text[_clause_start(text, p.start, seg_start):p.start] for p in same]
            if any(c in cl for cl in clauses for c in DELTA_CUES):
                continue
            out.append((q, same))
    return out


def sum_total(k: Numbers, doc: Document) -> Iterator[Finding]:
    if k.mode == "explicit":
        for total, parts in explicit_sums(doc):
            s = sum((p.value or Decimal(0) for p in parts), Decimal(0))
            if s != total.value:
                yield _sum_finding(k, doc, total, parts, s)
        for total, parts, _pos, _stop, exhaustive in breakdowns(doc):
            s = sum((p.value or Decimal(0) for p in parts), Decimal(0))
            if exhaustive and len(parts) >= 2 and s != total.value:
                yield _sum_finding(k, doc, total, parts, s)
    else:
        for total, parts, _pos, _stop, exhaustive in breakdowns(doc):
            s = sum((p.value or Decimal(0) for p in parts), Decimal(0))
            if (not exhaustive and len(parts) >= 2 and s > (total.value or 0)
                    and all((p.value or 0) <= (total.value or 0) for p in parts)):
                disjoint = _disjoint_kinds(norm(doc), parts)
                yield _sum_finding(k, doc, total, parts, s, level=None if disjoint else "suggestion")


def _disjoint_kinds(text: str, parts: list[Quantity]) -> bool:
    """Parts named as kinds of one thing (盗窃案件18起，诈骗案件15起; 男生……女生……) cannot overlap, so a sum
    over the total is a contradiction; parts on different dimensions (女性……党员……) may overlap."""
    names = [han_before(text, p.start, 6).removeprefix("其中").removeprefix("有") for p in parts]
    if any(len(n) < 2 for n in names) or len(set(names)) < len(names) or len({n[-1] for n in names}) != 1:
        return False
    if any(c in n for n in names for c in CROSS_CUTTING):
        return False
    sexed = [any(c in n for c in "男女") for n in names]
    return all(sexed) or not any(sexed)


def _sum_finding(k: Kind, doc: Document, total: Quantity, parts: list[Quantity], s: Decimal,
                 level: Level | None = None) -> Finding:
    scale = scale_of(total)
    expr = " + ".join(show(p.value or Decimal(0), scale) for p in parts)
    rel = "多于" if s > (total.value or 0) else "少于"
    rel_en = "more than" if s > (total.value or 0) else "less than"
    # The parts may precede the total (A 5所、B 3所，共8所) or follow it (共50人，其中……): span both.
    start = min(total.start, parts[0].start)
    end = max(total.end, parts[-1].end)
    return k.finding(doc, start, end, level=level, total=qtext(total), parts=expr,
                     sum=f"{show(s, scale)}{total.unit}",
                     relation=rel, relation_en=rel_en)


def subtotal(k: Kind, doc: Document) -> Iterator[Finding]:
    for total, parts, _pos, _stop, _ex in breakdowns(doc):
        for p in parts:
            if (p.value or 0) > (total.value or 0):
                yield k.finding(doc, p.start, p.end, total=qtext(total), part=qtext(p))


# ---- shares (占……P%) ----------------------------------------------------------------------------
# A share marker and its percentage: 占(总数的)P%, 占全村300户的P%, 占比P%, 所占比重为P%, 的比例为P%.
_SHARE = re.compile(
    r"(?:(?:所占|的)?(?:占比|比例|比重)|所?占(?P<what>[^，。；%]{0,16}?)(?:的)?(?:比例|比重)?)"
    r"(?:为|是|达|达到|约)?(?P<p>\d+(?:\.\d+)?)%")
# 800名教师中(，)有360名: the total, then 中 and the part.
_AMONG = re.compile(r"[\u4e00-\u9fff]{0,6}?中[，,]?(?:有|共有|就有)?[\u4e00-\u9fff]{0,6}")
# What a share of "the total just stated" is called: 总数, 总户数, 总人数的, 全部 ….
_OF_TOTAL = re.compile(r"(?P<scope>[\u4e00-\u9fff]{0,6}?)(?:总[\u4e00-\u9fff]{0,3}?|全部|总体)(?:的)?")


def shares(doc: Document) -> list[Share]:
    """Every (part, total, P%) the sentence structure relates, read once for number.percentage:
    (1) ``TOTAL，其中 n1(……)，占(总数的)P%`` (the 其中 breakdowns); (2) ``n1，占……N……的P%`` (the total in the
    占 clause); (3) ``N人中有M人，占P%``; (4) ``M户，占总数(的)P%`` with one earlier figure of the unit."""
    def build() -> list[Share]:
        text = norm(doc)
        by_start = {q.start: q for q in quantities(doc)}
        out: list[Share] = []
        seen: set[int] = set()

        def add(part: Quantity, total: Quantity, pq: Quantity | None, how: str) -> None:
            if pq is not None and pq.start not in seen and part.exact and total.exact and part is not total:
                seen.add(pq.start)
                out.append(Share(part, total, pq, how))

        for total, parts, _pos, stop, _ex in breakdowns(doc):
            for k, part in enumerate(parts):
                nxt = parts[k + 1].start if k + 1 < len(parts) else stop
                m = _share_after(text, part, nxt)
                if m is not None and (not m.group("what") or _of_total(m.group("what"), text, total)):
                    add(part, total, by_start.get(m.start("p")), "breakdown")
        for sent, sqs in sentence_quantities(doc):
            counts = [q for q in sqs if q.exact and q.unit not in NON_COUNT_UNITS]
            for m in _SHARE.finditer(text, sent.start, sent.end):
                pq = by_start.get(m.start("p"))
                if pq is None or pq.start in seen:
                    continue
                before = [q for q in counts if q.end <= m.start()]
                if not before or not _next_to(text, before[-1].end, m.start(), 8):
                    continue
                part = before[-1]
                close = _next_to(text, part.end, m.start(), 3)
                inner = [q for q in sqs if m.start() < q.start and q.end <= m.start("p") and q.exact]
                what = m.group("what") or ""
                if inner:
                    if len(inner) == 1 and inner[0].unit == part.unit and close:
                        add(part, inner[0], pq, "inline")
                    continue
                same = [q for q in before[:-1] if q.unit == part.unit]
                among = [q for q in same if _AMONG.fullmatch(text, q.end, part.start)]
                if among and (not what or _of_total(what, text, among[-1])):
                    add(part, among[-1], pq, "among")
                elif (close and what and len(same) == 1 and _of_total(what, text, same[0])
                      and not _in_change(text, same[0], sent)):
                    add(part, same[0], pq, "of-total")
        return out
    return memo(doc, "numbers.shares", build)


def _share_after(text: str, part: Quantity, end: int) -> re.Match[str] | None:
    """A share marker after a 其中 part: in the part's clause or the next one (其中120户加入合作社，占……)."""
    for m in _SHARE.finditer(text, part.end, end):
        gap = text[part.end:m.start()]
        if sum(gap.count(c) for c in "，,") <= 1 and len(gap) <= 16 and not _DIGIT_RE.search(gap):
            return m
        return None
    return None


def _next_to(text: str, end: int, marker: int, limit: int) -> bool:
    """A figure the share marker follows within limit characters of one clause (``360人，占``,
    ``360名女教师，占``)."""
    gap = text[end:marker]
    return len(gap) <= limit and not _DIGIT_STOP_RE.search(gap) and gap.count("，") + gap.count(",") <= 1


def _of_total(what: str, text: str, total: Quantity) -> bool:
    """``占总户数的``, ``占全村总户数的``: a share of the total just stated, when any scope named before
    总 (全村, 农户) is written beside the total; ``占全国的``/``占全国总量的`` is of another whole."""
    m = _OF_TOTAL.fullmatch(what.strip())
    if m is None:
        return False
    scope = m.group("scope")
    return not scope or scope in text[max(0, total.start - 16):total.end + 6]


def _in_change(text: str, q: Quantity, sent: Sentence) -> bool:
    clause = text[_clause_start(text, q.start, sent.start):q.start]
    return any(c in clause for c in DELTA_CUES if c not in ("共", "达"))


def percentage(k: Kind, doc: Document) -> Iterator[Finding]:
    for s in shares(doc):
        f = _check_share(k, doc, s.part, s.total, s.pct)
        if f:
            yield f
    # 由 A 增至 B，增长 P%: the change statements number.change-consistency reads, at a finer tolerance
    for c in changes(doc):
        if c.pct is None or not c.pct_tight:
            continue
        pq = c.pct
        lo, hi = rel_bounds(c.a, c.b)
        p, tol = pq.value or Decimal(0), _pct_tolerance(pq)
        if lo * 100 - tol <= p <= hi * 100 + tol:
            continue
        a, b = c.a.value or Decimal(0), c.b.value or Decimal(0)
        calc = abs(b - a) / a * 100
        na, nb = npx.normalize(c.a.numeral), npx.normalize(c.b.numeral)
        yield k.finding(
            doc, pq.start, pq.end,
            detail=f"由{na}到{nb}的变化是{fmt(round(calc, 1))}%"
                   f"（({fmt(b)}−{fmt(a)})÷{fmt(a)}），不是{fmt(p)}%",
            detail_en=f"from {na} to {nb} is {fmt(round(calc, 1))}% "
                      f"(({fmt(b)}−{fmt(a)})÷{fmt(a)}), not {fmt(p)}%")


def _check_share(k: Kind, doc: Document, part: Quantity, total: Quantity, pq: Quantity) -> Finding | None:
    if not part.exact or not total.exact or not total.value or pq.value is None:
        return None
    lo, hi = _ratio_bounds(part, total)
    tol = _pct_tolerance(pq)
    if lo - tol <= pq.value <= hi + tol:
        return None
    calc = (part.value or Decimal(0)) / total.value * 100
    return k.finding(
        doc, pq.start, pq.end,
        detail=f"{qtext(part)}÷{qtext(total)}={fmt(round(calc, 1))}%，不是{fmt(pq.value)}%",
        detail_en=f"{qtext(part)} / {qtext(total)} = {fmt(round(calc, 1))}%, not {fmt(pq.value)}%")


def repeated_figure(k: Kind, doc: Document) -> Iterator[Finding]:
    """A figure in the headline that the body states differently (``连续8年`` vs ``连续7年``)."""
    qs_ix = Sorted(quantities(doc))
    text = norm(doc)
    for st in doc_stories(doc):
        if not st.headlines or not st.body:
            continue
        body = qs_ix.within(st.body[0][0], st.body[-1][1])
        for a, b in st.headlines:
            for hq in qs_ix.within(a, b):
                if not hq.exact or hq.unit in ("", "月", "日") or (hq.unit == "年" and (hq.value or 0) >= 1000):
                    continue
                key = han_before(text, hq.start, 4)
                if len(key) < 2:
                    continue
                same_unit = [q for q in body if q.unit == hq.unit]
                if any(q.value == hq.value for q in same_unit):
                    continue
                cands = [q for q in same_unit if han_before(text, q.start, 4).endswith(key[-2:]) and q.exact]
                if len(cands) != 1:
                    continue
                other = cands[0]
                yield k.finding(doc, hq.start, hq.end, body=doc.text[other.start:other.end],
                                head=doc.text[hq.start:hq.end], key=key[-2:])


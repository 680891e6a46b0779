"""Number forms (GB/T 15835—2011): full-width digits, Arabic and Chinese numerals mixed in one story, fixed
expressions, Chinese numerals for statistics, 万 amounts that should be 亿, ranges missing their % or 万/亿,
"decreased N times", and "percent" where percentage points are meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from lint.document import Document
from lint.finding import Edit, Finding
from lint.numbers import parse as npx
from lint.numbers.changes import changes
from lint.numbers.common import Sorted, dates, doc_stories, fmt, norm, quantities, scale_of
from lint.numbers.parse import DateRef
from lint.rules import Kind

MIXED_WINDOW = 3000  # characters: about the length of a long news story
ADVICE_FORM = "应统一用阿拉伯数字或汉字数字"
ADVICE_FORM_EN = "use Arabic or Chinese numerals throughout"


def _nearest(items: list[Any], pos: int) -> Any:
    """The item nearest to pos within MIXED_WINDOW characters, or None."""
    best = min(items, key=lambda it: abs(it.start - pos), default=None)
    return best if best is not None and abs(best.start - pos) <= MIXED_WINDOW else None


_FULLWIDTH = re.compile(r"[０-９]+(?:[．.][０-９]+)*")


def fullwidth_digits(k: Kind, doc: Document) -> Iterator[Finding]:
    text = doc.text
    for m in _FULLWIDTH.finditer(text):
        run = m.group()
        prev = text[m.start() - 1:m.start()]
        nxt = text[m.end():m.end() + 1]
        if set(run) == {"０"} and (prev in npx.CN_DIGITS or nxt in npx.CN_DIGITS):
            sugg = "〇" * len(run)  # ``二０００年``: the zero of a Chinese numeral is 〇
            detail, detail_en = f"汉字数字中的零应写作“{sugg}”", f"the zero of a Chinese numeral is '{sugg}'"
        else:
            sugg = npx.normalize(run)
            detail, detail_en = f"应改为半角“{sugg}”", f"write half-width '{sugg}'"
        yield k.finding(doc, m.start(), m.end(), suggestions=[sugg], detail=detail, detail_en=detail_en)


def mixed_forms(k: Kind, doc: Document) -> Iterator[Finding]:
    """Within one story: dates in both Arabic and Chinese numerals; ``百分之三十`` beside ``40%``;
    ``1.2万亿元`` beside ``12000亿元``. The other form must be within MIXED_WINDOW characters, so a long
    file whose story breaks were not recognised is not compared end to end."""
    ntext = norm(doc)
    kept = [d for d in dates(doc) if not d.lunar and not d.iso and 1 <= d.month <= 12
             and (d.year is not None or d.day is not None) and not _dateline_only(doc, d)
             and ntext[d.end:d.end + 1] not in ("电", "讯")]  # datelines follow their own style
    qs_ix = Sorted(quantities(doc))
    dates_ix = Sorted(kept)
    for st in doc_stories(doc):
        inside = dates_ix.within(st.start, st.end)
        ar = [d for d in inside if d.form == "arabic"]
        cn = [d for d in inside if d.form == "chinese"]
        if ar and cn:
            minority, majority = (cn, ar) if len(cn) <= len(ar) else (ar, cn)
            for d in minority:
                other = _nearest(majority, d.start)
                if other is None:
                    continue
                sugg = _date_in_form(d, other.form)
                yield k.finding(doc, d.start, d.end, suggestions=[sugg] if sugg else [],
                                other=doc.text[other.start:other.end], what="日期", what_en="dates",
                                advice=ADVICE_FORM, advice_en=ADVICE_FORM_EN)
        sq = qs_ix.within(st.start, st.end)
        pct_ar = [q for q in sq if q.unit == "%" and q.form == "arabic"]
        pct_cn = [q for q in sq if q.numeral.startswith("百分之") and q.form == "chinese" and q.value is not None
                  and q.value < 100]
        for q in pct_cn if pct_ar else ():
            other_q = _nearest(pct_ar, q.start)
            if other_q is not None:
                yield k.finding(doc, q.start, q.end, suggestions=[f"{fmt(q.value or 0)}%"],
                                other=doc.text[other_q.start:other_q.end], what="百分数",
                                what_en="percentages", advice=ADVICE_FORM, advice_en=ADVICE_FORM_EN)
        # 万亿 beside ≥10000亿 for the same currency
        big = [q for q in sq if q.unit in npx.MONEY_UNITS and q.value is not None and q.form == "arabic"]
        for unit in sorted({q.unit for q in big}):
            wanyi = [q for q in big if q.unit == unit and q.numeral.endswith("万亿")]
            yi = [q for q in big if q.unit == unit and q.numeral.endswith("亿")
                  and not q.numeral.endswith("万亿") and (q.value or 0) >= Decimal(10) ** 12]
            for q in yi if wanyi else ():
                other_q = _nearest(wanyi, q.start)
                if other_q is None:
                    continue
                sugg = f"{fmt((q.value or 0) / Decimal(10) ** 12)}万亿{unit}"
                yield k.finding(doc, q.num_start, q.end, suggestions=[sugg],
                                other=doc.text[other_q.start:other_q.end], what="金额单位",
                                what_en="amount scales", advice="应统一以“万亿”或“亿”为单位",
                                advice_en="use one scale (万亿 or 亿)")


def _dateline_only(doc: Document, d: DateRef) -> bool:
    """A paragraph that is only a date, e.g. a speech's ``（二〇〇〇年十二月三十一日）``: a formal dateline."""
    para = doc.paragraph_at(d.start)
    if para is None:
        return False
    p = doc.paragraphs[para]
    # Matched in place: copying the paragraph around every date was quadratic on a long line.
    return bool(_FRAME_ONLY.fullmatch(doc.text, p.start, d.start) and _FRAME_ONLY.fullmatch(doc.text, d.end, p.end))


_FRAME_ONLY = re.compile(r"[\s（）()]*")


def _date_in_form(d: DateRef, form: str) -> str:
    if form == "arabic":
        y = f"{d.year}年" if d.year else ""
        day = f"{d.day}日" if d.day else ""
        return f"{y}{d.month}月{day}"
    y = "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year)) + "年" if d.year else ""
    day = f"{npx.an2cn_small(d.day)}日" if d.day else ""
    return f"{y}{npx.an2cn_small(d.month)}月{day}"

# Arabic digits inside fixed expressions (GB/T 15835 §4.2): pattern; every digit group becomes Chinese.
# N连胜/N连败 are left alone: sports pages write 11连胜 in Arabic.
# Each with the strings one of which every match contains: a text with none of them is not scanned.
_FIXED: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("连",), re.compile(r"(?<![\d.])[1-9]连[增涨降跌冠]")),
    (("对", "帮"), re.compile(r"(?<![\d.])1对1(?!\d)|(?<![\d.])1对多|多对1(?!\d)|(?<![\d.])1帮1(?!\d)")),
    (("1带1路",), re.compile(r"(?<![\d.])1带1路")),
    (("1方面",), re.compile(r"(?:^|(?<=[，。；：！？“\s]))(?:另)?1方面")),
    (("五",), re.compile(r"(?<![\d.])1[0-9]五(?=[”\"」]?(?:规划|计划|时期|期间|末|初|以来|开局|收官|目标|发展))")),
    (("星期", "礼拜"), re.compile(r"(?<=星期|礼拜)[1-7](?!\d)")),
    (("届",), re.compile(r"(?<![\d.])\d{1,2}届(?:全国人大|全国政协)?\d{1,2}次会议|届\d{1,2}中全会")),
    (("线城市",), re.compile(r"(?<![\d.])[1-4]线城市")),
)


def fixed_expression(k: Kind, doc: Document) -> Iterator[Finding]:
    text = norm(doc)
    for needs, rx in _FIXED:
        if not any(n in text for n in needs):
            continue
        for m in rx.finditer(text):
            g = m.group()
            if _WEEKDAY_DIGIT.fullmatch(g):  # a weekday after 星期/礼拜
                sugg = "日" if g == "7" else "一二三四五六"[int(g) - 1]
            else:
                sugg = _DIGITS.sub(lambda d: _an2cn(d.group()), g)
            yield k.finding(doc, m.start(), m.end(), suggestions=[sugg])


_WEEKDAY_DIGIT, _DIGITS = re.compile(r"[1-7]"), re.compile(r"\d+")


def _an2cn(digits: str) -> str:
    if int(digits) < 10000:
        return npx.an2cn_small(int(digits))
    import cn2an  # only for a large number: its import builds converters (about a second)

    return str(cn2an.an2cn(digits))


def chinese_statistic(k: Kind, doc: Document) -> Iterator[Finding]:
    """Chinese numerals for measured values: ``百分之二十六点八``, ``十三点二九亿元``."""
    for q in quantities(doc):
        if q.form != "chinese" or q.value is None or q.ordinal:
            continue  # value None: 三四、百分之六七十 (approximations stay Chinese)
        pct = q.numeral.startswith("百分之")
        if pct and q.value in (100, 0):
            continue  # 百分之百: an idiom
        if not pct and not ("点" in q.numeral and q.unit):
            continue
        scale = scale_of(q)
        if pct:
            sugg = f"{fmt(q.value)}%"
        else:
            base = q.value / (Decimal(10) ** {"万亿": 12, "亿": 8, "万": 4, "": 0}[scale])
            sugg = f"{fmt(base)}{scale}{doc.text[q.num_end:q.end]}"
        yield k.finding(doc, q.start, q.end, suggestions=[sugg])


def yi_amount(k: Kind, doc: Document) -> Iterator[Finding]:
    for q in quantities(doc):
        if q.unit not in npx.MONEY_UNITS or q.value is None or q.form != "arabic":
            continue
        num = npx.normalize(q.numeral).replace(",", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)万", num)
        if not m or Decimal(m.group(1)) < 10000:
            continue
        tail = doc.text[q.num_end:q.end]  # 余/多 + unit
        sugg = f"{fmt(q.value / Decimal(10) ** 8)}亿{tail}"
        yield k.finding(doc, q.num_start, q.end, suggestions=[sugg])


def percent_range(k: Kind, doc: Document) -> Iterator[Finding]:
    text = doc.text
    for r in npx.find_ranges(quantities(doc), text):
        lo, hi = r.low, r.high
        if (lo.unit or lo.form != "arabic" or hi.unit != "%" or hi.form != "arabic" or lo.ordinal
                or lo.value is None or hi.value is None or lo.value >= hi.value):
            continue
        sugg = f"{text[lo.start:lo.end]}%{r.sep}{text[hi.start:hi.end]}"
        yield k.finding(doc, lo.start, hi.end, suggestions=[sugg], edits=[npx_edit(lo.end)])


def magnitude_range(k: Kind, doc: Document) -> Iterator[Finding]:
    """``9～16亿`` / ``13～17万元``: the 万/亿 of the range's first number is missing."""
    text = doc.text
    for r in npx.find_ranges(quantities(doc), text):
        lo, hi = r.low, r.high
        if lo.unit or lo.form != "arabic" or hi.form != "arabic" or lo.ordinal or hi.value is None:
            continue
        hnum = npx.normalize(hi.numeral)
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(万亿|亿|万)", hnum)
        if not m or lo.value is None or lo.value >= Decimal(m.group(1)):
            continue
        add = m.group(2) + hi.unit
        sugg = f"{text[lo.start:lo.end]}{add}{r.sep}{text[hi.start:hi.end]}"
        yield k.finding(doc, lo.start, hi.end, suggestions=[sugg], edits=[Edit(lo.end, lo.end, add)],
                        scale=add)


_DECREASE_TIMES = re.compile(
    rf"(?:降低|减少|下降|缩小|缩减|减低|减小|下跌|回落)了?(?:约|近|大约|将近)?(?:{npx.NUMERAL})(?:多)?倍")


def decrease_times(k: Kind, doc: Document) -> Iterator[Finding]:
    for m in _DECREASE_TIMES.finditer(norm(doc)):
        yield k.finding(doc, m.start(), m.end())


# (?<!\d): tried only where a digit run starts, so a long run of digits stays linear (same matches)
_PCT_OF_PCT = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)个百分比")


def percent_point(k: Kind, doc: Document) -> Iterator[Finding]:
    for m in _PCT_OF_PCT.finditer(norm(doc)):
        yield k.finding(doc, m.end(1), m.end(), suggestions=["个百分点"],
                        detail="“百分比”不是计量单位，百分数之差用“个百分点”",
                        detail_en="'百分比' is not a unit; a difference of percentages is in '个百分点'")
    # 由A%提高到B%，提高了C%: the change statements number.change-consistency reads
    for ch in changes(doc):
        q = ch.pct_diff
        if q is None or q.numeral.startswith("百分之") or ch.a.numeral.startswith("百分之"):
            continue
        a, b, c = (x.value or Decimal(0) for x in (ch.a, ch.b, q))
        if abs(abs(b - a) - c) > Decimal("1e-9") or a == 0:
            continue  # a relative change (c = |b−a|/a) is correctly in %
        rel = abs(b - a) / a * 100
        if abs(rel - c) < Decimal("0.5"):
            continue
        na, nb, nc = (npx.normalize(x.numeral) for x in (ch.a, ch.b, q))
        yield k.finding(
            doc, q.start, q.end, suggestions=[f"{nc}个百分点"],
            detail=f"由{na}%到{nb}%相差{nc}个百分点（相对变化约{fmt(round(rel, 1))}%）",
            detail_en=f"{na}% to {nb}% is a change of {nc} percentage points "
                      f"(a relative change of about {fmt(round(rel, 1))}%)")


def npx_edit(at: int) -> Edit:
    """Insert a percent sign at ``at`` (the end of the range's first number)."""
    return Edit(at, at, "%")

"""numbers: GB/T 15835—2011 number forms and the consistency of figures inside one story.

YAML::

    kind: numbers
    check: yi-amount        # which detector (see CHECKS)
    mode: breakdown         # sum-total only: explicit (共/合计/其余) or breakdown (其中 …)

Every detector reads the shared number layer (lint.numparse). Consistency detectors fire only when
the sentence structure says unambiguously which figures relate, and explain the arithmetic.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lint import numparse as npx
from lint.chars import han_after, han_before
from lint.config import Config
from lint.document import Document
from lint.finding import Edit, Finding, Level
from lint.numparse import DateRef, Quantity
from lint.rules import Kind, Opt, Rule, memo

CHECKS = (
    "impossible-date", "weekday", "two-digit-year", "fullwidth-digits", "mixed-forms", "fixed-expression",
    "chinese-statistic", "yi-amount", "percent-range", "magnitude-range", "decrease-times", "percent-point",
    "sum-total", "subtotal", "percentage", "repeated-figure", "elapsed-span", "change-consistency",
)
# Units that are not counted things: parts of dates, ages, ratios.
NON_COUNT_UNITS = {"", "%", "‰", "个百分点", "百分点", "年", "月", "日", "岁", "倍", "度", "周"}
HEADLINE_MAX = 32


# ---- document structure ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Story:
    start: int
    end: int
    headlines: tuple[tuple[int, int], ...]   # spans of the headline paragraphs
    body: tuple[tuple[int, int], ...]        # spans of the body paragraphs


def _is_headline(doc: Document, para: Any) -> bool:
    if para.kind == "heading":
        return True
    if para.kind != "paragraph":
        return False
    text = doc.text[para.start:para.end]
    if len(text) > HEADLINE_MAX or any(c in text for c in "。；;") or text[-1] in "，、,":
        return False
    return not (text[0] in "（(【[" or text.endswith("摄"))


def stories(doc: Document) -> list[Story]:
    """Split a file into stories: a run of headline-like paragraphs starts a new one."""
    out: list[Story] = []
    heads: list[tuple[int, int]] = []
    body: list[tuple[int, int]] = []
    prev_head = False
    for para in doc.paragraphs:
        head = _is_headline(doc, para)
        if head and not prev_head and body:
            out.append(Story(heads[0][0] if heads else body[0][0], body[-1][1], tuple(heads), tuple(body)))
            heads, body = [], []
        (heads if head and not body else body).append((para.start, para.end))
        prev_head = head
    if heads or body:
        spans = heads + body
        out.append(Story(spans[0][0], spans[-1][1], tuple(heads), tuple(body)))
    return out


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the clause holding pos (after the last ，；：。 before it)."""
    i = pos
    while i > floor and text[i - 1] not in "，,；;：:。！？":
        i -= 1
    return i


# Where the publication date came from, for the weekday message: (Chinese, English).
_SOURCE_NOTES = {
    "front-matter": ("年份按文件头“date:”推定", "year from the front matter's date:"),
    "metadata": ("年份按稿件元数据中的日期推定", "year from the article's metadata (date)"),
    "file-name": ("年份按文件名中的日期推定", "year from the date in the file name"),
    "dateline": ("年份按稿件日期推定", "year from the text's date line"),
    "dateline-config": ("年份按电头日期与发稿日期推定", "year from the dateline and --date"),
    "dateline-text": ("年份按电头日期与正文日期推定", "year from the dateline and a full date in the text"),
    "config": ("年份按发稿日期推定", "year from --date"),
}
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n.*?\n\1[ \t]*(?:\r?\n|\Z)", re.S)
_FM_DATE = re.compile(r"^[ \t]*date[ \t]*[:=][ \t]*[\"']?(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", re.M | re.I)
# 2026-11-20-slug.md, 2026_11_20, 20261120-slug.txt: a date not inside a longer number.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def _iso_in(text: str, rx: re.Pattern[str]) -> dt.date | None:
    m = rx.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None  # date: 2023-13-45 is no date


def _source_note(how: str, ref: dt.date) -> tuple[str, str]:
    zh, en = _SOURCE_NOTES.get(how, _SOURCE_NOTES["config"])
    return f"（{zh}：{ref.isoformat()}）", f" ({en} {ref.isoformat()})"


MIXED_WINDOW = 3000  # characters: about the length of a long news story


def _paragraph_at(doc: Document, offset: int) -> int | None:
    """Index of the paragraph holding offset (Document.paragraph_at rebuilds its index on every call)."""
    starts = memo(doc, "numbers.para_starts", lambda: [p.start for p in doc.paragraphs])
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset < max(doc.paragraphs[i].end, doc.paragraphs[i].start + 1):
        return i
    return None


class _Sorted:
    """Items sorted by .start, with their starts kept for bisection."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.starts = [it.start for it in items]

    def within(self, start: int, end: int) -> list[Any]:
        """Items with start <= item.start < end."""
        return self.items[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


def _nearest(items: list[Any], pos: int) -> Any:
    """The item nearest to pos within MIXED_WINDOW characters, or None."""
    best = min(items, key=lambda it: abs(it.start - pos), default=None)
    return best if best is not None and abs(best.start - pos) <= MIXED_WINDOW else None


def _fmt(d: Decimal | float) -> str:
    return npx.format_decimal(Decimal(str(d)))


def _scale_of(q: Quantity) -> str:
    num = npx.normalize(q.numeral)
    return next((sc for sc in ("万亿", "亿", "万") if num.endswith(sc)), "")


def _show(value: Decimal, scale: str = "") -> str:
    """A value in the 万/亿 scale the story used: 55000 with 万 → 5.5万."""
    power = {"万亿": 12, "亿": 8, "万": 4, "": 0}[scale]
    return _fmt(value / Decimal(10) ** power) + scale


def _q(q: Quantity) -> str:
    return f"{_show(q.value or Decimal(0), _scale_of(q))}{q.unit}"


def _ulp(q: Quantity) -> Decimal:
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


def _pct_tolerance(p: Quantity) -> Decimal:
    m = re.search(r"\.(\d+)", npx.normalize(p.numeral))
    return Decimal(1) / (Decimal(10) ** len(m.group(1))) if m else Decimal(1)


def _ratio_bounds(part: Quantity, total: Quantity) -> tuple[Decimal, Decimal]:
    a, ua = part.value or Decimal(0), _ulp(part)
    b, ub = total.value or Decimal(1), _ulp(total)
    lo = (a - ua) / (b + ub) * 100
    hi = (a + ua) / max(b - ub, Decimal("1e-9")) * 100
    return lo, hi


DELTA_CUES = ("比", "较", "同比", "环比", "增加", "减少", "增长", "下降", "提高", "降低", "上升", "增至", "降至",
              "另", "此外", "还有", "累计", "共", "占", "多", "少", "超过", "达")
TOTAL_DELTA_CUES = ("比", "较", "同比", "环比", "增加", "减少", "增长", "下降", "提高", "降低", "上升", "多", "少")
BREAKDOWN_EXHAUSTIVE = ("其余", "其他", "剩余", "剩下")
# Attributes that cut across kinds of a thing (女职工……党员职工……): parts so named may overlap.
CROSS_CUTTING = ("党员", "团员", "少数民族", "青年", "老年", "以上", "以下", "具有", "拥有", "获得", "新增", "首次")
SPAN_CUES = ("连续", "时间", "来", "间", "里", *("连" + v for v in "增涨降跌胜冠败"))
ADVICE_FORM = "应统一用阿拉伯数字或汉字数字"
ADVICE_FORM_EN = "use Arabic or Chinese numerals throughout"


# ---- change statements (从 A 增加到 B，增长 P%) -----------------------------------------------------
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


@dataclass(frozen=True)
class Share:
    """A part, the total it belongs to and the percentage the sentence gives for it (number.percentage)."""
    part: Quantity
    total: Quantity
    pct: Quantity
    how: str                     # breakdown, inline, among, of-total: which shape related them


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


def _rel_bounds(a: Quantity, b: Quantity) -> tuple[Decimal, Decimal]:
    """The range of |B − A| / A that the written digits of A and B allow."""
    av, bv = a.value or Decimal(0), b.value or Decimal(0)
    vals = [abs(y - x) / x for x in (av - _ulp(a), av + _ulp(a)) for y in (bv - _ulp(b), bv + _ulp(b)) if x > 0]
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


class Numbers(Kind):
    name = "numbers"
    OPTIONS = {
        "check": "which detector: " + ", ".join(CHECKS),
        "mode": Opt("sum-total: 'explicit' (共/合计/其余 structures) or 'breakdown' (其中 lists that exceed the "
                    "total)", choices=("explicit", "breakdown")),
    }
    REQUIRED = ("check",)
    CHECKS = CHECKS

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.check_name: str = self.options["check"]
        self.mode: str = self.options.get("mode", "explicit")

    def check(self, doc: Document) -> Iterator[Finding]:
        fn = getattr(self, "_" + self.check_name.replace("-", "_"))
        yield from fn(doc)

    # ---- shared per-document caches (a Document is immutable while it is linted) ----------------
    @staticmethod
    def _cache(doc: Document, key: str, build: Any) -> Any:
        return memo(doc, f"numbers.{key}", build)

    def _quantities(self, doc: Document) -> list[Quantity]:
        return self._cache(doc, "q", lambda: npx.find_quantities(doc.text))  # type: ignore[no-any-return]

    def _dates(self, doc: Document) -> list[DateRef]:
        return self._cache(doc, "d", lambda: npx.find_dates(doc.text))  # type: ignore[no-any-return]

    def _stories(self, doc: Document) -> list[Story]:
        return self._cache(doc, "s", lambda: stories(doc))  # type: ignore[no-any-return]

    def _norm(self, doc: Document) -> str:
        return self._cache(doc, "n", lambda: npx.normalize(doc.text))  # type: ignore[no-any-return]

    def _sentence_quantities(self, doc: Document) -> list[tuple[Any, list[Quantity]]]:
        def build() -> list[tuple[Any, list[Quantity]]]:
            qs = self._quantities(doc)
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
        return self._cache(doc, "sq", build)  # type: ignore[no-any-return]

    # ---- form rules ------------------------------------------------------------------------------
    def _impossible_date(self, doc: Document) -> Iterator[Finding]:
        for d in self._dates(doc):
            if d.lunar or (d.iso and not 1 <= d.month <= 12):
                continue
            problem = npx.date_problem(d)
            if problem:
                yield self.finding(doc, d.start, d.end, why=problem[0], why_en=problem[1])

    def _publication_date(self, doc: Document) -> tuple[dt.date | None, str]:
        """The publication date and where it came from: Markdown front matter ``date:``, a date in the file
        name (``2026-11-20-slug.md``, ``20261120``), the text's own date line or dateline, then config `date`.
        A dateline without a year (``新华社北京12月31日电``) takes its year from config `date`, or from a full
        date in the text within a month of it; otherwise it is not used."""
        def build() -> tuple[dt.date | None, str]:
            meta = npx.parse_iso_date(doc.meta.get("date"))  # a batch record's date, a page's metadata
            if meta:
                return meta, "front-matter" if doc.markup == "markdown" else "metadata"
            if doc.markup == "markdown":
                fm = _FRONT_MATTER.match(doc.text)
                got = _iso_in(fm.group(), _FM_DATE) if fm else None
                if got:
                    return got, "front-matter"
            got = _iso_in(os.path.basename(doc.path), _NAME_DATE) if doc.path not in ("", "-") else None
            if got:
                return got, "file-name"
            cfg = npx.parse_iso_date(self.config.date)
            short: DateRef | None = None
            for d in self._dates(doc):
                if d.day is None or d.lunar or npx.date_problem(d):
                    continue
                para = _paragraph_at(doc, d.start)
                if para is None or para > 4:
                    break
                after = self._norm(doc)[d.end:d.end + 2]
                if d.year is None:
                    if short is None and after.startswith(("电", "讯")):
                        short = d
                    continue
                p = doc.paragraphs[para]
                rest = (doc.text[p.start:d.start] + doc.text[d.end:p.end])
                rest = re.sub(r"(星期|礼拜|周)[一二三四五六日天]|[\s（）()【】\[\]，,]", "", rest)
                if not rest or after.startswith(("电", "讯")):
                    return dt.date(d.year, d.month, d.day), "dateline"
            if short is not None and short.day is not None:
                year = npx.nearest_year(short.month, short.day, cfg) if cfg else self._year_near(doc, short)
                if year is not None:
                    return dt.date(year, short.month, short.day), "dateline-config" if cfg else "dateline-text"
            return (cfg, "config") if cfg else (None, "")
        return self._cache(doc, f"pub:{self.config.date}", build)  # type: ignore[no-any-return]

    def _year_near(self, doc: Document, dl: DateRef) -> int | None:
        """The year of the full dates in the text within 31 days of a yearless dateline, if they agree."""
        years = set()
        for d in self._dates(doc):
            if d.year is None or d.day is None or dl.day is None or d.lunar or npx.date_problem(d):
                continue
            try:
                gap = abs((dt.date(d.year, dl.month, dl.day) - dt.date(d.year, d.month, d.day)).days)
            except ValueError:
                continue  # 2月29日 in a common year
            if gap <= 31:
                years.add(d.year)
        return years.pop() if len(years) == 1 else None

    def _weekday(self, doc: Document) -> Iterator[Finding]:
        for d in self._dates(doc):
            if d.weekday is None or d.weekday_span is None or d.day is None or d.lunar:
                continue
            if d.year is not None:
                year, src, src_en = d.year, "", ""
            else:
                ref, how = self._publication_date(doc)
                if ref is None:
                    continue
                year = npx.nearest_year(d.month, d.day, ref)
                src, src_en = _source_note(how, ref)
            actual = npx.weekday_of(year, d.month, d.day)
            if actual is None or actual == d.weekday:
                continue
            a, b = d.weekday_span
            written = doc.text[a:b]
            prefix = written[:-1]
            sugg = prefix + ("日" if actual == 6 else "一二三四五六"[actual])
            yield self.finding(doc, a, b, suggestions=[sugg], date=f"{year}年{d.month}月{d.day}日",
                               actual=npx.weekday_name(actual), source_note=src, source_note_en=src_en,
                               iso=f"{year:04d}-{d.month:02d}-{d.day:02d}",
                               actual_en=dt.date(year, d.month, d.day).strftime("%A"))

    _TWO_DIGIT_YEAR = re.compile(
        r"(?<![\d.,:：'’A-Za-z])[’'‘]?(?P<yy>\d{2})年(?=\d{1,2}月|度|底|初(?!步)|末|上半年|下半年|第[一二三四1-4]季度)")

    def _two_digit_year(self, doc: Document) -> Iterator[Finding]:
        ref, _ = self._publication_date(doc)
        for m in self._TWO_DIGIT_YEAR.finditer(self._norm(doc)):
            yy = int(m.group("yy"))
            pivot = (ref.year % 100 + 20) if ref else 30  # plans reach ahead (35年 → 2035 in 2023)
            full = (2000 if yy <= pivot else 1900) + yy
            yield self.finding(doc, m.start(), m.end("yy") + 1, suggestions=[f"{full}年"], year=str(full))

    _FULLWIDTH = re.compile(r"[０-９]+(?:[．.][０-９]+)*")

    def _fullwidth_digits(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in self._FULLWIDTH.finditer(text):
            run = m.group()
            prev = text[m.start() - 1:m.start()]
            nxt = text[m.end():m.end() + 1]
            if set(run) == {"０"} and (prev in npx.CN_DIGITS or nxt in npx.CN_DIGITS):
                sugg = "〇" * len(run)  # ``二０００年``: the zero of a Chinese numeral is 〇
                detail, detail_en = f"汉字数字中的零应写作“{sugg}”", f"the zero of a Chinese numeral is '{sugg}'"
            else:
                sugg = npx.normalize(run)
                detail, detail_en = f"应改为半角“{sugg}”", f"write half-width '{sugg}'"
            yield self.finding(doc, m.start(), m.end(), suggestions=[sugg], detail=detail, detail_en=detail_en)

    def _mixed_forms(self, doc: Document) -> Iterator[Finding]:
        """Within one story: dates in both Arabic and Chinese numerals; ``百分之三十`` beside ``40%``;
        ``1.2万亿元`` beside ``12000亿元``. The other form must be within MIXED_WINDOW characters, so a long
        file whose story breaks were not recognised is not compared end to end."""
        norm = self._norm(doc)
        dates = [d for d in self._dates(doc) if not d.lunar and not d.iso and 1 <= d.month <= 12
                 and (d.year is not None or d.day is not None) and not self._dateline_only(doc, d)
                 and norm[d.end:d.end + 1] not in ("电", "讯")]  # datelines follow their own style
        qs_ix = _Sorted(self._quantities(doc))
        dates_ix = _Sorted(dates)
        for st in self._stories(doc):
            inside = dates_ix.within(st.start, st.end)
            ar = [d for d in inside if d.form == "arabic"]
            cn = [d for d in inside if d.form == "chinese"]
            if ar and cn:
                minority, majority = (cn, ar) if len(cn) <= len(ar) else (ar, cn)
                for d in minority:
                    other = _nearest(majority, d.start)
                    if other is None:
                        continue
                    sugg = self._date_in_form(d, other.form)
                    yield self.finding(doc, d.start, d.end, suggestions=[sugg] if sugg else [],
                                       other=doc.text[other.start:other.end], what="日期", what_en="dates",
                                       advice=ADVICE_FORM, advice_en=ADVICE_FORM_EN)
            sq = qs_ix.within(st.start, st.end)
            pct_ar = [q for q in sq if q.unit == "%" and q.form == "arabic"]
            pct_cn = [q for q in sq if q.numeral.startswith("百分之") and q.form == "chinese" and q.value is not None
                      and q.value < 100]
            for q in pct_cn if pct_ar else ():
                other_q = _nearest(pct_ar, q.start)
                if other_q is not None:
                    yield self.finding(doc, q.start, q.end, suggestions=[f"{_fmt(q.value or 0)}%"],
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
                    sugg = f"{_fmt((q.value or 0) / Decimal(10) ** 12)}万亿{unit}"
                    yield self.finding(doc, q.num_start, q.end, suggestions=[sugg],
                                       other=doc.text[other_q.start:other_q.end], what="金额单位",
                                       what_en="amount scales", advice="应统一以“万亿”或“亿”为单位",
                                       advice_en="use one scale (万亿 or 亿)")

    @staticmethod
    def _dateline_only(doc: Document, d: DateRef) -> bool:
        """A paragraph that is only a date, e.g. a speech's ``（二〇〇〇年十二月三十一日）``: a formal dateline."""
        para = _paragraph_at(doc, d.start)
        if para is None:
            return False
        p = doc.paragraphs[para]
        rest = re.sub(r"[\s（）()]", "", doc.text[p.start:d.start] + doc.text[d.end:p.end])
        return not rest

    @staticmethod
    def _date_in_form(d: DateRef, form: str) -> str:
        if form == "arabic":
            y = f"{d.year}年" if d.year else ""
            day = f"{d.day}日" if d.day else ""
            return f"{y}{d.month}月{day}"
        import cn2an

        y = "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year)) + "年" if d.year else ""
        day = f"{cn2an.an2cn(d.day)}日" if d.day else ""
        return f"{y}{cn2an.an2cn(d.month)}月{day}"

    # Arabic digits inside fixed expressions (GB/T 15835 §4.2): pattern; every digit group becomes Chinese.
    # N连胜/N连败 are left alone: sports pages write 11连胜 in Arabic.
    _FIXED: tuple[re.Pattern[str], ...] = (
        re.compile(r"(?<![\d.])[1-9]连[增涨降跌冠]"),
        re.compile(r"(?<![\d.])1对1(?!\d)|(?<![\d.])1对多|多对1(?!\d)|(?<![\d.])1帮1(?!\d)"),
        re.compile(r"(?<![\d.])1带1路"),
        re.compile(r"(?:^|(?<=[，。；：！？“\s]))(?:另)?1方面"),
        re.compile(r"(?<![\d.])1[0-9]五(?=[”\"」]?(?:规划|计划|时期|期间|末|初|以来|开局|收官|目标|发展))"),
        re.compile(r"(?<=星期|礼拜)[1-7](?!\d)"),
        re.compile(r"(?<![\d.])\d{1,2}届(?:全国人大|全国政协)?\d{1,2}次会议|届\d{1,2}中全会"),
        re.compile(r"(?<![\d.])[1-4]线城市"),
    )

    def _fixed_expression(self, doc: Document) -> Iterator[Finding]:
        text = self._norm(doc)
        for rx in self._FIXED:
            for m in rx.finditer(text):
                g = m.group()
                if re.fullmatch(r"[1-7]", g):  # a weekday after 星期/礼拜
                    sugg = "日" if g == "7" else "一二三四五六"[int(g) - 1]
                else:
                    import cn2an  # only on a hit: its import compiles large regexes (about 0.3 s)

                    sugg = re.sub(r"\d+", lambda d: str(cn2an.an2cn(d.group())), g)
                yield self.finding(doc, m.start(), m.end(), suggestions=[sugg])

    def _chinese_statistic(self, doc: Document) -> Iterator[Finding]:
        """Chinese numerals for measured values: ``百分之二十六点八``, ``十三点二九亿元``."""
        for q in self._quantities(doc):
            if q.form != "chinese" or q.value is None or q.ordinal:
                continue  # value None: 三四、百分之六七十 (approximations stay Chinese)
            pct = q.numeral.startswith("百分之")
            if pct and q.value in (100, 0):
                continue  # 百分之百: an idiom
            if not pct and not ("点" in q.numeral and q.unit):
                continue
            scale = _scale_of(q)
            if pct:
                sugg = f"{_fmt(q.value)}%"
            else:
                base = q.value / (Decimal(10) ** {"万亿": 12, "亿": 8, "万": 4, "": 0}[scale])
                sugg = f"{_fmt(base)}{scale}{doc.text[q.num_end:q.end]}"
            yield self.finding(doc, q.start, q.end, suggestions=[sugg])

    def _yi_amount(self, doc: Document) -> Iterator[Finding]:
        for q in self._quantities(doc):
            if q.unit not in npx.MONEY_UNITS or q.value is None or q.form != "arabic":
                continue
            num = npx.normalize(q.numeral).replace(",", "")
            m = re.fullmatch(r"(\d+(?:\.\d+)?)万", num)
            if not m or Decimal(m.group(1)) < 10000:
                continue
            tail = doc.text[q.num_end:q.end]  # 余/多 + unit
            sugg = f"{_fmt(q.value / Decimal(10) ** 8)}亿{tail}"
            yield self.finding(doc, q.num_start, q.end, suggestions=[sugg])

    def _percent_range(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for r in npx.find_ranges(self._quantities(doc), text):
            lo, hi = r.low, r.high
            if (lo.unit or lo.form != "arabic" or hi.unit != "%" or hi.form != "arabic" or lo.ordinal
                    or lo.value is None or hi.value is None or lo.value >= hi.value):
                continue
            sugg = f"{text[lo.start:lo.end]}%{r.sep}{text[hi.start:hi.end]}"
            yield self.finding(doc, lo.start, hi.end, suggestions=[sugg], edits=[npx_edit(lo.end)])

    def _magnitude_range(self, doc: Document) -> Iterator[Finding]:
        """``9～16亿`` / ``13～17万元``: the 万/亿 of the range's first number is missing."""
        text = doc.text
        for r in npx.find_ranges(self._quantities(doc), text):
            lo, hi = r.low, r.high
            if lo.unit or lo.form != "arabic" or hi.form != "arabic" or lo.ordinal or hi.value is None:
                continue
            hnum = npx.normalize(hi.numeral)
            m = re.fullmatch(r"(\d+(?:\.\d+)?)(万亿|亿|万)", hnum)
            if not m or lo.value is None or lo.value >= Decimal(m.group(1)):
                continue
            add = m.group(2) + hi.unit
            sugg = f"{text[lo.start:lo.end]}{add}{r.sep}{text[hi.start:hi.end]}"
            yield self.finding(doc, lo.start, hi.end, suggestions=[sugg], edits=[Edit(lo.end, lo.end, add)],
                               scale=add)

    _DECREASE_TIMES = re.compile(
        rf"(?:降低|减少|下降|缩小|缩减|减低|减小|下跌|回落)了?(?:约|近|大约|将近)?(?:{npx.NUMERAL})(?:多)?倍")

    def _decrease_times(self, doc: Document) -> Iterator[Finding]:
        for m in self._DECREASE_TIMES.finditer(self._norm(doc)):
            yield self.finding(doc, m.start(), m.end())

    _PCT_OF_PCT = re.compile(r"(\d+(?:\.\d+)?)个百分比")
    def _percent_point(self, doc: Document) -> Iterator[Finding]:
        norm = self._norm(doc)
        for m in self._PCT_OF_PCT.finditer(norm):
            yield self.finding(doc, m.end(1), m.end(), suggestions=["个百分点"],
                               detail="“百分比”不是计量单位，百分数之差用“个百分点”",
                               detail_en="'百分比' is not a unit; a difference of percentages is in '个百分点'")
        # 由A%提高到B%，提高了C%: the change statements number.change-consistency reads
        for ch in self._changes(doc):
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
            yield self.finding(
                doc, q.start, q.end, suggestions=[f"{nc}个百分点"],
                detail=f"由{na}%到{nb}%相差{nc}个百分点（相对变化约{_fmt(round(rel, 1))}%）",
                detail_en=f"{na}% to {nb}% is a change of {nc} percentage points "
                          f"(a relative change of about {_fmt(round(rel, 1))}%)")

    # ---- consistency rules -----------------------------------------------------------------------
    def _breakdowns(self, doc: Document) -> list[tuple[Quantity, list[Quantity], int, int, bool]]:
        """``TOTAL …，其中 A n1，B n2……``: (total, parts, where 其中 is, end of the list, exhaustive)."""
        def build() -> list[tuple[Quantity, list[Quantity], int, int, bool]]:
            text = self._norm(doc)
            out = []
            for sent, qs in self._sentence_quantities(doc):
                for m in re.finditer("其中", text[sent.start:sent.end]):
                    pos = sent.start + m.start()
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
        return self._cache(doc, "bd", build)  # type: ignore[no-any-return]

    _TOTAL_LEAD = re.compile(
        r"[，,、](?:共计|合计|总计|总共|一共|共有|共)(?![同享建商赢担])[\u4e00-\u9fff]{0,3}$")

    def _explicit_sums(self, doc: Document) -> list[tuple[Quantity, list[Quantity]]]:
        """``A n1、B n2，共N``: parts listed, then a total marker right before the total."""
        text = self._norm(doc)
        out = []
        for sent, qs in self._sentence_quantities(doc):
            for i, q in enumerate(qs):
                if not q.exact or q.unit in NON_COUNT_UNITS:
                    continue
                seg_start = max(sent.start, text.rfind("；", sent.start, q.start) + 1)
                if not self._TOTAL_LEAD.search(text, seg_start, q.start):
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

    def _sum_total(self, doc: Document) -> Iterator[Finding]:
        if self.mode == "explicit":
            for total, parts in self._explicit_sums(doc):
                s = sum((p.value or Decimal(0) for p in parts), Decimal(0))
                if s != total.value:
                    yield self._sum_finding(doc, total, parts, s)
            for total, parts, _pos, _stop, exhaustive in self._breakdowns(doc):
                s = sum((p.value or Decimal(0) for p in parts), Decimal(0))
                if exhaustive and len(parts) >= 2 and s != total.value:
                    yield self._sum_finding(doc, total, parts, s)
        else:
            for total, parts, _pos, _stop, exhaustive in self._breakdowns(doc):
                s = sum((p.value or Decimal(0) for p in parts), Decimal(0))
                if (not exhaustive and len(parts) >= 2 and s > (total.value or 0)
                        and all((p.value or 0) <= (total.value or 0) for p in parts)):
                    disjoint = self._disjoint_kinds(self._norm(doc), parts)
                    yield self._sum_finding(doc, total, parts, s, level=None if disjoint else "suggestion")

    @staticmethod
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

    def _sum_finding(self, doc: Document, total: Quantity, parts: list[Quantity], s: Decimal,
                     level: Level | None = None) -> Finding:
        scale = _scale_of(total)
        expr = " + ".join(_show(p.value or Decimal(0), scale) for p in parts)
        rel = "多于" if s > (total.value or 0) else "少于"
        rel_en = "more than" if s > (total.value or 0) else "less than"
        # The parts may precede the total (A 5所、B 3所，共8所) or follow it (共50人，其中……): span both.
        start = min(total.start, parts[0].start)
        end = max(total.end, parts[-1].end)
        return self.finding(doc, start, end, level=level, total=_q(total), parts=expr,
                            sum=f"{_show(s, scale)}{total.unit}",
                            relation=rel, relation_en=rel_en)

    def _subtotal(self, doc: Document) -> Iterator[Finding]:
        for total, parts, _pos, _stop, _ex in self._breakdowns(doc):
            for p in parts:
                if (p.value or 0) > (total.value or 0):
                    yield self.finding(doc, p.start, p.end, total=_q(total), part=_q(p))

    # A share marker and its percentage: 占(总数的)P%, 占全村300户的P%, 占比P%, 所占比重为P%, 的比例为P%.
    _SHARE = re.compile(
        r"(?:(?:所占|的)?(?:占比|比例|比重)|所?占(?P<what>[^，。；%]{0,16}?)(?:的)?(?:比例|比重)?)"
        r"(?:为|是|达|达到|约)?(?P<p>\d+(?:\.\d+)?)%")
    # 800名教师中(，)有360名: the total, then 中 and the part.
    _AMONG = re.compile(r"[\u4e00-\u9fff]{0,6}?中[，,]?(?:有|共有|就有)?[\u4e00-\u9fff]{0,6}")
    # What a share of "the total just stated" is called: 总数, 总户数, 总人数的, 全部 ….
    _OF_TOTAL = re.compile(r"(?P<scope>[\u4e00-\u9fff]{0,6}?)(?:总[\u4e00-\u9fff]{0,3}?|全部|总体)(?:的)?")

    def _shares(self, doc: Document) -> list[Share]:
        """Every (part, total, P%) the sentence structure relates, read once for number.percentage:
        (1) ``TOTAL，其中 n1(……)，占(总数的)P%`` (the 其中 breakdowns); (2) ``n1，占……N……的P%`` (the total in the
        占 clause); (3) ``N人中有M人，占P%``; (4) ``M户，占总数(的)P%`` with one earlier figure of the unit."""
        def build() -> list[Share]:
            text = self._norm(doc)
            by_start = {q.start: q for q in self._quantities(doc)}
            out: list[Share] = []
            seen: set[int] = set()

            def add(part: Quantity, total: Quantity, pq: Quantity | None, how: str) -> None:
                if pq is not None and pq.start not in seen and part.exact and total.exact and part is not total:
                    seen.add(pq.start)
                    out.append(Share(part, total, pq, how))

            for total, parts, _pos, stop, _ex in self._breakdowns(doc):
                for k, part in enumerate(parts):
                    nxt = parts[k + 1].start if k + 1 < len(parts) else stop
                    m = self._share_after(text, part, nxt)
                    if m is not None and (not m.group("what") or self._of_total(m.group("what"), text, total)):
                        add(part, total, by_start.get(m.start("p")), "breakdown")
            for sent, sqs in self._sentence_quantities(doc):
                counts = [q for q in sqs if q.exact and q.unit not in NON_COUNT_UNITS]
                for m in self._SHARE.finditer(text, sent.start, sent.end):
                    pq = by_start.get(m.start("p"))
                    if pq is None or pq.start in seen:
                        continue
                    before = [q for q in counts if q.end <= m.start()]
                    if not before or not self._next_to(text, before[-1].end, m.start(), 8):
                        continue
                    part = before[-1]
                    close = self._next_to(text, part.end, m.start(), 3)
                    inner = [q for q in sqs if m.start() < q.start and q.end <= m.start("p") and q.exact]
                    what = m.group("what") or ""
                    if inner:
                        if len(inner) == 1 and inner[0].unit == part.unit and close:
                            add(part, inner[0], pq, "inline")
                        continue
                    same = [q for q in before[:-1] if q.unit == part.unit]
                    among = [q for q in same if self._AMONG.fullmatch(text, q.end, part.start)]
                    if among and (not what or self._of_total(what, text, among[-1])):
                        add(part, among[-1], pq, "among")
                    elif (close and what and len(same) == 1 and self._of_total(what, text, same[0])
                          and not self._in_change(text, same[0], sent)):
                        add(part, same[0], pq, "of-total")
            return out
        return self._cache(doc, "shares", build)  # type: ignore[no-any-return]

    def _share_after(self, text: str, part: Quantity, end: int) -> re.Match[str] | None:
        """A share marker after a 其中 part: in the part's clause or the next one (其中120户加入合作社，占……)."""
        for m in self._SHARE.finditer(text, part.end, end):
            gap = text[part.end:m.start()]
            if sum(gap.count(c) for c in "，,") <= 1 and len(gap) <= 16 and not re.search(r"\d", gap):
                return m
            return None
        return None

    @staticmethod
    def _next_to(text: str, end: int, marker: int, limit: int) -> bool:
        """A figure the share marker follows within limit characters of one clause (``360人，占``,
        ``360名女教师，占``)."""
        gap = text[end:marker]
        return len(gap) <= limit and not re.search(r"[\d。；;：:]", gap) and gap.count("，") + gap.count(",") <= 1

    def _of_total(self, what: str, text: str, total: Quantity) -> bool:
        """``占总户数的``, ``占全村总户数的``: a share of the total just stated, when any scope named before
        总 (全村, 农户) is written beside the total; ``占全国的``/``占全国总量的`` is of another whole."""
        m = self._OF_TOTAL.fullmatch(what.strip())
        if m is None:
            return False
        scope = m.group("scope")
        return not scope or scope in text[max(0, total.start - 16):total.end + 6]

    @staticmethod
    def _in_change(text: str, q: Quantity, sent: Any) -> bool:
        clause = text[_clause_start(text, q.start, sent.start):q.start]
        return any(c in clause for c in DELTA_CUES if c not in ("共", "达"))

    def _percentage(self, doc: Document) -> Iterator[Finding]:
        for s in self._shares(doc):
            f = self._check_share(doc, s.part, s.total, s.pct)
            if f:
                yield f
        # 由 A 增至 B，增长 P%: the change statements number.change-consistency reads, at a finer tolerance
        for c in self._changes(doc):
            if c.pct is None or not c.pct_tight:
                continue
            pq = c.pct
            lo, hi = _rel_bounds(c.a, c.b)
            p, tol = pq.value or Decimal(0), _pct_tolerance(pq)
            if lo * 100 - tol <= p <= hi * 100 + tol:
                continue
            a, b = c.a.value or Decimal(0), c.b.value or Decimal(0)
            calc = abs(b - a) / a * 100
            na, nb = npx.normalize(c.a.numeral), npx.normalize(c.b.numeral)
            yield self.finding(
                doc, pq.start, pq.end,
                detail=f"由{na}到{nb}的变化是{_fmt(round(calc, 1))}%"
                       f"（({_fmt(b)}−{_fmt(a)})÷{_fmt(a)}），不是{_fmt(p)}%",
                detail_en=f"from {na} to {nb} is {_fmt(round(calc, 1))}% "
                          f"(({_fmt(b)}−{_fmt(a)})÷{_fmt(a)}), not {_fmt(p)}%")

    def _check_share(self, doc: Document, part: Quantity, total: Quantity, pq: Quantity) -> Finding | None:
        if not part.exact or not total.exact or not total.value or pq.value is None:
            return None
        lo, hi = _ratio_bounds(part, total)
        tol = _pct_tolerance(pq)
        if lo - tol <= pq.value <= hi + tol:
            return None
        calc = (part.value or Decimal(0)) / total.value * 100
        return self.finding(
            doc, pq.start, pq.end,
            detail=f"{_q(part)}÷{_q(total)}={_fmt(round(calc, 1))}%，不是{_fmt(pq.value)}%",
            detail_en=f"{_q(part)} / {_q(total)} = {_fmt(round(calc, 1))}%, not {_fmt(pq.value)}%")

    # ---- change statements -----------------------------------------------------------------------
    def _lead_quantity(self, text: str, pos: int, end: int, qs: _Sorted, after: bool = False) -> Quantity | None:
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

    def _restated(self, text: str, q: Quantity | None, a: Quantity, b: Quantity, up: bool, noun: bool = False,
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

    def _changes(self, doc: Document) -> list[Change]:
        def build() -> list[Change]:
            text = self._norm(doc)
            out: list[Change] = []
            seen: set[int] = set()
            for sent, qs in self._sentence_quantities(doc):
                if len(qs) < 2 or not _FROM.search(text, sent.start, sent.end):
                    continue
                ix = _Sorted(qs)
                by_start = {q.start: q for q in qs}
                for m in _FROM.finditer(text, sent.start, sent.end):
                    c = self._read_change(text, m.start(), sent.start, sent.end, ix, by_start)
                    if c is not None and c.a.start not in seen:
                        seen.add(c.a.start)
                        out.append(c)
            return out
        return self._cache(doc, "chg", build)  # type: ignore[no-any-return]

    def _read_change(self, text: str, pos: int, sent_start: int, end: int, ix: _Sorted,
                     by_start: dict[int, Quantity]) -> Change | None:
        a = self._lead_quantity(text, pos + 1, end, ix)
        v = _CHANGE_VERB.match(text, a.end, end) if a is not None else None
        if a is None or v is None or not a.exact or _hedged(text, a):
            return None
        up = bool(v.group("up") or v.group("up1"))
        verb = next(g for g in (v.group(k) for k in ("up", "down", "up1", "down1")) if g)
        first: tuple[str, Quantity] | None = None
        if v.group("to"):
            b = self._lead_quantity(text, v.end(), end, ix, after=True)
        else:
            d = by_start.get(v.end())
            if d is None:
                return None
            r = _REACH.match(text, d.end, end)
            b = self._lead_quantity(text, r.end(), end, ix, after=True) if r else None
            if b is not None:
                first = self._restated(text, d, a, b, up)
                if first is None:
                    return None
        if b is None or not b.exact or _hedged(text, b):
            return None
        if not a.unit and not a.is_percent and not v.group("tail") and b.unit:
            a = dataclasses.replace(a, unit=b.unit)  # 从5增至8人: the unit is written once
        if not _same_unit(a, b) or (a.unit == "年" and (a.value or 0) >= 1000):
            return None
        if not a.unit and not (_scale_of(a) and _scale_of(b)):
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
                    rel = self._restated(text, q, a, b, up, noun=bool(noun), to=bool(r2.group("to")))
                    tight = not noun and rel is not None and rel[0] == "pct"
        kind, q = rel if rel else ("", None)
        return Change(a, b, up, verb, by=q if kind == "by" else None, by_first=first is not None,
                      pct=q if kind == "pct" else None, times=q if kind in ("times", "times_to") else None,
                      times_to=kind == "times_to", at=pos, pct_tight=tight,
                      pct_diff=q if kind == "pct_diff" else None)

    def _change_consistency(self, doc: Document) -> Iterator[Finding]:
        for c in self._changes(doc):
            a, b = c.a.value or Decimal(0), c.b.value or Decimal(0)
            qa, qb = _q(c.a), _q(c.b)
            way, way_en = ((c.verb if len(c.verb) == 2 else "增加", "up") if c.up
                           else (c.verb if len(c.verb) == 2 else "减少", "down"))
            if (c.up and b < a) or (not c.up and b > a) or (b == a and not _ulp(c.a) and not _ulp(c.b)):
                yield self.finding(
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
                tol = _ulp(c.a) + _ulp(c.b) + _ulp(c.by)
                if abs(delta - d) > tol:
                    qd = _q(c.by)
                    if c.by.unit in POINT_UNITS:
                        yield self.finding(
                            doc, c.by.start, c.by.end,
                            detail=f"从{qa}到{qb}相差{_fmt(delta)}个百分点，不是{qd}",
                            detail_en=f"{qa} to {qb} is {_fmt(delta)} percentage points, not {qd}")
                    elif c.by_first:
                        expect = f"{_show(a + d if c.up else a - d, _scale_of(c.b))}{c.b.unit}"
                        note = note_en = ""
                        if abs(d - b) <= _ulp(c.by) + _ulp(c.b):
                            note = f"（若{qb}是变化后的数，应写“{way}到”而不是“{way}了”）"
                            note_en = f" (if {qb} is the figure after the change, write '{way}到', not '{way}了')"
                        yield self.finding(
                            doc, c.by.start, c.b.end,
                            detail=f"从{qa}{way}了{qd}，应为{expect}，不是{qb}{note}",
                            detail_en=f"{qa} {way_en} by {qd} is {expect}, not {qb}{note_en}")
                    else:
                        shown = f"{_show(delta, _scale_of(c.by))}{c.by.unit}"
                        yield self.finding(
                            doc, c.by.start, c.by.end,
                            detail=f"从{qa}到{qb}{way}了{shown}，不是{qd}",
                            detail_en=f"from {qa} to {qb} is a change of {shown}, not {qd}")
            lo, hi = _rel_bounds(c.a, c.b)
            calc = delta / a
            if c.pct is not None and not c.pct_tight:
                p = c.pct.value or Decimal(0)
                if _clearly_off(lo * 100, hi * 100, p, _half_unit(c.pct), Decimal(1)):
                    word = "增幅" if c.up else "降幅"
                    sc = _scale_of(c.a)
                    hi_v, lo_v = (b, a) if c.up else (a, b)
                    diff = f"{_show(hi_v, sc)}−{_show(lo_v, sc)}"
                    yield self.finding(
                        doc, c.pct.start, c.pct.end,
                        detail=f"从{qa}{way}到{qb}，{word}应为{_fmt(round(calc * 100, 1))}%"
                               f"（({diff})÷{_show(a, sc)}），不是{_fmt(p)}%",
                        detail_en=f"from {qa} {way_en} to {qb} is a change of {_fmt(round(calc * 100, 1))}%, "
                                  f"not {_fmt(p)}%")
            if c.times is not None:
                n = c.times.value or Decimal(0)
                shift = Decimal(1) if c.times_to else Decimal(0)
                if _clearly_off(lo + shift, hi + shift, n, _half_unit(c.times), Decimal("0.1")):
                    ratio = _fmt(round(b / a, 2))
                    if c.times_to:
                        detail = f"从{qa}{way}到{qb}，是原来的{ratio}倍，不是{_fmt(n)}倍"
                        detail_en = f"{qa} to {qb} is {ratio} times the original, not {_fmt(n)}"
                    else:
                        by_n = _fmt(round(calc, 2))
                        detail = f"从{qa}{way}到{qb}，是原来的{ratio}倍，即{way}了{by_n}倍，不是{_fmt(n)}倍"
                        detail_en = f"{qa} to {qb} is {ratio} times the original, an increase of {by_n} times, " \
                                    f"not {_fmt(n)}"
                        if abs(b / a - n) <= _half_unit(c.times) + (hi - lo):
                            detail += f"（“{way}了N倍”不含原数；若指原来的N倍，应写“{way}到N倍”）"
                            detail_en += (f" ('{way}了N倍' excludes the original; for N times the original "
                                          f"write '{way}到N倍')")
                    yield self.finding(doc, c.times.start, c.times.end, detail=detail, detail_en=detail_en)

    def _repeated_figure(self, doc: Document) -> Iterator[Finding]:
        """A figure in the headline that the body states differently (``连续8年`` vs ``连续7年``)."""
        qs_ix = _Sorted(self._quantities(doc))
        text = self._norm(doc)
        for st in self._stories(doc):
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
                    yield self.finding(doc, hq.start, hq.end, body=doc.text[other.start:other.end],
                                       head=doc.text[hq.start:hq.end], key=key[-2:])

    _YEAR_SPAN = re.compile(
        r"(?P<y1>(?:1[6-9]|20)\d\d)(?:年)?(?:底|初)?(?:起)?(?P<sep>——|[到至—－\-～~])(?P<y2>(?:1[6-9]|20)\d\d)年")
    _SINCE = re.compile(r"(?:自|从)(?P<y1>(?:1[6-9]|20)\d\d)年(?:[^，。；\d]{0,8}?)(?:以来|起|开始)")

    def _elapsed_span(self, doc: Document) -> Iterator[Finding]:
        text = self._norm(doc)
        ref, _ = self._publication_date(doc)
        durs_ix = _Sorted([d for d in npx.find_durations(doc.text) if d.unit in ("年", "连") and d.cue in SPAN_CUES])
        for sent in doc.sentences:
            durs = [d for d in durs_ix.within(sent.start, sent.end) if d.end <= sent.end]
            if not durs:
                continue
            spans = list(self._YEAR_SPAN.finditer(text, sent.start, sent.end))
            if len(spans) == 1:
                y1, y2 = int(spans[0].group("y1")), int(spans[0].group("y2"))
                if y2 <= y1:
                    continue
                ok = {y2 - y1, y2 - y1 + 1}
                what = f"{y1}年至{y2}年"
            else:
                since = list(self._SINCE.finditer(text, sent.start, sent.end))
                if len(since) != 1 or ref is None or len(spans) > 1:
                    continue
                y1 = int(since[0].group("y1"))
                ok = {ref.year - y1 - 1, ref.year - y1, ref.year - y1 + 1}
                what = f"{y1}年至今（{ref.year}年）"
            if len(durs) != 1:
                continue
            d = durs[0]
            if d.cue == "连续" and len(spans) == 1:
                ok = {max(ok)}  # 连续N年 counts the years themselves: 2015–2021 is 7
            if d.n in ok:
                continue
            expect = "或".join(str(n) for n in sorted(ok) if n > 0)
            yield self.finding(doc, d.start, d.end, span=what, expect=expect, n=str(d.n))


def npx_edit(at: int) -> Edit:
    """Insert a percent sign at ``at`` (the end of the range's first number)."""
    return Edit(at, at, "%")


KIND = Numbers

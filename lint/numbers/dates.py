"""Dates and spans of years: impossible dates, weekdays, two-digit years, elapsed spans, the publication date.

The weekday and two-digit-year checks need the year of a date written without one: the publication date,
from the front matter, the file name, the text's date line or the configured `date`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator

from lint.document import Document
from lint.finding import Finding
from lint.numbers import parse as npx
from lint.numbers.common import Sorted, dates, norm
from lint.numbers.parse import DateRef
from lint.rules import Kind, memo

# Where the publication date came from, for the weekday message: (Chinese, English).
_WEEKDAY_FRAME_RE = re.compile(r"(星期|礼拜|周)[一二三四五六日天]|[\s（）()【】\[\]，,]")
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


SPAN_CUES = ("连续", "时间", "来", "间", "里", *("连" + v for v in "增涨降跌胜冠败"))


def impossible_date(k: Kind, doc: Document) -> Iterator[Finding]:
    for d in dates(doc):
        if d.lunar or (d.iso and not 1 <= d.month <= 12):
            continue
        problem = npx.date_problem(d)
        if problem:
            yield k.finding(doc, d.start, d.end, why=problem[0], why_en=problem[1])


def publication_date(doc: Document, config_date: str | None) -> tuple[dt.date | None, str]:
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
        cfg = npx.parse_iso_date(config_date)
        short: DateRef | None = None
        for d in dates(doc):
            if d.day is None or d.lunar or npx.date_problem(d):
                continue
            para = doc.paragraph_at(d.start)
            if para is None or para > 4:
                break
            after = norm(doc)[d.end:d.end + 2]
            if d.year is None:
                if short is None and after.startswith(("电", "讯")):
                    short = d
                continue
            p = doc.paragraphs[para]
            rest = (doc.text[p.start:d.start] + doc.text[d.end:p.end])
            rest = _WEEKDAY_FRAME_RE.sub("", rest)
            if not rest or after.startswith(("电", "讯")):
                return dt.date(d.year, d.month, d.day), "dateline"
        if short is not None and short.day is not None:
            year = npx.nearest_year(short.month, short.day, cfg) if cfg else _year_near(doc, short)
            if year is not None:
                return dt.date(year, short.month, short.day), "dateline-config" if cfg else "dateline-text"
        return (cfg, "config") if cfg else (None, "")
    return memo(doc, f"numbers.pub:{config_date}", build)


def _year_near(doc: Document, dl: DateRef) -> int | None:
    """The year of the full dates in the text within 31 days of a yearless dateline, if they agree."""
    years = set()
    for d in dates(doc):
        if d.year is None or d.day is None or dl.day is None or d.lunar or npx.date_problem(d):
            continue
        try:
            gap = abs((dt.date(d.year, dl.month, dl.day) - dt.date(d.year, d.month, d.day)).days)
        except ValueError:
            continue  # 2月29日 in a common year
        if gap <= 31:
            years.add(d.year)
    return years.pop() if len(years) == 1 else None


def weekday(k: Kind, doc: Document) -> Iterator[Finding]:
    for d in dates(doc):
        if d.weekday is None or d.weekday_span is None or d.day is None or d.lunar:
            continue
        if d.year is not None:
            year, src, src_en = d.year, "", ""
        else:
            ref, how = publication_date(doc, k.config.date)
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
        yield k.finding(doc, a, b, suggestions=[sugg], date=f"{year}年{d.month}月{d.day}日",
                        actual=npx.weekday_name(actual), source_note=src, source_note_en=src_en,
                        iso=f"{year:04d}-{d.month:02d}-{d.day:02d}",
                        actual_en=dt.date(year, d.month, d.day).strftime("%A"))


_TWO_DIGIT_YEAR = re.compile(
    r"(?<![\d.,:：'’A-Za-z])[’'‘]?(?P<yy>\d{2})年(?=\d{1,2}月|度|底|初(?!步)|末|上半年|下半年|第[一二三四1-4]季度)")


def two_digit_year(k: Kind, doc: Document) -> Iterator[Finding]:
    ref, _ = publication_date(doc, k.config.date)
    for m in _TWO_DIGIT_YEAR.finditer(norm(doc)):
        yy = int(m.group("yy"))
        pivot = (ref.year % 100 + 20) if ref else 30  # plans reach ahead (35年 → 2035 in 2023)
        full = (2000 if yy <= pivot else 1900) + yy
        yield k.finding(doc, m.start(), m.end("yy") + 1, suggestions=[f"{full}年"], year=str(full))


_YEAR_SPAN = re.compile(
    r"(?P<y1>(?:1[6-9]|20)\d\d)(?:年)?(?:底|初)?(?:起)?(?P<sep>——|[到至—－\-～~])(?P<y2>(?:1[6-9]|20)\d\d)年")

_SINCE = re.compile(r"(?:自|从)(?P<y1>(?:1[6-9]|20)\d\d)年(?:[^，。；\d]{0,8}?)(?:以来|起|开始)")


def elapsed_span(k: Kind, doc: Document) -> Iterator[Finding]:
    text = norm(doc)
    ref, _ = publication_date(doc, k.config.date)
    durs_ix = Sorted([d for d in npx.find_durations(doc.text) if d.unit in ("年", "连") and d.cue in SPAN_CUES])
    for sent in doc.sentences:
        durs = [d for d in durs_ix.within(sent.start, sent.end) if d.end <= sent.end]
        if not durs:
            continue
        spans = list(_YEAR_SPAN.finditer(text, sent.start, sent.end))
        if len(spans) == 1:
            y1, y2 = int(spans[0].group("y1")), int(spans[0].group("y2"))
            if y2 <= y1:
                continue
            ok = {y2 - y1, y2 - y1 + 1}
            what = f"{y1}年至{y2}年"
        else:
            since = list(_SINCE.finditer(text, sent.start, sent.end))
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
        yield k.finding(doc, d.start, d.end, span=what, expect=expect, n=str(d.n))


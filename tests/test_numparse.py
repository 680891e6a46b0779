"""The shared number layer: numerals, quantities, dates, weekdays, years, durations, ranges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lint.numbers import parse as npx


@pytest.mark.parametrize(("text", "value"), [
    ("16", "16"),
    ("40.2", "40.2"),
    ("1,000", "1000"),
    ("1.2万", "12000"),
    ("10337万", "103370000"),
    ("10亿231万", "1002310000"),
    ("10亿231万3245", "1002313245"),
    ("1.2万亿", "1200000000000"),
    ("12000亿", "1200000000000"),
    ("3千", "3000"),
    ("5千万", "50000000"),
    ("十五", "15"),
    ("两千", "2000"),
    ("一百零八", "108"),
    ("一万零三百三十七", "10337"),
    ("三百五十万", "3500000"),
    ("一点二万", "12000"),
    ("二十六点八", "26.8"),
    ("一点零三三七亿", "103370000"),
    ("百分之三十五", "35"),
    ("二〇二二", "2022"),
    ("二○○一", "2001"),          # ○ (white circle) as often typed for 〇
    ("１２", "12"),                # full-width digits
])
def test_parse_numeral(text: str, value: str) -> None:
    assert npx.parse_numeral(text) == Decimal(value)


@pytest.mark.parametrize("text", ["十五六", "三四", "五六万", "一万万万", ""])
def test_parse_numeral_rejects_approximations_and_malformed(text: str) -> None:
    assert npx.parse_numeral(text) is None


def test_format_decimal_is_exact() -> None:
    assert npx.format_decimal(Decimal(103370000) / Decimal(10) ** 8) == "1.0337"
    assert npx.format_decimal(Decimal("12000.0")) == "12000"
    assert npx.format_decimal(Decimal("2.58605")) == "2.58605"


def test_normalize_keeps_length_and_reads_middle_dot_decimal() -> None:
    text = "全年完成投资３．５亿元，增长１２％，共有1·5万人参加，北京·上海"
    norm = npx.normalize(text)
    assert len(norm) == len(text)
    assert "3.5亿元" in norm and "12%" in norm and "1.5万人" in norm and "北京·上海" in norm


@pytest.mark.parametrize(("s", "approx"), [
    ("三四", True), ("五六十", True), ("十五六", True), ("一两", True), ("七八百", True),
    ("三十四", False), ("一百二十三", False), ("一九九八", False), ("六九五", False),
])
def test_chinese_approximation(s: str, approx: bool) -> None:
    assert npx.is_cn_approximation(s) is approx


def _q(text: str) -> list[tuple[str, str, str | None, bool]]:
    return [(q.numeral, q.unit, None if q.value is None else npx.format_decimal(q.value), q.approx)
            for q in npx.find_quantities(text)]


def test_quantities_units_and_measure_words() -> None:
    got = _q("16家企业在列，申报发放补贴20人次6.9万元，资金10337万元，办结率100%，提高0.5个百分点。")
    assert got == [
        ("16", "家", "16", False), ("20", "人次", "20", False), ("6.9万", "元", "69000", False),
        ("10337万", "元", "103370000", False), ("100", "%", "100", False), ("0.5", "个百分点", "0.5", False),
    ]


def test_quantities_hedges_and_approximations() -> None:
    got = _q("甄别回复诉求150余件，约30人，三四个月，签约26个，超过5000人，10万元以上")
    assert got == [
        ("150", "件", "150", True), ("30", "人", "30", True), ("三四", "个月", None, True),
        ("26", "个", "26", False),   # 签约 is not the hedge 约
        ("5000", "人", "5000", True), ("10万", "元", "100000", True),
    ]


def test_chinese_words_are_not_numbers() -> None:
    assert _q("一些人一方面万一不行，千万不要十分着急，原“六九五”厂和“4050”人员") == [("4050", "", "4050", False)]


def test_percent_in_chinese_and_ordinals() -> None:
    qs = npx.find_quantities("增长百分之八点五，位居第5名")
    assert qs[0].is_percent and qs[0].value == Decimal("8.5") and qs[0].form == "chinese"
    assert qs[1].ordinal and not qs[1].exact


def test_quantity_not_glued_to_latin() -> None:
    assert _q("5G基站和U2乐队") == []


def test_find_dates_forms_and_weekdays() -> None:
    dates = npx.find_dates("1月10日（星期二），二〇二二年一月九日，2023年2月29日，2008-8-8，"
                           "农历八月十五日，12月5日是星期二，1月8日周日，2022年11月份")
    got = [(d.year, d.month, d.day, d.form, d.lunar, d.weekday, d.iso) for d in dates]
    assert got == [
        (None, 1, 10, "arabic", False, 1, False),
        (2022, 1, 9, "chinese", False, None, False),
        (2023, 2, 29, "arabic", False, None, False),
        (2008, 8, 8, "arabic", False, None, True),
        (None, 8, 15, "chinese", True, None, False),
        (None, 12, 5, "arabic", False, 1, False),
        (None, 1, 8, "arabic", False, 6, False),
        (2022, 11, None, "arabic", False, None, False),
    ]


def test_weekday_not_taken_from_next_line_or_unbalanced_bracket() -> None:
    assert npx.find_dates("截至12月31日\n星期一")[0].weekday is None
    assert npx.find_dates("1月10日（星期二，多云")[0].weekday is None


def test_months_that_are_not_dates() -> None:
    assert npx.find_dates("工期13个月，第13月，十三月") == []


@pytest.mark.parametrize(("y", "m", "d", "problem"), [
    (2024, 2, 29, None),          # leap year
    (2023, 2, 29, "2023年2月只有28天"),
    (2000, 2, 29, None),          # divisible by 400
    (1900, 2, 29, "1900年2月只有28天"),
    (None, 2, 29, None),          # year unknown: could be a leap year
    (None, 2, 30, "2月只有29天"),
    (2023, 4, 31, "4月只有30天"),
    (2023, 12, 31, None),
    (None, 13, None, "没有13月"),
    (None, 1, 0, "没有0日"),
])
def test_date_problem(y: int | None, m: int, d: int | None, problem: str | None) -> None:
    ref = npx.DateRef(0, 1, y, m, d, "arabic", False)
    got = npx.date_problem(ref)
    assert (got and got[0]) == problem
    assert (got is None) == (problem is None)


@pytest.mark.parametrize(("y", "m", "d", "weekday"), [
    (2023, 1, 10, "星期二"),
    (2024, 2, 29, "星期四"),
    (2022, 12, 31, "星期六"),
    (2001, 1, 1, "星期一"),
    (1998, 1, 1, "星期四"),
    (2100, 3, 1, "星期一"),
])
def test_weekday_across_years(y: int, m: int, d: int, weekday: str) -> None:
    wd = npx.weekday_of(y, m, d)
    assert wd is not None and npx.weekday_name(wd) == weekday


def test_weekday_of_impossible_date() -> None:
    assert npx.weekday_of(2023, 2, 29) is None


def test_nearest_year_crosses_new_year() -> None:
    assert npx.nearest_year(12, 30, dt.date(2023, 1, 2)) == 2022
    assert npx.nearest_year(1, 3, dt.date(2022, 12, 30)) == 2023
    assert npx.nearest_year(6, 1, dt.date(2023, 1, 11)) == 2023
    assert npx.nearest_year(2, 29, dt.date(2023, 1, 11)) == 2024  # only leap years have the day


def test_years() -> None:
    ys = npx.find_years("2015年获批，二〇二二年，90年代，1998年度")
    assert [(y.year, y.form) for y in ys] == [(2015, "arabic"), (2022, "chinese"), (1998, "arabic")]


def test_durations() -> None:
    got = [(d.n, d.unit, d.cue) for d in npx.find_durations(
        "连续7年获此称号，4年时间，实现“四连增”，近10年来，2015年，工作了19年，连续三年")]
    assert got == [(7, "年", "连续"), (4, "年", "时间"), (4, "连", "连增"), (10, "年", "近"), (3, "年", "连续")]


def test_ranges() -> None:
    text = "增长15～30%，9亿～16亿，3至5个百分点，2003—2005年"
    rs = npx.find_ranges(npx.find_quantities(text), text)
    got = [(text[r.low.start:r.low.end], r.sep, text[r.high.start:r.high.end]) for r in rs]
    assert got == [("15", "～", "30%"), ("9亿", "～", "16亿"), ("3", "至", "5个百分点"), ("2003", "—", "2005年")]


def test_numerals_read_without_cn2an_agree_with_cn2an() -> None:
    # The fast table (canonical forms below 10,000, digit-by-digit years) must give cn2an's value
    # for every entry, and the canonical writer cn2an's spelling for every n.
    import cn2an

    for n in range(10000):
        assert npx.an2cn_small(n) == cn2an.an2cn(n), n
    accepted = 0
    for n in range(10000):
        digits = "〇一二三四五六七八九"
        digit_forms = ("".join(digits[int(c)] for c in str(n).zfill(w)) for w in (1, 2, 3, 4) if n < 10 ** w)
        for s in {npx.an2cn_small(n), *digit_forms}:
            v = npx.common_numeral(s)
            assert v is not None and cn2an.cn2an(s, "normal") == v, s
            accepted += 1
            for scale in "万亿":
                v = npx.common_numeral(s + scale)
                assert v is None or v == cn2an.cn2an(s + scale, "normal"), s + scale
                accepted += v is not None
    assert accepted > 40000
    # Other forms are left to cn2an (a doubled 零, 一十五, 两百, 万 with a remainder, a trailing 零).
    assert [npx.common_numeral(s) for s in ("一千零零五", "一十五", "两百", "一万零三百", "五十零")] == [None] * 5


def _cn2an_decimal(s: str) -> Decimal | None:
    """What _cn_to_decimal made of cn2an's answer before the fast paths: Decimal(str(value)), None if refused."""
    import cn2an

    try:
        return Decimal(str(cn2an.cn2an(s, "normal")))
    except (ValueError, KeyError, IndexError):
        return None


def test_wider_numerals_read_without_cn2an_agree_with_cn2an() -> None:
    # 两 for 二, 万 with a remainder and decimals after 点 are read without cn2an (its import costs a large share
    # of a hook run): each string read so must give exactly what cn2an gave, Decimal spelling included (20.0).
    import itertools
    import random

    rng = random.Random(17)
    forms: list[str] = []
    for n in range(10000):
        c = npx.an2cn_small(n)
        twos = [i for i, ch in enumerate(c) if ch == "二"]
        for r in range(len(twos) + 1):  # every choice of 二 written 两 (两千二百, 二千两百 …)
            for sub in itertools.combinations(twos, r):
                forms.append("".join("两" if i in sub else ch for i, ch in enumerate(c)))
    for hi in (1, 2, 4, 12, 305, 9999):
        for lo in [*range(1, 1100), *range(1100, 10000, 7)]:
            h, low = npx.an2cn_small(hi), npx.an2cn_small(lo)
            forms += [f"{h}万零{low}", f"{h}万{low}"]
    forms += [f + "点" + "".join(rng.choice("零〇一二三四五六七八九两") for _ in range(rng.randint(1, 17)))
              for f in rng.sample(forms, 3000)]
    read = 0
    for s in forms:
        got = npx._without_cn2an(s)
        if got is not None:
            assert str(got) == str(_cn2an_decimal(s)), s
            read += 1
    assert read > 15000
    assert [str(npx._without_cn2an(s)) for s in ("两千", "六两", "四万零七百", "十三点二九", "二十点零零")] == [
        "2000", "62", "40700", "13.29", "20.0"]
    # Scales with no digit before them are refused without asking cn2an; cn2an refuses every one.
    for length in range(1, 5):
        for t in itertools.product("十百千万亿", repeat=length):
            s = "".join(t)
            if s[0] in "百千万亿":
                assert npx._cn_to_decimal(s) is None and _cn2an_decimal(s) is None, s

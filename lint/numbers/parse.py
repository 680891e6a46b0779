"""The number layer shared by the number rules: quantities, dates, weekdays, years, durations, ranges.

Everything works on ``normalize(text)``, which has the same length as the text (full-width digits,
``％`` and ``．`` become ASCII one for one), so every offset found here is an offset into the document.

Chinese numerals are converted with cn2an (``cn2an.cn2an(s, "normal")``): it validates the numeral
(``十五六`` or ``一点零三三七亿`` are rejected rather than misread) and reads digit-by-digit years
(``一九九八``). The common forms (canonical integers, 两 for 二, 万 with a remainder, decimals after 点) are
read here exactly as cn2an reads them (tests compare every form), so most runs never import it (about
0.2 s). It is not used for the rest, because:

* amounts need exact decimals: ``10337万`` → ``1.0337亿`` must not pass through a float, so Arabic digits
  and the 万/亿 scales are handled here with ``Decimal`` (cn2an's ``smart`` mode returns floats);
* cn2an does not read ``百分之……``, approximations from adjacent numerals (``三四个``, ``十五六岁``),
  ``几/多/余`` or the ``○``/full-width ``０`` that copy often has for ``〇``; those are recognised here
  and only the clean numeral is handed to cn2an.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

Form = Literal["arabic", "chinese", "mixed"]

# ---- normalisation ------------------------------------------------------------------------------
FULLWIDTH_DIGITS = "０１２３４５６７８９"
_NORMALIZE = str.maketrans(FULLWIDTH_DIGITS + "％．", "0123456789%.")


_DOT_DECIMAL = re.compile(r"(?<=\d)[·・](?=\d)")
_FULLWIDTH_RUN = re.compile(f"[{FULLWIDTH_DIGITS}％．]+")


def normalize(text: str) -> str:
    """Full-width digits, ``％`` and ``．`` to ASCII, and a middle dot between digits (``1·5万``, a common
    typesetting slip) to a decimal point; same length as ``text``."""
    # Only the runs of full-width characters are translated (a translation of the whole text costs more).
    out = _FULLWIDTH_RUN.sub(_ascii, text)
    return _DOT_DECIMAL.sub(".", out) if "·" in out or "・" in out else out


def _ascii(m: re.Match[str]) -> str:
    return m.group().translate(_NORMALIZE)


# ---- numerals -----------------------------------------------------------------------------------
CN_DIGITS = "零〇○一二三四五六七八九两"
CN_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "两": 2}
CN_POWERS = "十百千"
CN_POWER_VALUE = {"十": 10, "百": 100, "千": 1000}
WEEKDAY_NAMES = "一二三四五六日"

ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_NUM = rf"[{CN_DIGITS}十百千]+(?:点[{CN_DIGITS}]+)?"
_PIECE = rf"(?:{ARABIC}|{CN_NUM})(?:万亿|亿|万)?"
NUMERAL = rf"(?:{_PIECE})+"


_CN_UNITS = ("", "十", "百", "千")


def an2cn_small(n: int) -> str:
    """The canonical Chinese numeral of 0 <= n < 10,000, exactly as ``cn2an.an2cn(n)`` writes it
    (十五, 一百零五, 一千零五十, 二千零二十二); a test checks every n against cn2an."""
    if n == 0:
        return "零"
    digits = [int(c) for c in str(n)]
    out, zero = [], False
    for i, d in enumerate(digits):
        unit = _CN_UNITS[len(digits) - 1 - i]
        if d == 0:
            zero = True
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(("" if d == 1 and unit == "十" and i == 0 else "〇一二三四五六七八九"[d]) + unit)
    return "".join(out)


def common_numeral(s: str) -> int | None:
    """The value of a numeral read without importing cn2an (its import builds converters for about a
    second of a hook run): a canonical form below 10,000 (exactly what an2cn_small writes), digits
    read one by one (二〇二二), a canonical form followed by 万 or 亿 (三千万); None for anything else,
    which goes to cn2an. A test compares every
    string this accepts with cn2an."""
    if not s or len(s) > 9:
        return None
    if s[-1] in "万亿" and len(s) > 1:  # 一万, 三千万, 两亿: a canonical numeral times its scale
        small = common_numeral(s[:-1]) if s[-2] not in "万亿" else None
        if not small or an2cn_small(small) != s[:-1]:  # canonical forms only (cn2an refuses 〇一万)
            return None
        return small * (10000 if s[-1] == "万" else 100000000)
    if len(s) <= 4 and all(c in CN_DIGIT_VALUE and c not in "零○两" for c in s):
        return int("".join(str(CN_DIGIT_VALUE[c]) for c in s))
    total, digit = 0, None
    for c in s:
        if c in CN_POWER_VALUE:
            total += (1 if digit is None else digit) * CN_POWER_VALUE[c]
            digit = None
        elif c in CN_DIGIT_VALUE:  # 两 and ○ are read, then refused by the round trip below
            digit = CN_DIGIT_VALUE[c]
        else:
            return None
    total += digit or 0
    return total if total < 10000 and an2cn_small(total) == s else None


_DECIMAL_DIGITS = frozenset("零〇一二三四五六七八九")
_SCALES = frozenset("十百千万亿")


def _without_cn2an(s: str) -> Decimal | None:
    """cn2an's value (normal mode, as _cn_to_decimal turns it into a Decimal) of the numerals it reads like
    common_numeral, without importing it: 两 read as 二 (its normal mode takes them as one digit: 两千, 六两),
    and a decimal part after 点 of up to 16 digits, added with cn2an's own float arithmetic and rounding
    (十三点二九 -> 13.29, 二十点零 -> 20.0). None: ask cn2an. A test compares these with cn2an."""
    head, dot, tail = s.replace("两", "二").partition("点")
    v = common_numeral(head) if "万" not in head[:-1] else _wan_remainder(head)
    if v is None:
        return None
    if not dot:
        return Decimal(v)
    if not tail or len(tail) > 16 or not _DECIMAL_DIGITS.issuperset(tail):
        return None
    dec: float = 0
    for index in range(len(tail) - 1, -1, -1):  # cn2an's __decimal_convert, step for step
        dec += CN_DIGIT_VALUE[tail[index]] * 10 ** -(index + 1)
    dec = round(dec, len(tail))
    return Decimal(str(round(v + dec, len(tail))))


def _wan_remainder(s: str) -> int | None:
    """H万 and a remainder: 四万零七百, 十二万三千四百 (H and the remainder canonical below 10,000, as
    an2cn_small writes them; 零 before a remainder below 1,000 and only there)."""
    hi, wan, lo = s.partition("万")
    h = common_numeral(hi) if wan and hi and "万" not in lo else None
    if not h or an2cn_small(h) != hi or not lo:
        return None
    zero = lo[0] == "零"
    r = common_numeral(lo[1:] if zero else lo)
    if not r or an2cn_small(r) != (lo[1:] if zero else lo) or zero != (r < 1000):
        return None
    return h * 10000 + r


def _cn_to_decimal(s: str) -> Decimal | None:
    """A Chinese numeral below 万 (or digit by digit), via cn2an; None if malformed."""
    s = s.replace("○", "〇")
    if not s:
        return None
    common = _without_cn2an(s)
    if common is not None:
        return common
    if s[0] in "百千万亿" and _SCALES.issuperset(s):
        return None  # scales with no digit before them (千, 百万, 千千万万): cn2an refuses them all (a test checks)
    import cn2an

    try:
        val = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError):
        return None
    try:
        return Decimal(str(val))
    except InvalidOperation:
        return None


_MIXED_SMALL_RE = re.compile(rf"({ARABIC})([{CN_POWERS}])")
_ARABIC_RE, _CN_NUM_RE = re.compile(ARABIC), re.compile(CN_NUM)
_ARABIC_CHARS_RE = re.compile(r"[\d.,]")


def _mixed_small(s: str) -> Decimal | None:
    """A section below 万 that mixes an Arabic number with 十/百/千 (``3千``, ``1.5千``)."""
    m = _MIXED_SMALL_RE.fullmatch(s)
    if m:
        return Decimal(m.group(1).replace(",", "")) * CN_POWER_VALUE[m.group(2)]
    return None


def _section(s: str) -> Decimal | None:
    if not s:
        return Decimal(0)
    if _ARABIC_RE.fullmatch(s):
        return Decimal(s.replace(",", ""))
    if _CN_NUM_RE.fullmatch(s):
        return _cn_to_decimal(s.lstrip("零〇○") if len(s) > 1 else s)
    return _mixed_small(s)


@lru_cache(maxsize=4096)
def parse_numeral(s: str) -> Decimal | None:
    """Value of a numeral in Arabic, Chinese or mixed notation: ``1.2万``, ``10亿231万``, ``一万零三百``,
    ``二〇二二``, ``百分之三十五`` (→ 35). None when it is not a well-formed number (``三四``, ``十五六``)."""
    s = normalize(s)
    if s.startswith("百分之"):
        s = s[3:]
    if not s or is_cn_approximation(_ARABIC_CHARS_RE.sub("", s)):
        return None
    if not _ARABIC_CHARS_RE.search(s) and ("万" in s or "亿" in s) and "点" not in s:
        whole = _cn_to_decimal(s)  # cn2an reads 万/亿 in a pure Chinese numeral (一万零三百三十七)
        if whole is not None:
            return whole
    total = Decimal(0)
    parts = s.split("亿")
    if len(parts) > 2 and not all(parts[1:-1]):
        return None
    # ``1.2万亿``: the 万 binds to the number before 亿.
    for i, part in enumerate(parts):
        power = 8 * (len(parts) - 1 - i)
        if not part and i < len(parts) - 1:
            return None
        wan = part.split("万")
        if len(wan) > 2:
            return None
        val = Decimal(0)
        if len(wan) == 2:
            hi = _section(wan[0])
            lo = _section(wan[1])
            if hi is None or lo is None or not wan[0]:
                return None
            val = hi * 10000 + lo
        else:
            sec = _section(part)
            if sec is None:
                return None
            val = sec
        total += val * (Decimal(10) ** power)
    return total


def format_decimal(d: Decimal) -> str:
    """``Decimal('1.03370')`` → ``1.0337``; no exponent, no trailing zeros."""
    s = format(d.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


_DIGIT_RE = re.compile(r"\d")  # full-width digits are \d too: no normalize() needed
_CN_NUMERAL_CHAR_RE = re.compile(rf"[{CN_DIGITS}{CN_POWERS}]")


def numeral_form(s: str) -> Form:
    has_ar = bool(_DIGIT_RE.search(s))
    has_cn = bool(_CN_NUMERAL_CHAR_RE.search(s))
    if has_ar and has_cn:
        return "mixed"
    return "arabic" if has_ar else "chinese"


def is_cn_approximation(s: str) -> bool:
    """``三四``, ``五六十``, ``十五六``, ``一两``: two adjacent digits next to each other mean "about"."""
    if _is_digit_year(s):
        return False
    for a, b in itertools.pairwise(s):
        va, vb = CN_DIGIT_VALUE.get(a), CN_DIGIT_VALUE.get(b)
        if va and vb and vb == va + 1:
            return True
    return False


def _is_digit_year(s: str) -> bool:
    return len(s) == 4 and all(c in CN_DIGIT_VALUE for c in s)


# ---- quantities ---------------------------------------------------------------------------------
# Units and measure words after a number, longest first where one is a prefix of another.
MONEY_UNITS = ("元", "美元", "欧元", "日元", "港元", "英镑", "卢布", "韩元", "澳元", "加元", "新台币", "人民币")
UNITS = (
    "个百分点", "百分点", "%", "‰",
    *MONEY_UNITS,
    "人次", "户次", "架次", "车次", "批次", "个月", "个", "人", "名", "家", "位", "项", "件", "次", "岁", "年", "月",
    "日", "天", "周", "小时", "分钟", "秒", "吨", "公斤", "千克", "克", "斤", "平方公里", "平方千米", "平方米",
    "立方米", "千米", "公里", "厘米", "毫米", "米", "亩", "公顷", "台", "辆", "套", "户", "所", "座", "条", "场",
    "期", "批", "种", "类", "只", "头", "份", "篇", "部", "本", "张", "株", "棵", "艘", "架", "层", "倍", "届",
    "轮", "处", "支", "起", "例", "宗", "笔", "千瓦时", "千瓦", "兆瓦", "度", "升", "盘", "枚", "块", "栋", "间",
    "床", "册", "首", "集", "节", "课时", "学时", "所", "村", "亿", "万",
)
# longest first; ties by text, so every process builds the same pattern text (lint/rxcache.py keeps one entry)
_UNITS_RE = "|".join(re.escape(u) for u in sorted(set(UNITS), key=lambda u: (-len(u), u)))
APPROX_AFTER = "多余来几"
HEDGE_BEFORE = ("大约", "将近", "接近", "超过", "不到", "不足", "至少", "多达", "约", "近", "逾", "超")
# 约 in 签约/节约/合约 is not "about".
_NOT_HEDGE = ("签约", "节约", "制约", "预约", "公约", "条约", "合约", "邀约", "契约", "相约", "违约", "履约", "最近",
              "附近", "邻近", "靠近", "临近", "就近", "贴近", "赶超", "高超")
HEDGE_AFTER = ("以上", "以下", "左右", "上下", "之多", "开外")

QUANTITY_RE = re.compile(
    rf"(?<![A-Za-z\d.])(?P<pct>百分之)?(?P<num>{NUMERAL})(?P<approx>[{APPROX_AFTER}])?"
    rf"(?P<unit>{_UNITS_RE})?(?![A-Za-z])"
)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int            # end of the unit (or of the numeral when there is none)
    num_start: int
    num_end: int
    numeral: str        # as written, scale included (``10337万``)
    value: Decimal | None   # None for approximations (``三四``) and malformed numerals
    form: Form
    unit: str           # ``家``, ``元``, ``%``, ``个百分点`` … or ""
    approx: bool        # 三四个, 150余件, 约/近/超过 N, N以上
    ordinal: bool       # 第N

    @property
    def is_percent(self) -> bool:
        return self.unit == "%" or self.numeral.startswith("百分之")

    @property
    def exact(self) -> bool:
        return self.value is not None and not self.approx and not self.ordinal


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Numbers in text[start:end] with their unit or measure word. Chinese numerals count only with a
    unit, ``百分之`` or ``第`` (``一些``, ``万一``, ``十分`` are words, not numbers)."""
    norm = normalize(text)
    end = len(text) if end is None else end
    out: list[Quantity] = []
    for m in QUANTITY_RE.finditer(norm, start, end):
        numeral = m.group("num")
        unit = m.group("unit") or ""
        pct = bool(m.group("pct"))
        form = numeral_form(numeral)
        ordinal = norm[max(0, m.start() - 1):m.start()] == "第"
        if form == "chinese" and not (unit or pct or ordinal):
            continue
        if unit in ("亿", "万"):  # a trailing scale the numeral regex did not take (``三四万``)
            numeral, unit = numeral + unit, ""
        approx = bool(m.group("approx"))
        value: Decimal | None = None
        if form != "arabic" and is_cn_approximation(_ARABIC_CHARS_RE.sub("", numeral)):
            approx = True
        else:
            value = parse_numeral(numeral)
        left = norm[max(0, m.start() - 2):m.start()]
        right = norm[m.end():m.end() + 2]
        if (left.endswith(HEDGE_BEFORE) and left not in _NOT_HEDGE) or right in HEDGE_AFTER:
            approx = True
        if pct:
            unit = "%"
        out.append(Quantity(
            start=m.start(), end=m.end(), num_start=m.start("num"), num_end=m.end("num"),
            numeral=text[m.start("pct") if pct else m.start("num"):m.end("num")], value=value, form=form,
            unit=unit, approx=approx, ordinal=ordinal,
        ))
    return out


# ---- dates --------------------------------------------------------------------------------------
CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
CN_DAY = r"(?:三十[一]?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
CN_YEAR = rf"[{CN_DIGITS}]{{4}}"
_SP = r"[ \t\u3000]*"
_WEEKDAY = (rf"(?P<wsep>{_SP}[（(]?{_SP}(?:是)?)(?P<wday>(?:星期|礼拜)[一二三四五六日天]|周[一二三四五六日])"
            rf"(?P<wclose>{_SP}[)）])?")
DATE_RE = re.compile(
    rf"(?<![\d.])(?:(?P<y>\d{{4}})年(?:度)?)?(?P<m>\d{{1,2}})月(?:份)?(?:(?P<d>\d{{1,2}})日)?"
    rf"|(?<![{CN_DIGITS}十])(?:(?P<cy>{CN_YEAR})年)?(?P<cm>{CN_MONTH})月(?:(?P<cd>{CN_DAY})日)?"
)
ISO_DATE_RE = re.compile(r"(?<![\d.\-/])(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d\-])")
WEEKDAY_RE = re.compile(_WEEKDAY)
LUNAR_CUES = ("农历", "阴历", "夏历", "旧历")


@dataclass(frozen=True)
class DateRef:
    start: int
    end: int             # end of the date itself (before any weekday)
    year: int | None
    month: int
    day: int | None
    form: Form
    lunar: bool
    iso: bool = False
    weekday: int | None = None            # 0 = Monday, as datetime
    weekday_span: tuple[int, int] | None = None
    month_span: tuple[int, int] = (0, 0)
    day_span: tuple[int, int] | None = None


def _cn_small(s: str) -> int | None:
    val = _cn_to_decimal(s)
    return int(val) if val is not None and val == int(val) else None


def weekday_index(name: str) -> int:
    """``星期二``/``周二``/``礼拜天`` → 1 / 1 / 6 (Monday = 0)."""
    ch = name[-1]
    return 6 if ch in "日天" else "一二三四五六".index(ch)


def find_dates(text: str) -> list[DateRef]:
    """Gregorian dates ``2022年11月``, ``1月6日``, ``二〇二二年一月九日``, ``2008-8-8``, with a weekday
    written right after them (``1月10日（星期二）``, ``1月10日是星期二``, ``1月10日周二``)."""
    norm = normalize(text)
    out: list[DateRef] = []
    for m in DATE_RE.finditer(norm):
        if m.group("m"):
            if norm[m.end("m"):m.end("m") + 2] in ("个月",) or norm[max(0, m.start() - 1):m.start()] == "第":
                continue
            year = int(m.group("y")) if m.group("y") else None
            month = int(m.group("m"))
            day = int(m.group("d")) if m.group("d") else None
            form: Form = "arabic"
            mspan, dspan = m.span("m"), (m.span("d") if m.group("d") else None)
        else:
            if not (m.group("cy") or m.group("cd")):
                continue  # ``一月`` alone is too often a word part (十一月份 is caught with its day)
            year = None
            if m.group("cy"):
                yv = _cn_to_decimal(m.group("cy"))
                year = int(yv) if yv is not None else None
            month = _cn_small(m.group("cm")) or 0
            day = _cn_small(m.group("cd")) if m.group("cd") else None
            form = "chinese"
            mspan, dspan = m.span("cm"), (m.span("cd") if m.group("cd") else None)
        lunar = any(c in norm[max(0, m.start() - 4):m.start()] for c in LUNAR_CUES)
        wd, wspan = None, None
        w = WEEKDAY_RE.match(norm, m.end()) if day is not None else None
        if w and (w.group("wsep").strip(" \t（(") in ("", "是")):
            opened = "（" in w.group("wsep") or "(" in w.group("wsep")
            if opened == bool(w.group("wclose")):
                wd, wspan = weekday_index(w.group("wday")), w.span("wday")
        out.append(DateRef(m.start(), m.end(), year, month, day, form, lunar, False, wd, wspan, mspan, dspan))
    for m in ISO_DATE_RE.finditer(norm):
        out.append(DateRef(m.start(), m.end(), int(m.group("y")), int(m.group("m")), int(m.group("d")), "arabic",
                           False, True, None, None, m.span("m"), m.span("d")))
    out.sort(key=lambda d: d.start)
    return out


def days_in_month(month: int, year: int | None = None) -> int:
    """Days in a month; February has 29 when the year is unknown."""
    if month == 2:
        if year is None:
            return 29
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date_problem(d: DateRef) -> tuple[str, str] | None:
    """Why a date cannot exist (Chinese, English), or None: month 13, day 0, 2月30日, 2023年2月29日."""
    if not 1 <= d.month <= 12:
        return f"没有{d.month}月", f"there is no month {d.month}"
    if d.day is not None:
        if d.day < 1:
            return f"没有{d.day}日", f"there is no day {d.day}"
        limit = days_in_month(d.month, d.year)
        if d.day > limit:
            leap = bool(d.year) and d.month == 2
            return (f"{f'{d.year}年' if leap else ''}{d.month}月只有{limit}天",
                    f"month {d.month}{f' of {d.year}' if leap else ''} has only {limit} days")
    return None


def weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return _dt.date(year, month, day).weekday()
    except ValueError:
        return None


def weekday_name(i: int) -> str:
    return "星期" + WEEKDAY_NAMES[i]


def nearest_year(month: int, day: int, ref: _dt.date) -> int:
    """The year that puts month/day closest to ref (a story dated 2 January may speak of 30 December)."""
    best, best_gap = ref.year, None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            gap = abs((_dt.date(y, month, day) - ref).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def parse_iso_date(s: str | None) -> _dt.date | None:
    if not s:
        return None
    try:
        return _dt.date.fromisoformat(str(s).strip())
    except ValueError:
        return None


# ---- years, durations, ranges -------------------------------------------------------------------
YEAR_RE = re.compile(rf"(?<![\d.])(?P<y>(?:1[6-9]|20)\d\d)年(?!代)|(?<![{CN_DIGITS}])(?P<cy>{CN_YEAR})年(?!代)")


@dataclass(frozen=True)
class YearRef:
    start: int
    end: int
    year: int
    form: Form


def find_years(text: str) -> list[YearRef]:
    norm = normalize(text)
    out = []
    for m in YEAR_RE.finditer(norm):
        if m.group("y"):
            out.append(YearRef(m.start(), m.end(), int(m.group("y")), "arabic"))
        else:
            v = _cn_to_decimal(m.group("cy"))
            if v is not None and 1600 <= v <= 2100:
                out.append(YearRef(m.start(), m.end(), int(v), "chinese"))
    return out


# Each number is tried only where its run starts (the lookbehinds): the leftmost match is the same,
# and a long run of digits or numerals stays linear.
_SPAN_NUM = rf"(?:(?<!\d)\d+|(?<![{CN_DIGITS}十])[{CN_DIGITS}十]+)"
DURATION_RE = re.compile(
    rf"(?P<pre>连续|历时|用了|花了|经过|近|整整)?(?P<n>{_SPAN_NUM})(?P<unit>年|个月|天)(?P<post>时间|来|间|里|之久)?"
    rf"|(?<![{CN_DIGITS}十])(?P<cn>[{CN_DIGITS}十]+)连(?P<verb>[增涨降跌胜冠败])"
)


@dataclass(frozen=True)
class Duration:
    start: int
    end: int
    n: int
    unit: str            # 年, 个月, 天, 连
    cue: str             # 连续, 时间, 来, 连增 …: what makes it a span rather than a date


def find_durations(text: str, start: int = 0, end: int | None = None) -> list[Duration]:
    """Elapsed spans: ``连续7年``, ``4年时间``, ``近10年来``, ``四连增``. A bare ``7年`` is not one
    (it may be a year or an age)."""
    norm = normalize(text)
    end = len(text) if end is None else end
    out = []
    for m in DURATION_RE.finditer(norm, start, end):
        if m.group("cn"):
            v = _cn_to_decimal(m.group("cn"))
            if v is not None and v == int(v):
                out.append(Duration(m.start(), m.end(), int(v), "连", "连" + m.group("verb")))
            continue
        cue = m.group("pre") or m.group("post")
        if not cue:
            continue
        if m.start("n") > 0 and (norm[m.start("n") - 1].isdigit() or norm[m.start("n") - 1] in CN_DIGITS + "十第"):
            continue
        v = parse_numeral(m.group("n"))
        if v is None or v != int(v) or (m.group("unit") == "年" and v > 200):
            continue
        out.append(Duration(m.start(), m.end(), int(v), m.group("unit"), cue))
    return out


RANGE_SEP = "～~—–－-至到"


@dataclass(frozen=True)
class Range:
    low: Quantity
    high: Quantity
    sep: str


def find_ranges(quantities: list[Quantity], text: str) -> list[Range]:
    """Adjacent quantities joined by a range connector: ``15%～30%``, ``9亿～20亿``, ``3至5个百分点``."""
    out = []
    for a, b in itertools.pairwise(quantities):
        sep = text[a.end:b.start]
        if (len(sep) == 1 and sep in RANGE_SEP) or sep == "——":
            out.append(Range(a, b, sep))
    return out

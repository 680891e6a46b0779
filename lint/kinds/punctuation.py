"""punctuation: GB/T 15834—2011 punctuation checks and Han–Latin spacing; one detector per rule.

YAML::

    kind: punctuation
    check: width            # which detector, see CHECKS
    case: quoted            # enumeration-comma and connector: which case
    mode: inconsistent      # enumeration-comma/quoted: inconsistent (default) or always
    strict: false           # dash: also flag a three-dash run (———)
    convention: none        # han-spacing, spacing-consistency: none (newsroom) or space (tech docs)

Detectors find candidates with str.find or `in` (fast C scans, much cheaper than a regex character
class over Chinese text) or with regexes that start with a literal, then look only at the characters
next to each candidate (lint/marks.py): the cost is linear in the text and near zero on clean copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from lint import resources
from lint.chars import han_after, han_before, is_han
from lint.config import Config
from lint.conventions import convention
from lint.document import Document
from lint.finding import Edit, Finding, Fix
from lint.marks import (
    CLOSERS,
    DIGITS,
    NUMERIC,
    OPENER_OF,
    OPENERS,
    Ignored,
    apostrophe,
    by_paragraph,
    find_all,
    find_any,
    is_zh,
    last_of,
    latin,
    next_nonspace,
    prev_nonspace,
    scan_pairs,
    zh_after_number,
    zh_before_number,
    zh_next,
)
from lint.rules import Kind, Opt, Rule

# Han script (with 〇), as a character class for the stdlib `re`.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_ASCII_DIGITS = frozenset("0123456789")
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ALNUM_PCT = _ALNUM | {"%"}
_ASCII_DIGITS_DOT = frozenset("0123456789.")
_HAN_RE = re.compile(f"[{HAN}]")

Detector = Callable[["Punctuation", Document], Iterator[Finding]]


# ---- the kind -----------------------------------------------------------------------------------
class Punctuation(Kind):
    name = "punctuation"
    REQUIRED = ("check",)
    RELEASES = ("marks.",)  # (Kind.RELEASES)

    @classmethod
    def validate(cls, options: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
        yield from super().validate(options)
        check = options.get("check")
        if not isinstance(check, str) or check not in cls.CHECKS:
            return
        cases = cls.CHECKS[check]
        if isinstance(cases, dict):
            if options.get("case") not in list(cases):
                yield "case", f"check {check} needs 'case' in {', '.join(cases)}"
        elif "case" in options:
            yield "case", f"check {check} takes no 'case'"

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        entry = self.CHECKS[self.options["check"]]
        self._detector: Detector = entry[self.options["case"]] if isinstance(entry, dict) else entry
        self._messages: dict[tuple[str, str], tuple[str, str]] = {}

    def check(self, doc: Document) -> Iterator[Finding]:
        return self._detector(self, doc)

    # ---- width ----------------------------------------------------------------------------------
    _WIDTH_CHARS = ",;:?!.()\"'~"
    _FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）", "~": "～"}
    _ENTITY_RE = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,6})$")

    def _width(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        ignored = Ignored(doc)
        for a, b, cands in by_paragraph(doc, find_any(text, self._WIDTH_CHARS)):
            parens: list[int] = []
            pairs: list[tuple[int, int]] = []
            dq: list[int] = []
            sq: list[int] = []
            for i in cands:
                if ignored(i):
                    continue
                ch = text[i]
                if ch == "(":
                    parens.append(i)
                elif ch == ")":
                    if parens:
                        pairs.append((parens.pop(), i))
                elif ch == '"':
                    if not (i > a and text[i - 1] in DIGITS) or zh_next(text, i + 1, b):
                        dq.append(i)  # not an inch mark (5")
                elif ch == "'":
                    if not apostrophe(text, i, a, b):
                        sq.append(i)
                elif self._mark_in_chinese(text, i, a, b):
                    yield self._mark(doc, i, self._FULL[ch])
            for o, c in pairs:
                if self._paren_pair_chinese(text, o, c, a, b):
                    yield self._mark(doc, o, "（")
                    yield self._mark(doc, c, "）")
            yield from self._quotes(doc, dq, "“", "”", a, b)
            yield from self._quotes(doc, sq, "‘", "’", a, b)

    def _mark(self, doc: Document, i: int, sugg: str) -> Finding:
        """Finding for one mark at i replaced by sugg. Copy pasted through an English-mode input
        method has thousands; the messages depend only on (mark, suggestion), so they are cached."""
        key = (doc.text[i], sugg)
        msgs = self._messages.get(key)
        if msgs is None:
            f = self.finding(doc, i, i + 1, suggestions=[sugg])
            self._messages[key] = (f.message, f.message_en)
            return f
        rule, end = self.rule, i + 1  # one int object for both ends: ~32 B a finding
        return Finding(rule=rule.id, category=rule.category, level=rule.level, offset=i, end_offset=end,
                       message=msgs[0], message_en=msgs[1], suggestions=[sugg],
                       fix=Fix(rule.fix, (Edit(i, end, sugg),)) if rule.fix else None, source=rule.source)

    def _mark_in_chinese(self, text: str, i: int, a: int, b: int) -> bool:
        ch = text[i]
        left = text[i - 1] if i > a else ""
        right = text[i + 1] if i + 1 < b else ""
        if ch in ",:~" and left in DIGITS and right in DIGITS:
            if ch != "~":
                return False  # 1,000  10:30  3:1
            return zh_before_number(text, i, a) or zh_after_number(text, i + 1, b)
        if ch == "~":
            return False
        if ch == ";" and self._ENTITY_RE.search(text, max(a, i - 12), i):
            return False  # &amp;
        if ch == ":" and right in "/()":
            return False  # a scheme (http:/) or an emoticon :)
        if ch == "!" and right == "[":
            return False  # Markdown image
        lc = prev_nonspace(text, i, a)
        rc = next_nonspace(text, i + 1, b)
        if ch == ".":
            if left == "." or right == "." or not (is_zh(left) or (left in "%％" and zh_before_number(text, i, a))):
                return False
            return right == "" or rc == "" or is_zh(rc) or rc in "\"'"
        if is_zh(lc) or (lc in NUMERIC and zh_before_number(text, i, a)):
            return True
        if ch in "?!" and latin(left):
            return False  # Yahoo!
        return is_zh(rc)

    @staticmethod
    def _paren_pair_chinese(text: str, o: int, c: int, a: int, b: int) -> bool:
        left = text[o - 1] if o > a else ""
        if left == "]":
            return False  # Markdown link target
        if _HAN_RE.search(text, o + 1, c):
            return True
        right = text[c + 1] if c + 1 < b else ""
        return (left == "" or is_zh(left)) and (right == "" or is_zh(right)) and (left != "" or right != "")

    def _quotes(self, doc: Document, marks: list[int], op: str, cl: str, a: int, b: int) -> Iterator[Finding]:
        if not marks:
            return
        text = doc.text
        if len(marks) % 2:
            # Odd count: open/close cannot be told apart by position; report without a fix.
            for k, i in enumerate(marks):
                left = text[i - 1] if i > a else ""
                right = text[i + 1] if i + 1 < b else ""
                if is_zh(left) or is_zh(right):
                    yield self.finding(doc, i, i + 1, suggestions=[op if k % 2 == 0 else cl], edits=[])
            return
        for k in range(0, len(marks), 2):
            o, c = marks[k], marks[k + 1]
            left = text[o - 1] if o > a else ""
            right = text[c + 1] if c + 1 < b else ""
            if _HAN_RE.search(text, o + 1, c) or is_zh(left) or is_zh(right):
                yield self.finding(doc, o, o + 1, suggestions=[op])
                yield self.finding(doc, c, c + 1, suggestions=[cl])

    # ---- pairs ----------------------------------------------------------------------------------
    def _pairs(self, doc: Document) -> Iterator[Finding]:
        scan = scan_pairs(doc)
        text = doc.text
        for pos in scan.unclosed:
            ch = text[pos]
            yield self.finding(doc, pos, pos + 1, missing=CLOSERS[OPENERS.index(ch)],
                               missing_en=f"closing {CLOSERS[OPENERS.index(ch)]}")
        for pos in scan.unopened:
            ch = text[pos]
            yield self.finding(doc, pos, pos + 1, missing=OPENER_OF[ch], missing_en=f"opening {OPENER_OF[ch]}")

    def _quote_nesting(self, doc: Document) -> Iterator[Finding]:
        for o, c in scan_pairs(doc).nested:
            yield self.finding(doc, o, c + 1, suggestions=["‘" + doc.text[o + 1:c] + "’"],
                               edits=[Edit(o, o + 1, "‘"), Edit(c, c + 1, "’")])

    # ---- dash -----------------------------------------------------------------------------------
    _DASH_RUN_RE = re.compile("[-－―─—]{2,}")
    _DASH_TRIGGERS = ("--", "－－", "―", "─", "————", "—－", "－—", "-—", "—-")
    _DASH_LEFT = frozenset("，。；：？！”’）》")
    _DASH_RIGHT = frozenset("“‘（《")

    def _dash(self, doc: Document) -> Iterator[Finding]:
        strict = bool(self.options.get("strict", False))
        text = doc.text
        if not any(t in text for t in self._DASH_TRIGGERS) and not (strict and "———" in text):
            return
        n = len(text)
        for m in self._DASH_RUN_RE.finditer(text):
            s, a, b = m.group(), m.start(), m.end()
            if s == "——" or len(s) > 6 or (s == "———" and not strict):
                continue  # the right form; a rule line; a three-dash run (a common keying variant)
            left = text[a - 1] if a else ""
            right = text[b] if b < n else ""
            if is_han(left) and is_han(right) and self._places_either_side(text, a, b):
                # 菏泽--济南: a connector between place names (GB/T 15834 §4.13) is one dash; the
                # writer may still have meant a 破折号, so it is a suggestion without a fix.
                yield self.finding(doc, a, b, suggestions=["—", "——"], edits=[], what="连接号",
                                   what_en="connector")
            elif is_han(left) or left in self._DASH_LEFT or is_han(right) or right in self._DASH_RIGHT:
                yield self.finding(doc, a, b, suggestions=["——"], what="破折号", what_en="Chinese dash")

    # What follows X—Y when the dash joins two places into a route (菏泽—济南城际, 北京—上海段).
    _ROUTE_NEXT = re.compile(r"(?:段|线|航线|高速|公路|铁路|高铁|动车|列车|班车|航班|城际|客运|货运|往返|间|之间|"
                             r"干线|专线|管道|沿线|直通车|快速路|[，。；、）)]|$)")

    @classmethod
    def _places_either_side(cls, text: str, a: int, b: int) -> bool:
        """The words touching text[a:b] on both sides are place names (jieba's ns tags) and the pair
        is a route (a route word or the end of the clause follows), not an apposition (北京——中国的首都)."""
        tagger = resources.jieba_posseg()
        left = list(tagger.cut(han_before(text, a, 8)))
        right = list(tagger.cut(han_after(text, b, 8)))
        if not (left and right and left[-1].flag.startswith("ns") and right[0].flag.startswith("ns")):
            return False
        return cls._ROUTE_NEXT.match(text, b + len(right[0].word)) is not None

    # ---- ellipsis -------------------------------------------------------------------------------
    _ELLIPSIS_SEEDS = ("...", "。。。", "···", "•••", "・・・", "⋯", "…")

    def _ellipsis(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        n = len(text)
        spans: set[tuple[int, int]] = set()
        for seed in self._ELLIPSIS_SEEDS:
            if seed not in text:
                continue
            c = seed[0]
            for p in find_all(text, seed):
                a, b = p, p + len(seed)
                while a > 0 and text[a - 1] == c:
                    a -= 1
                while b < n and text[b] == c:
                    b += 1
                spans.add((a, b))
        for a, b in sorted(spans):
            s = text[a:b]
            if s == "……":
                continue
            if s[0] == ".":
                left = text[a - 1] if a else ""
                right = text[b] if b < n else ""
                lc, rc = prev_nonspace(text, a, max(0, a - 4)), next_nonspace(text, b, min(n, b + 4))
                if not (is_zh(lc) or is_zh(rc)) or (latin(left) and not is_zh(right)):
                    continue  # English "Wait..." or code
            if s[0] == "…" and len(s) != 1:
                if len(s) == 4 and text[a - 1:a] in ("", "\n") and text[b:b + 1] in ("", "\n", "\r"):
                    continue  # twelve dots on a line of their own: omitted lines (GB/T 15834 §4.11.3.6)
                yield self.finding(doc, a, b, suggestions=["……"], edits=[])
                continue
            yield self.finding(doc, a, b, suggestions=["……"])

    _ETC_AFTER_RE = re.compile(
        r"[，。；：、”’）」』！？\n]|$|方面|领域|地区|地方|单位|部门|问题|情况|内容|工作|活动|项目|行业|企业|国家|"
        r"城市|措施|形式|多[个种项家]|[一二三四五六七八九十几数百千万\d]+[个种项名家所件类]")

    def _ellipsis_etc(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for p in sorted(find_all(text, "…等") + find_all(text, "⋯等")):
            a = p + 1
            b = a + 2 if text.startswith("等等", a) else a + 1
            if b == a + 1 and not self._ETC_AFTER_RE.match(text, b):
                # 等 + anything else: an enumeration only if the clause before the ellipsis lists items.
                k = a - 1
                while k > 0 and text[k - 1] in "…⋯":
                    k -= 1
                clause = last_of(text, "，。；：！？“（\n", k - 1, max(0, k - 40)) + 1
                if "、" not in text[clause:k]:
                    continue
            yield self.finding(doc, a, b, suggestions=[""])

    # ---- doubled --------------------------------------------------------------------------------
    _DOUBLED_RE = re.compile("[，、；：。？！][，、；：。？！]+")
    _COMMA_LIKE = frozenset("，、；：")

    def _doubled(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in self._DOUBLED_RE.finditer(text):
            s, a = m.group(), m.start()
            if s[0] in "？！" and s[1] in "？！":
                continue  # ？！ ？？ ！！ may be repeated for emphasis (GB/T 15834 §4.2.3, §4.3.3)
            if s[0] == "。" and s[1] == "。":
                if len(s) == 2 and text[m.end():m.end() + 1] != "。" and text[a - 1:a] != "。":
                    yield self.finding(doc, a, a + 2, suggestions=["。"])
                continue  # three or more: an ellipsis, reported by the ellipsis rule
            if s[0] in self._COMMA_LIKE and s[1] == s[0]:
                b = a + 1
                while b < m.end() and text[b] == s[0]:
                    b += 1
                yield self.finding(doc, a, b, suggestions=[s[0]])
            elif s[0] in self._COMMA_LIKE or s[1] in self._COMMA_LIKE:
                yield self.finding(doc, a, a + 2, edits=[])

    # ---- enumeration comma (顿号) ------------------------------------------------------------------
    _CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}
    _APPROX_RE = re.compile("、[二三四五六七八九]")
    _APPROX_AFTER_RE = re.compile(
        r"(?![、])(?=[十百千万亿]|个|名|位|人|天|年(?!级|代)|岁|倍|成|斤|公斤|公里|里|米|小时|分钟|家|种|件|只|头|辆|"
        r"所|座|户|遍|趟|周|本|块|元|张|台)")
    _NOT_BEFORE_APPROX = frozenset("第、零〇一二三四五六七八九十百千两")

    def _enumeration_comma_approximation(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in self._APPROX_RE.finditer(text):
            p = m.start()
            if p == 0:
                continue
            x, y = self._CN_DIGIT.get(text[p - 1], -1), self._CN_DIGIT[text[p + 1]]
            if x < 1 or y != x + 1 or not self._APPROX_AFTER_RE.match(text, p + 2):
                continue
            k = p - 2  # before the first numeral: nothing numeric, except a tens prefix (十七、八岁)
            if k >= 0 and text[k] == "十":
                k -= 1 if k >= 1 and text[k - 1] in "二三四五六七八九" else 0
                k -= 1
            if k >= 0 and text[k] in self._NOT_BEFORE_APPROX:
                continue
            yield self.finding(doc, p - 1, p + 2, suggestions=[text[p - 1] + text[p + 1]])

    _QUOTED_RE = re.compile(r"([”》])、([“《])")

    def _enumeration_comma_quoted(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if "、" not in text:
            return
        if self.options.get("mode", "inconsistent") == "inconsistent" and "”“" not in text and "》《" not in text:
            return
        for m in self._QUOTED_RE.finditer(text):
            if (m.group(1) == "”") != (m.group(2) == "“"):
                continue  # mixed kinds of items
            yield self.finding(doc, m.start(), m.end(), suggestions=[m.group(1) + m.group(2)])

    _CONJ_RE = re.compile("、([和及与或])")
    _CONJ_WORDS = ("或者", "及其")
    # Words that begin with a conjunction character but are not the conjunction (和平, 及时, 与会 …).
    _NOT_CONJ = re.compile(r"和(?:平|睦|谐|蔼|煦|解|气|约|尚|声|弦|缓|美|风|善|田|局|棋|暖|顺|衷|盘|亲|面|合)"
                           r"|及(?:时|格|早|第|至|物)|与(?:会|日俱增|时俱进|众不同|其|否|人为善)|或(?:许|然|多或少|是)")

    def _enumeration_comma_conjunction(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in self._CONJ_RE.finditer(text):
            c = m.start(1)
            if m.start() and text[m.start() - 1] in "0123456789一二三四五六七八九十":
                continue  # a list number (9、)
            if text.startswith(self._CONJ_WORDS, c):
                pass
            elif self._NOT_CONJ.match(text, c):
                continue
            # 与社会、与法律: the same preposition repeated before each item is not a conjunction.
            seg_start = last_of(text, "，。；：！？、“（\n", m.start() - 1, max(0, m.start() - 20)) + 1
            if text[c] in text[seg_start:m.start()]:
                continue
            yield self.finding(doc, m.start(), m.start() + 1, suggestions=[""])

    # ---- connectors -----------------------------------------------------------------------------
    _TIME_RANGE_RE = re.compile(
        r"(?<![\d.])(?:(?:1[5-9]|20)\d\d[～~](?:1[5-9]|20)\d\d(?=年)"
        r"|\d{1,2}月(?:\d{1,2}日)?[～~]\d{1,2}[月日]"
        r"|\d{1,2}[:：]\d\d[～~]\d{1,2}[:：]\d\d)"
        f"|[{HAN}]{{2,5}}[～~][{HAN}]{{2,5}}(?=高铁|铁路|公路|高速|航线|航班|动车|列车|管道|段|线)")

    def _connector_time_place(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for p in find_any(text, "～~"):
            lo = max(0, p - 12)
            for m in self._TIME_RANGE_RE.finditer(text, lo, min(len(text), p + 12)):
                s = m.group()
                if m.start() + (s.find("～") if "～" in s else s.find("~")) == p:
                    yield self.finding(doc, p, p + 1, suggestions=["—"])
                    break

    def _ranges(self, text: str, connectors: str) -> Iterator[tuple[int, int, int, int, str]]:
        """(start, connector, end, first-number end, unit) for number–connector–number in text."""
        n = len(text)
        for p in find_any(text, connectors):
            if p == 0 or p + 1 >= n or text[p + 1] not in _ASCII_DIGITS:
                continue
            e1 = p
            if text[e1 - 1] in "%％":
                e1 -= 1
            a = e1
            while a > 0 and text[a - 1] in _ASCII_DIGITS_DOT:
                a -= 1
            if a == e1 or not text[a].isdigit() or (a > 0 and text[a - 1] in "%％"):
                continue
            b = p + 1
            while b < n and text[b] in _ASCII_DIGITS_DOT:
                b += 1
            if text[b - 1] == ".":
                b -= 1
            yield a, p, b, e1, text[b:b + 1]

    _NOT_VALUE = frozenset("年月日时分秒点:：型号次版期届")  # times and model numbers
    _UNIT_SIGNS = frozenset("%％℃℉°‰")

    def _connector_range_mixed(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if "～" not in text or "—" not in text:
            return
        marks = []
        for a, p, b, _e1, unit in self._ranges(text, "～—"):
            if not unit or unit in self._NOT_VALUE or not (unit in self._UNIT_SIGNS or is_han(unit)
                                                            or (latin(unit) and text[p] == "～")):
                continue  # a time range, or not followed by a unit
            if p - a == 4 and b - p - 1 == 4:
                continue  # 1998—1999财政年度: years
            marks.append((p, text[p]))
        if len({c for _, c in marks}) < 2:
            return
        tilde = sum(1 for _, c in marks if c == "～")
        major = "～" if tilde * 2 >= len(marks) else "—"
        for pos, c in marks:
            if c != major:
                yield self.finding(doc, pos, pos + 1, suggestions=[major], count=len(marks))

    # ---- spacing (style) ------------------------------------------------------------------------
    _ALNUM_RUN_RE = re.compile("[A-Za-z0-9]+")

    @staticmethod
    def _spaced(doc: Document) -> list[tuple[int, int]]:
        """Runs of one or two spaces between Han and a Latin letter or digit (or %), either order,
        not next to a URL, e-mail address or code. Longer runs align columns and are left alone."""
        text = doc.text
        n = len(text)
        ignored = Ignored(doc)
        out = []
        last = -1
        for p in find_any(text, " \u00a0"):
            if p < last or p == 0:
                continue
            q = p
            while q < n and text[q] in " \u00a0":
                q += 1
            last = q
            if q - p > 2 or q == n:
                continue
            left, right = text[p - 1], text[q]
            if ((is_han(left) and right in _ALNUM) or (left in _ALNUM_PCT and is_han(right))) and not (
                    ignored(q) or ignored(p - 1)) and not convention(text, p, q, text.rfind("\n", 0, p) + 1):
                out.append((p, q))  # not the separator after 第N条, a dateline or a byline label
        return out

    def _han_spacing(self, doc: Document) -> Iterator[Finding]:
        if self.options.get("convention", "none") == "space":
            yield from self._missing_space(doc)
            return
        text = doc.text
        for a, b in self._spaced(doc):
            yield self.finding(doc, a, b, suggestions=[""], edits=None if self._two_sided(text, a, b) else [],
                               want="不加空格（新闻稿体例）", want_en="take no space (newsroom style)")

    @staticmethod
    def _two_sided(text: str, a: int, b: int) -> bool:
        """位居 11 月份: spaces on both sides of the Latin/digit stretch between two Han characters are
        the tech-docs habit; a space on one side only may separate a headline's parts, so no fix."""
        if is_han(text[a - 1]):  # Han, space, token …: the char before the next Han must be a space
            j, stop = b, min(len(text), b + 40)
            while j < stop and text[j] != "\n" and not is_han(text[j]):
                j += 1
            return j < stop and is_han(text[j]) and text[j - 1] in " \u00a0"
        j, stop = a - 1, max(-1, a - 41)
        while j > stop and text[j] != "\n" and not is_han(text[j]):
            j -= 1
        return j > stop and is_han(text[j]) and text[j + 1] in " \u00a0"

    def _tight(self, text: str) -> list[int]:
        """Offsets p where text[p-1] and text[p] are Han and Latin/digit (either order), no space."""
        out = []
        n = len(text)
        for m in self._ALNUM_RUN_RE.finditer(text):
            a, b = m.start(), m.end()
            if a and is_han(text[a - 1]):
                out.append(a)
            if b < n and is_han(text[b]):
                out.append(b)
        return out

    def _missing_space(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for p in self._tight(text):
            yield self.finding(doc, p - 1, p + 1, suggestions=[text[p - 1] + " " + text[p]], edits=[Edit(p, p, " ")],
                               want="应加空格（技术文档体例）", want_en="take a space (tech-docs style)")

    def _spacing_consistency(self, doc: Document) -> Iterator[Finding]:
        spaced = self._spaced(doc)
        if not spaced:
            return
        tight = self._tight(doc.text)
        least = int(self.options.get("min-count", 1))
        if min(len(spaced), len(tight)) < least:
            return
        if self.options.get("convention", "none") == "space":
            first = tight[0]
            yield self.finding(doc, first - 1, first + 1, spaced=len(spaced), tight=len(tight))
        else:
            first = spaced[0][0]
            yield self.finding(doc, first, first + 1, spaced=len(spaced), tight=len(tight))


    # check name → detector, or for a check with cases, case → detector; the keys are the `check:` and
    # `case:` values a rule may name.
    CHECKS: ClassVar[dict[str, Detector | dict[str, Detector]]] = {
        "width": _width,                        # half-width , . ; : ? ! ( ) " ' ~ in Chinese context
        "pairs": _pairs,                        # unbalanced quotes and brackets within a paragraph
        "quote-nesting": _quote_nesting,        # double quotes nested directly in double quotes
        "dash": _dash,                          # malformed dashes (--, －－, ――, ————)
        "ellipsis": _ellipsis,                  # malformed ellipses (..., 。。。, ···, a single …)
        "ellipsis-etc": _ellipsis_etc,          # an ellipsis followed by 等/等等
        "doubled": _doubled,                    # doubled or clashing marks (，， 。。 ，。)
        "enumeration-comma": {                  # 顿号 rules
            "approximation": _enumeration_comma_approximation,
            "quoted": _enumeration_comma_quoted,
            "conjunction": _enumeration_comma_conjunction,
        },
        "connector": {                          # range connectors
            "time-place": _connector_time_place,
            "range-mixed": _connector_range_mixed,
        },
        "han-spacing": _han_spacing,            # spaces between Han and Latin letters or digits (convention)
        "spacing-consistency": _spacing_consistency,  # a story mixing spaced and unspaced Han–Latin boundaries
    }
    OPTIONS = {
        "check": "detector: " + ", ".join(CHECKS),
        "case": "enumeration-comma: approximation|quoted|conjunction; connector: time-place|range-mixed",
        "mode": Opt("enumeration-comma/quoted: inconsistent (only when the story also omits the 顿号) or always",
                    choices=("inconsistent", "always")),
        "strict": Opt("dash: also flag a three-dash run", "bool"),
        "convention": Opt("han-spacing, spacing-consistency: none (newsroom, no spaces) or space (tech docs)",
                          choices=("none", "space")),
        "min-count": Opt("spacing-consistency: fewest boundaries of the minority style that count as mixing",
                         "int", minimum=1),
    }


KIND = Punctuation

"""Names are sacred: spans of people, places, organisations and titles that no typo check may "correct".

Two layers, both cheap where it matters:
* ``protected_spans(text, accept)``: regular patterns over the whole text, run once per document:
  bylines and credits (``记者高轶鸣``, ``（刘渝平 摄）``), names after a title or office
  (``负责人曹景泽``), ``X·Y`` transliterations, runs of transliteration characters (``布宜诺斯艾利斯``),
  short titles in 书名号 that name a work, and the config ``accept`` list.
* ``keeps_words(text, start, end, replacement, names)``: whether replacing text[start:end] leaves every word
  of the segmentation around it whole (a safe fix never splits a word: 的士 in 目的士气 is not a word).
* ``NameGuard.is_name(text, start, end)``: asked only about a position a detector wants to flag: jieba's
  part of speech there (nr, ns, nt, nz …), a surname followed by a given name the vocabulary does not
  explain, and strings repeated in the same document (a name recurs; a slip rarely recurs letter for letter).
"""

from __future__ import annotations

import bisect
import math
import re
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import regex

from lint import resources
from lint.chars import is_han
from lint.document import Document, Spans, merge_ranges
from lint.rules import memo

# Common Chinese surnames (the hundred most frequent, plus compound ones are rare enough to skip).
_SURNAME_CHARS = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
SURNAMES = set(_SURNAME_CHARS)

# Roles that precede a byline or credit name.
_ROLES = ("本报记者|新华社记者|特约记者|实习记者|见习记者|摄影记者|记者|通讯员|实习生|特约撰稿人|撰稿人|撰稿|"
          "责任编辑|责编|校对|审校|监制|制片人|出品人|摄影|摄像|制图")
# Short roles count only with a colon or slash: 文：曹倩 / 图/张冰楠.
_SHORT_ROLES = "文|图|文图|文/图|图/文|编辑|作者|口述|整理|审核|主持人"
# Offices and forms of address that precede or follow a person's name.
_TITLES = ("总书记|书记|副书记|主席|副主席|总理|副总理|部长|副部长|省长|副省长|市长|副市长|县长|副县长|区长|副区长|"
           "镇长|乡长|村长|主任|副主任|局长|副局长|处长|科长|厅长|院长|副院长|校长|副校长|所长|站长|队长|社长|"
           "董事长|总经理|副总经理|经理|总裁|总监|厂长|负责人|教授|副教授|研究员|博士|老师|医生|护士|民警|警官|"
           "律师|法官|检察官|同志|先生|女士|老人|大爷|大妈|村民|居民|市民|司机|工程师|技术员|会长|理事长|秘书长|"
           "主持人|选手|运动员|教练|班长|连长|排长|团长|师长|军长|司令员|政委|大使|总统|首相|国王|"
           "外长|议员|发言人|创始人|联络员|网格员|志愿者")
# Place-name final characters that ordinary words hardly use: 矶 (rocky shore), 垭 (pass), 岙 (col),
# 塬 and 峁 (loess), 垸 (dyked fields), 浜 (creek), 畈 (field), 埝 (dyke).
PLACE_SUFFIX = "矶垭岙塬峁垸浜畈埝"
_LIST_SEP = "[、，,和及与 \u3000]{1,2}"


def _class_escape(c: int) -> str:
    return f"\\U{c:08x}" if c > 0xFFFF else f"\\u{c:04x}"


def _unicode_classes(_source: Path | None = None) -> tuple[str, str]:
    """The bodies of two re character classes holding exactly the characters regex's \\p{Han} and \\s match, by
    its own Unicode data (a regex release may add a CJK extension; re's \\s also takes \\x1c-\\x1f): read off every
    code point, about 0.2 s, once per regex build (unicode_classes)."""
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    out = []
    for prop in (r"\p{Han}", r"\s"):
        spans = ((ord(every[m.start()]), ord(every[m.end() - 1])) for m in regex.finditer(prop + "+", every))
        out.append("".join(_class_escape(a) if a == b else f"{_class_escape(a)}-{_class_escape(b)}" for a, b in spans))
    return out[0], out[1]


@cache
def unicode_classes() -> tuple[str, str]:
    """_unicode_classes(), kept in the user cache per build of regex's C module (where its Unicode data is)."""
    built = getattr(sys.modules.get("regex._regex"), "__file__", None)  # imported by regex itself
    if built is None:
        return _unicode_classes()
    return resources.cached_parse("uniclass", Path(built), 1, _unicode_classes,
                                  lambda d: isinstance(d, tuple) and len(d) == 2 and all(isinstance(x, str) for x in d),
                                  1 << 30)


def _by_first_char(alternation: str) -> str:
    """The same alternation of literal words, grouped by first character (书记|副书记|副主任 -> 书记|副(?:书记|主任)):
    only one group can match at a position, and each keeps its words' order, so every match is the same; the
    engine then tries one group at a position instead of every word (the pattern of names before a title, on every
    surname character of the text, took 0.047 s on 514k characters of news instead of 0.027)."""
    groups: dict[str, list[str]] = {}
    for w in alternation.split("|"):
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(re.escape(c) + (f"(?:{'|'.join(map(re.escape, rest))})" if rest != [""] else "")
                    for c, rest in groups.items())


@cache
def _patterns() -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """The name patterns, compiled on first use (a draft no typo or term rule matched never asks), each with
    the strings one of which every match contains (none: always run): a text without them is not scanned.
    re, not regex, with classes that hold what regex's \\p{Han} and \\s hold (unicode_classes; tests/test_names.py
    compares each pattern with its regex form): re tests a class of ranges many times faster than regex a
    property, and the scan of every document took 0.10 s of the statistical check's ~3 s on 290k characters."""
    han_chars, space_chars = unicode_classes()
    han, sp = f"[{han_chars}]", f"[{space_chars}]"
    name = han + "{2,4}"
    name_list = f"{name}(?:{_LIST_SEP}{name})*"
    titles = _by_first_char(_TITLES)
    return [
        # 记者高轶鸣、张冰楠 / 本报记者 高轶鸣 / 记者：曹倩
        ((), re.compile(f"(?:{_ROLES})[：:{space_chars}\u3000]*(?P<n>{name_list})")),
        ((), re.compile(f"(?:{_SHORT_ROLES})[：:/]{sp}*(?P<n>{name_list})")),
        # 刘渝平 摄 / （赵妙芳摄） / 张廷萍/摄 / 王雷供图, on their own or in brackets
        (("摄", "供图", "绘"),
         re.compile(f"(?:^|(?<=[（({space_chars}\u3000。！？”]))(?P<n>{name_list})[{space_chars}\u3000/]*"
                    f"(?:摄|供图|绘|文并摄)(?=$|[）){space_chars}\u3000。])", re.M)),
        # 记者安洋报道 / 记者江世杰、王政报道
        (("记者",), re.compile(f"记者(?P<n>{name_list})(?:报道|摄)")),
        # （宋熙文、张春利） at a dateline: 电（…） / 讯（…）
        ((), re.compile(f"[电讯][（(](?:记者)?(?P<n>{name_list})[）)]")),
        # 负责人曹景泽 / 省委副书记姚湘成 / 复旦大学伍柏麟教授
        ((), re.compile(f"(?:{titles})(?P<n>[{_SURNAME_CHARS}]{han}{{1,2}})")),
        ((), re.compile(f"(?P<n>[{_SURNAME_CHARS}]{han}{{1,2}})(?:{titles})")),
        # 艾买提·阿不都 / 派区克·马克
        # (anchored and possessive: linear on one long run of Han characters)
        (tuple("·•・"), re.compile(f"(?P<n>(?<!{han}){han}++(?:[·•・]{han}++)+)")),
        # 燕子矶 / 黄桷垭 / 三门岙: characters used almost only at the end of place names (地名用字)
        (tuple(PLACE_SUFFIX), re.compile(f"(?P<n>{han}{{1,2}}[{PLACE_SUFFIX}])")),
    ]


# Characters of the standard transliteration of foreign names (Xinhua's tables), common ones.
TRANSLIT = set(
    "阿埃艾安昂奥巴拜班邦保鲍贝本比彼宾波伯布查达戴丹道德迪蒂丁东杜多厄恩尔法菲费芬丰弗福富伽盖甘冈高戈格"
    "古瓜圭哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎拉莱兰朗劳勒雷蕾里利莉连林琳卢鲁伦罗洛"
    "马玛迈麦曼芒梅门蒙米敏莫姆穆纳奈南瑙内妮尼宁纽努诺欧帕潘庞佩彭皮普奇齐恰乔切琴丘萨塞桑瑟森沙莎尚舍"
    "什施舒斯松苏索塔泰坦汤唐特提图托瓦万旺威韦维沃乌伍西希锡谢辛休雅亚扬耶伊因英尤于约泽扎詹兹佐祖")
# re, not regex: a class of literal characters matches the same runs, and re tests it about 25x faster (this scan
# of every document was most of protected_spans)
_TRANSLIT_RUN = re.compile(f"[{''.join(sorted(TRANSLIT))}]{{4,}}")
_TITLE_RE = re.compile(r"《([^《》\n]{1,12})》")
# A title in 书名号 ending like this is a document, whose wording can be wrong: not protected.
_DOC_SUFFIX = re.compile(
    r"(?:法|条例|规定|办法|决定|通知|意见|方案|规划|纲要|报告|公告|通报|细则|章程|准则|标准|制度|计划|要点|"
    r"批复|函|令|指南|目录|清单|名录|守则|公约|协定|宣言|声明|议定书|白皮书|决议|讲话|纪要)$")


def protected_spans(text: str, accept: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans of text that name a person, place, organisation or work."""
    spans: list[tuple[int, int]] = []
    for needs, rx in _patterns():
        if needs and not any(n in text for n in needs):
            continue
        for m in rx.finditer(text):
            spans.append(m.span("n"))
    for m in _TITLE_RE.finditer(text):
        if not _DOC_SUFFIX.search(m.group(1)) and len(m.group(1)) <= 8:
            spans.append(m.span(1))
    spans.extend(_translit_spans(text))
    terms = sorted({a for a in accept if a}, key=lambda a: (-len(a), a))  # one text per set: rxcache keeps it
    if terms:
        rx = regex.compile("|".join(regex.escape(a) for a in terms))
        spans.extend(m.span() for m in rx.finditer(text))
    return merge_ranges(spans)


def protected(doc: Document, accept: Iterable[str] = ()) -> Spans:
    """protected_spans of the document as a Spans, cached on it (every list rule of a document asks)."""
    key = tuple(accept)
    return memo(doc, f"names.protected:{key!r}", lambda: Spans(protected_spans(doc.text, key)))


def _translit_spans(text: str) -> Iterable[tuple[int, int]]:
    """Runs of 4+ transliteration characters (布宜诺斯艾利斯, 伊斯梅利亚)."""
    return (m.span() for m in _TRANSLIT_RUN.finditer(text))


_NAME_POS = ("nr", "nrt", "nrfg", "ns", "nt", "nz", "nrf")
# A character of the blocks jieba's tagger cuts separately (jieba.posseg.re_han_internal)
_POSSEG_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._]")


class NameGuard:
    """Decides, for one position a detector wants to flag, whether it lies in a name."""

    def __init__(self, vocab: set[str] | None = None) -> None:
        self.vocab = vocab or set()

    def is_name(self, text: str, start: int, end: int, sentence: tuple[int, int] | None = None) -> bool:
        a, b = sentence if sentence else (max(0, start - 20), min(len(text), end + 20))
        if self._repeated(text, start, end):
            return True
        if self._surname_given(text, start):
            return True
        # jieba cuts each block of _POSSEG_BLOCK on its own: the words of the block holding start are the same whether
        # the cut begins at the sentence or at that block, and words after end cannot overlap the position
        pos = start
        while pos > a and _POSSEG_BLOCK.match(text, pos - 1, pos):
            pos -= 1
        for word, flag in resources.jieba_posseg().cut(text[pos:b], HMM=True):  # type: ignore[attr-defined]
            if pos >= end:
                break
            w_end = pos + len(word)
            if start < w_end and flag.startswith(_NAME_POS) and len(word) >= 2:
                return True
            pos = w_end
        return False

    def _surname_given(self, text: str, i: int) -> bool:
        """A surname one or two characters before i, with a given name the vocabulary does not know:
        高轶鸣 (轶鸣 is no word), but not 高速 or 王国 (words)."""
        for d in (1, 2):
            s = i - d
            if s < 0 or text[s] not in SURNAMES:
                continue
            given = text[s + 1:s + 3]
            if len(given) < 2 or not all(is_han(c) for c in given):  # rare name characters lie outside the BMP
                continue
            if given not in self.vocab and text[s:s + 2] not in self.vocab and text[s:s + 3] not in self.vocab:
                return True
        return False

    @staticmethod
    def _repeated(text: str, start: int, end: int) -> bool:
        """The three characters around the position occur again in the document."""
        for a in range(max(0, start - 2), start + 1):
            tri = text[a:a + 3]
            if len(tri) == 3 and a + 3 >= end and text.count(tri) >= 2:
                return True
        return False


# ---- word boundaries: a safe fix never splits a word ------------------------------------------------
# jieba's blocks (re_han_default): what lies outside them is cut character by character.
_BLOCK_CHARS = r"\u4E00-\u9FD5a-zA-Z0-9+#&._%\-"
_BLOCK_RE = regex.compile(f"[{_BLOCK_CHARS}]+")
_ENG_RE = regex.compile(r"[a-zA-Z0-9]")
MAX_WORD = 16  # the longest word in jieba's dictionary
WORD_WINDOW = 20  # characters segmented on each side of an edit: the words there, not the document


@cache
def _log_total() -> float:
    return math.log(resources.word_freq().total() or 1)


def dict_cut(block: str, word: tuple[int, int, int] | None = None) -> list[int]:
    """End offsets of the words of jieba's ``cut(block, HMM=False)`` for one block of _BLOCK_CHARS,
    computed from the cached word table (resources.word_freq) instead of jieba's own dictionary,
    whose load costs about a second: the same DAG of dictionary words, the same most probable route.
    ``word``: (start, end, frequency) of one more candidate word, as a jieba user word would be."""
    freq = resources.word_freq()
    n = len(block)
    logtotal = _log_total()
    score = [0.0] * (n + 1)
    nxt = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        best: tuple[float, int] | None = None
        for x in range(k, min(n, k + MAX_WORD)):
            f = freq.get(block[k:x + 1])
            if word is not None and word[0] == k and word[1] == x + 1:
                f = max(f or 0, word[2])
            if f:
                cand = (math.log(f) - logtotal + score[x + 1], x)
                if best is None or cand > best:
                    best = cand
        if best is None:  # no word starts here: the character alone (jieba's DAG fallback)
            best = (-logtotal + score[k + 1], k)
        score[k], nxt[k] = best[0], best[1] + 1
    ends: list[int] = []
    x, in_run = 0, False
    while x < n:
        y = nxt[x]
        if y - x == 1 and _ENG_RE.match(block[x]):
            # consecutive single Latin letters and digits are one token (jieba's re_eng buffer)
            if in_run:
                ends[-1] = y
            else:
                ends.append(y)
            in_run = True
        else:
            ends.append(y)
            in_run = False
        x = y
    return ends


def word_bounds(text: str, lo: int, hi: int, word: tuple[int, int, int] | None = None) -> set[int]:
    """Offsets in [lo, hi] where one word of text[lo:hi] ends and the next begins (lo and hi included);
    ``word``: (start, end, frequency) of one more candidate word (offsets into text)."""
    out = {lo, hi}
    pos = lo
    for m in _BLOCK_RE.finditer(text, lo, hi):
        out.update(range(pos, m.start() + 1))  # outside blocks every character is a token
        a = m.start()
        extra = (word[0] - a, word[1] - a, word[2]) if word and a <= word[0] and word[1] <= m.end() else None
        out.update(a + e for e in dict_cut(m.group(), extra))
        pos = m.end()
    out.update(range(pos, hi + 1))
    return out


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The blocks around [start, end), at most WORD_WINDOW characters on each side."""
    lo = start
    while lo > 0 and start - lo < WORD_WINDOW and _BLOCK_RE.match(text, lo - 1, lo):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < WORD_WINDOW and _BLOCK_RE.match(text, hi, hi + 1):
        hi += 1
    return lo, hi


def keeps_words(text: str, start: int, end: int, replacement: str | None = None,
                names: Spans | None = None) -> bool:
    """True when text[start:end] reads as whole words of the segmentation around it and, with a
    replacement, when the edit splits no word outside it: every word left and right of the edit stays
    whole (it may join the replacement into a longer word: 招聘启示 → 招聘启事).

    The segmentation is jieba's dictionary route, a name or accepted term in ``names`` counting as one
    word. The match is weighed as the word it stands for (its replacement's frequency, if higher): a
    misspelling is in no dictionary, and unweighed its characters would go to the neighbours (古书藉);
    weighed so, 的士 still loses to 目的 and 士气 in 目的士气."""
    if names is not None:
        for pos in (start, end):
            i = bisect.bisect_right(names.starts, pos) - 1
            if i >= 0 and names.spans[i][0] < pos < names.spans[i][1]:
                return False
    freq = resources.word_freq()
    weight = max(freq.get(text[start:end]) or 0, freq.get(replacement) or 0 if replacement else 0)
    lo, hi = _window(text, start, end)
    before = word_bounds(text, lo, hi, (start, end, weight) if weight else None)
    if start not in before or end not in before:
        return False
    if replacement is None:
        return True
    new = text[lo:start] + replacement + text[end:hi]
    r_end = start - lo + len(replacement)
    shift = end - (start + len(replacement))
    for b in word_bounds(new, 0, len(new)):
        if b < start - lo:
            pos = b + lo
        elif b > r_end:
            pos = b + lo + shift
        else:
            continue
        if pos not in before:
            return False
    return True

"""repetition: a character typed twice across a word boundary (的的, 清廉廉洁), not a reduplication.

Only Han runs that contain two identical adjacent characters are segmented (jieba with part of
speech), so the cost on ordinary text is one regex scan. Time is linear in the text on hostile input too:
a run longer than ``LONG`` characters (ordinary copy has none) is segmented in overlapping tiles, only
those holding a candidate, each once; pieces of a tile are cut at characters the tagger's HMM does not
know (each costs its Viterbi about 20 ms; it stands alone instead). A pair ``XX`` is never reported when it
is a dictionary word (常常, 看看, 渐渐, 一一), lies inside one token (的的确确, 不了了之, names the
segmenter joins), belongs to an AABB form (干干净净) or follows 一 (一批批, 一个个).

YAML::

    kind: repetition
    chars: 的了是在…        # report XX when X is one of these and both copies stand alone
    overlap_pos: [a]       # report AB|BC when both words carry one of these POS tags (清廉|廉洁)
    min_word_freq: 20      # XX with at least this jieba frequency is a word, not a slip
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import regex

from lint import resources
from lint.config import Config
from lint.document import Document
from lint.finding import Edit, Finding
from lint.resources import word_freq
from lint.rules import Kind, Opt, Rule, memo

# Han runs, then the doubled characters in one (a single pattern for "a run with a pair" backtracks
# quadratically over a long run without one).
_HAN_RUN = regex.compile(r"\p{Han}{2,}")
_HAN = regex.compile(r"\p{Han}")
_NON_HAN_SPLIT = regex.compile(r"(\P{Han})")
_PAIR = regex.compile(r"(\p{Han})(?=\1)")
LONG = 128  # a Han run up to this long is segmented whole (the PD sample's longest is 68)
EDGE = 24  # context on each side of a tile of a longer run
STEP = LONG - 2 * EDGE
Token = tuple[int, int, str, str]  # start, end (in the run), word, POS
# Common single-character surnames: 刘更更, 孙以以 are names whose given name repeats a character.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩明佘池查麻苑迟邝"
)


class Repetition(Kind):
    name = "repetition"
    RELEASES = ("repetition.",)  # (Kind.RELEASES)
    OPTIONS = {
        "chars": Opt("characters whose doubling, both copies standing alone, is a slip (function words)", "str"),
        "overlap_pos": Opt("POS tag prefixes: report word pairs AB|BC when both words carry one (e.g. [a])",
                           "strlist"),
        "min_word_freq": Opt("jieba frequency from which a doubled pair XX counts as a word (default 20)", "int"),
    }

    @classmethod
    def validate(cls, options: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
        yield from super().validate(options)
        if not options.get("chars") and not options.get("overlap_pos"):
            yield None, "kind repetition needs 'chars' or 'overlap_pos'"

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.chars = set(self.options.get("chars", ""))
        self.overlap_pos = tuple(self.options.get("overlap_pos", []))
        self.min_freq = int(self.options.get("min_word_freq", 20))
        self._pos_tokenizer: Any = None
        self._hmm_chars: Any = None

    def _segment(self, s: str) -> list[Token]:
        """(start, end, word, pos) tokens of a piece of a Han run. Characters the HMM does not know stand
        alone: jieba's POS Viterbi tries all 256 states on each, about 20 ms a character."""
        if self._pos_tokenizer is None:
            self._pos_tokenizer = resources.jieba_posseg()
            # the characters of the HMM's state table (jieba.posseg is imported by the tagger above)
            self._hmm_chars = importlib.import_module("jieba.posseg").char_state_tab_P
        known, tags = self._hmm_chars, self._pos_tokenizer.word_tag_tab
        out: list[Token] = []
        off = 0
        for piece in _NON_HAN_SPLIT.split("".join(c if c in known else "\n" for c in s)):
            if piece == "\n":
                out.append((off, off + 1, s[off], tags.get(s[off], "x")))
                off += 1
                continue
            for pair in self._pos_tokenizer.cut(piece):
                word, flag = pair.word, pair.flag
                out.append((off, off + len(word), word, flag))
                off += len(word)
        return out

    def _tile(self, s: str, i: int, tiles: dict[str, tuple[list[Token], list[int]]]
              ) -> tuple[int, list[Token], list[int]]:
        """The segmented piece of run s around position i: (its start in s, tokens, token index of each
        character). The whole run when it is short; else a tile of STEP characters with EDGE on each side."""
        if len(s) <= LONG:
            a, b = 0, len(s)
        else:
            k = i // STEP
            a, b = max(0, k * STEP - EDGE), min(len(s), (k + 1) * STEP + EDGE)
        key = s[a:b]  # the tiles of a repetitive run repeat: each text is segmented once
        got = tiles.get(key)
        if got is None:
            tokens = self._segment(key)
            got = (tokens, [n for n, t in enumerate(tokens) for _ in range(t[1] - t[0])])
            if len(tiles) > 4096:
                tiles.clear()
            tiles[key] = got
        return a, got[0], got[1]

    def check(self, doc: Document) -> Iterator[Finding]:
        freq = word_freq()
        # Both repetition rules share the pairs and the segmented tiles of the document.
        tiles: dict[str, tuple[list[Token], list[int]]] = memo(doc, "repetition.tiles", dict)
        for s, base, pairs in memo(doc, "repetition.pairs", lambda: _pairs(doc.text)):
            for i in pairs:
                ch = s[i]
                if freq.get(ch * 2, 0) >= self.min_freq or _reduplication(s, i):
                    continue
                if ch not in self.chars and not self.overlap_pos:
                    continue
                a, tokens, at = self._tile(s, i, tiles)
                left, right = tokens[at[i - a]], tokens[at[i + 1 - a]]
                if left is right and (len(left[2]) > 2 or freq.get(left[2], 0) >= self.min_freq):
                    continue  # one word holds both copies: 的的确确, 不了了之, a name
                # The segmenter's HMM glues an unknown pair (的的) into one token: that is two lone copies.
                lone = left is right or (left[1] - left[0] == 1 and right[1] - right[0] == 1)
                if lone and ch in self.chars and not _surname_before(tokens, at, s, i, a):
                    p = base + i
                    yield self.finding(doc, p, p + 2, suggestions=[ch], edits=[Edit(p + 1, p + 2, "")],
                                       confidence=0.9)
                elif (not lone and self.overlap_pos and left[1] - left[0] > 1 and right[1] - right[0] > 1
                      and left[3].startswith(self.overlap_pos) and right[3].startswith(self.overlap_pos)):
                    p, q = base + a + left[0], base + a + right[1]
                    yield self.finding(doc, p, q, suggestions=[left[2], right[2]], confidence=0.7)


def _pairs(text: str) -> list[tuple[str, int, list[int]]]:
    """(run, its start, the offsets in it of each doubled character) for each Han run with a pair, in order.
    Both characters of a pair are Han, so one scan of the whole text finds what a scan of each run finds."""
    at = [m.start() for m in _PAIR.finditer(text)]
    if not at:
        return []
    out: list[tuple[str, int, list[int]]] = []
    k, start = 0, at[0]
    while start > 0 and _HAN.match(text, start - 1):
        start -= 1  # the first run with a pair begins here
    for run in _HAN_RUN.finditer(text, start):
        a, b = run.span()
        pairs = []
        while k < len(at) and at[k] < b:
            pairs.append(at[k] - a)
            k += 1
        if pairs:
            out.append((run.group(), a, pairs))
        if k == len(at):
            break
    return out


def _surname_before(tokens: list[Token], at: list[int], s: str, i: int, a: int) -> bool:
    """A lone surname character right before the pair s[i:i+2]: the pair is probably a given name (tokens
    and ``at`` are those of the piece of s from a)."""
    if i == 0 or s[i - 1] not in SURNAMES:
        return False
    prev = tokens[at[i - 1 - a]]
    return prev[1] - prev[0] == 1 or prev[3] == "nr"


def _reduplication(s: str, i: int) -> bool:
    """AABB (干干净净, 来来往往) and 一XX (一批批, 一个个) around the pair s[i:i+2]."""
    if i + 3 < len(s) and s[i + 2] == s[i + 3] and s[i + 2] != s[i]:
        return True
    if i >= 2 and s[i - 2] == s[i - 1] and s[i - 1] != s[i]:
        return True
    return i >= 1 and s[i - 1] == "一"


KIND = Repetition

"""repetition: a character typed twice across a word boundary (的的, 清廉廉洁), not a reduplication.

Only Han runs that contain two identical adjacent characters are segmented (jieba with part of
speech), so the cost on ordinary text is one regex scan. A pair ``XX`` is never reported when it
is a dictionary word (常常, 看看, 渐渐, 一一), lies inside one token (的的确确, 不了了之, names the
segmenter joins), belongs to an AABB form (干干净净) or follows 一 (一批批, 一个个).

YAML::

    kind: repetition
    chars: 的了是在…        # report XX when X is one of these and both copies stand alone
    overlap_pos: [a]       # report AB|BC when both words carry one of these POS tags (清廉|廉洁)
    min_word_freq: 20      # XX with at least this jieba frequency is a word, not a slip
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from lint import resources
from lint.config import Config
from lint.document import Document
from lint.finding import Edit, Finding
from lint.resources import word_freq
from lint.rules import Kind, Opt, Rule

# A Han run that holds at least one doubled character.
_DOUBLED_RUN = regex.compile(r"\p{Han}*(\p{Han})\1\p{Han}*")
_PAIR = regex.compile(r"(\p{Han})(?=\1)")
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

    def _segment(self, run: str) -> list[tuple[int, int, str, str]]:
        """(start, end, word, pos) tokens of one Han run."""
        if self._pos_tokenizer is None:
            self._pos_tokenizer = resources.jieba_posseg()
        out, off = [], 0
        for pair in self._pos_tokenizer.cut(run):
            word, flag = pair.word, pair.flag
            out.append((off, off + len(word), word, flag))
            off += len(word)
        return out

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        freq = word_freq()
        for run in _DOUBLED_RUN.finditer(text):
            s, base = run.group(), run.start()
            tokens: list[tuple[int, int, str, str]] | None = None
            for m in _PAIR.finditer(s):
                i, ch = m.start(), m.group(1)
                if freq.get(ch * 2, 0) >= self.min_freq or _reduplication(s, i):
                    continue
                if ch not in self.chars and not self.overlap_pos:
                    continue
                if tokens is None:
                    tokens = self._segment(s)
                left = next(t for t in tokens if t[0] <= i < t[1])
                right = next(t for t in tokens if t[0] <= i + 1 < t[1])
                if left is right and (len(left[2]) > 2 or freq.get(left[2], 0) >= self.min_freq):
                    continue  # one word holds both copies: 的的确确, 不了了之, a name
                # The segmenter's HMM glues an unknown pair (的的) into one token: that is two lone copies.
                lone = left is right or (left[1] - left[0] == 1 and right[1] - right[0] == 1)
                if lone and ch in self.chars and not _surname_before(tokens, i, s):
                    a = base + i
                    yield self.finding(doc, a, a + 2, suggestions=[ch], edits=[Edit(a + 1, a + 2, "")],
                                       confidence=0.9)
                elif (not lone and self.overlap_pos and left[1] - left[0] > 1 and right[1] - right[0] > 1
                      and left[3].startswith(self.overlap_pos) and right[3].startswith(self.overlap_pos)):
                    a, b = base + left[0], base + right[1]
                    yield self.finding(doc, a, b, suggestions=[left[2], right[2]], confidence=0.7)


def _surname_before(tokens: list[tuple[int, int, str, str]], i: int, s: str) -> bool:
    """A lone surname character right before the pair: the pair is probably a given name."""
    if i == 0 or s[i - 1] not in SURNAMES:
        return False
    prev = next(t for t in tokens if t[0] <= i - 1 < t[1])
    return prev[1] - prev[0] == 1 or prev[3] == "nr"


def _reduplication(s: str, i: int) -> bool:
    """AABB (干干净净, 来来往往) and 一XX (一批批, 一个个) around the pair s[i:i+2]."""
    if i + 3 < len(s) and s[i + 2] == s[i + 3] and s[i + 2] != s[i]:
        return True
    if i >= 2 and s[i - 2] == s[i - 1] and s[i - 1] != s[i]:
        return True
    return i >= 1 and s[i - 1] == "一"


KIND = Repetition

"""得 written for 的 before a noun (我是你得学生, 有一定得误差): the structural particle 的 links a
modifier to a noun; 得 links a verb to its complement (跑得快) or is the modal "must" (我得走了).

A 得 is a suspect when the word after it is a noun (jieba's part of speech), the word before it is a
content word (not punctuation, a conjunction, an adverb, a numeral or a time: 所以，得……, 第三天得过户,
和得黄牌 keep 得 as "must" or "obtain"), and the word language model prefers 的 in a window of a few
words by a clear margin. Part-of-speech tagging runs only on the few windows that pass the model.
Pure logic over strings; lint/kinds/typos.py (check: de-di-de) turns suspects into findings.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from lint import resources
from lint.chars import HAN_RUN_RE
from lint.typo.lm import LanguageModel

# 得 between two Han characters.
_DE = regex.compile(r"(?<=\p{Han})得(?=\p{Han})")
# jieba tags of a noun after the particle.
NOUN_TAGS = frozenset({"n", "ng", "nz", "vn", "an", "nrt"})
# jieba tags of a word before 得 that make it "must" or "obtain", not a misspelt 的.
LEFT_EXCLUDED = frozenset({"x", "c", "m", "d", "p", "t", "f", "u", "ul", "uj", "uz", "ug", "y", "e", "o"})
# log10 margin the model must prefer 的 by.
MARGIN = 1.5
# Words kept on each side of the particle when scoring.
WINDOW = 3
# Characters of text on each side given to the part-of-speech tagger.
POS_WINDOW = 10


@dataclass(frozen=True)
class DeSuspect:
    start: int
    end: int
    original: str
    replacement: str
    gain: float

    @property
    def confidence(self) -> float:
        return round(1.0 / (1.0 + math.exp(-(self.gain - MARGIN))), 2)


class DeDetector:
    def __init__(self, lm: LanguageModel, margin: float = MARGIN) -> None:
        self.lm = lm
        self.margin = margin

    def detect(self, text: str) -> Iterator[DeSuspect]:
        for m in _DE.finditer(text):
            p = m.start()
            gain = self._gain(text, p)
            if gain is None or gain < self.margin:
                continue
            if self._noun_after(text, p):
                yield DeSuspect(p, p + 1, "得", "的", gain)

    def _gain(self, text: str, p: int) -> float | None:
        """Window score with 的 minus the score with 得, or None when 得 is part of a word."""
        a = p
        while a > 0 and HAN_RUN_RE.match(text[a - 1]):
            a -= 1
        run_m = HAN_RUN_RE.match(text, a)
        assert run_m is not None
        run, i = run_m.group(), p - a
        lm = self.lm
        toks = lm.segment(run)
        k = next(j for j, t in enumerate(toks) if t.start <= i < t.end)
        if toks[k].end - toks[k].start != 1:
            return None
        k0, k1 = max(0, k - WINDOW), min(len(toks), k + WINDOW + 1)
        s, e = toks[k0].start, toks[k1 - 1].end
        base = lm.score(tuple(t.text for t in toks[k0:k1]))
        return lm.score(lm.segment_words(run[s:i] + "的" + run[i + 1:e])) - base

    @staticmethod
    def _noun_after(text: str, p: int) -> bool:
        a = max(0, p - POS_WINDOW)
        words: list[tuple[str, str, int]] = []
        o = a
        for w, flag in resources.jieba_posseg().cut(text[a:p + POS_WINDOW], HMM=False):
            words.append((w, flag, o))
            o += len(w)
        k = next((j for j, (w, _f, s) in enumerate(words) if s == p and w == "得"), None)
        if k is None or k == 0 or k + 1 >= len(words):
            return False
        prev, nxt = words[k - 1], words[k + 1]
        return prev[1] not in LEFT_EXCLUDED and nxt[1] in NOUN_TAGS

"""Idioms written with one wrong character: a four-character string that no dictionary knows (jieba's
from 20 counts on, pypinyin's phrase list with its accepted variants such as 苦尽甜来), one
sound-alike or look-alike character away from a common idiom (凭心而论 -> 平心而论, 荡起回肠 -> 荡气回肠).
Pure logic over strings; lint/kinds/typos.py (check: idiom) turns the hits into findings.

The idioms are jieba's i-tagged four-character words counted at least 20 times (about 2,900; jieba
lists misspelt idioms too, at low counts); the confusable characters are those of the statistical
detector (lint/typo/lm.py: same or near pinyin, similar shape)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lint.chars import HAN_RUN_RE

# Structural and aspect particles: a four-character window ending or starting on one is a word plus
# grammar, not a misspelt idiom.
PARTICLES = frozenset("的地得了着过")


@dataclass(frozen=True)
class IdiomSlip:
    start: int  # of the four characters, in the text given to detect()
    pos: int  # the wrong character
    idioms: tuple[str, ...]  # the idioms it may stand for, most frequent first


class IdiomDetector:
    def __init__(self, idioms: Iterable[tuple[str, int]], known: Callable[[str], bool],
                 confusable: Callable[[str, str], bool]) -> None:
        """known(w): w is a dictionary word (then it is no slip); confusable(a, b): b sounds or looks
        like a."""
        self.known = known
        self.confusable = confusable
        self.idioms: set[str] = set()
        # "平?而论" -> idioms with any character at that place
        self.masks: dict[str, list[tuple[int, str]]] = {}
        # A window matches a mask only if its first two characters open an idiom (masks 2, 3) or its last
        # two close one (masks 0, 1): a window with neither is skipped before any mask is built.
        self.heads: set[str] = set()
        self.tails: set[str] = set()
        for w, n in idioms:
            self.idioms.add(w)
            self.heads.add(w[:2])
            self.tails.add(w[2:])
            for k in range(4):
                self.masks.setdefault(w[:k] + "?" + w[k + 1:], []).append((n, w))

    def detect(self, text: str, protected: Callable[[int], bool] = lambda i: False) -> Iterator[IdiomSlip]:
        masks, idioms, heads, tails = self.masks, self.idioms, self.heads, self.tails
        for m in HAN_RUN_RE.finditer(text):
            run, base = m.group(), m.start()
            if len(run) < 4:
                continue
            pairs = [run[i:i + 2] for i in range(len(run) - 1)]
            for i in range(len(run) - 3):
                if pairs[i] not in heads and pairs[i + 2] not in tails:
                    continue
                g = run[i:i + 4]
                if g in idioms:
                    continue
                for k in range(4):
                    hits = masks.get(g[:k] + "?" + g[k + 1:])
                    if not hits:
                        continue
                    wrong = g[k]
                    if wrong in PARTICLES:
                        continue  # 激动人心的时刻: a particle after a word, not a slip in 动人心魄
                    found = tuple(w for _, w in sorted(hits, reverse=True) if self.confusable(wrong, w[k]))
                    if found and not self.known(g) and not any(protected(base + i + j) for j in range(4)):
                        yield IdiomSlip(base + i, base + i + k, found)

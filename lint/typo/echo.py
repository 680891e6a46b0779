"""The statistical typo detector's echo check (lint/typo/detect.py): whether a character or the pair it forms recurs
in the text, the sign of a writer's term rather than a slip."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from typing import Final

from lint.chars import is_han

_RUNS_RE: Final = re.compile(r"(.)\1+", re.S)


class EchoIndex:
    """What the echo check asks of one text:

    - ``echo(pos)``: text[pos] occurs elsewhere in text inside a two-character word of the model
      (贷 in 送贷上门 next to 贷款);
    - ``repeated_pair(pos)``: the text repeats text[pos] with the same Han neighbour (机滤 … 机滤),
      counted as str.count does (non-overlapping).

    A question is answered by a scan of the text for that character or pair while the scans stay cheap (a text
    asks a few); once they add up to about one pass of Python over the text, by counts of the whole text made in
    one pass (asking the text itself for every candidate made long paragraphs quadratic)."""

    SCANS = 256  # questions answered by a C-speed scan of the text before the counts are made

    def __init__(self, text: str, vocab: Collection[str]) -> None:
        self.text, self.vocab = text, vocab
        self._in_word: list[bool] | None = None  # each part counted on the first question that needs it
        self._pairs: Counter[str] | None = None
        # occurrences a direct echo question may still visit (each a step of Python), and scans left
        self._visits = len(text) // 4 + 16
        self._scans = self.SCANS

    def _words(self) -> tuple[list[bool], Counter[str]]:
        text, vocab = self.text, self.vocab
        n = len(text)
        # in_word[j]: text[j] sits in a two-character vocabulary word with a neighbour (at[j]: text[j:j + 2]
        # is a vocabulary word; at the end, text[j] itself)
        at = [text[j:j + 2] in vocab for j in range(n)]
        self._in_word = in_word = [(j > 0 and at[j - 1]) or at[j] for j in range(n)]
        self.word_count = Counter(text[j] for j in range(n) if in_word[j])
        return in_word, self.word_count

    def _count_pairs(self) -> Counter[str]:
        text = self.text
        self._pairs = pairs = Counter(text[j:j + 2] for j in range(len(text) - 1) if text[j] != text[j + 1])
        # a doubled character: str.count("XX") counts a run of k X's as k // 2
        self.doubled: Counter[str] = Counter()
        for m in _RUNS_RE.finditer(text):
            self.doubled[m.group(1)] += (m.end() - m.start()) // 2
        return pairs

    def echo(self, pos: int) -> bool:
        if self._in_word is None and self._scans > 0 and self._visits > 0:
            return self._echo_scan(pos)
        in_word, word_count = self._words() if self._in_word is None else (self._in_word, self.word_count)
        return word_count[self.text[pos]] - in_word[pos] > 0

    def _echo_scan(self, pos: int) -> bool:
        """echo(pos) from the other occurrences of text[pos] (the same test as _words' in_word, one position at a
        time)."""
        text, vocab = self.text, self.vocab
        self._scans -= 1
        ch = text[pos]
        j = text.find(ch)
        while j >= 0:
            if j != pos:
                self._visits -= 1
                if (j > 0 and text[j - 1:j + 1] in vocab) or text[j:j + 2] in vocab:
                    return True
            j = text.find(ch, j + 1)
        return False

    def repeated_pair(self, pos: int) -> bool:
        text = self.text
        scan = self._pairs is None and self._scans > 0
        if scan:
            self._scans -= 1
        else:
            pairs = self._count_pairs() if self._pairs is None else self._pairs
        for pair in (text[pos - 1:pos + 1] if pos else "", text[pos:pos + 2]):
            if len(pair) == 2 and is_han(pair[0]) and is_han(pair[1]):
                if scan:
                    # str.count(pair) > 1: a second occurrence after the first that does not overlap it
                    first = text.find(pair)
                    if text.find(pair, first + 2) >= 0:
                        return True
                    continue
                count = self.doubled[pair[0]] if pair[0] == pair[1] else pairs[pair]
                if count > 1:
                    return True
        return False

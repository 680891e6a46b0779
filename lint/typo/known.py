"""The typo detector's known-word test: is a word in jieba's dictionary from a count on. The first
few thousand words a process asks about are looked up in the word table (an SQLite query each,
nothing to load: a hook run on a short draft asks a few dozen); from then on one set of the short
words (2–4 characters, the lengths the detector asks about most) answers, read from a cache file
built once from the table, so a long run pays a set lookup per word instead of a query."""

from __future__ import annotations

import gc
import marshal
import os
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from lint import resources

SWITCH = 2000  # distinct words asked before the set is loaded (about 40 ms of queries; the set costs ~20 ms)
_FORMAT = 1  # bump when the cached list changes


class KnownWords:
    def __init__(self, table: Mapping[str, int], min_freq: int, source: Path | None = None) -> None:
        """table: word -> count (resources.word_freq()); source: the file it is read from, which keys
        the cache file (None: build the set in memory when it is needed)."""
        self.table, self.min_freq, self.source = table, min_freq, source
        self._asked: dict[str, bool] = {}
        self._short: frozenset[str] | None = None
        self.settle_gc = False  # known_words() sets it: its set is then gc.freeze()d (as lm.LanguageModel._settle)

    def __call__(self, word: str) -> bool:
        short = self._short
        if short is not None and 2 <= len(word) <= 4:
            return word in short
        r = self._asked.get(word)
        if r is None:
            if len(self._asked) > 100_000:
                self._asked.clear()
            r = self._asked[word] = self.table.get(word, 0) >= self.min_freq
            if len(self._asked) >= SWITCH and short is None:
                self.load()
        return r

    def load(self) -> None:
        """Answer from the in-memory set from now on: what a long run switches to after SWITCH questions (done
        earlier by Kind.preload, before worker processes fork)."""
        if self._short is None:
            self._short = self._load()
            self._asked.clear()
            if self.settle_gc:
                gc.freeze()

    def short_words(self) -> frozenset[str] | None:
        """The set that answers for 2–4 character words once loaded (None before): a caller asking many such words
        may test them itself, with the same answers."""
        return self._short

    def _load(self) -> frozenset[str]:
        f = None
        if self.source is not None:
            try:
                f = resources.cache_file(f"jieba-known{self.min_freq}", self.source, _FORMAT, ".marshal")
                words = marshal.loads(f.read_bytes())
                if isinstance(words, list):
                    resources.touch_cache(f)
                    return frozenset(words)
            except (OSError, ValueError, EOFError, TypeError):
                pass  # no cache file yet, or a damaged one: built again
        pairs = getattr(self.table, "pairs", None)  # WordTable: every row in one query
        items = pairs() if pairs is not None else self.table.items()
        words = sorted(w for w, n in items if 2 <= len(w) <= 4 and n >= self.min_freq)
        if f is not None:
            _write(f, words)
        return frozenset(words)


@cache
def known_words(min_freq: int) -> KnownWords:
    """The process's one KnownWords over jieba's dictionary for that count."""
    kw = KnownWords(resources.word_freq(), min_freq, resources.jieba_dict_path())
    kw.settle_gc = True
    return kw


def _write(f: Path, words: list[str]) -> None:
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=f.parent, prefix=f".{f.stem}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(words))
        os.replace(tmp, f)
        resources.prune_cache(f.stem.rsplit("-", 1)[0], f)
    except OSError:
        pass  # no writable cache: built again next time

"""KenLM scoring for the statistical typo detector: the model's own vocabulary, segmentation over it,
sound-alike and look-alike candidates, and cached window scores.

The model is a word model (Debian's fcitx5 ``zh_CN.lm`` or any KenLM file the user names). Text is
segmented with the model's vocabulary, because words the model lacks all cost about as much as a
rare word. A candidate replaces one character; it is kept only when it forms a 2–4 character word
of the vocabulary, and is then scored against the original in a window of a few words.
"""

from __future__ import annotations

import gc
import math
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import cache
from itertools import pairwise, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, Final, NamedTuple

from lint import resources
from lint.typo import lmfile

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_WORD: Final = 6
# Cost (log10) of a character the vocabulary lacks: a little worse than the rarest word.
OOV_LOGP: Final = -8.0
# Candidate kinds, in the order of the columns of data/typo_confusion.tsv.
KINDS: Final = ("same-tone", "other-tone", "near-sound", "shape")
# LanguageModel.pair_flags: a two-character string is a word; starts a longer word; is w[0:2] or w[1:3]
# of a three-character word; w[0:2], w[1:3] or w[2:4] of a four-character word. (Final: the compiled build
# inlines them instead of looking a global up.)
PAIR_WORD: Final = 1
PAIR_PREFIX: Final = 2
PAIR_3_0: Final = 4
PAIR_3_1: Final = 8
PAIR_4_0: Final = 16
PAIR_4_1: Final = 32
PAIR_4_2: Final = 64
# window_fills' conditions on the pair run[i - 2:i] alone and on run[i + 1:i + 3] alone, merged (the other windows
# test two pairs): a three- or four-character window around run[i] can be a vocabulary word only with one of these
WIDE_AFTER: Final = PAIR_3_0 | PAIR_4_0
WIDE_BEFORE: Final = PAIR_3_1 | PAIR_4_2


@cache
def confusion_table() -> Mapping[str, tuple[str, str, str, str]]:
    """char -> (same sound and tone, same sound other tone, near sound, similar shape): a draft asks a few
    dozen of its 6,761 rows, answered from an SQLite copy (lmfile.ConfusionRows) instead of parsing 1 MB."""
    return lmfile.ConfusionRows(DATA / "typo_confusion.tsv")


def read_vocabulary(path: str, model: Any) -> set[str]:
    """The words of a KenLM binary file (stored NUL-separated at its end, from ``<unk>`` on); for a
    model that keeps no word list, jieba's dictionary words the model knows."""
    words: set[str] = set()
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        tail = min(size, 64 * 1024 * 1024)
        fh.seek(size - tail)
        data = fh.read()
    i = data.rfind(b"<unk>\0")
    if i >= 0:
        for raw in data[i:].split(b"\0")[1:]:
            try:
                w = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if w:
                words.add(w)
    if len(words) < 1000 or not all(w in model for w in list(words)[:50]):
        words = {w for w in resources.word_freq() if w in model}
    return words


class Token(NamedTuple):  # a tuple: the detector builds one per word of every run
    text: str
    start: int  # offset in the run
    end: int


_new_token: Final = tuple.__new__  # Token's own __new__ is a Python function: this skips it


class LanguageModel:
    """A KenLM word model with its vocabulary, unigram costs and a cache of window scores."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.settle_gc = False  # language_model() sets it: see _settle (first: the index may be built below)
        self.model = resources.kenlm_model(path)
        self._masked: dict[str, lmfile.Fillers] | None = None
        self._pairs: dict[str, int] | None = None
        self._triples: dict[str, int] | None = None
        self._masked_at: tuple[Path, int] | None = None  # where the cached masked index is, read on first use
        # A few questions (a short draft) are answered from the index's SQLite file, which costs nothing to
        # open; the tables are loaded after lmfile.SWITCH of them, and vocab then is the set itself.
        self._lookup: lmfile.IndexFile | None = None
        self._words: set[str] | None = None  # the vocabulary set, once loaded
        self.vocab: set[str] | lmfile.Vocab
        look = lmfile.lookup_file(path)
        if look is not None and look.is_file():
            try:
                self._lookup = lmfile.IndexFile(look, self._load_tables, self._load_masked)
            except (sqlite3.Error, KeyError, ValueError, TypeError):
                self._lookup = None  # a damaged file: built again below
        if self._lookup is not None:
            resources.touch_cache(look)  # type: ignore[arg-type]
            self.vocab = self._lookup.vocab
            self.max_word = self._lookup.longest
        else:
            self.vocab = self._load_tables()[0]
            self.max_word = min(MAX_WORD, max(map(len, self.vocab), default=1))
            if look is not None and lmfile.writable(look):  # else no table is read only to be written
                lmfile.write(look, self.vocab, self.pair_flags(), self.triple_flags(), self._load_masked(),
                             self.max_word)
        self._uni: dict[str, float] = {}
        self._scores: dict[tuple[str, ...], float] = {}

    # ---- scores --------------------------------------------------------------------------------
    def unigram(self, word: str) -> float:
        s = self._uni.get(word)
        if s is None:
            s = self.model.score(word, bos=False, eos=False) if word in self.vocab else OOV_LOGP * len(word)
            self._uni[word] = s
        return s

    def score(self, tokens: tuple[str, ...]) -> float:
        """log10 probability of a token sequence (no sentence boundaries: the model has none)."""
        s = self._scores.get(tokens)
        if s is None:
            if len(self._scores) > 20_000:  # ~470 B an entry: ~9.4 MB at most
                self._scores.clear()
            s = self._scores[tokens] = self.model.score(" ".join(tokens), bos=False, eos=False)
        return s

    # ---- segmentation --------------------------------------------------------------------------
    def segment(self, run: str) -> list[Token]:
        """Most probable split of a Han run into vocabulary words (unigram costs, Viterbi)."""
        return self.segment_fill(run)[0]

    def segment_fill(self, run: str) -> tuple[list[Token], list[int]]:
        """segment(run), and for each character the length of the longest 2–4 character vocabulary
        word of run that covers it (0: none)."""
        toks, fill, _ = self.analyse(run)
        return toks, fill

    def analyse(self, run: str) -> tuple[list[Token], list[int], list[int]]:
        """segment_fill(run), and pair_flags() of each two characters of run (run[j:j + 2] at j), from
        one pass: only a pair that starts a longer word is looked for as one."""
        back, fill, flags, _ = self._viterbi(run)
        out: list[Token] = []
        j = len(run)
        while j > 0:
            k = back[j]
            out.append(_new_token(Token, (run[k:j], k, j)))
            j = k
        out.reverse()
        return out, fill, flags

    def split(self, run: str) -> tuple[tuple[str, ...], list[int], list[int], list[int]]:
        """analyse(run) as the words, their starts (and len(run) last) instead of tokens, with fill and flags."""
        words, starts, fill, flags, _ = self.split_costs(run)
        return words, starts, fill, flags

    def split_costs(self, run: str) -> tuple[tuple[str, ...], list[int], list[int], list[int], list[float]]:
        """split(run), and the unigram cost of each character of run (what segment_region takes with the flags)."""
        back, fill, flags, ones = self._viterbi(run)
        starts: list[int] = []
        j = len(run)
        while j > 0:
            starts.append(j)
            j = back[j]
        starts.append(0)
        starts.reverse()
        return tuple([run[a:b] for a, b in pairwise(starts)]), starts, fill, flags, ones

    def _viterbi(self, run: str, ones: list[float] | None = None,
                 flags: list[int] | None = None) -> tuple[list[int], list[int], list[int], list[float]]:
        """analyse(run) with the segmentation as back pointers (the best split of run[:j] ends with the word
        run[back[j]:j]), and the unigram costs of run's characters; ones and flags: those costs and run's
        pair_flags, when the caller has them (segment_region)."""
        n: int = len(run)
        # Mappings, not dicts: a short text's tables are lmfile's SQLite-backed views (a typed dict local would be
        # a TypeError in the compiled build), a long text's the dicts they hand over to
        vocab = self.vocab
        uni: dict[str, float] = self._uni
        unigram = self.unigram
        pf: Mapping[str, int] = self.pair_flags()
        triples: Mapping[str, int] = self.triple_flags()
        longest: int = self.max_word
        pairs: list[str] | None = None
        if flags is None:
            pairs = [run[j:j + 2] for j in range(n - 1)]  # kept: a pair that is a word is looked up again below
            flags = list(map(pf.get, pairs, repeat(0)))
        fill = [0] * n
        if ones is None:
            ones = unigram_costs(run, uni, unigram)
        # Viterbi, relaxing forward from each start in turn: for each end the candidates come by
        # ascending start, and only a strictly better one replaces the best, as in a backward scan
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        k = 0
        for f in flags:  # every start but the last character's, which only ends a one-character word
            bk = best[k]
            s = bk + ones[k]
            k1 = k + 1
            if s > best[k1]:
                best[k1] = s
                back[k1] = k
            if not f & (PAIR_WORD | PAIR_PREFIX):
                k = k1
                continue
            if f & PAIR_WORD:
                w = run[k:k + 2] if pairs is None else pairs[k]
                u = uni.get(w)
                s = bk + (unigram(w) if u is None else u)
                if s > best[k + 2]:
                    best[k + 2] = s
                    back[k + 2] = k
                if fill[k] < 2:
                    fill[k] = 2
                if fill[k1] < 2:
                    fill[k1] = 2
            if f & PAIR_PREFIX and k + 3 <= n:
                w = run[k:k + 3]
                t = triples.get(w, 0)
                if t & PAIR_WORD:
                    u = uni.get(w)
                    s = bk + (unigram(w) if u is None else u)
                    if s > best[k + 3]:
                        best[k + 3] = s
                        back[k + 3] = k
                    if fill[k] < 3:
                        fill[k] = 3
                    if fill[k1] < 3:
                        fill[k1] = 3
                    if fill[k + 2] < 3:
                        fill[k + 2] = 3
                if t & PAIR_PREFIX:
                    for length in range(4, min(longest, n - k) + 1):
                        w = run[k:k + length]
                        if w in vocab:
                            u = uni.get(w)
                            s = bk + (unigram(w) if u is None else u)
                            if s > best[k + length]:
                                best[k + length] = s
                                back[k + length] = k
                            if length == 4:
                                fill[k:k + 4] = [4, 4, 4, 4]
            k = k1
        if n and best[k] + ones[k] > best[n]:
            back[n] = k
        return back, fill, flags, ones

    def pair_flags(self) -> Mapping[str, int]:
        """Two-character strings that occur in vocabulary words -> PAIR_* flags: a word itself, the
        start of a longer word, and where it sits in three- and four-character words (built once)."""
        if self._pairs is None:
            if self._words is None:
                return self.vocab_file().pairs  # answered from the file until the tables are loaded
            out: dict[str, int] = {}
            for w in self.vocab:
                n = len(w)
                if n == 2:
                    out[w] = out.get(w, 0) | PAIR_WORD
                elif n >= 3:
                    at = ((w[:2], PAIR_PREFIX | PAIR_3_0), (w[1:], PAIR_3_1)) if n == 3 else (
                        ((w[:2], PAIR_PREFIX | PAIR_4_0), (w[1:3], PAIR_4_1), (w[2:], PAIR_4_2)) if n == 4
                        else ((w[:2], PAIR_PREFIX),))
                    for p, f in at:
                        out[p] = out.get(p, 0) | f
            self._pairs = out
        return self._pairs

    def triple_flags(self) -> Mapping[str, int]:
        """Three-character strings that begin vocabulary words -> PAIR_WORD (one itself), PAIR_PREFIX
        (the start of a longer one)."""
        if self._triples is None:
            if self._words is None:
                return self.vocab_file().triples
            out: dict[str, int] = {}
            for w in self.vocab:
                if len(w) >= 3:
                    out[w[:3]] = out.get(w[:3], 0) | (PAIR_WORD if len(w) == 3 else PAIR_PREFIX)
            self._triples = out
        return self._triples

    def segment_words(self, run: str) -> tuple[str, ...]:
        """The words of segment(run) (without building its tokens: the detector re-segments every candidate)."""
        return _words(run, self._viterbi(run)[0])

    def segment_region(self, region: str, ones: list[float], flags: list[int]) -> tuple[str, ...]:
        """segment_words(region), given the unigram cost of each of its characters and the pair_flags of each
        two (the detector's candidate regions take them from their run's split_costs: only the replaced
        character's cost and its two pairs are looked up)."""
        return _words(region, self._viterbi(region, ones, flags)[0])

    # ---- candidates ----------------------------------------------------------------------------
    def masked_index(self) -> Mapping[str, lmfile.Fillers]:
        """For every 2–4 character vocabulary word and position, the word with that character
        replaced by '?' -> the characters that fill it (built once)."""
        if self._masked is None and self._lookup is not None:
            return self._lookup.fills  # answered from the file until lmfile.SWITCH keys were asked
        return self._load_masked()

    # ---- the index: read from the cache (or built once per model file) ---------------------------
    def load_tables(self) -> None:
        """Load the vocabulary, flags and masked index now (a long run loads them after lmfile.SWITCH
        questions anyway): for a benchmark's warm-up or a server that wants no later pause."""
        if self._lookup is not None:  # through the file's views, so that they hand over at once
            self._lookup.full_tables()
            self._lookup.full_masked()
        self._load_tables()
        self._load_masked()

    def vocab_file(self) -> lmfile.IndexFile:
        assert self._lookup is not None
        return self._lookup

    def _load_tables(self) -> lmfile.Tables:
        """The vocabulary set and the pair and triple flags, read from the marshal index (or built, then
        written with the masked index); from then on they answer instead of the SQLite file."""
        loaded = self._words is None
        if loaded:
            cached = lmfile.read_index(self.path)
            if cached is not None:
                words, self._pairs, self._triples, self._masked_at = cached
                self.vocab = self._words = set(words)
            else:  # built once per model file, and written to the cache for every later process
                self._pairs = self._triples = None
                self.vocab = self._words = read_vocabulary(self.path, self.model)
                self._build_masked()
        self.pair_flags()
        self.triple_flags()
        if loaded:
            self._settle()
        assert self._words is not None and self._pairs is not None and self._triples is not None
        return self._words, self._pairs, self._triples

    def _load_masked(self) -> dict[str, lmfile.Fillers]:
        if self._masked is None:
            if self._masked_at is None and self._words is None:
                self._masked_at = lmfile.masked_at(self.path)
            if self._masked_at is not None:
                self._masked = lmfile.read_masked(*self._masked_at)
            if self._masked is None:
                self._build_masked()
            self._settle()
        assert self._masked is not None
        return self._masked

    def _settle(self) -> None:
        """For the process's own model (language_model()): gc.freeze() once its tables are loaded. They hold some
        500,000 references (the vocabulary set, the masked index and its sets), which every full collection, and
        every younger one while they are young, walked again, mostly as cache misses (collections took 0.18-0.20 s
        of the statistical check's ~2.8 s on 290k characters, 0.08-0.10 s frozen): frozen, the collector leaves
        them (and whatever else is alive then) alone. Only for the shared model, which lives as long as the
        process: a model made on its own may be dropped, and a frozen cycle is never collected."""
        if self.settle_gc:
            gc.freeze()

    def _build_masked(self) -> None:
        vocab, pairs, triples = self._load_tables()
        if self._masked is not None:  # built by _load_tables
            return
        idx: dict[str, list[str]] = defaultdict(list)
        for w in sorted(vocab):  # sorted: the same index whatever the set's order
            if 2 <= len(w) <= 4:
                for j in range(len(w)):
                    idx[w[:j] + "?" + w[j + 1:]].append(w[j])
        # Long filler lists become sets, so intersecting them costs the size of the smaller side; short ones tuples of
        # one string object per character (marshal keeps them shared), which a set reads with their hashes kept:
        # iterating a string makes a new object, to be hashed, for each character (a test of 15 against a set took
        # 0.78 µs from a string, 0.21 µs from such a tuple). The loaded index takes 91 MB instead of 100.
        one: dict[str, str] = {}
        self._masked = {k: tuple([one.setdefault(c, c) for c in v]) if len(v) <= lmfile.LONG_FILLERS
                        else frozenset(v) for k, v in idx.items()}
        lmfile.write_index(self.path, sorted(vocab), self._masked, pairs, triples)

    def word_fillers(self, run: str, i: int, wanted: frozenset[str]) -> tuple[dict[str, int], int]:
        """Characters of ``wanted`` that, put at run[i], make a 2–4 character vocabulary word with
        its neighbours -> the length of the longest such word; and that length for run[i] itself
        (0 when it makes no such word)."""
        idx = self.masked_index()
        out: dict[str, int] = {}
        own = 0
        n = len(run)
        ch = run[i]
        for length in (2, 3, 4):
            for a in range(max(0, i - length + 1), min(i, n - length) + 1):
                fill = idx.get(run[a:i] + "?" + run[i + 1:a + length])
                if fill is None:
                    continue
                if ch in fill:
                    own = length
                for c in wanted.intersection(fill):
                    out[c] = length
        return out, own


def _words(run: str, back: list[int]) -> tuple[str, ...]:
    """The words of run along Viterbi back pointers."""
    out: list[str] = []
    j = len(run)
    while j > 0:
        k = back[j]
        out.append(run[k:j])
        j = k
    out.reverse()
    return tuple(out)


def unigram_costs(run: str, uni: dict[str, float], unigram: Callable[[str], float]) -> list[float]:
    """unigram(c) for each character c of run, those already in its memo uni in one C-level pass (the word and
    the character model keep one each)."""
    try:  # (a KeyError, not a test for None: the memo holds all but a new text's first few characters)
        return list(map(uni.__getitem__, run))
    except KeyError:
        return [uni[c] if c in uni else unigram(c) for c in run]


def window_fills(run: str, i: int, flags: list[int], idx: Mapping[str, lmfile.Fillers], orig_fill: int,
                 longer: frozenset[str], shorter: frozenset[str]) -> dict[str, int]:
    """The candidates that fill a masked window around run[i] -> the longest such window (the last one to fill
    them), by window length, then start: those of longer fill the windows longer than orig_fill, those of shorter the
    others (not looked up when shorter is empty). flags: LanguageModel.analyse's pair flags, which rule out most
    windows before a lookup (a window no vocabulary word has the shape of)."""
    n, g = len(run), idx.get
    out: dict[str, int] = {}
    c2 = longer if orig_fill < 2 else shorter
    c3 = longer if orig_fill < 3 else shorter
    c4 = longer if orig_fill < 4 else shorter
    # most windows offer none of the candidates: no set is built for them
    if c2:
        if i >= 1 and (f := g(run[i - 1] + "?")) and not c2.isdisjoint(f):
            for c in c2.intersection(f):
                out[c] = 2
        if i + 1 < n and (f := g("?" + run[i + 1])) and not c2.isdisjoint(f):
            for c in c2.intersection(f):
                out[c] = 2
    if c3:
        if i >= 2 and flags[i - 2] & PAIR_3_0 and (f := g(run[i - 2:i] + "?")) and not c3.isdisjoint(f):
            for c in c3.intersection(f):
                out[c] = 3
        if i >= 1 and i + 1 < n and (f := g(run[i - 1] + "?" + run[i + 1])) and not c3.isdisjoint(f):
            for c in c3.intersection(f):
                out[c] = 3
        if i + 2 < n and flags[i + 1] & PAIR_3_1 and (f := g("?" + run[i + 1:i + 3])) and not c3.isdisjoint(f):
            for c in c3.intersection(f):
                out[c] = 3
    if c4:
        if (i >= 3 and flags[i - 3] & PAIR_4_0 and flags[i - 2] & PAIR_4_1 and (f := g(run[i - 3:i] + "?"))
                and not c4.isdisjoint(f)):
            for c in c4.intersection(f):
                out[c] = 4
        if (i >= 2 and i + 1 < n and flags[i - 2] & PAIR_4_0 and (f := g(run[i - 2:i] + "?" + run[i + 1]))
                and not c4.isdisjoint(f)):
            for c in c4.intersection(f):
                out[c] = 4
        if (i >= 1 and i + 2 < n and flags[i + 1] & PAIR_4_2 and (f := g(run[i - 1] + "?" + run[i + 1:i + 3]))
                and not c4.isdisjoint(f)):
            for c in c4.intersection(f):
                out[c] = 4
        if (i + 3 < n and flags[i + 1] & PAIR_4_1 and flags[i + 2] & PAIR_4_2 and (f := g("?" + run[i + 1:i + 4]))
                and not c4.isdisjoint(f)):
            for c in c4.intersection(f):
                out[c] = 4
    return out


@cache
def candidates(ch: str) -> tuple[dict[str, str], frozenset[str]]:
    """Confusable characters for ch -> their kind (same-tone, other-tone, near-sound, shape), and
    the same characters as a set."""
    row = confusion_table().get(ch)
    if row is None:
        return {}, frozenset()
    # each character once, where it first occurs, with the kind of the first column that has it (dict.update
    # keeps a key's place: the columns from last to first leave the first one's kind)
    out: dict[str, str] = dict.fromkeys("".join(row), "")
    for kind, chars in zip(KINDS[::-1], row[::-1], strict=True):
        out.update(dict.fromkeys(chars, kind))
    return out, frozenset(out)


@cache
def frequent_groups() -> dict[str, frozenset[str]]:
    """char -> the characters it is frequently confused with (data/typo_frequent_pairs.txt)."""
    out: dict[str, set[str]] = defaultdict(set)
    with (DATA / "typo_frequent_pairs.txt").open(encoding="utf-8") as fh:
        for line in fh:
            group = line.strip()
            if group and not group.startswith("#"):
                for c in group:
                    out[c].update(g for g in group if g != c)
    return {c: frozenset(v) for c, v in out.items()}


def frequent_partners(ch: str) -> frozenset[str]:
    return frequent_groups().get(ch, frozenset())


@cache
def language_model(path: str) -> LanguageModel:
    lm = LanguageModel(path)
    lm.settle_gc = True
    return lm


_first: Final = itemgetter(0)


class CharModel:
    """A KenLM character model (e.g. people_chars_lm.klm, a bigram of People's Daily text): the typo
    detector's second scorer, which judges a replacement whether or not it forms a known word."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.model = resources.kenlm_model(path)
        self._uni: dict[str, float] = {}
        self._top: dict[tuple[str, int], tuple[str, ...]] = {}
        self._rank: dict[str, tuple[float, str]] = {}  # top_candidates' sort key of each character seen
        # characters a side that can change the score: order - 1, at most the three of a ±3 window
        self.window = max(1, min(3, int(self.model.order) - 1))

    def unigram(self, ch: str) -> float:
        s = self._uni.get(ch)
        if s is None:
            s = self._uni[ch] = self.model.score(ch, bos=False, eos=False)
        return s

    def run_scores(self, run: str) -> list[float]:
        """log10 P(run[j] | what precedes it) for each character of a Han run, in one call."""
        return list(map(_first, self.model.full_scores(" ".join(run), False, False)))

    def fit(self, run: str, i: int, scores: list[float]) -> float:
        """How much better run[i] fits its neighbours than chance: the pointwise mutual information
        (log10) of the pairs it forms, from run_scores. A slip rarely fits either neighbour."""
        left = scores[i] - self.unigram(run[i]) if i else 0.0
        right = scores[i + 1] - self.unigram(run[i + 1]) if i + 1 < len(run) else 0.0
        return left + right

    def gain(self, run: str, i: int, c: str) -> float:
        """log10 score of run with c at i minus the original's, over the characters around i (the
        window a bigram model sees; a longer model would see three a side)."""
        return self.best_gain(run, i, (c,))[0]

    def best_gain(self, run: str, i: int, cands: tuple[str, ...]) -> tuple[float, str]:
        """The candidate whose gain (as in gain()) is highest, and that gain; the original's window
        is scored once."""
        a, b = max(0, i - self.window), min(len(run), i + self.window + 1)
        # the window's text around the character: "l1 l2 " + c + " r1" (concatenation and positional bos, eos:
        # cheaper than a format and keywords, for the same strings)
        pre = " ".join(run[a:i]) + " " if i > a else ""
        post = " " + " ".join(run[i + 1:b]) if b > i + 1 else ""
        score = self.model.score
        base = score(pre + run[i] + post, False, False)
        return max([(score(pre + c + post, False, False) - base, c) for c in cands])

    def top_candidates(self, ch: str, k: int) -> tuple[str, ...]:
        """ch's confusables and frequently confused partners, the k most frequent first: rare
        characters are seldom the word meant, and every candidate costs a model call."""
        key = (ch, k)
        r = self._top.get(key)
        if r is None:
            conf, _ = candidates(ch)
            pool = set(conf) | frequent_partners(ch)
            rank = self._rank
            for c in pool.difference(rank):  # each character's sort key made once
                rank[c] = (-self.unigram(c), c)
            r = self._top[key] = tuple(sorted(pool, key=rank.__getitem__)[:k])
        return r


@cache
def char_model(path: str) -> CharModel:
    return CharModel(path)

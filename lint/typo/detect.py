"""The statistical typo detector: one-character replacements that a word language model prefers by a
clear margin. Pure logic over strings; lint/kinds/typos.py turns its suspects into findings."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from operator import add, sub
from typing import Final

from lint.chars import HAN_RUN_RE
from lint.typo.echo import EchoIndex
from lint.typo.lm import (
    PAIR_4_0,
    PAIR_4_1,
    PAIR_4_2,
    WIDE_AFTER,
    WIDE_BEFORE,
    CharModel,
    LanguageModel,
    Token,
    candidates,
    frequent_partners,
    unigram_costs,
    window_fills,
)

# Function words whose choice is grammar, not spelling (handled by context rules), and numerals.
# (Final, as the other constants here: the compiled build reads them without a global lookup.)
SKIP_CHARS: Final = frozenset("的地得了着过之其与和及或而但也都就才又还在是有不没被把将从向对于以为所这那哪"
                              "零〇一二三四五六七八九十百千万亿两几半壹贰叁肆伍陆柒捌玖拾佰仟")
# Grammar characters tried only where the replacement makes a dictionary word: joining a lone
# character (不的不 -> 不得不) or turning a two-character token no dictionary knows into one it does
# (觉的 -> 觉得). As words of their own (说得好, 打的车) the model cannot judge them (lint/typo/dedide.py
# handles 得 before a noun).
LONE_ONLY: Final = frozenset("的得")
# Nouns that refer to people the way pronouns do (值得大家思考): jieba tags them n.
PERSONAL_NOUNS: Final = frozenset(("大家", "人们", "别人", "他人", "众人", "人家", "各位", "大伙", "大伙儿"))
# 道 at the end of a clause, before a colon, quote or clause mark, is the verb "say" of narrative
# (笑道：, 问道“, 板着脸道，, 突然道。), not a slip for 到.
SPEECH_VERB: Final = "道"
SPEECH_NEXT: Final = frozenset("：:“\"「，,。！？!?")


@dataclass
class Settings:
    """Margins (log10 units of the language model) a replacement must win by, per situation.

    ``lone``: the original character is a word of its own and the replacement joins it into a longer
    word (锻链 -> 锻炼): the usual shape of a slip. ``join``: the original sits in a two-character word
    and the replacement makes a longer one. ``swap``: one two-character word for another (收到 ->
    受到), which the model judges least reliably. A kind missing from a mapping is not tried there.
    """

    lone: dict[str, float] = field(default_factory=lambda: {
        "same-tone": 5.0, "other-tone": 5.5, "near-sound": 6.5, "shape": 5.5})
    join: dict[str, float] = field(default_factory=lambda: {
        "same-tone": 4.0, "other-tone": 4.5, "near-sound": 5.5})
    swap: dict[str, float] = field(default_factory=dict)
    # Frequently confused pairs (data/typo_frequent_pairs.txt), per situation: lone, join, swap and
    # single (a one-character word for another).
    frequent: dict[str, float] = field(default_factory=lambda: {
        "lone": 2.0, "join": 3.0, "swap": 2.5, "single": 1.5})
    # Added when the original character recurs elsewhere in the text inside a two-character word
    # of the model (贷 in 送贷上门 next to 贷款), or the text repeats it with the same neighbour
    # (机滤 … 机滤; not for frequently confused pairs): a writer's abbreviation or term, not a slip.
    echo: float = 3.0
    # Words kept fixed on each side of the re-segmented region as context.
    context: int = 2
    # The character model (second scorer), used only when one is loaded; values chosen with
    # bench/typo_tune_char.py on SIGHAN-15 and LEMON dev. A character is tried when it fits its
    # neighbours no better than chance (CharModel.fit <= char_fit), with its char_top most frequent
    # confusables; the best is reported when it is a sound-alike of char_kinds, the character model
    # prefers it by char_min (plus echo) and the word model by word_min (both log10), or by
    # char_strong whatever the word model says. A word-model suspect the character model scores
    # below char_veto is dropped; a word-model candidate short of its margin by less than near is
    # reported when the character model prefers it by near_char.
    char_fit: float = 0.0
    char_top: int = 12
    char_kinds: frozenset[str] = frozenset(("same-tone", "other-tone"))
    char_min: float = 4.0
    word_min: float = 2.0
    char_strong: float = 99.0
    char_veto: float = -1.0
    near: float = 1.5
    near_char: float = 5.0
    # A character whose best word-model candidate falls short of its margin by less than near_skip
    # was judged by the word model: the character model does not propose another candidate there.
    near_skip: float = 3.0

    def shifted(self, delta: float) -> Settings:
        """The same settings with every margin raised by delta."""
        def up(t: dict[str, float]) -> dict[str, float]:
            return {k: v + delta for k, v in t.items()}

        return replace(self, lone=up(self.lone), join=up(self.join), swap=up(self.swap),
                       frequent=up(self.frequent), char_min=self.char_min + delta,
                       char_strong=self.char_strong + delta)

    @staticmethod
    def situation(orig_len: int, orig_fill: int, cand_fill: int) -> str | None:
        if orig_len >= 3:
            return None
        if cand_fill > orig_fill:
            return "lone" if orig_len == 1 else "join"
        if orig_len == 2:
            return "swap" if cand_fill == 2 else None
        return "single"

    def need(self, orig_len: int, orig_fill: int, cand_fill: int, kind: str,
             frequent: bool = False) -> float | None:
        """The margin for a candidate, or None when it is not worth scoring; a frequently confused
        pair gets the smaller of its kind's margin and the frequent-pair margin."""
        sit = self.situation(orig_len, orig_fill, cand_fill)
        if sit is None:
            return None
        m = {"lone": self.lone, "join": self.join, "swap": self.swap}.get(sit, {}).get(kind)
        f = self.frequent.get(sit) if frequent else None
        if m is None or f is None:
            return f if m is None else m
        return min(m, f)


@dataclass(frozen=True)
class Suspect:
    start: int  # offsets in the text given to detect()
    end: int
    original: str
    replacement: str
    gain: float
    need: float
    kind: str
    # with a character model: its gain for the replacement, and the probability (calibrated on
    # SIGHAN-15 and LEMON dev, see calibrated()) that the finding is right
    char_gain: float | None = None
    source: str = "word"  # word: the word model's decision; char: the character model's
    prob: float | None = None

    @property
    def confidence(self) -> float:
        """Without a character model: the squashed excess of the gain over the margin needed (0.5
        at the margin, near 1 far above); with one, the calibrated probability."""
        if self.prob is not None:
            return round(self.prob, 2)
        return round(1.0 / (1.0 + math.exp(-(self.gain - self.need))), 2)


@dataclass(frozen=True)
class Candidate:
    """One scored replacement with the features the decision uses."""

    pos: int
    original: str
    replacement: str
    kind: str
    gain: float  # log10 window score of the replacement minus the original's
    need: float  # the margin this candidate must beat
    orig_len: int  # length of the original's token at pos
    orig_fill: int  # longest 2-4 char vocabulary word the original character makes there (0: none)
    cand_fill: int  # same for the replacement
    single: int  # single-character tokens in the original region
    orig_logp: float  # unigram log10 of the original's token
    orig_tokens: int
    cand_tokens: int
    own: int = 0  # longest known (jieba) word the original character makes there
    situation: str = ""  # lone, join, swap or single (Settings.situation)
    frequent: bool = False  # a frequently confused pair (data/typo_frequent_pairs.txt)


def calibrated(source: str, margin: float, char_gain: float) -> float:
    """Probability that a suspect is a real slip, from its word-model margin and character-model
    gain: logistic fits on SIGHAN-15 and LEMON dev (bench/typo_tune_char.py)."""
    a, b, c = CALIBRATION[source]
    z = max(-30.0, min(30.0, a + b * margin + c * char_gain))
    return 1.0 / (1.0 + math.exp(-z))


# intercept, word-model margin, character-model gain (log10 units); set by bench/typo_tune_char.py
CALIBRATION: dict[str, tuple[float, float, float]] = {
    "word": (0.007, 0.543, 0.08), "near": (-0.587, 0.123, 0.212), "char": (0.777, 0.441, -0.466)}


class Detector:
    def __init__(self, lm: LanguageModel, settings: Settings | None = None,
                 known: Callable[[str], bool] | None = None, collect: bool = False,
                 tag: Callable[[str], str | None] | None = None, char_lm: CharModel | None = None) -> None:
        """``known``: a second, larger dictionary (e.g. jieba's) for words the model lacks; a
        character that already makes a known word at least as long as a candidate's is left alone.
        ``char_lm``: a character model, the second scorer (off when None)."""
        self.lm = lm
        self.char_lm = char_lm
        # trace: when a list, every suspect's features are appended (bench/typo_tune_char.py)
        self.trace: list[dict[str, object]] | None = None
        self.settings = settings or Settings()
        self.known = known
        # KnownWords.short_words: its set of 2–4 character words, which _known_len then asks directly
        self._short_known: Callable[[], frozenset[str] | None] | None = getattr(known, "short_words", None)
        # collect: keep candidates the known-word filter would drop (for measuring tools).
        self.collect = collect
        # tag: a word's part of speech (jieba's n, v, r …), for grammar characters
        self.tag = tag
        self._seg_cache: dict[str, tuple[str, ...]] = {}
        self._known_cache: dict[str, bool] = {}
        self._chars: dict[str, _CharInfo | None] = {}
        self._chars_for: Settings | None = None  # the settings self._chars answers for
        self._char_gains: dict[tuple[str, int], tuple[float, str]] = {}

    def _seg(self, s: str, ones: list[float] | None = None, flags: list[int] | None = None) -> tuple[str, ...]:
        """segment_words(s), remembered; ones, flags: s's unigram costs and pair flags, when known (segment_region)."""
        r = self._seg_cache.get(s)
        if r is None:
            if len(self._seg_cache) > 50_000:  # ~470 B an entry: ~24 MB at most
                self._seg_cache.clear()
            r = self._seg_cache[s] = (self.lm.segment_words(s) if ones is None or flags is None
                                      else self.lm.segment_region(s, ones, flags))
        return r

    def _is_known(self, w: str) -> bool:
        r = self._known_cache.get(w)
        if r is None:
            assert self.known is not None
            if len(self._known_cache) > 50_000:  # ~100 B an entry: ~5 MB at most
                self._known_cache.clear()
            r = self._known_cache[w] = self.known(w)
        return r

    def _known_len(self, run: str, i: int) -> int:
        """The longest known word (2–4 characters) of run that covers run[i]; 0: none."""
        short = self._short_known() if self._short_known is not None else None
        # once KnownWords holds its set, asking it directly answers as known() does for these lengths
        is_known = short.__contains__ if short is not None else self._is_known
        n = len(run)
        for length in (4, 3, 2):
            for a in range(max(0, i - length + 1), min(i, n - length) + 1):
                if is_known(run[a:a + length]):
                    return length
        return 0

    def _known_filter(self, run: str, i: int, todo: list[tuple[str, str, float]], fills: dict[str, int],
                      partners: frozenset[str]) -> tuple[int, list[tuple[str, str, float]]]:
        """The longest known word run[i] makes (0: none, or no known-word list), and the candidates of todo that keep
        one: a candidate must make a longer word, or, as a frequently confused partner, another known word as long
        (我再也不 is not 我在也不, though the model knows 在也). With collect, todo whole."""
        own = self._known_len(run, i) if self.known is not None else 0
        if own and not self.collect:
            todo = [t for t in todo if fills[t[0]] > own or (
                t[0] in partners and self._known_len(run[:i] + t[0] + run[i + 1:], i) >= own)]
        return own, todo

    def _char_table(self) -> dict[str, _CharInfo | None]:
        """_char_info's answers for these settings (shared by detectors whose margins name the same
        situations and kinds: only which ones decides them)."""
        st = self.settings
        if self._chars_for is not st:
            key = tuple(frozenset(t) for t in (st.lone, st.join, st.swap, st.frequent))
            self._chars, self._chars_for = _CHAR_TABLES.setdefault(key, {}), st
        return self._chars

    def _char_info(self, ch: str) -> _CharInfo | None:
        """What the candidate loop needs to know about one character (None: no candidate), once."""
        table = self._char_table()
        if ch in table:
            return table[ch]
        partners = frequent_partners(ch)
        conf: dict[str, str]
        info: _CharInfo | None = None
        if ch in SKIP_CHARS:
            conf, wanted = dict.fromkeys(partners, "frequent"), partners
        else:
            conf, wanted = candidates(ch)
            if partners:
                conf, wanted = {**dict.fromkeys(partners, "frequent"), **conf}, wanted | partners
        if conf:
            st = self.settings
            # the candidates that get a margin (Settings.need is not None) in each situation
            kinds = set(conf.values())

            def pick(margins: Collection[str], frequent: bool) -> set[str]:
                """The c of wanted, in its order, whose kind has a margin there, or that are partners when frequent
                pairs have one (each set filled in the order the candidates come: the same sets)."""
                if frequent and partners:
                    return {c for c in wanted if conf[c] in margins or c in partners}
                if kinds.isdisjoint(margins):
                    return set()
                if kinds.issubset(margins):
                    return set(wanted)  # filled in wanted's order, as the filters fill theirs
                return {c for c in wanted if conf[c] in margins}

            lone, join, swap = (pick(m, sit in st.frequent) for m, sit in
                                ((st.lone, "lone"), (st.join, "join"), (st.swap, "swap")))
            single = {c for c in wanted if c in partners} if partners and "single" in st.frequent else set()
            short1, short2 = frozenset(single), frozenset(swap)
            info = _CharInfo(conf, partners, (short1.union(lone), short2.union(join)), (short1, short2))
        table[ch] = info
        return info

    def detect(self, text: str, protected: Callable[[int], bool] = lambda i: False) -> Iterator[Suspect]:
        """The best replacement at each position whose gain beats its margin."""
        best: dict[int, tuple[float, Candidate]] = {}
        # with a character model: the best candidate short of its margin by less than st.near
        near: dict[int, tuple[float, Candidate]] = {}
        st = self.settings if self.char_lm is not None else replace(self.settings, near=0.0, near_skip=0.0)
        close = max(st.near, st.near_skip)
        index = EchoIndex(text, self.lm.vocab)  # counts on the first question, once per text
        # close: candidates below need - close are dropped here, so the loop does not build them
        for c in self.candidates(text, protected, close):
            need = c.need
            if c.gain <= need - close:
                continue
            # A repeated pair speaks for a term, except for the pairs writers confuse consistently
            # (请座 … 请座): those slips repeat too.
            if index.echo(c.pos) or (not c.frequent and index.repeated_pair(c.pos)):
                need += self.settings.echo
            if c.gain > need and (c.pos not in best or c.gain - need > best[c.pos][1].gain - best[c.pos][0]):
                best[c.pos] = (need, c)
            elif c.gain > need - close and (
                    c.pos not in near or c.gain - need > near[c.pos][1].gain - near[c.pos][0]):
                near[c.pos] = (need, c)
        if self.char_lm is None:
            for pos in sorted(best):
                need, c = best[pos]
                yield Suspect(pos, pos + 1, c.original, c.replacement, c.gain, need, c.kind)
            return
        yield from self._with_chars(text, protected, best, near, index)

    def _with_chars(self, text: str, protected: Callable[[int], bool], best: dict[int, tuple[float, Candidate]],
                    near: dict[int, tuple[float, Candidate]], index: EchoIndex) -> Iterator[Suspect]:
        """The word model's suspects checked by the character model, and the character model's own."""
        cm, st = self.char_lm, self.settings
        assert cm is not None
        out: dict[int, Suspect] = {}
        decided = sorted(best.keys() | near.keys())
        for m in HAN_RUN_RE.finditer(text):
            run, base = m.group(), m.start()
            if len(run) < 2:
                continue
            fits = self._fits(run)
            cf = st.char_fit
            toks: list[Token] | None = None
            follow = text[m.end():m.end() + 1]
            # the characters the word model decided, and those that fit their neighbours badly
            todo = [i for i, f in enumerate(fits) if f <= cf]
            lo, hi = bisect_left(decided, base), bisect_left(decided, base + len(run))
            for i in (todo if lo == hi else sorted({*todo, *(p - base for p in decided[lo:hi])})):
                ch, pos = run[i], base + i
                if pos in best:
                    need, c = best[pos]
                    cg = cm.gain(run, i, c.replacement)
                    self._trace(text, pos, "word", c.replacement, cg, c.gain, need, c.kind, index)
                    if cg >= st.char_veto:
                        out[pos] = Suspect(pos, pos + 1, ch, c.replacement, c.gain, need, c.kind, cg, "word",
                                           calibrated("word", c.gain - need, cg))
                    continue
                if pos in near:
                    # the word model almost sure: the character model's agreement decides
                    need, c = near[pos]
                    cg = cm.gain(run, i, c.replacement)
                    self._trace(text, pos, "near", c.replacement, cg, c.gain, need, c.kind, index)
                    if c.gain - need > -st.near and cg >= st.near_char:
                        out[pos] = Suspect(pos, pos + 1, ch, c.replacement, c.gain, need, c.kind, cg, "near",
                                           calibrated("near", c.gain - need, cg))
                    continue  # the word model judged this character: no second guess by the other
                if ch in SKIP_CHARS or fits[i] > cf or protected(pos) or not self._may_replace(run, i, follow):
                    continue
                top = cm.top_candidates(ch, st.char_top)
                if not top:
                    continue
                cg, r = self._best_char_gain(run, i, top)
                if cg < st.char_min:
                    continue
                echo = st.echo if index.echo(pos) or index.repeated_pair(pos) else 0.0
                if cg < st.char_min + echo:
                    continue
                if toks is None:
                    toks = self.lm.segment(run)
                wg = self._word_gain(run, toks, i, r)
                own = self._known_len(run, i) if self.known is not None else 0
                if own and self._known_len(run[:i] + r + run[i + 1:], i) < own:
                    continue  # the original makes a known word and the replacement no longer one
                kind = candidates(ch)[0].get(r, "frequent")
                self._trace(text, pos, "char", r, cg, wg, 0.0, kind, index, echo)
                if kind in st.char_kinds and (wg >= st.word_min or cg >= st.char_strong + echo):
                    out[pos] = Suspect(pos, pos + 1, ch, r, wg, st.word_min, kind, cg, "char",
                                       calibrated("char", wg, cg - echo))
        for pos in sorted(out):
            yield out[pos]

    def _fits(self, run: str) -> list[float]:
        """CharModel.fit of every character of run, from one run_scores call."""
        cm = self.char_lm
        assert cm is not None
        pmi = list(map(sub, cm.run_scores(run), unigram_costs(run, cm._uni, cm.unigram)))
        # fit[i] = pmi[i] + pmi[i + 1], 0.0 for a missing side (0.0 + x is x: the same floats as adding it)
        return [pmi[1], *map(add, pmi[1:-1], pmi[2:]), pmi[-1] + 0.0] if len(run) > 1 else [0.0]

    def _best_char_gain(self, run: str, i: int, top: tuple[str, ...]) -> tuple[float, str]:
        """CharModel.best_gain(run, i, top), remembered by the window the model sees (top depends on run[i] alone)."""
        cm = self.char_lm
        assert cm is not None
        a = max(0, i - cm.window)
        key = (run[a:i + cm.window + 1], i - a)
        r = self._char_gains.get(key)
        if r is None:
            if len(self._char_gains) > 25_000:  # ~290 B an entry: ~7 MB at most
                self._char_gains.clear()
            r = self._char_gains[key] = cm.best_gain(run, i, top)
        return r

    @staticmethod
    def _may_replace(run: str, i: int, follow: str) -> bool:
        """The guards of _run that do not depend on the word model."""
        ch = run[i]
        if ch == SPEECH_VERB and i == len(run) - 1 and follow in SPEECH_NEXT:
            return False
        if (i >= 2 and run[i - 2:i] == "一" + ch) or (i >= 1 and run[i - 1:i + 2] == "一" + ch + ch):
            return False
        return not (ch == "再" and any(i >= n and run[i - n:i] == run[i + 1:i + 1 + n] for n in (1, 2, 3)))

    def _word_gain(self, run: str, toks: list[Token], i: int, c: str) -> float:
        """The word model's window gain for c at run[i], over the region _run re-segments."""
        lm, ctx = self.lm, self.settings.context
        starts, words = [t.start for t in toks], tuple(t.text for t in toks)
        k0, k1 = bisect_right(starts, max(0, i - 3)) - 1, bisect_right(starts, min(len(run) - 1, i + 3)) - 1
        a, b = toks[k0].start, toks[k1].end
        left, right = words[max(0, k0 - ctx):k0], words[k1 + 1:k1 + 1 + ctx]
        base = lm.score(left + words[k0:k1 + 1] + right)
        return lm.score(left + self._seg(run[a:i] + c + run[i + 1:b]) + right) - base

    def _trace(self, text: str, pos: int, source: str, r: str, cg: float, wg: float, need: float, kind: str,
               index: EchoIndex | None, echo: float = 0.0) -> None:
        if self.trace is not None:
            own = self._known_len(text, pos) if self.known is not None else 0
            new = self._known_len(text[:pos] + r + text[pos + 1:], pos) if self.known is not None else 0
            self.trace.append({"pos": pos, "source": source, "orig": text[pos], "repl": r, "cg": cg, "wg": wg,
                               "need": need, "kind": kind, "echo": echo, "own": own, "new": new})

    def _grammar_ok(self, situation: str | None, tok: Token, i: int, c: str, after: str = "",
                    after_tag: str = "") -> bool:
        """A LONE_ONLY character may be replaced at run[i] (inside token tok, followed by the word
        after, whose part of speech is after_tag) by c."""
        if c == "得" and after_tag[:1] in ("n", "m", "q") and after not in PERSONAL_NOUNS:
            # 记的笔记, 穿城而过的几万辆: 的 before a noun or a numeral is the attributive particle;
            # 记得 takes a clause, 过得 a complement
            return False
        if situation == "lone":
            return True
        if situation != "swap" or self.known is None:
            return False
        j = i - tok.start
        return not self.known(tok.text) and self.known(tok.text[:j] + c + tok.text[j + 1:])

    def candidates(self, text: str, protected: Callable[[int], bool] = lambda i: False,
                   floor: float | None = None) -> Iterator[Candidate]:
        """Every scored candidate of text; with floor, only those whose gain is above their margin minus floor."""
        for m in HAN_RUN_RE.finditer(text):
            if m.end() - m.start() >= 2:
                yield from self._run(m.group(), m.start(), protected, text[m.end():m.end() + 1], floor)

    def _run(self, run: str, base: int, protected: Callable[[int], bool], follow: str = "",
             floor: float | None = None) -> Iterator[Candidate]:
        """Candidates inside one Han run starting at text offset base; follow: the character after it.

        A replacement is worth scoring only where Settings.need gives it a margin: a longer vocabulary word than
        the original makes there (lone, join), or, for some candidates (frequently confused pairs, swap kinds), any
        word. So a character none of whose windows longer than its own word can be a word is passed over, and the
        rest intersect only the windows that can count; the tests compare this with the plain loop
        (tests/typo_reference.py)."""
        lm, st = self.lm, self.settings
        words, starts, vfill, flags, ones = lm.split_costs(run)
        # _may_replace can say no only for 道, 再 or next to a 一
        guarded = _GUARDED if "一" not in run else None
        chars = self._char_table()
        ctx = st.context
        vocab = lm.vocab
        idx = lm.masked_index()
        g, n = idx.get, len(run)
        # word by word (k, of orig_len characters), then each character ch at run offset i: a word of three or more
        # characters is passed over whole
        for k, w in enumerate(words):
            orig_len = len(w)
            if orig_len >= 3:
                continue
            i = starts[k] - 1
            for ch in w:
                i += 1
                info = chars.get(ch, _UNSET)
                if info is _UNSET:
                    info = self._char_info(ch)
                if info is None:
                    continue
                orig_fill = vfill[i]
                shorter = info.shorter[orig_len - 1]
                # Most characters sit in a two-character word and can only make a longer one: window_fills finds nothing
                # where no 3-4 character window around has a word's shape (its flag tests, the middle window's key)
                if orig_len == 2 and orig_fill == 2 and not shorter and not (
                        (i >= 2 and flags[i - 2] & WIDE_AFTER) or (i + 2 < n and flags[i + 1] & WIDE_BEFORE)
                        or (i >= 3 and flags[i - 3] & PAIR_4_0 and flags[i - 2] & PAIR_4_1)
                        or (i + 3 < n and flags[i + 1] & PAIR_4_1 and flags[i + 2] & PAIR_4_2)
                        or (i >= 1 and i + 1 < n and g(run[i - 1] + "?" + run[i + 1]))):
                    continue
                # fills: candidate -> the longest word it makes (as word_fillers), in windows that can give a margin
                fills = window_fills(run, i, flags, idx, orig_fill, info.longer[orig_len - 1], shorter)
                partners = info.partners
                if orig_len == 1:
                    for c in partners:
                        if c not in fills and c in vocab:
                            fills[c] = 0
                if not fills or protected(base + i) or (
                        (guarded is None or ch in guarded) and not self._may_replace(run, i, follow)):
                    continue
                conf = info.conf
                after = words[k + 1] if k + 1 < len(words) else ""
                # the part of speech of the word after: a word-table query, made only for _grammar_ok or the 已 test
                after_tag: str | None = None
                lone_only = ch in LONE_ONLY
                todo: list[tuple[str, str, float]] = []
                for c, fill in fills.items():
                    kind = conf.get(c)
                    if kind is not None:
                        need = st.need(orig_len, orig_fill, fill, kind, c in partners)
                        if need is None:
                            continue
                        if lone_only:
                            sit = st.situation(orig_len, orig_fill, fill)
                            if sit != "lone" and (sit != "swap" or self.known is None):
                                continue  # _grammar_ok is False whatever the tag
                            if after_tag is None:
                                after_tag = (self.tag(after) or "") if after and self.tag is not None else ""
                            if not self._grammar_ok(sit, Token(words[k], starts[k], starts[k + 1]), i, c, after,
                                                    after_tag):
                                continue
                        elif ch == "已" and orig_len == 1 and fill == 0:
                            if after_tag is None:
                                after_tag = (self.tag(after) or "") if after and self.tag is not None else ""
                            if after_tag.startswith("v"):
                                continue  # 已 before a verb is the adverb "already" (工会已筹措资金)
                        todo.append((c, kind, need))
                if not todo:
                    continue
                own, todo = self._known_filter(run, i, todo, fills, partners)
                if not todo:
                    continue
                # the region re-segmented: the words covering run[i-3:i+4] (k0 to k1)
                k0, k1 = bisect_right(starts, max(0, i - 3)) - 1, bisect_right(starts, min(n - 1, i + 3)) - 1
                yield from self._scored(run, base, i, k, k0, k1, starts, words, todo, fills, orig_len, orig_fill, own,
                                        partners, ctx, floor, ones, flags)

    def _scored(self, run: str, base: int, i: int, k: int, k0: int, k1: int, starts: list[int], words: tuple[str, ...],
                todo: list[tuple[str, str, float]], fills: dict[str, int], orig_len: int, orig_fill: int,
                own: int, partners: frozenset[str], ctx: int, floor: float | None = None,
                ones: list[float] | None = None, flags: list[int] | None = None) -> Iterator[Candidate]:
        """The window scores of run[i]'s replacements in todo (with floor: those above need - floor); starts: each
        word's offset in run, and len(run) last; k: the word of run[i], k0 to k1 the words re-segmented, with ctx
        fixed words either side; ones, flags: run's split_costs, which the regions re-segmented here share but for
        the replaced character."""
        lm, st = self.lm, self.settings
        a, b = starts[k0], starts[k1 + 1]
        left, right = words[max(0, k0 - ctx):k0], words[k1 + 1:k1 + 1 + ctx]
        base_score = lm.score(left + words[k0:k1 + 1] + right)
        single = sum(1 for t in words[k0:k1 + 1] if len(t) == 1)
        pf = lm.pair_flags()
        for c, kind, need in todo:
            region = run[a:i] + c + run[i + 1:b]
            seg = self._seg_cache.get(region)
            if seg is None:
                if ones is None or flags is None:
                    seg = self._seg(region)
                else:  # the run's costs and flags, but for c's own and its two pairs'
                    pairs = [*flags[a:i - 1], pf.get(run[i - 1] + c, 0)] if i > a else []
                    if i + 1 < b:
                        pairs += [pf.get(c + run[i + 1], 0), *flags[i + 1:b - 1]]
                    seg = self._seg(region, [*ones[a:i], lm.unigram(c), *ones[i + 1:b]], pairs)
            gain = lm.score(left + seg + right) - base_score
            if floor is not None and gain <= need - floor:
                continue
            yield Candidate(base + i, run[i], c, kind, gain, need, orig_len, orig_fill, fills[c], single,
                            lm.unigram(words[k]), k1 - k0 + 1, len(seg), own,
                            st.situation(orig_len, orig_fill, fills[c]) or "", c in partners)


# The characters Detector._may_replace is about in a run without 一
_GUARDED: Final = frozenset((SPEECH_VERB, "再"))
# Detector._char_info's answers, per settings key (Detector._char_table)
_CHAR_TABLES: dict[tuple[frozenset[str], ...], dict[str, _CharInfo | None]] = {}
@dataclass(frozen=True)
class _CharInfo:
    """One character's candidates for Detector._run: kinds (frequent partners included), the partners,
    and per token length (1, 2) the candidates that can get a margin with a word longer than the
    original's (longer) or not longer (shorter)."""

    conf: dict[str, str]
    partners: frozenset[str]
    longer: tuple[frozenset[str], frozenset[str]]
    shorter: tuple[frozenset[str], frozenset[str]]


# Detector._run's default for a character _char_info was not asked about yet (a _CharInfo: one typed lookup)
_UNSET: Final = _CharInfo({}, frozenset(), (frozenset(), frozenset()), (frozenset(), frozenset()))

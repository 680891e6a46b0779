"""The statistical typo detector: one-character replacements that a word language model prefers by a
clear margin. Pure logic over strings; lint/kinds/typos.py turns its suspects into findings."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from lint.chars import HAN_RUN_RE, is_han
from lint.typo.lm import LanguageModel, Token, candidates, frequent_partners

# Function words whose choice is grammar, not spelling (handled by context rules), and numerals.
SKIP_CHARS = set("的地得了着过之其与和及或而但也都就才又还在是有不没被把将从向对于以为所这那哪")
SKIP_CHARS |= set("零〇一二三四五六七八九十百千万亿两几半壹贰叁肆伍陆柒捌玖拾佰仟")
# Grammar characters tried only where the replacement makes a dictionary word: joining a lone
# character (不的不 -> 不得不) or turning a two-character token no dictionary knows into one it does
# (觉的 -> 觉得). As words of their own (说得好, 打的车) the model cannot judge them (lint/typo/dedide.py
# handles 得 before a noun).
LONE_ONLY = frozenset("的得")
# Nouns that refer to people the way pronouns do (值得大家思考): jieba tags them n.
PERSONAL_NOUNS = frozenset(("大家", "人们", "别人", "他人", "众人", "人家", "各位", "大伙", "大伙儿"))
# 道 at the end of a clause, before a colon, quote or clause mark, is the verb "say" of narrative
# (笑道：, 问道“, 板着脸道，, 突然道。), not a slip for 到.
SPEECH_VERB = "道"
SPEECH_NEXT = frozenset("：:“\"「，,。！？!?")
_RUNS_RE = re.compile(r"(.)\1+", re.S)


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

    def shifted(self, delta: float) -> Settings:
        """The same settings with every margin raised by delta."""
        def up(t: dict[str, float]) -> dict[str, float]:
            return {k: v + delta for k, v in t.items()}

        return Settings(up(self.lone), up(self.join), up(self.swap), up(self.frequent), self.echo,
                        self.context)

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

    @property
    def confidence(self) -> float:
        """Squashed excess of the gain over the margin needed: 0.5 at the margin, near 1 far above."""
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


class EchoIndex:
    """What the echo check asks of one text, counted in one pass (asking the text itself for every
    candidate made long paragraphs quadratic):

    - ``echo(pos)``: text[pos] occurs elsewhere in text inside a two-character word of the model
      (贷 in 送贷上门 next to 贷款);
    - ``repeated_pair(pos)``: the text repeats text[pos] with the same Han neighbour (机滤 … 机滤),
      counted as str.count does (non-overlapping)."""

    def __init__(self, text: str, vocab: Collection[str]) -> None:
        self.text = text
        n = len(text)
        # in_word[j]: text[j] sits in a two-character vocabulary word with a neighbour
        self.in_word = [(j > 0 and text[j - 1:j + 1] in vocab) or text[j:j + 2] in vocab for j in range(n)]
        self.word_count = Counter(text[j] for j in range(n) if self.in_word[j])
        self.pairs = Counter(text[j:j + 2] for j in range(n - 1) if text[j] != text[j + 1])
        # a doubled character: str.count("XX") counts a run of k X's as k // 2
        self.doubled: Counter[str] = Counter()
        for m in _RUNS_RE.finditer(text):
            self.doubled[m.group(1)] += (m.end() - m.start()) // 2

    def echo(self, pos: int) -> bool:
        return self.word_count[self.text[pos]] - self.in_word[pos] > 0

    def repeated_pair(self, pos: int) -> bool:
        text = self.text
        for pair in (text[pos - 1:pos + 1] if pos else "", text[pos:pos + 2]):
            if len(pair) == 2 and is_han(pair[0]) and is_han(pair[1]):
                count = self.doubled[pair[0]] if pair[0] == pair[1] else self.pairs[pair]
                if count > 1:
                    return True
        return False


class Detector:
    def __init__(self, lm: LanguageModel, settings: Settings | None = None,
                 known: Callable[[str], bool] | None = None, collect: bool = False,
                 tag: Callable[[str], str | None] | None = None) -> None:
        """``known``: a second, larger dictionary (e.g. jieba's) for words the model lacks; a
        character that already makes a known word at least as long as a candidate's is left alone."""
        self.lm = lm
        self.settings = settings or Settings()
        self.known = known
        # collect: keep candidates the known-word filter would drop (for measuring tools).
        self.collect = collect
        # tag: a word's part of speech (jieba's n, v, r …), for grammar characters
        self.tag = tag
        self._seg_cache: dict[str, tuple[str, ...]] = {}

    def _seg(self, s: str) -> tuple[str, ...]:
        r = self._seg_cache.get(s)
        if r is None:
            if len(self._seg_cache) > 200_000:
                self._seg_cache.clear()
            r = self._seg_cache[s] = self.lm.segment_words(s)
        return r

    def _known_len(self, run: str, i: int) -> int:
        known = self.known
        assert known is not None
        for length in (4, 3, 2):
            for a in range(max(0, i - length + 1), min(i, len(run) - length) + 1):
                if known(run[a:a + length]):
                    return length
        return 0

    def detect(self, text: str, protected: Callable[[int], bool] = lambda i: False) -> Iterator[Suspect]:
        """The best replacement at each position whose gain beats its margin."""
        best: dict[int, tuple[float, Candidate]] = {}
        echoes: dict[int, tuple[bool, bool]] = {}
        index: EchoIndex | None = None  # built on the first candidate that wins, once per text
        for c in self.candidates(text, protected):
            need = c.need
            if c.gain <= need:
                continue
            if c.pos not in echoes:
                if index is None:
                    index = EchoIndex(text, self.lm.vocab)
                echoes[c.pos] = (index.echo(c.pos), index.repeated_pair(c.pos))
            word_echo, pair_echo = echoes[c.pos]
            # A repeated pair speaks for a term, except for the pairs writers confuse consistently
            # (请座 … 请座): those slips repeat too.
            if word_echo or (pair_echo and not c.frequent):
                need += self.settings.echo
            if c.gain > need and (c.pos not in best or c.gain - need > best[c.pos][1].gain - best[c.pos][0]):
                best[c.pos] = (need, c)
        for pos in sorted(best):
            need, c = best[pos]
            yield Suspect(pos, pos + 1, c.original, c.replacement, c.gain, need, c.kind)

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

    def candidates(self, text: str, protected: Callable[[int], bool] = lambda i: False) -> Iterator[Candidate]:
        for m in HAN_RUN_RE.finditer(text):
            if m.end() - m.start() >= 2:
                yield from self._run(m.group(), m.start(), protected, text[m.end():m.end() + 1])

    def _run(self, run: str, base: int, protected: Callable[[int], bool], follow: str = "") -> Iterator[Candidate]:
        """Candidates inside one Han run starting at text offset base; follow: the character after it."""
        lm, st = self.lm, self.settings
        toks = lm.segment(run)
        tok_at = [0] * len(run)
        for k, t in enumerate(toks):
            for j in range(t.start, t.end):
                tok_at[j] = k
        words = tuple(t.text for t in toks)
        ctx = st.context
        vocab = lm.vocab
        for i, ch in enumerate(run):
            k = tok_at[i]
            orig_len = len(words[k])
            if orig_len >= 3 or protected(base + i):
                continue
            if ch == SPEECH_VERB and i == len(run) - 1 and follow in SPEECH_NEXT:
                continue
            if (i >= 2 and run[i - 2:i] == "一" + ch) or (i >= 1 and run[i - 1:i + 2] == "一" + ch + ch):
                continue  # 一座座, 一批批: a reduplicated measure word
            if ch == "再" and any(i >= n and run[i - n:i] == run[i + 1:i + 1 + n] for n in (1, 2, 3)):
                continue  # 学习再学习, 一错再错: "again" between a repeated word
            partners = frequent_partners(ch)
            conf: dict[str, str]
            if ch in SKIP_CHARS:
                if not partners:
                    continue
                conf, wanted = dict.fromkeys(partners, "frequent"), partners
            else:
                conf, wanted = candidates(ch)
                if partners:
                    conf, wanted = {**dict.fromkeys(partners, "frequent"), **conf}, wanted | partners
                if not conf:
                    continue
            fills, orig_fill = lm.word_fillers(run, i, wanted)
            if orig_len == 1:
                for c in partners:
                    if c not in fills and c in vocab:
                        fills[c] = 0
            after = words[k + 1] if k + 1 < len(words) else ""
            after_tag = (self.tag(after) or "") if after and self.tag is not None else ""
            todo = []
            for c, fill in fills.items():
                kind = conf.get(c)
                if kind is not None:
                    need = st.need(orig_len, orig_fill, fill, kind, c in partners)
                    if ch in LONE_ONLY and not self._grammar_ok(
                            st.situation(orig_len, orig_fill, fill), toks[k], i, c, after, after_tag):
                        continue
                    if ch == "已" and orig_len == 1 and fill == 0 and after_tag.startswith("v"):
                        continue  # 已 before a verb is the adverb "already" (工会已筹措资金)
                    if need is not None:
                        todo.append((c, kind, need))
            if not todo:
                continue
            own = 0
            if self.known is not None:
                own = self._known_len(run, i)
                if own and not self.collect:
                    # a frequently confused partner may replace a known word, but only by another
                    # known word as long (我再也不 is not 我在也不, though the model knows 在也)
                    todo = [t for t in todo if fills[t[0]] > own or (
                        t[0] in partners and self._known_len(run[:i] + t[0] + run[i + 1:], i) >= own)]
                    if not todo:
                        continue
            # Region re-segmented: the tokens covering run[i-3:i+4]; ctx fixed tokens either side.
            k0, k1 = tok_at[max(0, i - 3)], tok_at[min(len(run) - 1, i + 3)]
            a, b = toks[k0].start, toks[k1].end
            left, right = words[max(0, k0 - ctx):k0], words[k1 + 1:k1 + 1 + ctx]
            base_score = lm.score(left + words[k0:k1 + 1] + right)
            single = sum(1 for t in words[k0:k1 + 1] if len(t) == 1)
            for c, kind, need in todo:
                seg = self._seg(run[a:i] + c + run[i + 1:b])
                gain = lm.score(left + seg + right) - base_score
                yield Candidate(base + i, ch, c, kind, gain, need, orig_len, orig_fill, fills[c], single,
                                lm.unigram(words[k]), k1 - k0 + 1, len(seg), own,
                                st.situation(orig_len, orig_fill, fills[c]) or "", c in partners)

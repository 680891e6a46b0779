"""The statistical typo detector's candidate loop as it was before the speed work (issue 17), kept as the
oracle the fast path is compared with: ReferenceDetector is Detector with the old per-character loop
(every character's nine masked-word lookups, a segmentation per call, the character model's checks in
their old order). Used by tests/test_typo_speed_identity.py only."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from lint.chars import HAN_RUN_RE
from lint.typo.detect import (
    LONE_ONLY,
    SKIP_CHARS,
    SPEECH_NEXT,
    SPEECH_VERB,
    Candidate,
    Detector,
    EchoIndex,
    Suspect,
    calibrated,
)
from lint.typo.lm import LanguageModel, Token, candidates, frequent_partners


def segment(self: LanguageModel, run: str) -> list[Token]:
    """Most probable split of a Han run into vocabulary words (unigram costs, Viterbi)."""
    n = len(run)
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    vocab, uni = self.vocab, self.unigram
    for j in range(1, n + 1):
        for k in range(max(0, j - self.max_word), j):
            w = run[k:j]
            if j - k > 1 and w not in vocab:
                continue
            s = best[k] + uni(w)
            if s > best[j]:
                best[j], back[j] = s, k
    out: list[Token] = []
    j = n
    while j > 0:
        k = back[j]
        out.append(Token(run[k:j], k, j))
        j = k
    out.reverse()
    return out


def word_fillers(self: LanguageModel, run: str, i: int, wanted: frozenset[str]) -> tuple[dict[str, int], int]:
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


class ReferenceDetector(Detector):
    """Detector with the old candidate loop and character-model pass."""

    def _with_chars(self, text: str, protected: Callable[[int], bool], best: dict[int, tuple[float, Candidate]],
                    near: dict[int, tuple[float, Candidate]], index: EchoIndex | None) -> Iterator[Suspect]:
        """The word model's suspects checked by the character model, and the character model's own."""
        cm, st = self.char_lm, self.settings
        assert cm is not None
        out: dict[int, Suspect] = {}
        for m in HAN_RUN_RE.finditer(text):
            run, base = m.group(), m.start()
            if len(run) < 2:
                continue
            scores: list[float] | None = None
            toks: list[Token] | None = None
            for i, ch in enumerate(run):
                pos = base + i
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
                if ch in SKIP_CHARS or protected(pos) or not self._may_replace(run, i, text[m.end():m.end() + 1]):
                    continue
                if scores is None:
                    scores = cm.run_scores(run)
                if cm.fit(run, i, scores) > st.char_fit:
                    continue
                top = cm.top_candidates(ch, st.char_top)
                if not top:
                    continue
                cg, r = cm.best_gain(run, i, top)
                if cg < st.char_min:
                    continue
                if index is None:
                    index = EchoIndex(text, self.lm.vocab)
                echo = st.echo if index.echo(pos) or index.repeated_pair(pos) else 0.0
                if cg < st.char_min + echo:
                    continue
                if toks is None:
                    toks = segment(self.lm, run)
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

    def _run(self, run: str, base: int, protected: Callable[[int], bool], follow: str = "",
             floor: float | None = None) -> Iterator[Candidate]:
        """Candidates inside one Han run starting at text offset base (as Detector._run was; every one, whatever
        floor: detect() drops those below it itself)."""
        lm, st = self.lm, self.settings
        toks = segment(lm, run)
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
            fills, orig_fill = word_fillers(lm, run, i, wanted)
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
            own, todo = self._known_filter(run, i, todo, fills, partners)  # the filter itself is not the speed work
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

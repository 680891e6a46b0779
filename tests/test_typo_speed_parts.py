"""The statistical detector's faster parts (issue 17) against the definitions they replace, on real text with the
real models: re-segmentation, the split the candidate loop reads, the character model's fits, the echo index in
both of its modes, the known-word test, the confusion table and candidate ranking, and detect()'s floor. (Whole
findings: tests/test_typo_speed_identity.py and bench/bench_typo_identical.py.)"""

from __future__ import annotations

import gc
from typing import Any

import pytest

from lint import resources
from lint.chars import HAN_RUN_RE
from lint.kinds.typos import KNOWN_MIN_FREQ
from lint.typo import known, lmfile
from lint.typo.detect import Detector, EchoIndex
from lint.typo.known import KnownWords
from lint.typo.lm import (
    KINDS,
    CharModel,
    LanguageModel,
    candidates,
    confusion_table,
    frequent_partners,
    language_model,
    window_fills,
)

from . import typo_reference
from .test_typo_speed_identity import LINES, TEXTS

HAS_LM = resources.find_lm_path() is not None
try:
    import kenlm  # noqa: F401
except ImportError:  # pragma: no cover
    HAS_LM = False
needs_lm = pytest.mark.skipif(not HAS_LM, reason="no KenLM model or kenlm module")
needs_char = pytest.mark.skipif(not HAS_LM or resources.find_char_lm_path(None) is None,
                                reason="no character model")


SCANS = EchoIndex.SCANS  # the default, before a test changes it


def _lm() -> LanguageModel:
    path = resources.find_lm_path()
    assert path is not None
    return LanguageModel(path)


def _runs(texts: list[str]) -> list[str]:
    return [m.group() for t in texts for m in HAN_RUN_RE.finditer(t) if len(m.group()) >= 2]


@needs_lm
def test_segment_words_and_split_agree_with_analyse() -> None:
    lm = _lm()
    runs = _runs(TEXTS)
    assert len(runs) > 300
    for run in runs:
        toks, fill, flags = lm.analyse(run)
        assert lm.segment_words(run) == tuple(t.text for t in toks), run
        words, starts, fill2, flags2 = lm.split(run)
        assert words == tuple(t.text for t in toks) and starts == [t.start for t in toks] + [len(run)], run
        assert (fill2, flags2) == (fill, flags), run
        assert lm.split_costs(run)[:4] == (words, starts, fill, flags)
        assert lm.split_costs(run)[4] == [lm.unigram(c) for c in run]
        # a candidate's region, as _scored re-segments it (one character replaced)
        for i in range(0, len(run), 3):
            region = run[:i] + "国" + run[i + 1:]
            assert lm.segment_words(region) == tuple(t.text for t in lm.analyse(region)[0]), region


@needs_lm
def test_regions_from_their_runs_costs_segment_as_alone() -> None:
    # _scored's regions (run[a:b] with run[i] replaced), from the run's split_costs with the replaced character's
    # cost and pairs looked up, as the detector's _seg would otherwise segment them; every a <= i < b.
    lm = _lm()
    det = Detector(lm)
    asked = 0
    for run in _runs(TEXTS)[:60]:
        *_, flags, ones = lm.split_costs(run)
        n = len(run)
        for i in range(n):
            for a in range(max(0, i - 4), i + 1):
                for b in range(i + 1, min(n, i + 5) + 1):
                    for c in ("国", "的", run[i]):
                        region = run[a:i] + c + run[i + 1:b]
                        det._seg_cache.clear()
                        gen = det._scored(run, 0, i, 0, 0, 0, [a, b],
                                          (run[a:b],), [(c, "same-tone", 99.0)], {c: 2}, 2, 2, 0, frozenset(), 0,
                                          0.0, ones, flags)
                        list(gen)  # every candidate under its floor: nothing yielded, the region segmented
                        assert det._seg_cache == {region: lm.segment_words(region)}, (run, i, a, b)
                        asked += 1
    assert asked > 3000


@needs_lm
def test_viterbi_is_the_plain_segmentation_fill_and_flags() -> None:
    # analyse (split's pass) and segment_words against the plain Viterbi over every start, the plain
    # longest covering word and a pair_flags lookup per pair, on runs and on candidate regions (one replaced).
    lm = _lm()
    lm.load_tables()
    vocab, pf = lm.vocab, lm.pair_flags()
    strings = _runs(TEXTS)
    strings += [r[:i] + c + r[i + 1:] for r in strings[:200] for i in range(0, len(r), 2) for c in "国的再"]
    for s in [*strings, "国", "中华人民共和国万岁"]:
        toks, fill, flags = lm.analyse(s)
        want = typo_reference.segment(lm, s)
        assert toks == want, s
        assert [t.text for t in toks] == list(lm.segment_words(s)), s
        assert flags == [pf.get(s[j:j + 2], 0) for j in range(len(s) - 1)], s
        assert fill == [max([n for n in (2, 3, 4) for a in range(max(0, i - n + 1), i + 1)
                             if a + n <= len(s) and s[a:a + n] in vocab], default=0) for i in range(len(s))], s


@needs_lm
def test_window_fills_is_every_window_intersected() -> None:
    # Every 2-4 character window around run[i] with run[i] masked, by length and start, without the flag gates:
    # its fillers among the candidates for its length (longer past orig_fill, shorter up to it) -> its length.
    lm = _lm()
    idx = lm.masked_index()
    some = frozenset("国的在再做作已以得地人大中")
    filled = 0
    for run in _runs(TEXTS):
        _, _, fill, flags = lm.split(run)
        for i, ch in enumerate(run):
            cands = candidates(ch)[1] | some
            for longer, shorter in ((cands, frozenset()), (cands, some), (frozenset(), some), (some, cands)):
                want: dict[str, int] = {}
                for n in (2, 3, 4):
                    pool = longer if n > fill[i] else shorter
                    for a in range(max(0, i - n + 1), min(i, len(run) - n) + 1):
                        for c in pool.intersection(idx.get(run[a:i] + "?" + run[i + 1:a + n], "")):
                            want[c] = n
                got = window_fills(run, i, flags, idx, fill[i], longer, shorter)
                assert list(got.items()) == list(want.items()), (run, i)
                filled += bool(got)
    assert filled > 100


@needs_char
def test_fits_are_the_character_models_fit_of_each_character() -> None:
    path = resources.find_char_lm_path(None)
    assert path is not None
    cm = CharModel(path)
    det = Detector(_lm(), char_lm=cm)
    for run in [*_runs(TEXTS), "好人", "鑫"]:
        if len(run) < 2:
            continue
        scores = cm.run_scores(run)
        assert scores == [p for p, _, _ in cm.model.full_scores(" ".join(run), bos=False, eos=False)]
        assert det._fits(run) == [cm.fit(run, i, scores) for i in range(len(run))], run


@needs_char
def test_best_gain_is_each_candidates_window_score() -> None:
    # The plain definition: each window's words joined, scored from no context, minus the original's; the
    # highest (gain, candidate), at every position (both ends included) of runs of every length.
    path = resources.find_char_lm_path(None)
    assert path is not None
    cm = CharModel(path)
    asked = 0
    for run in [*_runs(TEXTS), "好人", "鑫"]:
        for i in range(len(run)):
            cands = cm.top_candidates(run[i], 12) or ("国",)
            left, right = list(run[max(0, i - cm.window):i]), list(run[i + 1:i + cm.window + 1])
            scores = {c: cm.model.score(" ".join([*left, c, *right]), bos=False, eos=False) for c in (run[i], *cands)}
            assert cm.best_gain(run, i, cands) == max((scores[c] - scores[run[i]], c) for c in cands), (run, i)
            asked += 1
    assert asked > 1000


@needs_lm
@pytest.mark.parametrize("scans", [0, 3, SCANS], ids=["counts", "mixed", "scans"])
def test_echo_index_modes_answer_as_the_text_does(monkeypatch: pytest.MonkeyPatch, scans: int) -> None:
    # The scans answer a few questions, the counts the rest; every answer is the definition's.
    monkeypatch.setattr(EchoIndex, "SCANS", scans)
    vocab = _lm().vocab
    for text in ["机滤要常换，机滤不贵。送贷上门，贷款到账。好好好学习，天天向上上上。", "".join(LINES[:12]),
                 "上上上上", "贷"]:
        index = EchoIndex(text, vocab)
        for pos, ch in enumerate(text):
            others = [j for j in range(len(text)) if j != pos and text[j] == ch]
            echo = any((j > 0 and text[j - 1:j + 1] in vocab) or text[j:j + 2] in vocab for j in others)
            assert index.echo(pos) == echo, (text[:10], pos, ch)
            pairs = [p for p in (text[pos - 1:pos + 1] if pos else "", text[pos:pos + 2])
                     if len(p) == 2 and "\u4e00" <= p[0] <= "\u9fff" and "\u4e00" <= p[1] <= "\u9fff"]
            assert index.repeated_pair(pos) == any(text.count(p) > 1 for p in pairs), (text[:10], pos, ch)
        if scans == 0:
            assert index._in_word is not None and index._pairs is not None  # counted at once
    if scans == SCANS:
        index = EchoIndex("".join(LINES[:12]), vocab)
        text = index.text
        others = [j for j in range(len(text)) if j != 3 and text[j] == text[3]]
        assert index.echo(3) == any((j > 0 and text[j - 1:j + 1] in vocab) or text[j:j + 2] in vocab for j in others)
        assert index.repeated_pair(5) == any(text.count(p) > 1 for p in (text[4:6], text[5:7]))
        assert index._in_word is None and index._pairs is None  # a few questions: nothing counted


@needs_lm
def test_known_lengths_from_the_known_word_set() -> None:
    # The detector's own run of KnownWords (its set once loaded) and a plain callable over the same table.
    freq = resources.word_freq()
    kw = KnownWords(freq, KNOWN_MIN_FREQ, resources.jieba_dict_path())
    kw._short = kw._load()
    assert kw.short_words() is kw._short
    lm = _lm()
    fast = Detector(lm, known=kw)
    plain = Detector(lm, known=lambda w: freq.get(w, 0) >= KNOWN_MIN_FREQ)
    asked = 0
    for run in _runs(TEXTS):
        for i in range(len(run)):
            assert fast._known_len(run, i) == plain._known_len(run, i), (run, i)
            asked += 1
    assert asked > 2000 and not fast._known_cache  # answered by the set, not the memo


def test_candidates_table_as_the_columns_say() -> None:
    table = confusion_table()
    chars = [*list(table)[::7], "的", "在", "鑫", "a"]
    for ch in chars:
        row = table.get(ch)
        want: dict[str, str] = {}
        for kind, col in zip(KINDS, row or ("", "", "", ""), strict=True):
            for c in col:
                want.setdefault(c, kind)
        conf, wanted = candidates(ch)
        assert list(conf.items()) == list(want.items()) and list(wanted) == list(frozenset(want)), ch


def test_confusion_rows_read_whole_after_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lmfile, "CONFUSION_SWITCH", 5)
    rows = lmfile.ConfusionRows(confusion_table()._source)  # type: ignore[attr-defined]
    chars = ["的", "在", "做", "作", "再", "已", "以", "鑫", "a", "的"]
    got = [rows.get(c) for c in chars]
    assert rows._mem is not None and len(rows._mem) == len(list(rows))
    fresh = lmfile.ConfusionRows(confusion_table()._source)  # type: ignore[attr-defined]
    monkeypatch.setattr(lmfile, "CONFUSION_SWITCH", 10 ** 9)
    assert got == [fresh.get(c) for c in chars] and got[0] is not None and got[8] is None


@needs_char
def test_top_candidates_most_frequent_first() -> None:
    path = resources.find_char_lm_path(None)
    assert path is not None
    cm = CharModel(path)
    for ch in "的在做以已再得地国说量":
        pool = set(candidates(ch)[0]) | frequent_partners(ch)
        want = tuple(sorted(pool, key=lambda c: (-cm.unigram(c), c))[:12])
        assert cm.top_candidates(ch, 12) == want, ch


@needs_lm
def test_floor_keeps_the_candidates_above_it() -> None:
    freq = resources.word_freq()
    det = Detector(_lm(), known=lambda w: freq.get(w, 0) >= KNOWN_MIN_FREQ, tag=resources.word_tags().get)

    def key(c: Any) -> tuple[Any, ...]:
        return tuple(c.__dict__.values())

    kept = total = 0
    for text in TEXTS[:200]:
        every = [key(c) for c in det.candidates(text)]
        above = [key(c) for c in det.candidates(text, floor=3.0)]
        assert above == [k for k, c in zip(every, det.candidates(text), strict=True) if c.gain > c.need - 3.0]
        kept, total = kept + len(above), total + len(every)
    assert 0 < kept < total, (kept, total)  # the floor drops some and keeps some


@needs_lm
def test_only_the_shared_tables_are_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    # The process's model and known-word set freeze the collector's view once their tables load (the tables
    # first, the masked index then); one made on its own, which may be dropped, never does.
    frozen: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append("freeze"))
    path = resources.find_lm_path()
    assert path is not None
    alone = LanguageModel(path)
    alone.load_tables()
    assert frozen == [] and not alone.settle_gc
    shared = language_model.__wrapped__(path)  # what language_model() makes, outside its cache
    assert shared.settle_gc
    shared.load_tables()
    assert frozen == ["freeze", "freeze"]
    shared.load_tables()  # loaded already: nothing more
    assert len(frozen) == 2
    monkeypatch.setattr(known, "SWITCH", 3)
    freq = {"中国": 9, "人民": 9, "国家": 9}
    kw = KnownWords(freq, 1)
    for w in freq:
        kw(w)
    assert kw.short_words() is not None and len(frozen) == 2
    kw2 = known.known_words.__wrapped__(1)
    assert kw2.settle_gc
    kw2.table = freq
    for w in freq:
        kw2(w)
    assert kw2.short_words() == frozenset(freq) and len(frozen) == 3

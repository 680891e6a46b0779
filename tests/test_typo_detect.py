"""The statistical detector's own logic on long input: the echo check is linear in the paragraph."""

from __future__ import annotations

from typing import Any

import pytest

from lint import resources
from lint.kinds.typos import KNOWN_MIN_FREQ
from lint.typo.detect import Detector, EchoIndex

HAS_LM = resources.find_lm_path() is not None
try:
    import kenlm  # noqa: F401
except ImportError:  # pragma: no cover
    HAS_LM = False
needs_lm = pytest.mark.skipif(not HAS_LM, reason="no KenLM model or kenlm module")


class CountingVocab(set[str]):
    """The model's vocabulary, counting membership tests (the echo check's unit of work)."""

    lookups = 0

    def __contains__(self, word: object) -> bool:
        CountingVocab.lookups += 1
        return set.__contains__(self, word)


def _detector() -> Any:
    from lint.typo.lm import language_model

    path = resources.find_lm_path()
    assert path is not None
    freq = resources.word_freq()
    return Detector(language_model(path), known=lambda w: freq.get(w, 0) >= KNOWN_MIN_FREQ,
                    tag=resources.word_tags().get)


@needs_lm
def test_echo_check_work_grows_linearly_with_the_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    # A pasted paragraph that repeats one sentence with three slips: every slip recurs, so each
    # candidate's echo check used to scan every occurrence of its character (4x text, 16x lookups).
    det = _detector()
    sentence = "我们要再接再励，锻链身体，提高警赐，努力工做。"
    counts, found = [], []
    for copies in (50, 200):
        text = sentence * copies
        list(det.detect(text))  # warm the score caches, so only the detector's own work is counted
        monkeypatch.setattr(det.lm, "vocab", CountingVocab(det.lm.vocab))
        CountingVocab.lookups = 0
        found.append(list(det.detect(text)))
        counts.append(CountingVocab.lookups)
        monkeypatch.undo()
    assert found[0], "the slips are found"
    assert len(found[1]) == 4 * len(found[0])
    assert counts[1] <= 4.4 * counts[0], counts  # linear; the old scan gave about 16x
    assert counts[1] <= 4 * len(sentence * 200), counts  # a few lookups per character


@needs_lm
def test_echo_index_answers_as_the_text_does() -> None:
    # The index against the definitions it replaces, on text with echoes, repeats and doubled runs.
    vocab = _detector().lm.vocab
    text = "机滤要常换，机滤不贵。送贷上门，贷款到账。好好好学习，天天向上上上。"
    index = EchoIndex(text, vocab)
    for pos, ch in enumerate(text):
        others = [j for j in range(len(text)) if j != pos and text[j] == ch]
        echo = any((j > 0 and text[j - 1:j + 1] in vocab) or text[j:j + 2] in vocab for j in others)
        assert index.echo(pos) == echo, (pos, ch)
        pairs = [p for p in (text[pos - 1:pos + 1] if pos else "", text[pos:pos + 2])
                 if len(p) == 2 and "\u4e00" <= p[0] <= "\u9fff" and "\u4e00" <= p[1] <= "\u9fff"]
        assert index.repeated_pair(pos) == any(text.count(p) > 1 for p in pairs), (pos, ch)
    assert index.repeated_pair(text.index("机滤")) and index.echo(text.index("贷"))

"""bench/typo_tune_recall.py replays the two-model typo decision from recorded candidates; a setting chosen
with it means something only if the replay of today's Settings gives the detector's own findings. Checked
on copy written for this test (slips the word model, the near-miss confirmation and the character stage
catch, a byline name, clean sentences) and on the sample article."""

from __future__ import annotations

import importlib.util

import pytest

from lint import resources
from lint.document import Document

from .conftest import ROOT, SEED

HAS_CHAR = resources.find_lm_path() is not None and resources.find_char_lm_path() is not None
try:
    import kenlm  # noqa: F401
except ImportError:  # pragma: no cover
    HAS_CHAR = False

_spec = importlib.util.spec_from_file_location("typo_tune_recall", ROOT / "bench" / "typo_tune_recall.py")
assert _spec is not None and _spec.loader is not None
tune = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tune)

TEXTS = (
    "这家餐厅的服务很周到，顾客们都感到很满义。",
    "这次活动吸音了众多市民参与，现场气氛热烈。",
    "会议结束后，大家一起座车返回了市区。",
    "政府出台了一系列惠民政侧，受到群众欢迎。",
    "记者周立新报道：今天上午，市政府召开新闻发布会。",
    "各地积极推进乡村振兴，农民收入稳步增长。",
    "专家建议市民出行前关注天气变化，做好防护。",
)


@pytest.fixture(scope="module")
def recorder():  # type: ignore[no-untyped-def]
    return tune.Recorder()


def _real(rec, text: str) -> dict[int, str]:  # type: ignore[no-untyped-def]
    doc = Document.from_text(text, "t.txt")
    return {f.offset: f.suggestions[0] for f in rec.linter.lint(doc, [rec.stat])}


@pytest.mark.skipif(not HAS_CHAR, reason="needs both models (newslint model fetch)")
@pytest.mark.parametrize("text", [*TEXTS, "seed"])
def test_replay_of_the_defaults_gives_the_detectors_findings(recorder, text: str) -> None:  # type: ignore[no-untyped-def]
    if text == "seed":
        text = SEED.read_text(encoding="utf-8")
    r = recorder.record(text)
    replayed = {pos: repl for pos, (_, repl) in tune.decide(r, tune.params()).items() if pos not in r["named"]}
    assert replayed == _real(recorder, text)


@pytest.mark.skipif(not HAS_CHAR, reason="needs both models (newslint model fetch)")
def test_the_replay_sees_each_source(recorder) -> None:  # type: ignore[no-untyped-def]
    # the slips above are caught, each by the stage the detector's Settings give it
    sources = {}
    for text in TEXTS[:4]:
        r = recorder.record(text)
        sources.update({text[pos]: src for pos, (src, _) in tune.decide(r, tune.params()).items()})
    assert sources.get("义") and sources.get("座") and sources.get("侧")
    assert sources.get("音") == "char"
    # a setting that turns the character model off leaves only the word model's findings
    r = recorder.record(TEXTS[1])
    off = tune.params(char_min=99.0, near_char=99.0, char_veto=-99.0)
    assert "char" not in {s for s, _ in tune.decide(r, off).values()}

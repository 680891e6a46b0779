"""The typo detector's second scorer, the character model: off with one notice when absent (and then
the word model's findings exactly as before), combined with the word model when present."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from lint import resources
from lint.config import Config, load_config
from lint.document import Document
from lint.engine import Linter

from .conftest import ROOT, SEED

HAS_LM = resources.find_lm_path() is not None
try:
    import kenlm  # noqa: F401
except ImportError:  # pragma: no cover
    HAS_LM = False
HAS_CHAR = HAS_LM and resources.find_char_lm_path() is not None
needs_lm = pytest.mark.skipif(not HAS_LM, reason="no KenLM word model or kenlm module")
needs_char = pytest.mark.skipif(not HAS_CHAR, reason="no character model (run `newslint model fetch`)")

# Written for these tests: a pinyin slip (吸音 for 吸引) no word-model candidate comes close to
# (吸音 is itself a word), and copy that is right.
CHAR_SLIP = "这次活动吸音了众多市民参与，现场气氛热烈。"
CLEAN = ("这次活动吸引了众多市民参与，现场气氛热烈。", "各地积极推进乡村振兴，农民收入稳步增长。",
         "专家建议市民出行前关注天气变化，做好防护。", "我们要认真贯彻落实会议精神，切实做好各项工作。")
WORD_SLIPS = ("这家企业的经营状况一直很稳定，利润逐年曾长。", "会议结束后，大家一起座车返回了市区。",
              "政府出台了一系列惠民政侧。")


def _linter(tmp_path: Path, char_model: str | None) -> Linter:
    cfg = load_config(None, ROOT)
    cfg.char_model = char_model
    return Linter.from_config(cfg)


def _statistical(linter: Linter, text: str) -> list[tuple[int, str, float | None]]:
    doc = Document.from_text(text, "t.txt")
    rules = [r for r in linter.rules if r.id == "typo.statistical"]
    return [(f.offset, f.suggestions[0], f.confidence) for f in linter.lint(doc, rules)]


@needs_lm
def test_without_the_character_model_the_word_model_decides_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "_notices", set())
    missing = str(tmp_path / "absent.klm")
    off = _linter(tmp_path, missing)
    texts = [CHAR_SLIP, *CLEAN, *WORD_SLIPS, SEED.read_text(encoding="utf-8")]
    found = [_statistical(off, t) for t in texts]
    err = capsys.readouterr().err
    assert err.count("character model off") == 1 and missing in err  # one notice, naming the file
    engine = off.kind(next(r for r in off.rules if r.id == "typo.statistical"))._load()  # type: ignore[attr-defined]
    assert engine.char_lm is None
    # The word model's own decisions and confidences (Suspect.confidence without a character model).
    assert found[0] == [] and all(f == [] for f in found[1:1 + len(CLEAN)])
    for text, f in zip(WORD_SLIPS, found[1 + len(CLEAN):-1], strict=True):
        assert len(f) == 1, text
        s = next(iter(engine.detect(text)))
        assert s.source == "word" and s.prob is None
        assert f[0][2] == round(1 / (1 + math.exp(-(s.gain - s.need))), 2)
    # The seed article: nothing from the statistical detector, as in the README's 295 findings.
    assert found[-1] == []


@needs_char
def test_the_character_model_finds_what_the_word_model_cannot(tmp_path: Path) -> None:
    on = _linter(tmp_path, None)
    doc = Document.from_text(CHAR_SLIP, "t.txt")
    rules = [r for r in on.rules if r.id == "typo.statistical"]
    [f] = on.lint(doc, rules)
    assert (doc.text[f.offset:f.end_offset], f.suggestions[0]) == ("音", "引")
    assert f.level == "suggestion" and f.confidence is not None and 0.0 < f.confidence < 1.0
    engine = on.kind(rules[0])._load()  # type: ignore[attr-defined]
    [s] = engine.detect(CHAR_SLIP)
    assert s.source == "char" and s.char_gain is not None and s.char_gain >= engine.settings.char_min


@needs_char
def test_both_models_leave_clean_copy_and_the_seed_names_alone(tmp_path: Path) -> None:
    on = _linter(tmp_path, None)
    for text in CLEAN:
        assert _statistical(on, text) == [], text
    for text in WORD_SLIPS:  # the word model's findings survive the character model's check
        assert len(_statistical(on, text)) == 1, text
    doc = Document.from_path(SEED)
    typos = [f for f in on.lint(doc) if f.category == "typo"]
    assert [doc.text[f.offset:f.end_offset] for f in typos] == ["清廉廉洁"]


def test_char_model_config_key_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "m" / "chars.klm"
    model.parent.mkdir()
    model.write_bytes(b"x")
    (tmp_path / ".newslint.yaml").write_text("char_model: m/chars.klm\n", encoding="utf-8")
    cfg = load_config(None, tmp_path)
    assert cfg.char_model == str(model)  # relative to the config file
    assert resources.find_char_lm_path(cfg.char_model) == str(model)
    monkeypatch.setenv("NEWSLINT_CHAR_LM", str(model))
    assert resources.find_char_lm_path() == str(model)
    # a named model that is missing is not replaced by another (the fetched one included)
    monkeypatch.setenv("NEWSLINT_CHAR_LM", str(tmp_path / "gone.klm"))
    assert resources.find_char_lm_path() is None
    assert resources.find_char_lm_path(str(tmp_path / "gone.klm")) is None
    monkeypatch.delenv("NEWSLINT_CHAR_LM")
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    assert resources.find_char_lm_path() is None
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / resources.CHAR_LM_NAME).write_bytes(b"x")
    assert resources.find_char_lm_path() == str(tmp_path / "cache" / resources.CHAR_LM_NAME)
    assert Config().char_model is None

"""The optional compiled build (tools/build_compiled.py, the wheel's build hook): the typo modules compiled with
mypyc into a copy of lint/ are the ones imported there, and give the pure-Python modules' candidates (gains
included, to the last bit), suspects and findings on the identity test's corpus and the seed."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, SEED
from .test_typo_speed_identity import HAS_LM, TEXTS

sys.path.insert(0, str(ROOT / "tools"))
import build_compiled

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("mypyc") is None, reason="mypyc not installed (pip install mypy)"),
    pytest.mark.skipif(importlib.util.find_spec("setuptools") is None, reason="mypyc builds with setuptools"),
    pytest.mark.skipif(build_compiled.compiler() is None, reason="no C compiler for mypyc"),
    pytest.mark.skipif(not HAS_LM, reason="no KenLM model or kenlm module"),
]

# Run with PYTHONPATH=<a root>: which files the typo modules come from, the detector's candidates and suspects
# for each text (as in tests/test_typo_speed_identity.py, both models when the character model is there), and
# `newslint check --format json` of the files given.
SCRIPT = r"""
import dataclasses, io, json, sys
from contextlib import redirect_stdout
import lint.chars, lint.typo.detect, lint.typo.known, lint.typo.lm
from lint import resources
from lint.cli import main
from lint.kinds.typos import KNOWN_MIN_FREQ
from lint.typo.detect import Detector
from lint.typo.lm import CharModel, LanguageModel

def row(x):
    return repr(tuple(getattr(x, f.name) for f in dataclasses.fields(x)))

corpus, *files = sys.argv[1:]
freq, tags = resources.word_freq(), resources.word_tags()
cpath = resources.find_char_lm_path(None)
det = Detector(LanguageModel(resources.find_lm_path()), known=lambda w: freq.get(w, 0) >= KNOWN_MIN_FREQ,
               tag=tags.get, char_lm=CharModel(cpath) if cpath else None)
texts = open(corpus, encoding="utf-8").read().split("\n")
out = {"modules": [m.__file__ for m in (lint.chars, lint.typo.detect, lint.typo.known, lint.typo.lm)],
       "candidates": [sorted(row(c) for c in det.candidates(t)) for t in texts],
       "suspects": [[row(s) for s in det.detect(t)] for t in texts]}
buf = io.StringIO()
with redirect_stdout(buf):
    main(["check", "--format", "json", "--exit-zero", *files])
out["check"] = buf.getvalue()
print(json.dumps(out, ensure_ascii=False))
"""


def _run(root: Path, corpus: Path, files: list[Path]) -> dict[str, Any]:
    # cwd: python -c puts it first on sys.path, so it must hold no lint/ of its own
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(corpus), *map(str, files)], cwd=corpus.parent, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_compiled_modules_are_imported_and_give_the_pure_findings(tmp_path: Path) -> None:
    # -O0: the same generated code as the wheel's -O3, compiled in about half the time
    built = build_compiled.compile_into(tmp_path / "compiled", opt="0")
    assert {p.name.split(".")[0] for p in built} >= {"chars", "detect", "known", "lm"}
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(TEXTS), encoding="utf-8")
    files = [SEED, corpus]
    pure, compiled = _run(ROOT, corpus, files), _run(tmp_path / "compiled", corpus, files)

    ext = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    assert all(f.endswith(".py") and f.startswith(str(ROOT)) for f in pure["modules"]), pure["modules"]
    assert all(f.endswith(ext) and f.startswith(str(tmp_path)) for f in compiled["modules"]), compiled["modules"]
    for text, p, c in zip(TEXTS, pure["candidates"], compiled["candidates"], strict=True):
        assert c == p, text
    assert compiled["suspects"] == pure["suspects"]
    assert compiled["check"] == pure["check"]
    # not a comparison of empty lists: the corpus's slips are found, by the statistical check too
    assert sum(map(len, pure["suspects"])) >= 40
    findings = [f for doc in json.loads(pure["check"])["files"] for f in doc["findings"]]
    assert sum(f["rule"] == "typo.statistical" for f in findings) >= 20, len(findings)

    # a one-line draft in a process of its own: the word model's tables are the SQLite-backed views there
    # (lint/typo/lmfile.py), not the dicts a long text hands over to, and the compiled loop reads them too
    one = tmp_path / "one.txt"
    one.write_text("记者昨天从市政府获悉，利润逐年曾长。\n", encoding="utf-8")
    short = {}
    for name, root in (("pure", ROOT), ("compiled", tmp_path / "compiled")):
        proc = subprocess.run([sys.executable, "-m", "lint", "check", "--format", "json", "--exit-zero", str(one)],
                              cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(root)}, capture_output=True,
                              text=True, check=True)
        short[name] = proc.stdout
    assert short["compiled"] == short["pure"]
    assert any(f["rule"] == "typo.statistical" for f in json.loads(short["pure"])["files"][0]["findings"])


class _App:
    """What the hook says through hatchling's app (display_info, display_warning)."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def display_info(self, msg: str) -> None:
        self.said.append(("info", msg))

    def display_warning(self, msg: str) -> None:
        self.said.append(("warning", msg))


def _hook(app: _App) -> Any:
    hook = object.__new__(build_compiled.CompiledBuildHook)  # hatchling builds it with its own arguments
    hook.target_name, hook.root, hook.app = "wheel", str(ROOT), app
    return hook


@pytest.mark.parametrize(("value", "mode"), [(None, "auto"), ("", "auto"), ("0", "off"), ("false", "off"),
                                             ("1", "force"), ("YES", "force"), ("maybe", "auto")])
def test_compile_mode_is_read_off_the_variable(monkeypatch: pytest.MonkeyPatch, value: str | None, mode: str) -> None:
    if value is None:
        monkeypatch.delenv(build_compiled.ENV, raising=False)
    else:
        monkeypatch.setenv(build_compiled.ENV, value)
    assert build_compiled.mode() == mode
    assert build_compiled.CompiledBuildHook.dependencies(None) == ([] if mode == "off" else build_compiled.REQUIRES)


def test_a_build_that_cannot_compile_makes_the_pure_wheel_unless_forced(monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    # a compiler that fails: mypyc generates its C, the compile step exits 1
    monkeypatch.setenv("CC", "false")
    monkeypatch.delenv(build_compiled.ENV, raising=False)
    app, data = _App(), {"force_include": {}}
    _hook(app).initialize("standard", data)
    assert data == {"force_include": {}}  # nothing compiled is included, the wheel stays pure and untagged
    assert [kind for kind, _ in app.said] == ["warning"] and "pure-Python wheel" in app.said[0][1]
    monkeypatch.setenv(build_compiled.ENV, "1")
    with pytest.raises(RuntimeError, match="not possible here"):
        _hook(_App()).initialize("standard", {"force_include": {}})
    # no compiler at all: said before anything is tried
    monkeypatch.setenv("CC", str(tmp_path / "no-such-cc"))
    monkeypatch.delenv(build_compiled.ENV)
    app = _App()
    _hook(app).initialize("standard", data)
    assert data == {"force_include": {}} and "no C compiler" in app.said[0][1]


def test_an_editable_install_is_not_compiled_and_refused_when_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(build_compiled.ENV, raising=False)
    app, data = _App(), {"force_include": {}}
    _hook(app).initialize("editable", data)
    assert data == {"force_include": {}} and app.said == []
    monkeypatch.setenv(build_compiled.ENV, "1")
    with pytest.raises(RuntimeError, match="editable install"):
        _hook(_App()).initialize("editable", data)


def test_the_default_wheel_is_compiled(tmp_path: Path) -> None:
    # what `pip install .` (and pre-commit's install of the hook) builds, with no variable set
    env = {k: v for k, v in os.environ.items() if k != build_compiled.ENV}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
                   env=env, check=True, capture_output=True, text=True, timeout=900)
    (wheel,) = (tmp_path / "dist").glob("newslint-*.whl")
    assert not wheel.name.endswith("-none-any.whl"), wheel.name  # a platform wheel: it holds extensions
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        z.extractall(tmp_path / "site")
    for module in build_compiled.MODULES:
        stem = module.removesuffix(".py")
        assert module in names and any(n.startswith(stem + ".") and n.endswith(".so") for n in names), module
    version = subprocess.run([sys.executable, "-m", "lint", "--version"], cwd=tmp_path, capture_output=True,
                             text=True, env={**env, "PYTHONPATH": str(tmp_path / "site")}, check=True).stdout
    assert version.strip().endswith("(typo check: compiled)"), version
    here = subprocess.run([sys.executable, "-m", "lint", "--version"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout
    assert here.strip().endswith("(typo check: pure Python)"), here  # the checkout's own sources

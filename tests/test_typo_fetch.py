"""`newslint model fetch` (lint/typo/fetch.py) through real pip: a local stand-in for the pycorrector
sdist (same layout, a setup.py that fails the same way) for the offline paths, the real cache file
when it is present."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from lint import resources
from lint.typo import fetch

from .conftest import ROOT

FAKE_MODEL = b"KenLM stand-in, not a model\n" * 64


def _fake_sdist(where: Path) -> Path:
    """pycorrector-0.1.6.tar.gz with the model's path inside and a setup.py that opens a missing
    LICENSE, as the real one does: pip fails at the metadata step after unpacking it."""
    where.mkdir()
    path = where / "pycorrector-0.1.6.tar.gz"
    members = {
        "pycorrector-0.1.6/setup.py": b"open('LICENSE').read()\n",
        "pycorrector-0.1.6/PKG-INFO": b"Metadata-Version: 1.0\nName: pycorrector\nVersion: 0.1.6\n",
        "pycorrector-0.1.6/pycorrector/data/kenlm/people_chars_lm.klm": FAKE_MODEL,
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return where


@pytest.fixture
def offline_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(_fake_sdist(tmp_path / "links")))
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    return tmp_path / "cache"


def test_wrong_hash_installs_nothing(offline_index: Path) -> None:
    out = io.StringIO()
    assert fetch.fetch_char_model(offline_index, out=out) == 2
    msg = out.getvalue()
    assert msg.count("\n") == 1 and "sha256" in msg and "nothing was installed" in msg
    assert hashlib.sha256(FAKE_MODEL).hexdigest() in msg
    assert not (offline_index / resources.CHAR_LM_NAME).exists()


def test_verified_file_is_installed_once(offline_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "SHA256", hashlib.sha256(FAKE_MODEL).hexdigest())
    out = io.StringIO()
    assert fetch.fetch_char_model(offline_index, out=out) == 0
    dest = offline_index / resources.CHAR_LM_NAME
    assert dest.read_bytes() == FAKE_MODEL
    assert f"installed and verified: {dest}" in out.getvalue()
    assert [p.name for p in offline_index.iterdir()] == [resources.CHAR_LM_NAME]  # no temp file left
    again = io.StringIO()
    assert fetch.fetch_char_model(offline_index, out=again) == 0
    assert again.getvalue() == f"newslint: character model already present and verified: {dest}\n"


def test_no_network_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An index nobody listens on stands for a machine without network.
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_RETRIES", "0")
    monkeypatch.setenv("PIP_TIMEOUT", "2")
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    out = io.StringIO()
    assert fetch.fetch_char_model(tmp_path, out=out) == 2
    msg = out.getvalue()
    assert msg.count("\n") == 1 and "no network?" in msg
    assert list(tmp_path.iterdir()) == []


def test_missing_pip_is_one_line(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    code = "import sys; from lint.typo.fetch import fetch_char_model; sys.exit(fetch_char_model())"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    r = subprocess.run([str(py), "-c", code], env=env, capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "pip is missing" in r.stderr
    assert not (tmp_path / "cache").exists()


@pytest.mark.skipif(not resources.default_char_lm_path().is_file(),
                    reason="character model not fetched (run `newslint model fetch`)")
def test_the_fetched_model_is_the_published_one() -> None:
    out = io.StringIO()
    assert fetch.fetch_char_model(out=out) == 0
    assert "already present and verified" in out.getvalue()

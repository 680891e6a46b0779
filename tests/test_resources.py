"""Lazily loaded resources: the on-disk word list cache and its fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint import resources
from lint.resources import WordFreq, _parse_jieba_dict


@pytest.fixture
def dict_file(tmp_path: Path) -> Path:
    p = tmp_path / "dict.txt"
    p.write_text("再接再厉 120 i\n部署 9000 v\n牵头 800 v\n", encoding="utf-8")
    return p


def test_word_freq_cache_roundtrip(dict_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    wf = WordFreq("test-words", dict_file, _parse_jieba_dict)
    assert wf.get("部署") == 9000 and wf["牵头"] == 800 and "再接再励" not in wf and wf.get("x", 0) == 0
    assert len(wf) == 3 and sorted(wf) == sorted(["再接再厉", "部署", "牵头"])
    assert list((tmp_path / "cache").glob("test-words-*.sqlite"))
    # A changed source file is a new cache key: the new frequency is seen.
    dict_file.write_text("部署 1 v\n", encoding="utf-8")
    assert WordFreq("test-words", dict_file, _parse_jieba_dict).get("部署") == 1


def test_word_freq_falls_back_to_memory_when_cache_is_unwritable(dict_file: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(blocker / "cache"))
    wf = WordFreq("test-words", dict_file, _parse_jieba_dict)
    assert wf.get("部署") == 9000 and len(wf) == 3


def test_real_jieba_dictionary_is_found_without_importing_jieba() -> None:
    path = resources.jieba_dict_path()
    assert path.name == "dict.txt" and path.is_file()
    assert resources.word_freq().get("部署", 0) > 1000

"""Lazily loaded resources: the on-disk word list cache and its fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint import resources
from lint.resources import WordTable, _parse_jieba_dict, _parse_jieba_tags


@pytest.fixture
def dict_file(tmp_path: Path) -> Path:
    p = tmp_path / "dict.txt"
    p.write_text("再接再厉 120 i\n部署 9000 v\n牵头 800 v\n", encoding="utf-8")
    return p


def test_word_freq_cache_roundtrip(dict_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    wf = WordTable("test-words", dict_file, _parse_jieba_dict)
    assert wf.get("部署") == 9000 and wf["牵头"] == 800 and "再接再励" not in wf and wf.get("x", 0) == 0
    assert len(wf) == 3 and sorted(wf) == sorted(["再接再厉", "部署", "牵头"])
    assert sorted(wf.pairs()) == sorted((w, wf[w]) for w in wf)
    assert list((tmp_path / "cache").glob("test-words-*.sqlite"))
    # A changed source file is a new cache key: the new frequency is seen.
    dict_file.write_text("部署 1 v\n", encoding="utf-8")
    assert WordTable("test-words", dict_file, _parse_jieba_dict).get("部署") == 1


def test_word_freq_falls_back_to_memory_when_cache_is_unwritable(dict_file: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(blocker / "cache"))
    wf = WordTable("test-words", dict_file, _parse_jieba_dict)
    assert wf.get("部署") == 9000 and len(wf) == 3
    assert dict(wf.pairs())["牵头"] == 800


def test_word_tags_table(dict_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    tags = WordTable("test-tags", dict_file, _parse_jieba_tags)
    assert (tags.get("部署"), tags.get("再接再厉"), tags.get("没有", "")) == ("v", "i", "")


def test_real_jieba_dictionary_is_found_without_importing_jieba() -> None:
    path = resources.jieba_dict_path()
    assert path.name == "dict.txt" and path.is_file()
    assert resources.word_freq().get("部署", 0) > 1000


def test_damaged_cache_falls_back_to_the_source(dict_file: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    WordTable("test-words", dict_file, _parse_jieba_dict)
    [db] = (tmp_path / "cache").glob("test-words-*.sqlite")
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("DROP TABLE w")
    con.execute("CREATE TABLE w (other TEXT)")
    con.commit()
    con.close()
    assert WordTable("test-words", dict_file, _parse_jieba_dict).get("部署") == 9000


def test_language_model_index_is_cached_and_a_damaged_cache_rebuilt(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = resources.find_lm_path()
    if path is None:
        pytest.skip("no KenLM model")
    pytest.importorskip("kenlm")
    from lint.typo.lm import LanguageModel

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    built = LanguageModel(path)
    idx = built.masked_index()
    [cached_file] = tmp_path.glob("lm-index-*.marshal")
    again = LanguageModel(path)  # vocabulary and index come from the cache
    assert again._masked == idx and again.vocab == built.vocab
    want = frozenset("增")
    assert again.word_fillers("利润逐年曾长", 4, want) == built.word_fillers("利润逐年曾长", 4, want)
    cached_file.write_bytes(b"\x00garbage")
    rebuilt = LanguageModel(path)
    assert rebuilt.vocab == built.vocab and rebuilt.masked_index() == idx


def test_cache_files_unused_for_a_month_are_pruned_when_a_new_one_is_built(
        dict_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import time

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(cache))
    month_ago = time.time() - 40 * 86400
    stale, recent, other = cache / "test-words-0000.sqlite", cache / "test-words-1111.sqlite", cache / "x-2222.sqlite"
    for f in (stale, recent, other):
        f.write_bytes(b"old")
    for f in (stale, other):
        os.utime(f, (month_ago, month_ago))
    wf = WordTable("test-words", dict_file, _parse_jieba_dict)  # a new key: builds, then prunes
    assert wf.get("部署") == 9000
    assert not stale.exists() and recent.exists() and other.exists()
    # a cache in use is touched on every open, so it never looks idle
    [built] = [f for f in cache.glob("test-words-*.sqlite") if f != recent]
    os.utime(built, (month_ago, month_ago))
    WordTable("test-words", dict_file, _parse_jieba_dict)
    assert built.stat().st_mtime > month_ago + 86400


def test_a_named_model_that_is_missing_is_not_replaced(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from lint import resources

    missing = str(tmp_path / "gone.lm")
    monkeypatch.setenv("NEWSLINT_LM", missing)
    assert resources.find_lm_path(None) is None  # not Debian's model behind the user's back
    monkeypatch.delenv("NEWSLINT_LM")
    assert resources.find_lm_path(missing) is None

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
    again = LanguageModel(path)  # vocabulary and flags come from the cache, the masked index on first use
    assert again._masked is None and again.vocab == built.vocab and again.pair_flags() == built.pair_flags()
    assert again.masked_index() == idx and again.triple_flags() == built.triple_flags()
    # short filler lists read back as tuples holding one object per character (a set tests them by their kept hashes)
    loaded = again.masked_index()
    short = [f for f in loaded.values() if isinstance(f, tuple)]
    assert len(short) > 100_000 and all(isinstance(f, frozenset) and len(f) > 24 for f in loaded.values()
                                        if not isinstance(f, tuple))
    assert len({id(c) for f in short for c in f}) == len({c for f in short for c in f})
    want = frozenset("增")
    assert again.word_fillers("利润逐年曾长", 4, want) == built.word_fillers("利润逐年曾长", 4, want)
    whole = cached_file.read_bytes()
    cached_file.write_bytes(whole[:len(whole) - 1000])  # the masked record cut short: rebuilt on first use
    assert LanguageModel(path).masked_index() == idx
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


def test_tables_are_keyed_by_content_so_a_new_environment_shares_them(
        dict_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(cache))
    WordTable("test-words", dict_file, _parse_jieba_dict)
    [built] = cache.glob("test-words-*.sqlite")
    other_env = tmp_path / "venv2" / "site-packages" / "jieba"
    other_env.mkdir(parents=True)
    copy = shutil.copy(dict_file, other_env / "dict.txt")  # same bytes, another path and mtime
    parsed: list[Path] = []

    def counting(path: Path):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return _parse_jieba_dict(path)

    assert WordTable("test-words", Path(copy), counting).get("部署") == 9000
    assert parsed == [] and list(cache.glob("test-words-*.sqlite")) == [built]


def test_a_large_source_is_hashed_once_per_path_size_and_mtime(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (resources._STAMP_MIN_BYTES + 1))
    first = resources.content_digest(big)
    assert (tmp_path / "cache" / resources.STAMPS_FILE).is_file()
    hashed: list[str] = []
    monkeypatch.setattr(resources, "_sha256_file", lambda p: hashed.append(str(p)) or "x")
    assert resources.content_digest(big) == first and hashed == []  # the remembered digest
    st = big.stat()
    big.write_bytes(b"b" * (resources._STAMP_MIN_BYTES + 1))
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert resources.content_digest(big) == "x" and hashed == [str(big)]  # changed: hashed again


def test_the_cache_keeps_only_the_most_recently_used_files_of_a_kind(
        dict_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import time

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(cache))
    now = time.time()
    olds = [cache / f"test-words-{i:04d}.sqlite" for i in range(6)]
    for i, f in enumerate(olds):  # all used within the last hour, the first most recently
        f.write_bytes(b"old")
        os.utime(f, (now - 60 * (i + 1), now - 60 * (i + 1)))
    dead_build = cache / ".test-words.abcd.sqlite"
    dead_build.write_bytes(b"half")
    os.utime(dead_build, (now - 2 * 86400, now - 2 * 86400))
    WordTable("test-words", dict_file, _parse_jieba_dict)
    left = sorted(cache.glob("test-words-*.sqlite"))
    assert len(left) == resources.CACHE_MAX_FILES_DEFAULT
    assert set(olds[:resources.CACHE_MAX_FILES_DEFAULT - 1]) < set(left) and not dead_build.exists()


def test_a_pack_cached_by_content_keeps_its_own_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lint.rules import load_pack

    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(cache))
    text = ("rules:\n  - id: house.taxi\n    kind: substitution\n    category: term\n    level: warning\n"
            "    message: 用“{suggestion}”\n    swap: {的哥: 出租车司机}\n")
    a, b = tmp_path / "a" / "house.yaml", tmp_path / "b" / "house.yaml"
    for p in (a, b):
        p.parent.mkdir()
        p.write_text(text, encoding="utf-8")
    first = load_pack(a)
    again = load_pack(b)  # read back from the pickle the first wrote
    assert len(list(cache.glob("pack-*.pickle"))) == 1
    assert [r.where for r in first] == [f"{a}:2"] and [r.where for r in again] == [f"{b}:2"]
    assert [r.options for r in again] == [r.options for r in first]


def test_the_word_total_is_stored_with_the_table(dict_file: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    WordTable("test-words", dict_file, _parse_jieba_dict)
    wf = WordTable("test-words", dict_file, _parse_jieba_dict)
    assert wf.total() == 120 + 9000 + 800
    assert resources.word_freq().total() == sum(v for _, v in resources.word_freq().pairs())

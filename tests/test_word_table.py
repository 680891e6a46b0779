"""The batched word-table look-ups behind the cached jieba tokenizer give exactly what one query a word and
jieba's own dictionary give, on real text."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from lint import resources
from lint.resources import MAX_WORD, WordTable, _parse_jieba_dict

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_e15ae0d257b06e66.txt").read_text(encoding="utf-8")


def _probes(text: str) -> list[str]:
    """Every substring a DAG over text asks about, in order, repeats included."""
    return [text[k:x + 1] for k in range(len(text)) for x in range(k, min(len(text), k + MAX_WORD))]


def test_get_many_answers_as_get_does_on_real_text() -> None:
    words = _probes(SEED[:3000])
    assert len(set(words)) > 10 * 256  # many IN queries, the last one short
    batched = WordTable("jieba-words", resources.jieba_dict_path(), _parse_jieba_dict)
    single = WordTable("jieba-words", resources.jieba_dict_path(), _parse_jieba_dict)
    got = batched.get_many(words)
    assert got == [single.get(w) for w in words]
    assert sum(v is not None for v in got) > 1000  # real words among them, not only misses
    # the memo is shared with get(): the same answers afterwards, without asking again
    assert [batched.get(w) for w in words[:500]] == got[:500]


def test_get_many_falls_back_to_the_source_on_a_damaged_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "dict.txt"
    src.write_text("部署 9000 v\n牵头 800 v\n", encoding="utf-8")
    table = WordTable("test-words", src, _parse_jieba_dict)
    [db] = (tmp_path / "cache").glob("test-words-*.sqlite")
    con = sqlite3.connect(db)
    con.execute("DROP TABLE w")
    con.commit()
    con.close()
    assert table.get_many(["部署", "没有", "牵头"]) == [9000, None, 800]


def test_table_tokenizer_matches_jieba_with_its_own_dictionary() -> None:
    jieba = resources.import_jieba()
    own = jieba.Tokenizer()  # jieba's dictionary, parsed by jieba (about a second)
    table = resources.jieba_table_tokenizer()
    lines = [s for s in SEED.splitlines() if s.strip()][:60]
    assert sum(map(len, lines)) > 2000
    for line in lines:
        assert table.get_DAG(line) == own.get_DAG(line), line
        assert table.lcut(line, HMM=False) == own.lcut(line, HMM=False), line


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_forked_process_queries_through_its_own_connection() -> None:
    """SQLite's rule: a connection is not used across fork(). `--jobs` workers are forked with the tables open,
    so a child opens its own on its first query, answers as the parent does, and leaves the parent's alone."""
    table = WordTable("jieba-tags", resources.jieba_dict_path(), resources._parse_jieba_tags)
    assert table._db is not None and table._mem is None  # answered from the SQLite file
    assert table.get("部署") is not None
    words = ["牵头", "记者", "人民日报", "不是一个词"]
    inherited = table._db._con
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's cleanup
        code = 1
        try:
            fresh = table._db._con is None  # the inherited connection is not this process's to use
            got = [table.get(x) for x in words]
            own = table._db._con is not None and table._db._con is not inherited
            os.write(w, json.dumps({"fresh": fresh, "own": own, "got": got}).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        child = json.loads(fh.read() or b"{}")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert child["fresh"] and child["own"]
    assert child["got"] == [table.get(x) for x in words]  # the parent's answers, through its own connection
    assert table._db._con is inherited
    assert None not in child["got"][:3] and child["got"][3] is None  # words found, the non-word not

"""--fix writes: through symbolic links, keeping mode, owner and hard links, refusing read-only files
and files changed since they were read; concurrent runs end in one valid fixed file."""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from pathlib import Path

import pytest

from lint.document import MAX_BYTES, Document, InputError
from lint.engine import Linter
from lint.files import read_file
from lint.fix import fingerprint, fix_document, write_atomic

TEXT = "大家再接再励，深受震憾。\r\n第二段没有问题。\r\n"
FIXED = TEXT.replace("再接再励", "再接再厉").replace("震憾", "震撼")


def _leftovers(d: Path) -> list[Path]:
    return list(d.glob(".*.newslint"))


def test_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "draft.txt"
    real.parent.mkdir()
    real.write_text("旧", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    _, fp = read_file(link, MAX_BYTES)
    write_atomic(str(link), "新".encode(), fp)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "新"
    assert not _leftovers(real.parent) and not _leftovers(tmp_path)


def test_mode_kept_and_read_only_refused(tmp_path: Path) -> None:
    p = tmp_path / "d.txt"
    p.write_bytes(b"a")
    p.chmod(0o640)
    write_atomic(str(p), b"b")
    assert p.stat().st_mode & 0o7777 == 0o640 and p.read_bytes() == b"b"
    p.chmod(0o444)
    with pytest.raises(InputError, match="read-only") as exc:
        write_atomic(str(p), b"c")
    assert "\n" not in str(exc.value) and str(p) in str(exc.value)
    assert p.read_bytes() == b"b" and not _leftovers(tmp_path)


def test_hard_links_keep_their_inode(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(b"old text")
    b = tmp_path / "b.txt"
    os.link(a, b)
    ino = a.stat().st_ino
    _, fp = read_file(a, MAX_BYTES)
    write_atomic(str(a), b"new", fp)
    assert a.stat().st_ino == ino and b.read_bytes() == b"new" and a.stat().st_nlink == 2
    assert not _leftovers(tmp_path)


def test_change_between_read_and_write_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "d.txt"
    p.write_bytes(b"first")
    _, fp = read_file(p, MAX_BYTES)
    p.write_bytes(b"FIRST")  # same size, maybe the same mtime tick: the hash tells
    with pytest.raises(InputError, match="changed since"):
        write_atomic(str(p), b"fixed", fp)
    assert p.read_bytes() == b"FIRST" and not _leftovers(tmp_path)
    # a touch without a change of bytes is refused too (the fingerprint includes the mtime)
    _, fp = read_file(p, MAX_BYTES)
    os.utime(p, ns=(fp.mtime_ns + 10**9, fp.mtime_ns + 10**9))
    with pytest.raises(InputError, match="changed since"):
        write_atomic(str(p), b"fixed", fp)
    # unchanged: written
    _, fp = read_file(p, MAX_BYTES)
    write_atomic(str(p), b"fixed", fp)
    assert p.read_bytes() == b"fixed"
    # fingerprint() taken after a plain read is the same as read_file's
    assert fingerprint(str(p), p.read_bytes()) == read_file(p, MAX_BYTES)[1]


def test_gone_or_replaced_by_a_directory(tmp_path: Path) -> None:
    p = tmp_path / "d.txt"
    with pytest.raises(InputError, match="no longer exists"):
        write_atomic(str(p), b"x")
    p.mkdir()
    with pytest.raises(InputError, match="not a regular file"):
        write_atomic(str(p), b"x")


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_owner_kept_when_run_as_root(tmp_path: Path) -> None:
    p = tmp_path / "d.txt"
    p.write_bytes(b"a")
    os.chown(p, 12345, 23456)
    write_atomic(str(p), b"b")
    st = p.stat()
    assert (st.st_uid, st.st_gid) == (12345, 23456) and p.read_bytes() == b"b"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make a file of another owner")
def test_root_respects_read_only(tmp_path: Path) -> None:
    p = tmp_path / "d.txt"
    p.write_bytes(b"a")
    p.chmod(0o444)
    with pytest.raises(InputError, match="read-only"):
        write_atomic(str(p), b"b")


# ---- concurrent runs -----------------------------------------------------------------------------
_LINTER: Linter | None = None


def _fix_once(path: str, start: float, seed: int) -> str:
    """One --fix run: read with a fingerprint, lint and fix with the real engine, write atomically."""
    assert _LINTER is not None
    while time.time() < start:
        time.sleep(0.001)
    time.sleep(random.Random(seed).random() * 0.05)
    try:
        data, fp = read_file(path, MAX_BYTES)
        doc = Document.from_bytes(data, path)
        rules = [r for r in _LINTER.rules if r.id == "typo.known-wrong-form"]
        new, n, _ = fix_document(doc, lambda d: _LINTER.lint(d, rules), unsafe=False)  # type: ignore[union-attr]
        if n and new.text != doc.text:
            write_atomic(path, new.encode(new.text), fp)
            return "wrote"
        return "clean"
    except InputError as exc:
        return f"refused: {exc}"


def test_twenty_concurrent_fix_runs_end_in_one_valid_file(tmp_path: Path, linter: Linter) -> None:
    global _LINTER
    _LINTER = linter
    linter.lint(Document.from_text("再接再励。"))  # build the kinds before forking
    p = tmp_path / "draft.txt"
    p.write_bytes(TEXT.encode("gb18030"))
    ctx = multiprocessing.get_context("fork")
    start = time.time() + 0.5
    with ctx.Pool(20) as pool:
        outcomes = pool.starmap(_fix_once, [(str(p), start, i) for i in range(20)])
    assert p.read_bytes() == FIXED.encode("gb18030")
    assert "wrote" in outcomes
    assert all(o in ("wrote", "clean") or "changed since" in o for o in outcomes), outcomes
    assert not _leftovers(tmp_path)


# ---- newlines of an unsafe fix -----------------------------------------------------------------------
@pytest.mark.parametrize("nl", ["\r\n", "\n"])
def test_merged_paragraph_fix_keeps_crlf(linter: Linter, nl: str) -> None:
    text = ("\u3000\u3000全市新增城镇就业岗位一万二千个，超额完成全年任务。\u3000\u3000下岗失业人员再就业五千人。"
            + nl * 2 + "\u3000\u3000记者了解到，相关方案已经报批。" + nl)
    doc = Document.from_text(text, "d.txt")
    new, n, _ = fix_document(doc, lambda d: linter.lint(d, [r for r in linter.rules if r.matches("layout")]),
                             unsafe=True)
    assert n == 1
    assert new.text == text.replace("。\u3000\u3000下岗", "。" + nl * 2 + "\u3000\u3000下岗")
    if nl == "\r\n":
        assert "\n" not in new.text.replace("\r\n", "")

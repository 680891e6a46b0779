"""Bounded reading and directory walks (lint/files.py): regular files only, never blocking on a FIFO,
never reading past the limit, link loops and unreadable directories reported, the rest still walked."""

from __future__ import annotations

import io
import multiprocessing
import os
import socket
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lint.document import InputError
from lint.files import Walked, iter_lines_bounded, read_bounded, read_file, read_stream_bounded, walk
from lint.readers import READERS

TEXT_SUFFIXES = set(READERS["plain"].suffixes) | set(READERS["markdown"].suffixes)


def _finishes(fn: Callable[[], Any], seconds: float = 10.0) -> Any:
    """Run fn in a thread; fail (instead of hanging the suite) if it blocks."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "blocked"
    if "error" in box:
        raise box["error"]
    return box.get("value")


# ---- reading -----------------------------------------------------------------------------------------
def test_reads_a_regular_file_within_the_limit(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"x" * 100)
    assert read_bounded(p, 100) == b"x" * 100
    with pytest.raises(InputError, match="over the 99 bytes limit"):
        read_bounded(p, 99)


def test_a_huge_sparse_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    with open(p, "wb") as fh:
        fh.truncate(1 << 30)
    with pytest.raises(InputError, match="1024 MiB, over the 20 MiB limit"):
        _finishes(lambda: read_bounded(p, 20 * 1024 * 1024), 5)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    with pytest.raises(InputError, match=r"pipe.txt: is a named pipe \(FIFO\), not a text file"):
        _finishes(lambda: read_bounded(p, 1000))


@pytest.mark.parametrize("dev", ["/dev/zero", "/dev/null"])
def test_devices_are_refused(dev: str) -> None:
    if not os.path.exists(dev):
        pytest.skip(f"no {dev}")
    with pytest.raises(InputError, match="character device"):
        _finishes(lambda: read_bounded(dev, 1000))


def test_missing_directory_and_loop_messages(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_bounded(tmp_path / "nope.txt", 10)
    with pytest.raises(InputError, match="is a directory"):
        read_bounded(tmp_path, 10)
    loop = tmp_path / "self.txt"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match="symbolic link loop") as exc:
        read_bounded(loop, 10)
    assert "\n" not in str(exc.value)


def test_stream_and_lines_are_bounded() -> None:
    assert read_stream_bounded(io.BytesIO(b"abc"), 3) == b"abc"
    with pytest.raises(InputError, match="<stdin>: file is over"):
        read_stream_bounded(io.BytesIO(b"abcd"), 3)

    class Recording(io.BytesIO):
        biggest = 0

        def readline(self, size: int | None = -1) -> bytes:
            line = super().readline(size)
            self.biggest = max(self.biggest, len(line))
            return line

    lines = [b"short\n", b"y" * 5000 + b"\n", b"\n", b"exactly10\n", b"z" * 11, b"last"]
    stream = Recording(b"".join(lines))
    got = list(iter_lines_bounded(stream, 10))
    assert got == [b"short\n", None, b"\n", b"exactly10\n", None]  # z*11+last is one line without newline
    assert stream.biggest <= 1 << 20 and all(g is None or len(g) <= 10 for g in got)
    assert list(iter_lines_bounded(io.BytesIO(b"a\nb"), 10)) == [b"a\n", b"b"]


def test_fingerprint_comes_from_the_file_read(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"hello")
    data, fp = read_file(p, 100)
    st = p.stat()
    assert data == b"hello" and (fp.size, fp.mtime_ns) == (5, st.st_mtime_ns)


# ---- walking -------------------------------------------------------------------------------------------
def _old_walk(top: str) -> list[str]:
    """What the CLI's iter_files found under a directory before lint/files.py (os.walk)."""
    out = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
        out.extend(os.path.join(root, n) for n in sorted(files) if Path(n).suffix.lower() in TEXT_SUFFIXES)
    return out


def _tree(base: Path) -> None:
    for rel in ["a.txt", "b.md", "c.py", "Z.TXT", "sub/x.markdown", "sub/deeper/y.txt", "sub2/z.txt",
                ".hidden/h.txt", "node_modules/n.md", "__pycache__/p.txt", ".dot.txt"]:
        f = base / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("正文。", encoding="utf-8")


def _files(items: list[Walked]) -> list[str]:
    return [w.path for w in items if w.kind == "file"]


def test_same_files_in_the_same_order_as_before(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(walk([str(tmp_path)], TEXT_SUFFIXES))
    assert _files(items) == _old_walk(str(tmp_path))
    assert [w for w in items if w.kind != "file"] == []
    assert not any(".hidden" in p or "node_modules" in p or "__pycache__" in p for p in _files(items))


def test_explicit_paths_and_stdin_pass_through(tmp_path: Path) -> None:
    items = list(walk(["-", str(tmp_path / "missing.txt"), str(tmp_path / "x.docx")], TEXT_SUFFIXES))
    assert [(w.kind, w.explicit) for w in items] == [("file", True)] * 3


def test_fifo_socket_and_broken_link_in_a_tree_are_notes(tmp_path: Path) -> None:
    _tree(tmp_path)
    os.mkfifo(tmp_path / "sub" / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.md"))
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    try:
        items = _finishes(lambda: list(walk([str(tmp_path)], TEXT_SUFFIXES)))
    finally:
        sock.close()
    notes = {Path(w.path).name: w.message for w in items if w.kind == "note"}
    assert set(notes) == {"pipe.txt", "sock.md", "gone.txt"}
    assert "named pipe" in notes["pipe.txt"] and "socket" in notes["sock.md"] and "broken" in notes["gone.txt"]
    assert _files(items) == [p for p in _old_walk(str(tmp_path)) if not p.endswith(("pipe.txt", "sock.md", "gone.txt"))]


def test_link_loops_are_notes_and_the_rest_is_walked(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a loop back to the top
    (tmp_path / "sub2" / "self").symlink_to(tmp_path / "sub2" / "self")
    (tmp_path / "me.txt").symlink_to(tmp_path / "me.txt")
    for follow in (False, True):
        items = _finishes(lambda f=follow: list(walk([str(tmp_path)], TEXT_SUFFIXES, follow_links=f)))
        notes = {Path(w.path).name: w.message for w in items if w.kind == "note"}
        assert set(notes) == {"up", "self", "me.txt"}, notes
        assert all("loop" in m for m in notes.values())
        assert _files(items) == [p for p in _old_walk(str(tmp_path)) if not p.endswith("me.txt")]
    # named on the command line, a self-link is an error (exit 2), and the next path is still walked
    items = list(walk([str(tmp_path / "me.txt"), str(tmp_path / "sub2")], TEXT_SUFFIXES))
    assert items[0].kind == "error" and "loop" in items[0].message
    assert _files(items) == [str(tmp_path / "sub2" / "z.txt")]


def test_links_out_of_the_tree_are_followed_only_when_asked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "d").mkdir(parents=True)
    (outside / "o.txt").write_text("外。", encoding="utf-8")
    (outside / "d" / "od.txt").write_text("外。", encoding="utf-8")
    top = tmp_path / "top"
    _tree(top)
    (top / "ln.txt").symlink_to(outside / "o.txt")
    (top / "lndir").symlink_to(outside / "d")
    (top / "inner.txt").symlink_to(top / "a.txt")  # inside the tree: a file link is linted
    (top / "innerdir").symlink_to(top / "sub")  # inside: walked under its own name only
    items = list(walk([str(top)], TEXT_SUFFIXES))
    notes = sorted(Path(w.path).name for w in items if w.kind == "note")
    assert notes == ["ln.txt", "lndir"]
    assert all("not followed" in w.message for w in items if w.kind == "note")
    files = _files(items)
    assert str(top / "inner.txt") in files and not any("innerdir" in f or "outside" in f for f in files)
    followed = _files(list(walk([str(top)], TEXT_SUFFIXES, follow_links=True)))
    assert str(top / "ln.txt") in followed and str(top / "lndir" / "od.txt") in followed


def _walk_as_nobody(top: str, conn: Any) -> None:
    os.setgid(65534)
    os.setuid(65534)
    conn.send([(w.kind, w.path, w.message) for w in walk([top], TEXT_SUFFIXES)])


def test_unreadable_directory_is_an_error_and_the_rest_is_walked() -> None:
    base = Path(tempfile.mkdtemp(prefix="newslint-walk-"))
    try:
        base.chmod(0o755)
        _tree(base)
        for d in [base, *[p for p in base.rglob("*") if p.is_dir()]]:
            d.chmod(0o755)
        for f in base.rglob("*.*"):
            if f.is_file():
                f.chmod(0o644)
        (base / "sub").chmod(0o311)  # may be entered, not listed
        if os.geteuid() == 0:  # root reads anything: walk as nobody in a child process
            parent, child = multiprocessing.get_context("fork").Pipe()
            proc = multiprocessing.get_context("fork").Process(target=_walk_as_nobody, args=(str(base), child))
            proc.start()
            items = [Walked(*t) for t in parent.recv()]  # type: ignore[arg-type]
            proc.join(10)
        else:
            items = list(walk([str(base)], TEXT_SUFFIXES))
        errors = [w for w in items if w.kind == "error"]
        assert [w.path for w in errors] == [str(base / "sub")]
        assert "permission denied" in errors[0].message and "not linted" in errors[0].message
        assert _files(items) == [p for p in _old_walk(str(base)) if "/sub/" not in p]
    finally:
        for d in base.rglob("*"):
            if d.is_dir():
                d.chmod(stat.S_IRWXU)
        import shutil

        shutil.rmtree(base)

"""Bounded reading and directory walks: regular files only, at most the size limit + 1 bytes read,
symbolic-link loops and unreadable directories reported instead of hanging or being skipped silently."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from lint.document import InputError

CHUNK = 1 << 20
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})  # besides every hidden directory


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def _too_big(name: str, size: str, limit: int) -> InputError:
    return InputError(f"{name}: file is {size}, over the {_mib(limit)} limit; split it or exclude it in .newslint.yaml")


def _what(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return what
    return "not a regular file"


def _os_error(name: str, exc: OSError) -> InputError:
    if exc.errno == errno.ENOENT:
        return InputError(f"{name}: no such file")
    if exc.errno == errno.ELOOP:
        return InputError(f"{name}: symbolic link loop; point the link at a real file")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(f"{name}: permission denied; make it readable or exclude it in .newslint.yaml")
    return InputError(f"{name}: cannot read ({exc.strerror or exc})")


@dataclass(frozen=True)
class Fingerprint:
    """What a file was when it was read: size, modification time and a hash of the bytes read.
    ``fix.write_atomic`` refuses to replace a file whose fingerprint has changed since."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, st: os.stat_result, data: bytes) -> Fingerprint:
        return cls(st.st_size, st.st_mtime_ns, hashlib.blake2b(data, digest_size=16).hexdigest())


def read_file(path: str | os.PathLike[str], limit: int) -> tuple[bytes, Fingerprint]:
    """The bytes of a regular file (at most ``limit``) and its fingerprint taken from the same open file.

    FIFOs, sockets and devices are refused before they are opened (a FIFO would block), and again after
    (O_NONBLOCK: a file swapped for a FIFO in between cannot block either). Raises InputError."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except OSError as exc:
        raise _os_error(name, exc) from None
    what = _what(st.st_mode)
    if what:
        raise InputError(f"{name}: is {what}, not a text file; newslint reads regular files only")
    if st.st_size > limit:
        raise _too_big(name, _mib(st.st_size), limit)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _os_error(name, exc) from None
    try:
        st = os.fstat(fd)
        what = _what(st.st_mode)
        if what:
            raise InputError(f"{name}: is {what}, not a text file; newslint reads regular files only")
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise _os_error(name, exc) from None
    finally:
        os.close(fd)
    if got > limit:  # grew while being read
        raise _too_big(name, f"over {_mib(limit)}", limit)
    data = b"".join(chunks)
    return data, Fingerprint.of(st, data)


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file, reading at most ``limit`` + 1; InputError (one line) otherwise."""
    return read_file(path, limit)[0]


def read_stream_bounded(stream: BinaryIO, limit: int, name: str = "<stdin>") -> bytes:
    """All of a byte stream (stdin), reading at most ``limit`` + 1 bytes; InputError when it is longer."""
    chunks: list[bytes] = []
    got = 0
    while got <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    if got > limit:
        raise _too_big(name, f"over {_mib(limit)}", limit)
    return b"".join(chunks)


def iter_lines_bounded(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a byte stream (newline kept), holding at most ``limit`` + 1 bytes of one line.
    A longer line is read past and yields None in its place, so line numbers stay right."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            yield line
            continue
        # over the limit (a line of exactly limit + 1 bytes may end in its newline: still too long)
        while not line.endswith(b"\n"):
            line = stream.readline(CHUNK)
            if not line:
                break
        yield None


# ---- directory walks ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Walked:
    """One item of a walk: a file to lint, a note (something skipped, the run goes on) or an error
    (something that should have been linted and could not be: the run exits 2, the rest is linted)."""

    kind: Literal["file", "note", "error"]
    path: str
    message: str = ""
    explicit: bool = False  # named on the command line (not found under a directory)


def walk(paths: Iterable[str], suffixes: Iterable[str], follow_links: bool = False) -> Iterator[Walked]:
    """Files to lint under ``paths`` in a stable order (each directory's files sorted, then its
    subdirectories sorted), skipping hidden directories, node_modules and __pycache__.

    A path named explicitly is yielded as it is ("-" for stdin included); reading it reports what is
    wrong with it. Under a directory only files whose suffix is in ``suffixes`` are taken. A symbolic
    link to a file is followed when it points inside the directory named on the command line; a link to
    a directory is not (its target is walked under its own name) and a link out of the tree is a note,
    unless ``follow_links``, which follows every link; a link to a directory that contains it (a loop)
    is a note and is never entered."""
    wanted = {s.lower() for s in suffixes}
    for p in paths:
        if p == "-":
            yield Walked("file", p, explicit=True)
            continue
        try:
            st = os.stat(p)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                yield Walked("error", p, f"{p}: symbolic link loop; point the link at a real file or directory")
            else:
                yield Walked("file", p, explicit=True)  # reading it says what is wrong
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield Walked("file", p, explicit=True)
            continue
        yield from _walk_dir(p, st, wanted, follow_links)


def _walk_dir(top: str, top_st: os.stat_result, wanted: set[str], follow_links: bool) -> Iterator[Walked]:
    root = os.path.realpath(top)
    seen = {(top_st.st_dev, top_st.st_ino)}
    stack = [top]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            why = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else (exc.strerror or str(exc))
            yield Walked("error", d, f"{d}: cannot read directory ({why}); its files were not linted")
            continue
        subdirs: list[str] = []
        for e in entries:
            path = os.path.join(d, e.name)
            try:
                is_link = e.is_symlink()
                if is_link:
                    try:
                        st = os.stat(path)
                    except OSError as exc:
                        if Path(e.name).suffix.lower() in wanted or exc.errno == errno.ELOOP:
                            what = "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
                            yield Walked("note", path, f"{path}: {what}, skipped")
                        continue
                    real = os.path.realpath(path)
                    if stat.S_ISDIR(st.st_mode) and _inside(os.path.realpath(d), real):
                        yield Walked("note", path, f"{path}: symbolic link loop (points at {real}), not followed")
                        continue
                    if not follow_links and not _inside(real, root):
                        if stat.S_ISDIR(st.st_mode) or Path(e.name).suffix.lower() in wanted:
                            yield Walked("note", path, f"{path}: symbolic link out of {top}, not followed;"
                                                       " name its target on the command line to lint it")
                        continue
                    if not follow_links and stat.S_ISDIR(st.st_mode):
                        continue  # its target is in the tree and walked under its own name
                else:
                    st = e.stat(follow_symlinks=False)
            except OSError as exc:
                yield Walked("note", path, f"{path}: cannot stat ({exc.strerror or exc}), skipped")
                continue
            if stat.S_ISDIR(st.st_mode):
                if e.name.startswith(".") or e.name in SKIPPED_DIRS:
                    continue
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    yield Walked("note", path, f"{path}: a link to a directory already walked, skipped")
                    continue
                seen.add(key)
                subdirs.append(path)
            elif Path(e.name).suffix.lower() in wanted:
                other = _what(st.st_mode)
                if other:
                    yield Walked("note", path, f"{path}: is {other}, not a text file, skipped")
                else:
                    yield Walked("file", path)
        stack.extend(reversed(subdirs))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)

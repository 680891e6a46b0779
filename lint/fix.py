"""Applying fixes: safe vs unsafe, conflicts, atomic writes that keep encoding, BOM and newlines."""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from lint.document import Document, InputError
from lint.files import Fingerprint
from lint.finding import Edit, Finding, Fix

MAX_PASSES = 5


def applicable(findings: list[Finding], unsafe: bool) -> list[Finding]:
    return [f for f in findings if f.fix and (f.fix.safety == "safe" or unsafe)]


def select_edits(findings: list[Finding]) -> list[Edit]:
    """The edits apply_edits makes, sorted: each finding's all-or-nothing, in finding order, a finding
    whose edits overlap one taken already waiting for the next pass."""
    return _select(findings)[0]


def _select(findings: list[Finding]) -> tuple[list[Edit], int]:
    taken: list[Edit] = []
    applied = 0
    for f in sorted(findings, key=Finding.sort_key):
        assert f.fix is not None
        edits = sorted(f.fix.edits)
        if any(_overlap(e, t) for e in edits for t in taken) or any(
                _overlap(a, b) for i, a in enumerate(edits) for b in edits[i + 1:]):
            continue
        taken.extend(edits)
        applied += 1
    return sorted(taken), applied


def apply_edits(text: str, findings: list[Finding]) -> tuple[str, int]:
    """Apply each finding's edits all-or-nothing; a finding whose edits overlap an earlier one waits."""
    taken, applied = _select(findings)
    out, last = [], 0
    for e in taken:
        out.append(text[last:e.offset])
        out.append(e.replacement)
        last = e.end_offset
    out.append(text[last:])
    return "".join(out), applied


def _overlap(a: Edit, b: Edit) -> bool:
    if a.offset == a.end_offset or b.offset == b.end_offset:  # insertions conflict only at the same point
        return a.offset == b.offset or (a.offset < b.end_offset and b.offset < a.end_offset)
    return a.offset < b.end_offset and b.offset < a.end_offset


def in_source(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Findings with their fix edits moved into the source's coordinates (HTML: the page source), replacements
    escaped for it. A fix with an edit that would cross markup or an entity, or turn text into markup (a stray
    ``<`` followed by a letter), is left out: markup is never touched."""
    if doc.offsets is None:
        return findings
    from lint.readers import get_reader

    reader = get_reader(doc.markup)
    escape, source = reader.escape, doc.source_text
    out = []
    for f in findings:
        assert f.fix is not None
        edits = []
        for e in f.fix.edits:
            a, b, rep = e.offset, e.end_offset, e.replacement
            rng = doc.offsets.verbatim_range(a, b)
            if rng is None:
                # Only the characters that change need to be text: 再接再</strong>励 → 再接再</strong>厉.
                a, b, rep = _changed_part(doc.text[a:b], a, rep)
                rng = doc.offsets.verbatim_range(a, b)
            if rng is None or reader.makes_markup(source, rng[0], rng[1], escape(rep)):
                break
            edits.append(Edit(rng[0], rng[1], escape(rep)))
        else:
            out.append(replace(f, fix=Fix(f.fix.safety, tuple(edits))))
    return out


def _changed_part(old: str, at: int, new: str) -> tuple[int, int, str]:
    """The edit replacing ``old`` (at offset ``at``) by ``new`` without the prefix and suffix they share."""
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
        s += 1
    return at + p, at + len(old) - s, new[p:len(new) - s]


def fix_document(doc: Document, lint: Callable[[Document], list[Finding]], unsafe: bool
                 ) -> tuple[Document, int, list[Finding]]:
    """Apply fixes, re-lint and repeat until nothing more applies. Returns the new document,
    the number of fixes applied and the findings that remain. Edits apply to the source (for HTML the page,
    so tags stay byte-identical) and the source is read again after each pass."""
    total = 0
    findings = lint(doc)
    for _ in range(MAX_PASSES):
        todo = in_source(doc, applicable(findings, unsafe))
        if not todo:
            break
        source = doc.source_text
        text, n = apply_edits(source, todo)
        if n == 0 or text == source:
            break
        total += n
        doc = Document.from_text(text, doc.path, doc.markup, doc.encoding, doc.bom)
        findings = lint(doc)
    return doc, total, findings


def unified_diff(old: Document, new: Document) -> str:
    return "".join(difflib.unified_diff(
        old.source_text.splitlines(keepends=True), new.source_text.splitlines(keepends=True),
        fromfile=f"a/{old.path}", tofile=f"b/{new.path}"))


def fingerprint(path: str, data: bytes) -> Fingerprint:
    """The fingerprint of a file whose bytes ``data`` were just read (better: take the one
    ``files.read_file`` returns, from the same open file)."""
    return Fingerprint.of(os.stat(path), data)


def write_atomic(path: str, data: bytes, expected: Fingerprint | None = None) -> None:
    """Replace the file at ``path`` (a symbolic link: its target) with ``data``, or raise InputError
    (one line) and leave it as it was.

    The data go to a temporary file in the target's directory, fsync'd, and are renamed over the
    target, with its mode (and, run as root, its owner). A file with several hard links, or one
    owned by someone else that the user may write to, keeps its inode instead: the verified temporary
    copy is written into the file in place (every link sees the fix), then deleted; if that write
    fails the message names the copy. A read-only file is refused. With ``expected`` (the fingerprint
    taken when the file was read) a file changed since is refused, unless it already holds ``data``
    (a concurrent run made the same fix)."""
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        raise InputError(f"{path}: no longer exists; nothing written") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}); nothing written") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file; nothing written")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError(f"{path}: file is read-only; make it writable (chmod u+w) to apply fixes")
    directory = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".newslint", dir=directory)
    except OSError as exc:
        raise InputError(f"{path}: cannot create a temporary file in {directory} ({exc.strerror or exc});"
                         " nothing written") from None
    keep_tmp = False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        in_place = st.st_nlink > 1
        if st.st_uid != os.geteuid() or st.st_gid != os.getegid():
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                in_place = True  # not root: a rename would give the file to us; keep its owner instead
        if expected is not None:
            _check_unchanged(path, target, expected, data)
        if not in_place:
            os.replace(tmp, target)
            _fsync_dir(directory)
            return
        if Path(tmp).read_bytes() != data:
            raise InputError(f"{path}: the temporary copy did not read back; nothing written")
        keep_tmp = True
        try:
            with open(target, "r+b") as fh:
                fh.write(data)
                fh.truncate()
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise InputError(f"{path}: writing in place failed ({exc.strerror or exc}); the fixed text is in"
                             f" {tmp}") from None
        keep_tmp = False
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}); nothing written") from None
    finally:
        if not keep_tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _check_unchanged(path: str, target: str, expected: Fingerprint, data: bytes) -> None:
    """Raise InputError unless the file is still what was read (size, mtime and bytes), or already
    holds ``data`` (a concurrent run wrote this very fix). A file only touched is refused too."""
    changed = InputError(f"{path}: changed since newslint read it; nothing written, run newslint again")
    try:
        now = os.stat(target)
        if now.st_size not in (expected.size, len(data)):
            raise changed
        current = Path(target).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot re-read before writing ({exc.strerror or exc}); nothing written") from None
    if Fingerprint.of(now, current) != expected and current != data:
        raise changed


def _fsync_dir(directory: str) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a directory be opened
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

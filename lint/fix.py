"""Applying fixes: safe vs unsafe, conflicts, atomic writes that keep encoding, BOM and newlines."""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from lint.document import Document
from lint.finding import Edit, Finding, Fix

MAX_PASSES = 5


def applicable(findings: list[Finding], unsafe: bool) -> list[Finding]:
    return [f for f in findings if f.fix and (f.fix.safety == "safe" or unsafe)]


def apply_edits(text: str, findings: list[Finding]) -> tuple[str, int]:
    """Apply each finding's edits all-or-nothing; a finding whose edits overlap an earlier one waits."""
    taken: list[Edit] = []
    applied = 0
    for f in sorted(findings, key=Finding.sort_key):
        assert f.fix is not None
        edits = sorted(f.fix.edits)
        if any(_overlap(e, t) for e in edits for t in taken):
            continue
        taken.extend(edits)
        applied += 1
    out, last = [], 0
    for e in sorted(taken):
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
    escaped for it. A fix with an edit that would cross markup or an entity is left out: markup is never touched."""
    if doc.offsets is None:
        return findings
    from lint.readers import get_reader

    escape = get_reader(doc.markup).escape
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
            if rng is None:
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


def write_atomic(path: str, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename over it (keeps the mode)."""
    target = Path(path)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".newslint", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

"""Shared set-up of the atheris targets: the worktree's lint/ first on sys.path, one Linter."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_LINTER: Any = None


def linter() -> Any:
    """The default rules, every kind built (call it inside atheris.instrument_imports so that the kinds,
    imported on first use, are instrumented too)."""
    global _LINTER
    if _LINTER is None:
        from lint.config import load_config
        from lint.document import Document
        from lint.engine import Linter

        _LINTER = Linter.from_config(load_config(None, ROOT))
        _LINTER.lint(Document.from_text("预热：大家再接再励。2023年2月30日，全省10337万元。\n", "w.md", "markdown"))
    return _LINTER


def check_findings(doc: Any, findings: list[Any]) -> None:
    """The invariants every report relies on (the property tests check the same)."""
    n = len(doc.text)
    for f in findings:
        if f.rule == "number.sum-total":  # known reversed span, owned elsewhere (tests/test_properties.py)
            continue
        assert 0 <= f.offset <= f.end_offset <= n, (f.rule, f.offset, f.end_offset)
        doc.line_col(f.end_offset)
        doc.utf16(f.end_offset)
        doc.byte_offset(f.end_offset)
        if f.fix:
            for e in f.fix.edits:
                assert 0 <= e.offset <= e.end_offset <= n, (f.rule, e)

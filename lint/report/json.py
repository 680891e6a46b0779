"""JSON output, schema_version 1 (see lint/report/newslint.schema.json and the README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lint import __version__
from lint.document import Document
from lint.finding import Finding

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("newslint.schema.json")


def finding_dict(doc: Document, f: Finding, lang: str = "zh") -> dict[str, Any]:
    line, col = doc.line_col(f.offset)
    end_line, end_col = doc.line_col(f.end_offset)
    return {
        "rule": f.rule,
        "category": f.category,
        "level": f.level,
        "message": (f.message_en or f.message) if lang == "en" else f.message,
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "offset": f.offset,
        "end_offset": f.end_offset,
        "offset_utf16": doc.utf16(f.offset),
        "end_offset_utf16": doc.utf16(f.end_offset),
        "offset_bytes": doc.byte_offset(f.offset),
        "end_offset_bytes": doc.byte_offset(f.end_offset),
        "text": doc.text[f.offset:f.end_offset],
        "suggestions": list(f.suggestions),
        "fix": None if f.fix is None else {
            "safety": f.fix.safety,
            "edits": [{"offset": e.offset, "end_offset": e.end_offset, "replacement": e.replacement}
                      for e in f.fix.edits],
        },
        "source": f.source,
        "confidence": f.confidence,
    }


def summary(results: list[tuple[Document, list[Finding]]]) -> dict[str, Any]:
    by_level: dict[str, int] = {"error": 0, "warning": 0, "suggestion": 0}
    by_cat: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for _, fs in results:
        for f in fs:
            by_level[f.level] += 1
            by_cat[f.category] = by_cat.get(f.category, 0) + 1
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return {
        "files": len(results),
        "findings": sum(by_level.values()),
        "by_level": by_level,
        "by_category": dict(sorted(by_cat.items())),
        "by_rule": dict(sorted(by_rule.items())),
    }


def render(results: list[tuple[Document, list[Finding]]], lang: str = "zh",
           errors: list[dict[str, str]] | None = None) -> str:
    """The whole report; ``errors`` lists files that could not be linted ({path, message})."""
    out = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "newslint", "version": __version__},
        "files": [
            {"path": doc.path, "encoding": doc.encoding, "bom": doc.bom,
             "findings": [finding_dict(doc, f, lang) for f in fs]}
            for doc, fs in results
        ],
        "errors": errors or [],
        "summary": summary(results),
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"

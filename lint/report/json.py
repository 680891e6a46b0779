"""JSON output, schema_version 1 (see lint/report/newslint.schema.json and the README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lint import __version__
from lint.document import Document
from lint.finding import Finding
from lint.report import ReportOptions, Results, message

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("newslint.schema.json")


def finding_dict(doc: Document, f: Finding, lang: str = "zh") -> dict[str, Any]:
    """One finding. ``line``/``column`` and the byte offsets are positions in the file; ``offset`` and the UTF-16
    offsets count in the linted text, which for HTML is the visible text (``source_offset`` counts in the HTML)."""
    line, col = doc.source_line_col(f.offset)
    end_line, end_col = doc.source_line_col(f.end_offset, end=True)
    out = {
        "rule": f.rule,
        "category": f.category,
        "level": f.level,
        "message": message(f, lang),
        "line": line,
        "column": col,
        "end_line": end_line,
        "end_column": end_col,
        "offset": f.offset,
        "end_offset": f.end_offset,
        "offset_utf16": doc.utf16(f.offset),
        "end_offset_utf16": doc.utf16(f.end_offset),
        "offset_bytes": doc.byte_offset(f.offset),
        "end_offset_bytes": doc.byte_offset(f.end_offset, end=True),
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
    if doc.encoding == "binary":  # no byte offsets into a zip container
        del out["offset_bytes"], out["end_offset_bytes"]
    if doc.offsets is not None:
        a, b = doc.to_source(f.offset, f.end_offset)
        out["source_offset"], out["source_end_offset"] = a, b
        idx = doc.source_index
        out["source_offset_utf16"], out["source_end_offset_utf16"] = idx.utf16(a), idx.utf16(b)
    if doc.locations is not None:
        out["location"] = location(doc, f.offset)
    return out


def location(doc: Document, offset: int) -> dict[str, Any]:
    """Where a text offset lies in a binary source (.docx): its part, paragraph index and offset inside it."""
    assert doc.locations is not None
    line, col = doc.line_col(offset)
    loc = dict(doc.locations[line - 1])
    # A line that does not start its paragraph (after a soft line break) says where it starts in it.
    start = loc.pop("line_start", 0)
    return {**loc, "offset": start + col - 1}


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


def file_dict(r: Any, lang: str) -> dict[str, Any]:
    doc = r.doc
    return {"path": doc.path, "encoding": doc.encoding, "bom": doc.bom, "format": doc.markup,
            "findings": [finding_dict(doc, f, lang) for f in r.findings]}


def document(results: Results, options: ReportOptions | None = None) -> dict[str, Any]:
    options = options or ReportOptions()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "newslint", "version": __version__},
        "files": [file_dict(r, options.lang_for(r)) for r in results.files],
        "errors": results.errors,
        "summary": summary(results.pairs()),
    }


def render(results: Results, options: ReportOptions) -> str:
    """The whole report; ``results.errors`` lists files that could not be linted ({path, message})."""
    return json.dumps(document(results, options), ensure_ascii=False, indent=2) + "\n"

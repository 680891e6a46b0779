"""SARIF 2.1.0 output (GitHub code scanning, GitLab, Azure DevOps, the VS Code SARIF viewer).

Columns, ``charOffset`` and ``charLength`` are UTF-16 code units (``run.columnKind`` says so):
a character outside the BMP such as 𠮷 counts 2, as editors and browsers count it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lint import __version__
from lint.document import Document
from lint.finding import Edit, Finding
from lint.report import ReportOptions, Results, message
from lint.report.json import dumps
from lint.rules import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/newslint/"
LEVEL_MAP = {"error": "error", "warning": "warning", "suggestion": "note"}
FIX_TEXT = {
    ("safe", "zh"): "安全修复：可自动应用",
    ("unsafe", "zh"): "非安全修复：应用前须人工核对",
    ("safe", "en"): "Safe fix: may be applied automatically",
    ("unsafe", "en"): "Unsafe fix: review before applying",
}


def artifact_uri(path: str) -> str:
    """The path as given, as a URI reference: POSIX slashes, relative stays relative, stdin is 'stdin'."""
    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path.replace(os.sep, "/"), safe="/")


def _region(doc: Document, start: int, end: int) -> dict[str, Any]:
    """A region for text[start:end] (code points) in UTF-16 units of the file: lines 1-based, columns 1-based.
    For HTML the region is in the HTML source; for .docx, in the extracted text (one line per paragraph)."""
    idx = doc.index
    if doc.encoding != "binary":
        start, end = doc.to_source(start, end)
        idx = doc.source_index
    start_line, _ = idx.line_col(start)
    end_line, _ = idx.line_col(end)
    a, b = idx.utf16(start), idx.utf16(end)
    return {
        "startLine": start_line,
        "startColumn": a - idx.utf16(idx.line_starts[start_line - 1]) + 1,
        "endLine": end_line,
        "endColumn": b - idx.utf16(idx.line_starts[end_line - 1]) + 1,
        "charOffset": a,
        "charLength": b - a,
    }


def _rule_name(rule_id: str) -> str:
    """punctuation.half-width -> PunctuationHalfWidth (SARIF names are readable, unlike opaque ids)."""
    return "".join(w[:1].upper() + w[1:] for part in rule_id.split(".") for w in part.split("-"))


def _descriptor(rule: Rule | None, finding: Finding) -> dict[str, Any]:
    """A reportingDescriptor; a finding whose rule is unknown gets one built from the finding."""
    if rule is None:
        return {
            "id": finding.rule,
            "name": _rule_name(finding.rule),
            "shortDescription": {"text": finding.rule},
            "defaultConfiguration": {"level": LEVEL_MAP[finding.level]},
            "properties": {"category": finding.category, "tags": [finding.category]},
        }
    description = rule.description.strip()
    short = description.splitlines()[0] if description else rule.message
    help_text = description or rule.message
    if rule.source:
        help_text += f"\n\n来源 Source: {rule.source}"
    props: dict[str, Any] = {"category": rule.category, "tags": [rule.category]}
    if rule.fix:
        props["fix"] = rule.fix
    out: dict[str, Any] = {
        "id": rule.id,
        "name": _rule_name(rule.id),
        "shortDescription": {"text": short},
        "fullDescription": {"text": description or rule.message},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVEL_MAP[rule.level]},
        "properties": props,
    }
    if rule.link.startswith(("https://", "http://")):
        out["helpUri"] = rule.link
    return out


def _replacement(doc: Document, e: Edit) -> dict[str, Any]:
    rep: dict[str, Any] = {"deletedRegion": _region(doc, e.offset, e.end_offset)}
    if e.replacement:  # absent insertedContent means a deletion
        rep["insertedContent"] = {"text": e.replacement}
    return rep


def _result(doc: Document, f: Finding, rule_index: int, lang: str, uri: str) -> dict[str, Any]:
    region = _region(doc, f.offset, f.end_offset)
    region["snippet"] = {"text": doc.text[f.offset:f.end_offset]}
    props: dict[str, Any] = {"category": f.category}
    if f.confidence is not None:
        props["confidence"] = f.confidence
    props["suggestions"] = list(f.suggestions)
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL_MAP[f.level],
        "message": {"text": message(f, lang)},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region,
            },
        }],
    }
    if f.fix is not None and f.fix.edits:
        out["fixes"] = [{
            "description": {"text": FIX_TEXT[(f.fix.safety, "en" if lang == "en" else "zh")]},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [_replacement(doc, e) for e in f.fix.edits],
            }],
            "properties": {"safety": f.fix.safety},
        }]
    out["properties"] = props
    return out


def render(results: Results, options: ReportOptions) -> str:
    """The whole SARIF log: one run. Files that could not be linted become tool notifications; rule metadata
    comes from ``results.rules`` (the first rule seen for an id wins)."""
    by_id: dict[str, Rule] = {}
    for rule in results.rules:
        by_id.setdefault(rule.id, rule)
    first: dict[str, Finding] = {}
    for f in results.findings:
        first.setdefault(f.rule, f)
    ids = sorted(first)
    index = {rid: i for i, rid in enumerate(ids)}
    errors = results.errors
    lang = options.lang or (results.files[0].lang if results.files else "zh")
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [{
            "level": "error",
            "message": {"text": e["message"]},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e["path"])}}}],
        } for e in errors]
    run = {
        "tool": {"driver": {
            "name": "newslint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_descriptor(by_id.get(rid), first[rid]) for rid in ids],
        }},
        "invocations": [invocation],
        "language": "en-US" if lang == "en" else "zh-CN",
        "columnKind": "utf16CodeUnits",
        "results": [_result(r.doc, f, index[f.rule], options.lang_for(r), uri)
                    for r in results.files for uri in (artifact_uri(r.doc.path),) for f in r.findings],
    }
    log = {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
    # json.dumps(log, ensure_ascii=False, indent=2) byte for byte; json's own is pure Python with an indent
    return dumps(log) + "\n"

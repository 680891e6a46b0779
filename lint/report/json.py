"""JSON output, schema_version 1 (see lint/report/newslint.schema.json and the README)."""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterator
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


def file_head(doc: Document) -> dict[str, Any]:
    """A file's fields before its findings."""
    return {"path": doc.path, "encoding": doc.encoding, "bom": doc.bom, "format": doc.markup}


def file_dict(r: Any, lang: str) -> dict[str, Any]:
    return {**file_head(r.doc), "findings": [finding_dict(r.doc, f, lang) for f in r.findings]}


def document(results: Results, options: ReportOptions | None = None) -> dict[str, Any]:
    """The report as data (``render`` writes the same, faster, without building it)."""
    options = options or ReportOptions()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "newslint", "version": __version__},
        "files": [file_dict(r, options.lang_for(r)) for r in results.files],
        "errors": results.errors,
        "summary": summary(results.pairs()),
    }


def render(results: Results, options: ReportOptions) -> str:
    """The whole report; ``results.errors`` lists files that could not be linted ({path, message}).
    Byte for byte ``json.dumps(document(results, options), ensure_ascii=False, indent=2) + "\\n"``."""
    return "".join(chunks(results, options))


BATCH = 500  # findings per piece of the report chunks() yields (~0.5 MB of text: held with its list and bytes)


def chunks(results: Results, options: ReportOptions) -> Iterator[str]:
    """render's text in pieces of at most BATCH findings, for a front end to write as they come (a report of
    20,000 findings is ~18 MB of text: held whole, with its pieces and its encoded bytes, it costs several times
    that)."""
    enc = _Encoder()
    yield (f'{{\n  "schema_version": {enc.encode(SCHEMA_VERSION, "  ")},'
           f'\n  "tool": {enc.encode({"name": "newslint", "version": __version__}, "  ")},\n  "files": ')
    for n, r in enumerate(results.files):
        head = ",\n      ".join(f"{enc.string(k)}: {enc.encode(v, '      ')}" for k, v in file_head(r.doc).items())
        start = (",\n    " if n else "[\n    ") + f'{{\n      {head},\n      "findings": '
        if not r.findings:
            yield start + "[]\n    }"
            continue
        lang = options.lang_for(r)
        for k in range(0, len(r.findings), BATCH):
            yield start + "[\n        " if k == 0 else ",\n        "  # apart: no copy of the piece to prefix it
            yield ",\n        ".join(enc.findings(r.doc, r.findings[k:k + BATCH], lang, "        "))
        yield "\n      ]\n    }"
    yield "\n  ]" if results.files else "[]"
    yield (f',\n  "errors": {enc.encode(results.errors, "  ")},'
           f'\n  "summary": {enc.encode(summary(results.pairs()), "  ")}\n}}\n')


# ---- serialisation: json.dumps(value, ensure_ascii=False, indent=2), byte for byte, several times faster ------
# With an indent the json module falls back to its pure-Python encoder (a generator per container, ~30 µs a
# finding). Here strings go through the C string encoder, each distinct string once per report (a rule's
# message and source repeat in every finding), and the layout is joined with f-strings; anything outside plain
# JSON types is handed to json.dumps itself, re-indented (no JSON string holds a raw newline).
_enc_str = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C function when available


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``."""
    return _Encoder().encode(value, "")


class _Encoder:
    """JSON text at a given indentation (the indentation of the line the value starts on)."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}  # string -> its JSON form, for this report

    def string(self, s: str) -> str:
        out = self.strings.get(s)
        if out is None:
            if type(s) is not str:  # a field typed str that holds something else is written as json would
                return self.encode(s, "")
            out = self.strings[s] = _enc_str(s)
        return out

    def encode(self, value: Any, indent: str) -> str:
        t = type(value)
        if t is str:
            return self.string(value)
        if t is dict:
            if any(type(k) is not str for k in value):
                return _fallback(value, indent)
            inner = indent + "  "
            return self.obj([(k, self.encode(v, inner)) for k, v in value.items()], indent)
        if t is list or t is tuple:
            inner = indent + "  "
            return self.array([self.encode(v, inner) for v in value], indent)
        if t is int:
            return int.__repr__(value)
        if value is None:
            return "null"
        if t is bool:
            return "true" if value else "false"
        if t is float and math.isfinite(value):
            return float.__repr__(value)
        return _fallback(value, indent)

    def obj(self, items: list[tuple[str, str]], indent: str) -> str:
        """An object from its keys and their values' JSON."""
        if not items:
            return "{}"
        inner, string = indent + "  ", self.string
        return f"{{\n{inner}" + f",\n{inner}".join([f"{string(k)}: {v}" for k, v in items]) + f"\n{indent}}}"

    @staticmethod
    def array(items: list[str], indent: str) -> str:
        """An array from its items' JSON."""
        if not items:
            return "[]"
        inner = indent + "  "
        return f"[\n{inner}" + f",\n{inner}".join(items) + f"\n{indent}]"

    def findings(self, doc: Document, findings: list[Finding], lang: str, indent: str) -> list[str]:
        """Each finding's object: ``finding_dict``'s fields, written straight from the finding for a document
        whose text is its file (no offset map, text encoding, no .docx locations); the general path otherwise."""
        if doc.offsets is not None or doc.locations is not None or doc.encoding == "binary" \
                or doc.source_index is not doc.index:
            return [self.encode(finding_dict(doc, f, lang), indent) for f in findings]
        idx, text = doc.index, doc.text
        starts, bisect_right = idx.line_starts, bisect.bisect_right
        strings, string = self.strings, self.string
        astral, line_bytes, encoding = idx._astral, idx._line_bytes, idx.encoding
        bisect_left = bisect.bisect_left
        i, j, k = indent + "  ", indent + "    ", indent + "        "  # keys of the finding, of its fix, of an edit
        out = []
        for f in findings:
            a, b = f.offset, f.end_offset
            la, lb = bisect_right(starts, a) - 1, bisect_right(starts, b) - 1
            sa, sb = starts[la], starts[lb]
            ua, ub = (a + bisect_left(astral, a), b + bisect_left(astral, b)) if astral else (a, b)
            ba = line_bytes[la] + len(text[sa:a].encode(encoding))
            bb = line_bytes[lb] + len(text[sb:b].encode(encoding))
            if f.fix is None:
                fix = "null"
            else:
                edits = f",\n{j}  ".join([f'{{\n{k}"offset": {e.offset},\n{k}"end_offset": {e.end_offset},'
                                          f'\n{k}"replacement": {string(e.replacement)}\n{j}  }}'
                                          for e in f.fix.edits])
                fix = (f'{{\n{j}"safety": {string(f.fix.safety)},\n{j}"edits": '
                       + (f"[\n{j}  {edits}\n{j}]" if edits else "[]") + f"\n{i}}}")
            sug = f",\n{j}".join([strings.get(x) or string(x) for x in f.suggestions])
            msg = message(f, lang)
            out.append(
                f'{{\n{i}"rule": {strings.get(f.rule) or string(f.rule)},'
                f'\n{i}"category": {strings.get(f.category) or string(f.category)},'
                f'\n{i}"level": {strings.get(f.level) or string(f.level)},'
                f'\n{i}"message": {strings.get(msg) or string(msg)},'
                f'\n{i}"line": {la + 1},\n{i}"column": {a - sa + 1},'
                f'\n{i}"end_line": {lb + 1},\n{i}"end_column": {b - sb + 1},'
                f'\n{i}"offset": {a},\n{i}"end_offset": {b},'
                f'\n{i}"offset_utf16": {ua},\n{i}"end_offset_utf16": {ub},'
                f'\n{i}"offset_bytes": {ba},\n{i}"end_offset_bytes": {bb},'
                f'\n{i}"text": {string(text[a:b])},'
                f'\n{i}"suggestions": ' + (f"[\n{j}{sug}\n{i}]" if sug else "[]") +
                f',\n{i}"fix": {fix},'
                f'\n{i}"source": {strings.get(f.source) or string(f.source)},'
                f'\n{i}"confidence": {"null" if f.confidence is None else self.encode(f.confidence, i)}'
                f'\n{indent}}}')
        return out


def _fallback(value: Any, indent: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)

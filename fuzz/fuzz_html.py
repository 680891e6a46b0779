"""atheris target: the HTML reader (visible text, offset map to the source), the default rules and --fix on it.

Oracle: no exception; every paragraph and finding lies in the visible text; every finding's source range lies
in the page; the fixes leave every tag, attribute and comment byte-identical."""

from __future__ import annotations

import sys

import _common
import atheris

with atheris.instrument_imports(include=["lint"]):
    _common.linter()
    from lint.document import Document
    from lint.fix import fix_document
    from lint.readers.html import tokenize


def tags(source: str) -> list[str]:
    return [source[a:b] for typ, a, b, _ in tokenize(source) if typ != "data"]


def one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    source = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    doc = Document.from_text(source, "f.html", "html")
    assert doc.source_text == source
    for p in doc.paragraphs:
        assert 0 <= p.start <= p.end <= len(doc.text)
    findings = _common.linter().lint(doc)
    _common.check_findings(doc, findings)
    for f in findings:
        a, b = doc.to_source(f.offset, f.end_offset)
        assert 0 <= a <= b <= len(source), (f.rule, a, b)
    fixed, _, _ = fix_document(doc, _common.linter().lint, unsafe=True)
    assert tags(fixed.source_text) == tags(source)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()

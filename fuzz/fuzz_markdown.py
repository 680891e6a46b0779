"""atheris target: the Markdown path (parse, prose spans, sentences, quotations) and the default rules.

Oracle: no exception; every finding's span and fix lie in the text."""

from __future__ import annotations

import sys

import _common
import atheris

with atheris.instrument_imports(include=["lint"]):
    _common.linter()
    from lint.document import Document


def one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    doc = Document.from_text(text, "f.md", "markdown")
    for p in doc.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
    for s in doc.ignored:
        assert 0 <= s.start <= s.end <= len(text)
    _ = doc.sentences, doc.quotations
    _common.check_findings(doc, _common.linter().lint(doc))


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()

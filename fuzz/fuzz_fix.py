"""atheris target: the fixer (safe and unsafe fixes to a fixpoint) on arbitrary plain or Markdown text.

Oracle: no exception; spans and edits in the text; applied edits never overlap; the fixed text encodes."""

from __future__ import annotations

import itertools
import sys

import _common
import atheris

with atheris.instrument_imports(include=["lint"]):
    _common.linter()
    from lint.document import Document
    from lint.fix import applicable, fix_document, select_edits


def one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    markdown, unsafe = fdp.ConsumeBool(), fdp.ConsumeBool()
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    doc = Document.from_text(text, "f.md" if markdown else "f.txt", "markdown" if markdown else "plain")
    lint = _common.linter().lint
    findings = lint(doc)
    _common.check_findings(doc, findings)
    edits = select_edits(applicable(findings, unsafe))
    for a, b in itertools.pairwise(edits):
        assert a.end_offset <= b.offset, (a, b)
    new, _, remaining = fix_document(doc, lint, unsafe)
    _common.check_findings(new, remaining)
    new.encode(new.text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()

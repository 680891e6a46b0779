"""atheris target: decode() and the Document built from it, on arbitrary bytes.

Oracle: decode returns or raises InputError (one line); what it returns encodes back to the same bytes."""

from __future__ import annotations

import sys

import _common  # noqa: F401  (sys.path)
import atheris

with atheris.instrument_imports(include=["lint"]):
    from lint.document import Document, InputError, decode


def one(data: bytes) -> None:
    try:
        text, encoding, bom = decode(data, "f.txt")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    doc = Document.from_text(text, "f.txt", "plain", encoding, bom)
    assert doc.encode(text) == data, (encoding, bom)
    if text:
        doc.byte_offset(len(text))
        doc.line_col(len(text))
    _ = doc.sentences, doc.quotations


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()

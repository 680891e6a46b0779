"""atheris target: the .docx reader on a package whose word/document.xml is fuzzed (the zip around it is
well formed, so the input reaches python-docx and our WordprocessingML walk), or, when the first byte is odd,
on the raw bytes as a whole file.

Oracle: the reader returns a Document or raises InputError with a one-line message naming the file; the default
rules on what it returns give findings inside the text, each with a location."""

from __future__ import annotations

import io
import sys
import zipfile

import _common
import atheris

with atheris.instrument_imports(include=["lint"]):
    _common.linter()
    from lint.document import Document, InputError
    from lint.report.json import location

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def package(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def one(data: bytes) -> None:
    if data[:1] and data[0] & 1:
        raw = data[1:]
    else:
        # the fuzzed part is the body's content (UTF-8, so the seeds' Chinese survives): runs, tables, breaks …
        body = data[1:].decode("utf-8", "replace")
        raw = package(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}'
                      '</w:body></w:document>'.encode())
    try:
        doc = Document.from_bytes(raw, "f.docx", "docx")
    except InputError as exc:
        msg = str(exc)
        assert "\n" not in msg and msg.startswith("f.docx"), msg
        return
    findings = _common.linter().lint(doc)
    _common.check_findings(doc, findings)
    for f in findings:
        loc = location(doc, f.offset)
        assert loc["offset"] >= 0, loc


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()

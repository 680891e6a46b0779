"""The .docx reader: Word documents built with python-docx, findings located by part and paragraph."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from lint import api
from lint.document import Document, InputError
from lint.readers import format_for, get_reader
from lint.report.json import SCHEMA_PATH

from .conftest import run_cli

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return run_cli(*args)  # in-process: the same main() as the command


# A text box as Word writes it: the DrawingML box, and a VML copy of it for old readers.
TEXTBOX = (
    f'<w:r xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml">'
    "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t>"
    "</w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
    "<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>"
    "</mc:Fallback></mc:AlternateContent></w:r>"
)


def _notes(kind: str, texts: list[str]) -> bytes:
    """A footnotes or endnotes part: Word's two separator notes, then one note per text."""
    notes = [f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
             f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
             f"</w:p></w:{kind}>"]
    ref = "footnoteRef" if kind == "footnote" else "endnoteRef"
    for i, t in enumerate(texts, 1):
        notes.append(f'<w:{kind} w:id="{i}"><w:p><w:r><w:{ref}/></w:r><w:r><w:t xml:space="preserve"> {t}</w:t>'
                     f"</w:r></w:p></w:{kind}>")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s xmlns:w="{W}">'
            + "".join(notes) + f"</w:{kind}s>").encode()


def _add_notes(d: Any, kind: str, texts: list[str], paragraph: Any) -> None:
    """python-docx has no footnote API: add the part and the references with its packaging API."""
    ct, rt = (CT.WML_FOOTNOTES, RT.FOOTNOTES) if kind == "footnote" else (CT.WML_ENDNOTES, RT.ENDNOTES)
    part = Part(PackURI(f"/word/{kind}s.xml"), ct, _notes(kind, texts), d.part.package)
    d.part.relate_to(part, rt)
    for i in range(1, len(texts) + 1):
        r = paragraph.add_run()
        r._r.append(OxmlElement(f"w:{kind}Reference", {qn("w:id"): str(i)}))


def article() -> bytes:
    d = docx.Document()
    d.add_heading("全市举行表彰大会", 1)
    p = d.add_paragraph("会上，大家表示要")
    p.add_run("再接").bold = True  # the word is split across two runs with different formatting
    p.add_run("再励").italic = True
    p.add_run("，争取更大成绩,为全市发展作出贡献。")
    _add_notes(d, "footnote", ["据市统计局的数据，去年全市再接再励，增长明显。"], p)
    d.add_paragraph("")  # an empty paragraph (spacing): no line, but it keeps its index
    d.add_paragraph("会议要求各单位加强协调，由宣传部门牵")
    d.add_paragraph("头、各区配合，形成工作合力。")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "项目"
    t.cell(1, 1).text = "各部门要再接再励。"
    soft = d.add_paragraph("第一行。")
    soft.add_run().add_break()
    soft.add_run("记者们再接再励。")
    box = d.add_paragraph("见右侧：")
    box._p.append(parse_xml(TEXTBOX.format(text="链接：各地纷纷再接再励。")))
    d.sections[0].header.paragraphs[0].text = "本报讯 记者再接再励"
    d.sections[0].footer.paragraphs[0].text = "责任编辑：张三"
    _add_notes(d, "endnote", ["本文作者再接再励。"], soft)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("docx") / "article.docx"
    p.write_bytes(article())
    return p


def test_registered_read_only() -> None:
    assert format_for("A.DOCX") == "docx"
    r = get_reader("docx")
    assert r.binary and not r.writable


def test_text_keeps_runs_together_and_separates_paragraphs() -> None:
    doc = Document.from_bytes(article(), "a.docx")
    assert doc.text.split("\n\n")[:4] == [
        "全市举行表彰大会", "会上，大家表示要再接再励，争取更大成绩,为全市发展作出贡献。",
        "会议要求各单位加强协调，由宣传部门牵", "头、各区配合，形成工作合力。"]
    assert len(doc.locations or []) == doc.text.count("\n") + 1  # one entry per line, blank lines too
    kinds = {doc.text[p.start:p.end]: p.kind for p in doc.paragraphs}
    assert kinds["全市举行表彰大会"] == "heading" and kinds["各部门要再接再励。"] == "table"
    assert kinds["本报讯 记者再接再励"] == "header" and kinds["责任编辑：张三"] == "footer"


def test_findings_carry_part_and_paragraph(docx_file: Path) -> None:
    r = run("check", "--format", "json", str(docx_file))
    assert r.returncode == 1, r.stderr.decode()
    out = json.loads(r.stdout)
    jsonschema.validate(out, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    (file,) = out["files"]
    assert file["format"] == "docx"
    typos = sorted((json.dumps(f["location"], sort_keys=True), f["text"])
                   for f in file["findings"] if f["rule"] == "typo.known-wrong-form")

    def loc(**kw: Any) -> str:
        return json.dumps(kw, sort_keys=True)

    assert typos == sorted([
        (loc(part="body", paragraph=1, offset=8), "再接再励"),  # across the bold and the italic run
        (loc(part="table", table=0, row=1, cell=1, paragraph=0, offset=4), "再接再励"),
        (loc(part="body", paragraph=5, offset=8), "再接再励"),  # after a soft line break: offset in the paragraph
        (loc(part="header", section=0, kind="default", paragraph=0, offset=6), "再接再励"),
        (loc(part="textbox", box=0, paragraph=0, offset=7), "再接再励"),  # once, not once more for its VML copy
        (loc(part="footnote", note=1, paragraph=0, offset=14), "再接再励"),
        (loc(part="endnote", note=1, paragraph=0, offset=5), "再接再励"),
    ])
    (comma,) = [f for f in file["findings"] if f["rule"] == "punctuation.half-width"]
    assert comma["location"] == {"part": "body", "paragraph": 1, "offset": 19}
    (broken,) = [f for f in file["findings"] if f["rule"] == "layout.broken-paragraph"]
    assert broken["location"]["part"] == "body" and broken["location"]["paragraph"] == 3  # the empty one is 2
    assert "offset_bytes" not in broken


def test_offsets_index_the_word_paragraph_text() -> None:
    """The location's offset is an index into the paragraph's text as python-docx reads it."""
    data = article()
    d = docx.Document(io.BytesIO(data))
    result = api.lint(data, format="docx", path="a.docx")
    out = api.to_json(result)
    checked = 0
    for f in out["findings"]:
        loc = f["location"]
        if loc["part"] == "body" and f["rule"] in ("typo.known-wrong-form", "punctuation.half-width"):
            text = d.paragraphs[loc["paragraph"]].text
            assert text[loc["offset"]:loc["offset"] + len(f["text"])] == f["text"]
            checked += 1
    assert checked == 3


def test_fix_is_refused_and_the_file_untouched(docx_file: Path) -> None:
    before = docx_file.read_bytes()
    r = run("check", "--fix", str(docx_file))
    err = r.stderr.decode()
    assert r.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "article.docx" in err and "--fix" in err
    assert docx_file.read_bytes() == before


def _one_line(r: subprocess.CompletedProcess[bytes], *needles: str) -> None:
    err = r.stderr.decode()
    assert r.returncode == 2, (r.returncode, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for n in needles:
        assert n in err, err


def _rewrite(data: bytes, name: str, change: Any) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for n in zin.namelist():
            zout.writestr(n, change(zin.read(n)) if n == name else zin.read(n))
    return out.getvalue()


def test_bad_docx_files_are_one_line_errors(tmp_path: Path) -> None:
    cases = {}
    cases["text.docx"] = "这不是 Word 文件。".encode()
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("hello.txt", "hi")
    cases["plainzip.docx"] = z.getvalue()
    cases["cut.docx"] = article()[:3000]
    # An encrypted .docx is an OLE compound file holding an "EncryptedPackage" stream.
    cases["locked.docx"] = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
                            + b"\0" * 500)
    cases["old.docx"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000
    cases["notword.docx"] = _rewrite(article(), "word/document.xml",
                                     lambda x: x.replace(b"<w:document", b"<w:other").replace(b"</w:document>",
                                                                                            b"</w:other>"))
    # Damaged deflate data inside a well-formed zip (found by fuzz/fuzz_docx.py: zlib.error ended the whole run),
    # and a member with the zip encryption flag (zipfile raises RuntimeError on reading it).
    good = article()
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        info = zf.getinfo("word/document.xml")
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    cases["inflate.docx"] = good[:at] + bytes(b ^ 0x5A for b in good[at:at + 64]) + good[at + 64:]
    flagged = bytearray(good)
    central = good.find(b"PK\x01\x02")  # each central directory entry: its flag bits at +8
    while central != -1:
        flagged[central + 8] |= 1  # general purpose bit 0: encrypted
        central = good.find(b"PK\x01\x02", central + 4)
    cases["zipcrypt.docx"] = bytes(flagged)
    expect = {"text.docx": "not a zip", "plainzip.docx": "word/document.xml", "cut.docx": "damaged",
              "locked.docx": "password", "old.docx": ".doc", "notword.docx": "save it again",
              "inflate.docx": "cannot read this .docx", "zipcrypt.docx": "encrypted"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputError):
            Document.from_bytes(data, name)
    r = run("check", *(str(tmp_path / n) for n in cases))  # one line per file, each naming it
    lines = r.stderr.decode().splitlines()
    assert r.returncode == 2 and len(lines) == len(cases) and "Traceback" not in r.stderr.decode(), lines
    for name, line in zip(cases, lines, strict=True):
        assert name in line and expect[name] in line, line
    _one_line(run("check", str(tmp_path / "cut.docx")), "cut.docx", "damaged")


def test_old_formats_are_refused_with_one_line(tmp_path: Path) -> None:
    for name in ("x.doc", "x.wps", "x.pdf"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    _one_line(run("check", str(tmp_path / "x.doc")), "x.doc", "save it as .docx")
    r = run("check", str(tmp_path / "x.wps"), str(tmp_path / "x.pdf"))
    lines = r.stderr.decode().splitlines()
    assert r.returncode == 2 and len(lines) == 2 and "x.wps" in lines[0] and "x.pdf" in lines[1], lines


def test_docx_text_is_not_accepted_as_a_string() -> None:
    with pytest.raises(InputError):
        Document.from_text("再接再励", "a.docx", "docx")


def test_fix_over_a_directory_fixes_the_text_and_reports_the_word_file(docx_file: Path, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "article.docx").write_bytes(docx_file.read_bytes())
    (drafts / "note.txt").write_text("1月6日,省里开会。\n", encoding="utf-8")
    r = run("check", "--fix", "--format", "json", str(drafts))
    assert r.returncode == 1, r.stderr  # findings left in the Word file, no input error
    assert (drafts / "note.txt").read_text(encoding="utf-8") == "1月6日，省里开会。\n"
    assert (drafts / "article.docx").read_bytes() == docx_file.read_bytes()
    assert "article.docx: not fixed" in r.stderr.decode()
    files = {Path(f["path"]).name: f for f in json.loads(r.stdout)["files"]}
    assert files["article.docx"]["findings"]

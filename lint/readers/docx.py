"""Word .docx → text: one Word paragraph per line, a blank line between paragraphs (so paragraph rules
behave as on plain text), in the order body (with its tables), text boxes, headers, footers, footnotes,
endnotes.

python-docx opens the package and its parts; paragraph text is read from the WordprocessingML with the
runs of one paragraph joined (Word splits a word across runs wherever formatting changes), including runs
in tracked insertions, hyperlinks, fields and content controls, excluding deleted text and text boxes.
python-docx has no footnote API: the footnotes and endnotes parts are parsed with its own lxml parser.

``Parsed.locations`` has one entry per line of the text: part, paragraph index within it (tables add
``table``, ``row``, ``cell``; text boxes ``box``; headers and footers ``section`` and ``kind``; notes
``note``, the note's id).
A soft line break inside a Word paragraph starts a new text line whose entry carries ``line_start``, its
offset inside the paragraph; a blank separator line maps to the end of the paragraph before it.
Read only: --fix is refused (``writable = False``).
"""

from __future__ import annotations

import bisect
import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from lint.document import InputError
from lint.readers import Parsed, Reader
from lint.readers.plain import plain_paragraphs

# Unpacked size of a .docx's XML beyond which it is refused (a zip bomb, not an article).
MAX_UNPACKED = 256 * 1024 * 1024
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted .docx or an old .doc


def _fail(path: str, what: str) -> InputError:
    return InputError(f"{path}: {what}")


def _check_container(data: bytes, path: str) -> None:
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _fail(path, "the .docx is password-protected (encrypted); remove the password in Word "
                              "(文件 → 信息 → 保护文档) and save it again")
        raise _fail(path, "an old Word .doc file with a .docx name; open it in Word and save it as .docx")
    if not data.startswith(b"PK"):
        raise _fail(path, "not a Word .docx file (not a zip package); open it in Word and save it as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _fail(path, f"damaged .docx ({exc}); open it in Word and save it again") from None
    if any(i.flag_bits & 0x1 for i in infos):  # zipfile would raise RuntimeError on reading such a member
        raise _fail(path, "the .docx has encrypted parts; remove the password in Word and save it again")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.endswith("document.xml") for n in names):
        raise _fail(path, "a zip file but not a Word document (no word/document.xml or [Content_Types].xml); "
                          "save the article as .docx")
    if sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels"))) > MAX_UNPACKED:
        raise _fail(path, f"unpacks to over {MAX_UNPACKED // (1024 * 1024)} MiB of XML; not an article, exclude it")


class DocxReader(Reader):
    name = "docx"
    binary = True
    writable = False

    def parse(self, text: str) -> Parsed:
        raise _fail("<input>", "a .docx is a binary file: pass its bytes (format docx), not text")

    def parse_bytes(self, data: bytes, path: str) -> Parsed:
        _check_container(data, path)
        try:
            document = docx.Document(io.BytesIO(data))
            blocks = list(_blocks(document))
        except (KeyError, ValueError, zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, OSError, EOFError,
                OpcError, AttributeError, TypeError, NotImplementedError) as exc:
            # a damaged or hand-made package, not a bug of ours (zlib.error: damaged deflate data;
            # NotImplementedError: a zip compression method zipfile lacks)
            why = " ".join(str(exc).split())[:80]
            raise _fail(path, f"cannot read this .docx ({type(exc).__name__}: {why}); "
                              "open it in Word and save it again") from None
        return _assemble(blocks)


def _assemble(blocks: list[tuple[str, dict[str, Any]]]) -> Parsed:
    lines: list[str] = []
    locations: list[dict[str, Any]] = []
    prev: tuple[str, dict[str, Any]] | None = None
    for text, loc in blocks:
        if not text.strip():
            continue  # an empty Word paragraph (spacing): no line, its index still counts
        if prev is not None:
            lines.append("")
            locations.append({**prev[1], "line_start": len(prev[0])})
        start = 0
        for i, line in enumerate(text.split("\n")):
            lines.append(line)
            locations.append({**loc, "line_start": start} if i else dict(loc))
            start += len(line) + 1
        prev = (text, loc)
    text = "\n".join(lines)
    paragraphs = plain_paragraphs(text)
    # Kinds: a line takes its Word paragraph's kind (heading, table, header …).
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out = []
    for p in paragraphs:
        li = bisect.bisect_right(starts, p.start) - 1
        kind = locations[li].get("kind_", "paragraph")
        out.append(type(p)(p.start, p.end, kind))
    for loc in locations:
        loc.pop("kind_", None)
    return Parsed(text, out, locations=locations)


# ---- WordprocessingML ------------------------------------------------------------------------------
_W_P, _W_R, _W_T, _W_TBL, _W_TR, _W_TC = (qn(t) for t in ("w:p", "w:r", "w:t", "w:tbl", "w:tr", "w:tc"))
_W_SDT, _W_BR, _W_CR = qn("w:sdt"), qn("w:br"), qn("w:cr")
_TABS = {qn("w:tab"), qn("w:ptab")}
_NOT_TEXT = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), _W_P}
_WRAPPERS = {qn("w:ins"), qn("w:customXml"), qn("w:smartTag")}


def paragraph_text(p: Any) -> str:
    """The text of a w:p: every run's text (tabs, line breaks) in order, wherever the run is nested
    (hyperlinks, insertions, fields, content controls), except deleted text, text boxes and nested paragraphs."""
    out = []
    for r in p.iter(_W_R):
        node = r.getparent()
        while node is not None and node is not p and node.tag not in _NOT_TEXT:
            node = node.getparent()
        if node is not p:
            continue
        for e in r:
            tag = e.tag
            if tag == _W_T:
                out.append(e.text or "")
            elif tag in _TABS:
                out.append("\t")
            elif tag == _W_BR:
                if e.get(qn("w:type")) in (None, "textWrapping"):
                    out.append("\n")
            elif tag == _W_CR:
                out.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                out.append("-")
    return "".join(out)


def _kind(p: Any, styles: dict[str, str], default: str) -> str:
    if default != "paragraph":
        return default
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        return default
    ps = ppr.find(qn("w:pStyle"))
    name = styles.get(ps.get(qn("w:val"), ""), "") if ps is not None else ""
    if name.startswith(("heading", "title", "subtitle")) or ppr.find(qn("w:outlineLvl")) is not None:
        return "heading"
    if ppr.find(qn("w:numPr")) is not None or name.startswith("list"):
        return "list"
    return default


def _walk(container: Any, base: dict[str, Any], styles: dict[str, str], kind: str,
          counter: dict[str, int] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(text, location) of each paragraph in a body, header, footer, note or cell, tables included."""
    counter = counter if counter is not None else {"paragraph": 0, "table": 0}
    for child in container:
        tag = child.tag
        if tag == _W_P:
            loc = {**base, "paragraph": counter["paragraph"], "kind_": _kind(child, styles, kind)}
            counter["paragraph"] += 1
            yield paragraph_text(child), loc
        elif tag == _W_TBL:
            ti = counter["table"]
            counter["table"] += 1
            tbase = {**base, "part": "table" if base["part"] == "body" else base["part"], "table": ti}
            # Rows of this table (a nested table's rows are reached through its cell).
            rows = [tr for tr in child.iter(_W_TR) if child in (tr.getparent(), tr.getparent().getparent())]
            for ri, tr in enumerate(rows):
                for ci, tc in enumerate(c for c in tr if c.tag in (_W_TC, _W_SDT)):
                    cell = tc if tc.tag == _W_TC else tc.find(f".//{_W_TC}")
                    if cell is None:
                        continue
                    yield from _walk(cell, {**tbase, "row": ri, "cell": ci}, styles, "table",
                                     {"paragraph": 0, "table": 0})
        elif tag == _W_SDT:  # a content control around blocks
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _walk(content, base, styles, kind, counter)
        elif tag in _WRAPPERS:
            yield from _walk(child, base, styles, kind, counter)


def _blocks(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    styles = {}
    for s in document.styles.element.iter(qn("w:style")):
        name = s.find(qn("w:name"))
        styles[s.get(qn("w:styleId"), "")] = (name.get(qn("w:val"), "") if name is not None else "").lower()
    body = document.element.body
    yield from _walk(body, {"part": "body"}, styles, "paragraph")
    # Text boxes (a sidebar, a caption), once each: Word writes a VML copy of each in mc:Fallback.
    boxes = [t for t in body.iter(qn("w:txbxContent")) if not any(a.tag == _MC_FALLBACK for a in t.iterancestors())]
    for bi, box in enumerate(boxes):
        yield from _walk(box, {"part": "textbox", "box": bi}, styles, "textbox")
    seen: set[int] = set()
    for part_name in ("header", "footer"):
        for si, section in enumerate(document.sections):
            for kind, attr in (("default", ""), ("first", "first_page_"), ("even", "even_page_")):
                hf = getattr(section, f"{attr}{part_name}")
                if hf.is_linked_to_previous:
                    continue  # no definition of its own: the previous section's (already read)
                part = hf.part
                if id(part) in seen:
                    continue
                seen.add(id(part))
                yield from _walk(part.element, {"part": part_name, "section": si, "kind": kind}, styles, part_name)
    for reltype, part_name, tag in ((RT.FOOTNOTES, "footnote", "w:footnote"), (RT.ENDNOTES, "endnote", "w:endnote")):
        for rel in document.part.rels.values():
            if rel.reltype != reltype or rel.is_external:
                continue
            part = rel.target_part
            root = part.element if hasattr(part, "element") else parse_xml(part.blob)
            for note in root.iter(qn(tag)):
                if note.get(qn("w:type"), "normal") != "normal":
                    continue  # separators
                yield from _walk(note, {"part": part_name, "note": int(note.get(qn("w:id"), "0"))}, styles,
                                 part_name)


READER = DocxReader()

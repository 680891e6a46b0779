"""The document model: decoding, prose spans, paragraphs, sentences and offset maps.

Offsets are code points into ``Document.text`` (the decoded file, newlines kept as
they were, BOM removed). Every other unit (line/column, UTF-16, bytes) is derived here
and nowhere else.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

from lint import readers
from lint.chars import CLOSERS, SENTENCE_END
from lint.offsets import OffsetMap, TextIndex
from lint.spans import Paragraph, Sentence, Span, Spans, merge_ranges, merge_spans

__all__ = ["MAX_BYTES", "Document", "InputError", "Paragraph", "Sentence", "Span", "Spans", "decode",
           "merge_ranges", "quoted_spans", "split_sentences"]

Markup = str  # a reader name: plain, markdown, html, docx … (lint.readers.READERS)
MAX_BYTES = 20 * 1024 * 1024


# Opening -> closing marks whose content is someone else's words, and title marks.
QUOTATION_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’"}
QUOTE_PAIRS = {**QUOTATION_PAIRS, "《": "》", "〈": "〉"}


class InputError(Exception):
    """A file newslint cannot read; the message is one line meant for the user."""


# Control characters other than tab, newline, carriage return and form feed mark binary data.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# Byte-order marks newslint reads, and writes back as they were.
BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
_WIDE_RE = re.compile("[^\x00-\u07ff]")  # U+0800 and above: the same set, 50× cheaper to compile
_NON_ASCII_RE = re.compile("[^\x00-\x7f]")
# What GBK bytes read as UTF-8 turn into and real text almost never has: C1 controls, Latin
# Extended-B, IPA, spacing modifiers, combining marks, archaic Greek and Coptic, historic/extended
# Cyrillic, Armenian, Hebrew cantillation marks, Syriac, NKo.
_RARE_2BYTE_RE = re.compile("[\u0080-\u009f\u0180-\u0385\u03cf-\u03ff\u0460-\u058f\u0591-\u05af\u0700-\u07ff]")


def check_size(data: bytes, name: str) -> None:
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name}: file is {len(data) // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit;"
            " split it or exclude it in .newslint.yaml"
        )


def decode(data: bytes, name: str = "<input>") -> tuple[str, str, bool]:
    """Return (text, encoding, had_bom). UTF-16 with a BOM, UTF-8, then GB18030; anything else is an error.

    Bytes that are valid UTF-8 are read as UTF-8, except when the UTF-8 reading has no character
    beyond U+07FF (real Chinese in UTF-8 always has: every Han character takes three bytes), looks
    like GBK misread (a character GBK bytes turn into and text hardly ever uses, or letters of two
    scripts mixed) and the GB18030 reading is common Chinese (GB2312 Han and CJK marks only): then
    it is GBK text whose bytes happen to be valid UTF-8, as short GBK text often is."""
    check_size(data, name)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise InputError(f"{name}: UTF-32 text; convert it to UTF-8, e.g. with iconv -f UTF-32 -t UTF-8")
    for encoding in ("utf-16-le", "utf-16-be"):
        if data.startswith(BOMS[encoding]):
            try:
                text = data[2:].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: UTF-16 with a byte-order mark but broken at byte {exc.start + 2};"
                                 " re-save it as UTF-8") from None
            return _text_only(text, name), encoding, True
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16:
            raise InputError(f"{name}: looks like {utf16} text without a byte-order mark; convert it to UTF-8,"
                             f" e.g. with iconv -f {utf16} -t UTF-8")
        raise InputError(f"{name}: looks like a binary file (NUL bytes); exclude it or convert it to UTF-8 text")
    bom = data.startswith(BOMS["utf-8"])
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
        encoding = "utf-8"
        if not bom and _gbk_read_as_utf8(data, text):
            text, encoding = data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: neither UTF-8 nor GB18030 (bad byte at {exc.start}); convert it to UTF-8, e.g. with iconv"
            ) from None
    return _text_only(text, name), encoding, bom


def _text_only(text: str, name: str) -> str:
    if _CONTROL_RE.search(text):
        raise InputError(f"{name}: contains control characters, probably not text; convert it to UTF-8 text")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16LE or UTF-16BE when the NUL bytes all sit at odd or all at even offsets (ASCII
    characters, newlines and digits in UTF-16) and the bytes decode that way to text."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even and odd:
        return None
    encoding = "utf-16-le" if odd else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL_RE.search(text) else encoding.upper().replace("16-", "16")


def _gbk_read_as_utf8(data: bytes, text: str) -> bool:
    """True when valid UTF-8 bytes are far likelier GBK Chinese (see decode)."""
    if _WIDE_RE.search(text):
        return False
    odd = _NON_ASCII_RE.findall(text)
    if not odd:
        return False
    scripts = {unicodedata.name(c, "?").split()[0] for c in odd if ord(c) >= 0x100}
    if not _RARE_2BYTE_RE.search(text) and len(scripts) < 2 and not any(
            unicodedata.category(c) in ("Cn", "Co") for c in odd):
        return False
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = _NON_ASCII_RE.findall(gb)
    return any("\u4e00" <= c <= "\u9fff" for c in wide) and all(
        ("\u4e00" <= c <= "\u9fff" or c >= "\u2000") and _in_gb2312(c) for c in wide)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# A URL stops at whitespace, quotes, CJK characters and full-width punctuation; trailing ASCII
# punctuation is given back to the sentence (`见www.people.com.cn,欢迎` keeps its comma as prose).
_URL_RE = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—]+"
)


def _url_spans(text: str) -> list[Span]:
    out = []
    for m in _URL_RE.finditer(text):
        url = m.group()
        while url and url[-1] in ".,;:!?)]" and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            url = url[:-1]
        out.append(Span(m.start(), m.start() + len(url)))
    return out


# Starts only where a run of address characters starts: linear on a long run with no @ (the bare
# pattern retried the run from each of its characters, quadratic).
_EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


@dataclass
class Document:
    text: str
    path: str = "-"
    encoding: str = "utf-8"
    bom: bool = False
    markup: Markup = "plain"
    # Code-point ranges that are not prose (code, URLs, markup, comments); findings there are dropped.
    ignored: list[Span] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    # Set when ``text`` is derived from a source (HTML's visible text): the decoded source and the map to it.
    source: str | None = None
    offsets: OffsetMap | None = None
    # Per line of text, where it came from in a binary source (.docx): part, paragraph index …
    locations: list[dict[str, Any]] | None = None
    meta: dict[str, str] = field(default_factory=dict)
    # Results the rules share for this document (rules.memo): here, not in module globals, so that
    # lints of different documents in different threads never see each other's.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str, path: str = "-", markup: Markup = "plain", encoding: str = "utf-8",
                  bom: bool = False) -> Document:
        """``text`` is the decoded content of a file in format ``markup`` (for HTML: the page source)."""
        return cls.from_parsed(readers.get_reader(markup).parse(text), path, markup, encoding, bom)

    @classmethod
    def from_parsed(cls, parsed: readers.Parsed, path: str, markup: Markup, encoding: str = "utf-8",
                    bom: bool = False) -> Document:
        text = parsed.text
        doc = cls(text=text, path=path, encoding=encoding, bom=bom, markup=markup, paragraphs=parsed.paragraphs,
                  source=parsed.source, offsets=parsed.offsets, locations=parsed.locations, meta=parsed.meta)
        ignored = list(parsed.ignored)
        ignored.extend(_url_spans(text))
        for rx in (_COMMENT_RE, _EMAIL_RE):
            ignored.extend(Span(m.start(), m.end()) for m in rx.finditer(text))
        doc.ignored = merge_spans(ignored)
        return doc

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "-", markup: Markup | None = None) -> Document:
        markup = markup or readers.format_for(path)
        reader = readers.get_reader(markup)
        if reader.binary:
            check_size(data, path)
            return cls.from_parsed(reader.parse_bytes(data, path), path, markup, "binary", False)
        text, encoding, bom = decode(data, path)
        return cls.from_text(text, path, markup, encoding, bom)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (to and from --jobs workers) without the rules' per-document cache."""
        return {**self.__dict__, "cache": {}}

    @property
    def source_text(self) -> str:
        """The decoded file: the source when the linted text is derived from one, else the text itself."""
        return self.text if self.source is None else self.source

    @property
    def writable(self) -> bool:
        return readers.get_reader(self.markup).writable

    @classmethod
    def from_path(cls, path: str | Path, markup: Markup | None = None) -> Document:
        """Read a file the way `check` reads it (lint.files: regular files only, at most the size limit)."""
        from lint.files import read_bounded  # files imports this module for InputError

        return cls.from_bytes(read_bounded(path, MAX_BYTES), str(path), markup)

    # Attributes built on first use that release() may drop (read again, they are built again).
    RELEASABLE: ClassVar[frozenset[str]] = frozenset({"sentences", "quotations"})

    def release(self, names: Iterable[str]) -> None:
        """Drop per-document state no later reader needs (Kind.RELEASES): the rules.memo results whose key
        starts with a name ending in "." and the RELEASABLE attributes named. Nothing else changes: what is
        read again is built again, the same."""
        names = tuple(names)
        prefixes = tuple(n for n in names if n.endswith("."))
        if prefixes:
            for key in [k for k in self.cache if k.startswith(prefixes)]:
                del self.cache[key]
        for n in names:
            if n in self.RELEASABLE:
                self.__dict__.pop(n, None)

    # ---- prose queries ------------------------------------------------------------------------
    @cached_property
    def _ignored_starts(self) -> list[int]:
        return [s.start for s in self.ignored]

    def is_ignored(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a non-prose range (an empty span counts at its position)."""
        end = max(end, start + 1)
        i = bisect.bisect_right(self._ignored_starts, end - 1) - 1
        return i >= 0 and self.ignored[i].end > start

    @cached_property
    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for pi, para in enumerate(self.paragraphs):
            out.extend(Sentence(a, b, pi) for a, b in split_sentences(self.text, para.start, para.end))
        return out

    @cached_property
    def quotations(self) -> Spans:
        """Spans inside quotation marks (“…”, 「…」), marks included; titles in 《》 are not."""
        return Spans(merge_ranges(s for p in self.paragraphs
                                  for s in quoted_spans(self.text, p.start, p.end, QUOTATION_PAIRS)))

    @cached_property
    def _paragraph_starts(self) -> array[int]:
        return array("q", [p.start for p in self.paragraphs])

    @cached_property
    def _paragraphs_in_order(self) -> bool:
        """Each paragraph ends before the next starts (every reader's output; a hand-built list may not)."""
        paras = self.paragraphs
        return all(paras[k].end <= paras[k + 1].start for k in range(len(paras) - 1))

    def paragraph_at(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if i >= 0 and offset < max(self.paragraphs[i].end, self.paragraphs[i].start + 1):
            return i
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        if "sentences" not in self.__dict__ and self._paragraphs_in_order:
            # The sentences of the paragraph holding offset, not the whole list (released after the
            # rules that read it, Document.release): the same Sentence, as sentences are split per paragraph.
            i = bisect.bisect_right(self._paragraph_starts, offset) - 1
            if i < 0 or offset >= self.paragraphs[i].end:
                return None
            para = self.paragraphs[i]
            found = None
            for a, b in split_sentences(self.text, para.start, para.end):
                if a > offset:
                    break
                found = (a, b)
            return Sentence(found[0], found[1], i) if found and offset < found[1] else None
        sents = self.sentences
        i = bisect.bisect_right([s.start for s in sents], offset) - 1
        if i >= 0 and offset < sents[i].end:
            return sents[i]
        return None

    # ---- offset maps: the linted text (``index``) and the file (``source_index``) ---------------
    @cached_property
    def index(self) -> TextIndex:
        return TextIndex(self.text, self.encoding, self.bom)

    @cached_property
    def source_index(self) -> TextIndex:
        return self.index if self.source is None else TextIndex(self.source, self.encoding, self.bom)

    @property
    def line_starts(self) -> array[int]:
        return self.index.line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of an offset into the text."""
        return self.index.line_col(offset)

    def offset_of(self, line: int, column: int) -> int:
        """Inverse of line_col."""
        return self.index.offset_of(line, column)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        a = starts[line - 1]
        b = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[a:b].rstrip("\r")

    def utf16(self, offset: int) -> int:
        return self.index.utf16(offset)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Code points of text[start:end] in the source (the same numbers when the text is the source)."""
        if self.offsets is None:
            return start, end
        return self.offsets.source_range(start, end)

    def source_line_col(self, offset: int, end: bool = False) -> tuple[int, int]:
        """Line and column in the file (what an editor shows) of a text offset."""
        if self.offsets is None:
            return self.index.line_col(offset)
        pos = self.offsets.to_source_end(offset) if end else self.offsets.to_source(offset)
        return self.source_index.line_col(pos)

    def byte_offset(self, offset: int, end: bool = False) -> int:
        """Offset into the original file's bytes (BOM included) in the file's own encoding."""
        if self.encoding == "binary":
            return -1
        if self.offsets is not None:
            offset = self.offsets.to_source_end(offset) if end else self.offsets.to_source(offset)
        return self.source_index.byte_offset(offset)

    def encode(self, text: str) -> bytes:
        """Encode text (the source) back the way the file was stored (same encoding, same BOM)."""
        return (BOMS.get(self.encoding, b"") if self.bom else b"") + text.encode(self.encoding)


_SENT_RE = re.compile(f"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[{re.escape(CLOSERS)}]*|$)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences ending in 。！？… and any closing quotes or brackets."""
    end = len(text) if end is None else end
    out = []
    for m in _SENT_RE.finditer(text, start, end):
        a, b = m.start(), m.end()
        while a < b and text[a] in " \t\u3000":
            a += 1
        if a < b:
            out.append((a, b))
    return out


def quoted_spans(text: str, start: int, end: int,
                 pairs: dict[str, str] = QUOTE_PAIRS) -> list[tuple[int, int]]:
    """Spans inside quotation or title marks (``pairs``) within one paragraph, marks included.

    A closing mark with no opener means the quote began in an earlier paragraph (a quote that runs
    over several paragraphs, or a paragraph broken by layout): quoted from the paragraph start.
    An opener never closed runs to the paragraph end."""
    closers = {c: o for o, c in pairs.items()}
    out: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i in range(start, end):
        ch = text[i]
        if ch in pairs:
            stack.append((ch, i))
        elif ch in closers:
            opener = closers[ch]
            while stack and stack[-1][0] != opener:
                stack.pop()  # unbalanced inner mark: drop it
            if stack:
                _, a = stack.pop()
                if not stack:
                    out.append((a, i + 1))
            elif ch != "》" and ch != "〉":
                out.append((start, i + 1))
    if stack:
        out.append((stack[0][1], end))
    return out

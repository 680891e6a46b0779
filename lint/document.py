"""The document model: decoding, prose spans, paragraphs, sentences and offset maps.

Offsets are code points into ``Document.text`` (the decoded file, newlines kept as
they were, BOM removed). Every other unit (line/column, UTF-16, bytes) is derived here
and nowhere else.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from lint.chars import CLOSERS, SENTENCE_END

Markup = Literal["plain", "markdown"]
MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text"} | MARKDOWN_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024


# Opening -> closing marks whose content is someone else's words, and title marks.
QUOTATION_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’"}
QUOTE_PAIRS = {**QUOTATION_PAIRS, "《": "》", "〈": "〉"}


class InputError(Exception):
    """A file newslint cannot read; the message is one line meant for the user."""


# Control characters other than tab, newline, carriage return and form feed mark binary data.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, name: str = "<input>") -> tuple[str, str, bool]:
    """Return (text, encoding, had_bom). UTF-8 first, then GB18030; anything else is an error."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name}: file is {len(data) // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit;"
            " split it or exclude it in .newslint.yaml"
        )
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (NUL bytes); exclude it or convert it to UTF-8 text")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: neither UTF-8 nor GB18030 (bad byte at {exc.start}); convert it to UTF-8, e.g. with iconv"
            ) from None
    if _CONTROL_RE.search(text):
        raise InputError(f"{name}: contains control characters, probably not text; convert it to UTF-8 text")
    return text, encoding, bom


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph(Span):
    """A block of prose. ``kind`` is paragraph, heading, list, quote or table (Markdown only)."""

    kind: str = "paragraph"


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int = 0


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


_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
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
    # Results the rules share for this document (rules.memo): here, not in module globals, so that
    # lints of different documents in different threads never see each other's.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str, path: str = "-", markup: Markup = "plain", encoding: str = "utf-8",
                  bom: bool = False) -> Document:
        doc = cls(text=text, path=path, encoding=encoding, bom=bom, markup=markup)
        if markup == "markdown":
            from lint.markdown import parse_markdown

            doc.paragraphs, ignored = parse_markdown(text)
        else:
            doc.paragraphs, ignored = _plain_paragraphs(text), []
        ignored.extend(_url_spans(text))
        for rx in (_COMMENT_RE, _EMAIL_RE):
            ignored.extend(Span(m.start(), m.end()) for m in rx.finditer(text))
        doc.ignored = _merge(ignored)
        return doc

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "-", markup: Markup | None = None) -> Document:
        text, encoding, bom = decode(data, path)
        return cls.from_text(text, path, markup or markup_for(path), encoding, bom)

    @classmethod
    def from_path(cls, path: str | Path, markup: Markup | None = None) -> Document:
        p = Path(path)
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{p}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{p}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})") from None
        return cls.from_bytes(data, str(path), markup)

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

    def paragraph_at(self, offset: int) -> int | None:
        i = bisect.bisect_right([p.start for p in self.paragraphs], offset) - 1
        if i >= 0 and offset < max(self.paragraphs[i].end, self.paragraphs[i].start + 1):
            return i
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        sents = self.sentences
        i = bisect.bisect_right([s.start for s in sents], offset) - 1
        if i >= 0 and offset < sents[i].end:
            return sents[i]
        return None

    # ---- offset maps --------------------------------------------------------------------------
    @cached_property
    def line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    @cached_property
    def _astral(self) -> list[int]:
        return [i for i, ch in enumerate(self.text) if ord(ch) > 0xFFFF]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of an offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def offset_of(self, line: int, column: int) -> int:
        """Inverse of line_col."""
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        a = self.line_starts[line - 1]
        b = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[a:b].rstrip("\r")

    def utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    @cached_property
    def _line_bytes(self) -> list[int]:
        out, total = [], 3 if self.bom else 0
        starts = self.line_starts
        for i, a in enumerate(starts):
            out.append(total)
            b = starts[i + 1] if i + 1 < len(starts) else len(self.text)
            total += len(self.text[a:b].encode(self.encoding))
        return out

    def byte_offset(self, offset: int) -> int:
        """Offset into the original file's bytes (BOM included) in the file's own encoding."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return self._line_bytes[line] + len(self.text[self.line_starts[line]:offset].encode(self.encoding))

    def encode(self, text: str) -> bytes:
        """Encode text back the way the file was stored (same encoding, same BOM)."""
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode(self.encoding)


def markup_for(path: str) -> Markup:
    return "markdown" if Path(path).suffix.lower() in MARKDOWN_SUFFIXES else "plain"


def _plain_paragraphs(text: str) -> list[Paragraph]:
    """In plain copy every non-blank line is a paragraph (Chinese copy does not hard-wrap)."""
    out = []
    for m in re.finditer(r"[^\n]*", text):
        line = m.group()
        stripped = line.strip(" \t\r\u3000")
        if stripped:
            lead = len(line) - len(line.lstrip(" \t\r\u3000"))
            out.append(Paragraph(m.start() + lead, m.start() + lead + len(stripped)))
    return out


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


class Spans:
    """Membership tests for sorted, merged (start, end) spans (merge_ranges output)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def covers(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside one span."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.spans[i][1]


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching (start, end) ranges merged into disjoint ones."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _merge(spans: list[Span]) -> list[Span]:
    return [Span(a, b) for a, b in merge_ranges((s.start, s.end) for s in spans)]


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

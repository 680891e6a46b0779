"""Readers: one module per input format, registered once here.

A reader turns a file's content into ``Parsed``: the text the rules see, its prose paragraphs, the ranges that
are not prose, and, where the linted text is derived from the source (HTML's visible text, a Word file's
paragraphs), a map back to the source. Adding a format is one module defining ``READER`` plus one line in
``READERS`` (or ``register``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from lint.offsets import OffsetMap
from lint.spans import Paragraph, Span


@dataclass
class Parsed:
    text: str
    paragraphs: list[Paragraph]
    ignored: list[Span] = field(default_factory=list)
    # The decoded source when ``text`` is derived from it (HTML); None when text is the source.
    source: str | None = None
    offsets: OffsetMap | None = None
    # Per line of ``text`` (a binary source such as .docx): where that line came from, for reports.
    locations: list[dict[str, Any]] | None = None
    # Facts a reader found about the article (e.g. ``date`` from Markdown front matter).
    meta: dict[str, str] = field(default_factory=dict)


class Reader:
    name: ClassVar[str] = ""
    # Reads the raw bytes itself (a zip container) instead of decoded text.
    binary: ClassVar[bool] = False
    # --fix may write fixes back into the source.
    writable: ClassVar[bool] = True

    def parse(self, text: str) -> Parsed:
        raise NotImplementedError

    def parse_bytes(self, data: bytes, path: str) -> Parsed:
        raise NotImplementedError

    def escape(self, replacement: str) -> str:
        """A fix's replacement as it must be written into the source (HTML escapes ``<`` and ``&``)."""
        return replacement

    def makes_markup(self, source: str, start: int, end: int, replacement: str) -> bool:
        """Whether writing ``replacement`` (escaped) over ``source[start:end]`` would turn text into markup."""
        return False


@dataclass(frozen=True)
class ReaderInfo:
    module: str
    suffixes: tuple[str, ...]
    help: str


READERS: dict[str, ReaderInfo] = {
    "plain": ReaderInfo("lint.readers.plain", (".txt", ".text"), "plain text: every non-blank line is a paragraph"),
    "markdown": ReaderInfo("lint.readers.markdown", (".md", ".markdown"),
                           "Markdown: prose only (no front matter, code, HTML, URLs or link targets)"),
    "html": ReaderInfo("lint.readers.html", (".html", ".htm", ".xhtml"),
                       "HTML: the visible text (no script, style, code, comments or attributes; alt/title apart)"),
    "docx": ReaderInfo("lint.readers.docx", (".docx",),
                       "Word .docx: body, tables, headers, footers, footnotes and endnotes; read only"),
}

# Formats newslint cannot read, with what to do instead (named, exit 2, when given explicitly).
REFUSED: dict[str, str] = {
    ".doc": "old Word binary format; save it as .docx (Word: 另存为 → Word 文档 .docx) and lint that",
    ".wps": "WPS binary format; save it as .docx in WPS and lint that",
    ".pdf": "PDF is not read; export the article to .docx or .txt and lint that",
    ".rtf": "RTF is not read; save it as .docx or .txt and lint that",
    ".odt": "OpenDocument is not read; save it as .docx and lint that",
    ".pages": "Pages is not read; export it to .docx and lint that",
}
for _ext in (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"):
    REFUSED[_ext] = "an image; newslint does no OCR: lint the article's text instead"

_loaded: dict[str, Reader] = {}


def register(name: str, module: str, suffixes: tuple[str, ...], help: str) -> None:
    READERS[name] = ReaderInfo(module, tuple(s.lower() for s in suffixes), help)
    _loaded.pop(name, None)


def get_reader(name: str) -> Reader:
    r = _loaded.get(name)
    if r is None:
        info = READERS.get(name)
        if info is None:
            raise ValueError(f"unknown format {name!r}; known: {', '.join(READERS)}")
        r = _loaded[name] = importlib.import_module(info.module).READER
    return r


def suffixes() -> set[str]:
    """Every suffix a directory walk lints."""
    return {s for info in READERS.values() for s in info.suffixes}


def format_for(path: str, default: str = "plain") -> str:
    """The reader for a path by suffix; ``default`` for unknown suffixes (a file named explicitly)."""
    suffix = Path(path).suffix.lower()
    for name, info in READERS.items():
        if suffix in info.suffixes:
            return name
    return default


def refused(path: str) -> str | None:
    """What to do with a file of a format newslint does not read, or None."""
    return REFUSED.get(Path(path).suffix.lower())

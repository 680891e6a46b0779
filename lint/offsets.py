"""Offset conversions. Code points are the internal unit; everything else is derived here.

``TextIndex`` converts code points of one string to line/column, UTF-16 units and bytes.
``OffsetMap`` maps a text a reader derived from its source (HTML's visible text) back to source code points,
like LanguageTool's ``AnnotatedText``.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class TextIndex:
    text: str
    encoding: str = "utf-8"
    bom: bool = False

    # The tables are arrays of machine ints, not lists: a 10 MB file has ~100,000 lines, and a list holds an
    # int object per line (~40 B against 8).
    @cached_property
    def line_starts(self) -> array[int]:
        return array("q", [0, *(m.end() for m in re.finditer("\n", self.text))])

    @cached_property
    def _astral(self) -> array[int]:
        return array("q", [i for i, ch in enumerate(self.text) if ord(ch) > 0xFFFF])

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of an offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def offset_of(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    def utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    @cached_property
    def _line_bytes(self) -> array[int]:
        bom = len("\ufeff".encode(self.encoding)) if self.bom else 0
        out, total = array("q"), bom
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


@dataclass
class OffsetMap:
    """Segments of a derived text, each copied verbatim from the source, standing for a source range
    (an entity, a ``<br>``), or inserted with no source (a paragraph break), anchored at a source position."""

    _text_starts: list[int] = field(default_factory=list)
    _src_starts: list[int] = field(default_factory=list)
    _src_ends: list[int] = field(default_factory=list)
    _lengths: list[int] = field(default_factory=list)
    _verbatim: list[bool] = field(default_factory=list)
    # False for verbatim text a fix must not edit (an attribute value, a comment).
    _editable: list[bool] = field(default_factory=list)
    length: int = 0

    def copy(self, src_start: int, length: int, editable: bool = True) -> None:
        """text[length:length+n] == source[src_start:src_start+n]; ``editable=False``: never edited by a fix."""
        if length <= 0:
            return
        if (self._verbatim and self._verbatim[-1] and self._editable[-1] == editable
                and self._src_ends[-1] == src_start and self._text_starts[-1] + self._lengths[-1] == self.length):
            self._src_ends[-1] += length
            self._lengths[-1] += length
        else:
            self._add(src_start, src_start + length, length, True, editable)
        self.length += length

    def replace(self, src_start: int, src_end: int, length: int, editable: bool = False) -> None:
        """``length`` characters of text stand for source[src_start:src_end] (decoded or inserted).
        ``editable``: the source range is text too (an entity), so a fix may replace it as a whole."""
        if length <= 0:
            return
        self._add(src_start, src_end, length, False, editable)
        self.length += length

    def _add(self, a: int, b: int, n: int, verbatim: bool, editable: bool) -> None:
        self._text_starts.append(self.length)
        self._src_starts.append(a)
        self._src_ends.append(b)
        self._lengths.append(n)
        self._verbatim.append(verbatim)
        self._editable.append(editable)

    def _seg(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._text_starts, offset) - 1)

    def to_source(self, offset: int) -> int:
        """Source position of a start offset."""
        if not self._text_starts:
            return offset
        i = self._seg(offset)
        rel = offset - self._text_starts[i]
        if rel >= self._lengths[i]:
            return self._src_ends[i]
        if self._verbatim[i]:
            return self._src_starts[i] + rel
        return self._src_starts[i]

    def to_source_end(self, offset: int) -> int:
        """Source position of an end offset (exclusive): the end of the segment holding offset - 1."""
        if not self._text_starts or offset <= 0:
            return self.to_source(offset)
        i = self._seg(offset - 1)
        rel = offset - self._text_starts[i]
        if self._verbatim[i]:
            return self._src_starts[i] + min(rel, self._lengths[i])
        return self._src_ends[i]

    def verbatim_at(self, offset: int) -> bool:
        """text[offset] was copied verbatim from the source (so source[to_source(offset)] is that character)."""
        if not self._text_starts:
            return True
        i = self._seg(offset)
        return self._verbatim[i] and offset - self._text_starts[i] < self._lengths[i]

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.to_source(start)
            return s, s
        a = self.to_source(start)
        # Text placed out of source order (HTML's alt texts after the body) never yields an inverted range.
        return a, max(a, self.to_source_end(end))

    def verbatim_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The source range an edit of text[start:end] may replace, else None (it would cross markup,
        split an entity, or touch text marked not editable): a range inside verbatim text, or over whole
        editable segments (entities) and verbatim text that follow each other in the source. An insertion
        (start == end) may sit at either end of a verbatim segment."""
        if not self._text_starts:
            return start, end
        if start == end:
            cands = [self._seg(start)]
            if start > 0:
                cands.append(self._seg(start - 1))
            for i in cands:
                a = self._text_starts[i]
                if self._verbatim[i] and self._editable[i] and a <= start <= a + self._lengths[i]:
                    return self._src_starts[i] + start - a, self._src_starts[i] + start - a
            return None
        i, j = self._seg(start), self._seg(end - 1)
        if not all(self._editable[k] for k in range(i, j + 1)):
            return None
        if any(self._src_ends[k] != self._src_starts[k + 1] for k in range(i, j)):
            return None  # markup (or a collapsed blank) between them
        if self._verbatim[i]:
            a = self._src_starts[i] + start - self._text_starts[i]
        elif start == self._text_starts[i]:
            a = self._src_starts[i]
        else:
            return None  # inside a decoded entity
        if self._verbatim[j]:
            b = self._src_starts[j] + end - self._text_starts[j]
        elif end == self._text_starts[j] + self._lengths[j]:
            b = self._src_ends[j]
        else:
            return None
        return a, b

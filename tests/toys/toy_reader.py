"""A toy reader for the registry test: `key: value` lines, only the values are prose."""

from __future__ import annotations

from lint.offsets import OffsetMap
from lint.readers import Parsed, Reader
from lint.spans import Paragraph


class KeyValueReader(Reader):
    name = "keyvalue"

    def parse(self, text: str) -> Parsed:
        out, paras, offsets, pos = [], [], OffsetMap(), 0
        for line in text.splitlines(keepends=True):
            key, sep, value = line.partition(": ")
            if sep:
                value = value.rstrip("\n")
                if out:
                    offsets.replace(pos, pos, 2)
                    out.append("\n\n")
                start = sum(len(s) for s in out)
                offsets.copy(pos + len(key) + 2, len(value))
                out.append(value)
                paras.append(Paragraph(start, start + len(value)))
            pos += len(line)
        return Parsed("".join(out), paras, source=text, offsets=offsets)


READER = KeyValueReader()

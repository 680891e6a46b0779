"""Plain text: every non-blank line is a paragraph (Chinese copy does not hard-wrap)."""

from __future__ import annotations

import re

from lint.readers import Parsed, Reader
from lint.spans import Paragraph

_LINE_RE = re.compile(r"[^\n]*")
_BLANK = " \t\r\u3000"


def plain_paragraphs(text: str) -> list[Paragraph]:
    out = []
    for m in _LINE_RE.finditer(text):
        line = m.group()
        stripped = line.strip(_BLANK)
        if stripped:
            lead = len(line) - len(line.lstrip(_BLANK))
            out.append(Paragraph(m.start() + lead, m.start() + lead + len(stripped)))
    return out


class PlainReader(Reader):
    name = "plain"

    def parse(self, text: str) -> Parsed:
        return Parsed(text, plain_paragraphs(text))


READER = PlainReader()

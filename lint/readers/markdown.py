"""Markdown → prose: which blocks are paragraphs, which ranges are code, markup or links.

markdown-it-py gives block structure with line maps; inline constructs (code spans, tags,
link targets) are located with regexes on the block's own lines, since markdown-it does not
report inline source offsets.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from lint.readers import Parsed, Reader
from lint.spans import Paragraph, Span

_md = MarkdownIt("commonmark").enable("table")

_FRONT_MATTER_RE = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n.*?\n\1[ \t]*(?:\r?\n|\Z)", re.S)
# Inline non-prose: code spans, HTML tags, link/image targets, autolinks, reference definitions.
_INLINE_RE = re.compile(
    r"(`+).+?\1"  # code span
    r"|<[A-Za-z/!][^<>\n]*>"  # HTML tag or autolink
    r"|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"  # ](target "title")
    r"|^\s{0,3}\[[^\]]+\]:\s*\S+.*$",  # [ref]: target
    re.M,
)
# Container and heading markers at the start of a line inside a block.
_PREFIX_RE = re.compile(
    r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?(?:#{1,6}[ \t]+)?"
)
_PIPE_RE = re.compile(r"\||^[ \t|:-]+$", re.M)
_DATE_RE = re.compile(r"^date:[ \t]*['\"]?(\d{4}-\d{1,2}-\d{1,2})", re.M)
_KIND = {"heading_open": "heading", "list_item_open": "list", "blockquote_open": "quote", "table_open": "table"}


def parse_markdown(text: str) -> tuple[list[Paragraph], list[Span]]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_start(i: int) -> int:
        return line_starts[i] if i < len(line_starts) else len(text)

    ignored: list[Span] = []
    body = text
    fm = _FRONT_MATTER_RE.match(text)
    if fm:
        ignored.append(Span(0, fm.end()))
        # Blank the front matter out (same length, same lines) so markdown-it sees only the body.
        body = re.sub(r"[^\n]", " ", fm.group()) + text[fm.end():]

    paragraphs: list[Paragraph] = []
    stack: list[str] = []
    for tok in _md.parse(body):
        if tok.nesting == 1:
            stack.append(_KIND.get(tok.type, ""))
        elif tok.nesting == -1:
            stack.pop()
        if tok.type in ("fence", "code_block", "html_block") and tok.map:
            ignored.append(Span(line_start(tok.map[0]), line_start(tok.map[1])))
        elif tok.type == "inline" and tok.map:
            kind = next((k for k in reversed(stack) if k), "paragraph")
            l0, l1 = tok.map
            a, b = line_start(l0), line_start(l1)
            for i in range(l0, l1):
                ls, le = line_start(i), line_start(i + 1)
                m = _PREFIX_RE.match(text, ls, le)
                if m and m.end() > ls:
                    ignored.append(Span(ls, m.end()))
            first = _PREFIX_RE.match(text, a, b)
            start = first.end() if first else a
            end = b
            while end > start and text[end - 1] in "\r\n \t#":
                end -= 1
            if kind == "table":
                ignored.extend(Span(m.start(), m.end()) for m in _PIPE_RE.finditer(text, a, b))
            for m in _INLINE_RE.finditer(text, a, b):
                ignored.append(Span(m.start(), m.end()))
            if end > start:
                paragraphs.append(Paragraph(start, end, kind))
    return paragraphs, [s for s in ignored if s.end > s.start]


class MarkdownReader(Reader):
    name = "markdown"

    def parse(self, text: str) -> Parsed:
        paragraphs, ignored = parse_markdown(text)
        meta = {}
        fm = _FRONT_MATTER_RE.match(text)
        if fm and (d := _DATE_RE.search(fm.group())):
            meta["date"] = d.group(1)
        return Parsed(text, paragraphs, ignored, meta=meta)


READER = MarkdownReader()

"""HTML → the visible text a reader sees, with a map back to the HTML source.

The tokenizer is the standard library's ``html.parser.HTMLParser``: of the well-kept parsers it is the one
that reports where every token starts (``getpos``) and hands text over verbatim; lxml, lexbor (selectolax)
and html5lib build trees without source offsets. Character references are decoded here, not by the parser
(its reference handling in Python 3.11 turns the rest of a page into text after a stray ``&#``): the parser
reads a copy of the page with every ``&`` replaced by ``_`` (same length, same lines), and text runs are
read back from the source by position.

Visible text: block elements (p, h1–h6, li, td, div …) are separated by a blank line, ``<br>`` is a line
break, inline elements (strong, a, span …) join their text to the words around them, whitespace collapses
as a browser collapses it (a line break between two CJK characters disappears), entities are decoded.
script, style, code, pre, textarea, template, noscript, the head, comments and attributes are not prose.
``alt`` and ``title`` texts follow the body as paragraphs of kind "alt" / "title" (mapped into the
attribute value; never edited by --fix). Suppression comments (``<!-- newslint-disable… -->``) are kept in
the visible text, as an ignored span, so they work as in Markdown; ``disable-next-line`` applies to the
next line of visible text.
"""

from __future__ import annotations

import html
import html.entities
import html.parser
import re
import unicodedata
from collections.abc import Callable, Iterator

from lint.offsets import OffsetMap
from lint.readers import Parsed, Reader
from lint.spans import Paragraph, Span

# Elements whose start or end separates paragraphs.
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "td", "th", "ul",
})
# Elements whose content is not prose.
SKIP = frozenset({
    "script", "style", "pre", "textarea", "template", "noscript", "head", "title", "svg", "math", "iframe",
    "object", "select", "datalist", "rt", "rp",
})
# Inline code: kept in the visible text (so the words either side do not join) as an ignored span.
CODE = frozenset(["code", "kbd", "samp", "var", "tt"])
# Skipped elements that also break the line (block-level in a browser).
SKIP_BLOCK = frozenset(["pre", "textarea"])
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
    "track", "wbr",
})
KIND = {**{f"h{i}": "heading" for i in range(1, 7)}, "li": "list", "dt": "list", "dd": "list",
        "blockquote": "quote", "td": "table", "th": "table", "caption": "table", "figcaption": "caption"}
# An open element the start tag closes (HTML's implied end tags), unless a barrier is open inside it.
_IMPLIED = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"}),
}

_P = frozenset(["p"])
_WS = " \t\n\r\f"  # HTML's collapsible whitespace (not U+00A0, not U+3000)
_RUN_RE = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")
_HAS_WS_RE = re.compile(r"[ \t\n\r\f]")
# A character reference, as html.unescape finds them.
_REF_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_HTML5 = html.entities.html5
_DIRECTIVE_RE = re.compile(r"\s*newslint-(disable-next-line|disable-line|disable|enable)\b")
# How html.parser ends a comment: "-->" and "--  >" (3.11), "--!>" and "<!-->" (newer versions).
_COMMENT_CLOSE_RE = re.compile(r"-*!?\s*>")
# Paragraph edges: blanks a paragraph does not start or end with (an &nbsp; or U+3000 indent).
_EDGE = " \t\r\u3000\u00a0"
_MARKUP_START_RE = re.compile(r"<[A-Za-z/!?]")


def _reference(name: str, attribute: bool, after: str) -> tuple[str, int] | None:
    """(decoded text, length consumed after ``&``) for ``&name``, or None when it is not a reference.
    Mirrors html.unescape (the longest legacy name without ``;``); inside an attribute a legacy name
    followed by a letter, digit or ``=`` stays literal, as in the HTML standard."""
    if name[0] == "#":
        return html.unescape("&" + name), len(name)
    if name in _HTML5:
        if not name.endswith(";") and attribute and (after[:1].isalnum() or after[:1] == "="):
            return None
        return _HTML5[name], len(name)
    for x in range(len(name) - 1, 1, -1):
        if name[:x] in _HTML5:
            if attribute:
                return None  # the next character is part of the name run: a letter or digit
            return _HTML5[name[:x]], x
    return None


def pieces(source: str, start: int, end: int, attribute: bool = False) -> Iterator[tuple[str, int, int, bool]]:
    """(text, source start, source end, verbatim) for source[start:end]: verbatim runs and decoded references."""
    pos = start
    for m in _REF_RE.finditer(source, start, end):
        ref = _reference(m.group(1), attribute, source[m.end():m.end() + 1])
        if ref is None:
            continue
        decoded, used = ref
        a, b = m.start(), m.start() + 1 + used
        if b > end:
            continue
        if a > pos:
            yield source[pos:a], pos, a, True
        yield decoded, a, b, decoded == source[a:b]
        pos = b
    if pos < end:
        yield source[pos:end], pos, end, True


def _wide(ch: str) -> bool:
    """East Asian wide or full-width, not Hangul: a line break between two such characters renders as nothing."""
    if not ch or unicodedata.east_asian_width(ch) not in "WF":
        return False
    return not ("\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff")


class _Tokenizer(html.parser.HTMLParser):
    """Records tokens with absolute source offsets: (type, start, end, name, extra)."""

    def __init__(self, copy: str) -> None:
        super().__init__(convert_charrefs=False)
        self.copy = copy
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", copy)]
        self.tokens: list[tuple[str, int, int, str]] = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = self._pos()
        self.tokens.append(("start", a, a + len(self.get_starttag_text() or ""), tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = self._pos()
        b = a + len(self.get_starttag_text() or "")
        self.tokens.append(("start", a, b, tag))
        if tag not in VOID:  # <div/> in XHTML: an empty element
            self.tokens.append(("end", b, b, tag))

    def handle_endtag(self, tag: str) -> None:
        a = self._pos()
        gt = self.copy.find(">", a)
        self.tokens.append(("end", a, len(self.copy) if gt < 0 else gt + 1, tag))

    def handle_data(self, data: str) -> None:
        a = self._pos()
        self.tokens.append(("data", a, a + len(data), ""))

    def handle_comment(self, data: str) -> None:
        a = self._pos()
        if self.copy.startswith("<!--", a):
            m = _COMMENT_CLOSE_RE.match(self.copy, a + 4 + len(data))
            b = m.end() if m else a + 4 + len(data)
            self.tokens.append(("comment", a, b, data))
        # bogus comments (<!x>, </3>, <?pi>) are markup and say nothing


def tokenize(source: str) -> list[tuple[str, int, int, str]]:
    copy = source.replace("&", "_").replace("<![", "<!_")  # no references, CDATA as a bogus comment
    t = _Tokenizer(copy)
    t.feed(copy)
    t.close()
    return t.tokens


# Attribute name and value positions inside a start tag, with the regexes html.parser itself uses.
# (Module internals; Python 3.11's versions stand in should a later release rename them.)
_TAGFIND = getattr(html.parser, "tagfind_tolerant", re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*"))
_ATTRFIND = getattr(html.parser, "attrfind_tolerant", re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"))


def attribute_values(copy: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """(name, value start, value end) of each attribute of the start tag copy[start:end], quotes excluded."""
    m = _TAGFIND.match(copy, start + 1, end)
    if not m:
        return
    k = m.end()
    while k < end:
        am = _ATTRFIND.match(copy, k, end)
        if not am or am.end() == k:
            return
        if am.group(3) is not None:
            a, b = am.span(3)
            if copy[a:a + 1] in "'\"" and b - a >= 2 and copy[b - 1] == copy[a]:
                a, b = a + 1, b - 1
            yield am.group(1).lower(), a, b
        k = am.end()


class _Builder:
    """Assembles the visible text, its offset map, paragraphs and ignored spans."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.map = OffsetMap()
        self.paragraphs: list[Paragraph] = []
        self.ignored: list[Span] = []
        self.kind = "paragraph"
        # The kind of the open element, asked when a paragraph starts (None: ``kind`` holds it).
        self.kind_of: Callable[[], str] | None = None
        # Pending line breaks (count, source anchor), and whether the count is fixed (after disable-next-line).
        self.pend_nl = 0
        self.pend_src: tuple[int, int] | None = None
        self.pend_exact = False
        # A collapsed space waiting for the next content: (source start, end, has a line break, is one " ").
        self.pend_space: tuple[int, int, bool, bool] | None = None
        self.line_has_content = False
        self.last = ""
        self.para_start: int | None = None
        self.para_end = 0
        self.para_kind = "paragraph"

    # ---- output -----------------------------------------------------------------------------
    def _put(self, s: str, a: int, b: int, verbatim: bool, editable: bool = True) -> int:
        """Append s standing for source[a:b]: copied, or decoded text (an entity, collapsed blanks) that a fix
        may replace whole when ``editable``; inserted line breaks are put with ``editable=False``."""
        at = self.length
        if verbatim:
            self.map.copy(a, len(s), editable=editable)
        else:
            self.map.replace(a, b, len(s), editable=editable)
        self.parts.append(s)
        self.length += len(s)
        return at

    def _close_paragraph(self) -> None:
        if self.para_start is not None and self.para_end > self.para_start:
            self.paragraphs.append(Paragraph(self.para_start, self.para_end, self.para_kind))
        self.para_start = None

    def request_break(self, n: int, a: int, b: int, add: bool = False) -> None:
        """A block boundary (n=2) or ``<br>`` (n=1, ``add``: each one adds a line) at source[a:b]."""
        self.pend_space = None
        if not self.pend_exact:
            self.pend_nl = min(2, self.pend_nl + n) if add else max(self.pend_nl, n)
        self.pend_src = (a, b) if self.pend_src is None else (self.pend_src[0], max(self.pend_src[1], b))

    def _flush(self) -> None:
        if self.pend_nl:
            if self.length:
                self._close_paragraph()
                a, b = self.pend_src or (0, 0)
                self._put("\n" * self.pend_nl, a, b, False, editable=False)
                self.line_has_content = False
                self.last = "\n"
            self.pend_nl, self.pend_src, self.pend_exact = 0, None, False

    def space(self, a: int, b: int, raw: str) -> None:
        if self.line_has_content and self.pend_space is None and not self.pend_nl:
            self.pend_space = (a, b, "\n" in raw or "\r" in raw, raw == " ")

    def content(self, s: str, a: int, b: int, verbatim: bool, editable: bool = True, ignored: bool = False) -> None:
        if self.pend_nl:
            self._flush()
        if self.pend_space is not None:
            sa, sb, broken, single = self.pend_space
            self.pend_space = None
            if not (broken and _wide(self.last) and _wide(s[0])):
                self._put(" ", sa, sb, single, editable)
        at = self._put(s, a, b, verbatim, editable)
        self.line_has_content = True
        self.last = s[-1]
        if ignored:
            self.ignored.append(Span(at, at + len(s)))
        stripped = s.strip(_EDGE)
        if stripped:
            lead = len(s) - len(s.lstrip(_EDGE))
            if self.para_start is None:
                self.para_start = at + lead
                self.para_kind = self.kind if self.kind_of is None else self.kind_of()
            self.para_end = at + lead + len(stripped)

    def text(self, start: int, end: int, attribute: bool = False, editable: bool = True,
             ignored: bool = False) -> None:
        """Source text source[start:end]: references decoded, whitespace collapsed."""
        for s, a, b, verbatim in pieces(self.source, start, end, attribute):
            if not verbatim:
                if not s:
                    continue
                if not s.strip(_WS):
                    self.space(a, b, s)
                else:
                    self.content(s, a, b, False, editable, ignored)
                continue
            if not _HAS_WS_RE.search(s):
                self.content(s, a, b, True, editable, ignored)
                continue
            for m in _RUN_RE.finditer(s):
                ra = a + m.start()
                if m.group()[0] in _WS:
                    self.space(ra, ra + len(m.group()), m.group())
                else:
                    self.content(m.group(), ra, ra + len(m.group()), True, editable, ignored)

    def directive(self, a: int, b: int, next_line: bool) -> None:
        """A suppression comment: kept verbatim (never edited) as an ignored span."""
        self.pend_space = None
        if next_line:
            self._flush()
        at = self._put(self.source[a:b], a, b, True, editable=False)
        self.ignored.append(Span(at, at + b - a))
        self.last = ">"
        if next_line:  # the next content starts the line the comment applies to
            self._close_paragraph()
            self.pend_nl, self.pend_src, self.pend_exact = 1, (b, b), True

    def finish(self) -> None:
        self.pend_nl, self.pend_exact = 0, False
        self._close_paragraph()


def visible_text(source: str) -> Parsed:
    b = _Builder(source)
    copy = source.replace("&", "_")
    stack: list[str] = []
    skip = 0  # open elements in SKIP
    code = 0  # open elements in CODE
    attrs: list[tuple[str, int, int]] = []

    def kind() -> str:
        return next((KIND[t] for t in reversed(stack) if t in KIND), "paragraph")

    b.kind_of = kind

    def pop_to(i: int) -> None:
        nonlocal skip, code
        for t in stack[i:]:
            skip -= t in SKIP
            code -= t in CODE
        del stack[i:]

    def last_open(names: set[str] | frozenset[str], barriers: set[str] | frozenset[str]) -> int:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i] in names:
                return i
            if stack[i] in barriers:
                return -1
        return -1

    for typ, a, e, name in tokenize(source):
        if typ == "data":
            if skip:
                continue
            if e - a > 1 and _MARKUP_START_RE.match(source, a):
                continue  # an unterminated tag or comment the parser gave back as text
            b.text(a, e, editable=not code, ignored=bool(code))
        elif typ == "start":
            if name in _IMPLIED:
                names, barriers = _IMPLIED[name]
                i = last_open(names, barriers)
                if i >= 0:
                    pop_to(i)
            if name in BLOCK:
                i = last_open(_P, BLOCK)
                if i >= 0:
                    pop_to(i)
            if not skip:
                if name in BLOCK or name in SKIP_BLOCK:
                    b.request_break(2, a, e)
                elif name == "br":
                    b.request_break(1, a, e, add=True)
                for attr, va, vb in attribute_values(copy, a, e):
                    if attr in ("alt", "title") and source[va:vb].strip():
                        attrs.append((attr, va, vb))
            if name not in VOID:
                stack.append(name)
                skip += name in SKIP
                code += name in CODE
        elif typ == "end":
            if name in stack:
                was_skipped = bool(skip)
                pop_to(len(stack) - 1 - stack[::-1].index(name))
                if was_skipped and not skip and name in SKIP_BLOCK:
                    b.request_break(2, a, e)
            if skip:
                continue
            if name in BLOCK:
                b.request_break(2, a, e)
            elif name == "br":  # </br> is a <br> to a browser
                b.request_break(1, a, e, add=True)
        elif typ == "comment" and not skip:
            m = _DIRECTIVE_RE.match(name)
            if m:
                b.directive(a, e, m.group(1) == "disable-next-line")
    b.kind_of = None
    for attr, va, vb in attrs:
        b.request_break(2, va, va)
        b.kind = attr
        b.text(va, vb, attribute=True, editable=False)
    b.finish()
    return Parsed("".join(b.parts), b.paragraphs, b.ignored, source=source, offsets=b.map)


class HtmlReader(Reader):
    name = "html"

    def parse(self, text: str) -> Parsed:
        return visible_text(text)

    def escape(self, replacement: str) -> str:
        return html.escape(replacement, quote=False)

    def makes_markup(self, source: str, start: int, end: int, replacement: str) -> bool:
        # A stray "<" or "&" in the text stays text only while what follows cannot start a tag or a reference:
        # "<Ａ" fixed to "<A" would open a tag, "&ａｍｐ;" fixed to "&amp;" would become one.
        after = (replacement + source[end:end + 1])[:1]
        if not after:
            return False
        before = source[start - 1:start]
        if before == "<":
            return (after.isascii() and after.isalpha()) or after in "/!?"
        return before == "&" and ((after.isascii() and after.isalnum()) or after == "#")


READER = HtmlReader()

__all__ = ["READER", "HtmlReader", "attribute_values", "pieces", "tokenize", "visible_text"]

"""Property tests (hypothesis) over the whole default rule set on arbitrary text.

Text mixes Han, ASCII and full-width punctuation, LF/CRLF/CR, astral characters, combining marks,
bidi and zero-width controls, HTML and Markdown fragments, and the built-in rules' own bad examples
(so that fixes fire). Properties: no exception; every finding's span lies in the text, its reported
`text` is that slice, and its line/column, UTF-16 and byte offsets agree with re-encodings; the edits
fix_document applies never overlap and leave the text outside them as it was; after the fixes no safe
fix is left (idempotence).

Default: NEWSLINT_PROPERTY_EXAMPLES (150) examples per property. The long run (issue 12):

    NEWSLINT_PROPERTY_EXAMPLES=5000 python -m pytest tests/test_properties.py -q
"""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.document import BOMS, Document, InputError, Markup
from lint.engine import Linter
from lint.finding import Edit, Finding
from lint.fix import MAX_PASSES, applicable, apply_edits, select_edits
from lint.report.json import finding_dict
from lint.rules import builtin_packs, load_packs

EXAMPLES = int(os.environ.get("NEWSLINT_PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 150,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

HAN = "的一是在了不和有大这中人上为们地个国以我到他会作来分生对于学下年发成部民可出能方进说政三好十无农" \
      "再接厉震撼憾截止至致歉谢亿万元月日星期周零〇第章节版记者摄报讯电"
PUNCT = "，。、；：？！“”‘’（）《》【】—…·～,.;:?!()\"'-~%％/　 \t"
ODD = ["𠮷", "𡈼", "😀", "𝐀", "\u0301", "\u0308", "e\u0301", "\u202e", "\u202c", "\u200f", "\u2066", "\u2069",
       "\u200b", "\u200d", "\ufeff", "\u00ad", "\u3000\u3000", "\uff21", "\u00a0"]
NEWLINES = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]
MARKUP = ["<b>", "</b>", "<p>", "</p>", "<br/>", "<!-- x -->", "&amp;", "&#x4e2d;", "<a href='http://x.cn'>",
          "# ", "## ", "**", "*", "_", "`", "`code`", "```\n", "```", "[链接](http://www.people.com.cn)",
          "> ", "- ", "1. ", "|a|b|\n|-|-|\n", "---\n", "---\ntitle: x\n---\n", "    ", "\\", "[^1]",
          "<!-- newslint-disable-line typo -->", "<!-- newslint-disable -->", "<!-- newslint-enable -->",
          "http://www.people.com.cn/a,b", "news@people.cn", "www.x.com。"]
EXAMPLES_TEXT = sorted({ex.text for r in load_packs(builtin_packs()) for ex in r.bad if ex.text})

fragment = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=8),
    st.text(alphabet=HAN + PUNCT + "0123456789０１２abcXYZ", min_size=1, max_size=12),
    st.sampled_from(list(PUNCT)),
    st.sampled_from(ODD),
    st.sampled_from(NEWLINES),
    st.sampled_from(MARKUP),
    st.sampled_from(EXAMPLES_TEXT),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=6),  # anything else a file may hold
)
texts = st.lists(fragment, max_size=30).map("".join)
markups = st.sampled_from(["plain", "markdown"])


# Counterexamples in code other helpers own, reported to the lead; their rules are left out of the span
# checks until fixed (each has an xfail test below that turns into a pass when it is).
KNOWN_BROKEN: dict[str, str] = {}  # number.sum-total's reversed span, found here, is fixed (issue 12)
LINTER: Linter | None = None


@pytest.fixture(autouse=True)
def _linter(linter: Linter) -> None:
    """The session linter as a global: hypothesis would print a fixture argument with every example."""
    global LINTER
    LINTER = linter


def _lint(doc: Document) -> list[Finding]:
    assert LINTER is not None
    return [f for f in LINTER.lint(doc) if f.rule not in KNOWN_BROKEN]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """Line and column recomputed from the text, independently of Document."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_findings(doc: Document, findings: list[Finding]) -> None:
    text = doc.text
    for f in findings:
        assert 0 <= f.offset <= f.end_offset <= len(text), (f.rule, f.offset, f.end_offset)
        d = finding_dict(doc, f)
        assert d["text"] == text[f.offset:f.end_offset] and len(d["text"]) == f.end_offset - f.offset
        for key, off in (("", f.offset), ("end_", f.end_offset)):
            # line and column are positions in the file: for HTML, at the finding's source offsets
            line, col = (_line_col(text, off) if doc.offsets is None
                         else _line_col(doc.source_text, d[f"source_{key}offset"]))
            assert (d[f"{key}line"], d[f"{key}column"]) == (line, col), f.rule
            assert d[f"{key}offset_utf16"] == len(text[:off].encode("utf-16-le")) // 2, f.rule
            in_file = text[:off] if doc.offsets is None else doc.source_text[:d[f"source_{key}offset"]]
            assert d[f"{key}offset_bytes"] == len(doc.encode(in_file)), f.rule
        if f.fix:
            assert f.fix.edits, f.rule
            for e in f.fix.edits:
                assert 0 <= e.offset <= e.end_offset <= len(text), (f.rule, e)


def _no_overlap(edits: list[Edit]) -> None:
    for a, b in itertools.pairwise(edits):
        assert a.end_offset <= b.offset, (a, b)
        assert not (a.offset == a.end_offset == b.offset == b.end_offset), (a, b)  # two insertions at one point


def _outside_kept(old: str, new: str, edits: list[Edit]) -> None:
    """new is old with each edit's span replaced and nothing else changed."""
    pos, last = 0, 0
    for e in edits:
        keep = old[last:e.offset]
        assert new[pos:pos + len(keep)] == keep
        pos += len(keep)
        assert new[pos:pos + len(e.replacement)] == e.replacement
        pos += len(e.replacement)
        last = e.end_offset
    assert new[pos:] == old[last:]


@SETTINGS
@given(text=texts, markup=markups)
def test_lint_never_fails_and_spans_agree(text: str, markup: Markup) -> None:
    doc = Document.from_text(text, "p.md" if markup == "markdown" else "p.txt", markup)
    _check_findings(doc, _lint(doc))


@SETTINGS
@given(text=texts, encoding=st.sampled_from(["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "gb18030"]))
def test_byte_offsets_agree_with_the_file_bytes(text: str, encoding: str) -> None:
    enc, bom = encoding.removesuffix("-bom"), encoding.endswith("-bom") or encoding.startswith("utf-16")
    try:
        data = (BOMS[enc] if bom else b"") + text.encode(enc)
    except UnicodeEncodeError:
        return
    try:
        doc = Document.from_bytes(data, "p.txt")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    if bom:
        assert (doc.text, doc.encoding, doc.bom) == (text, enc, True)
    assert doc.encode(doc.text) == data
    findings = _lint(doc)
    _check_findings(doc, findings)
    for f in findings:
        assert doc.byte_offset(f.offset) == len(data) - len(doc.text[f.offset:].encode(doc.encoding))


@SETTINGS
@given(text=texts, markup=markups, unsafe=st.booleans())
def test_fixes_never_overlap_keep_the_rest_and_converge(text: str, markup: Markup, unsafe: bool) -> None:
    doc = Document.from_text(text, "p.md" if markup == "markdown" else "p.txt", markup)
    findings = _lint(doc)
    for _ in range(MAX_PASSES):
        todo = applicable(findings, unsafe)
        if not todo:
            break
        edits = select_edits(todo)
        _no_overlap(edits)
        new, n = apply_edits(doc.text, todo)
        assert n >= 1
        _outside_kept(doc.text, new, edits)
        doc = Document.from_text(new, doc.path, doc.markup)
        findings = _lint(doc)
        _check_findings(doc, findings)
    # idempotence: once the safe fixes are in, linting again offers none
    if not unsafe:
        assert applicable(findings, unsafe=False) == [], [(f.rule, f.offset) for f in findings if f.fix]


# ---- counterexamples found here, in code owned elsewhere --------------------------------------------------
def test_sum_total_span_is_ordered(linter: Linter) -> None:
    doc = Document.from_text(":全县新建小学5所、初中3所，共9所。", "p.txt")
    found = [f for f in linter.lint(doc) if f.rule == "number.sum-total"]
    assert found and all(f.offset <= f.end_offset for f in found)


def test_a_run_of_rare_doubled_characters_is_cheap(linter: Linter) -> None:
    # typo.repeated-overlap used to segment such a run with jieba's POS Viterbi, which tries all 256 states on a
    # character missing from its tables (~20 ms each: 100 characters took 3 s, found by fuzz/fuzz_fix.py).
    # Measured against a run of common characters with as many candidate pairs, in the same process.
    import time

    rules = [r for r in linter.rules if r.id == "typo.repeated-overlap"]

    def cost(text: str) -> float:
        doc = Document.from_text(text, "p.txt")
        best = float("inf")
        for _ in range(3):
            t = time.process_time()
            linter.lint(doc, rules)
            best = min(best, time.process_time() - t)
        return best

    common = cost("清廉廉洁" * 25 + "，" + "宽阔阔大" * 250)
    assert cost("僥" + "偐" * 99 + "，" + "偐" * 1000) < 10 * common + 0.05


# ---- the same properties through the HTML reader (issue 12, item 6) ----------------------------------------
HTML_MARKUP = ["<p>", "</p>", "<strong>", "</strong>", "<em>", "</em>", "<br>", "<br/>", "<li>", "</li>", "<h2>",
               "</h2>", "<div class='a'>", "</div>", "<span>", "</span>", "<td>", "</td>", "<blockquote>",
               "&amp;", "&nbsp;", "&#x4E2D;", "&#20013;", "&lt;", "&ldquo;", "&rdquo;", "&ampx", "&#", "&", "<", ">",
               "<!-- c -->", "<!-- newslint-disable-next-line typo -->", "<!--", "-->", "<script>var a='<p>';",
               "</script>", "<style>p{}</style>", "<code>x</code>", "<pre>", "</pre>", "<img alt='图&amp;注'>",
               "<a title=\"说明\" href='x'>", "</a>", "<![CDATA[", "]]>", "<!DOCTYPE html>", "</>", "<p"]
html_texts = st.lists(st.one_of(fragment, st.sampled_from(HTML_MARKUP), st.sampled_from(HTML_MARKUP)),
                      max_size=30).map("".join)


def _html_tags(source: str) -> list[str]:
    """Every token of the page that is not text, as written: what a fix must leave byte-identical."""
    from lint.readers.html import tokenize

    return [source[a:b] for typ, a, b, _ in tokenize(source) if typ != "data"]


@SETTINGS
@given(source=html_texts)
def test_html_findings_lie_in_the_text_and_in_the_source(source: str) -> None:
    doc = Document.from_text(source, "p.html", "html")
    assert doc.source_text == source
    findings = _lint(doc)
    _check_findings(doc, findings)
    for f in findings:
        d = finding_dict(doc, f)
        a, b = d["source_offset"], d["source_end_offset"]
        assert 0 <= a <= b <= len(source), (f.rule, a, b)
        assert d["source_offset_utf16"] == len(source[:a].encode("utf-16-le")) // 2
        # a source range with no markup and no reference holds the finding's text, up to collapsed white space
        # (blanks fold to one space, and a line break between two wide characters to nothing)
        raw = source[a:b]
        if "<" not in raw and "&" not in raw:
            assert "".join(raw.split()) == "".join(d["text"].split()), (f.rule, raw, d["text"])


@SETTINGS
@given(source=html_texts, unsafe=st.booleans())
def test_html_fixes_keep_every_tag_and_converge(source: str, unsafe: bool) -> None:
    from lint.fix import fix_document

    assert LINTER is not None
    doc = Document.from_text(source, "p.html", "html")
    fixed, _, findings = fix_document(doc, _lint, unsafe=unsafe)
    assert _html_tags(fixed.source_text) == _html_tags(source)
    _check_findings(fixed, findings)
    if not unsafe:  # idempotence, as for plain text
        again = Document.from_text(fixed.source_text, "p.html", "html")
        left = [f for f in _lint(again) if f.fix is not None and f.fix.safety == "safe"]
        from lint.fix import in_source

        assert in_source(again, left) == [], [(f.rule, f.offset) for f in left]

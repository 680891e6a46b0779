"""The HTML reader: visible text, offsets into the HTML source, fixes that leave markup alone."""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.document import Document
from lint.engine import Linter
from lint.finding import Finding
from lint.readers import format_for, get_reader
from lint.readers.html import tokenize, visible_text

from .conftest import run_cli

# A CMS fragment: inline markup inside a word, a script, an image with alt text, entities, a <br>.
CMS = (
    '<div class="article">\n'
    "  <h2>全市举行表彰大会</h2>\n"
    "  <p>会上，大家表示要<strong>再接再</strong>励，争取更大成绩,为全市发展作出贡献。</p>\n"
    '  <script type="text/javascript">var tip = "再接再励,布署";</script>\n'
    '  <p>A&amp;B公司负责人说：&ldquo;我们会<em>认真</em>布署明年的工作。&rdquo;<br>'
    "会议还部署了下一阶段的任务。</p>\n"
    '  <img src="/p/1.jpg" alt="工人们在车间里再接再励地工作">\n'
    "</div>\n"
)
# The same copy as a plain-text file: what a reader would type from the rendered page.
CMS_PLAIN = (
    "全市举行表彰大会\n\n"
    "会上，大家表示要再接再励，争取更大成绩,为全市发展作出贡献。\n\n"
    "A&B公司负责人说：“我们会认真布署明年的工作。”\n"
    "会议还部署了下一阶段的任务。\n\n"
    "工人们在车间里再接再励地工作"
)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return run_cli(*args, stdin=stdin)  # in-process: the same main() as the command


def html_doc(source: str) -> Document:
    return Document.from_text(source, "t.html", "html")


def shape(doc: Document, findings: list[Finding]) -> list[tuple[str, str]]:
    return sorted((f.rule, doc.text[f.offset:f.end_offset]) for f in findings)


def test_registered_for_html_suffixes() -> None:
    assert {format_for(p) for p in ("a.html", "a.HTM", "a.xhtml")} == {"html"}
    assert get_reader("html").escape("<a & b>") == "&lt;a &amp; b&gt;"


def test_cms_fragment_gives_the_plain_text_findings_with_exact_source_offsets(linter: Linter) -> None:
    doc = html_doc(CMS)
    assert doc.text == CMS_PLAIN
    found = linter.lint(doc)
    plain = Document.from_text(CMS_PLAIN, "t.txt")
    assert shape(doc, found) == shape(plain, linter.lint(plain))
    rules = {r for r, _ in shape(doc, found)}
    assert {"typo.known-wrong-form", "punctuation.half-width"} <= rules
    slices = set()
    for f in found:
        a, b = doc.to_source(f.offset, f.end_offset)
        piece = CMS[a:b]
        slices.add(piece)
        # The source slice starts and ends on the finding's own characters (no tag, no blank around it) ...
        assert CMS[a] == doc.text[f.offset] and CMS[b - 1] == doc.text[f.end_offset - 1]
        # ... and renders as the finding's text.
        assert visible_text(piece).text == doc.text[f.offset:f.end_offset]
    assert "再接再</strong>励" in slices  # the word across inline markup
    assert "再接再励" in slices  # the alt text, inside the attribute value
    assert "var tip" not in doc.text and "布署" in doc.text


def test_json_reports_source_offsets_and_source_line() -> None:
    r = run("check", "--format", "json", "--stdin-filename", "page.html", "-", stdin=CMS.encode())
    out = json.loads(r.stdout)
    (f,) = [f for f in out["files"][0]["findings"] if f["rule"] == "punctuation.half-width"]
    assert CMS[f["source_offset"]:f["source_end_offset"]] == ","
    assert (f["line"], f["column"]) == (3, CMS.split("\n")[2].index(",") + 1)
    assert out["files"][0]["format"] == "html"


@pytest.mark.parametrize("source", [
    "<p>会议要求各单位加强协调，由宣传部门牵</p><p>头、各区配合，形成工作合力。</p>",
    "<p>会议要求各单位加强协调，由宣传部门牵<br><br>头、各区配合，形成工作合力。</p>",
    "<p>会议要求各单位加强协调，由宣传部门牵<br>\n头、各区配合，形成工作合力。</p>",
    "<div>会议要求各单位加强协调，由宣传部门牵</div>\n\n<div>头、各区配合，形成工作合力。</div>",
])
def test_a_paragraph_broken_by_layout_is_found(linter: Linter, source: str) -> None:
    doc = html_doc(source)
    found = [f for f in linter.lint(doc) if f.rule == "layout.broken-paragraph"]
    assert [doc.text[f.offset] + doc.text[f.end_offset - 1] for f in found] == ["牵头"]
    a, b = doc.to_source(found[0].offset, found[0].end_offset)
    assert source[a] == "牵" and source[b - 1] == "头"
    # The same copy as plain text, broken the same way, gives the same finding.
    plain = Document.from_text("会议要求各单位加强协调，由宣传部门牵\n\n头、各区配合，形成工作合力。", "t.txt")
    assert [f.rule for f in linter.lint(plain) if f.rule == "layout.broken-paragraph"] == ["layout.broken-paragraph"]


def test_inline_markup_and_source_line_breaks_do_not_split_words(linter: Linter) -> None:
    doc = html_doc("<p>大家要<b>再</b><i>接</i><span class=x>再</span><a href='#'>励</a>，\n  继续前进。</p>")
    assert doc.text == "大家要再接再励，继续前进。"  # a source line break between CJK characters renders as nothing
    assert [f.rule for f in linter.lint(doc) if f.rule.startswith("typo")] == ["typo.known-wrong-form"]
    assert html_doc("<p>New\n  York 时报</p>").text == "New York 时报"


def test_entities_are_decoded_and_mapped() -> None:
    src = "<p>A&amp;B&nbsp;公司&#x4E2D;&#20013;&lt;&ampx &copy 与&unknown;</p>"
    doc = html_doc(src)
    assert doc.text == "A&B\u00a0公司中中<&x © 与&unknown;"
    for i, ch in enumerate(doc.text):
        a, b = doc.to_source(i, i + 1)
        assert visible_text(src[a:b]).text.strip() == ch.strip()


def test_not_prose_is_not_linted(linter: Linter) -> None:
    src = ("<html><head><title>再接再励</title><style>p{content:'再接再励'}</style></head><body>"
           "<p data-x='再接再励'>正文<code>再接再励</code>在此。</p><pre>再接再励</pre><textarea>再接再励</textarea>"
           "<template>再接再励</template><noscript>再接再励</noscript><!-- 再接再励 --></body></html>")
    doc = html_doc(src)
    assert [f for f in linter.lint(doc) if f.rule.startswith("typo")] == []
    assert doc.text.count("再接再励") == 1 and doc.is_ignored(*_span(doc.text, "再接再励"))  # the code span


def _span(text: str, word: str) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


def test_malformed_markup_keeps_offsets_and_hides_no_text() -> None:
    src = "<p>AT&#T <b>公司<i>成立</b>于1998年 <3 <![CDATA[ x ]]> a &# b</p><p>十年<p>二十年</div>"
    doc = html_doc(src)
    assert doc.text == "AT&#T 公司成立于1998年 <3 a &# b\n\n十年\n\n二十年"
    for i, ch in enumerate(doc.text):
        if ch != "\n":
            assert src[doc.offsets.to_source(i)] == ch  # type: ignore[union-attr]


def test_paragraph_kinds() -> None:
    doc = html_doc("<h1>标题</h1><ul><li>一<li>二</ul><blockquote>引文</blockquote><table><tr><td>格</td></tr>"
                   "</table><p>正文<img alt='图注'><abbr title='全称'>简称</abbr></p>")
    assert [(p.kind, doc.text[p.start:p.end]) for p in doc.paragraphs] == [
        ("heading", "标题"), ("list", "一"), ("list", "二"), ("quote", "引文"), ("table", "格"),
        ("paragraph", "正文简称"), ("alt", "图注"), ("title", "全称")]


def tags(source: str) -> list[str]:
    """Every token of the page that is not text, as it is written."""
    return [source[a:b] for typ, a, b, _ in tokenize(source) if typ != "data"]


def test_fix_edits_only_text_nodes(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(CMS, encoding="utf-8")
    r = run("check", "--fix", str(page))
    assert r.returncode in (0, 1), r.stderr.decode()
    fixed = page.read_text(encoding="utf-8")
    assert fixed != CMS
    assert tags(fixed) == tags(CMS)  # every tag, attribute and comment byte-identical
    assert "再接再</strong>厉，" in fixed and "成绩，为" in fixed
    assert 'alt="工人们在车间里再接再励地工作"' in fixed and 'var tip = "再接再励,布署"' in fixed


def test_fix_may_replace_a_whole_entity_but_not_part_of_one(linter: Linter) -> None:
    from lint.fix import fix_document

    src = "<p>A&amp;B公司&nbsp;负责人说，今年的营收增长了。</p>"
    fixed, n, _ = fix_document(html_doc(src), linter.lint, unsafe=False)
    assert n == 1 and fixed.source_text == "<p>A&amp;B公司负责人说，今年的营收增长了。</p>"  # the stray &nbsp; is gone
    m = html_doc("<p>甲&NotEqualTilde;乙<b>丙</b></p>").offsets
    assert m is not None
    assert m.verbatim_range(1, 3) == (4, 19) and m.verbatim_range(0, 4) == (3, 20)
    assert m.verbatim_range(1, 2) is None and m.verbatim_range(3, 5) is None  # half an entity; across <b>


def test_fix_never_turns_text_into_markup(linter: Linter) -> None:
    """A stray < or & is text only while no letter follows it: fixing the full-width Ａ after it to A would
    open a tag (<A<b> swallowed the <b>; found by the HTML property test), ａｍｐ to amp would make a reference."""
    from lint.fix import fix_document

    for src in ("<Ａ<b>x</b>", "<p>&ａｍｐ;今天</p>", "<p>甲<\u3000/p>乙</p>"):
        fixed, _, _ = fix_document(html_doc(src), linter.lint, unsafe=True)
        assert tags(fixed.source_text) == tags(src), fixed.source_text
        assert fixed.text.count("<") == html_doc(src).text.count("<")
    fixed, n, _ = fix_document(html_doc("<p>Ａ公司,今天</p>"), linter.lint, unsafe=False)
    assert fixed.source_text == "<p>A公司，今天</p>" and n == 2  # with no < or & before it, the fix applies


def test_fix_escapes_its_replacement() -> None:
    from lint.finding import Edit, Fix
    from lint.fix import in_source

    doc = html_doc("<p>甲<b>乙</b>丙</p>")
    f = Finding("x", "typo", "error", "", 2, 3, fix=Fix("safe", (Edit(2, 3, "<&>"),)))
    across = Finding("x", "typo", "error", "", 0, 2, fix=Fix("safe", (Edit(0, 2, "丁戊"),)))
    (moved,) = in_source(doc, [f, across])  # an edit across <b> is left out
    assert [(e.offset, e.end_offset, e.replacement) for e in moved.fix.edits] == [(12, 13, "&lt;&amp;&gt;")]  # type: ignore[union-attr]


def test_suppression_comments_work_in_html(linter: Linter) -> None:
    typo = [r for r in linter.rules if r.id == "typo.known-wrong-form"]

    def flagged(src: str) -> list[int]:
        doc = html_doc(src)
        from lint.suppression import Suppressions

        sup = Suppressions(doc)
        return [doc.source_line_col(f.offset)[0] for f in linter.lint(doc, typo) if not sup.suppressed(f)]

    page = "<p>再接再励。</p>\n<!-- newslint-disable-next-line typo -->\n<p>再接再励。</p>\n<p>再接再励。</p>"
    assert flagged(page) == [1, 4]
    assert flagged("<p>再接再励。<!-- newslint-disable-line --></p>\n<p>再接再励。</p>") == [2]
    assert flagged("<!-- newslint-disable typo --><p>再接再励。</p><p>再接再励。</p>\n<!-- newslint-enable typo -->"
                   "<p>再接再励。</p>") == [2]
    # the engine applies them too
    doc = html_doc("<!-- newslint-disable-next-line typo --><p>再接再励。</p><p>再接再励。</p>")
    assert {doc.line_col(f.offset)[0] for f in linter.lint(doc) if f.rule.startswith("typo")} == {4}


def test_batch_accepts_html() -> None:
    page = "<p>我们要<b>再接再</b>励。</p>"
    line = json.dumps({"id": "a", "text": page, "format": "html"}, ensure_ascii=False)
    r = run("batch", "-", stdin=(line + "\n").encode())
    (out,) = [json.loads(x) for x in r.stdout.decode().splitlines()]
    (f,) = [f for f in out["findings"] if f["rule"] == "typo.known-wrong-form"]
    assert page[f["source_offset"]:f["source_end_offset"]] == "再接再</b>励"
    assert (f["offset"], f["end_offset"]) == (3, 7)  # in the visible text 我们要再接再励。


def test_directory_walk_picks_up_html_and_docx(tmp_path: Path) -> None:
    import docx

    (tmp_path / "a.html").write_text("<p>我们要再接再励。</p>", encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("他们也要再接再励。")
    d.save(str(tmp_path / "b.docx"))
    (tmp_path / "c.css").write_text("p { }", encoding="utf-8")
    r = run("check", "--format", "json", str(tmp_path))
    out = json.loads(r.stdout)
    assert sorted((Path(f["path"]).name, f["format"]) for f in out["files"]) == [("a.html", "html"), ("b.docx", "docx")]
    assert all(any(x["rule"] == "typo.known-wrong-form" for x in f["findings"]) for f in out["files"])


# ---- property: any mix of text and markup ------------------------------------------------------------
_PIECES = st.sampled_from([
    "再接再", "励", "部门牵", "头", "，", "。", "New York", " ", "\n", "\u3000", "  ", "<p>", "</p>", "<strong>",
    "</strong>", "<br>", "<br/>", "<li>", "<h2>", "</h2>", "<div class='a'>", "</div>", "<span>", "</span>",
    "&amp;", "&nbsp;", "&#x4E2D;", "&#20013;", "&lt;", "&ampx", "&#", "&", "<", ">", "<!-- c -->",
    "<!-- newslint-disable-next-line typo -->", "<!-- newslint-disable -->", "<!--", "-->", "<script>var a='<p>';",
    "</script>", "<style>p{}</style>", "<code>x</code>", "<pre>", "</pre>", "<img alt='图&amp;注'>",
    "<a title=\"说明\" href='x'>", "</a>", "<![CDATA[", "]]>", "<?x?>", "<!DOCTYPE html>", "</>", "<p", "\r\n",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_property_visible_text_maps_back_to_the_source(parts: list[str]) -> None:
    source = "".join(parts)
    parsed = visible_text(source)
    text, m = parsed.text, parsed.offsets
    assert m is not None and m.length == len(text)
    for span in [*parsed.paragraphs, *parsed.ignored]:
        assert 0 <= span.start < span.end <= len(text)
    for i, ch in enumerate(text):
        a, b = m.source_range(i, i + 1)
        assert 0 <= a <= b <= len(source)
        rng = m.verbatim_range(i, i + 1)
        if m.verbatim_at(i):
            assert source[m.to_source(i)] == ch
            assert rng is None or source[rng[0]:rng[1]] == ch
        elif rng is not None:  # an entity or collapsed blanks a fix may replace whole: text, never a tag
            raw = source[rng[0]:rng[1]]
            assert html.unescape(raw) == ch or (ch == " " and not raw.strip(" \t\n\r\f")), raw
    doc = Document.from_parsed(parsed, "t.html", "html")
    assert doc.source_text == source

"""Document model: decoding, offsets in every unit, paragraphs, sentences, Markdown prose."""

from __future__ import annotations

import pytest

from lint.document import Document, InputError, decode, split_sentences


def test_decode_utf8_bom_and_gb18030() -> None:
    text = "记者高轶鸣报道：再接再厉。"
    assert decode(text.encode("utf-8")) == (text, "utf-8", False)
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8", True)
    assert decode(text.encode("gb18030")) == (text, "gb18030", False)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xfe\xfd\x80\x80", b"abc\x07\x08"])
def test_decode_rejects_binary_and_unknown_encodings(data: bytes) -> None:
    with pytest.raises(InputError) as exc:
        decode(data, "draft.txt")
    msg = str(exc.value)
    assert msg.startswith("draft.txt: ") and "\n" not in msg


def test_offsets_line_col_utf16_and_bytes_with_astral_characters() -> None:
    # 𠮷 (U+20BB7) is outside the BMP: one code point, two UTF-16 units, four UTF-8 bytes.
    text = "第一行\r\n张𠮷说：好，\n再接再励。"
    doc = Document.from_text(text, encoding="utf-8", bom=True)
    off = text.index("再接再励")
    assert doc.line_col(off) == (3, 1)
    assert doc.offset_of(3, 1) == off
    assert doc.utf16(off) == off + 1
    raw = doc.encode(text)
    b = doc.byte_offset(off)
    assert raw[b:b + len("再接再励".encode())].decode() == "再接再励"
    assert doc.line_text(2) == "张𠮷说：好，"


def test_byte_offsets_in_gb18030() -> None:
    text = "标题\n他说：再接再励。"
    doc = Document.from_bytes(text.encode("gb18030"), "x.txt")
    off = text.index("再接再励")
    b = doc.byte_offset(off)
    assert text.encode("gb18030")[b:b + 8].decode("gb18030") == "再接再励"


def test_plain_paragraphs_are_non_blank_lines() -> None:
    text = "标题\n\n　　第一段，部门牵\n\n头。\n"
    doc = Document.from_text(text)
    assert [text[p.start:p.end] for p in doc.paragraphs] == ["标题", "第一段，部门牵", "头。"]


def test_sentences_end_with_marks_and_closing_quotes() -> None:
    text = "他说：“明天见。”大家都笑了！真的吗？好……走吧"
    expected = ["他说：“明天见。”", "大家都笑了！", "真的吗？", "好……", "走吧"]
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_markdown_prose_skips_code_front_matter_urls_and_link_targets() -> None:
    text = (
        "---\ntitle: 再接再励\n---\n\n# 标题\n\n正文见[链接](https://example.com/再接再励)，"
        "代码`再接再励`不查。\n\n```\n再接再励\n```\n\n- 列表项一\n"
    )
    doc = Document.from_text(text, "a.md", "markdown")
    prose = [text[p.start:p.end] for p in doc.paragraphs]
    assert prose[0] == "标题" and doc.paragraphs[0].kind == "heading"
    assert prose[-1] == "列表项一" and doc.paragraphs[-1].kind == "list"
    for needle in ("title: 再接再励", "example.com/再接再励", "`再接再励`", "\n再接再励\n"):
        at = text.index(needle) + needle.index("再")
        assert doc.is_ignored(at, at + 4), needle
    assert not doc.is_ignored(text.index("正文"), text.index("正文") + 2)


@pytest.mark.parametrize(("text", "url"), [
    ("见www.people.com.cn,欢迎访问。", "www.people.com.cn"),
    ("访问https://example.com/a?b=1,c。", "https://example.com/a?b=1,c"),
    ("链接 http://x.org/path). 好", "http://x.org/path"),
    ("详见https://en.wikipedia.org/wiki/A_(b).", "https://en.wikipedia.org/wiki/A_(b)"),
])
def test_urls_are_not_prose_but_the_punctuation_after_them_is(text: str, url: str) -> None:
    doc = Document.from_text(text)
    a = text.index(url)
    assert doc.is_ignored(a, a + len(url))
    assert not doc.is_ignored(a + len(url), a + len(url) + 1)

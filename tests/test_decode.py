"""decode(): UTF-16 with a BOM read and written back, UTF-16 without one named, short GBK text that is
also valid UTF-8 read as GBK, real UTF-8 never reread; the e-mail pattern linear on long ASCII runs."""

from __future__ import annotations

import random
import re
import time

import pytest

from lint.document import _EMAIL_RE, Document, InputError, decode
from lint.engine import Linter
from lint.fix import fix_document

from .conftest import SEED

TEXT = "标题\r\n大家再接再励，张𠮷说：“好。”2023年\r\n"


@pytest.mark.parametrize(("encoding", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom_is_read_and_written_back(linter: Linter, encoding: str, bom: bytes) -> None:
    data = bom + TEXT.encode(encoding)
    assert decode(data, "d.txt") == (TEXT, encoding, True)
    doc = Document.from_bytes(data, "d.txt")
    assert doc.encode(doc.text) == data
    off = doc.text.index("再")
    assert doc.byte_offset(off) == len(bom + TEXT[:off].encode(encoding))
    rules = [r for r in linter.rules if r.id == "typo.known-wrong-form"]
    new, n, _ = fix_document(doc, lambda d: linter.lint(d, rules), unsafe=False)
    assert n == 1 and new.encode(new.text) == bom + TEXT.replace("再接再励", "再接再厉").encode(encoding)


@pytest.mark.parametrize(("encoding", "name"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_bom_is_named(encoding: str, name: str) -> None:
    with pytest.raises(InputError, match=rf"^d\.txt: looks like {name} text without a byte-order mark; .*"
                                         rf"iconv -f {name} -t UTF-8$"):
        decode(TEXT.encode(encoding), "d.txt")


def test_other_nul_bytes_and_utf32() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode(b"\x00\x01ab\x00c\x00\x00", "x.txt")
    with pytest.raises(InputError, match="binary file"):
        decode(b"abc\x00\x00", "x.txt")  # odd length
    with pytest.raises(InputError, match="UTF-32"):
        decode(b"\xff\xfe\x00\x00" + "文".encode("utf-32-le"), "x.txt")
    with pytest.raises(InputError, match="broken at byte"):
        decode(b"\xff\xfe" + "文".encode("utf-16-le") + b"\x00", "x.txt")


# Short Chinese whose GBK bytes are also valid UTF-8 (checked below): the UTF-8 reading is a jumble
# of Latin Extended-B, IPA, Cyrillic, Armenian or Greek letters.
# Not caught (stay UTF-8, precision first): readings in one script of common letters, e.g. 默默 -> ĬĬ,
# 陆委 -> ½ί, 谢谢 -> лл.
GBK_AMBIGUOUS = ["全省", "目前", "医药", "小学", "杀牛", "庸医", "取胜", "装帧", "系统"]


@pytest.mark.parametrize("text", GBK_AMBIGUOUS)
def test_short_gbk_that_is_valid_utf8_is_read_as_gbk(text: str) -> None:
    data = text.encode("gbk")
    mojibake = data.decode("utf-8")  # valid UTF-8: this is the ambiguous case
    assert mojibake != text
    assert decode(data) == (text, "gb18030", False)


def test_gbk_reading_is_never_taken_for_real_utf8() -> None:
    """Every substring of the seed (Chinese news) and of foreign words stays UTF-8."""
    seed = SEED.read_text(encoding="utf-8")
    rng = random.Random(5)
    for _ in range(3000):
        n = rng.choice([1, 2, 3, 5, 8, 20, 100])
        i = rng.randrange(len(seed) - n)
        s = seed[i:i + n]
        assert decode(s.encode("utf-8"))[0] == s
    for word in ["café", "Müller", "Ça va", "naïve", "São Paulo", "Привет мир", "Москва", "Київ", "αβγ", "Ελλάδα",
                 "Αθήνα", "שלום", "مرحبا", "µm", "±5°C", "5×3", "·", "§4.2", "Dvořák", "Łódź", "Straße", "π", "Ω",
                 "ß", "é", "½", "ș", "İstanbul", "Đà Nẵng", "ε=λ/2"]:
        assert decode(word.encode("utf-8")) == (word, "utf-8", False), word


def test_gbk_and_utf8_bom_unchanged() -> None:
    assert decode("新闻稿。".encode("gbk")) == ("新闻稿。", "gb18030", False)
    assert decode(b"\xef\xbb\xbf" + "全省".encode()) == ("全省", "utf-8", True)


# ---- the e-mail pattern ----------------------------------------------------------------------------
_OLD_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def test_email_pattern_finds_what_it_found_before() -> None:
    rng = random.Random(3)
    alphabet = "ab.1_%+-@@.cx中，"
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        assert [m.span() for m in _EMAIL_RE.finditer(s)] == [m.span() for m in _OLD_EMAIL_RE.finditer(s)], s
    doc = Document.from_text("来信请寄 news.desk@people.com.cn，谢谢。")
    a = doc.text.index("news")
    assert doc.is_ignored(a, a + 5) and not doc.is_ignored(0, 2)


def test_long_ascii_runs_are_linear() -> None:
    """100,000 `a` took about a minute (quadratic backtracking); now well under a second."""
    for text in ("a" * 100_000, "a@" + "a" * 100_000, ("a." * 50_000) + "@", "a@" + "a.a" * 30_000):
        t = time.perf_counter()
        Document.from_text(text)
        assert time.perf_counter() - t < 5, text[:10]

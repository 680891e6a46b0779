"""Character classes shared by the rule kinds."""

from __future__ import annotations

from typing import Final

import regex

HAN_RE: Final = regex.compile(r"\p{Han}")
HAN_RUN_RE: Final = regex.compile(r"\p{Han}+")

# Marks that end a sentence (GB/T 15834 §4.1–4.3, plus the ellipsis).
SENTENCE_END: Final = "。！？!?…"
# Closing marks that may follow a sentence end and still belong to it.
CLOSERS: Final = "”’」』）》】〕)\"'"
# Full-width punctuation used in Chinese text.
CJK_PUNCT: Final = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·～"


def is_han(ch: str) -> bool:
    """True for one Han ideograph (CJK unified, extension A, compatibility, the extensions outside
    the BMP) or 〇; False for anything else, the empty string included. Range tests, not a regex:
    this runs on every character of every document."""
    if len(ch) != 1:
        return False
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or o == 0x3007)


def han_before(text: str, pos: int, limit: int) -> str:
    """The Han characters right before pos, at most limit of them."""
    i = pos
    while i > 0 and pos - i < limit and is_han(text[i - 1]):
        i -= 1
    return text[i:pos]


def han_after(text: str, pos: int, limit: int) -> str:
    """The Han characters from pos on, at most limit of them."""
    i = pos
    while i < len(text) and i - pos < limit and is_han(text[i]):
        i += 1
    return text[pos:i]


def is_cjk_punct(ch: str) -> bool:
    return ch in CJK_PUNCT

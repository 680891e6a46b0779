"""Character classes shared by the rule kinds."""

from __future__ import annotations

from typing import Final

import regex

HAN_RE: Final = regex.compile(r"\p{Han}")
HAN_RUN_RE: Final = regex.compile(r"\p{Han}+")
# The body of a character class for the re module that holds exactly the characters regex's \p{Han} matches (its
# Unicode data; tests/test_chars.py compares them at every code point), and of one for regex's \s (re's \s also
# takes \x1c-\x1f): re tests a class of ranges many times faster than regex tests a property, and a pattern that
# scans every character of a text (lint/names.py) costs that many times less.
HAN_CLASS: Final = ("\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf"
                    "\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3\U00016ff0-\U00016ff6"
                    "\U00020000-\U0002a6df\U0002a700-\U0002b81d\U0002b820-\U0002cead\U0002ceb0-\U0002ebe0"
                    "\U0002ebf0-\U0002ee5d\U0002f800-\U0002fa1d\U00030000-\U0003134a\U00031350-\U00033479")
SPACE_CLASS: Final = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

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

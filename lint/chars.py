"""Character classes shared by the rule kinds."""

from __future__ import annotations

import regex

HAN_RE = regex.compile(r"\p{Han}")
HAN_RUN_RE = regex.compile(r"\p{Han}+")

# Marks that end a sentence (GB/T 15834 §4.1–4.3, plus the ellipsis).
SENTENCE_END = "。！？!?…"
# Closing marks that may follow a sentence end and still belong to it.
CLOSERS = "”’」』）》】〕)\"'"
# Full-width punctuation used in Chinese text.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·～"


def is_han(ch: str) -> bool:
    """True for a Han ideograph, including the extensions outside the BMP."""
    return bool(ch) and HAN_RE.match(ch) is not None


def is_cjk_punct(ch: str) -> bool:
    return ch in CJK_PUNCT

"""Shapes of lines and spaces that the layout checks judge: headline-like lines, verse, quotes and brackets
left open across a break, and the spaces of real copy (name padding, a dateline's space, prose around a space).
"""

from __future__ import annotations

import regex

from lint.document import Document
from lint.spans import Paragraph

OPENERS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "「": "」", "『": "』", "【": "】", "〔": "〕"}
CLOSERS = {v: k for k, v in OPENERS.items()}
_PAIR_MARK_RE = regex.compile("[" + "".join(regex.escape(c) for c in [*OPENERS, *CLOSERS]) + "]")
SENT_MARK_RE = regex.compile(r"[。！？!?；;]")
_COMMA_RE, _COMMA_STOP_RE = regex.compile(r"[，,]"), regex.compile(r"[，。]")
_REPORT_END_RE = regex.compile(r"(?:电|讯|报道|消息)$")
_VERSE_RE = regex.compile(r"^[“‘「]?(\p{Han}{4,7})[，。；！？]?[”’」]?$")


def heading_like(text: str, max_len: int) -> bool:
    """Short, no sentence-final or semicolon marks: the shape of a headline, label or caption line.
    A headline with a comma is two short parallel halves (包袱变财富，白雪也生金); a line with a
    dash carries a subtitle and may run longer."""
    if SENT_MARK_RE.search(text[:-1]):
        return False
    if "——" in text:
        return len(text) <= 2 * max_len
    if len(text) > max_len:
        return False
    parts = _COMMA_RE.split(text)
    return len(parts) == 1 or (len(parts) == 2 and len(text) <= 16 and "、" not in text)


def unbalanced_open(text: str) -> bool:
    """True when an opening quote or bracket is left open at the end of text."""
    stack: list[str] = []
    for ch in _PAIR_MARK_RE.findall(text):  # the other characters change nothing
        if ch in OPENERS:
            stack.append(ch)
        elif ch in CLOSERS and stack and stack[-1] == CLOSERS[ch]:
            stack.pop()
    return bool(stack)


def unbalanced_close(text: str) -> bool:
    """True when text closes a quote or bracket it never opened."""
    depth: dict[str, int] = {}
    for ch in _PAIR_MARK_RE.findall(text):
        if ch in OPENERS:
            depth[ch] = depth.get(ch, 0) + 1
        elif ch in CLOSERS:
            op = CLOSERS[ch]
            if depth.get(op, 0) == 0:
                return True
            depth[op] -= 1
    return False


def verse_pair(a: str, b: str) -> bool:
    """Two lines of verse: equal runs of four to seven Han characters, each line ending a clause."""
    ma, mb = _VERSE_RE.match(a), _VERSE_RE.match(b)
    return bool(ma and mb and len(ma.group(1)) == len(mb.group(1)))


def is_emoji(ch: str) -> bool:
    return ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF


def name_padding(ptext: str, s: int, e: int) -> bool:
    """A two-character name padded to three with a space (李　鹏) in a list of names."""
    before = ptext[s - 2] if s >= 2 else ""
    after = ptext[e + 1] if e + 1 < len(ptext) else ""
    sep = "、，,：:；（( \u3000"
    return (not before or before in sep) and (not after or after in sep + "）)。")


def dateline_space(ptext: str, s: int) -> bool:
    """The space after a dateline or lead-in at the start of a story: 本报讯 记者……, ……电 记者……"""
    if s > 30:  # checked first: slicing the head of every space of a long line would be quadratic
        return False
    head = ptext[:s]
    return bool(_REPORT_END_RE.search(head)) and "，" not in head


CLAUSE_MARKS = "，。！？；：,!?;:、"


def last_clause_mark(ptext: str) -> int:
    """Where the paragraph's last clause mark is (-1 if none): computed once per paragraph."""
    return max(ptext.rfind(c) for c in CLAUSE_MARKS)


def in_prose_sentence(ptext: str, s: int, e: int, last_mark: int) -> bool:
    """The space sits inside a sentence of running prose: the clause around it has punctuation after it.
    last_mark: last_clause_mark(ptext). Constant time per space, so a long line stays linear."""
    # The clause before the space has real text (the character before it is no mark), and a mark
    # follows somewhere after it (the clause ends in punctuation, not a headline pair).
    return s >= 1 and ptext[s - 1] not in CLAUSE_MARKS and last_mark >= e


def between_prose(doc: Document, paras: list[Paragraph], i: int) -> bool:
    """A lone number line counts as a page number only with prose paragraphs on both sides."""
    if i == 0 or i == len(paras) - 1:
        return False
    text = doc.text

    def prose(p: Paragraph) -> bool:
        t = text[p.start:p.end]
        return len(t) >= 10 and bool(_COMMA_STOP_RE.search(t))

    return prose(paras[i - 1]) and prose(paras[i + 1])


def describe_space(s: str) -> str:
    return "全角空格" if "\u3000" in s else "空格"

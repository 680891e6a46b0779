"""Stories: a file of news copy split where a run of headline-like paragraphs starts a new story."""

from __future__ import annotations

from dataclasses import dataclass

from lint.document import Document
from lint.spans import Paragraph

HEADLINE_MAX = 32


@dataclass(frozen=True)
class Story:
    start: int
    end: int
    headlines: tuple[tuple[int, int], ...]   # spans of the headline paragraphs
    body: tuple[tuple[int, int], ...]        # spans of the body paragraphs


def _is_headline(doc: Document, para: Paragraph) -> bool:
    if para.kind == "heading":
        return True
    if para.kind != "paragraph":
        return False
    text = doc.text[para.start:para.end]
    if len(text) > HEADLINE_MAX or any(c in text for c in "。；;") or text[-1] in "，、,":
        return False
    return not (text[0] in "（(【[" or text.endswith("摄"))


def stories(doc: Document) -> list[Story]:
    """Split a file into stories: a run of headline-like paragraphs starts a new one."""
    out: list[Story] = []
    heads: list[tuple[int, int]] = []
    body: list[tuple[int, int]] = []
    prev_head = False
    for para in doc.paragraphs:
        head = _is_headline(doc, para)
        if head and not prev_head and body:
            out.append(Story(heads[0][0] if heads else body[0][0], body[-1][1], tuple(heads), tuple(body)))
            heads, body = [], []
        (heads if head and not body else body).append((para.start, para.end))
        prev_head = head
    if heads or body:
        spans = heads + body
        out.append(Story(spans[0][0], spans[-1][1], tuple(heads), tuple(body)))
    return out

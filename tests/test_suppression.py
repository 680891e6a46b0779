"""Inline suppression comments in plain text and Markdown."""

from __future__ import annotations

from lint.config import Config
from lint.document import Document
from lint.engine import Linter

LINTER = Linter.from_config(Config(select=["typo.known-wrong-form"]))


def flagged(text: str, markup: str = "plain") -> list[int]:
    doc = Document.from_text(text, "t.md" if markup == "markdown" else "t.txt", markup)  # type: ignore[arg-type]
    return [doc.line_col(f.offset)[0] for f in LINTER.lint(doc)]


def test_region_disable_enable() -> None:
    text = ("再接再励。\n<!-- newslint-disable typo.known-wrong-form -->\n再接再励。\n"
            "<!-- newslint-enable typo.known-wrong-form -->\n再接再励。\n")
    assert flagged(text) == [1, 5]


def test_next_line_and_prefix_and_category() -> None:
    text = "<!-- newslint-disable-next-line typo -->\n再接再励。\n再接再励。\n"
    assert flagged(text) == [3]
    text2 = "再接再励。<!-- newslint-disable-line typo.known-wrong-form -->\n再接再励。\n"
    assert flagged(text2) == [2]


def test_other_rule_not_suppressed_and_markdown() -> None:
    text = "<!-- newslint-disable-next-line punctuation -->\n再接再励。\n"
    assert flagged(text, "markdown") == [2]
    text2 = "<!-- newslint-disable -->\n\n再接再励。\n\n<!-- newslint-enable -->\n\n再接再励。\n"
    assert flagged(text2, "markdown") == [7]

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


# ---- directives that do nothing (directive.unused, directive.unknown-rule) ------------------------
AUDIT = Linter.from_config(Config(select=["typo.known-wrong-form", "directive"]))


def audited(text: str, linter: Linter = AUDIT) -> list[tuple[str, int]]:
    doc = Document.from_text(text, "t.txt")
    return [(f.rule, doc.line_col(f.offset)[0]) for f in linter.lint(doc)]


def test_a_directive_that_silences_a_finding_is_not_reported() -> None:
    assert audited("<!-- newslint-disable-next-line typo.known-wrong-form -->\n再接再励。\n") == []


def test_a_directive_that_silences_nothing_is_reported_and_fixed_away() -> None:
    text = ("<!-- newslint-disable-next-line typo.known-wrong-form -->\n再接再厉。\n"
            "<!-- newslint-disable typo -->\n再接再励。\n<!-- newslint-enable typo -->\n再接再厉。\n")
    # line 1 silences nothing; the region on lines 3-5 silences 再接再励; enable is never reported
    assert audited(text) == [("directive.unused", 1)]
    from lint.fix import fix_document

    doc, n, rest = fix_document(Document.from_text(text, "t.txt"), AUDIT.lint, unsafe=False)
    assert n == 1 and rest == []
    assert doc.text == text.split("\n", 1)[1]  # the comment's whole line is gone, nothing else


def test_unused_is_judged_only_when_the_named_rules_ran() -> None:
    # Only the directive audits run: typo.known-wrong-form did not, so its directive proves nothing.
    text = "<!-- newslint-disable-next-line typo.known-wrong-form -->\n再接再厉。\n"
    doc = Document.from_text(text, "t.txt")
    only = [r for r in AUDIT.rules if r.id == "directive.unused"]
    assert AUDIT.lint(doc, only) == []
    # Nor does a directive naming rules this configuration leaves out (another may need it), nor a
    # directive for every rule when only some ran.
    assert audited("<!-- newslint-disable-next-line layout -->\n再接再厉。\n") == []
    assert audited("<!-- newslint-disable-next-line -->\n再接再厉。\n") == []


def test_a_misspelt_rule_in_a_directive_is_reported() -> None:
    text = "<!-- newslint-disable-next-line typo.knwon-wrong-form -->\n再接再励。\n"
    doc = Document.from_text(text, "t.txt")
    found = AUDIT.lint(doc)
    # reported once, as unknown (not also as unused); the finding it was meant for comes back
    assert [(f.rule, doc.line_col(f.offset)[0]) for f in found] == [
        ("directive.unknown-rule", 1), ("typo.known-wrong-form", 2)]
    unknown = next(f for f in found if f.rule == "directive.unknown-rule")
    assert "typo.knwon-wrong-form" in unknown.message and unknown.level == "warning"

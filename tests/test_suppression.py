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


# ---- a suppressed finding still speaks for the weaker ones it covers -----------------------------
FULL = Linter.from_config(Config())


def test_silencing_a_typo_rule_silences_the_weaker_same_span_finding() -> None:
    text = "队员们表示将再接再励，争取更好成绩。"
    doc = Document.from_text(text, "t.txt")
    # Both typo rules see the slip; the curated list speaks, the idiom detector's same finding is not repeated.
    assert [f.rule for f in FULL.lint(doc) if f.category == "typo"] == ["typo.known-wrong-form"]
    quiet = Document.from_text(text + "<!-- newslint-disable-line typo.known-wrong-form -->\n", "t.txt")
    found = FULL.lint(quiet)
    assert [f.rule for f in found if f.category == "typo"] == []
    assert not any(f.rule == "directive.unused" for f in found)  # the directive was used
    # Silencing the weaker rule alone leaves the stronger one.
    weak = Document.from_text(text + "<!-- newslint-disable-line typo.idiom-slip -->\n", "t.txt")
    assert [f.rule for f in FULL.lint(weak) if f.category.startswith(("typo", "directive"))] == [
        "typo.known-wrong-form", "directive.unused"]


def _fixed(text: str) -> str:
    from lint.fix import fix_document

    return fix_document(Document.from_text(text, "t.txt"), AUDIT.lint, unsafe=False)[0].text


def test_removing_an_unused_directive_leaves_no_trailing_space() -> None:
    d = "<!-- newslint-disable-line typo.known-wrong-form -->"
    assert _fixed(f"今天天气很好。 {d}\n第二行。\n") == "今天天气很好。\n第二行。\n"
    assert _fixed(f"今天天气很好。\t{d}  \r\n第二行。\r\n") == "今天天气很好。\r\n第二行。\r\n"
    # between two words one gap stays; a leading indentation stays; a line of its own goes whole
    assert _fixed(f"今天 {d} 天气很好。\n") == "今天 天气很好。\n"
    assert _fixed(f"\u3000\u3000{d}今天天气很好。\n") == "\u3000\u3000今天天气很好。\n"
    assert _fixed(f"今天天气很好。\n  {d}\n第二行。\n") == "今天天气很好。\n第二行。\n"

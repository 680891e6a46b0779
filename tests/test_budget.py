"""User-supplied regexes run under one time budget per rule and document (lint/budget.py): a rule
whose patterns are each fast enough but many is skipped once its budget is spent, with one note, and
the other rules still report."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lint import budget
from lint.config import Config
from lint.document import Document
from lint.engine import Linter

# Each search of "a"*24 + "b" by (?:a|aa)+c backtracks for tens of milliseconds: well inside the
# per-call limits (0.5-2 s), but a hundred of them take seconds.
SLOW = "(?:a|aa)+c"
SLOW_TEXT = "a" * 24 + "b"

HEADER = """\
rules:
  - id: house.slow
    category: term
    level: warning
    message: 慢规则
{body}
  - id: house.fast
    kind: existence
    category: term
    level: warning
    message: 坏词
    tokens: [坏词]
"""


def _linter(tmp_path: Path, body: str) -> Linter:
    p = tmp_path / "pack.yaml"
    p.write_text(HEADER.format(body=body), encoding="utf-8")
    return Linter.from_config(Config(rule_files=[p], select=["house", "typo.known-wrong-form"]))


def _run(linter: Linter, text: str) -> tuple[list[str], list[str], float]:
    notes: list[str] = []
    t = time.perf_counter()
    found = linter.lint(Document.from_text(text, "story.txt"), notes=notes)
    return sorted({f.rule for f in found}), notes, time.perf_counter() - t


BODIES = {
    "context cue": f"    kind: context\n    targets: [目标]\n    cue_patterns: ['{SLOW}']\n    window: sentence",
    # a condition sees 12 characters each side: a pattern that backtracks harder on so few
    "substitution condition": ("    kind: substitution\n    swap:\n"
                               "      目标: {to: 标的, before: '(?:(?:a|aa|aaa)+)+c'}"),
    "pattern": f"    kind: pattern\n    pattern: '目标{SLOW}'",
}


@pytest.mark.parametrize("kind", list(BODIES))
def test_a_rule_over_its_budget_is_skipped_once_and_the_others_go_on(tmp_path: Path, kind: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    linter = _linter(tmp_path, BODIES[kind])
    line = f"{SLOW_TEXT}目标{SLOW_TEXT}。" if kind != "pattern" else f"目标{SLOW_TEXT}。"
    # ~1-2 s of the slow rule unbudgeted on this machine: several times the 0.3 s budget, however fast it runs
    text = "坏词。再接再励。\n" + line * {"context cue": 200, "substitution condition": 1000}.get(kind, 400)
    monkeypatch.setattr(budget, "BASE_SECONDS", 0.3)
    rules, notes, seconds = _run(linter, text)
    assert rules == ["house.fast", "typo.known-wrong-form"]
    assert len(notes) == 1 and notes[0].startswith("story.txt: rule house.slow (") and "skipped" in notes[0]
    assert "\n" not in notes[0]
    # without the budget the same rule runs on (its calls each stay under the per-call limit)
    monkeypatch.setattr(budget, "BASE_SECONDS", 1000.0)
    short = "坏词。\n" + line * 20
    rules, notes, _ = _run(linter, short)
    assert notes == [] and "house.fast" in rules
    assert seconds < 20  # a generous hang guard, not a timing assertion


def test_notes_default_to_the_linter_and_are_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    linter = _linter(tmp_path, BODIES["context cue"])
    monkeypatch.setattr(budget, "BASE_SECONDS", 0.2)
    doc = Document.from_text(f"{SLOW_TEXT}目标{SLOW_TEXT}。" * 100, "a.txt")
    linter.lint(doc)
    linter.lint(doc)
    assert len(linter.notes) == 1


def test_budget_helper() -> None:
    assert budget.timeout(0.5) == 0.5  # no scope: the per-call limit
    with budget.scope(10):
        assert 0 < budget.timeout(0.5) <= 0.5
        with budget.scope(0.01):  # the clock starts at the first call
            assert budget.timeout(5) <= 0.01 + 1e-6
            time.sleep(0.02)
            with pytest.raises(budget.BudgetExceeded):
                budget.timeout(5)
        assert budget.timeout(0.5) == 0.5  # the outer scope again
    assert issubclass(budget.BudgetExceeded, TimeoutError)
    assert budget.seconds_for(1_000_000) == budget.BASE_SECONDS + budget.SECONDS_PER_MILLION_CHARS

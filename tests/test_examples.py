"""LanguageTool-style: every rule's own bad examples must be flagged by it, good ones must not."""

from __future__ import annotations

import pytest

from lint.config import load_config
from lint.document import Document
from lint.engine import Linter
from lint.rules import builtin_packs, load_packs

from .conftest import ROOT

RULES = load_packs(builtin_packs())
CASES = [(r.id, "bad", e) for r in RULES for e in r.bad] + [(r.id, "good", e) for r in RULES for e in r.good]

_linter = Linter.from_config(load_config(None, ROOT))
_by_id = {r.id: r for r in _linter.rules}


def test_every_rule_has_examples() -> None:
    missing = [r.id for r in RULES if not r.bad or not r.good]
    assert not missing, f"rules without both bad and good examples: {missing}"


@pytest.mark.parametrize(("rule_id", "which", "example"), CASES, ids=[f"{c[0]}:{c[1]}:{c[2].text[:16]}" for c in CASES])
def test_rule_example(rule_id, which, example) -> None:
    rule = _by_id[rule_id]
    doc = Document.from_text(example.text, "example.txt")
    # A suppression directive is judged by what the other rules find, so those rules run too.
    run = _linter.rules if rule.kind == "directives" else [rule]
    found = [f for f in _linter.lint(doc, run) if f.rule == rule_id]
    if which == "bad":
        assert found, f"{rule_id} did not flag its bad example: {example.text}"
        if example.suggestion is not None:
            assert any(example.suggestion in f.suggestions for f in found), [f.suggestions for f in found]
    else:
        spans = [doc.text[f.offset:f.end_offset] for f in found]
        assert not found, f"{rule_id} flagged its good example: {example.text} -> {spans}"

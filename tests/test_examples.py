"""LanguageTool-style: every rule's own bad examples must be flagged by it, good ones must not."""

from __future__ import annotations

import pytest

from lint.config import load_config
from lint.engine import Linter
from lint.packtest import check_example
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
    # The same check `newslint test PACK.yaml` runs on a user's pack (lint/packtest.py).
    problem = check_example(_linter, _by_id[rule_id], which, example)
    assert problem is None, problem[1]

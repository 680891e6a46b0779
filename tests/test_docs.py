"""Docs are generated from rule metadata (ruff-style), so they cannot drift from the rules."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_rule_reference_is_current() -> None:
    out = subprocess.run([sys.executable, "-m", "lint", "rules", "--all", "--format", "markdown"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == out, \
        "docs/rules.md is stale: run `newslint rules --all --format markdown > docs/rules.md`"


def test_every_rule_cites_a_source_and_has_an_english_message() -> None:
    import json

    rules = json.loads(subprocess.run([sys.executable, "-m", "lint", "rules", "--all", "--format", "json"], cwd=ROOT,
                                      capture_output=True, text=True, check=True).stdout)
    assert len(rules) > 50
    assert not [r["id"] for r in rules if not r["source"].strip()]
    assert not [r["id"] for r in rules if not r["message_en"].strip()]
    assert not [r["id"] for r in rules if not r["description"].strip()]

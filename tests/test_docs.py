"""Docs are generated from rule metadata (ruff-style), so they cannot drift from the rules."""

from __future__ import annotations

from .conftest import ROOT, run_cli_text


def _rules(fmt: str) -> str:
    r = run_cli_text("rules", "--all", "--format", fmt)  # in-process: the same main() as the command
    r.check_returncode()
    return r.stdout


def test_rule_reference_is_current() -> None:
    out = _rules("markdown")
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == out, \
        "docs/rules.md is stale: run `newslint rules --all --format markdown > docs/rules.md`"


def test_every_rule_cites_a_source_and_has_an_english_message() -> None:
    import json

    rules = json.loads(_rules("json"))
    assert len(rules) > 50
    assert not [r["id"] for r in rules if not r["source"].strip()]
    assert not [r["id"] for r in rules if not r["message_en"].strip()]
    assert not [r["id"] for r in rules if not r["description"].strip()]

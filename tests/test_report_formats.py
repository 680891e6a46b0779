"""The format registry reaches the README's formats table and ``newslint check --help`` (neither can drift)."""

from __future__ import annotations

import pytest

from lint import cli
from lint.report import REPORTERS

from .conftest import ROOT


def formats_table() -> str:
    """The README's table, generated from the registry."""
    rows = [f"| `{name}` | {info.help} |" for name, info in REPORTERS.items()]
    return "\n".join(["| format | what it writes |", "|---|---|", *rows]) + "\n"


def test_readme_formats_table_is_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert formats_table() in readme, "regenerate the README table with tests/test_report_formats.formats_table()"
    assert {"html", "github", "gitlab", "jsonl"} <= set(REPORTERS)


def test_check_help_lists_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--help"])
    assert exc.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for name, info in REPORTERS.items():
        assert f"{name}: {' '.join(info.help.split())}" in out

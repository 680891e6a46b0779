from __future__ import annotations

from pathlib import Path

import pytest

from lint.config import Config, load_config
from lint.document import Document
from lint.engine import Linter

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_e15ae0d257b06e66.txt"
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config(None, ROOT)


@pytest.fixture(scope="session")
def linter(config: Config) -> Linter:
    return Linter.from_config(config)


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    return Document.from_path(SEED)


def lint_text(linter: Linter, text: str, markup: str = "plain", select: str | None = None):
    doc = Document.from_text(text, "t.md" if markup == "markdown" else "t.txt", markup)  # type: ignore[arg-type]
    rules = [r for r in linter.rules if select is None or r.matches(select)]
    return doc, linter.lint(doc, rules)

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint.config import Config, load_config
from lint.document import Document
from lint.engine import Linter

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_e15ae0d257b06e66.txt"
EVAL = ROOT.parent / "shared" / "eval"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (the pytest addopts): a worker per CPU, up to 4, for a run of several files; one file or test runs
    in this process (its module fixtures would start twice for no gain). PYTEST_XDIST_AUTO_NUM_WORKERS overrides."""
    if env := os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(env)
    paths = {str(arg).split("::", 1)[0] for arg in config.args}
    if len(paths) == 1 and Path(paths.pop()).is_file():
        return 0
    return min(4, len(os.sched_getaffinity(0)))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With workers (pytest-xdist), the slow tests are handed out first, so the short ones fill in around them
    instead of one long test finishing last; every worker sorts its collection alike. One process keeps file order."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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


class _Stream(io.TextIOWrapper):
    """A text stream with a .buffer, as sys.stdin/sys.stdout have."""


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    """`newslint ARGS` in this process (cli.main with stdin/stdout/stderr swapped), as a CompletedProcess.
    Much faster than a subprocess; the few tests of the real process (exit codes, stdin, the hook) spawn one."""
    from lint import cli

    out, err = io.BytesIO(), io.BytesIO()
    streams = (sys.stdin, sys.stdout, sys.stderr)
    sys.stdin = _Stream(io.BytesIO(stdin or b""), encoding="utf-8")
    sys.stdout = _Stream(out, encoding="utf-8", write_through=True)
    sys.stderr = _Stream(err, encoding="utf-8", write_through=True)
    swapped = (sys.stdin, sys.stdout, sys.stderr)
    old = os.getcwd()
    try:
        os.chdir(cwd)
        code = cli.main(list(args))
    finally:
        os.chdir(old)
        sys.stdin, sys.stdout, sys.stderr = streams
        for s in swapped:
            s.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
        for s in swapped:
            s.detach()  # keep the BytesIO open until read, and let the wrapper go without closing it
    return subprocess.CompletedProcess(["newslint", *args], code, stdout, stderr)


def run_cli_text(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """run_cli with str in and out, as ``subprocess.run(..., text=True)`` gives."""
    r = run_cli(*args, stdin=None if stdin is None else stdin.encode("utf-8"), cwd=cwd)
    return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.decode("utf-8"), r.stderr.decode("utf-8"))

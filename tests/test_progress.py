"""The progress bar of long `check` and `batch` runs: drawn on stderr only when it is a terminal (a real
pseudo-terminal here), never when it is a pipe (a hook, CI, a CMS calling batch), never over streamed output
on the same terminal, and without changing a byte of the output."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .conftest import ROOT, SEED

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

# The bar from the first article or file: what is drawn must not depend on how fast this machine is.
ENV = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40", "NEWSLINT_PROGRESS_DELAY": "0"}
ENV.pop("NO_COLOR", None)


def paragraphs() -> list[str]:
    return [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]


def run(args: list[str], stdin: bytes | None = None, stderr_tty: bool = True, stdout_tty: bool = False,
        cwd: Path = ROOT, env: dict[str, str] | None = None) -> tuple[int, bytes, str]:
    """newslint with stderr (and optionally stdout) on a pseudo-terminal: exit code, stdout bytes (or b""
    when stdout is the terminal), and what the terminal received."""
    master, slave = pty.openpty()
    got: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the last holder of the slave end is gone
                return
            if not data:
                return
            got.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    proc = subprocess.run([sys.executable, "-m", "lint", *args], cwd=cwd, env=env or ENV, input=stdin or b"",
                          stdout=slave if stdout_tty else subprocess.PIPE,
                          stderr=slave if stderr_tty else subprocess.PIPE, timeout=300)
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    term = b"".join(got).decode("utf-8", "replace")
    if not stderr_tty:
        term = proc.stderr.decode("utf-8", "replace")
    return proc.returncode, proc.stdout or b"", term


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Articles of the sample: 900 paragraphs, about 65,000 characters."""
    path = tmp_path_factory.mktemp("progress") / "articles.jsonl"
    paras = paragraphs()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(900):
            fh.write(json.dumps({"id": i, "text": paras[i % len(paras)]}, ensure_ascii=False) + "\n")
    return path


def test_batch_draws_a_bar_on_a_terminal_and_the_output_is_the_same(articles: Path) -> None:
    code_tty, out_tty, term = run(["batch", str(articles), "--jobs", "1"])
    code_pipe, out_pipe, err_pipe = run(["batch", str(articles), "--jobs", "1"], stderr_tty=False)
    assert "检查稿件" in term and "篇" in term and "%" in term  # a regular file: a bar with a percentage
    assert out_tty == out_pipe and code_tty == code_pipe
    assert len(out_tty.splitlines()) == 900
    assert "检查稿件" not in err_pipe and "\x1b[" not in err_pipe  # a pipe: nothing drawn


def test_batch_from_a_pipe_counts_articles_without_a_total(articles: Path) -> None:
    _, out, term = run(["batch", "--lang", "en", "--jobs", "2"], stdin=articles.read_bytes())
    assert "linting" in term and " articles" in term
    assert "%" not in term  # stdin is a pipe: no total to show a percentage of
    assert len(out.splitlines()) == 900


def test_no_bar_over_output_streamed_to_the_same_terminal(articles: Path) -> None:
    _, _, term = run(["batch", str(articles), "--jobs", "1"], stdout_tty=True)
    assert '"id": 899' in term  # the output reached the terminal
    assert "检查稿件" not in term


def test_no_progress_turns_it_off(articles: Path) -> None:
    _, out, term = run(["batch", str(articles), "--jobs", "1", "--no-progress"])
    assert "检查稿件" not in term and "\x1b[" not in term
    assert len(out.splitlines()) == 900


def test_check_draws_a_bar_of_files_and_errors_still_print_whole(tmp_path: Path) -> None:
    paras = paragraphs()
    for i in range(40):
        (tmp_path / f"a{i:02}.txt").write_text("\n\n".join(paras[i % len(paras):] + paras[:i % len(paras)]),
                                               encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    code, out, term = run(["check", ".", "--format", "concise"], cwd=tmp_path)
    _, out_pipe, err_pipe = run(["check", ".", "--format", "concise"], cwd=tmp_path, stderr_tty=False)
    assert "检查文件" in term and "/41" in term  # 41 files to read, the broken one counted
    assert code == 2 and out == out_pipe
    error = next(ln for ln in err_pipe.splitlines() if "broken.docx" in ln)
    assert error in term  # the one-line error is printed above the bar, not cut by it
    assert "检查文件" not in err_pipe


def test_a_run_on_one_file_draws_nothing(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(paragraphs()[0], encoding="utf-8")
    _, out, term = run(["check", str(draft), "--format", "concise"])  # even with no delay: nothing left to show
    assert "检查文件" not in term and "\x1b[?25l" not in term  # no bar, no hidden cursor
    assert out  # the report itself

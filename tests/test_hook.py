"""The pre-commit hook as a drafts repository uses it (`pre-commit try-repo`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import ROOT, SEED


@pytest.mark.skipif(shutil.which("pre-commit") is None or not (ROOT / ".git").exists(),
                    reason="pre-commit or a git checkout not available")
@pytest.mark.slow
def test_pre_commit_try_repo_fails_on_the_seed_and_passes_clean_copy(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("本报讯　全市今年新增就业岗位一万个。\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(ROOT / ".pytest_cache" / "pre-commit")}
    # try-repo installs the hook into a store of its own each time (mostly waiting on the package index): the two
    # runs go side by side
    with ThreadPoolExecutor(2) as pool:
        bad_run, good_run = (pool.submit(subprocess.run, ["pre-commit", "try-repo", str(ROOT), "newslint", "--files",
                                                          str(f)], cwd=ROOT, capture_output=True, text=True, env=env,
                                         timeout=900) for f in (SEED, clean))
        bad, good = bad_run.result(), good_run.result()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "newslint (Chinese news copy)" in bad.stdout and "Failed" in bad.stdout
    assert "punctuation.half-width" in bad.stdout
    assert good.returncode == 0, good.stdout + good.stderr


def test_hook_takes_every_format_a_reader_reads() -> None:
    import re

    import yaml

    from lint import readers

    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    files = re.compile(hook["files"])
    for suffix in readers.suffixes():
        assert files.search(f"drafts/story{suffix}"), f"the hook's files: pattern misses {suffix}"
    assert not files.search("drafts/photo.jpg") and "text" not in hook["types"]  # .docx is not text to pre-commit

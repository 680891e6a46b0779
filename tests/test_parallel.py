"""`--jobs N`: worker processes give byte-identical output in input order, and a worker killed mid-run loses
no article."""

from __future__ import annotations

import gc
import json
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lint import api, parallel, resources

from .conftest import EVAL, ROOT, SEED, run_cli

# the People's Daily sample: beside the repo on the CI (conftest's EVAL), at /work/shared from a worktree
CLEAN = next((d / "clean_news_pd1998_2001.txt" for d in (EVAL, Path("/work/shared/eval")) if d.is_dir()),
             EVAL / "clean_news_pd1998_2001.txt")


def _articles(n: int) -> bytes:
    paras = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out = []
    for i in range(n):
        text = paras[i % len(paras)] + ("我们要再接再励。" if i % 5 == 0 else "")
        out.append(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False))
    return ("\n".join(out) + "\n").encode("utf-8")


def test_batch_jobs_2_is_byte_identical_to_jobs_1() -> None:
    data = _articles(120)
    one = run_cli("batch", "--jobs", "1", stdin=data)
    two = run_cli("batch", "--jobs", "2", stdin=data)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 120


def test_check_jobs_2_matches_jobs_1(tmp_path: Path) -> None:
    paras = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for i in range(24):
        (tmp_path / f"d{i:02}.txt").write_text("\n".join(paras[i:i + 3]) + "\n", encoding="utf-8")
    one = run_cli("check", "--format", "json", "--jobs", "1", str(tmp_path))
    two = run_cli("check", "--format", "json", "--jobs", "2", str(tmp_path))
    assert one.returncode == two.returncode
    assert json.loads(one.stdout) == json.loads(two.stdout)


def _processes(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "lint", *args], input=stdin, capture_output=True, cwd=ROOT,
                          timeout=600)


def test_real_processes_on_news_give_the_same_bytes() -> None:
    """Whole processes on real news: the serial one reads the model's tables from SQLite for its first few
    thousand lookups and loads them after; the workers have them loaded before the fork (Session.preload)."""
    if not CLEAN.exists():
        pytest.skip(f"eval data not found at {EVAL} (the CI has it beside the repo as ../shared)")
    with CLEAN.open(encoding="utf-8") as fh:
        paras = [ln.strip() for _, ln in zip(range(600), fh, strict=False) if ln.strip()]
    data = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(paras))
    one = _processes("batch", "--jobs", "1", stdin=data.encode())
    two = _processes("batch", "--jobs", "2", stdin=data.encode())
    assert one.returncode == two.returncode == 1, one.stderr
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == len(paras)


def test_preload_loads_what_a_long_run_loads_later() -> None:
    """Session.preload (parallel.warm, before the fork), in a fresh process: the word model's tables and the
    known-word set, which the first article had not loaded, are loaded."""
    if resources.find_lm_path(None) is None:
        pytest.skip("no KenLM word model installed")
    pytest.importorskip("kenlm")
    script = ("from lint import api, parallel, resources\n"
              "from lint.kinds.typos import KNOWN_MIN_FREQ\n"
              "from lint.typo.known import known_words\n"
              "from lint.typo.lm import language_model\n"
              "s = api.Session(api.Options())\n"
              "cfg, _ = s.linter_for('-')\n"
              "s.lint_text(parallel.WARM_TEXT, config=cfg)\n"
              "lm, known = language_model(resources.find_lm_path(cfg.model)), known_words(KNOWN_MIN_FREQ)\n"
              "print(type(lm.vocab) is set, known.short_words() is not None)\n"
              "s.preload()\n"
              "print(type(lm.vocab) is set, known.short_words() is not None)\n")
    got = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    before, after, _ = got.stdout.split("\n")
    # (the model's tables are loaded at once where its SQLite index is not built yet: a new cache directory)
    assert before in ("False False", "True False") and after == "True True", got.stderr


def test_check_preloads_only_when_each_worker_has_enough_text(tmp_path: Path) -> None:
    """`check --jobs 2` loads the tables before the fork when the files hold more text than a process reads
    before it loads them anyway (parallel.PRELOAD_BYTES a worker), not for a few short files."""
    if resources.find_lm_path(None) is None:
        pytest.skip("no KenLM word model installed")
    pytest.importorskip("kenlm")
    paras = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    small, big = tmp_path / "small", tmp_path / "big"
    for d, n in ((small, 1), (big, 12)):
        d.mkdir()
        for i in range(20):
            (d / f"d{i:02}.txt").write_text("\n".join(paras[i:i + n]) + "\n", encoding="utf-8")
    assert sum(f.stat().st_size for f in small.iterdir()) < 2 * parallel.PRELOAD_BYTES
    assert sum(f.stat().st_size for f in big.iterdir()) > 2 * parallel.PRELOAD_BYTES
    script = ("import sys\n"
              "from lint import api\n"
              "from lint.kinds.typos import KNOWN_MIN_FREQ\n"
              "from lint.typo.known import known_words\n"
              "results, _ = api.Session(api.Options()).run([sys.argv[1]], jobs=2)\n"
              "print(len(results.files), known_words(KNOWN_MIN_FREQ).short_words() is not None)\n")
    for d, loaded in ((small, False), (big, True)):
        got = subprocess.run([sys.executable, "-c", script, str(d)], capture_output=True, text=True, cwd=ROOT,
                             timeout=300)
        assert got.stdout == f"20 {loaded}\n", got.stderr


def _freeze_counts(chunk: list[int]) -> list[int]:
    return [gc.get_freeze_count() for _ in chunk]


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="workers are forked only where fork exists")
def test_workers_inherit_frozen_objects_and_the_parent_unfreezes() -> None:
    """The pool forks after gc.freeze: a worker's collector never walks what it inherited (and so never copies
    those pages); the parent, which may go on (cli.main in another program), is unfrozen after the run."""
    session = api.Session(api.Options())
    parallel.warm(session)
    gc.unfreeze()  # the shared model froze its tables as they loaded (lm.LanguageModel._settle): start from none
    got = list(parallel.ordered(session, 2, _freeze_counts, [[1, 2], [3], [4]], lambda c: [-1] * len(c)))
    assert len(got) == 4 and min(got) > 10_000  # the parent's loaded linter, frozen in every worker
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a program that froze its objects itself: they stay frozen after a run
    try:
        got = list(parallel.ordered(session, 2, _freeze_counts, [[1]], lambda c: [-1]))
        # (a frozen object is still freed when its last reference goes: the count is not exact)
        assert len(got) == 1 and got[0] > 10_000 and gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.slow
def test_a_killed_worker_loses_no_article(tmp_path: Path) -> None:
    data = _articles(400)
    src = tmp_path / "in.jsonl"
    src.write_bytes(data)
    serial = run_cli("batch", "--jobs", "1", str(src))
    proc = subprocess.Popen([sys.executable, "-m", "lint", "batch", "--jobs", "2", str(src)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline and proc.poll() is None:
        kids = _children(proc.pid)
        if len(kids) >= 2:  # the pool is up: kill one worker mid-run
            time.sleep(0.5)
            killed = kids[0]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.05)
    out, _err = proc.communicate(timeout=600)
    assert killed is not None, "the workers finished before one could be killed"
    ids = [json.loads(ln)["id"] for ln in out.decode().splitlines()]
    assert ids == [f"a{i}" for i in range(400)]  # every article once, in order
    assert out == serial.stdout  # the lost chunk was linted again


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killing_the_parent_ends_its_workers(tmp_path: Path, sig: signal.Signals) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(_articles(2000))
    proc = subprocess.Popen([sys.executable, "-m", "lint", "batch", "--jobs", "2", str(src)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    kids: list[int] = []
    deadline = time.monotonic() + 120
    while len(kids) < 2 and time.monotonic() < deadline and proc.poll() is None:
        kids = _children(proc.pid)
        time.sleep(0.05)
    assert len(kids) >= 2, "the pool did not come up"
    os.kill(proc.pid, sig)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [k for k in kids if _alive(k)]
    for k in left:  # leave nothing behind, whatever the outcome
        os.kill(k, signal.SIGKILL)
    assert not left, f"workers {left} outlived their parent"

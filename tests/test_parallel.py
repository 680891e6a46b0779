"""`--jobs N`: worker processes give byte-identical output in input order, and a worker killed mid-run loses
no article."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SEED, run_cli


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

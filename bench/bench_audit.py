#!/usr/bin/env python3
"""Throughput of ``newslint audit`` on a local Ray cluster with 1 and 2 lint actors, in the same run.

    python bench/bench_audit.py [--articles 20000] [--batch-size 100]

Builds ARTICLES articles at run time from the clean People's Daily text in ../shared/eval (one paragraph each;
past the end of the corpus, each repeat rotates the sentences of its paragraph so no two articles are the same),
starts one local Ray cluster, and audits the same JSON Lines file with --workers 1 then --workers 2. Reports:

- articles/s end to end (read, lint, write, summary) and in the lint phase, and the 2-worker / 1-worker ratio;
- the per-worker rate: articles per second a worker spends in its batches (``busy_seconds`` in summary.json);
- start-up: time from the command's start to its first finished batch, and a whole ``newslint audit`` process
  (Ray start included) against a whole ``newslint batch`` process, on the same 20 articles;
- peak RSS per lint actor;
- what a 16-worker cluster needs for 5 million articles, from the measured per-worker rate.

A benchmark, not a test: the machine may be shared, so the load average is printed beside the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's lint package, not an installed one
CLEAN = next((d / "clean_news_pd1998_2001.txt" for d in (ROOT.parent / "shared" / "eval", Path("/work/shared/eval"))
              if d.is_dir()), Path("clean_news_pd1998_2001.txt"))


def build(path: Path, n: int) -> int:
    lines = [ln for ln in CLEAN.read_text(encoding="utf-8").splitlines() if ln.strip()]
    chars = 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text, k = lines[i % len(lines)], i // len(lines)
            if k:
                parts = [s for s in text.split("。") if s]
                text = "。".join(parts[k % len(parts):] + parts[:k % len(parts)]) + "。"
            chars += len(text)
            f.write(json.dumps({"id": f"a{i:06d}", "text": text, "section": f"s{i % 7}"}, ensure_ascii=False) + "\n")
    return chars


def audit(src: Path, out: Path, workers: int, batch_size: int) -> dict:
    from lint.cli import main

    rc = main(["audit", str(src), "-o", str(out), "--workers", str(workers), "--batch-size", str(batch_size)])
    if rc not in (0, 1):
        raise SystemExit(f"audit failed with exit code {rc}")
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--batch-size", type=int, default=100)
    args = ap.parse_args()
    if not CLEAN.is_file():
        raise SystemExit(f"needs {CLEAN}")
    import ray

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        src, tiny = tmp / "archive.jsonl", tmp / "tiny.jsonl"
        chars = build(src, args.articles)
        build(tiny, 20)

        # Start-up: whole processes on 20 articles (Ray's start, the actor, the linter's load included).
        py = sys.executable
        t_batch = wall([py, "-m", "lint", "batch", str(tiny)])
        t_audit = wall([py, "-m", "lint", "audit", str(tiny), "-o", str(tmp / "tiny-out"), "--workers", "1"])

        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        ray.init(address="local", num_cpus=3, include_dashboard=False, _node_ip_address="127.0.0.1",
                 runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
        runs = {}
        for w in (1, 2):
            load0 = os.getloadavg()[0]
            runs[w] = audit(src, tmp / f"out{w}", w, args.batch_size)
            runs[w]["load"] = (load0 + os.getloadavg()[0]) / 2
        ray.shutdown()

    print(f"\n{args.articles} articles, {chars} characters ({chars / args.articles:.0f} per article), "
          f"batch size {args.batch_size}, {os.cpu_count()} cores\n")
    print("| workers | total s | articles/s | lint phase s | articles/s (lint) | first batch s | per-worker "
          "articles/busy s | per-worker articles/CPU s | peak RSS MiB per worker | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for w, s in runs.items():
        busy = sum(x["busy_seconds"] for x in s["workers"])
        cpu = sum(x["busy_cpu_seconds"] for x in s["workers"])
        rss = ", ".join(f"{x['peak_rss_mib']:.0f}" for x in s["workers"])
        print(f"| {w} | {s['seconds']:.1f} | {s['articles'] / s['seconds']:.0f} | {s['lint_seconds']:.1f} | "
              f"{s['articles'] / s['lint_seconds']:.0f} | {s['first_batch_seconds']:.1f} | "
              f"{s['articles'] / busy:.0f} | {s['articles'] / cpu:.0f} | {rss} | {s['load']:.1f} |")
    one, two = runs[1], runs[2]
    print(f"\nratio 2 workers / 1 worker: {one['seconds'] / two['seconds']:.2f}x end to end, "
          f"{one['lint_seconds'] / two['lint_seconds']:.2f}x in the lint phase "
          f"(load average {one['load']:.1f} and {two['load']:.1f} during the runs, {os.cpu_count()} cores)")
    print(f"start-up, 20 articles, whole process: newslint batch {t_batch:.1f} s, newslint audit {t_audit:.1f} s "
          f"(Ray start, actor start, linter load); overhead {t_audit - t_batch:.1f} s")
    rss = max(x["peak_rss_mib"] for s in runs.values() for x in s["workers"])
    for what, key in (("wall time in batches, on this shared machine", "busy_seconds"),
                      ("CPU time in batches, i.e. a worker with a core to itself", "busy_cpu_seconds")):
        busy = sum(x[key] for x in two["workers"])
        rate, crate = two["articles"] / busy, two["characters"] / busy
        print(f"per-worker rate by {what}: {rate:.0f} articles/s ({crate:.0f} characters/s); 16 workers, "
              f"5 million articles of this size: {5_000_000 / (16 * rate) / 3600:.2f} h "
              f"({5_000_000 / rate / 3600:.1f} worker-hours); at 2,000 characters per article: "
              f"{5_000_000 * 2000 / (16 * crate) / 3600:.1f} h")
    print(f"memory: 16 x {rss:.0f} MiB peak RSS = {16 * rss / 1024:.1f} GiB for the workers")


if __name__ == "__main__":
    main()

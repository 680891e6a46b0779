#!/usr/bin/env python3
"""The compiled build against pure Python, in one run.

    python bench/bench_compiled.py [TEXT_FILE ...] [--rounds 2] [--configs statistical,both] [--cold 5]
                                   [--build-dir DIR]

Compiles the hot modules the way the build hook does (tools/build_compiled.py: mypyc on a copy of lint/ in a
temporary directory; --build-dir DIR reuses or fills DIR instead), then runs bench/bench_throughput.py's
configurations (first pass over the documents, CPU time, a process each) for the checkout's pure-Python lint/
and for the compiled copy, alternating, best of --rounds, and prints chars/s and the ratios. --cold N: the
CPU and wall time of N one-line `python -m lint check` runs of each (start-up, models, the compiled import).
A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

import bench_throughput as bt  # noqa: E402
import build_compiled  # noqa: E402

LINE = "利润逐年曾长，记者昨天从市政府获悉，地铁三号线将于年底前全线通车。\n"


def cold_start(root: Path, line_file: Path) -> tuple[float, float]:
    """CPU (children's user + system) and wall seconds of one `python -m lint check` of a one-line file."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "lint", "check", "--exit-zero", str(line_file)], cwd=root, env=env,
                   check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds; the best of each is kept")
    ap.add_argument("--configs", default=",".join(bt.CONFIGS), help="which figures (default: all)")
    ap.add_argument("--cold", type=int, default=5, help="one-line check runs of each side (0: none)")
    ap.add_argument("--build-dir", type=Path, help="compile into (or reuse) this directory")
    args = ap.parse_args()
    paths = args.files or [next(p for p in bt.DEFAULTS if p.is_file())]
    with tempfile.TemporaryDirectory(prefix="newslint-compiled-") as tmp:
        out = (args.build_dir or Path(tmp)).resolve()
        if list(out.glob("*__mypyc.*")):
            print(f"compiled modules reused from {out}")
        else:
            t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            build_compiled.compile_into(out)
            c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            print(f"compiled {', '.join(build_compiled.MODULES)} in {time.perf_counter() - t0:.1f} s wall, "
                  f"{c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime:.1f} s CPU")
        sides = [("pure", ROOT), ("compiled", out)]
        configs = args.configs.split(",")
        best: dict[tuple[str, str], dict[str, float]] = {}
        for _ in range(args.rounds):
            for config in configs:
                for side, root in sides:
                    r = bt.run_worker(root, config, paths)
                    if r["compiled"] != (side == "compiled"):
                        sys.exit(f"{side}: the worker imported the wrong modules (compiled={r['compiled']})")
                    if (side, config) not in best or r["seconds"] < best[(side, config)]["seconds"]:
                        best[(side, config)] = r
        chars = next(iter(best.values()))["chars"]
        print(f"characters {chars:,.0f} in documents of ~2,000; CPU time of the first pass, best of {args.rounds}")
        for config in configs:
            p, c = best[("pure", config)], best[("compiled", config)]
            print(f"{bt.CONFIGS[config]:40s}  pure {chars / p['seconds']:>9,.0f} chars/s  compiled "
                  f"{chars / c['seconds']:>9,.0f} chars/s  ({p['seconds'] / c['seconds']:.2f}x)")
        if args.cold:
            line = Path(tmp) / "one-line.txt"
            line.write_text(LINE, encoding="utf-8")
            times: dict[str, list[tuple[float, float]]] = {side: [] for side, _ in sides}
            for _ in range(args.cold):
                for side, root in sides:
                    times[side].append(cold_start(root, line))
            print(f"one-line check, cold start (median of {args.cold}): " + ", ".join(
                f"{side} {sorted(t[0] for t in ts)[len(ts) // 2]:.2f} s CPU / "
                f"{sorted(t[1] for t in ts)[len(ts) // 2]:.2f} s wall" for side, ts in times.items()))


if __name__ == "__main__":
    main()

"""Cold start of a hook run, as ratios to a bare interpreter in the same run (this machine is shared).

    python bench/bench_startup.py [--runs 7] [--compare DIR]

Times whole processes (wall and CPU, medians): `python -c "import json, re"` (the baseline) and
`python -c pass` (a bare interpreter, the ratio issue 11 quotes in its last column),
`newslint check` on a one-line draft without a finding and on one with a typo finding, each with the caches
(word tables, pack pickles, the model's index) already built by a first run that is not counted.
``--compare DIR`` also times the same cases on another checkout (e.g. ``git worktree add /tmp/base main``),
interleaved with this one's, so before and after are measured under the same load.
The processes may write bytecode (into a cache under the temporary directory, not the checkouts), as an
installed hook's environment has it: with PYTHONDONTWRITEBYTECODE set, every run would compile newslint's
modules from source again (about 0.1 s) — ``--no-bytecode`` measures that case.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--compare", type=Path, metavar="DIR", help="another checkout to time alongside this one")
    ap.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE as it is")
    args = ap.parse_args()
    trees = {"": ROOT}
    if args.compare:
        trees = {f"[{args.compare.name}] ": args.compare.resolve(), "[this] ": ROOT}
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ)
        if not args.no_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(d, "pycache"))
        clean, typo = Path(d, "clean.txt"), Path(d, "typo.txt")
        clean.write_text("本报讯　全市今年新增就业岗位一万个。\n", encoding="utf-8")
        typo.write_text("我们要再接再励，把工作做好。\n", encoding="utf-8")
        # `python -m lint` from a checkout's root runs that checkout's lint/ package.
        cases: dict[str, tuple[list[str], Path]] = {
            "python -c 'import json, re'": ([sys.executable, "-c", "import json, re"], ROOT),
            "python -c pass": ([sys.executable, "-c", "pass"], ROOT)}
        for label, tree in trees.items():
            cases[f"{label}check, one line, no finding"] = ([sys.executable, "-m", "lint", "check", str(clean)], tree)
            cases[f"{label}check, one line, a typo finding"] = ([sys.executable, "-m", "lint", "check", str(typo)],
                                                                tree)
        for cmd, cwd in cases.values():
            run(cmd, cwd, env)  # build the caches (and the bytecode)
        got: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
        for _ in range(args.runs):
            for name, (cmd, cwd) in cases.items():  # interleaved, so load changes hit every case alike
                got[name].append(run(cmd, cwd, env))
    base_wall = statistics.median(w for w, _ in got["python -c 'import json, re'"])
    base_cpu = statistics.median(c for _, c in got["python -c 'import json, re'"])
    bare_wall = statistics.median(w for w, _ in got["python -c pass"])
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {args.runs} runs"
          f"{'' if args.no_bytecode else '; bytecode cached'}")
    width = max(map(len, got))
    print(f"{'case':{width}} {'wall s':>7} {'cpu s':>7} {'wall ×':>7} {'cpu ×':>7} {'÷ pass':>7}")
    for name, xs in got.items():
        wall, cpu = statistics.median(w for w, _ in xs), statistics.median(c for _, c in xs)
        print(f"{name:{width}} {wall:7.3f} {cpu:7.3f} {wall / base_wall:7.1f} {cpu / base_cpu:7.1f} "
              f"{wall / bare_wall:7.1f}")


if __name__ == "__main__":
    main()

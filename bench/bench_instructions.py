#!/usr/bin/env python3
"""Instructions the statistical typo check executes, counted by valgrind: the comparison of code that this shared
machine's drifting speed does not disturb (the same run repeated gives the same count to a few parts in 10,000).

    python bench/bench_instructions.py [--base DIR ...] [--compiled] [--docs 50]

For this checkout and each --base checkout (e.g. ``git worktree add /tmp/base a47c7f7``; any revision whose
``Linter.from_config`` / ``Document.from_text`` / ``Linter.lint`` it can call), and with --compiled for this checkout's
mypyc build (tools/build_compiled.py, into a temporary directory), a child process under
``valgrind --tool=cachegrind`` loads the default rules, warms up on other clean news (every table loaded), then lints
--docs documents of about 2,000 characters of clean news with ``typo.statistical`` alone. Its count minus that of
the same child linting none is the figure; ratios are to the first row. PYTHONHASHSEED is fixed. Instructions
are not time (a dictionary lookup that misses the cache costs more than its instructions say), so figures of time
come from bench/suite.py; this says which code does less. Needs valgrind (Debian: apt-get install valgrind); about
a minute a row under it. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_throughput  # noqa: E402

WARMUP_DOCS = slice(100, 105)  # ~10k characters after the first 200k: text the measured documents do not contain


def _texts(n: int) -> tuple[list[str], list[str]]:
    """(warm-up texts, n measured texts) of clean news, about 2,000 characters each."""
    news = next((p for p in bench_throughput.DEFAULTS[:-1] if p.is_file()), bench_throughput.DEFAULTS[-1])
    docs = bench_throughput.documents([news])
    return docs[WARMUP_DOCS], docs[:n]


def child(root: Path, n: int) -> None:
    """In this process: the statistical check over n documents with root's lint/."""
    sys.path.insert(0, str(root))
    from lint.config import load_config
    from lint.document import Document
    from lint.engine import Linter

    warm, texts = _texts(n)
    linter = Linter.from_config(load_config(None, root))
    rules = [r for r in linter.rules if r.kind == "typos" and r.options.get("check") is None]
    getattr(linter, "preload", lambda: None)()  # not in older revisions: their warm-up below loads the tables
    for i, t in enumerate(warm):
        linter.lint(Document.from_text(t, f"warm{i}.txt"), rules)
    docs = [Document.from_text(t, f"news{i}.txt") for i, t in enumerate(texts)]  # built in both runs
    for d in docs:
        linter.lint(d, rules)


def count(root: Path, n: int) -> int:
    """Instructions of child(root, n) under cachegrind."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    got = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, str(Path(__file__).resolve()), "--child", str(root), str(n)],
                         env=env, capture_output=True, text=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", got.stderr)
    if got.returncode != 0 or m is None:
        raise SystemExit(f"bench_instructions: the child for {root} failed (exit {got.returncode}):\n"
                         f"{got.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, action="append", default=[], help="another checkout to count (repeatable)")
    ap.add_argument("--compiled", action="store_true", help="also this checkout's mypyc build")
    ap.add_argument("--docs", type=int, default=50, help="documents of about 2,000 characters (default 50)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), int(args.child[1]))
        return 0
    if shutil.which("valgrind") is None:
        print("bench_instructions: valgrind not found (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    chars = sum(map(len, _texts(args.docs)[1]))
    rows = [("this checkout", ROOT), *((str(b), b.resolve()) for b in args.base)]
    with tempfile.TemporaryDirectory() as tmp:
        if args.compiled:
            sys.path.insert(0, str(ROOT / "tools"))
            import build_compiled  # type: ignore[import-not-found]

            out = Path(tmp)
            build_compiled.compile_into(out)
            rows.append(("this checkout, compiled (mypyc)", out))
        print(f"typo.statistical alone on {chars:,} characters of clean news ({args.docs} documents), "
              "instructions counted by valgrind")
        first = 0
        for label, root in rows:
            got = count(root, args.docs) - count(root, 0)
            first = first or got
            print(f"  {label:34s} {got / 1e9:6.2f} G  {got / chars:7,.0f} a character  "
                  f"{got / first:5.2f}x the first row")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

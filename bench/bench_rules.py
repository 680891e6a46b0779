#!/usr/bin/env python3
"""The default rules without the statistical typo models, together and one by one, against another checkout.

    python bench/bench_rules.py --base DIR [TEXT_FILE ...] [--rounds 3] [--top 15]

Each side (this checkout, and ``--base``, e.g. ``git worktree add --detach /tmp/base main``) runs in processes of
its own, alternating for ``--rounds`` rounds (the best of each is kept): first the whole set over the documents
(the "without the models" row of bench_throughput.py: CPU time of the first pass after a warm-up), then each
rule alone over fresh copies of the documents (so each pays for the per-document caches it uses). Prints
characters per second for both sides and the ratio, for the whole set and for the ``--top`` rules slowest
on the base side. Input as bench_throughput.py (default: the People's Daily sample). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_throughput import DEFAULTS, WARMUP, documents  # noqa: E402


def worker(root: Path, paths: list[Path]) -> dict[str, float]:
    """CPU seconds of the whole set and of each rule alone, with the lint/ of checkout root."""
    sys.path.insert(0, str(root))
    from lint.config import load_config
    from lint.document import Document
    from lint.engine import Linter

    linter = Linter.from_config(load_config(None, root))
    texts = documents(paths)
    linter.lint(Document.from_text(WARMUP, "warmup.txt"))  # loads everything
    rules = [r for r in linter.rules if r.kind != "typos" or r.options.get("check") == "idiom"]
    out: dict[str, float] = {}
    for rule in [None, *rules]:
        docs = [Document.from_text(t, f"bench{k}.txt") for k, t in enumerate(texts)]
        start = time.process_time()
        for d in docs:
            linter.lint(d, rules if rule is None else [rule])
        out["(all)" if rule is None else rule.id] = time.process_time() - start
    out["(chars)"] = sum(map(len, texts))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--base", type=Path, required=True, help="the checkout to compare with")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; the best of each is kept")
    ap.add_argument("--top", type=int, default=15, help="rules shown, the slowest on the base side first")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    paths = args.files or [next(p for p in DEFAULTS if p.is_file())]
    if args.worker:
        print(json.dumps(worker(args.worker.resolve(), paths)))
        return
    best: dict[str, dict[str, float]] = {"new": {}, "base": {}}
    for _ in range(args.rounds):
        for side, root in (("new", ROOT), ("base", args.base)):
            cmd = [sys.executable, __file__, "--base", str(args.base), "--worker", str(root), *map(str, paths)]
            got = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
            for k, v in got.items():
                best[side][k] = min(v, best[side].get(k, v))
    chars = best["new"]["(chars)"]
    print(f"characters {chars:,.0f}; CPU time, best of {args.rounds}; chars/s new | base | ratio")
    ids = sorted((k for k in best["base"] if k in best["new"] and not k.startswith("(")),
                 key=lambda k: -best["base"][k])
    for k in ["(all)", *ids[:args.top]]:
        n, b = best["new"][k], best["base"][k]
        print(f"  {k:40s} {chars / n:>12,.0f} {chars / b:>12,.0f} {b / n:>6.2f}x")


if __name__ == "__main__":
    main()

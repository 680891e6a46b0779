#!/usr/bin/env python3
"""Peak memory (RSS) of whole `python -m lint check` processes on 1 MB and 10 MB inputs, default rules and models.

    python bench/bench_memory.py [--sizes 1,10] [--format json] [--top 0] [--compare DIR]

Inputs, written to a temporary directory and removed afterwards: ``news`` — paragraphs of the People's Daily
sample (../shared/eval, looked for from this checkout; if absent, the seed article: another input whose figures do
not compare, and the first line of the output says which), one per line with blank lines between, repeated to the
size; ``dense`` — the same text with the sentence punctuation in half-width forms (，→, 。→. ：→: ；→;), so nearly
every sentence has findings.
Each run is its own process; its peak RSS is read with getrusage(RUSAGE_CHILDREN) in a fresh parent, so no earlier
run counts. The issue 12 target: at most 400 MB for 10 MB. ``--top N`` reruns the biggest input in-process under
tracemalloc and prints the N biggest allocation sites (slow: tracemalloc about doubles the time). ``--compare DIR``
runs another checkout (e.g. ``git worktree add --detach /tmp/base main``) on each input right after this one, its
code on PYTHONPATH, and prints both peaks and their ratio: a before/after table from one run on one machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_linear import NEWS, news_paragraphs  # noqa: E402

DENSE = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";"})
# A fresh parent per run: RUSAGE_CHILDREN's ru_maxrss is the largest child it has waited for (KiB on Linux).
PARENT = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
          " stderr=subprocess.PIPE); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode,"
          " r.stderr.decode(errors='replace').strip().splitlines()[-1:] if r.returncode > 1 else '')")


def build(size_mb: int, dense: bool) -> str:
    paras = news_paragraphs()
    out, n = [], 0
    while n < size_mb * 1_000_000:
        for p in paras:
            p = p.translate(DENSE) if dense else p
            out.append(p)
            n += len(p.encode("utf-8")) + 2
            if n >= size_mb * 1_000_000:
                break
    return "\n\n".join(out) + "\n"


def peak_mb(path: Path, fmt: str, root: Path = ROOT) -> tuple[float, str]:
    cmd = [sys.executable, "-c", PARENT, sys.executable, "-m", "lint", "check", str(path), "--format", fmt]
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=True, env=env).stdout.split(maxsplit=2)
    return int(out[0]) / 1024, " ".join(out[1:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10", help="input sizes in MB")
    ap.add_argument("--format", default="json", help="report format of the runs (json: rendering aside)")
    ap.add_argument("--top", type=int, default=0, help="tracemalloc's N biggest sites on the biggest input")
    ap.add_argument("--compare", type=Path, help="another checkout, run on each input after this one")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    other = args.compare.resolve() if args.compare else None
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp, "empty.txt")
        base.write_text("短。\n", encoding="utf-8")
        floor, _ = peak_mb(base, args.format)
        head = f"{'input':8s} {'MB':>4s} {'peak RSS MB':>12s} {'per input MB':>13s}"
        if other:
            floor_o, _ = peak_mb(base, args.format, other)
            head += f" {'compare MB':>11s} {'this/compare':>13s}"
        print(f"paragraphs from {next(p for p in NEWS if p.is_file())}")
        print(f"{head}   (a one-line file: {floor:.0f} MB" + (f", compare {floor_o:.0f} MB)" if other else ")"))
        biggest = base
        for dense in (False, True):
            for mb in sizes:
                path = Path(tmp, f"{'dense' if dense else 'news'}{mb}.txt")
                path.write_text(build(mb, dense), encoding="utf-8")
                peak, rc = peak_mb(path, args.format)
                row = f"{'dense' if dense else 'news':8s} {mb:>4d} {peak:>12.0f} {(peak - floor) / mb:>13.1f}"
                if other:
                    peak_o, rc_o = peak_mb(path, args.format, other)
                    row += f" {peak_o:>11.0f} {peak / peak_o:>13.2f}"
                    rc = f"{rc}, compare {rc_o}"
                print(f"{row}   exit {rc}", flush=True)
                biggest = path if mb == max(sizes) and not dense else biggest
        if args.top:
            top = ("import sys, tracemalloc; tracemalloc.start(); from lint import cli; "
                   "sys.argv = ['newslint', 'check', sys.argv[1], '--format', 'json', '-o', '/dev/null'];\n"
                   "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
                   "snap = tracemalloc.take_snapshot(); cur, peak = tracemalloc.get_traced_memory();"
                   f" print(f'traced peak {{peak / 2**20:.0f}} MB');"
                   f" [print(s) for s in snap.statistics('lineno')[:{args.top}]]")
            subprocess.run([sys.executable, "-c", top, str(biggest)], cwd=ROOT, check=False,
                           stdout=sys.stderr)


if __name__ == "__main__":
    main()

"""Benchmark: newslint's punctuation, style and script rules vs autocorrect-py's lint, same text, one run.

    python bench/bench_punctuation.py [--chars 500000] [--repeat 3] [--text FILE ...]

The text is cut into documents of about one article each (files, as a pre-commit hook sees them)
and both linters get the same documents. Default texts: the seed article repeated (copy full of
half-width punctuation, so thousands of findings), and the People's Daily eval text when it is
present beside the checkout (clean copy). Times are the best of --repeat runs after a warm-up
(so opencc and the rule automata are loaded in both cases). Prints one ratio per text.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint.config import load_config  # noqa: E402
from lint.document import Document  # noqa: E402
from lint.engine import Linter  # noqa: E402

SEED = ROOT / "seeds" / "000_e15ae0d257b06e66.txt"
PD = ROOT.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt"
CATEGORIES = ["punctuation", "style", "script"]  # this rules


def make_docs(source: str, total: int, doc_size: int = 5000) -> list[str]:
    """Documents of about doc_size characters, cut at line ends, totalling `total` characters."""
    lines = source.splitlines(keepends=True)
    docs: list[str] = []
    cur: list[str] = []
    size = n = 0
    i = 0
    while n < total:
        line = lines[i % len(lines)][: total - n]
        i += 1
        cur.append(line)
        size += len(line)
        n += len(line)
        if size >= doc_size:
            docs.append("".join(cur))
            cur, size = [], 0
    if cur:
        docs.append("".join(cur))
    return docs


def best_of(fn: Callable[[], int], repeat: int) -> tuple[float, int]:
    fn()  # warm-up: lazy resources, caches
    times = []
    found = 0
    for _ in range(repeat):
        t = time.perf_counter()
        found = fn()
        times.append(time.perf_counter() - t)
    return min(times), found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=500_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--text", type=Path, action="append", help="text file(s) to use instead of the defaults")
    args = ap.parse_args()

    import autocorrect_py

    cfg = load_config(None, ROOT)
    cfg.select = CATEGORIES
    linter = Linter.from_config(cfg)
    print(f"newslint rules: {len(linter.rules)} ({', '.join(CATEGORIES)}); autocorrect-py lint_for(…, 'text')")

    texts = args.text or [p for p in (SEED, PD) if p.is_file()]
    worst = 0.0
    for path in texts:
        docs = make_docs(path.read_text(encoding="utf-8"), args.chars)
        chars = sum(len(d) for d in docs)

        def run_newslint(docs: list[str] = docs) -> int:
            return sum(len(linter.lint(Document.from_text(d, "bench.txt"))) for d in docs)

        def run_autocorrect(docs: list[str] = docs) -> int:
            return sum(len(autocorrect_py.lint_for(d, "text").lines) for d in docs)

        t_nl, n_nl = best_of(run_newslint, args.repeat)
        t_ac, n_ac = best_of(run_autocorrect, args.repeat)
        ratio = t_nl / t_ac
        worst = max(worst, ratio)
        print(f"{path.name}: {chars:,} chars in {len(docs)} documents")
        print(f"  newslint     {t_nl * 1000:8.1f} ms  {chars / t_nl:12,.0f} chars/s  {n_nl:6d} findings")
        print(f"  autocorrect  {t_ac * 1000:8.1f} ms  {chars / t_ac:12,.0f} chars/s  {n_ac:6d} lines reported")
        print(f"  ratio newslint/autocorrect = {ratio:.2f}")
    print(f"RESULT worst_ratio={worst:.2f} (target <= 2.00)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

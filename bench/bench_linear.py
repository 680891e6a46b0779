#!/usr/bin/env python3
"""Is linting time linear in the input? Single long lines and long paragraphs, default rules with the models.

    python bench/bench_linear.py [--sizes 10000,100000,1000000] [--paras 5000,20000] [--top 6] [--memory]

Inputs (all built in memory, nothing written):
  * ``news line``: paragraphs of the People's Daily sample (../shared/eval) joined without line breaks into one
    line of N characters (the sample is about 280k characters, so the 1M line repeats it);
  * ``news para``: the same, as a single paragraph of 5k / 20k characters (one document each);
  * ``hostile line``: a pathological mix — long runs of one rare character, ASCII letters, digits,
    punctuation, doubled rare characters — interleaved with news text, N characters on one line.
For each input: CPU time of Document.from_text, of every default rule run alone on the document (their sum is the
lint), per-character time, and the ratio of time to the previous size next to the ratio of sizes (linear: the two
agree; a rule whose time ratio is well above the size ratio grows superlinearly). The slowest rules at the biggest
size are listed with their own ratios. Any rule skipped by its time budget is named (its time would be a lie).
A rule's time includes the per-document tables it builds first and the rules after it share (the number rules'
dates and quantities, the name guard's spans), so a single rule's ratio can jump where that work moves.
``--memory`` adds peak RSS of whole ``python -m lint check`` processes (bench/bench_memory.py).
CPU time (process_time), one run each: the machine is shared, so read ratios, not absolute figures.
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's lint/, not an installed one

from lint.config import load_config  # noqa: E402
from lint.document import Document  # noqa: E402
from lint.engine import Linter  # noqa: E402

NEWS = [ROOT.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt",
        ROOT.parent.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt",
        ROOT / "seeds" / "000_e15ae0d257b06e66.txt"]


def news_paragraphs() -> list[str]:
    path = next(p for p in NEWS if p.is_file())
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def news_text(n: int, paras: list[str]) -> str:
    """n characters of news, paragraphs joined with no line break (cycling through the sample)."""
    out, size = [], 0
    for p in itertools.cycle(paras):
        out.append(p)
        size += len(p)
        if size >= n:
            break
    return "".join(out)[:n]


def hostile_text(n: int, paras: list[str]) -> str:
    """n characters mixing the runs that once made a rule quadratic, with news text between them."""
    blocks = ["偐" * 3000, "a" * 3000, "1234567890" * 300, "，。！？、；：" * 400, "僥偐偐" * 1000,
              "的的" * 1500, "x@y." * 750, "——" * 1500, "（" * 1000 + "）" * 1000, "\u3000" * 1000]
    news = news_text(max(n, 3000), paras)
    out, size = [], 0
    for i, b in enumerate(itertools.cycle(blocks)):
        part = b + news[(i * 2000) % len(news):][:2000]
        out.append(part)
        size += len(part)
        if size >= n:
            break
    return "".join(out)[:n]


def measure(linter: Linter, text: str) -> tuple[float, dict[str, float], list[str], int]:
    """CPU seconds of building the Document, of each rule alone, the notes of skipped rules, findings."""
    t = time.process_time()
    doc = Document.from_text(text, "bench.txt")
    t_doc = time.process_time() - t
    per_rule: dict[str, float] = {"(document)": t_doc}
    notes: list[str] = []
    found = 0
    for r in linter.rules:
        t = time.process_time()
        found += len(linter.lint(doc, [r], notes))
        per_rule[r.id] = time.process_time() - t
    return sum(per_rule.values()), per_rule, notes, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="single-line sizes (characters)")
    ap.add_argument("--paras", default="5000,20000", help="paragraph sizes (characters)")
    ap.add_argument("--top", type=int, default=6, help="slowest rules to list at the biggest size")
    ap.add_argument("--memory", action="store_true", help="also run bench/bench_memory.py (peak RSS)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    para_sizes = [int(s) for s in args.paras.split(",") if s]
    paras = news_paragraphs()
    linter = Linter.from_config(load_config(None, ROOT))
    linter.lint(Document.from_text("热身：加载模型与词典。利润逐年曾长，的的确确。", "warm.txt"))  # load everything
    linter.lint(Document.from_text(news_text(5000, paras[::-1]), "warm.txt"))  # and fill the first caches

    series = [("news line", sizes, lambda n: news_text(n, paras)),
              ("news para", para_sizes, lambda n: news_text(n, paras)),
              ("hostile line", sizes, lambda n: hostile_text(n, paras))]
    print(f"{'input':14s} {'chars':>9s} {'CPU s':>8s} {'µs/char':>8s} {'size x':>7s} {'time x':>7s} {'findings':>9s}")
    for name, ns, make in series:
        prev: tuple[int, float, dict[str, float]] | None = None
        last: dict[str, float] = {}
        for n in ns:
            total, per_rule, notes, found = measure(linter, make(n))
            ratio = f"{n / prev[0]:7.1f} {total / prev[1]:7.1f}" if prev else f"{'':7s} {'':7s}"
            print(f"{name:14s} {n:>9,d} {total:8.2f} {total / n * 1e6:8.2f} {ratio} {found:>9,d}")
            for note in notes:
                print(f"    skipped: {note}")
            if prev and n == ns[-1]:
                last, before = per_rule, prev[2]
                top = sorted(last.items(), key=lambda kv: -kv[1])[:args.top]
                for rid, t in top:
                    r = t / before[rid] if before.get(rid) else float("nan")
                    print(f"    {rid:34s} {t:8.2f} s  {t / n * 1e6:7.2f} µs/char  time x {r:5.1f}"
                          f" (size x {n / prev[0]:.1f})")
            prev = (n, total, per_rule)
    if args.memory:
        subprocess.run([sys.executable, str(ROOT / "bench" / "bench_memory.py")], check=False)


if __name__ == "__main__":
    main()

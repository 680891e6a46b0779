#!/usr/bin/env python3
"""Throughput of the whole default rule set with the language models loaded, on one core.

    python bench/bench_throughput.py [TEXT_FILE ...] [--repeat 1]

Reports characters per second for (a) every default rule except the statistical typo checks,
(b) every default rule with the word model only (the character model switched off) and (c) every
default rule with both models, measured in the same run on the same documents, after a warm-up
that loads all resources (models, dictionaries), so cold start is reported separately.
Input: plain-text files, one paragraph per line, grouped into documents of about 2,000 characters
(default: the People's Daily sample in ../shared/eval if present, else the seed article). Prints
the slowest rules too. A benchmark, not a test: the acceptance target is 20,000 chars/s for (c).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's lint/, not an installed one

from lint import resources  # noqa: E402
from lint.config import load_config  # noqa: E402
from lint.document import Document  # noqa: E402
from lint.engine import Linter  # noqa: E402

DEFAULTS = [ROOT.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt",
            ROOT.parent.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt",
            ROOT / "seeds" / "000_e15ae0d257b06e66.txt"]


def documents(paths: list[Path], size: int = 2000) -> list[Document]:
    docs, buf, n = [], [], 0
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                buf.append(line)
                n += len(line)
                if n >= size:
                    docs.append(Document.from_text("\n\n".join(buf), f"bench{len(docs)}.txt"))
                    buf, n = [], 0
    if buf:
        docs.append(Document.from_text("\n\n".join(buf), f"bench{len(docs)}.txt"))
    return docs


def run(linter: Linter, docs: list[Document], rules: list) -> float:
    start = time.process_time()
    for d in docs:
        linter.lint(d, rules)
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--per-rule", type=int, default=8, help="show the N slowest rules")
    args = ap.parse_args()
    paths = args.files or [next(p for p in DEFAULTS if p.is_file())]
    t0 = time.perf_counter()
    linter = Linter.from_config(load_config(None, ROOT))
    docs = documents(paths)
    chars = sum(len(d.text) for d in docs) * args.repeat
    warm = Document.from_text("热身：加载模型与词典。利润逐年曾长。", "warmup.txt")
    linter.lint(warm)  # loads everything
    cold = time.perf_counter() - t0
    has_char = resources.find_char_lm_path(linter.config.char_model) is not None
    word_cfg = load_config(None, ROOT)
    word_cfg.char_model = str(ROOT / "no-such-char-model.klm")  # the character model off
    word_only = Linter.from_config(word_cfg)
    word_only.lint(warm)
    with_lm = linter.rules
    # the rules that need the language model: the typos kind, except the dictionary-only idiom check
    without = [r for r in linter.rules if r.kind != "typos" or r.options.get("check") == "idiom"]
    docs = docs * args.repeat
    t_without = run(linter, docs, without)
    # the two linters share the word model and its score cache: interleaved twice, best of each
    t_word, t_with = run(word_only, docs, word_only.rules), run(linter, docs, with_lm)
    t_word, t_with = min(t_word, run(word_only, docs, word_only.rules)), min(t_with, run(linter, docs, with_lm))
    print(f"documents {len(docs)}, characters {chars:,}, rules {len(with_lm)} (statistical: "
          f"{len(with_lm) - len(without)}); cold start incl. models {cold:.2f} s")
    print(f"baseline  (default rules without the models): {chars / t_without:>10,.0f} chars/s")
    print(f"word model only (whole default rule set):      {chars / t_word:>10,.0f} chars/s "
          f"({t_without / t_word:.2f}x baseline)")
    print(f"both models (whole default rule set):          {chars / t_with:>10,.0f} chars/s "
          f"({t_without / t_with:.2f}x baseline, {t_word / t_with:.2f}x word only)"
          + ("" if has_char else "  [no character model: run `newslint model fetch`]"))
    if args.per_rule:
        times = sorted(((run(linter, docs, [r]), r.id) for r in with_lm), reverse=True)[:args.per_rule]
        for t, rid in times:
            print(f"  {rid:40s} {chars / t:>12,.0f} chars/s alone")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Throughput of the default rule set with the language models loaded, on one core.

    python bench/bench_throughput.py [TEXT_FILE ...] [--base DIR] [--rounds 2] [--per-rule 8]

Reports characters per second (CPU time) for (a) every default rule except the statistical typo
checks, (b) ``typo.statistical`` alone with both models, (c) every default rule with the word model
only (the character model switched off) and (d) every default rule with both models. Each figure is
the first pass over the documents in a process of its own, after a warm-up on other text that loads
every resource, so no score cache has seen the documents (cold start is reported separately).
``--base DIR``: the same figures for another checkout (e.g. ``git worktree add /tmp/base main``) in
the same run, alternating with this one for ``--rounds`` rounds (best of each), and the ratios.
Input: plain-text files, one paragraph per line, grouped into documents of about 2,000 characters
(default: the People's Daily sample in ../shared/eval if present, else the seed article).
``--per-rule N`` then lists the N slowest rules of this checkout (each alone, both models).
Targets (issue 17): (b) >= 120,000 chars/s, (d) >= 40,000. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [ROOT.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt",
            ROOT.parent.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt",
            Path("/work/shared/eval/clean_news_pd1998_2001.txt"),
            ROOT / "seeds" / "000_e15ae0d257b06e66.txt"]
CONFIGS = {"without": "default rules without the models",
           "statistical": "typo.statistical alone, both models",
           "word": "whole default set, word model only",
           "both": "whole default set, both models"}
WARMUP = "热身：加载模型与词典。利润逐年曾长，记者昨天从市政府获悉。"


def documents(paths: list[Path], size: int = 2000) -> list[str]:
    docs, buf, n = [], [], 0
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                buf.append(line)
                n += len(line)
                if n >= size:
                    docs.append("\n\n".join(buf))
                    buf, n = [], 0
    if buf:
        docs.append("\n\n".join(buf))
    return docs


def worker(root: Path, config: str, paths: list[Path], per_rule: int) -> dict[str, float]:
    """One configuration's first pass, in this process, with the lint/ of checkout root."""
    sys.path.insert(0, str(root))
    from lint.config import load_config
    from lint.document import Document
    from lint.engine import Linter

    t0 = time.perf_counter()
    cfg = load_config(None, root)
    if config == "word":
        cfg.char_model = str(root / "no-such-char-model.klm")  # the character model off
    linter = Linter.from_config(cfg)
    docs = [Document.from_text(t, f"bench{k}.txt") for k, t in enumerate(documents(paths))]
    linter.lint(Document.from_text(WARMUP, "warmup.txt"))  # loads everything
    from lint import resources
    from lint.typo.lm import language_model

    lm_path = resources.find_lm_path(cfg.model)
    if lm_path is not None and hasattr(language_model(lm_path), "load_tables"):
        language_model(lm_path).load_tables()  # its tables, which a short text leaves on disk
    cold = time.perf_counter() - t0
    rules = linter.rules
    if config == "without":  # the typos kind, except the dictionary-only idiom check
        rules = [r for r in rules if r.kind != "typos" or r.options.get("check") == "idiom"]
    elif config == "statistical":
        rules = [r for r in rules if r.id == "typo.statistical"]
    start = time.process_time()
    for d in docs:
        linter.lint(d, rules)
    import lint.typo.detect
    import lint.typo.lm

    out = {"seconds": time.process_time() - start, "chars": sum(len(d.text) for d in docs), "cold": cold,
           "rules": len(rules),  # compiled: 1 when the typo modules imported are extensions (bench_compiled.py)
           "compiled": float(all(not m.__file__.endswith(".py") for m in (lint.typo.lm, lint.typo.detect)))}
    if per_rule:
        times = []
        for r in linter.rules:
            start = time.process_time()
            for d in docs:
                linter.lint(d, [r])
            times.append((time.process_time() - start, r.id))
        out["per_rule"] = sorted(times, reverse=True)[:per_rule]  # type: ignore[assignment]
    return out


def run_worker(root: Path, config: str, paths: list[Path], per_rule: int = 0) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--worker", config, "--root", str(root), "--per-rule", str(per_rule),
           *map(str, paths)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--base", type=Path, help="another checkout to measure in the same run")
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds; the best of each is kept")
    ap.add_argument("--per-rule", type=int, default=0, help="show the N slowest rules of this checkout")
    ap.add_argument("--configs", default=",".join(CONFIGS), help="which figures (default: all)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args()
    paths = args.files or [next(p for p in DEFAULTS if p.is_file())]
    if args.worker:
        print(json.dumps(worker(args.root.resolve(), args.worker, paths, args.per_rule)))
        return
    sides = [("new", ROOT)] + ([("base", args.base.resolve())] if args.base else [])
    best: dict[tuple[str, str], dict[str, float]] = {}
    configs = args.configs.split(",")
    for _ in range(args.rounds):
        for config in configs:
            for side, root in sides:
                r = run_worker(root, config, paths)
                if (side, config) not in best or r["seconds"] < best[(side, config)]["seconds"]:
                    best[(side, config)] = r
    chars = next(iter(best.values()))["chars"]
    print(f"characters {chars:,.0f} in documents of ~2,000; CPU time of the first pass, best of {args.rounds}")
    for config in configs:
        row = f"{CONFIGS[config]:40s}"
        for side, _ in sides:
            r = best[(side, config)]
            row += f"  {side} {r['chars'] / r['seconds']:>9,.0f} chars/s"
        if args.base:
            row += f"  ({best[('base', config)]['seconds'] / best[('new', config)]['seconds']:.2f}x base)"
        print(row)
    print("cold start incl. models (wall, under whatever load): " + ", ".join(
        f"{side} {best[(side, configs[-1])]['cold']:.2f} s" for side, _ in sides))
    if args.per_rule:
        r = run_worker(ROOT, "both", paths, args.per_rule)
        for t, rid in r["per_rule"]:  # type: ignore[attr-defined]
            print(f"  {rid:40s} {r['chars'] / t:>12,.0f} chars/s alone")


if __name__ == "__main__":
    main()

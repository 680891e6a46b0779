#!/usr/bin/env python3
"""Findings of two checkouts compared on a corpus: the typo detector's speed work must not change one.

    python bench/bench_typo_identical.py --base /tmp/base [--out DIR] [--lemon 2000]
    python bench/bench_typo_identical.py --dump FILE [--root DIR]      (one side only)

Each side runs in its own process from its own checkout (``--root``; default this one) and lints, with
the whole default rule set, (a) the clean People's Daily sample grouped into documents of about 2,000
characters, (b) the ``source`` side of SIGHAN-15 and (c) the first N rows of LEMON dev (one document
each), twice: with both models and with the word model only (the character model off). Every finding
is written as JSON (all fields of the Finding record), one document a line; the two dumps must be
equal line for line. Reports documents, findings and the first differences; exit 1 on any.
Eval data is read from ../shared/eval (never copied into the repo). Not a test: the in-suite check is
tests/test_typo_speed_identity.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
EVAL = next((p for p in (HERE.parent / "shared" / "eval", HERE.parent.parent / "shared" / "eval",
                         Path("/work/shared/eval")) if p.is_dir()), Path("/work/shared/eval"))


def corpus(lemon: int) -> list[tuple[str, str]]:
    """(name, text) documents: clean news in ~2,000-character documents, then the eval sources."""
    docs: list[tuple[str, str]] = []
    buf: list[str] = []
    n = 0
    for line in (EVAL / "clean_news_pd1998_2001.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            buf.append(line)
            n += len(line)
            if n >= 2000:
                docs.append((f"pd{len(docs)}", "\n\n".join(buf)))
                buf, n = [], 0
    if buf:
        docs.append((f"pd{len(docs)}", "\n\n".join(buf)))
    for name, limit in (("sighan15.jsonl", None), ("lemon_dev.jsonl", lemon)):
        with (EVAL / name).open(encoding="utf-8") as fh:
            for k, line in enumerate(fh):
                if limit is not None and k >= limit:
                    break
                rec = json.loads(line)
                docs.append((f"{name}:{rec.get('id', k)}", rec["source"]))
    return docs


def dump(root: Path, out: Path, lemon: int) -> None:
    sys.path.insert(0, str(root))  # that checkout's lint/
    from lint.config import load_config
    from lint.document import Document
    from lint.engine import Linter

    docs = corpus(lemon)
    both = Linter.from_config(load_config(None, root))
    cfg = load_config(None, root)
    cfg.char_model = str(root / "no-such-char-model.klm")  # the character model off
    word = Linter.from_config(cfg)
    t0 = time.process_time()
    with out.open("w", encoding="utf-8") as fh:
        for label, linter in (("both", both), ("word", word)):
            for name, text in docs:
                found = linter.lint(Document.from_text(text, f"{name}.txt"))
                rows = [dataclasses.asdict(f) for f in found]
                fh.write(json.dumps({"doc": f"{label}:{name}", "findings": rows}, ensure_ascii=False,
                                    sort_keys=True) + "\n")
    print(f"{root}: {len(docs)} documents x 2 configurations, {time.process_time() - t0:.1f} s CPU", file=sys.stderr)


def compare(a: Path, b: Path) -> int:
    left, right = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    docs = findings = typo = 0
    diffs = []
    for la, lb in zip(left, right, strict=False):
        ra, rb = json.loads(la), json.loads(lb)
        docs += 1
        findings += len(ra["findings"])
        typo += sum(1 for f in ra["findings"] if f["rule"].startswith("typo."))
        if la != lb:
            diffs.append((ra, rb))
    if len(left) != len(right):
        diffs.append(({"doc": f"{len(left)} lines"}, {"doc": f"{len(right)} lines"}))
    print(f"documents compared {docs:,}; findings {findings:,} (typo rules {typo:,}); differing documents {len(diffs)}")
    for ra, rb in diffs[:5]:
        print(f"  {ra['doc']}:\n    base {json.dumps(ra.get('findings'), ensure_ascii=False)[:600]}"
              f"\n    new  {json.dumps(rb.get('findings'), ensure_ascii=False)[:600]}")
    return 1 if diffs else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, help="the other checkout (e.g. `git worktree add /tmp/base main`)")
    ap.add_argument("--dump", type=Path, help="write this side's findings to FILE and stop")
    ap.add_argument("--root", type=Path, default=HERE, help="the checkout whose lint/ runs (with --dump)")
    ap.add_argument("--out", type=Path, default=Path("/tmp"), help="where the two dumps go")
    ap.add_argument("--lemon", type=int, default=2000, help="rows of LEMON dev (default 2000)")
    args = ap.parse_args()
    if args.dump:
        dump(args.root.resolve(), args.dump, args.lemon)
        return
    if args.base is None:
        ap.error("give --base DIR (or --dump FILE)")
    outs = []
    for tag, root in (("base", args.base), ("new", HERE)):
        out = args.out / f"typo_identical.{tag}.jsonl"
        subprocess.run([sys.executable, __file__, "--dump", str(out), "--root", str(root),
                        "--lemon", str(args.lemon)], check=True)
        outs.append(out)
    sys.exit(compare(*outs))


if __name__ == "__main__":
    main()

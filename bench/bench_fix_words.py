#!/usr/bin/env python3
"""Do safe fixes keep the words around them? ``--fix`` with the built-in packs over clean copy, each
applied edit checked with jieba itself (its own Tokenizer, not newslint's cached-table route).

    python bench/bench_fix_words.py [TEXT_FILE ...] [--limit N] [--hmm]

Input: one paragraph per line (default: the clean People's Daily corpus in ../shared/eval).
Each line is one document, fixed as ``newslint check --fix`` does (fix.fix_document: every safe
fix, re-lint, repeat). An edit passes when jieba's words entirely left of it and entirely right
of it are the same before and after the edit, and both its ends are word boundaries before and
after (the edit changes its own span only). Prints the count of edits checked, per rule, and
every failure. ``--hmm`` segments with jieba's HMM too (its default ``cut``); without it, the
dictionary route newslint's check uses. ``--inject N`` first drops one wrong form of the built-in
substitution and existence packs into each line, at a random place (often inside a word; random
seed N), so that the list rules have something to fix. Exit 1 when an edit fails.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from lint.config import load_config
from lint.document import Document
from lint.engine import Linter
from lint.finding import Edit, Finding
from lint.fix import MAX_PASSES, applicable, apply_edits

ROOT = Path(__file__).resolve().parent.parent
CORPUS = "clean_news_pd1998_2001.txt"
EVAL_DIRS = (ROOT.parent / "shared" / "eval", ROOT.parent.parent / "shared" / "eval")


def corpus_path() -> Path | None:
    return next((d / CORPUS for d in EVAL_DIRS if (d / CORPUS).is_file()), None)


def re_blocks(text: str) -> Iterator[Any]:
    """jieba's blocks of text (re_han_default): the spans it segments with its dictionary."""
    import jieba

    return jieba.re_han_default.finditer(text)  # type: ignore[no-any-return]


@cache
def tokenizer() -> Any:
    """A jieba Tokenizer of this script's own (a word is added to it for one cut, then taken out)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def jieba_bounds(text: str, hmm: bool, word: tuple[str, int] | None = None) -> set[int]:
    """Offsets where jieba's words of text begin or end (0 and len(text) included); ``word``: a
    (word, frequency) added for this cut as a jieba user word (add_word), then taken out again."""
    tok = tokenizer()
    saved = None
    if word is not None:
        saved = (tok.FREQ.get(word[0]), tok.total)
        tok.add_word(word[0], word[1])
    try:
        out, pos = {0}, 0
        for w in tok.cut(text, HMM=hmm):
            pos += len(w)
            out.add(pos)
        return out
    finally:
        if word is not None and saved is not None:
            if saved[0] is None:
                tok.FREQ.pop(word[0], None)
            else:
                tok.FREQ[word[0]] = saved[0]
            tok.total = saved[1]


def edit_keeps_words(text: str, e: Edit, hmm: bool = False, weighted: bool = True, strict: bool = False) -> bool:
    """Applying e to text splits no word of jieba's segmentation outside e, and e's ends are word
    boundaries before it: every word left and right of the edit stays whole, though it may join the
    replacement into a longer word (招聘启示 → 招聘启事). ``weighted``: the text replaced is read as the word
    it stands for (a jieba user word at its replacement's frequency, if higher: a misspelling is in no
    dictionary); ``strict``: the words outside e must be the very same."""
    new = text[:e.offset] + e.replacement + text[e.end_offset:]
    r_end = e.offset + len(e.replacement)
    old = text[e.offset:e.end_offset]
    freq = tokenizer().FREQ
    weight = max(freq.get(old) or 0, freq.get(e.replacement) or 0) if weighted and old else 0
    before = jieba_bounds(text, hmm, (old, weight) if weight else None)
    after = jieba_bounds(new, hmm)
    if not {e.offset, e.end_offset} <= before:
        return False
    shift = e.end_offset - r_end
    left = {b for b in after if b < e.offset}
    right = {b + shift for b in after if b > r_end}
    if strict:
        return ({e.offset, r_end} <= after and left == {b for b in before if b < e.offset}
                and right == {b for b in before if b > e.end_offset})
    return left <= before and right <= before


def applied_fixes(linter: Linter, doc: Document) -> list[tuple[str, Finding]]:
    """(text before the pass, finding) for every fix ``--fix`` applies to doc, pass by pass, chosen
    as fix.apply_edits chooses them (sorted, an overlapping one waits for the next pass)."""
    out: list[tuple[str, Finding]] = []
    findings = linter.lint(doc)
    for _ in range(MAX_PASSES):
        todo = applicable(findings, unsafe=False)
        if not todo:
            break
        taken: list[Edit] = []
        for f in sorted(todo, key=Finding.sort_key):
            assert f.fix is not None
            if any(_overlap(a, b) for a in f.fix.edits for b in taken):
                continue
            taken.extend(f.fix.edits)
            out.append((doc.text, f))
        text, n = apply_edits(doc.text, todo)
        if n == 0 or text == doc.text:
            break
        doc = Document.from_text(text, doc.path, doc.markup, doc.encoding, doc.bom)
        findings = linter.lint(doc)
    return out


def _overlap(a: Edit, b: Edit) -> bool:
    from lint.fix import _overlap as fix_overlap

    return fix_overlap(a, b)


def inject(lines: list[str], seed: int) -> list[str]:
    """Each line with one wrong form of a built-in substitution or existence rule at a random place."""
    import random

    from lint.rules import builtin_packs, load_packs

    forms = sorted({w for r in load_packs(builtin_packs()) if r.kind in ("substitution", "existence")
                    for w in (r.options.get("swap") or r.options.get("tokens") or [])})
    rnd = random.Random(seed)
    out = []
    for line in lines:
        at = rnd.randint(0, len(line))
        out.append(line[:at] + rnd.choice(forms) + line[at:])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help="text files, one paragraph per line (default: the corpus)")
    ap.add_argument("--limit", type=int, default=0, help="first N lines only")
    ap.add_argument("--hmm", action="store_true", help="segment with jieba's HMM as well")
    ap.add_argument("--inject", type=int, metavar="SEED", help="drop a built-in wrong form into each line")
    args = ap.parse_args(argv)
    paths = args.paths or [p for p in [corpus_path()] if p]
    if not paths:
        print(f"no corpus: {CORPUS} not found in {', '.join(map(str, EVAL_DIRS))}", file=sys.stderr)
        return 2
    lines = [ln for p in paths for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if args.limit:
        lines = lines[:args.limit]
    if args.inject is not None:
        lines = inject(lines, args.inject)
    linter = Linter.from_config(load_config(None, ROOT))
    t0 = time.perf_counter()
    checked, per_rule, failures, plain = 0, Counter(), [], 0
    for i, line in enumerate(lines):
        for text, f in applied_fixes(linter, Document.from_text(line, f"line{i + 1}.txt")):
            assert f.fix is not None
            for e in f.fix.edits:
                checked += 1
                per_rule[f.rule] += 1
                if not edit_keeps_words(text, e, args.hmm):
                    failures.append((i + 1, f.rule, text[max(0, e.offset - 8):e.end_offset + 8], e))
                plain += not edit_keeps_words(text, e, args.hmm, weighted=False)
    took = time.perf_counter() - t0
    print(f"{len(lines)} lines, {sum(map(len, lines))} characters, {took:.1f} s")
    print(f"edits checked: {checked} (jieba {'with' if args.hmm else 'without'} HMM); failures: {len(failures)}"
          f" ({plain} with the replaced text not weighed as a word)")
    for rule, n in per_rule.most_common():
        print(f"  {n:6d}  {rule}")
    for line_no, rule, around, e in failures:
        print(f"FAIL line {line_no} {rule}: {around!r} [{e.offset}:{e.end_offset}] -> {e.replacement!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Check the known-wrong-form list (or a candidate list) before an entry goes in.

How rules/typo-wrong-forms.yaml was curated: every candidate ``wrong → right`` pair (from
well-known lists of common misspellings, pycorrector's data and the editorial standards) was run
through this script, and an entry was kept only when

1. the wrong form never occurs in clean news text (``--corpus``, default the People's Daily
   sample in ../shared/eval), outside the entry's listed exceptions;
2. no dictionary word longer than the wrong form contains it (jieba's dictionary, plus any
   ``--words`` list such as pycorrector's word_freq.txt), unless that word is in ``exceptions``;
3. it cannot arise across a word boundary between two common words (a word ending in the first
   part, a word starting with the rest: 宣布|署名 makes 布署) — printed as "boundary" for review;
4. the right form is a known word (dictionary or corpus), so the suggestion itself is sound.

Usage::

    python tools/check_wrong_forms.py                       # check the shipped pack
    python tools/check_wrong_forms.py --candidates c.txt     # lines "wrong right", for curating
    python tools/check_wrong_forms.py --words word_freq.txt --min-freq 50

Exit status 1 when an entry's wrong form occurs in the corpus or its right form equals it.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint.kinds.substitution import parse_entry  # noqa: E402
from lint.resources import word_freq  # noqa: E402
from lint.rules import load_pack  # noqa: E402

DEFAULT_PACK = ROOT / "rules" / "typo-wrong-forms.yaml"
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt"
RULE_ID = "typo.known-wrong-form"


def load_entries(args: argparse.Namespace) -> tuple[list[tuple[str, list[str]]], list[str]]:
    if args.candidates:
        out = []
        for line in Path(args.candidates).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and not line.startswith("#"):
                out.append((parts[0], parts[1:]))
        return out, []
    rule = next(r for r in load_pack(Path(args.pack)) if r.id == RULE_ID)
    entries = [(w, parse_entry(w, v).to) for w, v in rule.options["swap"].items()]
    return entries, list(rule.options.get("exceptions", []))


def load_words(args: argparse.Namespace) -> dict[str, int]:
    words = {w: f for w, f in word_freq().items() if f >= args.min_freq}
    for path in args.words or []:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts:
                continue
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else args.min_freq
            if freq >= args.min_freq:
                words[parts[0]] = max(words.get(parts[0], 0), freq)
    return words


def covered(text: str, start: int, end: int, exceptions: list[str]) -> bool:
    """True when text[start:end] lies inside an occurrence of an exception word."""
    for exc in exceptions:
        i = text.find(exc, max(0, start - len(exc)), end + len(exc))
        while i != -1 and i <= start:
            if i + len(exc) >= end:
                return True
            i = text.find(exc, i + 1, end + len(exc))
    return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", default=str(DEFAULT_PACK))
    ap.add_argument("--candidates", help="text file of 'wrong right' lines instead of the pack")
    ap.add_argument("--corpus", action="append", help=f"clean text (default {DEFAULT_CORPUS})")
    ap.add_argument("--words", action="append", help="extra word list, 'word [freq]' per line")
    ap.add_argument("--min-freq", type=int, default=5, help="ignore dictionary words rarer than this")
    ap.add_argument("--boundary-freq", type=int, default=2000,
                    help="report boundary splits only when both words are at least this frequent")
    ap.add_argument("--quiet", action="store_true", help="print only entries with a problem")
    args = ap.parse_args()

    entries, exceptions = load_entries(args)
    corpora = [Path(p) for p in (args.corpus or [DEFAULT_CORPUS])]
    text = "\n".join(p.read_text(encoding="utf-8") for p in corpora)
    words = load_words(args)
    jieba_all = word_freq()

    # Index dictionary words by their prefixes and suffixes once, for the boundary check.
    ends: dict[str, tuple[int, str]] = defaultdict(lambda: (0, ""))
    starts: dict[str, tuple[int, str]] = defaultdict(lambda: (0, ""))
    for w, f in words.items():
        for k in range(1, min(len(w), 4) + 1):
            if len(w) > k and f > ends[w[-k:]][0]:
                ends[w[-k:]] = (f, w)
            if f > starts[w[:k]][0]:
                starts[w[:k]] = (f, w)

    failed = 0
    seen: set[str] = set()
    for wrong, rights in entries:
        problems: list[str] = []
        notes: list[str] = []
        if wrong in seen:
            problems.append("duplicate entry")
        seen.add(wrong)
        if wrong in rights:
            problems.append("right form equals the wrong form")
        hits = []
        i = text.find(wrong)
        while i != -1:
            if not covered(text, i, i + len(wrong), exceptions):
                hits.append(text[max(0, i - 8):i + len(wrong) + 8].replace("\n", " "))
            i = text.find(wrong, i + 1)
        if hits:
            problems.append(f"corpus {len(hits)}: " + " | ".join(hits[:3]))
        longer = sorted(((f, w) for w, f in words.items() if wrong in w and w != wrong
                         and w not in exceptions), reverse=True)
        if longer:
            problems.append("inside words: " + " ".join(f"{w}({f})" for f, w in longer[:6]))
        for k in range(1, len(wrong)):
            (fa, wa), (fb, wb) = ends.get(wrong[:k], (0, "")), starts.get(wrong[k:], (0, ""))
            if fa >= args.boundary_freq and fb >= args.boundary_freq:
                cand = wa + wb[len(wrong) - k:] if wb.startswith(wrong[k:]) else wa + wb
                if not covered(cand, len(wa) - k, len(wa) - k + len(wrong), exceptions):
                    notes.append(f"boundary {wa}|{wb}")
        if jieba_all.get(wrong):
            notes.append(f"jieba lists wrong form (freq {jieba_all[wrong]})")
        for r in rights:
            if r not in jieba_all and r not in text:
                notes.append(f"right form {r} unknown to jieba and corpus")
        right_n = sum(text.count(r) for r in rights)
        bad = any(p.startswith(("corpus", "right form equals", "duplicate")) for p in problems)
        failed += bad
        if problems or notes or not args.quiet:
            flag = "FAIL" if bad else ("CHECK" if problems or notes else "ok")
            print(f"{flag:5} {wrong} → {'/'.join(rights)} (right form in corpus {right_n})"
                  + "".join(f"\n      {m}" for m in problems + notes))
    print(f"{len(entries)} entries, {failed} failing", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

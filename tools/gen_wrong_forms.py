#!/usr/bin/env python3
"""Generate candidate known-wrong forms (错别字) for rules/typo-wrong-forms.yaml, to be checked.

Systematic generation, from general data only: everyday words and idioms (jieba's dictionary by
frequency, its idioms) with one character swapped for a partner writers confuse it with
(lint/data/typo_frequent_pairs.txt for everyday words; the same-sound-and-tone column of
lint/data/typo_confusion.tsv, plus those pairs, for idioms and three-character words). A candidate
is printed only when its wrong form passes tools/check_wrong_forms.py's strict checks: it is no
dictionary word (jieba, the word model's vocabulary, pypinyin's phrases), lies inside none, occurs in
no clean text (People's Daily and the correct side of the evaluation sets: a filter that only
removes), and no common word junction spells it. Among a word's passing forms the one the character
model (people_chars_lm.klm, when present) finds most natural comes first: the slip a writer makes
is the one that reads like text (再接再励, 励 as in 鼓励).

Usage::

    python tools/gen_wrong_forms.py idioms  > idioms.txt      # "wrong right" lines
    python tools/gen_wrong_forms.py words   > words.txt
    python tools/gen_wrong_forms.py words3  > words3.txt
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from check_wrong_forms import DEFAULT_PACK, RULE_ID, Checker, default_corpora  # noqa: E402

from lint import resources  # noqa: E402
from lint.rules import load_pack  # noqa: E402
from lint.typo.lm import confusion_table  # noqa: E402

PAIRS = ROOT / "lint" / "data" / "typo_frequent_pairs.txt"
NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "eng", "x"}


def frequent_pairs() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        group = line.strip()
        if not group or group.startswith("#") or group == "的得":  # 的/得 is grammar, not spelling
            continue
        for c in group:
            out.setdefault(c, set()).update(set(group) - {c})
    return out


def char_freq() -> dict[str, int]:
    return {w: f for w, f in resources.word_freq().items() if len(w) == 1}


def swaps(word: str, partners: dict[str, set[str]]) -> Iterator[str]:
    for i, c in enumerate(word):
        for p in sorted(partners.get(c, ())):
            yield word[:i] + p + word[i + 1:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", choices=["idioms", "words", "words3"])
    ap.add_argument("--min-freq", type=int, default=0, help="least jieba frequency of the right word")
    ap.add_argument("--per-word", type=int, default=1, help="wrong forms kept per right word")
    ap.add_argument("--boundary-freq", type=int, default=300, help="as in check_wrong_forms.py, stricter")
    ap.add_argument("--single-freq", type=int, default=5000, help="as in check_wrong_forms.py, stricter")
    ap.add_argument("--char-freq", type=int, default=3000, help="least jieba frequency of a swapped-in character")
    args = ap.parse_args()

    rule = next(r for r in load_pack(DEFAULT_PACK) if r.id == RULE_ID)
    shipped = set(rule.options["swap"])
    chk = Checker(default_corpora(), boundary_freq=args.boundary_freq, single_freq=args.single_freq,
                  exceptions=rule.options.get("exceptions", []))
    cf = char_freq()
    tags = resources.word_tags()
    conf = confusion_table()
    fp = frequent_pairs()
    homophones = {c: {p for p in row[0] if cf.get(p, 0) >= args.char_freq} | fp.get(c, set())
                  for c, row in conf.items()}

    if args.source == "idioms":
        rights = {w: f for w, f in resources.idioms().items() if f >= max(args.min_freq, 20)}
        partners = homophones
    elif args.source == "words":
        rights = {w: f for w, f in chk.jieba.items() if len(w) in (2, 3) and f >= (args.min_freq or 2000)
                  and tags.get(w) not in NAME_TAGS}
        partners = fp
    else:
        rights = {w: f for w, f in chk.jieba.items() if len(w) == 3 and f >= (args.min_freq or 300)
                  and tags.get(w) not in NAME_TAGS}
        partners = homophones

    cands: dict[str, str] = {}
    for right in rights:
        if not all(c in conf for c in right):
            continue
        for wrong in swaps(right, partners):
            if wrong not in shipped and wrong not in rights and wrong not in cands:
                cands[wrong] = right
    # Cheap filters first (dictionary, inside words, corpus), then the boundary check.
    listed = {w for w in cands if chk.dictionary_word(w)}
    inside = chk.inside_words(cands)
    hits = chk.corpus_hits(cands)
    ok = {w: r for w, r in cands.items()
          if w not in listed and w not in inside and w not in hits and not chk.boundaries(w)}

    lm = None
    path = resources.find_char_lm_path()
    if path:
        lm = resources.kenlm_model(path)
    by_right: dict[str, list[tuple[float, str]]] = {}
    for w, r in ok.items():
        # How much less natural the wrong form reads than the right one (small: a likely slip).
        score = (lm.score(" ".join(w), bos=False, eos=False) - lm.score(" ".join(r), bos=False, eos=False)
                 if lm is not None else 0.0)
        by_right.setdefault(r, []).append((score, w))
    for r in sorted(by_right, key=lambda r: -rights[r]):
        for score, w in sorted(by_right[r], reverse=True)[:args.per_word]:
            print(f"{w} {r} {score:.2f} {rights[r]}")
    print(f"{len(cands)} candidates, {len(ok)} pass, {len(by_right)} right words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

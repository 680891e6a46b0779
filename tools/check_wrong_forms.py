#!/usr/bin/env python3
"""Check the known-wrong-form list (or a candidate list) before an entry goes in.

How rules/typo-wrong-forms.yaml was curated: every candidate ``wrong → right`` pair (from
well-known lists of common misspellings, pycorrector's data, the editorial standards and
tools/gen_wrong_forms.py) was run through this script, and an entry was kept only when

1. the wrong form never occurs in clean text (``--corpus``, default the People's Daily sample and
   the correct ``target`` side of the evaluation sets in ../shared/eval, used only to remove
   entries), outside the entry's listed exceptions;
2. no dictionary word longer than the wrong form contains it (jieba's dictionary, the word model's
   vocabulary, pypinyin's phrases, plus any ``--words`` list such as pycorrector's word_freq.txt),
   unless that word is in ``exceptions``;
3. it cannot arise across a word boundary between two common words (a word ending in the first
   part, a word starting with the rest: 宣布|署名 makes 布署; a frequent one-character word counts
   too: 竟|争取 makes 竟争) — printed as "boundary" for review, a failure with ``--strict``;
4. the right form is a known word (dictionary or corpus), so the suggestion itself is sound;
5. with ``--strict`` (used for generated candidates), the wrong form is itself no dictionary word.

Usage::

    python tools/check_wrong_forms.py                       # check the shipped pack
    python tools/check_wrong_forms.py --candidates c.txt     # lines "wrong right", for curating
    python tools/check_wrong_forms.py --candidates c.txt --strict --keep ok.txt
    python tools/check_wrong_forms.py --words word_freq.txt --min-freq 50

Exit status 1 when an entry's wrong form occurs in the corpus or its right form equals it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import ahocorasick

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint import resources  # noqa: E402
from lint.kinds.substitution import parse_entry  # noqa: E402
from lint.rules import load_pack  # noqa: E402

DEFAULT_PACK = ROOT / "rules" / "typo-wrong-forms.yaml"
# ../shared/eval beside the checkout (a worktree under /work/wt/ finds /work/shared/eval).
EVAL = next((d / "shared" / "eval" for d in ROOT.parents if (d / "shared" / "eval").is_dir()),
            ROOT.parent / "shared" / "eval")
DEFAULT_CORPUS = EVAL / "clean_news_pd1998_2001.txt"
RULE_ID = "typo.known-wrong-form"


def default_corpora() -> list[Path]:
    """The clean People's Daily text and the evaluation sets (their correct side is read)."""
    return [p for p in [DEFAULT_CORPUS, *sorted(EVAL.glob("*.jsonl"))] if p.is_file()]


def read_corpus(paths: Iterable[Path]) -> str:
    """Clean text: a .txt as is, a .jsonl's ``target`` fields only (never its ``source``)."""
    parts: list[str] = []
    for p in paths:
        if p.suffix == ".jsonl":
            with p.open(encoding="utf-8") as fh:
                parts.extend(json.loads(line)["target"] for line in fh if line.strip())
        else:
            parts.append(p.read_text(encoding="utf-8"))
    return "\n".join(parts)


def model_vocabulary() -> set[str]:
    """The word model's vocabulary (libime's zh_CN.lm), empty when the model is absent."""
    path = resources.find_lm_path()
    if not path:
        return set()
    from lint.typo.lm import read_vocabulary

    return read_vocabulary(path, resources.kenlm_model(path))


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton | None:
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    if not len(auto):
        return None
    auto.make_automaton()
    return auto


def covered(text: str, start: int, end: int, exceptions: Iterable[str]) -> bool:
    """True when text[start:end] lies inside an occurrence of an exception word."""
    for exc in exceptions:
        i = text.find(exc, max(0, start - len(exc)), end + len(exc))
        while i != -1 and i <= start:
            if i + len(exc) >= end:
                return True
            i = text.find(exc, i + 1, end + len(exc))
    return False


class Checker:
    """Dictionaries, clean text and the boundary index, loaded once for many candidates."""

    def __init__(self, corpora: list[Path], extra_words: list[str] | None = None, min_freq: int = 5,
                 boundary_freq: int = 2000, single_freq: int = 20000, exceptions: Iterable[str] = ()) -> None:
        self.text = read_corpus(corpora)
        self.exceptions = list(exceptions)
        self.boundary_freq = boundary_freq
        self.single_freq = single_freq
        self.jieba: dict[str, int] = dict(resources.word_freq().items())
        self.vocab = model_vocabulary()
        self.phrases = set(resources.pinyin_phrases())
        words = {w: f for w, f in self.jieba.items() if f >= min_freq}
        for w in self.vocab | self.phrases:
            words.setdefault(w, min_freq)
        for path in extra_words or []:
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                parts = line.split()
                if not parts:
                    continue
                freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else min_freq
                if freq >= min_freq:
                    words[parts[0]] = max(words.get(parts[0], 0), freq)
        self.words = words
        # Boundary index: the most frequent word ending / starting with each 1-4 character string.
        # A one-character word that is itself the part (竟, 在) counts only from single_freq.
        self.ends: dict[str, tuple[int, str]] = defaultdict(lambda: (0, ""))
        self.starts: dict[str, tuple[int, str]] = defaultdict(lambda: (0, ""))
        for w, f in self.jieba.items():
            for k in range(1, min(len(w), 4) + 1):
                fw = f if len(w) > 1 or f >= single_freq else 0
                if fw > self.ends[w[-k:]][0]:
                    self.ends[w[-k:]] = (fw, w)
                if fw > self.starts[w[:k]][0]:
                    self.starts[w[:k]] = (fw, w)

    def corpus_hits(self, forms: Iterable[str]) -> dict[str, list[str]]:
        """Each form's occurrences in the clean text outside the exceptions, as short contexts."""
        auto = _automaton(set(forms))
        hits: dict[str, list[str]] = defaultdict(list)
        if auto is None:
            return hits
        text = self.text
        for end, form in auto.iter(text):
            i = end - len(form) + 1
            if not covered(text, i, i + len(form), self.exceptions):
                hits[form].append(text[max(0, i - 8):i + len(form) + 8].replace("\n", " "))
        return hits

    def inside_words(self, forms: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
        """Each form's longer dictionary words containing it (exceptions left out), most frequent first."""
        auto = _automaton(set(forms))
        out: dict[str, list[tuple[int, str]]] = defaultdict(list)
        if auto is None:
            return out
        exc = set(self.exceptions)
        for w, f in self.words.items():
            if w in exc:
                continue
            for _, form in auto.iter(w):
                if form != w:
                    out[form].append((f, w))
        for v in out.values():
            v.sort(reverse=True)
        return out

    def boundaries(self, wrong: str) -> list[str]:
        """Pairs of common words whose junction spells the wrong form (布署 in 宣布|署名)."""
        notes = []
        for k in range(1, len(wrong)):
            (fa, wa), (fb, wb) = self.ends.get(wrong[:k], (0, "")), self.starts.get(wrong[k:], (0, ""))
            if fa >= self.boundary_freq and fb >= self.boundary_freq:
                cand = wa + wb[len(wrong) - k:] if wb.startswith(wrong[k:]) else wa + wb
                if not covered(cand, len(wa) - k, len(wa) - k + len(wrong), self.exceptions):
                    notes.append(f"boundary {wa}|{wb}")
        return notes

    def dictionary_word(self, wrong: str) -> list[str]:
        """Where the wrong form is listed as a word itself."""
        where = []
        if self.jieba.get(wrong):
            where.append(f"jieba (freq {self.jieba[wrong]})")
        if wrong in self.vocab:
            where.append("word model vocabulary")
        if wrong in self.phrases:
            where.append("pypinyin phrases")
        return where

    def known(self, word: str) -> bool:
        return word in self.jieba or word in self.vocab or word in self.phrases or word in self.text


def load_entries(args: argparse.Namespace) -> tuple[list[tuple[str, list[str]]], list[str]]:
    rule = next(r for r in load_pack(Path(args.pack)) if r.id == RULE_ID)
    exceptions = list(rule.options.get("exceptions", []))
    if args.candidates:
        out = []
        for line in Path(args.candidates).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and not line.startswith("#"):
                out.append((parts[0], parts[1:]))
        return out, exceptions
    entries = [(w, parse_entry(w, v).to) for w, v in rule.options["swap"].items()]
    return entries, exceptions


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", default=str(DEFAULT_PACK))
    ap.add_argument("--candidates", help="text file of 'wrong right' lines instead of the pack")
    ap.add_argument("--corpus", action="append", help="clean text, .txt or .jsonl (target side); "
                    f"default {DEFAULT_CORPUS.name} and the .jsonl sets beside it")
    ap.add_argument("--words", action="append", help="extra word list, 'word [freq]' per line")
    ap.add_argument("--min-freq", type=int, default=5, help="ignore jieba words rarer than this")
    ap.add_argument("--boundary-freq", type=int, default=2000,
                    help="report boundary splits only when both words are at least this frequent")
    ap.add_argument("--single-freq", type=int, default=20000,
                    help="a one-character word counts for a boundary split from this frequency")
    ap.add_argument("--strict", action="store_true",
                    help="also fail boundary splits and wrong forms that a dictionary lists (for generated candidates)")
    ap.add_argument("--keep", help="with --candidates: write the passing lines to this file")
    ap.add_argument("--quiet", action="store_true", help="print only entries with a problem")
    args = ap.parse_args()

    entries, exceptions = load_entries(args)
    corpora = [Path(p) for p in args.corpus] if args.corpus else default_corpora()
    missing = [p for p in corpora if not p.is_file()] or ([] if corpora else [DEFAULT_CORPUS])
    if missing:
        print(f"check_wrong_forms: clean text {missing[0]} not found; pass --corpus FILE", file=sys.stderr)
        return 2
    chk = Checker(corpora, args.words, args.min_freq, args.boundary_freq, args.single_freq, exceptions)
    forms = [w for w, _ in entries]
    hits_all = chk.corpus_hits(forms)
    inside_all = chk.inside_words(forms)
    shipped: set[str] = set()
    if args.candidates:
        shipped = {w for w, _ in load_entries(argparse.Namespace(pack=args.pack, candidates=None))[0]}

    failed = 0
    seen: set[str] = set()
    kept: list[str] = []
    for wrong, rights in entries:
        problems: list[str] = []
        notes: list[str] = []
        if wrong in seen or wrong in shipped:
            problems.append("duplicate entry")
        seen.add(wrong)
        if wrong in rights:
            problems.append("right form equals the wrong form")
        hits = hits_all.get(wrong, [])
        if hits:
            problems.append(f"corpus {len(hits)}: " + " | ".join(hits[:3]))
        longer = inside_all.get(wrong, [])
        if longer:
            problems.append("inside words: " + " ".join(f"{w}({f})" for f, w in longer[:6]))
        bounds = chk.boundaries(wrong)
        listed = chk.dictionary_word(wrong)
        notes += bounds + [f"listed as a word: {', '.join(listed)}"] * bool(listed)
        for r in rights:
            if not chk.known(r):
                notes.append(f"right form {r} unknown to the dictionaries and corpus")
        bad = any(p.startswith(("corpus", "right form equals", "duplicate")) for p in problems)
        if args.strict:
            bad = bad or bool(problems or bounds or listed)
        failed += bad
        if not bad:
            kept.append(f"{wrong} {' '.join(rights)}")
        if problems or notes or not args.quiet:
            flag = "FAIL" if bad else ("CHECK" if problems or notes else "ok")
            right_n = sum(chk.text.count(r) for r in rights)
            print(f"{flag:5} {wrong} → {'/'.join(rights)} (right form in corpus {right_n})"
                  + "".join(f"\n      {m}" for m in problems + notes))
    if args.keep:
        Path(args.keep).write_text("".join(k + "\n" for k in kept), encoding="utf-8")
    print(f"{len(entries)} entries, {failed} failing", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

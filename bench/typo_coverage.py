#!/usr/bin/env python3
"""Why the statistical typo detector misses: per wrong character of a spelling-check set, where the
gold correction drops out of the detector's pipeline.

    python bench/typo_coverage.py ../shared/eval/sighan15.jsonl [--limit N] [--show 5]

Stages, first that applies: ``skip`` (function word/numeral), ``long-token`` (the original sits in a
3+ character vocabulary word), ``no-candidate`` (gold is not sound-alike or look-alike),
``no-vocab-word`` (gold forms no 2-4 character vocabulary word there; ``jieba-word`` counts those
forming one in jieba's dictionary), ``no-margin`` (no margin applies to the situation), ``known``
(the original makes an equally long jieba word), then ``scored``: ``top`` (gold has the best gain),
``beaten`` (another candidate wins), and among top the gain distribution.

With the character model (``newslint model fetch``), a second table follows the characters the word
model does not flag to the character model's stage (lint/typo/detect.py, Detector._with_chars):
``word-flagged`` (the word model's own suspect), ``vetoed`` (the character model dropped it),
``near-confirmed`` (a near miss the character model confirmed), ``skip``, ``fits`` (the character
fits its neighbours: not tried), ``no-candidate`` (gold is not among its most frequent sound-alikes),
``beaten``, ``below-margin`` (gain under char_min, echoes included), ``word-disagrees`` (the word
model's gain under word_min), ``known`` (the original makes a known word the gold does not),
``flagged``. A measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's lint/

from lint import resources
from lint.chars import HAN_RUN_RE as HAN_RUN
from lint.kinds.typos import KNOWN_MIN_FREQ
from lint.typo.detect import SKIP_CHARS, Detector, EchoIndex
from lint.typo.lm import candidates, char_model, language_model


def char_stage(det: Any, cdet: Any, src: str, pos: int, gold: str, run: str, i: int, follow: str) -> str:
    """Where the character model's stage leaves the gold correction at src[pos] (run[i])."""
    st, cm = cdet.settings, cdet.char_lm
    found = {s.start: s for s in cdet.detect(src)}
    s = found.get(pos)
    if s is not None and s.replacement == gold:
        return {"word": "word-flagged", "near": "near-confirmed", "char": "flagged"}[s.source]
    if any(x.start == pos for x in det.detect(src)):
        return "vetoed" if s is None else "beaten"
    ch = run[i]
    if ch in SKIP_CHARS or not cdet._may_replace(run, i, follow):
        return "skip"
    if cm.fit(run, i, cm.run_scores(run)) > st.char_fit:
        return "fits"
    top = cm.top_candidates(ch, st.char_top)
    if gold not in top:
        return "no-candidate"
    cg, best = max((cm.gain(run, i, c), c) for c in top)
    if best != gold:
        return "beaten"
    index = EchoIndex(src, cdet.lm.vocab)
    if cg < st.char_min + (st.echo if index.echo(pos) or index.repeated_pair(pos) else 0.0):
        return "below-margin"
    if candidates(ch)[0].get(gold, "frequent") not in st.char_kinds:
        return "kind"
    own = cdet._known_len(run, i)
    if own and cdet._known_len(run[:i] + gold + run[i + 1:], i) < own:
        return "known"
    if cdet._word_gain(run, cdet.lm.segment(run), i, gold) < st.word_min:
        return "word-disagrees"
    return "other"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    path = resources.find_lm_path(None)
    assert path, "no model"
    lm = language_model(path)
    freq = resources.word_freq()
    det = Detector(lm, known=lambda w: freq.get(w, 0) >= KNOWN_MIN_FREQ)
    st = det.settings
    char_path = resources.find_char_lm_path(None)
    cdet = Detector(lm, known=det.known, char_lm=char_model(char_path)) if char_path else None
    cstage: collections.Counter[str] = collections.Counter()
    stage: collections.Counter[str] = collections.Counter()
    gains: list[float] = []
    examples: dict[str, list[str]] = collections.defaultdict(list)
    n = 0
    with open(args.dataset, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            src, tgt = d["source"], d["target"]
            if src == tgt or len(src) != len(tgt):
                continue
            n += 1
            if args.limit and n > args.limit:
                break
            for m in HAN_RUN.finditer(src):
                run = m.group()
                toks = lm.segment(run)
                tok_at = {j: t for t in toks for j in range(t.start, t.end)}
                for i, ch in enumerate(run):
                    g = tgt[m.start() + i]
                    if g == ch:
                        continue
                    ctx = f"{run[max(0, i - 6):i]}[{ch}>{g}]{run[i + 1:i + 7]}"
                    if cdet is not None:
                        cstage[char_stage(det, cdet, src, m.start() + i, g, run, i, src[m.end():m.end() + 1])] += 1

                    def put(s: str, ctx: str = ctx) -> None:
                        stage[s] += 1
                        if len(examples[s]) < args.show:
                            examples[s].append(ctx)

                    if ch in SKIP_CHARS:
                        put("skip")
                        continue
                    orig_len = len(tok_at[i].text)
                    if orig_len >= 3:
                        put("long-token")
                        continue
                    conf, wanted = candidates(ch)
                    if g not in conf:
                        put("no-candidate")
                        continue
                    fills, orig_fill = lm.word_fillers(run, i, wanted)
                    if g not in fills:
                        jw = any(freq.get(run[a:i] + g + run[i + 1:a + L], 0) >= KNOWN_MIN_FREQ
                                 for L in (2, 3, 4) for a in range(max(0, i - L + 1), min(i, len(run) - L) + 1))
                        put("no-vocab-word/jieba-word" if jw else "no-vocab-word")
                        continue
                    if st.need(orig_len, orig_fill, fills[g], conf[g]) is None:
                        put(f"no-margin/len{orig_len}/fill{orig_fill}>{fills[g]}")
                        continue
                    own = det._known_len(run, i)
                    if own and fills[g] <= own:
                        put("known")
                        continue
                    cands = [c for c in det._run(run, 0, lambda k: False) if c.pos == i]
                    if not cands:
                        put("scored/none")
                        continue
                    best = max(cands, key=lambda c: c.gain - c.need)
                    mine = next((c for c in cands if c.replacement == g), None)
                    if mine is None:
                        put("scored/filtered")
                    elif best.replacement == g:
                        put("scored/top/flagged" if mine.gain > mine.need else "scored/top/below-margin")
                        gains.append(mine.gain - mine.need)
                    else:
                        put("scored/beaten")
    total = sum(stage.values())
    print(f"{args.dataset}: {n} sentences with errors, {total} wrong characters")
    for k, v in sorted(stage.items(), key=lambda kv: -kv[1]):
        print(f"  {k:36s} {v:6d} {v / total:6.1%}   e.g. {' | '.join(examples[k][:args.show])}")
    if cdet is not None:
        print(f"with the character model ({char_path}):")
        for k, v in sorted(cstage.items(), key=lambda kv: -kv[1]):
            print(f"  {k:36s} {v:6d} {v / total:6.1%}")
    else:
        print("no character model (newslint model fetch): its stage is not shown")
    gains.sort()
    if gains:
        qs = [gains[int(q * (len(gains) - 1))] for q in (0.1, 0.25, 0.5, 0.75, 0.9)]
        print("  gain - need of top gold candidates, quantiles 10/25/50/75/90:", " ".join(f"{q:.1f}" for q in qs))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Why the statistical typo detector misses: per wrong character of a spelling-check set, where the
gold correction drops out of the detector's pipeline.

    python bench/typo_coverage.py ../shared/eval/sighan15.jsonl [--limit N] [--show 5]

Stages, first that applies: ``skip`` (function word/numeral), ``long-token`` (the original sits in a
3+ character vocabulary word), ``no-candidate`` (gold is not sound-alike or look-alike),
``no-vocab-word`` (gold forms no 2-4 character vocabulary word there; ``jieba-word`` counts those
forming one in jieba's dictionary), ``no-margin`` (no margin applies to the situation), ``known``
(the original makes an equally long jieba word), then ``scored``: ``top`` (gold has the best gain),
``beaten`` (another candidate wins), and among top the gain distribution. A measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import collections
import json

from lint import resources
from lint.chars import HAN_RUN_RE as HAN_RUN
from lint.kinds.typos import KNOWN_MIN_FREQ
from lint.typo.detect import SKIP_CHARS, Detector
from lint.typo.lm import candidates, language_model


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
    gains.sort()
    if gains:
        qs = [gains[int(q * (len(gains) - 1))] for q in (0.1, 0.25, 0.5, 0.75, 0.9)]
        print("  gain - need of top gold candidates, quantiles 10/25/50/75/90:", " ".join(f"{q:.1f}" for q in qs))


if __name__ == "__main__":
    main()

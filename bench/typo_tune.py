#!/usr/bin/env python3
"""Collect every candidate of the statistical typo detector once, then replay decision settings fast.

    python bench/typo_tune.py collect            # writes /tmp/typo_tune.pkl
    python bench/typo_tune.py replay             # metrics of the current Settings
    python bench/typo_tune.py grid               # word-model margins around the current Settings

Data: SIGHAN-15, LEMON dev (every 3rd row) and the clean People's Daily text from ../shared/eval
(measured, never copied). Findings of the other typo rules are included, so sentence-level figures
approximate score.py. A measuring tool for choosing margins on aggregate figures, not a test.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

# ../shared/eval beside the checkout (a worktree under /work/wt/ finds /work/shared/eval).
_ROOT = Path(__file__).resolve().parent.parent
EVAL = next((d / "shared" / "eval" for d in _ROOT.parents if (d / "shared" / "eval").is_dir()),
            _ROOT.parent / "shared" / "eval")
OUT = Path("/tmp/typo_tune.pkl")
sys.path.insert(0, str(_ROOT))  # this checkout's lint/, not an installed one
ALL = ("same-tone", "other-tone", "near-sound", "shape", "frequent")


def rows() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {"sighan": [], "lemon": [], "clean": []}
    for name, fn, step in (("sighan", "sighan15.jsonl", 1), ("lemon", "lemon_dev.jsonl", 3)):
        with (EVAL / fn).open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                d = json.loads(line)
                if n % step == 0 and len(d["source"]) == len(d["target"]):
                    out[name].append((d["source"], d["target"]))
    for line in (EVAL / "clean_news_pd1998_2001.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            out["clean"].append((line, line))
    return out


def collect() -> None:
    from lint import resources
    from lint.config import load_config
    from lint.document import Document
    from lint.engine import Linter
    from lint.kinds.typos import KNOWN_MIN_FREQ
    from lint.names import NameGuard, Spans, protected_spans
    from lint.typo.detect import Detector, Settings
    from lint.typo.lm import language_model

    root = Path(__file__).resolve().parent.parent
    linter = Linter.from_config(load_config(None, root))
    others = [r for r in linter.rules if r.category == "typo" and r.kind != "typos"]
    lm = language_model(resources.find_lm_path(None))
    freq = resources.word_freq()
    zero = {k: 0.0 for k in ALL}
    st = Settings(dict(zero), dict(zero), dict(zero), {s: 0.0 for s in ("lone", "join", "swap", "single")})
    det = Detector(lm, st, known=lambda w: freq.get(w, 0) >= KNOWN_MIN_FREQ, collect=True)
    guard = NameGuard(lm.vocab)
    data: dict[str, list] = {}
    for name, rs in rows().items():
        recs = []
        for src, tgt in rs:
            doc = Document.from_text(src, "x.txt")
            other = set()
            for f in linter.lint(doc, others):
                other.update(range(f.offset, max(f.end_offset, f.offset + 1)))
            spans = Spans(protected_spans(src))
            cands = []
            named: dict[int, bool] = {}
            for c in det.candidates(src, lambda i, spans=spans: i in spans):
                if c.gain <= 0.5:
                    continue
                if c.pos not in named:
                    named[c.pos] = guard.is_name(src, c.pos, c.pos + 1)
                if named[c.pos]:
                    continue
                # the original character recurs elsewhere in the text inside a vocabulary word
                echo = any(src[j] == c.original and j != c.pos and any(
                    w in lm.vocab for w in (src[j - 1:j + 1], src[j:j + 2]) if len(w) == 2)
                    for j in range(len(src)))
                cands.append((c, echo))
            gold = {i: b for i, (a, b) in enumerate(zip(src, tgt, strict=True)) if a != b}
            recs.append((src, gold, other, cands))
        data[name] = recs
        print(name, len(recs), file=sys.stderr)
    OUT.write_bytes(pickle.dumps(data))


def replay(st, extra=None, data=None, verbose=True) -> dict[str, float]:
    """st: a Settings; extra(c, echo) -> additional margin (or None to drop); default: st.echo
    when the original character recurs in a word elsewhere in the text."""
    data = data or pickle.loads(OUT.read_bytes())
    if extra is None:
        def extra(c, echo):
            return st.echo if echo else 0.0
    res = {}
    for name, recs in data.items():
        tp = fp = fn = neg = alarm = hit = 0
        for _src, gold, other, cands in recs:
            best: dict[int, tuple[float, str]] = {}
            for c, echo in cands:
                need = st.need(c.orig_len, c.orig_fill, c.cand_fill, c.kind if c.kind != "frequent" else "",
                               c.frequent)
                if need is None:
                    continue
                if c.own and c.cand_fill <= c.own and not c.frequent:
                    continue
                e = extra(c, echo)
                if e is None:
                    continue
                need += e
                if c.gain > need and (c.pos not in best or c.gain - need > best[c.pos][0]):
                    best[c.pos] = (c.gain - need, c.replacement)
            pred = set(other) | set(best)
            if name == "clean":
                hit += bool(pred)
                continue
            g = set(gold)
            if not g:
                neg += 1
                alarm += bool(pred)
            if pred:
                if pred == g:
                    tp += 1
                else:
                    fp += 1
            if g and pred != g:
                fn += 1
        if name == "clean":
            res["clean"] = hit / len(recs)
        else:
            p = tp / (tp + fp) if tp + fp else 0
            r = tp / (tp + fn) if tp + fn else 0
            res[name] = (p, r, 2 * p * r / (p + r) if p + r else 0, alarm / neg if neg else 0)
    if verbose:
        print("  ".join(f"{k} P {v[0]:.3f} R {v[1]:.3f} F1 {v[2]:.3f} FA {v[3]:.2%}" if isinstance(v, tuple)
                        else f"{k} {v:.2%}" for k, v in res.items()))
    return res


def grid() -> None:
    """Word-model margins near the current Settings, ranked by summed F1 on SIGHAN-15 and LEMON dev
    among those that keep the clean People's Daily hit rate (within 0.08 points), false alarms
    (within 0.2 points) and precision (within 0.02) of the current values: precision first."""
    from dataclasses import replace
    from itertools import product

    from lint.typo.detect import Settings

    data = pickle.loads(OUT.read_bytes())
    base = Settings()
    b = replay(base, data=data)
    res = []
    for st_, ot, ns, sh, jst, echo, fl, fs in product(
            (5.0, 4.75, 4.5), (5.5, 5.0), (6.5, 6.0, 5.5, 5.0), (5.5, 6.0), (4.0, 3.5), (3.0, 2.0),
            (2.0, 1.75), (1.5, 1.75, 2.0)):
        st = replace(base, lone={"same-tone": st_, "other-tone": ot, "near-sound": ns, "shape": sh},
                     join={**base.join, "same-tone": jst}, echo=echo,
                     frequent={**base.frequent, "lone": fl, "single": fs})
        r = replay(st, data=data, verbose=False)
        if r["clean"] <= b["clean"] + 0.0008 and all(
                r[k][3] <= b[k][3] + 0.002 and r[k][0] >= b[k][0] - 0.02 for k in ("sighan", "lemon")):
            res.append((r["sighan"][2] + r["lemon"][2], (st_, ot, ns, sh, jst, echo, fl, fs), r))
    res.sort(key=lambda x: -x[0])
    print("lone same-tone, other-tone, near-sound, shape; join same-tone; echo; frequent lone, single")
    for total, p, r in res[:12]:
        print(round(total, 4), p, "  ".join(f"{k} P {v[0]:.3f} R {v[1]:.3f} F1 {v[2]:.3f} FA {v[3]:.2%}"
                                            if isinstance(v, tuple) else f"{k} {v:.2%}" for k, v in r.items()))


if __name__ == "__main__":
    if sys.argv[1] == "collect":
        collect()
    elif sys.argv[1] == "grid":
        grid()
    else:
        from lint.typo.detect import Settings
        replay(Settings())

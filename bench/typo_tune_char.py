#!/usr/bin/env python3
"""Tune the typo detector's second scorer (the character model) on SIGHAN-15 and LEMON dev only.

    python bench/typo_tune_char.py collect     # lint once with permissive settings: /tmp/typo_tune_char.pkl
    python bench/typo_tune_char.py grid        # sentence P/R/F1 and false alarms per setting
    python bench/typo_tune_char.py wide        # a wider grid, against the current defaults
    python bench/typo_tune_char.py calibrate   # logistic fits for Suspect.confidence + reliability table

Every typo rule runs through the real engine (names guarded as in a normal run); the statistical
detector's trace gives each suspect's features, so decision settings replay without the models.
ECSpell and the clean People's Daily text are never read here: they are for the final measurement
with ../shared/eval/score.py. A measuring tool, not a test.
"""

from __future__ import annotations

import json
import math
import pickle
import sys
from collections.abc import Iterable
from itertools import product
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path("/work/shared/eval") if not (ROOT.parent / "shared" / "eval").is_dir() else ROOT.parent / "shared" / "eval"
OUT = Path("/tmp/typo_tune_char.pkl")
sys.path.insert(0, str(ROOT))  # this checkout's lint/, not an installed one
SETS = (("sighan", "sighan15.jsonl", 1), ("lemon", "lemon_dev.jsonl", 3))


def rows(limit: int | None = None) -> dict[str, list[tuple[str, str]]]:
    """The tuning sets' same-length rows (every step-th), at most ``limit`` of each."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name, fn, step in SETS:
        out[name] = []
        with (EVAL / fn).open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                d = json.loads(line)
                if n % step == 0 and len(d["source"]) == len(d["target"]) and (limit is None or n < limit * step):
                    out[name].append((d["source"], d["target"]))
    return out


def positions(text: str, f: Any) -> set[int]:
    """The characters a finding calls wrong, as score.py counts them."""
    a, b = f.offset, f.end_offset
    s = f.suggestions[0] if f.suggestions else None
    if s is not None and len(s) == b - a:
        changed = {a + k for k in range(b - a) if text[a + k] != s[k]}
        return changed or set(range(a, b))
    return set(range(a, max(b, a + 1)))


def collect() -> None:
    from lint.config import load_config
    from lint.document import Document
    from lint.engine import Linter

    linter = Linter.from_config(load_config(None, ROOT))
    typo = [r for r in linter.rules if r.category == "typo"]
    stat = next(r for r in typo if r.id == "typo.statistical")
    det = linter.kind(stat)._load()  # type: ignore[attr-defined]
    assert det is not None and det.char_lm is not None, "needs both models (newslint model fetch)"
    st = det.settings
    st.char_min, st.word_min, st.char_veto, st.near, st.near_char = 2.0, -99.0, -99.0, 3.0, -99.0
    st.char_kinds = frozenset(("same-tone", "other-tone", "near-sound", "shape", "frequent"))
    data: dict[str, list[dict[str, Any]]] = {}
    for name, rs in rows().items():
        recs = []
        for src, tgt in rs:
            det.trace = []
            doc = Document.from_text(src, "t.txt")
            found = linter.lint(doc, typo)
            other: set[int] = set()
            kept: dict[tuple[int, str], Any] = {}
            for f in found:
                if f.rule == "typo.statistical":
                    kept[(f.offset, f.suggestions[0])] = f
                else:
                    other |= positions(src, f)
            sus = [t for t in det.trace if (t["pos"], t["repl"]) in kept]
            gold = {i for i, (a, b) in enumerate(zip(src, tgt, strict=True)) if a != b}
            for t in sus:
                t["right"] = tgt[t["pos"]] == t["repl"]
            recs.append({"gold": gold, "other": other, "sus": sus})
        data[name] = recs
        print(name, len(recs), "rows", sum(len(r["sus"]) for r in recs), "suspects", file=sys.stderr)
    OUT.write_bytes(pickle.dumps(data))


SOUND = ("same-tone", "other-tone", "near-sound")


def decide(t: dict[str, Any], p: dict[str, Any]) -> bool:
    """Settings.char_* / near* as lint/typo/detect.py applies them, plus the kinds tried."""
    if t["source"] == "word":
        return bool(t["cg"] >= p["char_veto"])
    if t["source"] == "near":
        return bool(t["wg"] - t["need"] > -p["near"] and t["cg"] >= p["near_char"])
    cg = t["cg"] - t["echo"]
    return bool(t["kind"] in p["kinds"] and cg >= p["char_min"]
                and (t["wg"] >= p["word_min"] or cg >= p["char_strong"]))


def sentence_scores(judged: Iterable[tuple[set[int], set[int]]]) -> dict[str, float]:
    """score.py's sentence-level detection P, R, F1 and false-alarm rate over (flagged, gold) positions."""
    tp = pred = goldn = fa = clean = 0
    for flagged, gold in judged:
        if gold:
            goldn += 1
        else:
            clean += 1
            fa += bool(flagged)
        if flagged:
            pred += 1
            tp += flagged == gold
    prec, rec = tp / max(pred, 1), tp / max(goldn, 1)
    return {"P": prec, "R": rec, "F1": 2 * prec * rec / max(prec + rec, 1e-9), "FA": fa / max(clean, 1)}


def metrics(recs: list[dict[str, Any]], p: dict[str, Any]) -> dict[str, float]:
    def flagged(r: dict[str, Any]) -> set[int]:
        by_pos: dict[int, dict[str, Any]] = {}
        for t in r["sus"]:
            if decide(t, p) and (t["pos"] not in by_pos or t["source"] != "char"):
                by_pos[t["pos"]] = t
        return set(r["other"]) | set(by_pos)

    return sentence_scores((flagged(r), set(r["gold"])) for r in recs)


BASE = {"char_veto": -99.0, "char_min": 99.0, "word_min": 0.0, "char_strong": 99.0, "kinds": SOUND,
        "near": 0.0, "near_char": 99.0}


def show(data: dict[str, Any], p: dict[str, Any]) -> str:
    return "  ".join(f"{k} P {m['P']:.3f} R {m['R']:.3f} F1 {m['F1']:.3f} FA {m['FA']:.4f}"
                     for k, m in ((k, metrics(v, p)) for k, v in data.items()))


def current() -> dict[str, Any]:
    """The decision settings of lint/typo/detect.py's Settings defaults, in decide()'s terms."""
    from lint.typo.detect import Settings

    st = Settings()
    return {"char_veto": st.char_veto, "char_min": st.char_min, "word_min": st.word_min,
            "char_strong": st.char_strong, "kinds": tuple(sorted(st.char_kinds)), "near": st.near,
            "near_char": st.near_char}


def grid(wide: bool = False) -> None:
    """Best settings by summed F1 among those that keep precision at least the word model's and
    false alarms within half a point of it on both sets (precision first). ``wide``: also stronger
    character-model-alone findings (char_strong) and smaller word-model agreement, against the
    current defaults: precision within 0.02 of theirs, false alarms within 0.3 points."""
    data = pickle.loads(OUT.read_bytes())
    ref_p = current() if wide else BASE
    base = {k: metrics(v, ref_p) for k, v in data.items()}
    print("word model only", show(data, BASE))
    print("current defaults", show(data, current()))
    found = []
    strong = (99.0, 6.0, 7.0, 8.0) if wide else (99.0,)
    wmins = (0.5, 1.0, 1.5, 2.0, 3.0) if wide else (2.0, 3.0, 4.0)
    cmins = (3.0, 3.5, 4.0, 4.5, 5.0) if wide else (4.0, 4.5, 5.0)
    for veto, cmin, wmin, kinds, near, near_char, cs in product(
            (-99.0, -1.0, 0.0), cmins, wmins, (SOUND, SOUND[:2]),
            (0.0, 0.5, 1.0, 1.5, 2.0, 3.0), (1.0, 2.0, 3.0, 4.0, 5.0), strong):
        p = {"char_veto": veto, "char_min": cmin, "word_min": wmin, "char_strong": cs, "kinds": kinds,
             "near": near, "near_char": near_char}
        ms = {k: metrics(v, p) for k, v in data.items()}
        if wide:
            ok = all(ms[k]["P"] >= base[k]["P"] - 0.02 and ms[k]["FA"] <= base[k]["FA"] + 0.003 for k in ms)
        else:
            ok = all(ms[k]["P"] >= base[k]["P"] - 0.01 and ms[k]["FA"] <= base[k]["FA"] + 0.005 for k in ms)
        if ok:
            found.append((sum(m["F1"] for m in ms.values()), p))
    found.sort(key=lambda x: -x[0])
    for _, p in found[:15]:
        print(p, show(data, p))


def _fit(xs: list[list[float]], ys: list[int], steps: int = 3000, lr: float = 0.1) -> list[float]:
    """Plain logistic regression by gradient descent (a handful of features, a few thousand rows)."""
    w = [0.0] * (len(xs[0]) + 1)
    n = len(xs)
    for _ in range(steps):
        g = [0.0] * len(w)
        for x, y in zip(xs, ys, strict=True):
            z = w[0] + sum(wi * xi for wi, xi in zip(w[1:], x, strict=True))
            e = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - y
            g[0] += e
            for j, xi in enumerate(x):
                g[j + 1] += e * xi
        w = [wi - lr * gi / n for wi, gi in zip(w, g, strict=True)]
    return w


def calibrate(p: dict[str, float]) -> None:
    data = pickle.loads(OUT.read_bytes())
    out = {}
    for source in ("word", "near", "char"):
        xs, ys = [], []
        for recs in data.values():
            for r in recs:
                for t in r["sus"]:
                    if t["source"] == source and decide(t, p):
                        margin = t["wg"] - t["need"]
                        xs.append([margin, t["cg"] - t["echo"]])
                        ys.append(int(t["right"]))
        if not xs:
            continue
        w = _fit(xs, ys)
        out[source] = tuple(round(v, 3) for v in w)
        print(source, len(xs), "suspects, precision", round(sum(ys) / len(ys), 3), "fit", out[source])
        # reliability: predicted probability bins against the share right
        bins: dict[int, list[int]] = {}
        for x, y in zip(xs, ys, strict=True):
            z = w[0] + w[1] * x[0] + w[2] * x[1]
            pr = 1.0 / (1.0 + math.exp(-z))
            bins.setdefault(min(9, int(pr * 10)), []).append(y)
        for b in sorted(bins):
            ys_b = bins[b]
            print(f"  p {b / 10:.1f}-{(b + 1) / 10:.1f}: n {len(ys_b):4d}, right {sum(ys_b) / len(ys_b):.3f}")
    print("CALIBRATION =", out)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "grid"
    if cmd == "collect":
        collect()
    elif cmd in ("grid", "wide"):
        grid(cmd == "wide")
    else:
        params = {**BASE, **json.loads(sys.argv[2])} if len(sys.argv) > 2 else BASE
        calibrate(params)

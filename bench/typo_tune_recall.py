#!/usr/bin/env python3
"""Replay the typo detector's two-model decision over every candidate, to look for recall (issue 16).

    python bench/typo_tune_recall.py collect          # SIGHAN-15 + LEMON dev (every 3rd row): /tmp/typo_tune_recall.pkl
    python bench/typo_tune_recall.py replay '{...}'   # sentence P/R/F1/FA of Settings defaults updated by a JSON dict
    python bench/typo_tune_recall.py grid             # the grids this tool was written for (also: near, sit)
    python bench/typo_tune_recall.py boost            # relaxed margins near a sure slip (same sentence)
    python bench/typo_tune_recall.py learn            # a learned combination (needs scikit-learn)

Unlike bench/typo_tune_char.py (which keeps the suspects a permissive run emits), this records every
word-model candidate near its margin with its character-model gain, and for every character the
character stage may try, all its confusables' character gains (and word gains where the character
gain could count), so the choice among candidates, the fit threshold and per-situation margins
replay without the models. The name guard and the other typo rules are applied as in a real run.
ECSpell and the clean People's Daily text are never read here (final measurement: score.py).
A measuring tool, not a test.

Measured 2026-12-02 (issue 16; SIGHAN-15 all rows, LEMON dev every 3rd): the replay of the Settings
defaults equals score.py on SIGHAN-15 (P 0.622 R 0.136). Searching near, near_char, near_skip,
char_veto, char_min, word_min, char_fit, char_top, char_pick, char_strong and per-situation margin
shifts and near windows, one knob at a time, keeping precision within 0.005 of today's and false
alarms within 0.2 points on both sets, finds at best SIGHAN F1 0.229 / LEMON 0.163 (today 0.224 /
0.160): the defaults sit at that optimum. The character stage's best candidate on characters the
word model leaves alone is the right correction for at most ~0.6 of suspects at any char_min /
word_min (n ≈ 20 over both sets), and in 0.2–0.4 where it would add recall; scoring the word model
over the whole Han run instead of its window changes 3 decisions. An oracle that kept every right
candidate recorded here (word candidates within 4 of their margin, confusables with a character gain
≥ 2) would reach recall 0.39 / 0.30: the candidates are there, a signal to tell them apart is not.

Measured 2026-12-03 (the same rows): `boost`, a second decision with relaxed margins for characters in the
sentence of a first-pass suspect or another typo rule's finding (648 settings of near, near_char, char_min,
word_min, a lone/join shift and the distance), is at best SIGHAN F1 0.230 (P 0.639 R 0.140) with LEMON 0.156
(P 0.643 R 0.089): nothing either way. `learn`, gradient-boosted trees over 24 features of every recorded
candidate (both models' gains, the word-model margin and situation, fit, confusable rank, echo, the known-word
drop, both characters' unigram costs, the kind, the character gain's lead), trained on one tuning set and
judged on the other: at as many picks as today's decision, the share that is the gold correction is 0.658 vs
today's 0.816 (judged on SIGHAN) and 0.584 vs 0.682 (judged on LEMON). The hand-set decision generalises
better than a model learned from these features.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from dataclasses import fields
from itertools import product
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = Path("/tmp/typo_tune_recall.pkl")
sys.path.insert(0, str(ROOT))  # this checkout's lint/, not an installed one
sys.path.insert(0, str(ROOT / "bench"))
import typo_tune_char  # noqa: E402  (the same tuning rows and the same position count as the char grid)
from typo_tune_char import positions  # noqa: E402

CLOSE = 4.0  # word candidates recorded down to this far below their margin
FIT_MAX = 4.0  # characters recorded for the character stage up to this fit
LIMIT = int(os.environ.get("TUNE_LIMIT", "1000000"))  # rows per set (a quick look)
TOP_MAX = 24  # confusables recorded per character
CG_MIN = 1.0  # word gains computed for character-stage candidates from this character gain


def rows() -> dict[str, list[tuple[str, str]]]:
    return typo_tune_char.rows(LIMIT)


class Recorder:
    """The real engine's typo rules and statistical detector, recording one text at a time."""

    def __init__(self) -> None:
        from lint.config import load_config
        from lint.engine import Linter
        from lint.names import NameGuard

        self.config = load_config(None, ROOT)
        self.linter = Linter.from_config(self.config)
        typo = [r for r in self.linter.rules if r.category == "typo"]
        self.others = [r for r in typo if r.id != "typo.statistical"]
        self.stat = next(r for r in typo if r.id == "typo.statistical")
        self.det = self.linter.kind(self.stat)._load()  # type: ignore[attr-defined]
        assert self.det is not None and self.det.char_lm is not None, "needs both models (newslint model fetch)"
        self.guard = NameGuard(self.det.lm.vocab)

    def record(self, src: str, tgt: str | None = None) -> dict[str, Any]:
        """gold, other (positions the other typo rules flag), named (positions the name guard drops),
        word (candidates within CLOSE of their margin) and char (the character stage's records)."""
        from lint.chars import HAN_RUN_RE
        from lint.document import Document
        from lint.kinds.typos import _offsets_in
        from lint.names import protected
        from lint.typo.detect import SKIP_CHARS, EchoIndex
        from lint.typo.lm import candidates

        det, guard, tgt = self.det, self.guard, src if tgt is None else tgt
        cm = det.char_lm
        doc = Document.from_text(src, "t.txt")
        other: set[int] = set()
        for f in self.linter.lint(doc, self.others):
            other |= positions(src, f)
        spans = protected(doc, self.config.accept)
        word: list[dict[str, Any]] = []
        char: list[dict[str, Any]] = []
        named: set[int] = set()
        fit_at: dict[int, float] = {}  # every Han character's CharModel.fit (a feature of `learn`)
        for m in HAN_RUN_RE.finditer(src):
            if len(m.group()) > 1:
                fit_at.update((m.start() + i, f) for i, f in enumerate(det._fits(m.group())))
        for para in doc.paragraphs:
            text, base = doc.text[para.start:para.end], para.start
            prot = _offsets_in(spans, para.start, para.end)
            index = EchoIndex(text, det.lm.vocab)
            runs = {m.start() + i: (m.group(), i) for m in HAN_RUN_RE.finditer(text) for i in range(len(m.group()))}
            for c in det.candidates(text, prot.__contains__):
                echo = index.echo(c.pos) or (not c.frequent and index.repeated_pair(c.pos))
                need = c.need + (det.settings.echo if echo else 0.0)
                if c.gain <= need - CLOSE:
                    continue
                run, i = runs[c.pos]
                word.append({"pos": base + c.pos, "repl": c.replacement, "kind": c.kind, "gain": c.gain,
                             "need": need, "sit": c.situation, "freq": c.frequent,
                             "cg": cm.gain(run, i, c.replacement), "right": tgt[base + c.pos] == c.replacement,
                             "fit": fit_at.get(base + c.pos, 0.0)})
            for m in HAN_RUN_RE.finditer(text):
                run, rb = m.group(), m.start()
                if len(run) < 2:
                    continue
                fits = det._fits(run)
                follow = text[m.end():m.end() + 1]
                toks = None
                for i, ch in enumerate(run):
                    pos = rb + i
                    if ch in SKIP_CHARS or fits[i] > FIT_MAX or pos in prot or not det._may_replace(run, i, follow):
                        continue
                    top = cm.top_candidates(ch, TOP_MAX)
                    if not top:
                        continue
                    echo_need = det.settings.echo if index.echo(pos) or index.repeated_pair(pos) else 0.0
                    own = det._known_len(run, i)
                    conf = candidates(ch)[0]
                    cands = []
                    for rank, r in enumerate(top):
                        cg = cm.gain(run, i, r)
                        rec: dict[str, Any] = {"repl": r, "rank": rank, "cg": cg, "kind": conf.get(r, "frequent")}
                        if cg >= CG_MIN:
                            if toks is None:
                                toks = det.lm.segment(run)
                            rec["wg"] = det._word_gain(run, toks, i, r)
                            rec["known_drop"] = bool(own and det._known_len(run[:i] + r + run[i + 1:], i) < own)
                        rec["right"] = tgt[base + pos] == r
                        cands.append(rec)
                    char.append({"pos": base + pos, "fit": fits[i], "echo": echo_need, "cands": cands})
            for p in {w["pos"] for w in word} | {c["pos"] for c in char}:
                sent = doc.sentence_at(p)
                bounds = (sent.start, sent.end) if sent else (para.start, para.end)
                if guard.is_name(doc.text, p, p + 1, bounds):
                    named.add(p)
        gold = {i for i, (a, b) in enumerate(zip(src, tgt, strict=True)) if a != b}
        sentence = [0] * len(src)  # each position's sentence (for `boost`)
        for k, sent in enumerate(doc.sentences):
            sentence[sent.start:sent.end] = [k] * (sent.end - sent.start)
        return {"gold": gold, "other": other, "word": word, "char": char, "named": named, "src": src,
                "tgt": tgt, "sentence": sentence}


def collect() -> None:
    rec = Recorder()
    data: dict[str, list[dict[str, Any]]] = {}
    for name, rs in rows().items():
        data[name] = recs = [rec.record(src, tgt) for src, tgt in rs]
        print(name, len(recs), "rows", sum(len(r["word"]) for r in recs), "word candidates",
              sum(len(r["char"]) for r in recs), "char positions", file=sys.stderr)
    OUT.write_bytes(pickle.dumps(data))


def prune(data: dict[str, Any], cg_floor: float = 2.5) -> dict[str, Any]:
    """Drop the character-stage records no setting of the grids can report (a faster replay)."""
    for recs in data.values():
        for r in recs:
            r["char"] = [c for c in r["char"] if any(x["cg"] >= cg_floor and "wg" in x for x in c["cands"])]
    return data


def params(**over: Any) -> dict[str, Any]:
    """Settings defaults (the decision fields) updated by over, plus this tool's own knobs."""
    from lint.typo.detect import Settings

    st = Settings()
    p: dict[str, Any] = {f.name: getattr(st, f.name) for f in fields(st)}
    p.update({"word_pick": 0.0, "char_pick": 0.0, "sit_shift": {}, "near_sit": {}})
    p.update(over)
    return p


def decide(r: dict[str, Any], p: dict[str, Any]) -> dict[int, tuple[str, str]]:
    """pos -> (source, replacement) as lint/typo/detect.py decides with settings p.

    Extra knobs: word_pick (choose the word suspect by gain - need + word_pick * cg instead of gain -
    need), char_pick (choose the character-stage candidate by cg + char_pick * wg), sit_shift
    (situation -> margin shift), near_sit (situation -> near window)."""
    close = max(p["near"], p["near_skip"])
    best: dict[int, dict[str, Any]] = {}
    near: dict[int, dict[str, Any]] = {}
    decided: set[int] = set()
    for w in r["word"]:
        need = w["need"] + p["sit_shift"].get(w["sit"], 0.0)
        ex = w["gain"] - need
        if ex <= -close:
            continue
        decided.add(w["pos"])
        key = ex + p["word_pick"] * w["cg"]
        if ex > 0:
            if w["pos"] not in best or key > best[w["pos"]]["key"]:
                best[w["pos"]] = {**w, "key": key, "ex": ex}
        elif w["pos"] not in near or ex > near[w["pos"]]["ex"]:
            near[w["pos"]] = {**w, "key": key, "ex": ex}
    out: dict[int, tuple[str, str]] = {}
    for pos, w in best.items():
        if w["cg"] >= p["char_veto"]:
            out[pos] = ("word", w["repl"])
    for pos, w in near.items():
        if pos in best:
            continue
        win = p["near_sit"].get(w["sit"], p["near"])
        if w["ex"] > -win and w["cg"] >= p["near_char"]:
            out[pos] = ("near", w["repl"])
    for c in r["char"]:
        pos = c["pos"]
        if pos in decided or c["fit"] > p["char_fit"]:
            continue
        top = [x for x in c["cands"] if x["rank"] < p["char_top"]]
        if not top:
            continue
        if p["char_pick"]:
            scored = [x for x in top if "wg" in x]
            if not scored:
                continue
            x = max(scored, key=lambda x: (x["cg"] + p["char_pick"] * x["wg"], x["repl"]))
        else:
            x = max(top, key=lambda x: (x["cg"], x["repl"]))
        cg = x["cg"]
        if cg < p["char_min"] + c["echo"] or "wg" not in x:
            continue
        if x["known_drop"]:
            continue
        if x["kind"] in p["char_kinds"] and (x["wg"] >= p["word_min"] or cg >= p["char_strong"] + c["echo"]):
            out[pos] = ("char", x["repl"])
    return out


def metrics(recs: list[dict[str, Any]], p: dict[str, Any]) -> dict[str, float]:
    return typo_tune_char.sentence_scores(
        (set(r["other"]) | (decide(r, p).keys() - r["named"]), set(r["gold"])) for r in recs)


def show(data: dict[str, Any], p: dict[str, Any]) -> str:
    return "  ".join(f"{k} P {m['P']:.3f} R {m['R']:.3f} F1 {m['F1']:.3f} FA {m['FA']:.4f}"
                     for k, m in ((k, metrics(v, p)) for k, v in data.items()))


def source_precision(data: dict[str, Any], p: dict[str, Any]) -> str:
    """Per decision source: suspects, and the share at a gold position with the gold replacement."""
    n: dict[str, list[int]] = {}
    for recs in data.values():
        for r in recs:
            for pos, (src, _) in decide(r, p).items():
                if pos in r["named"]:
                    continue
                n.setdefault(src, [0, 0])
                n[src][0] += 1
                n[src][1] += pos in r["gold"]
    return "  ".join(f"{s}: {a} at-gold {b / a:.3f}" for s, (a, b) in sorted(n.items()))


def grid(data: dict[str, Any]) -> None:
    cur = params()
    print("current", show(data, cur), "|", source_precision(data, cur))
    found = []
    for cf, ctop, cmin, wmin, pick, kinds in product(
            (0.0, 0.5, 1.0, 1.5, 2.0), (12, 16, 24), (3.0, 3.5, 4.0), (1.0, 1.5, 2.0, 3.0), (0.0, 0.5, 1.0),
            (frozenset(("same-tone", "other-tone")), frozenset(("same-tone", "other-tone", "near-sound")),
             frozenset(("same-tone", "other-tone", "frequent")))):
        p = params(char_fit=cf, char_top=ctop, char_min=cmin, word_min=wmin, char_pick=pick, char_kinds=kinds)
        ms = {k: metrics(v, p) for k, v in data.items()}
        found.append((sum(m["F1"] for m in ms.values()), p, ms))
    found.sort(key=lambda x: -x[0])
    for _, p, _ in found[:15]:
        print({k: p[k] for k in ("char_fit", "char_top", "char_min", "word_min", "char_pick", "char_kinds")},
              show(data, p))


def grid_near(data: dict[str, Any], base: dict[str, Any]) -> None:
    """The word model's near misses, its veto and the positions it keeps from the character stage."""
    found = []
    for near, nc, skip, veto in product((0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5), (2.0, 3.0, 4.0, 5.0, 6.0),
                                        (0.0, 1.0, 2.0, 3.0), (-99.0, -2.0, -1.0, 0.0, 1.0)):
        p = {**base, "near": near, "near_char": nc, "near_skip": skip, "char_veto": veto}
        ms = {k: metrics(v, p) for k, v in data.items()}
        found.append((sum(m["F1"] for m in ms.values()), p))
    found.sort(key=lambda x: -x[0])
    for _, p in found[:12]:
        print({k: p[k] for k in ("near", "near_char", "near_skip", "char_veto")}, show(data, p))


def grid_sit(data: dict[str, Any], base: dict[str, Any]) -> None:
    """Per-situation shifts of the word model's margins (with the character model's veto and near misses)."""
    found = []
    steps = (-1.0, -0.5, 0.0, 0.5, 1.0)
    for lone, join, single, swap in product(steps, steps, steps, steps):
        p = {**base, "sit_shift": {"lone": lone, "join": join, "single": single, "swap": swap}}
        ms = {k: metrics(v, p) for k, v in data.items()}
        found.append((sum(m["F1"] for m in ms.values()), p))
    found.sort(key=lambda x: -x[0])
    for _, p in found[:12]:
        print(p["sit_shift"], show(data, p))


def decide_boosted(r: dict[str, Any], p: dict[str, Any], relaxed: dict[str, Any],
                   dist: int) -> dict[int, tuple[str, str]]:
    """decide() with p, plus what relaxed settings decide within dist characters of the same sentence as a
    suspect of the first pass or a finding of another typo rule (a sure slip makes its neighbours likelier)."""
    out = decide(r, p)
    anchors = (out.keys() - r["named"]) | set(r["other"])
    if not anchors:
        return out
    sent = r["sentence"]
    for pos, v in decide(r, relaxed).items():
        if pos not in out and any(abs(pos - a) <= dist and sent[pos] == sent[a] for a in anchors):
            out[pos] = v
    return out


def grid_boost(data: dict[str, Any]) -> None:
    """Relaxed margins near a sure slip: near window, near_char, char_min, word_min, lone/join shift, distance."""
    from typo_tune_char import sentence_scores

    base = params()
    found = []
    for near, nc, cmin, wmin, shift, dist in product((1.5, 2.0, 3.0), (5.0, 3.0, 2.0, 1.0), (4.0, 3.0, 2.5),
                                                     (2.0, 1.0, 0.0), (0.0, -0.5, -1.0), (8, 20, 1000)):
        relaxed = params(near=near, near_char=nc, char_min=cmin, word_min=wmin,
                         sit_shift={"lone": shift, "join": shift})
        ms = {k: sentence_scores((set(r["other"]) | (decide_boosted(r, base, relaxed, dist).keys() - r["named"]),
                                  set(r["gold"])) for r in v) for k, v in data.items()}
        found.append((sum(m["F1"] for m in ms.values()), (near, nc, cmin, wmin, shift, dist), ms))
    found.sort(key=lambda x: -x[0])
    print("current", show(data, base))
    for _, knobs, ms in found[:10]:
        print(dict(zip(("near", "near_char", "char_min", "word_min", "shift", "dist"), knobs, strict=True)),
              "  ".join(f"{k} P {m['P']:.3f} R {m['R']:.3f} F1 {m['F1']:.3f} FA {m['FA']:.4f}" for k, m in ms.items()))


LEARN_KINDS = ("same-tone", "other-tone", "near-sound", "shape", "frequent")


def features(r: dict[str, Any], unigram: Any) -> dict[int, list[tuple[list[float], str]]]:
    """Per position, each recorded candidate's features: the word model's margin excess and situation, both
    models' gains, the character's fit, its confusable rank, echo, the known-word drop, both characters'
    unigram costs, the kind, and the character gain's lead over the position's other candidates."""
    cands: dict[tuple[int, str], dict[str, Any]] = {}
    fit: dict[int, float] = {}
    for w in r["word"]:
        cands[(w["pos"], w["repl"])] = {"w": w}
        fit[w["pos"]] = w["fit"]
    for c in r["char"]:
        fit[c["pos"]] = c["fit"]
        for x in c["cands"]:
            if "wg" in x:  # the character stage scores the word model only from CG_MIN
                cands.setdefault((c["pos"], x["repl"]), {}).update(c=x, echo=c["echo"])
    by_pos: dict[int, list[tuple[list[float], str]]] = {}
    for (pos, repl), v in cands.items():
        w, x = v.get("w"), v.get("c")
        kind = w["kind"] if w else x["kind"]  # type: ignore[index]
        f = [1.0 if w else 0.0, w["gain"] - w["need"] if w else -9.0, w["need"] if w else 0.0,
             *(1.0 if w and w["sit"] == k else 0.0 for k in ("lone", "join", "swap", "single")),
             1.0 if w and w["freq"] else 0.0, w["cg"] if w else x["cg"], w["gain"] if w else x["wg"],  # type: ignore[index]
             fit[pos], x["rank"] if x else 30.0, v.get("echo", 0.0), 1.0 if x and x.get("known_drop") else 0.0,
             unigram(r["src"][pos]), unigram(repl), *(1.0 if kind == k else 0.0 for k in LEARN_KINDS)]
        by_pos.setdefault(pos, []).append((f, repl))
    for lst in by_pos.values():
        for f, _ in lst:
            f.append(f[8] - max([g[8] for g, _ in lst if g is not f] or [-9.0]))
    return by_pos


def learn(data: dict[str, Any]) -> None:
    """A learned combination (gradient-boosted trees over features()), trained on one tuning set and judged on
    the other, against today's decision: picks ranked by probability, and the share of them that is the gold
    correction, at the number of picks the current decision makes. Needs scikit-learn (not a dependency)."""
    try:
        import numpy as np
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError:
        raise SystemExit("learn needs scikit-learn: pip install scikit-learn") from None
    from lint import resources
    from lint.typo.lm import char_model

    path = resources.find_char_lm_path()
    assert path is not None, "needs the character model (newslint model fetch)"
    unigram = char_model(path).unigram
    feats = {k: [(r, features(r, unigram)) for r in v] for k, v in data.items()}
    base = params()
    for train, test in (("lemon", "sighan"), ("sighan", "lemon")):
        xs = [f for r, bp in feats[train] for pos, lst in bp.items() for f, _ in lst]
        ys = [int(r["tgt"][pos] == c) for r, bp in feats[train] for pos, lst in bp.items() for _, c in lst]
        model = HistGradientBoostingClassifier(max_iter=200, max_depth=4, learning_rate=0.05,
                                               l2_regularization=1.0).fit(np.array(xs), np.array(ys))
        picks = []
        for r, bp in feats[test]:
            for pos, lst in bp.items():
                if pos not in r["named"]:
                    pr = model.predict_proba(np.array([f for f, _ in lst]))[:, 1]
                    k = int(pr.argmax())
                    picks.append((float(pr[k]), r["tgt"][pos] == lst[k][1]))
        picks.sort(key=lambda t: -t[0])
        ours = [(r["tgt"][pos] == rep) for r in data[test] for pos, (_, rep) in decide(r, base).items()
                if pos not in r["named"]]
        n = len(ours)
        print(f"trained on {train} ({len(xs):,} candidates), judged on {test}: today's decision {n} picks, "
              f"right {sum(ours) / n:.3f}; the learned model's top {n}: right {sum(a for _, a in picks[:n]) / n:.3f}, "
              f"top {2 * n}: {sum(a for _, a in picks[:2 * n]) / (2 * n):.3f}")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "grid"
    if cmd == "collect":
        collect()
    else:
        d = prune(pickle.loads(OUT.read_bytes()))
        if cmd == "replay":
            over = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
            if "char_kinds" in over:
                over["char_kinds"] = frozenset(over["char_kinds"])
            pp = params(**over)
            print(show(d, pp), "|", source_precision(d, pp))
        else:
            over = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
            if "char_kinds" in over:
                over["char_kinds"] = frozenset(over["char_kinds"])
            {"grid": lambda: grid(d), "near": lambda: grid_near(d, params(**over)),
             "sit": lambda: grid_sit(d, params(**over)), "boost": lambda: grid_boost(d),
             "learn": lambda: learn(d)}[cmd]()

#!/usr/bin/env python3
"""newslint's benchmark suite: every speed and memory figure of issue 17 in one run, each as a ratio to a baseline
measured in the same run (this machine is shared, so absolute numbers drift; ratios much less).

    python bench/suite.py [--quick] [--json bench/results.json] [--readme]

Sections (baseline of each ratio in brackets):
  cold     whole processes, median of >= 5 interleaved runs, with and without models [python -c "import json, re"]
  warm     characters/s on one core (CPU time) for the default set, without the models, per category and the
           statistical check alone, on >= 500,000 characters of clean news and of the sample repeated, best of
           3 fresh processes a group, and the default set and the statistical check on each paragraph of the clean
           news once (processes of their own) [autocorrect-py's lint on the same documents, in-process, best of 3]
  memory   peak resident memory of `newslint check` on 1 MB and 10 MB of news (ru_maxrss of the child)
           [the bare interpreter's]
  render   cost per finding of each report format on a finding-dense document, linting excluded
           [the time the rules took to find those findings]
  jobs     `newslint batch --jobs 2` against `--jobs 1` on >= 1,000 articles, median wall time of >= 3
           interleaved rounds; every run's output compared byte for byte [--jobs 1]
  process  whole processes on the same files: the punctuation subset against autocorrect-py, the default set
           against pycorrector's offline KenLM corrector (skipped with a note when not installed) [the peer]

--quick runs the same rows on smaller inputs (about 2 minutes); --json writes the run; --readme rewrites the
README's performance table (between its bench-suite markers) from the saved JSON (--json, else
bench/results.json) without measuring anything.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's lint/
sys.path.insert(0, str(ROOT / "bench"))

import bench_startup  # noqa: E402
import bench_throughput  # noqa: E402

SEED = ROOT / "seeds" / "000_e15ae0d257b06e66.txt"
NEWS = next((p for p in bench_throughput.DEFAULTS[:-1] if p.is_file()), None)  # the clean People's Daily text
RESULTS = ROOT / "bench" / "results.json"
README = ROOT / "README.md"
MARK_START, MARK_END = "<!-- bench-suite:start -->", "<!-- bench-suite:end -->"
SCHEMA = 1
PUNCTUATION_SUBSET = ["punctuation", "style", "script"]  # the rules autocorrect-py also checks
FORMATS: list[tuple[str, dict[str, Any]]] = [("json", {}), ("text", {}), ("text", {"group": False}), ("sarif", {}),
                                             ("html", {})]
COLUMNS = ["section", "case", "result", "ratio", "baseline"]
SIZES = {  # full run, --quick
    "chars": (500_000, 100_000),
    "memory_mb": ((1, 10), (0.25, 1)),
    "render_findings": (20_000, 5_000),
    "articles": (5_000, 1_000),
    "pycorrector_chars": (20_000, 2_000),
    "cold_runs": (7, 5),
    "jobs_rounds": (5, 3),
    "warm_rounds": (3, 1),
}


# ---- inputs ----------------------------------------------------------------------------------------------
def news_lines() -> list[str]:
    """Paragraphs of clean news: the People's Daily sample, else the seed article (the source is noted)."""
    src = NEWS if NEWS is not None else SEED
    return [ln for ln in src.read_text(encoding="utf-8").splitlines() if ln.strip()]


def repeated(lines: list[str], total: int) -> Iterator[str]:
    """The lines cycled until they hold ``total`` characters."""
    n = i = 0
    while n < total:
        line = lines[i % len(lines)]
        i += 1
        n += len(line)
        yield line


def write_docs(d: Path, lines: list[str], total: int, name: str, doc_size: int = 5000) -> list[Path]:
    """Files of about ``doc_size`` characters (paragraphs one per line) holding ``total`` characters."""
    paths: list[Path] = []
    buf: list[str] = []
    size = 0
    for line in repeated(lines, total):
        buf.append(line)
        size += len(line)
        if size >= doc_size:
            paths.append(d / f"{name}{len(paths):04d}.txt")
            paths[-1].write_text("\n\n".join(buf) + "\n", encoding="utf-8")
            buf, size = [], 0
    if buf:
        paths.append(d / f"{name}{len(paths):04d}.txt")
        paths[-1].write_text("\n\n".join(buf) + "\n", encoding="utf-8")
    return paths


def dense_text(findings: int) -> str:
    """Copy with a half-width comma every few characters: four punctuation findings per sentence."""
    sentence = "会上,代表们认为,今年经济运行总体平稳,稳中有进,发展质量稳步提升。"
    return "\n\n".join([sentence * 5] * max(1, findings // 20)) + "\n"


# ---- measuring ---------------------------------------------------------------------------------------------
def child(cmd: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a whole process: wall and CPU seconds, peak resident MB (its own ru_maxrss), exit code, stdout."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                             stdout=out, stderr=subprocess.DEVNULL, env=env)
        if stdin is not None:
            assert p.stdin is not None
            p.stdin.write(stdin)
            p.stdin.close()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t
        out.seek(0)
        data = out.read()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "code": p.returncode, "stdout": data}


_PEAK = ("import resource, subprocess, sys, time\n"
         "t = time.perf_counter()\n"
         "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
         "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
         "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, code)\n")


def peak(cmd: list[str]) -> dict[str, Any]:
    """A whole process started from a small one, so its peak memory is its own (a child forked from this
    process, with a linter loaded, would start at this process's size)."""
    got = child([sys.executable, "-c", _PEAK, *cmd])
    wall, cpu, rss, code = got["stdout"].split()
    return {"wall": float(wall), "cpu": float(cpu), "rss_mb": float(rss), "code": int(code)}


def no_models_env() -> dict[str, str]:
    from lint import resources

    return {**os.environ, resources.LM_ENV: str(ROOT / "no-such-word-model.lm"),
            resources.CHAR_LM_ENV: str(ROOT / "no-such-char-model.klm")}


def row(section: str, rid: str, case: str, value: float | None, unit: str, ratio: float | None, baseline: str,
        **extra: Any) -> dict[str, Any]:
    return {"id": f"{section}.{rid}", "section": section, "case": case, "value": value, "unit": unit,
            "ratio": ratio, "baseline": baseline, "extra": extra}


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(x, nd)


# ---- sections ----------------------------------------------------------------------------------------------
def cold(runs: int, say: Callable[[str], None]) -> list[dict[str, Any]]:
    say(f"cold start: {runs} interleaved runs of each case")
    base = "python -c 'import json, re'"
    with tempfile.TemporaryDirectory() as d:
        clean, typo = Path(d, "clean.txt"), Path(d, "typo.txt")
        clean.write_text("本报讯　全市今年新增就业岗位一万个。\n", encoding="utf-8")  # bench_startup's drafts
        typo.write_text("我们要再接再励，把工作做好。\n", encoding="utf-8")
        lint = [sys.executable, "-m", "lint", "check"]
        cases: dict[str, tuple[list[str], dict[str, str] | None, str]] = {
            "baseline": ([sys.executable, "-c", "import json, re"], None, base),
            "clean": ([*lint, str(clean)], None, "one-line draft, no finding, with models"),
            "typo": ([*lint, str(typo)], None, "one-line draft, a typo finding, with models"),
            "clean_no_models": ([*lint, str(clean)], no_models_env(), "one-line draft, no finding, without models"),
            "typo_no_models": ([*lint, str(typo)], no_models_env(), "one-line draft, a typo finding, without models"),
        }
        got: dict[str, list[tuple[float, float]]] = {k: [] for k in cases}
        saved = dict(os.environ)
        try:
            for cmd, env, _ in cases.values():
                child(cmd, env=env)  # build the caches (word tables, pack pickles, the model's index)
            for _ in range(runs):
                for k, (cmd, env, _) in cases.items():  # interleaved: load changes hit every case alike
                    if env is not None:
                        os.environ.clear()
                        os.environ.update(env)
                    try:
                        got[k].append(bench_startup.run(cmd))
                    finally:
                        os.environ.clear()
                        os.environ.update(saved)
        finally:
            os.environ.clear()
            os.environ.update(saved)
    bw = statistics.median(w for w, _ in got["baseline"])
    bc = statistics.median(c for _, c in got["baseline"])
    out = []
    for k, (_, _, label) in cases.items():
        w, c = statistics.median(x for x, _ in got[k]), statistics.median(y for _, y in got[k])
        out.append(row("cold", k, label, _r(w, 3), "s wall", _r(w / bw), base, cpu_s=_r(c, 3),
                       cpu_ratio=_r(c / bc), runs=runs))
    return out


def rule_groups(rules: list[Any]) -> list[tuple[str, str, list[Any]]]:
    """The rule sets timed warm: the default set, without the statistical check, that check alone, autocorrect-py's
    ground, and each category."""
    statistical = [r for r in rules if r.kind == "typos" and r.options.get("check") is None]
    groups = [("default", "default set, both models", rules),
              ("no_models", "default set without the statistical check", [r for r in rules if r not in statistical]),
              ("statistical", "typo.statistical alone", statistical),
              ("punctuation_subset", "punctuation, style, script (autocorrect-py's ground)",
               [r for r in rules if r.category in PUNCTUATION_SUBSET])]
    for cat in sorted({r.category for r in rules}):
        groups.append((f"category_{cat}", f"category {cat}", [r for r in rules if r.category == cat]))
    return groups


def warm_child(group: str, texts: dict[str, list[str]], root: Path = ROOT) -> dict[str, float]:
    """In a fresh process (no cache warmed by another rule set): CPU seconds of one rule set per text, after a
    warm-up that loads every resource. root: the lint/ to time (a compiled copy: compiled_root)."""
    if root != ROOT:
        sys.path.insert(0, str(root))
    import lint
    from lint.config import load_config
    from lint.document import Document
    from lint.engine import Linter

    if root != ROOT and (Path(lint.__file__).parent != root / "lint" or lint.build() != "compiled"):
        raise RuntimeError(f"{root}: not a compiled copy of lint/ ({lint.__file__}, {lint.build()})")
    linter = Linter.from_config(load_config(None, ROOT))
    linter.lint(Document.from_text("热身：加载模型与词典。利润逐年曾长。", "warmup.txt"))
    linter.preload()  # the tables a process otherwise reads from SQLite for its first few thousand lookups
    rules = next(rs for gid, _, rs in rule_groups(linter.rules) if gid == group)
    out = {}
    for tid, paths in texts.items():
        docs = [Document.from_text(body, f"{tid}-{i}.txt")
                for i, body in enumerate(bench_throughput.documents([Path(p) for p in paths]))]
        start = time.process_time()
        for d in docs:
            linter.lint(d, rules)
        out[tid] = time.process_time() - start
    return out


# The rule sets also timed on each paragraph of the clean news once: this machine holds 287k characters of clean news,
# so the >= 500k above repeat most of it, and a repeated paragraph meets the memos its first reading filled (the
# statistical check's second pass over the same text ran 1.48x its first on 2026-12-03): these rows are the figure
# for text a process has not seen.
ONCE_GROUPS = ("default", "statistical")
# The rule sets also timed in the compiled build, the wheel `pip install .` makes (tools/build_compiled.py; the
# other rows time this checkout's sources, as an editable install runs them).
COMPILED_GROUPS = ("default", "statistical")


def compiled_root(d: Path, say: Callable[[str], None]) -> Path | None:
    """This checkout's lint/ with the build hook's modules compiled (mypyc, -O3 as the wheel), under d; None, said,
    when it cannot be built here."""
    sys.path.insert(0, str(ROOT / "tools"))
    import build_compiled  # type: ignore[import-not-found]

    if importlib.util.find_spec("mypyc") is None or build_compiled.compiler() is None:
        say("compiled build skipped: needs mypy (mypyc) and a C compiler")
        return None
    t = time.perf_counter()
    build_compiled.compile_into(d / "compiled")
    say(f"compiled build made in {time.perf_counter() - t:.0f} s")
    return d / "compiled"


def warm(chars: int, rounds: int, say: Callable[[str], None]) -> list[dict[str, Any]]:
    import autocorrect_py  # type: ignore[import-untyped]

    from lint.config import load_config
    from lint.engine import Linter

    groups = rule_groups(Linter.from_config(load_config(None, ROOT)).rules)
    out = []
    with tempfile.TemporaryDirectory() as d:
        news = news_lines()
        texts = [("news", "clean news" if NEWS else "seed (no clean news found)", news),
                 ("sample", "the sample repeated", [ln for ln in SEED.read_text(encoding="utf-8").splitlines()
                                                    if ln.strip()]),
                 ("news_once", "clean news, each paragraph once", news)]
        totals = {"news_once": min(chars, sum(map(len, news)))}
        paths = {tid: [str(p) for p in write_docs(Path(d), lines, totals.get(tid, chars), tid)]
                 for tid, _, lines in texts}
        sizes, t_ac = {}, {}
        for tid, tlabel, _ in texts:
            bodies = bench_throughput.documents([Path(p) for p in paths[tid]])  # document texts
            sizes[tid] = sum(len(b) for b in bodies)
            autocorrect_py.lint_for(bodies[0], "text")
            t_ac[tid] = math.inf
            for _ in range(rounds):
                t = time.process_time()
                for body in bodies:
                    autocorrect_py.lint_for(body, "text")
                t_ac[tid] = min(t_ac[tid], time.process_time() - t)
            say(f"warm throughput on {tlabel}: {sizes[tid]:,} characters in {len(bodies)} documents; "
                f"autocorrect-py {sizes[tid] / t_ac[tid]:,.0f} chars/s")
        # A process's speed varies with its memory layout, its hash seed and the shared host (typo.statistical:
        # 84-202k chars/s between fresh processes of the same code within an hour on 2026-12-03): each group runs
        # in `rounds` fresh processes, interleaved with the other groups, and its best is kept (as timeit's best of
        # repeats); every round is recorded. news_once runs in processes of its own (see ONCE_GROUPS).
        compiled = compiled_root(Path(d), say)
        runs: dict[str, dict[str, list[float]]] = {}
        for r in range(rounds):
            jobs = [(gid, gid, glabel, {t: paths[t] for t in ("news", "sample")}, ROOT)
                    for gid, glabel, rs in groups if rs]
            jobs += [(gid, gid, f"{glabel}, news once", {"news_once": paths["news_once"]}, ROOT)
                     for gid, glabel, rs in groups if rs and gid in ONCE_GROUPS]
            if compiled is not None:
                jobs += [(gid, f"{gid}_compiled", f"{glabel}, compiled", {t: paths[t] for t in ("news", "news_once")},
                          compiled) for gid, glabel, rs in groups if rs and gid in COMPILED_GROUPS]
            for gid, key, glabel, these, root in jobs:
                got = child([sys.executable, str(Path(__file__).resolve()), "--warm-child", gid, json.dumps(these),
                             "--root", str(root)])
                if got["code"] != 0:
                    raise RuntimeError(f"warm throughput of {key} failed (exit {got['code']})")
                secs: dict[str, float] = json.loads(got["stdout"])
                for tid, sec in secs.items():
                    runs.setdefault(key, {}).setdefault(tid, []).append(sec)
                say(f"  {glabel} (round {r + 1}): " + ", ".join(f"{sizes[t] / s:,.0f}" for t, s in secs.items())
                    + " chars/s")
        for tid, tlabel, _ in texts:
            n, base = sizes[tid], f"autocorrect-py in-process, {tlabel}"
            out.append(row("warm", f"{tid}.autocorrect", f"{tlabel}: autocorrect-py lint (baseline)",
                           round(n / t_ac[tid]), "chars/s", 1.0, base, chars=n, rounds=rounds))
            for gid, glabel, rs in groups:
                for key, label in ((gid, glabel), (f"{gid}_compiled", f"{glabel}, compiled build (pip install .)")):
                    if not rs or tid not in runs.get(key, {}):
                        continue
                    best = min(runs[key][tid])
                    out.append(row("warm", f"{tid}.{key}", f"{tlabel}: {label}", round(n / best), "chars/s",
                                   _r(best / t_ac[tid]), base, chars=n, rules=len(rs), rounds=rounds,
                                   each=[round(n / x) for x in runs[key][tid]]))
    return out


def memory(sizes_mb: tuple[float, ...], say: Callable[[str], None]) -> list[dict[str, Any]]:
    base = peak([sys.executable, "-c", "import json, re"])["rss_mb"]
    out = [row("memory", "baseline", "python -c 'import json, re'", _r(base, 1), "MB peak", 1.0,
               "python -c 'import json, re'")]
    lines = news_lines()
    with tempfile.TemporaryDirectory() as d:
        for key, mb in zip(("small", "large"), sizes_mb, strict=True):
            path = Path(d, f"news-{mb}MB.txt")
            target = int(mb * 1024 * 1024)
            with path.open("w", encoding="utf-8") as fh:
                size = 0
                for line in repeated(lines, target):  # characters >= bytes / 3: cut by bytes below
                    b = len(line.encode()) + 2
                    if size + b > target:
                        break
                    fh.write(line + "\n\n")
                    size += b
            say(f"memory: newslint check on {mb} MB")
            got = peak([sys.executable, "-m", "lint", "check", "--format", "json", "--jobs", "1", str(path)])
            out.append(row("memory", key, f"newslint check, {mb:g} MB of news, both models", _r(got["rss_mb"], 1),
                           "MB peak", _r(got["rss_mb"] / base), "python -c 'import json, re'",
                           megabytes=mb, wall_s=_r(got["wall"], 1), cpu_s=_r(got["cpu"], 1), exit_code=got["code"]))
    return out


def render(findings: int, say: Callable[[str], None]) -> list[dict[str, Any]]:
    from lint.config import load_config
    from lint.document import Document
    from lint.engine import Linter
    from lint.report import FileResult, ReportOptions, Results

    cfg = load_config(None, ROOT)
    cfg.select = ["punctuation"]
    linter = Linter.from_config(cfg)
    doc = Document.from_text(dense_text(findings), "dense.txt")
    t = time.process_time()
    fs = linter.lint(doc)
    t_lint = time.process_time() - t
    res = Results(files=[FileResult("dense.txt", doc, fs)], rules=linter.rules)
    n = len(fs)
    say(f"render: {n:,} findings (linting took {t_lint * 1e6 / n:.1f} µs a finding)")
    out = []
    for fmt, opts in FORMATS:
        mod = importlib.import_module(f"lint.report.{fmt}")
        options = ReportOptions(**opts)
        mod.render(res, options)  # imports, caches
        best = min(_timed(mod.render, res, options) for _ in range(3))
        name = fmt + ("" if options.group else ", --no-group")
        out.append(row("render", fmt + ("" if options.group else "_no_group"), f"{name} report",
                       _r(best * 1e6 / n, 1), "µs/finding", _r(best / t_lint), "the linting of those findings",
                       findings=n))
    return out


def _timed(fn: Callable[..., Any], *args: Any) -> float:
    t = time.process_time()
    fn(*args)
    return time.process_time() - t


def jobs(articles: int, rounds: int, say: Callable[[str], None]) -> list[dict[str, Any]]:
    lines = news_lines()
    data = "".join(json.dumps({"id": i, "text": lines[i % len(lines)]}, ensure_ascii=False) + "\n"
                   for i in range(articles)).encode()
    chars = sum(len(lines[i % len(lines)]) for i in range(articles))
    say(f"jobs: newslint batch on {articles:,} articles ({chars:,} characters), {rounds} interleaved rounds of "
        "--jobs 1 then 2")
    # One run of each is at the mercy of a neighbour on this shared machine (single runs gave 1.63-2.0x on an
    # idle one): medians of interleaved rounds, as for cold start.
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    for _ in range(rounds):
        for n in (1, 2):
            runs[n].append(child([sys.executable, "-m", "lint", "batch", "--jobs", str(n)], stdin=data))
    first = runs[1][0]
    same = all(r["stdout"] == first["stdout"] and r["code"] == first["code"] for n in (1, 2) for r in runs[n])
    wall = {n: statistics.median(r["wall"] for r in runs[n]) for n in (1, 2)}
    return [row("jobs", f"jobs{n}", f"batch --jobs {n}, {articles:,} articles", _r(wall[n], 2), "s wall",
                _r(wall[1] / wall[n]), "--jobs 1 (ratio: speed-up)", articles=articles, chars=chars,
                identical_output=same, runs=rounds, walls=[_r(r["wall"], 2) for r in runs[n]],
                cpu_s=_r(statistics.median(r["cpu"] for r in runs[n]), 2))
            for n in (1, 2)]


def process(chars: int, pyc_chars: int, say: Callable[[str], None]) -> tuple[list[dict[str, Any]], list[str]]:
    notes: list[str] = []
    out = []
    with tempfile.TemporaryDirectory() as d:
        paths = write_docs(Path(d), news_lines(), chars, "doc")
        n = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        say(f"whole process: {n:,} characters in {len(paths)} files, newslint's punctuation subset and autocorrect-py")
        script = ("import sys, pathlib, autocorrect_py\n"
                  "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt')):\n"
                  "    autocorrect_py.lint_for(p.read_text(encoding='utf-8'), 'text')\n")
        ac = child([sys.executable, "-c", script, d])
        nl = child([sys.executable, "-m", "lint", "check", "--select", ",".join(PUNCTUATION_SUBSET), "--jobs", "1",
                    "--format", "concise", d])
        base = "autocorrect-py, whole process"
        out.append(row("process", "autocorrect", f"autocorrect-py lint, {n:,} characters (baseline)",
                       _r(ac["wall"], 2), "s wall", 1.0, base, chars=n, cpu_s=_r(ac["cpu"], 2)))
        out.append(row("process", "punctuation_subset", f"newslint check --select punctuation,style,script, "
                       f"{n:,} characters", _r(nl["wall"], 2), "s wall", _r(nl["wall"] / ac["wall"]), base, chars=n,
                       cpu_s=_r(nl["cpu"], 2), cpu_ratio=_r(nl["cpu"] / ac["cpu"])))
    lines = news_lines()
    sample, size = [], 0
    for line in repeated(lines, pyc_chars):
        sample.append(line)
        size += len(line)
    data = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(sample)).encode()
    say(f"whole process: newslint batch and pycorrector's offline corrector on {size:,} characters")
    nl = child([sys.executable, "-m", "lint", "batch", "--jobs", "1"], stdin=data)
    base = "pycorrector offline (KenLM), whole process"
    pyc: dict[str, Any] | None = None
    if importlib.util.find_spec("pycorrector") is None:
        notes.append("pycorrector is not installed: its rows are empty (pip install 'newslint[pycorrector]')")
    else:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        pyc = child([sys.executable, str(ROOT / "bench" / "pycorrector_adapter.py")], stdin=data, env=env)
        if pyc["code"] != 0:
            notes.append(f"pycorrector's corrector failed (exit {pyc['code']}): its rows are empty")
            pyc = None
    out.append(row("process", "pycorrector", f"pycorrector offline corrector, {size:,} characters (baseline)",
                   None if pyc is None else round(size / pyc["wall"]), "chars/s", None if pyc is None else 1.0, base,
                   chars=size, wall_s=None if pyc is None else _r(pyc["wall"], 2)))
    out.append(row("process", "default_batch", f"newslint batch, default set, {size:,} characters",
                   round(size / nl["wall"]), "chars/s", None if pyc is None else _r(pyc["wall"] / nl["wall"]), base,
                   chars=size, wall_s=_r(nl["wall"], 2)))
    return out, notes


def run_suite(quick: bool, say: Callable[[str], None]) -> dict[str, Any]:
    k = 1 if quick else 0
    started = time.perf_counter()
    load_before = os.getloadavg()
    notes: list[str] = []
    if NEWS is None:
        notes.append("no clean news text beside the checkout: the seed article stands in for it")
    rows = cold(SIZES["cold_runs"][k], say)  # type: ignore[arg-type]
    try:
        rows += warm(SIZES["chars"][k], SIZES["warm_rounds"][k], say)  # type: ignore[arg-type]
    except ImportError:
        notes.append("autocorrect-py is not installed: warm throughput skipped (pip install autocorrect-py)")
    rows += memory(SIZES["memory_mb"][k], say)  # type: ignore[arg-type]
    rows += render(SIZES["render_findings"][k], say)  # type: ignore[arg-type]
    rows += jobs(SIZES["articles"][k], SIZES["jobs_rounds"][k], say)  # type: ignore[arg-type]
    more, more_notes = process(SIZES["chars"][k], SIZES["pycorrector_chars"][k], say)  # type: ignore[arg-type]
    rows += more
    notes += more_notes
    from lint import __version__

    return {
        "schema": SCHEMA,
        "meta": {"quick": quick, "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                 "seconds": round(time.perf_counter() - started), "newslint": __version__,
                 "python": platform.python_version(), "cpus": os.cpu_count(),
                 "load_average": [round(x, 1) for x in load_before],
                 "load_average_after": [round(x, 1) for x in os.getloadavg()],
                 "command": "python bench/suite.py" + (" --quick" if quick else "")},
        "rows": rows,
        "notes": notes,
    }


# ---- output ------------------------------------------------------------------------------------------------
def fmt_value(r: dict[str, Any]) -> str:
    v = r["value"]
    if v is None:
        return "skipped"
    text = f"{v:,.0f} {r['unit']}" if r["unit"] == "chars/s" else f"{v:,g} {r['unit']}"
    extra = r["extra"]
    if len(extra.get("each", ())) > 1:  # warm rows: the best of fresh processes, and the slowest of them
        text += f" (best of {len(extra['each'])}; slowest {min(extra['each']):,})"
    if len(extra.get("walls", ())) > 1:
        text += f", median of {len(extra['walls'])}"
    if "identical_output" in extra:
        text += ", output identical" if extra["identical_output"] else ", output DIFFERS from --jobs 1"
    return text


def fmt_ratio(r: dict[str, Any]) -> str:
    return "–" if r["ratio"] is None else f"{r['ratio']:.2f}×"


def table_rows(data: dict[str, Any]) -> list[list[str]]:
    return [[r["section"], r["case"], fmt_value(r), fmt_ratio(r), r["baseline"]] for r in data["rows"]]


def text_table(data: dict[str, Any]) -> str:
    rows = [COLUMNS, *table_rows(data)]
    widths = [max(len(x[i]) for x in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(x, widths, strict=True)).rstrip() for x in rows]
    meta = data["meta"]
    head = (f"newslint {meta['newslint']} bench suite ({'quick' if meta['quick'] else 'full'}), {meta['date']}, "
            f"{meta['seconds']} s, load average {meta['load_average'][0]} before, "
            f"{meta['load_average_after'][0]} after")
    return "\n".join([head, *lines, *[f"note: {n}" for n in data["notes"]]]) + "\n"


def readme_table(data: dict[str, Any]) -> str:
    """The README's performance table (Markdown), from a saved run."""
    meta = data["meta"]

    def cell(s: str) -> str:
        return s.replace("|", "\\|")
    intro = (f"`{meta['command']}` on {meta['date']} ({meta['cpus']} cores shared with other work, load average "
             f"{meta['load_average'][0]}; newslint {meta['newslint']}, Python {meta['python']}). Ratios are to the "
             "baseline named in the same row, measured in the same run; `--readme` regenerates this table from "
             "`bench/results.json`.")
    lines = [*textwrap.wrap(intro, 115, break_on_hyphens=False, break_long_words=False),
             "",
             "| " + " | ".join(COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(c) for c in x) + " |" for x in table_rows(data)]
    lines += [f"\nNote: {n}" for n in data["notes"]]
    return "\n".join(lines) + "\n"


def replace_block(readme: str, block: str) -> str:
    a, b = readme.index(MARK_START), readme.index(MARK_END)
    return readme[:a + len(MARK_START)] + "\n" + block + readme[b:]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller inputs, about 2 minutes")
    ap.add_argument("--json", type=Path, help="write the run's figures here (e.g. bench/results.json)")
    ap.add_argument("--readme", action="store_true",
                    help="rewrite README.md's performance table from the saved JSON, measuring nothing")
    ap.add_argument("--warm-child", nargs=2, metavar=("GROUP", "TEXTS"), help=argparse.SUPPRESS)
    ap.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.warm_child:
        print(json.dumps(warm_child(args.warm_child[0], json.loads(args.warm_child[1]), args.root.resolve())))
        return 0
    if args.readme:
        src = args.json or RESULTS
        data = json.loads(src.read_text(encoding="utf-8"))
        README.write_text(replace_block(README.read_text(encoding="utf-8"), readme_table(data)), encoding="utf-8")
        print(f"README.md: performance table rewritten from {src}")
        return 0

    def say(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    data = run_suite(args.quick, say)
    sys.stdout.write(text_table(data))
    if args.json:
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``newslint audit`` on a local Ray cluster equals ``newslint batch`` on the same articles, keeps failing
articles in failures/, and loses and duplicates nothing when a lint actor is killed mid-run."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import EVAL, ROOT, run_cli_text

# Beside the repo on the CI (conftest's EVAL); a worktree of the shared checkout finds it at /work/shared.
CLEAN = next((d / "clean_news_pd1998_2001.txt" for d in (EVAL, Path("/work/shared/eval")) if d.is_dir()),
             EVAL / "clean_news_pd1998_2001.txt")
N = 2000
FAILING = {"pd-0007": "format must be one of", "pd-0008": "string 'text'"}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli_text(*args)  # in-process: the same main() as the command (refusals come before Ray starts)


# ---- fast: no Ray cluster -------------------------------------------------------------------------------------
def test_help_does_not_import_ray() -> None:
    code = "import sys; from lint.cli import build_parser; build_parser(); print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_ray_one_line_and_exit_2(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['ray'] = None; from lint.cli import main; "
            f"sys.exit(main(['audit', {str(tmp_path)!r}, '-o', {str(tmp_path / 'out')!r}]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip() == "newslint audit needs Ray Data and pyarrow: pip install 'newslint[ray]'"


def test_bad_input_and_foreign_output_refused(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    missing = _cli("audit", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out"))
    assert missing.returncode == 2 and missing.stderr.strip().endswith("nope.jsonl: no such file or directory")
    (tmp_path / "a.jsonl").write_text('{"id": 1, "text": "好。"}\n', encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    foreign = _cli("audit", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "notes"), "--overwrite")
    assert foreign.returncode == 2 and "not a newslint audit" in foreign.stderr
    assert (tmp_path / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"


# ---- slow: a real run -----------------------------------------------------------------------------------------
def _articles(path: Path) -> dict[str, dict[str, Any]]:
    """2,000 articles of two People's Daily paragraphs with injected errors: 再接再励, a half-width comma between
    Han characters, a traditional 國; two articles that cannot be linted."""
    import regex

    lines = [ln for ln in CLEAN.read_text(encoding="utf-8").splitlines() if ln.strip()]
    arts: dict[str, dict[str, Any]] = {}
    for i in range(N):
        text = lines[(2 * i) % len(lines)] + "\n" + lines[(2 * i + 1) % len(lines)]  # two paragraphs
        if i % 10 == 1:
            text += "我们要再接再励，争取更大的胜利。"
        elif i % 10 == 3:
            text = regex.sub(r"(?<=\p{Han})，(?=\p{Han})", ",", text, count=1) + "今年经济发展很快,人民生活水平提高。"
        elif i % 10 == 5:
            text += "中國人民的生活水平提高了。"
        rec: dict[str, Any] = {"id": f"pd-{i:04d}", "text": text, "section": "要闻" if i % 3 else "国际",
                               "date": f"2001-01-{i % 28 + 1:02d}"}
        if i % 4 == 0:
            rec["format"] = "markdown" if i % 8 else "plain"
        arts[rec["id"]] = rec
    arts["pd-0007"]["format"] = "docx"
    arts["pd-0008"]["text"] = None
    with path.open("w", encoding="utf-8") as f:
        for rec in arts.values():
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return arts


def _actor_pids(root: int) -> dict[int, str]:
    import psutil

    out = {}
    for p in psutil.Process(root).children(recursive=True):
        try:
            title = " ".join(p.cmdline())
        except psutil.Error:
            continue
        if "LintActor" in title:
            out[p.pid] = title
    return out


def _kill_one_actor_mid_run(proc: subprocess.Popen[str], killed: list[int], alive: set[int]) -> None:
    """Once a lint actor has spent a CPU second in its batches (of about 3 each), kill it mid-batch (SIGKILL, as
    an OOM killer would); ``alive`` gets the actors seen then."""
    import psutil

    start: dict[int, float] = {}
    while proc.poll() is None and not killed:
        for pid, title in _actor_pids(proc.pid).items():
            try:
                cpu = psutil.Process(pid).cpu_times().user
            except psutil.Error:
                continue
            if title.rstrip().endswith(".submit"):  # running a batch, its linter built (titles are padded)
                start.setdefault(pid, cpu)
            if pid in start and cpu - start[pid] > 1.0 and title.rstrip().endswith(".submit"):
                alive.update(_actor_pids(proc.pid))
                psutil.Process(pid).kill()
                killed.append(pid)
                return
        time.sleep(0.1)


@pytest.mark.slow
def test_audit_equals_batch_with_failures_and_a_killed_worker(tmp_path: Path) -> None:
    if not CLEAN.exists():
        pytest.skip(f"eval data not found at {EVAL} (the CI has it beside the repo as ../shared)")
    pytest.importorskip("ray")
    pq = pytest.importorskip("pyarrow.parquet")
    pytest.importorskip("psutil")
    src, out = tmp_path / "archive.jsonl", tmp_path / "out"
    arts = _articles(src)

    proc = subprocess.Popen([sys.executable, "-m", "lint", "audit", str(src), "-o", str(out), "--workers", "2",
                             "--batch-size", "50"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    killed: list[int] = []
    alive: set[int] = set()
    killer = threading.Thread(target=_kill_one_actor_mid_run, args=(proc, killed, alive))
    killer.start()
    batch = _cli("batch", str(src))  # meanwhile: the reference, one process
    _, err = proc.communicate(timeout=600)
    killer.join()
    assert proc.returncode == 1, err[-2000:]  # 1: finished, some articles in failures
    assert killed, "no lint actor was seen running a batch"

    want: dict[str, list[dict[str, Any]]] = {}
    want_errors: dict[str, str] = {}
    for line in batch.stdout.splitlines():
        obj = json.loads(line)
        if "error" in obj:
            want_errors[obj["id"]] = obj["error"].split(": ", 1)[1]  # batch prefixes "line N: "
        elif obj["findings"]:
            want[obj["id"]] = obj["findings"]

    table = pq.read_table(sorted(str(p) for p in out.glob("*.parquet")))
    got: dict[str, list[dict[str, Any]]] = {}
    for row in table.to_pylist():
        rid = row.pop("id")
        rec = arts[rid]
        assert (row.pop("section"), str(row.pop("date"))[:10]) == (rec["section"], rec["date"])
        for k in [k for k in row if k.startswith("source_") and row[k] is None]:
            del row[k]  # HTML-only fields; batch omits them
        got.setdefault(rid, []).append(row)

    def key(f: dict[str, Any]) -> tuple[int, int, str]:
        return f["offset"], f["end_offset"], f["rule"]

    assert set(got) == set(want)
    for rid, findings in want.items():
        assert sorted(got[rid], key=key) == sorted(findings, key=key), rid
    injected = {"typo.known-wrong-form": 1, "punctuation.half-width": 3, "script.traditional": 5}
    for rule, r in injected.items():
        hit = {rid for rid, fs in got.items() if any(f["rule"] == rule for f in fs)}
        assert {f"pd-{i:04d}" for i in range(N) if i % 10 == r} - set(FAILING) <= hit, rule

    fails = {r["id"]: r["error"] for r in pq.read_table(str(out / "failures")).to_pylist()}
    assert fails == want_errors and set(fails) == set(FAILING)
    assert all(FAILING[k] in v for k, v in fails.items())

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == N and summary["failures"] == 2
    assert summary["findings"] == table.num_rows == sum(len(v) for v in want.values())
    assert summary["characters"] == sum(len(a["text"]) for k, a in arts.items() if k not in FAILING)
    assert summary["by_rule"] == dict(sorted({r: sum(f["rule"] == r for fs in want.values() for f in fs)
                                             for fs in want.values() for r in (f["rule"] for f in fs)}.items()))
    workers = {int(w["worker"].rsplit(":", 1)[1]) for w in summary["workers"]}
    assert workers - alive, "no actor started after the kill linted anything"  # Ray restarted the killed one

    again = _cli("audit", str(src), "-o", str(out))
    assert again.returncode == 2 and "holds a finished audit" in again.stderr
    _readme_queries(out, table.num_rows, summary["by_rule"])


def _readme_queries(out: Path, findings: int, by_rule: dict[str, int]) -> None:
    """The README's DuckDB queries run on the output as printed."""
    duckdb = pytest.importorskip("duckdb")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Archive audits"):]
    queries = section[section.index("```sql\n") + 7:section.index("```", section.index("```sql\n") + 7)]
    results = [duckdb.sql(q.replace("'out/", f"'{out}/")).fetchall() for q in queries.split(";") if q.strip()]
    assert dict(results[0]) == by_rule and sum(dict(results[0]).values()) == findings
    assert len(results[1]) == by_rule["typo.known-wrong-form"] and len(results[2]) == 2

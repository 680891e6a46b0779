#!/usr/bin/env python3
"""Warm service latency against a cold process, on the sample article.

    python bench/bench_serve.py [--n 200] [--cold 5] [--profile]

Starts ``python -m lint serve --port 0`` from the checkout and sends N sequential POST /v1/lint requests (one
keep-alive connection) for three rows: the first ~2,000 characters of the sample article, the whole article, and
the 2,000 characters with the statistical typo detector off (most of the time goes there). Reports the median and
p95 wall time; the median of COLD runs of ``python -m lint check --format json`` on the same text and the speed-up;
and the same lint called in-process (no HTTP, wall and CPU time), so the service's own overhead shows.
``--profile`` adds a cProfile of the in-process lint of the 2,000-character row.
Targets (issue 13): p95 <= 50 ms for 2,000 characters; >= 10x faster than a cold process. Not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "000_e15ae0d257b06e66.txt"
sys.path.insert(0, str(ROOT))  # the checkout's lint/, not an installed copy


def head(text: str, size: int = 2000) -> str:
    """The first lines of text up to about size characters."""
    out, n = [], 0
    for line in text.splitlines(keepends=True):
        if n >= size:
            break
        out.append(line)
        n += len(line)
    return "".join(out)


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def start_server(log: Path) -> tuple[subprocess.Popen[bytes], str]:
    proc = subprocess.Popen([sys.executable, "-m", "lint", "serve", "--port", "0"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if "listening on " in text:
            return proc, text.split("listening on ", 1)[1].split()[0]
        if proc.poll() is not None:
            raise SystemExit(f"newslint serve exited: {text}")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("newslint serve did not start")


def warm(url: str, request: dict[str, object], n: int) -> list[float]:
    import httpx

    body = json.dumps(request, ensure_ascii=False).encode("utf-8")
    times = []
    with httpx.Client(base_url=url, timeout=60) as client:
        client.post("/v1/lint", content=body).raise_for_status()
        for _ in range(n):
            t0 = time.perf_counter()
            client.post("/v1/lint", content=body).raise_for_status()
            times.append(time.perf_counter() - t0)
    return times


def cold(text: str, runs: int) -> list[float]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "lint", "check", "--format", "json", f.name], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        return times
    finally:
        os.unlink(f.name)


def in_process(rows: list[tuple[str, dict[str, object]]], n: int, profile: bool) -> dict[str, list[float]]:
    from lint.server.app import Service, Settings, lint_job

    service = Service(Settings())
    service.warm_up()
    out: dict[str, list[float]] = {}
    for name, request in rows:
        job = lint_job(service, dict(request))
        job()
        times, cpu = [], []
        for _ in range(max(5, n // 4)):
            t0, c0 = time.perf_counter(), time.process_time()
            job()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        out[name] = times
        out[name + " cpu"] = cpu
    if profile:
        job = lint_job(service, dict(rows[0][1]))
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(20):
            job()
        prof.disable()
        print(f"\ncProfile of 20 in-process lints of the {rows[0][0]} row (cumulative):")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        print("by own time:")
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)
    service.worker.shutdown()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="sequential warm requests per row")
    ap.add_argument("--cold", type=int, default=5, help="cold check runs per row")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    sample = SAMPLE.read_text(encoding="utf-8")
    short = head(sample)
    rows: list[tuple[str, dict[str, object]]] = [
        (f"{len(short)} chars", {"text": short}),
        (f"{len(sample)} chars (whole)", {"text": sample}),
        # the statistical typo detector is most of the time (see --profile): the same text without it
        (f"{len(short)} chars, no LM", {"text": short, "config": {"ignore": ["typo.statistical"]}}),
    ]
    with tempfile.TemporaryDirectory() as d:
        proc, url = start_server(Path(d) / "serve.log")
        try:
            warm_times = {name: warm(url, request, args.n) for name, request in rows}
            rss = next(line.split()[1] for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                       if line.startswith("VmRSS:"))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    cold_times = {name: cold(str(request["text"]), args.cold) for name, request in rows[:2]}
    cold_times[rows[2][0]] = cold_times[rows[0][0]]  # the cold check runs the whole default set
    inproc = in_process(rows, args.n, args.profile)
    print(f"\nnewslint serve, {args.n} sequential POST /v1/lint per row; cold = python -m lint check "
          f"--format json, median of {args.cold}; server RSS {int(rss) // 1024} MiB")
    print(f"{'row':<26} {'median ms':>9} {'p95 ms':>7} {'in-proc ms':>10} {'(cpu ms)':>8} {'cold ms':>8} "
          f"{'speed-up':>8}")
    for name, _ in rows:
        w, c = warm_times[name], cold_times[name]
        med = statistics.median(w)
        print(f"{name:<26} {med * 1000:9.1f} {p95(w) * 1000:7.1f} {statistics.median(inproc[name]) * 1000:10.1f} "
              f"{statistics.median(inproc[name + ' cpu']) * 1000:8.1f} {statistics.median(c) * 1000:8.0f} "
              f"{statistics.median(c) / med:7.1f}x")
    print("in-proc: the same lint and JSON encoding called directly in this process (no HTTP); cpu: its CPU time")
    print(f"(load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()

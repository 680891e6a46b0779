#!/usr/bin/env python3
"""Warm service latency against a cold process, on the sample article.

    python bench/bench_serve.py [--n 200] [--cold 5] [--compare DIR] [--profile]

Starts ``python -m lint serve --port 0`` from the checkout and sends N sequential POST /v1/lint requests (one
keep-alive connection) for three rows: the first ~2,000 characters of the sample article, the whole article, and
the 2,000 characters with the statistical typo detector off (most of the time goes there); and, when the People's
Daily sample of ../shared/eval is there, up to N different ~2,000-character articles, one per request (the typo
detector caches what it computed for each run of characters, so the same article again is its best case, while
a newsroom pipeline sends articles it has never seen; an editor re-checking a text as one types is in between).
For each row:

- the client's wall time per request: p50 (median), p90, p95, p99 and max;
- ``srv cpu``: the server process's CPU time per request (/proc, all its threads: HTTP, event loop, worker);
- ``in-proc``: the same job (lint and JSON encoding) called directly in a fresh process of the same checkout,
  no HTTP: median wall and CPU; ``http cpu`` = srv cpu - in-proc cpu, the service's own CPU per request;
- the median of COLD runs of ``python -m lint check --format json`` on the same text and the speed-up.

When the server logs each job's time (``lint X ms cpu Y ms``), a second table splits the median request: the
client's wall, the server's (from the request's arrival in the app to its answer), the worker's job (wall, CPU).
``--compare DIR`` starts DIR's server too (another checkout, e.g. the main branch) and alternates the requests
between the two, so both see the same load; its rows are marked with DIR's name (no cold runs for it).
``--profile`` adds a cProfile of the in-process lint of the 2,000-character row (this checkout).
Targets (issue 13): p95 <= 50 ms for 2,000 characters; >= 10x faster than a cold process. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "000_e15ae0d257b06e66.txt"
# Distinct articles for the "new text" row: the People's Daily sample beside the checkout, read in place
PD = [ROOT.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt",
      ROOT.parent.parent / "shared" / "eval" / "clean_news_pd1998_2001.txt",
      Path("/work/shared/eval/clean_news_pd1998_2001.txt")]
sys.path.insert(0, str(ROOT))  # the checkout's lint/, not an installed copy
LOG_RE = re.compile(r"POST /v1/lint 200 ([\d.]+)ms \d+B(?: lint ([\d.]+)ms cpu ([\d.]+)ms)?")


def head(text: str, size: int = 2000) -> str:
    """The first lines of text up to about size characters."""
    out, n = [], 0
    for line in text.splitlines(keepends=True):
        if n >= size:
            break
        out.append(line)
        n += len(line)
    return "".join(out)


def documents(path: Path, size: int = 2000) -> list[str]:
    """The file's non-blank lines grouped into texts of about size characters (one paragraph a line)."""
    docs, buf, n = [], [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            buf.append(line + "\n")
            n += len(line) + 1
            if n >= size:
                docs.append("".join(buf))
                buf, n = [], 0
    return docs


def pct(xs: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def env_for(root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(root)}


class Server:
    """``python -m lint serve --port 0`` of one checkout, its stderr (one line per request) in a file."""

    def __init__(self, root: Path, log: Path) -> None:
        self.root, self.log = root, log
        self.proc = subprocess.Popen([sys.executable, "-m", "lint", "serve", "--port", "0"], cwd=root,
                                     env=env_for(root), stdout=subprocess.DEVNULL, stderr=log.open("wb"))
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            text = log.read_text(errors="replace")
            if "listening on " in text:
                self.url = text.split("listening on ", 1)[1].split()[0]
                return
            if self.proc.poll() is not None:
                raise SystemExit(f"newslint serve ({root}) exited: {text}")
            time.sleep(0.1)
        self.proc.kill()
        raise SystemExit(f"newslint serve ({root}) did not start")

    def cpu(self) -> float:
        """CPU seconds the server has used (user + system, all threads)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self) -> int:
        line = next(x for x in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines()
                    if x.startswith("VmRSS:"))
        return int(line.split()[1]) // 1024

    def log_lines(self) -> list[str]:
        return [x for x in self.log.read_text(errors="replace").splitlines() if "POST /v1/lint 200 " in x]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def warm(servers: list[Server], requests: list[dict[str, object]], n: int) -> list[dict[str, Any]]:
    """n requests to each server, alternating, cycling through requests (the first warms up each server);
    per server: client times, server log times, CPU per request."""
    import httpx

    bodies = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in requests]
    clients = [httpx.Client(base_url=s.url, timeout=60) for s in servers]
    try:
        for c in clients:
            for _ in range(3):
                c.post("/v1/lint", content=bodies[0]).raise_for_status()
        if len(bodies) > 1:
            bodies = bodies[1:]
        seen = [len(s.log_lines()) for s in servers]
        cpu0 = [s.cpu() for s in servers]
        times: list[list[float]] = [[] for _ in servers]
        for i in range(n):
            for k, c in enumerate(clients):
                t0 = time.perf_counter()
                c.post("/v1/lint", content=bodies[i % len(bodies)]).raise_for_status()
                times[k].append(time.perf_counter() - t0)
        cpu = [(s.cpu() - c0) / n for s, c0 in zip(servers, cpu0, strict=True)]
    finally:
        for c in clients:
            c.close()
    out = []
    for k, s in enumerate(servers):
        time.sleep(0.05)  # the last log line
        logged = [m for x in s.log_lines()[seen[k]:] if (m := LOG_RE.search(x))]
        out.append({"client": times[k], "cpu": cpu[k],
                    "server": [float(m[1]) / 1000 for m in logged],
                    "job": [float(m[2]) / 1000 for m in logged if m[2]],
                    "job_cpu": [float(m[3]) / 1000 for m in logged if m[3]]})
    return out


def cold(text: str, runs: int) -> list[float]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "lint", "check", "--format", "json", f.name], cwd=ROOT,
                           env=env_for(ROOT), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        return times
    finally:
        os.unlink(f.name)


# Run in a fresh process of a checkout: its lint_job, warmed up and with the collector set as the server has it.
IN_PROCESS = r"""
import gc, json, sys, time
from lint import cli
from lint.server.app import Service, Settings, lint_job
rows, n = json.loads(sys.stdin.read())
gc.set_threshold(*getattr(cli, "GC_THRESHOLD", gc.get_threshold()))
service = Service(Settings())
service.warm_up()
gc.collect()
gc.freeze()
out = {}
for name, requests in rows:
    jobs = [lint_job(service, dict(r)) for r in requests[1:] or requests]
    if len(requests) == 1:
        jobs[0]()
    wall, cpu = [], []
    for i in range(n if len(jobs) == 1 else len(jobs)):
        job = jobs[i % len(jobs)]
        t0, c0 = time.perf_counter(), time.process_time()
        job()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    out[name] = {"wall": wall, "cpu": cpu}
service.worker.shutdown()
print(json.dumps(out))
"""


def in_process(root: Path, rows: list[tuple[str, list[dict[str, object]]]], n: int) \
        -> dict[str, dict[str, list[float]]]:
    out = subprocess.run([sys.executable, "-c", IN_PROCESS], cwd=root, env=env_for(root), capture_output=True,
                         input=json.dumps([rows, n]), text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def profile(rows: list[tuple[str, list[dict[str, object]]]]) -> None:
    import cProfile
    import pstats

    from lint.server.app import Service, Settings, lint_job

    service = Service(Settings())
    service.warm_up()
    job = lint_job(service, dict(rows[0][1][0]))
    job()
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="sequential warm requests per row (and server)")
    ap.add_argument("--cold", type=int, default=5, help="cold check runs per row (0: none)")
    ap.add_argument("--compare", type=Path, metavar="DIR", help="another checkout whose server runs alternately")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    sample = SAMPLE.read_text(encoding="utf-8")
    short = head(sample)
    rows: list[tuple[str, list[dict[str, object]]]] = [
        (f"{len(short)} chars", [{"text": short}]),
        (f"{len(sample)} chars (whole)", [{"text": sample}]),
        # the statistical typo detector is most of the time (see --profile): the same text without it
        (f"{len(short)} chars, no LM", [{"text": short, "config": {"ignore": ["typo.statistical"]}}]),
    ]
    pd = next((p for p in PD if p.is_file()), None)
    if pd is not None:
        # the typo detector caches what it computed per run of characters: the same article over and over
        # is its best case; here each request is an article it has not seen (after a warm-up on the sample)
        docs = documents(pd)[:args.n]
        rows.append((f"~2000 chars, new text ({len(docs)})", [{"text": short}] + [{"text": d} for d in docs]))
    roots = [ROOT] + ([args.compare.resolve()] if args.compare else [])
    labels = ["this"] + ([args.compare.name] if args.compare else [])
    with tempfile.TemporaryDirectory() as d:
        servers: list[Server] = []
        try:
            for k, root in enumerate(roots):
                servers.append(Server(root, Path(d) / f"serve{k}.log"))
            warm_times = {name: warm(servers, requests, args.n if len(requests) == 1 else len(requests) - 1)
                          for name, requests in rows}
            rss = [s.rss_mib() for s in servers]
        finally:
            for s in servers:
                s.close()
    inproc = [in_process(root, rows, max(5, args.n // 4)) for root in roots]
    cold_times = {name: cold(str(requests[0]["text"]), args.cold) for name, requests in rows[:2]} if args.cold else {}
    if cold_times:  # the cold check runs the whole default set, on text of the same size
        cold_times[rows[2][0]] = cold_times[rows[0][0]]
        if len(rows) > 3:
            cold_times[rows[3][0]] = cold_times[rows[0][0]]
    if args.profile:
        profile(rows)

    def ms(x: float) -> str:
        return f"{x * 1000:.1f}"

    print(f"\nnewslint serve, {args.n} sequential POST /v1/lint per row and server"
          + (" (alternating)" if args.compare else "") + f"; server RSS {', '.join(f'{r} MiB' for r in rss)}"
          + (f"; cold = python -m lint check --format json, median of {args.cold}" if args.cold else ""))
    width = max(len(name) for name, _ in rows)
    cols = ["p50", "p90", "p95", "p99", "max", "srv cpu", "in-proc", "(cpu)", "http cpu", "cold", "speed-up"]
    print(f"{'row':<{width}} {'server':<10} " + " ".join(f"{c:>8}" for c in cols) + "   (ms)")
    for name, _ in rows:
        for k, label in enumerate(labels):
            w, ip = warm_times[name][k], inproc[k][name]
            c, ipc = w["client"], statistics.median(ip["cpu"])
            cells = [ms(pct(c, p)) for p in (50, 90, 95, 99, 100)]
            cells += [ms(w["cpu"]), ms(statistics.median(ip["wall"])), ms(ipc), ms(w["cpu"] - ipc)]
            if k == 0 and cold_times:
                med = statistics.median(cold_times[name])
                cells += [f"{med * 1000:.0f}", f"{med / statistics.median(c):.1f}x"]
            print(f"{name:<{width}} {label:<10} " + " ".join(f"{x:>8}" for x in cells))
    print("srv cpu: the server's CPU per request; in-proc: the same job without HTTP (median wall, CPU); "
          "http cpu = srv cpu - in-proc cpu")
    split = [(name, k) for name, _ in rows for k in range(len(roots)) if warm_times[name][k]["job"]]
    if split:
        print("\nthe median request, from the server's log (ms):")
        print(f"{'row':<{width}} {'server':<10} {'client':>8} {'server':>8} {'job':>8} {'job cpu':>8} {'outside':>8} "
              f"{'loop cpu':>8}")
        for name, k in split:
            w = warm_times[name][k]
            med = [statistics.median(w[x]) for x in ("client", "server", "job", "job_cpu")]
            loop = w["cpu"] - statistics.mean(w["job_cpu"])
            print(f"{name:<{width}} {labels[k]:<10} " + " ".join(f"{ms(x):>8}" for x in med)
                  + f" {ms(med[0] - med[2]):>8} {ms(loop):>8}")
        print("server: the app's wall time for the request; job: the worker's lint and encoding (wall, CPU); "
              "outside = client - job; loop cpu = srv cpu - mean job cpu (HTTP, event loop, hand-offs)")
    print(f"(load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()

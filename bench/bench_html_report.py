"""The HTML report of a long run: 200 articles (the sample repeated with variations), its file size and the
time headless Chromium takes to load it (navigation start to the load event, from the Navigation Timing
entry). Targets: under 5 MB, under 2 s. For scale, the same run also loads the same page stripped of its
marks and script (the bare article text in the same layout): the report's cost is the ratio of the two.

    python bench/bench_html_report.py [--articles 200] [--loads 3] [--keep DIR]

Needs Debian's chromium and chromium-driver and the selenium package (the dev extra).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lint import api, report  # noqa: E402

SEED = ROOT / "seeds" / "000_e15ae0d257b06e66.txt"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000"]


def variant(text: str, i: int) -> str:
    """Article i: paragraphs rotated by i, every other one without its first paragraph, digits shifted."""
    paras = text.split("\n\n")
    k = i % len(paras)
    paras = paras[k:] + paras[:k]
    if i % 2:
        paras = paras[1:]
    return re.sub(r"\d", lambda m: str((int(m.group()) + i) % 10), "\n\n".join(paras))


def bare(page_text: str) -> str:
    """The page without marks, ⏎ glyphs and scripts: what the same text costs the browser unmarked."""
    out = re.sub(r"<script.*?</script>", "", page_text, flags=re.S)
    return re.sub(r"</?mark[^>]*>|<span class=brk>⏎</span>", "", out)


def load_times(pages: list[Path], loads: int) -> list[list[tuple[float, float]]]:
    """(DOMContentLoaded, load event) in seconds, per page and load; pages alternate in one browser."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    profile = tempfile.mkdtemp(prefix="newslint-bench-")
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        out: list[list[tuple[float, float]]] = [[] for _ in pages]
        for _ in range(loads):
            for times, page in zip(out, pages, strict=True):
                driver.get("about:blank")
                driver.get(page.as_uri())  # returns once the load event has fired
                nav = driver.execute_script(
                    "var n = performance.getEntriesByType('navigation')[0];"
                    "return [n.domContentLoadedEventEnd - n.startTime, n.loadEventEnd - n.startTime];")
                times.append((nav[0] / 1000, nav[1] / 1000))
        return out
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="also write the page here")
    args = ap.parse_args()
    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as d:
        for i in range(args.articles):
            (Path(d) / f"article_{i:03d}.txt").write_text(variant(text, i), encoding="utf-8")
        t0 = time.perf_counter()
        results, _ = api.Session(api.Options()).run([d])
        t1 = time.perf_counter()
        page_text = report.render("html", results)
        t2 = time.perf_counter()
        page = Path(d) / "report.html"
        page.write_text(page_text, encoding="utf-8")
        if args.keep:
            shutil.copy(page, args.keep)
        plain = Path(d) / "bare.html"
        plain.write_text(bare(page_text), encoding="utf-8")
        size, plain_size = page.stat().st_size, plain.stat().st_size
        times, plain_times = load_times([page, plain], args.loads)
    n = len(results.findings)
    print(f"articles {len(results.files)}, findings {n}")
    print(f"lint {t1 - t0:.1f} s, render html {t2 - t1:.2f} s")
    print(f"file size {size / 1e6:.2f} MB, of which the bare page {plain_size / 1e6:.2f} MB "
          f"({(size - plain_size) / max(n, 1):.0f} bytes per finding)  target < 5 MB: {'ok' if size < 5e6 else 'OVER'}")
    for name, ts in (("report", times), ("bare text", plain_times)):
        loads = [t for _, t in ts]
        print(f"chromium load event, {name}: median {statistics.median(loads):.2f} s, best {min(loads):.2f} s "
              f"(DOMContentLoaded median {statistics.median(t for t, _ in ts):.2f} s; each: "
              f"{', '.join(f'{t:.2f}' for t in loads)})")
    med = statistics.median(t for _, t in times)
    print(f"report / bare text: {med / statistics.median(t for _, t in plain_times):.2f}x  "
          f"target < 2 s: {'ok' if med < 2 else 'OVER'}  (load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cold start of a hook run: what one process imports and builds (times are measured by bench/bench_startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PROBE = """
import json, sys
from lint import cli
code = cli.main(sys.argv[1:])
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def _modules(*args: str) -> set[str]:
    """The modules a `newslint ARGS` process has imported when it ends (run twice: the first builds the caches)."""
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line[len("MODULES "):]))


def test_a_hook_run_on_a_one_line_draft_imports_only_what_it_uses(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("我们要再接再励，把工作做好。\n", encoding="utf-8")
    mods = _modules("check", str(draft), "--format", "json")
    unwanted = {"rich", "yaml", "tomllib", "multiprocessing", "concurrent.futures", "lint.fix", "lint.parallel",
                "lint.serve", "lint.audit", "lint.packtest", "lint.modelcmd", "lint.report.text", "markdown_it"}
    assert not unwanted & mods, unwanted & mods  # packs and preset come from the cache; no front end's module
    assert "lint.report.json" in mods and "lint.kinds.substitution" in mods


def test_kind_modules_load_only_for_selected_rules(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("全市今年新增就业岗位一万个,同比增长。\n", encoding="utf-8")
    mods = _modules("check", str(draft), "--select", "punctuation,style", "--format", "json")
    kinds = {m.rsplit(".", 1)[1] for m in mods if m.startswith("lint.kinds.")}
    assert "punctuation" in kinds and not kinds & {"numbers", "typos", "repetition", "context", "layout"}, kinds
    assert "jieba" not in mods and "kenlm" not in mods  # nothing in this line needs a tagger or a model


POS_PROBE = """
import gc, sys
opened = []
sys.addaudithook(lambda ev, a: ev == "open" and str(a[0]).endswith("dict.txt") and opened.append(str(a[0])))
from lint import api, resources
callers = set()
tagger = resources.jieba_posseg
def recording():
    callers.add(sys._getframe(1).f_globals["__name__"])
    return tagger()
resources.jieba_posseg = recording
# The name guard (a typo), the 的/得 detector, the dash check (a route) and the repetition rules all tag words.
res = api.lint("我们要再接再励，他们跑的很快。菏泽—济南城际铁路开通，清廉廉洁。\\n")
import jieba.posseg
taggers = [o for o in gc.get_objects() if isinstance(o, jieba.posseg.POSTokenizer)]
tables = {id(t.word_tag_tab) for t in taggers}
print(len(opened), len(tables), id(resources.word_tags()) in tables, resources.word_tags.cache_info().misses,
      tagger.cache_info().currsize, " ".join(sorted(callers)))
"""


def test_a_process_builds_one_pos_table_and_parses_no_dictionary() -> None:
    for _ in range(2):  # the first run may build the cached tables
        proc = subprocess.run([sys.executable, "-c", POS_PROBE], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
    assert proc.returncode == 0, proc.stderr
    opened, tables, is_cached, built, taggers, callers = proc.stdout.split(maxsplit=5)
    assert opened == "0"  # jieba's dictionary file is never read: every table comes from the cache
    assert (tables, is_cached, built, taggers) == ("1", "True", "1", "1")  # one tagger, one cached tag table
    assert {"lint.names", "lint.kinds.repetition"} <= set(callers.split()), callers  # shared by its users

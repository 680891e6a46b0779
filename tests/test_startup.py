"""Cold start of a hook run: what one process imports and builds (times are measured by bench/bench_startup.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint import resources

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


LM_PROBE = """
import sys
opened = []
sys.addaudithook(lambda ev, a: ev == "open" and "lm-index-" in str(a[0]) and opened.append(str(a[0])))
from lint import api, resources
from lint.typo.lm import language_model
res = api.lint("我们要再接再励，把工作座好。\\n")
f = language_model(resources.find_lm_path())._lookup
print(len(opened), f is not None and f.tables is None and f.masked is None,
      " ".join(sorted(x.rule for x in res.findings)))
"""


def _needs_lm() -> str:
    path = resources.find_lm_path()
    if path is None:
        pytest.skip("no KenLM model")
    pytest.importorskip("kenlm")
    return path


def test_a_short_draft_asks_the_model_index_file_and_loads_no_table() -> None:
    _needs_lm()
    for _ in range(2):  # the first run may build the cached index
        proc = subprocess.run([sys.executable, "-c", LM_PROBE], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
    assert proc.returncode == 0, proc.stderr
    opened, from_file, rules = proc.stdout.split(maxsplit=2)
    assert (opened, from_file) == ("0", "True")  # neither the marshal tables nor the masked index were read
    assert "typo.known-wrong-form" in rules.split() and "typo.statistical" in rules.split(), rules


def test_the_index_file_answers_as_the_tables_do_and_hands_over_to_them(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = _needs_lm()
    from lint.typo import lmfile
    from lint.typo.lm import LanguageModel

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    built = LanguageModel(path)  # builds the marshal index and the SQLite file, and keeps the tables
    vocab, pairs, triples = built.vocab, built.pair_flags(), built.triple_flags()
    masked = built.masked_index()
    assert isinstance(vocab, set) and isinstance(masked, dict)
    [db] = tmp_path.glob(f"{lmfile.NAME}-*.sqlite")
    text = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")[:600] + "再接再励锻链身体提高警赐努力工做"
    runs = [text[i:i + n] for n in range(1, 6) for i in range(len(text) - n + 1)]
    keys = [r[:j] + "?" + r[j + 1:] for r in runs if 2 <= len(r) <= 4 for j in range(len(r))]
    monkeypatch.setattr(lmfile, "SWITCH", 10 ** 9)
    lm = LanguageModel(path)
    assert lm._lookup is not None and not isinstance(lm.vocab, set) and len(lm.vocab) == len(vocab)
    assert [s in lm.vocab for s in runs] == [s in vocab for s in runs]
    assert [lm.pair_flags().get(s, 0) for s in runs] == [pairs.get(s, 0) for s in runs]
    assert [lm.triple_flags().get(s, 0) for s in runs] == [triples.get(s, 0) for s in runs]
    got = [lm.masked_index().get(k) for k in keys]
    assert got == [masked.get(k) for k in keys] and any(isinstance(f, frozenset) for f in got)
    assert [type(f) for f in got] == [type(masked.get(k)) for k in keys]
    assert lm.analyse(text) == built.analyse(text) and lm._lookup.tables is None and lm._lookup.masked is None
    # After SWITCH distinct questions the tables themselves answer (the hot loops read them again).
    monkeypatch.setattr(lmfile, "SWITCH", 50)
    fresh = LanguageModel(path)
    assert fresh.analyse(text) == built.analyse(text) and isinstance(fresh.vocab, set)
    assert fresh.pair_flags() is fresh._pairs and fresh.vocab == vocab
    assert [fresh.masked_index().get(k) for k in keys] == [masked.get(k) for k in keys]
    assert fresh.masked_index() is fresh._masked
    db.write_bytes(b"\x00garbage")  # a damaged file is built again
    again = LanguageModel(path)
    assert again._lookup is None and isinstance(again.vocab, set) and again.masked_index() == masked
    assert LanguageModel(path)._lookup is not None


RX_PROBE = """
import sys
import regex._main as M
parsed = []
parse = M._parse_pattern
M._parse_pattern = lambda *a: parsed.append(1) or parse(*a)
import re._compiler as C
re_compiled = []
compile_re = C.compile
C.compile = lambda *a: re_compiled.append(a) or compile_re(*a)
from lint import cli
code = cli.main()  # as the command line runs it (sys.argv[1:]), which stores the patterns at exit
sys.stderr.write(f"\\nPARSED {len(parsed)} {len(re_compiled)}\\n")
raise SystemExit(code)
"""


def test_a_second_process_compiles_no_pattern_and_finds_the_same(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("我们要再接再励，截止目前已有3人报名，他跑的很快。\n", encoding="utf-8")
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):  # the first compiles the patterns and stores them at exit
        # no statistical check: a fresh cache directory has no model index (nor the word tables' build time)
        proc = subprocess.run([sys.executable, "-c", RX_PROBE, "check", str(draft), "--format", "json", "--ignore",
                               "typo.statistical"], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
        assert proc.returncode == 1, proc.stderr
        parsed = next(x for x in proc.stderr.splitlines() if x.startswith("PARSED "))
        runs.append(([int(n) for n in parsed.split()[1:]], json.loads(proc.stdout)))
    # regex's patterns; and on CPython 3.11 re's, whose compiled code this module reads (rxcache._RE_OK)
    assert runs[0][0][0] > 50 and runs[1][0][0] == 0, (runs[0][0], runs[1][0])
    # (a few re patterns are compiled before the seeding, or differ from run to run: built from a set's order)
    assert runs[0][0][1] > 30 and runs[1][0][1] <= (8 if sys.version_info[:2] == (3, 11) else runs[0][0][1])
    assert runs[0][1] == runs[1][1] and runs[1][1]  # the same findings from cached patterns
    assert len(list((tmp_path / "cache").glob("regex-*.pickle"))) == 1


LATE_PROBE = """
import re, sys
import regex._main as M
import re._compiler as C
parsed, compiled = [], []
parse, compile_re = M._parse_pattern, C.compile
M._parse_pattern = lambda *a: parsed.append(1) or parse(*a)
C.compile = lambda *a: compiled.append(a) or compile_re(*a)
import regex
from lint import rxcache
rxcache.save_at_exit()
for i in range(int(sys.argv[1])):
    regex.compile(f"早{i}[一-龥]+"), re.compile(f"晚{i}[一-龥]+")
print(len(parsed), len(compiled))
"""


def test_patterns_only_some_runs_meet_are_stored_too(tmp_path: Path) -> None:
    # A run that meets a few patterns the file lacks (a draft with a typo candidate compiles the name patterns,
    # one without does not) stores them, though they are far fewer than a tenth of the file: the next run with
    # them compiles none. (Every run compiles the patterns re builds before the seeding: counted, not asserted.)
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}

    def run(n: int) -> list[int]:
        proc = subprocess.run([sys.executable, "-c", LATE_PROBE, str(n)], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, env=env)
        assert proc.returncode == 0, proc.stderr
        return [int(x) for x in proc.stdout.split()]

    first = run(200)  # 400 patterns stored
    late = run(203)  # three of each kind new: 6 of 406
    again = run(203)
    assert first[0] >= 200 and late[0] == 3 and again[0] == 0, (first, late, again)
    if sys.version_info[:2] == (3, 11):  # re's patterns are stored on the CPython rxcache reads them for
        assert first[1] >= 200 and late[1] >= 3 and again[1] == late[1] - 3, (first, late, again)


JIEBA_PROBE = """
import importlib.util, sys
from lint import resources
resources.jieba_posseg()
same = []
for mod in resources._JIEBA_TABLES:
    loaded = sys.modules[mod]
    spec = importlib.util.spec_from_file_location("original_" + mod.replace(".", "_"), loaded.__file__)
    original = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(original)  # jieba's own module, run as jieba runs it
    same.append(isinstance(loaded.P, dict) and loaded.P == original.P and list(loaded.P) == list(original.P))
print(len(same), all(same), sum(getattr(sys.modules[m], "__spec__", 0) is None for m in resources._JIEBA_TABLES))
"""


def test_jiebas_hmm_tables_come_from_the_cache_and_equal_its_modules() -> None:
    pytest.importorskip("jieba")
    for _ in range(2):  # the first run may write the cached tables
        proc = subprocess.run([sys.executable, "-c", JIEBA_PROBE], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["4", "True", "4"]  # all four read back (no module spec), equal to jieba's


def test_the_confusion_table_answers_each_character_as_its_file_does() -> None:
    from lint.typo.lm import DATA, confusion_table

    want: dict[str, tuple[str, ...]] = {}
    for line in (DATA / "typo_confusion.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) == 5:
            want[parts[0]] = tuple(parts[1:])
    table = confusion_table()  # rows from the cached SQLite copy
    assert len(want) > 6000 and all(table.get(c) == row for c, row in want.items())
    assert table.get("A") is None and list(table) == list(want) and table["曾"] == want["曾"]


def test_pattern_cache_survives_another_regex_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """rxcache reads regex's private tables: where a regex release lays them out otherwise, seeding and saving do
    nothing instead of failing the run."""
    import types

    import regex

    import lint.rxcache as rx

    monkeypatch.setattr(rx, "_seeded", set())
    # rxcache's view of regex._main without its tables (regex itself keeps them: since regex 2026.11 its own
    # compile needs _cache_lock, so deleting that from the real module would break regex, not test rxcache)
    monkeypatch.setattr(rx, "_main", types.SimpleNamespace())
    rx.seed()  # no exception
    assert None in rx._seeded
    rx._save_quietly()  # no exception either
    assert regex.compile("再接再[厉励]").search("再接再励")

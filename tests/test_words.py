"""Fixes that respect words: a substitution, existence or pattern match that splits a word of the
segmentation around it is not fixed (lint/names.py keeps_words, lint/kinds/substitution.py ListKind)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.config import load_config
from lint.document import Document
from lint.engine import Linter
from lint.fix import fix_document
from lint.names import dict_cut, keeps_words
from lint.rules import builtin_packs, load_packs

from .conftest import ROOT, SEED

_spec = importlib.util.spec_from_file_location("bench_fix_words", ROOT / "bench" / "bench_fix_words.py")
assert _spec is not None and _spec.loader is not None
bfw = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bfw)

# News sentences written for these tests.
SENTENCES = [
    "目的是让全体职工士气高涨，干劲十足。",
    "市政府今天上午召开新闻发布会，通报今年前三季度经济运行情况。",
    "受强降雨影响，多条乡村公路出现塌方，养护人员正在抢修。",
    "这家企业的负责人表示，明年将继续加大研发投入。",
    "记者从省教育厅获悉，全省中小学将于下周一正式开学。",
    "截至目前，该项目已完成投资二十亿元，带动就业三千余人。",
    "村民们纷纷表示，新修的道路让出行方便了许多。",
    "专家提醒，冬季是呼吸道疾病高发期，市民要注意防寒保暖。",
    "比赛进入最后阶段，主队凭借一记远射扳平了比分。",
    "图书馆新增了一批古籍整理成果，供读者免费借阅。",
    "他毕竟争取到了参加决赛的机会。",
    "展览共展出书画作品一百余幅，吸引了大量市民前来参观。",
]


def _cut_ends(text: str) -> list[int]:
    out, pos = [], 0
    for w in bfw.tokenizer().cut(text, HMM=False):
        pos += len(w)
        out.append(pos)
    return out


def test_dictionary_route_is_jiebas_own() -> None:
    """dict_cut reads the cached word table, yet cuts exactly as jieba.cut(HMM=False) does."""
    lines = list(SENTENCES)
    corpus = bfw.corpus_path()
    if corpus is not None:
        lines += corpus.read_text(encoding="utf-8").splitlines()[:150]
    for line in lines:
        for m in bfw.re_blocks(line):
            a, block = m.start(), m.group()
            assert [a + e for e in dict_cut(block)] == [a + e for e in _cut_ends(block)], block


def _user_linter(tmp_path: Path, extra: str = "", kind: str = "substitution",
                 body: str = "swap:\n      的士: 出租车") -> Linter:
    (tmp_path / "house.yaml").write_text(
        "rules:\n  - id: house.taxi\n"
        f"    kind: {kind}\n    category: term\n    level: warning\n    fix: safe\n"
        "    message: 用“出租车”\n"
        f"    {body}\n{extra}", encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("rules: [house.yaml]\nselect: [house]\n", encoding="utf-8")
    return Linter.from_config(load_config(None, tmp_path))


def _house(linter: Linter, text: str) -> list:
    return [f for f in linter.lint(Document.from_text(text, "t.txt")) if f.rule == "house.taxi"]


def test_a_match_that_splits_words_is_not_fixed(tmp_path: Path) -> None:
    linter = _user_linter(tmp_path)
    (f,) = _house(linter, "目的士气高涨。")
    assert f.level == "suggestion" and f.fix is None and f.suggestions == ["出租车"]
    (g,) = _house(linter, "他坐的士回家。")
    assert g.level == "warning" and g.fix is not None and g.fix.safety == "safe"
    doc = Document.from_text("目的士气高涨。他坐的士回家。", "t.txt")
    new, n, _ = fix_document(doc, linter.lint, unsafe=False)
    assert n == 1 and new.text == "目的士气高涨。他坐出租车回家。"


def test_a_user_packs_quotation_is_only_a_suggestion(tmp_path: Path) -> None:
    linter = _user_linter(tmp_path)
    (f,) = _house(linter, "“我们打的士吧。”他说。")
    assert f.level == "suggestion" and f.fix is None
    doc = Document.from_text("“我们打的士吧。”他说。", "t.txt")
    assert fix_document(doc, linter.lint, unsafe=True)[0].text == doc.text


def test_in_words_skip_and_boundary_char(tmp_path: Path) -> None:
    skip = _user_linter(tmp_path, "    in_words: skip\n")
    assert _house(skip, "目的士气高涨。") == [] and len(_house(skip, "他坐的士回家。")) == 1
    char = _user_linter(tmp_path, "    boundary: char\n")
    (f,) = _house(char, "目的士气高涨。")
    assert f.fix is not None  # the rule said its matches cannot straddle: trusted


def test_in_words_unsafe_keeps_the_level_but_not_the_safe_fix(tmp_path: Path) -> None:
    linter = _user_linter(tmp_path, "    in_words: unsafe\n")
    (f,) = _house(linter, "目的士气高涨。")
    assert f.level == "warning" and f.fix is not None and f.fix.safety == "unsafe"


def test_existence_and_pattern_matches_inside_words(tmp_path: Path) -> None:
    ex = _user_linter(tmp_path, kind="existence", body="tokens: [的士]")
    assert [f.level for f in _house(ex, "目的士气高涨。")] == ["suggestion"]
    assert [f.level for f in _house(ex, "他坐的士回家。")] == ["warning"]
    pat = _user_linter(tmp_path, kind="pattern", body="pattern: 的士\n    replace: 出租车")
    (f,) = _house(pat, "目的士气高涨。")
    assert f.fix is None and f.level == "suggestion"
    (g,) = _house(pat, "他坐的士回家。")
    assert g.fix is not None


def test_a_name_counts_as_one_word(tmp_path: Path) -> None:
    """高轶鸣 after 记者 is a name (lint/names.py): a match ending inside it is not fixed."""
    linter = _user_linter(tmp_path, body="swap:\n      者高: 者")
    (f,) = _house(linter, "本报记者高轶鸣报道。")
    assert f.fix is None


def test_built_in_double_level_fix_is_unsafe_where_it_changes_a_place_word(linter: Linter) -> None:
    doc = Document.from_text("苍南县县委、县政府高度重视此事。", "t.txt")
    (f,) = [f for f in linter.lint(doc) if f.rule == "term.title-double-level"]
    assert f.level == "warning" and f.fix is not None and f.fix.safety == "unsafe"


def test_misspelling_is_weighed_as_the_word_it_stands_for() -> None:
    # 书藉 is in no dictionary; unweighed, 古书 would claim its first character.
    text = "馆藏古书藉整理工作启动。"
    s = text.index("书藉")
    assert keeps_words(text, s, s + 2, "书籍")
    text = "他毕竟争取到了机会。"
    s = text.index("竟争")
    assert not keeps_words(text, s, s + 2, "竞争")


# ---- the property: no safe fix splits a word outside its own span ----------------------------------
_RULES = [r for r in load_packs(builtin_packs()) if r.kind in ("substitution", "existence")]
_FORMS = sorted({w for r in _RULES for w in (r.options.get("swap") or r.options.get("tokens") or [])})


def _check_safe_fixes(linter: Linter, text: str) -> int:
    """Every safe fix the linter offers on text keeps jieba's words outside it whole; returns the count."""
    n = 0
    for f in linter.lint(Document.from_text(text, "t.txt")):
        if f.fix is None or f.fix.safety != "safe":
            continue
        for e in f.fix.edits:
            n += 1
            assert bfw.edit_keeps_words(text, e), (f.rule, text, e)
    return n


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sentence=st.sampled_from(SENTENCES), form=st.sampled_from(_FORMS), data=st.data())
def test_property_no_safe_fix_splits_a_word(linter: Linter, sentence: str, form: str, data: st.DataObject) -> None:
    """A wrong form of a built-in pack dropped anywhere into a news sentence (often inside a word)."""
    at = data.draw(st.integers(0, len(sentence)))
    _check_safe_fixes(linter, sentence[:at] + form + sentence[at:])


def test_every_applied_fix_on_real_copy_keeps_words(linter: Linter) -> None:
    """--fix on the seed article and a sample of clean People's Daily copy: each applied edit checked
    with jieba itself (bench/bench_fix_words.py runs the whole corpus)."""
    lines = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    corpus = bfw.corpus_path()
    if corpus is not None:
        lines += corpus.read_text(encoding="utf-8").splitlines()[800:900]
    checked = 0
    for i, line in enumerate(lines):
        for text, f in bfw.applied_fixes(linter, Document.from_text(line, f"l{i}.txt")):
            assert f.fix is not None
            for e in f.fix.edits:
                checked += 1
                assert bfw.edit_keeps_words(text, e), (f.rule, text[max(0, e.offset - 8):e.end_offset + 8], e)
    assert checked >= 200  # the seed alone has about 280 safe fixes


@pytest.mark.parametrize("text", ["目的士气高涨。", "市场竟争激烈。"])
def test_window_segments_only_the_neighbourhood(text: str) -> None:
    """keeps_words on a long document costs the same as on a sentence: it segments a window."""
    long = "。".join([text] * 2000)
    s = long.index(text[1:3], 10000)
    assert keeps_words(long, s, s + 2) == keeps_words(text, 1, 3)


def test_a_script_conversion_across_words_is_not_fixed(linter: Linter) -> None:
    """opencc converts by phrase: 覆信 → 复信 inside 颠覆信息 would write 颠复 (found by bench_fix_words --inject)."""
    doc = Document.from_text("这将颠覆信息产业的格局。", "t.txt")
    (f,) = [f for f in linter.lint(doc) if f.rule == "script.traditional"]
    assert f.fix is None and f.level == "suggestion"
    doc = Document.from_text("当地經濟發展迅速。", "t.txt")
    (g,) = [f for f in linter.lint(doc) if f.rule == "script.traditional"]
    assert g.fix is not None and g.fix.safety == "safe" and g.suggestions == ["经济发"]

"""Punctuation (GB/T 15834) and Han–Latin spacing rules, on the seed article and on made-up copy."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from lint.config import load_config
from lint.document import Document
from lint.engine import Linter
from lint.fix import fix_document

from .conftest import EVAL, SEED, lint_text, run_cli_text

MINE = ("punctuation", "style")


def fixed(linter: Linter, text: str, select: str = "punctuation", unsafe: bool = False) -> str:
    rules = [r for r in linter.rules if r.matches(select)]
    doc = Document.from_text(text, "t.txt")
    new, _, _ = fix_document(doc, lambda d: linter.lint(d, rules), unsafe)
    return new.text


def rules_hit(linter: Linter, text: str, select: str = "punctuation") -> Counter[str]:
    _, found = lint_text(linter, text, select=select)
    return Counter(f.rule for f in found)


# ---- the seed article ---------------------------------------------------------------------------
def test_seed_every_ascii_mark_reported(linter, seed_doc) -> None:
    found = [f for f in linter.lint(seed_doc) if f.rule == "punctuation.half-width"]
    text = seed_doc.text
    flagged = {f.offset for f in found}
    marks = [i for i, ch in enumerate(text) if ch in ",?;"]
    assert len(marks) == 266
    assert all(i in flagged for i in marks)
    parens = [i for i, ch in enumerate(text) if ch in "()"]
    assert len(parens) == 14 and all(i in flagged for i in parens)
    assert len(found) == 266 + 14  # nothing else in the seed is a half-width mark in Chinese context


def test_seed_numbers_untouched_and_headline_spacing_reported(linter, seed_doc) -> None:
    found = [f for f in linter.lint(seed_doc) if f.category in MINE]
    text = seed_doc.text
    for num in ("40.2%", "6.9万元", "1356人"):
        a = text.index(num)
        assert not [f for f in found if f.offset < a + len(num) and a < f.end_offset], num
    a = text.index("位居 11 月份")
    spacing = [f for f in found if f.rule == "style.han-latin-spacing"]
    assert {(f.offset, f.end_offset) for f in spacing} == {(a + 2, a + 3), (a + 5, a + 6)}
    assert all(f.fix and f.fix.safety == "safe" for f in spacing)


def _newslint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli_text(*args, cwd=cwd)  # in-process: the same main() as the command


def test_seed_fix_changes_only_those_characters(tmp_path: Path) -> None:
    copy = tmp_path / "seed.txt"
    shutil.copy(SEED, copy)
    sel = "punctuation,style,script"
    _newslint("check", "--fix", "--select", sel, str(copy), cwd=tmp_path)
    old, new = SEED.read_text(encoding="utf-8"), copy.read_text(encoding="utf-8")
    changes: Counter[tuple[str, str]] = Counter()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            assert i2 - i1 <= 1 and j2 - j1 <= 1, (tag, old[i1:i2], new[j1:j2])
            changes[(old[i1:i2], new[j1:j2])] += 1
    assert changes == {(",", "，"): 260, ("(", "（"): 7, (")", "）"): 7, (";", "；"): 5, ("?", "？"): 1, (" ", ""): 2}
    assert "位居11月份" in new and "40.2%" in new and "6.9万元" in new
    # A second --fix changes nothing.
    before = copy.read_bytes()
    _newslint("check", "--fix", "--select", sel, str(copy), cwd=tmp_path)
    assert copy.read_bytes() == before


def test_seed_full_fix_leaves_no_punctuation_or_style_finding(tmp_path: Path) -> None:
    copy = tmp_path / "seed.txt"
    shutil.copy(SEED, copy)
    _newslint("check", "--fix", str(copy), cwd=tmp_path)
    out = _newslint("check", "--format", "json", "--exit-zero", str(copy), cwd=tmp_path)
    findings = json.loads(out.stdout)["files"][0]["findings"]
    assert not [f for f in findings if f["category"] in MINE], findings


# ---- half-width marks ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "want"), [
    ("会议决定,明年起实施新规;各地要抓好落实.", "会议决定，明年起实施新规；各地要抓好落实。"),
    ("他问:这项政策何时落地?大家都很关心!", "他问：这项政策何时落地？大家都很关心！"),
    ("今年增长8%,高于预期。", "今年增长8%，高于预期。"),
    ("世界卫生组织(WHO)发布报告(全文见附件)。", "世界卫生组织（WHO）发布报告（全文见附件）。"),
    ("(1)加强领导;(2)落实责任。", "（1）加强领导；（2）落实责任。"),
    ("气温25~30℃。", "气温25～30℃。"),
    # Straight quotes: open and close chosen by position; singles inside become ‘’.
    ('他说:"这是\'试点\'工作。"随后离开。', "他说：“这是‘试点’工作。”随后离开。"),
    ('"高新蓝"成为"常态蓝"', "“高新蓝”成为“常态蓝”"),
    ('他引用了"To be or not to be"这句台词。', "他引用了“To be or not to be”这句台词。"),
])
def test_half_width_fixed(linter, text: str, want: str) -> None:
    assert fixed(linter, text) == want


@pytest.mark.parametrize("text", [
    "全年营收1,000万美元，增长3.5%。",
    "列车10:30发车，比分3:1。",
    "详见https://example.com/a,b?x=1(第2页)。",
    "请发邮件至news.desk@example.com。",
    'He said, "It works." Then he left.',
    "Yahoo!中国",
    "版本号为1.2.3。",
    "他说China's economy grew.",
    "f(x)的值",
])
def test_half_width_left_alone(linter, text: str) -> None:
    assert not rules_hit(linter, text)["punctuation.half-width"]


def test_half_width_markdown_code_and_links(linter) -> None:
    md = "详见[说明](./docs/说明.md),或运行`a,b = 1,2`。\n\n```\nprint(\"你好,世界\")\n```\n"
    doc, found = lint_text(linter, md, markup="markdown", select="punctuation.half-width")
    assert [doc.text[f.offset:f.end_offset] for f in found] == [","]
    assert found[0].offset == md.index("),") + 1


def test_odd_straight_quotes_reported_without_fix(linter) -> None:
    _, found = lint_text(linter, '他说:"我们明天出发。记者随后离开。', select="punctuation.half-width")
    quotes = [f for f in found if f.suggestions and f.suggestions[0] in "“”"]
    assert len(quotes) == 1 and quotes[0].fix is None


# ---- pairs --------------------------------------------------------------------------------------
def test_unbalanced_and_continued_quotes(linter) -> None:
    assert rules_hit(linter, "他说：“我们出发。\n记者随后离开。")["punctuation.unbalanced-pair"] == 1
    # A quotation continued over paragraphs reopens each one and closes once.
    continued = "“第一，坚持问题导向。\n“第二，加强统筹。\n“第三，狠抓落实。”"
    assert not rules_hit(linter, continued)["punctuation.unbalanced-pair"]
    # Opened in one paragraph and closed in the next: a broken paragraph, left to the layout rules.
    assert not rules_hit(linter, "形成了“工委领导、部门牵\n头、全区参与”的格局。")["punctuation.unbalanced-pair"]
    # Crossed brackets in one paragraph.
    assert rules_hit(linter, "宜柳（宜）州至柳州）高速公路建成。")["punctuation.unbalanced-pair"] == 1


def test_quote_nesting_unsafe_fix(linter) -> None:
    text = "他说：“我最喜欢读“红楼梦”这部小说。”"
    assert fixed(linter, text) == text  # not a safe fix
    assert fixed(linter, text, unsafe=True) == "他说：“我最喜欢读‘红楼梦’这部小说。”"


# ---- dash, ellipsis, doubled marks --------------------------------------------------------------
@pytest.mark.parametrize(("text", "want"), [
    ("目标--建设美丽乡村。", "目标——建设美丽乡村。"),
    ("北京――中国的首都。", "北京——中国的首都。"),
    ("苹果、香蕉...应有尽有。", "苹果、香蕉……应有尽有。"),
    ("他沉默了。。。", "他沉默了……"),
    ("大家都在等待…", "大家都在等待……"),
    ("唱歌、跳舞、书法……等等。", "唱歌、跳舞、书法……。"),
    ("天气很好，，我们去公园。。", "天气很好，我们去公园。"),
])
def test_safe_fixes(linter, text: str, want: str) -> None:
    assert fixed(linter, text) == want


@pytest.mark.parametrize("text", ["菏泽--济南城际班车开通。", "北京--上海段运行平稳。", "从广州--深圳，全程两小时。"])
def test_double_hyphen_between_places_of_a_route_suggests_a_connector(linter, text: str) -> None:
    doc, found = lint_text(linter, text, select="punctuation.dash")
    [f] = found
    assert doc.text[f.offset:f.end_offset] == "--" and f.suggestions == ["—", "——"]
    assert f.fix is None and f.message.startswith("连接号")
    assert fixed(linter, text) == text  # no automatic guess between — and ——


@pytest.mark.parametrize("text", [
    "鲁迅（1881—1936）是作家。京沪高铁北京—上海段。",
    "这是目标——建设美丽乡村。",
    "她说：“我……等你回来。”",
    "这怎么可能？！真的吗？？",
    "He paused... then went on.",
])
def test_dash_ellipsis_doubled_left_alone(linter, text: str) -> None:
    assert not rules_hit(linter, text)


def test_three_dash_run_only_when_strict(tmp_path: Path) -> None:
    text = "世界一片光明———明天会更好。"
    (tmp_path / ".newslint.yaml").write_text("options:\n  punctuation.dash:\n    strict: true\n", encoding="utf-8")
    strict = Linter.from_config(load_config(None, tmp_path))
    default = Linter.from_config(load_config(None, Path(__file__).parent))
    assert rules_hit(strict, text, "punctuation.dash")["punctuation.dash"] == 1
    assert not rules_hit(default, text, "punctuation.dash")


# ---- 顿号 and connectors ---------------------------------------------------------------------------
def test_enumeration_comma_rules_are_suggestions(linter) -> None:
    text = "工程需要三、四个月。会议讨论了教育、医疗、和养老。报告提出“创新”“协调”、“绿色”理念。"
    _, found = lint_text(linter, text, select="punctuation")
    enum = [f for f in found if f.rule.startswith("punctuation.enum-")]
    assert {f.rule for f in enum} == {"punctuation.enum-approximation", "punctuation.enum-conjunction",
                                      "punctuation.enum-quoted"}
    assert all(f.level == "suggestion" and (f.fix is None or f.fix.safety == "unsafe") for f in enum)


def test_enumeration_comma_exceptions(linter) -> None:
    for text in ("一、二等奖各3名，第三、四季度回升，三、四年级学生参加。",
                 "祝愿大家健康、和睦、幸福，不要与社会、与法律对抗。",
                 "他读过《红楼梦》、《水浒传》。"):  # consistent 1995-style 顿号: not reported by default
        assert not [r for r in rules_hit(linter, text) if r.startswith("punctuation.enum-")], text


def test_connectors(linter) -> None:
    assert not rules_hit(linter, "利润率为15%～30%，年息9％～10％。")
    assert rules_hit(linter, "2019～2021年新建学校30所。")["punctuation.connector-time-place"] == 1
    assert rules_hit(linter, "气温15～20℃，夜间5—8℃。")["punctuation.range-mixed"] == 1
    assert not rules_hit(linter, "1998—1999年度降水300～400毫米，4～6级风。")["punctuation.range-mixed"]


# ---- spacing (style) ----------------------------------------------------------------------------
def test_newsroom_spacing(linter) -> None:
    assert fixed(linter, "全市 5 月份新增就业 1.2 万人，使用 iPhone 手机。", "style") == \
        "全市5月份新增就业1.2万人，使用iPhone手机。"
    # One-sided: may be a headline separator, reported without a fix.
    _, found = lint_text(linter, "改革 2023再出发", select="style.han-latin-spacing")
    assert len(found) == 1 and found[0].fix is None
    for ok in ("本报记者 王磊 摄", "访问 https://example.com 了解", "设计时速350 km", "数据   123   列"):
        assert not rules_hit(linter, ok, "style"), ok


def test_spacing_consistency(linter) -> None:
    _, found = lint_text(linter, "今年5月，全市新增就业 1.2 万人。", select="style.spacing-consistency")
    assert len(found) == 1 and "2处加空格" in found[0].message


def test_techdocs_preset_flips_spacing(tmp_path: Path) -> None:
    (tmp_path / ".newslint.yaml").write_text("preset: techdocs\n", encoding="utf-8")
    tech = Linter.from_config(load_config(None, tmp_path))
    assert fixed(tech, "全市5月份新增就业1.2万人，使用iPhone手机。", "style") == \
        "全市 5 月份新增就业 1.2 万人，使用 iPhone 手机。"
    assert not rules_hit(tech, "全市 5 月份新增就业 1.2 万人。", "style")
    assert fixed(tech, "他说,好的", "punctuation") == "他说，好的"  # punctuation is the same in both camps


# ---- idempotence and clean copy -----------------------------------------------------------------
def test_fix_is_idempotent(linter) -> None:
    text = ('记者(实习生)报道:"高新区--全省第五."他说,今年 3 月份增长15~20%...\n'
            "唱歌、跳舞……等等。会议结束了。。")
    once = fixed(linter, text, "punctuation")
    once = fixed(linter, once, "style")
    assert fixed(linter, once, "punctuation") == once and fixed(linter, once, "style") == once
    assert not [f for f in lint_text(linter, once)[1] if f.category in MINE and f.fix and f.fix.safety == "safe"]


@pytest.mark.skipif(not (EVAL / "clean_news_pd1998_2001.txt").is_file(), reason="eval data not present")
def test_clean_people_daily_rate(linter) -> None:
    lines = [ln for ln in (EVAL / "clean_news_pd1998_2001.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    rules = [r for r in linter.rules if r.category == "punctuation"]
    hit = sum(1 for ln in lines if linter.lint(Document.from_text(ln, "p.txt"), rules))
    assert hit / len(lines) <= 0.003

"""Curated typo packs on real text: known wrong forms (rules/typo-wrong-forms.yaml), context pairs
(rules/typo-context-pairs.yaml) and repeated characters (rules/typo-repetition.yaml, kind repetition)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lint.document import Document
from lint.engine import Linter
from lint.fix import apply_edits
from lint.kinds.substitution import parse_entry
from lint.rules import RuleError, load_pack

from .conftest import EVAL, ROOT, lint_text

RULES = ROOT / "rules"
PACKS = ("typo-wrong-forms.yaml", "typo-context-pairs.yaml", "typo-repetition.yaml")
CLEAN = EVAL / "clean_news_pd1998_2001.txt"


def _ours(linter: Linter) -> list:
    ids = {r.id for p in PACKS for r in load_pack(RULES / p)}
    return [r for r in linter.rules if r.id in ids]


def _hits(linter: Linter, text: str) -> list[tuple[str, str, list[str]]]:
    doc = Document.from_text(text, "t.txt")
    return [(f.rule, text[f.offset:f.end_offset], f.suggestions) for f in linter.lint(doc, _ours(linter))]


def _fixed(linter: Linter, text: str) -> str:
    doc = Document.from_text(text, "t.txt")
    found = [f for f in linter.lint(doc, _ours(linter)) if f.fix]
    return apply_edits(text, found)[0]


# ---- the seed article -----------------------------------------------------------------------------
def test_seed_reports_doubled_char_and_no_name(linter: Linter, seed_doc: Document) -> None:
    found = linter.lint(seed_doc, _ours(linter))
    spans = [(f.rule, seed_doc.text[f.offset:f.end_offset]) for f in found]
    assert spans == [("typo.repeated-overlap", "清廉廉洁")]
    assert found[0].suggestions == ["清廉", "廉洁"] and found[0].level == "warning"
    # Doubled characters elsewhere in the seed are reduplication or word boundaries, never reported:
    # 全省|省辖市, 施工|工地, 工作|作风, 一批批, 纷纷, 满满, 冉冉, and the byline name 介菲菲.
    for word in ("省辖市", "施工工地", "工作作风", "一批批", "介菲菲", "高轶鸣"):
        i = seed_doc.text.find(word)
        if i >= 0:
            assert not any(f.offset < i + len(word) and i < f.end_offset for f in found), word


# ---- repetition -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "他常常去图书馆看看书，成绩渐渐提高。",
    "代表们一一发言，一个个精神饱满。",
    "这个问题我们要研究研究，大家说说看。",
    "屋子收拾得干干净净，来来往往的人很多。",
    "北京市市长、国家统计局局长出席会议。",
    "为了了解情况，他的的确确下了功夫。",
    "以发展为目的的规划，让这件事不了了之。",
    "他帮母亲了了心愿。",
    "官兵们张张笑脸，年年有新变化。",
])
def test_reduplication_and_boundaries_not_reported(linter: Linter, text: str) -> None:
    assert [h for h in _hits(linter, text) if h[0].startswith("typo.repeated")] == []


def test_doubled_function_word_reported_and_fixed(linter: Linter) -> None:
    text = "这是我们的的共同目标。\n会议在在北京召开，他们也也表示支持。"
    hits = _hits(linter, text)
    assert [(r, m) for r, m, _ in hits] == [
        ("typo.repeated-char", "的的"), ("typo.repeated-char", "在在"), ("typo.repeated-char", "也也")]
    # The fix is unsafe (a stammer in a quotation may be meant); applied, it deletes one copy.
    assert _fixed(linter, text) == "这是我们的共同目标。\n会议在北京召开，他们也表示支持。"


def test_names_with_repeated_given_name_not_reported(linter: Linter) -> None:
    text = "通讯员李为为报道，记者王和和、陈若若摄。刘更更说，孙以以也来了。"
    assert [h for h in _hits(linter, text) if h[0].startswith("typo.repeated")] == []


def test_overlapping_adjectives_reported(linter: Linter) -> None:
    hits = _hits(linter, "当地矿产资源丰富富饶，干部清廉廉洁。")
    assert [(r, m) for r, m, _ in hits] == [
        ("typo.repeated-overlap", "丰富富饶"), ("typo.repeated-overlap", "清廉廉洁")]


def test_repetition_needs_chars_or_pos(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text("rules:\n  - {id: typo.x, kind: repetition, category: typo, level: warning, message: m}\n",
                    encoding="utf-8")
    with pytest.raises(RuleError, match="chars"):
        load_pack(pack)


# ---- known wrong forms ----------------------------------------------------------------------------
def _wrong_forms() -> tuple[dict, list[str]]:
    rule = next(r for r in load_pack(RULES / "typo-wrong-forms.yaml") if r.id == "typo.known-wrong-form")
    return rule.options["swap"], rule.options.get("exceptions", [])


def test_wrong_form_list_is_large_and_consistent() -> None:
    swap, exceptions = _wrong_forms()
    assert len(swap) >= 2000
    for wrong, value in swap.items():
        entry = parse_entry(wrong, value)
        assert wrong not in entry.to and all(len(t) >= 1 for t in entry.to), wrong
    for exc in exceptions:  # an exception protects a longer correct string holding a wrong form
        assert any(w in exc and w != exc for w in swap), exc


@pytest.mark.skipif(not CLEAN.is_file(), reason="clean People's Daily sample not present")
def test_no_wrong_form_in_clean_news() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "check_wrong_forms.py"), "--quiet"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:]


@pytest.mark.parametrize(("text", "expected"), [
    ("面对困难，大家再接再励、众志成诚。", "面对困难，大家再接再厉、众志成城。"),
    ("两家企业竟争激烈，观众深受震憾。", "两家企业竞争激烈，观众深受震撼。"),
    ("现场秩序井然，侯车室里的旅客并不烦燥。", "现场秩序井然，候车室里的旅客并不烦躁。"),
])
def test_wrong_forms_fixed(linter: Linter, text: str, expected: str) -> None:
    assert _fixed(linter, text) == expected


# One sample of each source section of the pack (desk lists, pycorrector's pairs, generated
# everyday words, generated idioms), in sentences written for the test: each wrong form is fixed,
# and the same sentence with the right form draws no finding.
@pytest.mark.parametrize(("bad", "good"), [
    pytest.param("他性格急燥，做事金壁辉煌般讲排场，还把这句话当作坐右铭。",
                 "他性格急躁，做事金碧辉煌般讲排场，还把这句话当作座右铭。", id="desk-lists"),
    pytest.param("医生为老人把脉，脉博平稳；他寄来一张名信片，说古塔正在修茸。",
                 "医生为老人把脉，脉搏平稳；他寄来一张明信片，说古塔正在修葺。",
                 id="pycorrector-pairs"),
    pytest.param("专家份析了这一厉史性变化，训炼场上扔然有人加练，进年来俱体措施早己落实。",
                 "专家分析了这一历史性变化，训练场上仍然有人加练，近年来具体措施早已落实。",
                 id="generated-words"),
    pytest.param("消息传来，村民奔走向告；顿时天昏地按，他却有恃无孔，说起来滔滔不觉。",
                 "消息传来，村民奔走相告；顿时天昏地暗，他却有恃无恐，说起来滔滔不绝。",
                 id="generated-idioms"),
])
def test_wrong_forms_by_source(linter: Linter, bad: str, good: str) -> None:
    swap, _ = _wrong_forms()
    wrong = [m for rule, m, _ in _hits(linter, bad) if rule == "typo.known-wrong-form"]
    assert wrong and all(w in swap for w in wrong)
    assert _fixed(linter, bad) == good
    assert [h for h in _hits(linter, good) if h[0] == "typo.known-wrong-form"] == []


def test_two_character_form_across_a_word_boundary_is_no_warning(linter: Linter) -> None:
    # 毕竟|争取 spells 竟争: the segmentation splits it, so it is at most a suggestion with no fix.
    found = [f for f in linter.lint(Document.from_text("毕竟争取时间最重要。", "t.txt"), _ours(linter))
             if f.rule == "typo.known-wrong-form"]
    assert all(f.level == "suggestion" and f.fix is None for f in found)
    assert [h for h in _hits(linter, "他竟争着要去现场。") if h[0] == "typo.known-wrong-form"] == []


@pytest.mark.parametrize("text", [
    "比赛按排名先后颁奖，他竟相信了这个传言。",
    "基金参与网下投资询价，全部份额已售出。",
    "市民竟争相购买，路面塌陷井盖移位。",
])
def test_wrong_form_exceptions_hold(linter: Linter, text: str) -> None:
    assert _hits(linter, text) == []


# ---- context pairs --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "rule", "match", "suggestion"), [
    ("截止目前，全市已完成投资120亿元。", "typo.jiezhi-jiezhi", "截止", "截至"),
    ("截止2023年5月，共受理申请300件。", "typo.jiezhi-jiezhi", "截止", "截至"),
    ("报名截至日期为3月15日。", "typo.jiezhi-jiezhi", "截至", "截止"),
    ("公司刊登了招聘启示。", "typo.qishi-qishi", "启示", "启事"),
    ("全体党员必需严格遵守纪律。", "typo.bixu-bixu", "必需", "必须"),
    ("年底大家忙的不可开交。", "typo.de-di-de", "的", "得"),
    ("请登陆官网查询。", "typo.denglu-denglu", "登陆", "登录"),
    ("居民向社区反应问题。", "typo.fanying-fanying", "反应", "反映"),
    ("老人在家乡渡过晚年。", "typo.duguo-duguo", "渡过", "度过"),
    ("游客可提前预定门票。", "typo.yuding-yuding", "预定", "预订"),
    ("研究标明，运动有益健康。", "typo.biaoming-biaoming", "标明", "表明"),
    ("他戴着一幅眼镜。", "typo.yifu-yifu", "幅", "副"),
])
def test_context_pair_reported(linter: Linter, text: str, rule: str, match: str, suggestion: str) -> None:
    hits = _hits(linter, text)
    assert [(r, m) for r, m, _ in hits] == [(rule, match)]
    assert hits[0][2][0] == suggestion


@pytest.mark.parametrize("text", [
    "截至目前，活动截止到本月底，报名5月31日截止。",
    "这件事给我们带来深刻启示，话剧《征婚启示》上演。",
    "生活必需品供应充足，这是生产所必需的。",
    "这是一场淋漓尽致的表演。",
    "台风在福建沿海登陆，企业登陆科创板。",
    "群众反映强烈，药物不良反应问题受到重视。",
    "企业渡过难关，红军渡过金沙江。",
    "卫星进入预定轨道，酒店预订火爆。",
    "包装上标明生产日期，他当场表明态度。",
    "墙上挂着一幅画，门上贴着一副对联。",
    "文物得到了妥善的处理，这是一次积极的推动。",
])
def test_context_pair_right_usage_not_reported(linter: Linter, text: str) -> None:
    assert _hits(linter, text) == []


def test_title_in_book_marks_kept(linter: Linter) -> None:
    _doc, found = lint_text(linter, "他主演的《征婚启示》和《寻人启示》均获好评。", select="typo.qishi-qishi")
    assert found == []


# ---- names and titles of works: pointed out, never "corrected" -------------------------------------
def test_wrong_form_in_title_of_a_work_is_only_a_suggestion(linter: Linter) -> None:
    text = "歌曲《再接再励》发布后，他表示将再接再励。"
    doc = Document.from_text(text, "t.txt")
    found = sorted((f for f in linter.lint(doc, _ours(linter)) if f.rule == "typo.known-wrong-form"),
                   key=lambda f: f.offset)
    assert [f.offset for f in found] == [text.index("再接再励"), text.rindex("再接再励")]
    title, body = found
    assert title.level == "suggestion" and title.fix is None and "作品名" in title.message
    assert body.level == "warning" and body.fix is not None
    # --fix edits the body text only
    assert _fixed(linter, text) == "歌曲《再接再励》发布后，他表示将再接再厉。"


def test_wrong_form_in_title_of_a_document_is_still_an_error(linter: Linter) -> None:
    # Titles of documents (通知, 办法 …) are wording, not names: reported as usual.
    text = "市里印发《关于再接再励做好防汛工作的通知》。"
    assert ("typo.known-wrong-form", "再接再励", ["再接再厉"]) in _hits(linter, text)
    doc = Document.from_text(text, "t.txt")
    assert all(f.level == "warning" for f in linter.lint(doc, _ours(linter)) if f.rule == "typo.known-wrong-form")


# ---- idioms with one wrong character (typo.idiom-slip) --------------------------------------------
@pytest.mark.parametrize(("text", "slip", "idiom"), [
    ("说实话，凭心而论，这款车的操控还是不错的。", "凭心而论", "平心而论"),
    ("这首老歌旋律荡起回肠，让人久久难忘。", "荡起回肠", "荡气回肠"),
    ("他表示今后将一如继往地支持家乡建设。", "一如继往", "一如既往"),
])
def test_idiom_with_one_wrong_character(linter: Linter, text: str, slip: str, idiom: str) -> None:
    doc = Document.from_text(text, "t.txt")
    found = [f for f in linter.lint(doc) if f.category == "typo" and f.level != "suggestion"]
    assert [(text[f.offset:f.end_offset], f.suggestions[0]) for f in found] == [(slip, idiom)]
    assert found[0].fix is not None


def test_idiom_check_needs_no_language_model(tmp_path: Path) -> None:
    from lint.config import Config

    linter = Linter.from_config(Config(select=["typo.idiom-slip"], model=str(tmp_path / "missing.lm")))
    doc = Document.from_text("几家企业相互担保，关系盘根错结。", "t.txt")
    [f] = linter.lint(doc)
    assert f.suggestions == ["盘根错节"] and f.fix is not None and f.fix.safety == "unsafe"


def test_curated_and_idiom_rules_report_a_listed_idiom_once(linter: Linter) -> None:
    doc = Document.from_text("队员们表示将再接再励。", "t.txt")
    found = [f for f in linter.lint(doc) if f.category == "typo"]
    # both rules match; the curated list's safe fix is the one kept
    assert [(f.rule, f.fix.safety if f.fix else None) for f in found] == [("typo.known-wrong-form", "safe")]


def test_idiom_check_on_clean_news_finds_only_a_real_slip() -> None:
    if not CLEAN.exists():
        pytest.skip("eval data not beside the checkout")
    from lint.config import Config

    linter = Linter.from_config(Config(select=["typo.idiom-slip"]))
    hits = []
    for line in CLEAN.read_text(encoding="utf-8").splitlines():
        doc = Document.from_text(line, "t.txt")
        hits += [line[f.offset:f.end_offset] for f in linter.lint(doc)]
    assert hits == ["盘根错结"]  # the one misspelt idiom in 4,233 edited paragraphs (盘根错节)


def test_idiom_detector_never_blames_a_particle() -> None:
    from lint.typo.idiom import IdiomDetector

    det = IdiomDetector([("动人心魄", 100)], known=lambda w: False, confusable=lambda a, b: True)
    assert list(det.detect("在这个激动人心的时刻")) == []  # 的 is grammar, whatever sounds alike
    [slip] = det.detect("一场动人心破的比赛")
    assert (slip.start, slip.pos, slip.idioms) == (2, 5, ("动人心魄",))

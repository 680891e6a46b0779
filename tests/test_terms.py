"""Xinhua's banned and cautioned words (rules/terms-xinhua.yaml) on realistic copy."""

from __future__ import annotations

import pytest

from lint.document import Document
from lint.engine import Linter

from .conftest import lint_text

CATEGORIES = ("society", "law", "title", "ethnic", "religion", "hmt", "intl")


def _spans(doc: Document, findings: list) -> list[tuple[str, str]]:
    return [(f.rule, doc.text[f.offset:f.end_offset]) for f in findings]


# (rule, text, reported span, first suggestion)
BAD = [
    ("term.society-disability-slur", "老人是个聋子，平时靠写字和家人交流。", "聋子", "聋人"),
    ("term.society-medical-claims", "广告称这种药酒药到病除，患者无须再去医院。", "药到病除", None),
    ("term.society-celebrity-titles", "两位影后同台亮相电影节开幕式。", "影后", "著名演员"),
    ("term.society-boss-for-officials", "在县里，大家私下都叫县长老板。", "老板", "负责人"),
    ("term.society-grand-opening", "区老年书画协会年会昨日隆重召开。", "隆重召开", "召开"),
    ("term.law-protected-identity", "警方调查发现，10岁的女童陈小雨曾多次遭到继父殴打。", "陈小雨", "陈某"),
    ("term.law-protected-identity", "因涉嫌吸毒被查获的吸毒人员赵志强已被强制隔离戒毒。", "赵志强", "赵某"),
    ("term.law-criminal-before-verdict", "接到报警后，民警迅速出动，在一处出租屋内将罪犯抓获。", "罪犯", "犯罪嫌疑人"),
    ("term.law-defendant-criminal", "检察院指控被告犯贪污罪，法院将择期宣判。", "被告", "被告人"),
    ("term.law-rule-of-law", "我们要建设法制社会。", "法制社会", "法治社会"),
    ("term.law-label-prefix", "一名民工小偷在工地行窃时被保安抓住。", "民工小偷", "小偷"),
    ("term.title-double-level", "会议由市市委副书记主持。", "市市委", "市委"),
    ("term.title-npc-standing-committee", "省人大副主任带队开展执法检查。", "人大副主任", "人大常委会副主任"),
    ("term.title-misc-posts", "区检察院副院长介绍了案件办理情况。", "检察院副院长", "副检察长"),
    ("term.title-village", "村长带着几名村民连夜抢修水渠。", "村长", "村主任"),
    ("term.ethnic-names", "一位鲜族老人在家门口晒辣椒。", "鲜族", "朝鲜族"),
    ("term.religion-names", "清真寺是回教信众礼拜的场所。", "回教", "伊斯兰教"),
    ("term.religion-slaughter", "开斋节到了，穆斯林家家户户杀牛宰羊。", "杀", "宰"),
    ("term.hmt-juxtaposed-hk", "香港特区成立后，中港合作进入新阶段。", "中港", "内地与香港"),
    ("term.hmt-mainland-vs-inland", "澳门和大陆之间的直通巴士开通。", "大陆", "内地"),
    ("term.hmt-not-countries", "展会吸引了德国、法国、台湾等国家的参展商。", "国家", "国家和地区"),
    ("term.hmt-three-places", "这是一次两岸四地的青年交流活动。", "两岸四地", "海峡两岸和香港、澳门"),
    ("term.hmt-sar-government", "澳门政府宣布将举办国际美食节。", "澳门政府", "澳门特区政府"),
    ("term.hmt-taiwan-authorities", "台湾副总统出席了活动。", "台湾副总统", "台湾地区副领导人"),
    ("term.hmt-taiwan-institutions", "陈水扁提名的人选须经立法院同意。", "立法院", "“立法院”"),
    ("term.hmt-territory-names", "日本右翼团体登上了所谓尖阁群岛。", "尖阁群岛", "钓鱼岛及其附属岛屿"),
    ("term.hmt-visit-china", "台湾同胞来华投资热情高涨。", "来华", "来内地（大陆）"),
    ("term.intl-names", "穆斯林世界对此反应强烈。", "穆斯林世界", "伊斯兰世界"),
    ("term.intl-member-states", "WTO成员国将就农业补贴展开谈判。", "成员国", "成员"),
    ("term.intl-islamic-state", "伊拉克军队收复了被伊斯兰国占领的城镇。", "伊斯兰国", "“伊斯兰国”极端组织"),
    ("term.intl-beheading", "武装分子威胁要将被绑架的人质斩首。", "斩首", "杀害"),
]

GOOD = [
    "学校为视力残疾学生配备了盲文教材。",
    "医生提醒，高血压目前尚无法根治，患者须长期服药。",
    "著名歌手在演唱会上演唱了新歌。",
    "这家小超市的老板每天清晨六点开门。",
    "十五届五中全会在北京隆重召开，党中央作出重要部署。",
    "少年张某因涉嫌盗窃被警方刑事拘留。",
    "小学生刘洋获得全国作文大赛一等奖。",
    "江苏省监狱系统全年没有一名罪犯脱逃。",
    "法院判决被告在十日内返还原告借款。",
    "加强法制建设，完善法律体系。",
    "中共江苏省委书记出席会议。",
    "他曾任临县县委书记。",
    "全国人大常委会委员长会议在京举行。",
    "在农村长大的他，对土地有很深的感情。",
    "延边朝鲜族自治州的冷面远近闻名。",
    "学生们听到铃声跑回教室。",
    "古尔邦节到了，穆斯林群众宰牛宰羊，欢度节日。",
    "中港第一航务工程局承建的码头竣工。",
    "中澳两国领导人举行会谈，澳大利亚总理表示愿深化合作。",
    "大陆与台湾的经贸往来日益密切。",
    "来自30多个国家和地区的运动员参赛。",
    "香港特区政府推出新的房屋政策。",
    "过渡期内，港英政府与中方就机场财务安排磋商；香港政府时任财政司长出席。",
    "台湾“行政院”公布了新的经济数据。",
    "1912年，中华民国在南京成立。",
    "他在上海创办了“中华民国”时期最大的出版社。",
    "美国总统在白宫发表讲话。",
    "外国游客来华旅游人数稳步增长。",
    "欧盟成员国就预算达成协议。",
    "多个伊斯兰国家的外长出席会议。",
    "特种部队实施了一次斩首行动。",
    "“我们的老板是市长。”一位商户开玩笑说。",
]


@pytest.mark.parametrize(("rule_id", "text", "span", "suggestion"), BAD, ids=[f"{b[0]}:{b[1][:8]}" for b in BAD])
def test_term_bad(linter: Linter, rule_id: str, text: str, span: str, suggestion: str | None) -> None:
    doc, found = lint_text(linter, text, select="term")
    assert _spans(doc, found) == [(rule_id, span)]
    if suggestion is not None:
        assert found[0].suggestions[0] == suggestion


@pytest.mark.parametrize("text", GOOD)
def test_term_good(linter: Linter, text: str) -> None:
    doc, found = lint_text(linter, text, select="term")
    assert not found, _spans(doc, found)


def test_every_category_of_the_list_is_covered(linter: Linter) -> None:
    ids = [r.id for r in linter.rules if r.category == "term"]
    for cat in CATEGORIES:
        assert any(i.startswith(f"term.{cat}-") for i in ids), cat


def test_every_entry_names_its_source_and_replacement(linter: Linter) -> None:
    for r in (r for r in linter.rules if r.category == "term"):
        assert r.source, r.id
        if r.kind == "substitution":
            assert all(v for v in r.options["swap"].values()), r.id
        if r.kind == "context" and "targets" in r.options and isinstance(r.options["targets"], dict):
            assert all(v for v in r.options["targets"].values()), r.id


def test_context_dependent_terms_are_not_errors(linter: Linter) -> None:
    assert all(r.level != "error" for r in linter.rules if r.category == "term" and r.kind == "context")


def test_quotation_is_exempt_but_roc_president_is_not(linter: Linter) -> None:
    assert not lint_text(linter, "他在信中写道：“那个瞎子每天都在桥头拉二胡。”", select="term")[1]
    doc, found = lint_text(linter, "所谓“台湾总统”一说不能成立。", select="term")
    assert _spans(doc, found) == [("term.hmt-taiwan-authorities", "台湾总统")]


def test_protected_identity_keeps_the_surname(linter: Linter) -> None:
    text = "据警方通报，犯罪嫌疑人的妻子孙丽华对丈夫的行为并不知情。"
    doc, found = lint_text(linter, text, select="term.law-protected-identity")
    assert _spans(doc, found) == [("term.law-protected-identity", "孙丽华")]
    assert found[0].suggestions == ["孙某"]


def test_safe_fixes_only_where_the_swap_is_exact(linter: Linter) -> None:
    # 湖南省省委 → 湖南省委 is right, but turns the word 湖南省 into 湖南: a safe fix never changes a word it
    # does not own, so the rule says in_words: unsafe (rules/terms-xinhua.yaml).
    _doc, found = lint_text(linter, "中共湖南省省委书记、北朝鲜代表团团长先后发言。", select="term")
    assert [(f.rule, f.level, f.fix.safety if f.fix else None) for f in found] == [
        ("term.title-double-level", "warning", "unsafe"), ("term.intl-names", "warning", "safe")]


# ---- quotations: someone's words are pointed out, never auto-fixed ---------------------------------
def test_term_inside_quotation_is_a_suggestion_without_fix(linter: Linter) -> None:
    text = "会上，他说：“市市委高度重视这项工作。”随后，市市委副书记作了发言。"
    doc, found = lint_text(linter, text, select="term.title-double-level")
    quoted, plain = sorted(found, key=lambda f: f.offset)
    assert doc.text[quoted.offset:quoted.end_offset] == "市市委" and quoted.offset < text.index("”")
    assert quoted.level == "suggestion" and quoted.fix is None and "引语" in quoted.message
    assert plain.offset > text.index("”")
    assert plain.level == "warning" and plain.fix is not None and "引语" not in plain.message


def test_in_quotes_skip_drops_quoted_matches(tmp_path) -> None:
    from lint.config import load_config

    (tmp_path / ".newslint.yaml").write_text(
        "options:\n  term.title-double-level: {in_quotes: skip}\n", encoding="utf-8")
    linter = Linter.from_config(load_config(None, tmp_path))
    text = "他说：“市市委高度重视。”市市委副书记发言。"
    _, found = lint_text(linter, text, select="term.title-double-level")
    assert [f.offset for f in found] == [text.index("”") + 1]

"""Tone and register (rules/tone.yaml) and the `context` kind that runs them, on real text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lint.config import Config
from lint.document import Document, quoted_spans
from lint.engine import Linter
from lint.fix import apply_edits
from lint.rules import RuleError, load_pack

from .conftest import lint_text

APOLOGY = "tone.apology-for-thanks"


def _spans(doc: Document, findings: list) -> list[tuple[str, str]]:
    return [(f.rule, doc.text[f.offset:f.end_offset]) for f in findings]


def _with_options(config: Config, rule_id: str, **opts: object) -> Linter:
    cfg = dataclasses.replace(config, options={**config.options, rule_id: opts}, select=["tone"])
    return Linter.from_config(cfg)


# ---- the seed article --------------------------------------------------------------------------------
def test_seed_apology_reported_with_cues_and_suggestion(linter: Linter, seed_doc: Document) -> None:
    found = [f for f in linter.lint(seed_doc) if f.category == "tone"]
    assert [(f.rule, seed_doc.text[f.offset:f.end_offset]) for f in found] == [(APOLOGY, "致歉")]
    f = found[0]
    assert f.suggestions[0] == "致谢"
    assert "“多亏了”" in f.message and "“服务”" in f.message and "致谢语境" in f.message
    assert f.level == "warning"
    # The cue sits in the paragraph before the one holding the target (a paragraph broken by layout).
    line, _ = seed_doc.line_col(f.offset)
    cue_line, _ = seed_doc.line_col(seed_doc.text.index("多亏了"))
    assert cue_line < line


def test_seed_needs_the_preceding_paragraph(config: Config, seed_doc: Document) -> None:
    """With the window cut back to the target's own paragraph, the seed's cues are out of reach."""
    narrow = _with_options(config, APOLOGY, window_before=0)
    assert not [f for f in narrow.lint(seed_doc) if f.rule == APOLOGY]


def test_seed_unsafe_fix_writes_thanks(linter: Linter, seed_doc: Document) -> None:
    found = [f for f in linter.lint(seed_doc) if f.rule == APOLOGY]
    assert found[0].fix is not None and found[0].fix.safety == "unsafe"
    fixed, n = apply_edits(seed_doc.text, found)
    assert n == 1 and "李凯致谢。" in fixed and "致歉" not in fixed


# ---- thanks vs apology ---------------------------------------------------------------------------------
THANKS_CONTEXT_BAD = [
    ("多亏了保洁阿姨捡到钱包后及时上交，失主第二天专门来到车站向她致歉。", "致歉", "致谢"),
    ("这些年来，是社区网格员的关心和照顾让独居老人过得安心，老人的子女特地登门道歉。", "道歉", "道谢"),
    ("山洪围困村庄时，救援队伸出援手转移了全部村民。\n\n事后，乡政府向救援队表达了深深的歉意。", "歉意", "谢意"),
]
THANKS_CONTEXT_GOOD = [
    "列车晚点两小时，铁路部门向旅客致歉。",
    "因配送延误，平台向消费者致歉并给予补偿。",
    "他为自己在网上发表的不当言论公开道歉。",
    "主办方对开幕式推迟半小时表示歉意，感谢观众的耐心等待。",
    "商家向顾客致歉。",  # no context at all
]


@pytest.mark.parametrize(("text", "word", "suggestion"), THANKS_CONTEXT_BAD)
def test_apology_in_thanks_context(linter: Linter, text: str, word: str, suggestion: str) -> None:
    doc, found = lint_text(linter, text, select=APOLOGY)
    assert _spans(doc, found) == [(APOLOGY, word)]
    assert found[0].suggestions[0] == suggestion


@pytest.mark.parametrize("text", THANKS_CONTEXT_GOOD)
def test_apology_in_apology_context_is_quiet(linter: Linter, text: str) -> None:
    assert not lint_text(linter, text, select="tone")[1]


def test_one_gratitude_cue_is_not_enough(linter: Linter) -> None:
    # A single cue (帮助) is too weak a sign: min_cues is 2.
    assert not lint_text(linter, "在大家的帮助下工程完工，项目部向大家致歉。", select=APOLOGY)[1]


def test_quoted_target_is_the_speakers_word(linter: Linter) -> None:
    text = "“多亏了各位的热心帮助，我都不知道该怎么致歉才好。”老人说。"
    assert not lint_text(linter, text, select=APOLOGY)[1]
    # The same words as narration are reported; cues inside a quotation still count as context.
    text = "“多亏了各位的热心帮助。”老人说。随后，他向志愿者们致歉。"
    doc, found = lint_text(linter, text, select=APOLOGY)
    assert _spans(doc, found) == [(APOLOGY, "致歉")]


def test_newsroom_can_extend_cues(config: Config) -> None:
    text = "乡亲们敲锣打鼓，抬着牌匾来到卫生院，向医疗队致歉。"
    linter = Linter.from_config(dataclasses.replace(config, select=["tone"]))
    assert not lint_text(linter, text, select=APOLOGY)[1]
    extended = _with_options(config, APOLOGY, cues=["牌匾", "敲锣打鼓"])
    doc, found = lint_text(extended, text, select=APOLOGY)
    assert _spans(doc, found) == [(APOLOGY, "致歉")]
    assert "“敲锣打鼓”“牌匾”" in found[0].message


def test_thanks_judged_against_apology_as_a_whole(linter: Linter) -> None:
    """One weak apology word (理解) no longer hides a slip in a letter of thanks; strong fault words win."""
    thanks = "老人在感谢信里写道：这次多亏了民警的耐心、理解和帮助。信的末尾，他又一次向民警致歉。"
    doc, found = lint_text(linter, thanks, select=APOLOGY)
    assert _spans(doc, found) == [(APOLOGY, "致歉")]
    assert "“感谢信”" in found[0].message or "“多亏了”" in found[0].message
    fault = "感谢大家一直以来的帮助和支持。由于我们的失误，部分订单延误发货，公司向客户致歉。"
    assert not lint_text(linter, fault, select=APOLOGY)[1]
    # thanks and a polite apology of equal weight: quiet (not clearly a slip)
    even = "多亏了志愿者帮忙，活动才顺利举行；散场时因为出口拥堵给大家添了麻烦，主办方向观众致歉。"
    assert not lint_text(linter, even, select=APOLOGY)[1]


def test_balance_weights_are_options(config: Config) -> None:
    text = "他们连夜赶来修好了水管，居民们向维修工人致歉。"
    assert not lint_text(Linter.from_config(dataclasses.replace(config, select=["tone"])), text, select=APOLOGY)[1]
    weighted = _with_options(config, APOLOGY, cues=["连夜赶来", "修好"], weights={"连夜赶来": 2}, margin=2)
    doc, found = lint_text(weighted, text, select=APOLOGY)
    assert _spans(doc, found) == [(APOLOGY, "致歉")]
    cut = _with_options(config, APOLOGY, cues=["连夜赶来", "修好"], weights={"连夜赶来": 2}, margin=4)
    assert not lint_text(cut, text, select=APOLOGY)[1]


def test_bad_weights_are_reported(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("rules:\n  - id: tone.test\n    kind: context\n    category: tone\n    level: warning\n"
                    "    message: x\n    targets: [致歉]\n    cues: [谢]\n    margin: 2\n    weights: {谢: -1}\n",
                    encoding="utf-8")
    with pytest.raises(RuleError, match="weights"):
        load_pack(pack)


def test_thanks_in_apology_context(linter: Linter) -> None:
    doc, found = lint_text(linter, "由于我们的疏忽，给您添麻烦了，特此致谢。", select="tone")
    assert _spans(doc, found) == [("tone.thanks-for-apology", "致谢")]
    assert found[0].suggestions == ["致歉"]
    assert not lint_text(linter, "停水给居民带来不便，自来水公司感谢大家的理解，并向居民致谢。", select="tone")[1]


# ---- idioms, honorifics, register -------------------------------------------------------------------------
IDIOM_BAD = [
    ("tone.idiom-barely-satisfactory", "球队主场惨败，表现差强人意。", "差强人意"),
    ("tone.idiom-bufu-zhongwang", "这位年轻棋手不孚众望，一举战胜了世界冠军。", "不孚众望"),
    ("tone.idiom-countless-crimes", "他在基层三十年，为群众办的好事罄竹难书。", "罄竹难书"),
    ("tone.idiom-first-to-suffer", "脱贫攻坚中，驻村干部首当其冲，带头走访每一户贫困家庭。", "首当其冲"),
    ("tone.idiom-originator-of-evil", "他是这一先进工作法的始作俑者，多次获得表彰。", "始作俑者"),
    ("tone.idiom-gloating", "高考放榜，全班同学弹冠相庆。", None),
    ("tone.idiom-july-fire", "七月流火，田间的农民冒着高温抢收。", "七月流火"),
    ("tone.idiom-buildings-only", "焰火晚会上，绚丽的烟花美轮美奂。", "美轮美奂"),
    ("tone.idiom-baseless", "关于停产的传言纯属空穴来风。", "空穴来风"),
    ("tone.honorific-own-side", "笔者曾多次莅临该厂调研。", "莅临"),
    ("tone.honorific-own-family", "我令堂今年已经八十岁了。", "令堂"),
    ("tone.register-death-plain", "村里的老村民刘大娘前天逝世了。", "逝世"),
    ("tone.idiom-powerful-not-popular", "毕业季，这个热门专业的毕业生炙手可热，几家企业争相抢人。", "炙手可热"),
    ("tone.idiom-dim-lights", "国庆之夜，江边灯火阑珊，璀璨的灯光秀吸引了众多市民。", "灯火阑珊"),
    ("tone.idiom-borrowed-not-returned", "春节假满后，仍有三名职工久假不归，厂里只好暂停生产线。", "久假不归"),
    ("tone.idiom-polite-refusal", "对医护人员无微不至的照顾，病人家属敬谢不敏。", "敬谢不敏"),
    ("tone.idiom-many-students", "这名莘莘学子以优异成绩考入北京大学。", "莘莘"),
    ("tone.idiom-laugh-twice", "看到小狗穿着雨衣，路人都忍俊不禁地哈哈大笑。", "忍俊不禁"),
    ("tone.idiom-mastery-not-burglary", "小偷趁主人外出登堂入室，翻箱倒柜盗走财物。", "登堂入室"),
    ("tone.idiom-no-corrections", "这篇稿件文不加点，标点符号一个都没有。", "文不加点"),
    ("tone.idiom-unalterable-truth", "这种说法毫无事实依据，是彻头彻尾的谬论，称得上不刊之论。", "不刊之论"),
    ("tone.humble-for-others", "听说您的犬子在国外留学？", "犬子"),
    ("tone.humble-reading", "欢迎各位专家拜读笔者的新著并批评指正。", "拜读"),
    # the success told in the sentence before
    ("tone.idiom-bufu-zhongwang", "决赛中，姑娘们以3比0击败对手，首次登上领奖台最高处。赛后，教练说队员们不孚众望。",
     "不孚众望"),
]
IDIOM_GOOD = [
    "这次考试成绩虽不突出，但总算差强人意。",
    "战争期间侵略者的罪行罄竹难书。",
    "洪水袭来，沿河的村庄首当其冲。",
    "这起食品安全事件的始作俑者已被依法查处。",
    "新落成的图书馆大楼美轮美奂。",
    "网上的说法并非空穴来风。",
    "欢迎各位来宾莅临指导。",
    "请代我问候令尊。",
    "著名表演艺术家张君秋逝世一周年纪念演出在天津举行。",
    "国际油价暴跌，产油国首当其冲。",
    "当年此人权势熏天，炙手可热。",
    "游客散尽，古镇灯火阑珊，只剩下几家小店还亮着灯。",
    "对于请他代言的邀约，这位老艺术家一概敬谢不敏。",
    "每年九月，数以万计的莘莘学子走进大学校园。",
    "小演员的一句台词让全场观众忍俊不禁。",
    "他学画二十年，技艺早已登堂入室。",
    "我们拜读了您的大作，受益匪浅。",
    "寒假里，欢迎同学们到寒舍做客。",
    "去年球队获得了联赛冠军。今年球队不孚众望，早早出局。",
]


@pytest.mark.parametrize(("rule_id", "text", "word"), IDIOM_BAD)
def test_tone_bad(linter: Linter, rule_id: str, text: str, word: str | None) -> None:
    doc, found = lint_text(linter, text, select="tone")
    assert [f.rule for f in found] == [rule_id], _spans(doc, found)
    if word:
        assert doc.text[found[0].offset:found[0].end_offset] == word
    assert found[0].suggestions, "every tone finding suggests a replacement"


@pytest.mark.parametrize("text", IDIOM_GOOD)
def test_tone_good(linter: Linter, text: str) -> None:
    doc, found = lint_text(linter, text, select="tone")
    assert not found, _spans(doc, found)


def test_context_rules_are_never_errors(linter: Linter) -> None:
    rules = [r for r in linter.rules if r.kind == "context"]
    assert len(rules) >= 16
    assert all(r.level in ("warning", "suggestion") for r in rules)


def test_register_is_only_a_suggestion(linter: Linter) -> None:
    levels = {r.id: r.level for r in linter.rules if r.id.startswith("tone.register-")}
    assert levels and set(levels.values()) == {"suggestion"}


# ---- kind internals --------------------------------------------------------------------------------------
def test_quoted_spans_handle_quotes_across_paragraphs() -> None:
    text = "“甲说乙，丙\n丁。”他说，《书名》和“引语”。"
    first = quoted_spans(text, 0, 6)
    assert first == [(0, 6)]  # opened, never closed: to the paragraph end
    second = quoted_spans(text, 7, len(text))
    assert (7, 10) in second  # closing mark without opener: from the paragraph start
    assert any(text[a:b] == "《书名》" for a, b in second)
    assert any(text[a:b] == "“引语”" for a, b in second)


def test_title_marks_protect_names_of_works(linter: Linter) -> None:
    assert not lint_text(linter, "晚会上演了舞蹈《美轮美奂》，灯光和服装都很出彩。", select="tone")[1]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("window: page", "window"),
        ("cue_side: left", "cue_side"),
        ("min_cues: -1", "min_cues"),
        ("cue_patterns: ['(']", "bad regex"),
    ],
)
def test_bad_options_are_reported_with_line(tmp_path: Path, body: str, problem: str) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        "rules:\n  - id: tone.test\n    kind: context\n    category: tone\n    level: warning\n"
        f"    message: x\n    targets: [致歉]\n    {body}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match=problem) as exc:
        load_pack(pack)
    assert f"{pack}:" in str(exc.value)


def test_context_needs_a_target(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("rules:\n  - id: tone.test\n    kind: context\n    category: tone\n    level: warning\n"
                    "    message: x\n    cues: [谢]\n", encoding="utf-8")
    with pytest.raises(RuleError, match="targets"):
        load_pack(pack)

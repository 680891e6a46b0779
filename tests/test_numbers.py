"""Number rules through the real engine: GB/T 15835 forms and story-level consistency."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lint.config import Config
from lint.document import Document
from lint.engine import Linter
from lint.fix import apply_edits
from lint.stories import stories

from .conftest import ROOT, SEED, lint_text


def found(linter: Linter, text: str, rule: str) -> list[tuple[str, list[str], str]]:
    doc, fs = lint_text(linter, text, select=rule)
    return [(doc.text[f.offset:f.end_offset], f.suggestions, f.message) for f in fs if f.rule == rule]


def spans(linter: Linter, text: str, rule: str) -> list[str]:
    return [s for s, _, _ in found(linter, text, rule)]


def fixed(linter: Linter, text: str, rule: str) -> str:
    doc, fs = lint_text(linter, text, select=rule)
    return apply_edits(doc.text, [f for f in fs if f.fix])[0]


@pytest.fixture(scope="module")
def dated(config: Config) -> Linter:
    """A linter run with `--date 2023-01-11`."""
    return Linter.from_config(dataclasses.replace(config, date="2023-01-11"))


# ---- the seed article -------------------------------------------------------------------------------
def test_seed_reports_only_the_wan_amount(linter: Linter, seed_doc: Document) -> None:
    fs = [f for f in linter.lint(seed_doc) if f.category == "number"]
    assert [(f.rule, seed_doc.text[f.offset:f.end_offset], f.suggestions) for f in fs] == [
        ("number.yi-amount", "10337万元", ["1.0337亿元"])]
    assert fs[0].fix is not None and fs[0].fix.safety == "safe"


@pytest.mark.parametrize("term", ["四连增", "一对一", "六九五", "4050", "40.2%", "连续7年", "4年时间", "16家"])
def test_seed_terms_not_reported(linter: Linter, seed_doc: Document, term: str) -> None:
    fs = [f for f in linter.lint(seed_doc) if f.category == "number"]
    text = seed_doc.text
    for i in [i for i in range(len(text)) if text.startswith(term, i)]:
        assert not any(f.offset < i + len(term) and i < f.end_offset for f in fs), term


def test_seed_with_a_wrong_part_is_reported(linter: Linter) -> None:
    text = SEED.read_text(encoding="utf-8").replace("新认定通过11家", "新认定通过12家")
    got = found(linter, text, "number.parts-exceed-total")
    assert [(s[:3], m) for s, _, m in got] == [
        ("16家", "“其中”各项之和超过总数：5 + 12 = 17家，多于总数16家（如各项互不重叠，请核对）")]


def test_seed_with_a_wrong_headline_span_is_reported(linter: Linter) -> None:
    text = SEED.read_text(encoding="utf-8").replace("高新区连续7年成为", "高新区连续8年成为")
    got = found(linter, text, "number.repeated-figure")
    assert [(s, m) for s, _, m in got] == [("8年", "标题中的“8年”与正文中的“7年”不一致，请核对")]


def test_stories_split_on_headlines(seed_doc: Document) -> None:
    heads = [seed_doc.text[a:b] for st in stories(seed_doc) for a, b in st.headlines]
    assert "高新区连续7年成为火炬统计工作先进单位" in heads
    assert "高企数量实现“四连增”" in heads
    assert not any(h.startswith("（本报记者") for h in heads[:1])


# ---- dates and weekdays ---------------------------------------------------------------------------
def test_impossible_dates_and_leap_days(linter: Linter) -> None:
    r = "number.impossible-date"
    assert spans(linter, "2023年2月29日，2月30日，4月31日，13月份。", r) == [
        "2023年2月29日", "2月30日", "4月31日", "13月份"]
    assert spans(linter, "2024年2月29日，2000年2月29日，2月29日，12月31日。", r) == []
    assert spans(linter, "1900年2月29日起实施。", r) == ["1900年2月29日"]
    msg = found(linter, "2023年2月29日竣工。", r)[0][2]
    assert "2023年2月只有28天" in msg


def test_weekday_with_its_own_year(linter: Linter) -> None:
    r = "number.weekday-mismatch"
    assert spans(linter, "2023年1月10日（星期二），全市召开会议。", r) == []
    got = found(linter, "2024年1月10日（星期二），全市召开会议。", r)
    assert got == [("星期二", ["星期三"], "2024年1月10日是星期三，不是“星期二”")]
    assert spans(linter, "2024年2月29日（星期四）是闰日。", r) == []
    assert found(linter, "2024年2月29日（周五）是闰日。", r)[0][1] == ["周四"]


def test_weekday_without_year_needs_a_date(linter: Linter, dated: Linter) -> None:
    r = "number.weekday-mismatch"
    text = "1月10日（星期三），全市召开会议。"
    assert spans(linter, text, r) == []  # no year known: quiet
    got = found(dated, text, r)
    assert got[0][:2] == ("星期三", ["星期二"]) and "年份按发稿日期推定" in got[0][2]
    assert spans(dated, "1月10日（星期二），全市召开会议。", r) == []


def test_weekday_year_crosses_new_year(config: Config) -> None:
    jan2 = Linter.from_config(dataclasses.replace(config, date="2023-01-02"))
    r = "number.weekday-mismatch"
    assert spans(jan2, "12月30日（星期五）全市召开会议。", r) == []       # 2022-12-30
    assert spans(jan2, "12月30日（星期六）全市召开会议。", r) == ["星期六"]


def test_weekday_leap_day_with_publication_date(config: Config) -> None:
    r = "number.weekday-mismatch"
    leap = Linter.from_config(dataclasses.replace(config, date="2024-03-01"))
    assert spans(leap, "2月29日（星期四）是闰日。", r) == []
    assert spans(leap, "2月28日（星期四）召开会议。", r) == ["星期四"]  # 2024-02-28 was a Wednesday


def test_dateline_beats_config_date(dated: Linter) -> None:
    r = "number.weekday-mismatch"
    text = "新华社北京2024年1月9日电 会议将于1月10日（星期三）开幕。"
    assert spans(dated, text, r) == []           # 2024-01-10 is a Wednesday
    text = "2024年1月9日 星期二\n\n会议将于1月10日（星期二）开幕。"
    got = found(dated, text, r)
    assert [g[0] for g in got] == ["星期二"] and "年份按稿件日期推定" in got[0][2]


def test_two_digit_year(linter: Linter, dated: Linter) -> None:
    r = "number.two-digit-year"
    assert found(linter, "19年3月完成改造，98年下半年起实施。", r) == [
        ("19年", ["2019年"], "年份“19年”应写全四位，如“2019年”"),
        ("98年", ["1998年"], "年份“98年”应写全四位，如“1998年”")]
    assert found(dated, "35年底基本实现。", r)[0][1] == ["2035年"]  # a 2023 story looks ahead
    assert found(dated, "58年下半年。", r)[0][1] == ["1958年"]
    assert spans(linter, "他工作了19年，90年代，经过10年初步建成。", r) == []


# ---- forms ------------------------------------------------------------------------------------------
def test_fullwidth_digits_fix(linter: Linter) -> None:
    r = "number.fullwidth-digits"
    assert fixed(linter, "全县有小学１２所，投资３．５亿元。", r) == "全县有小学12所，投资3.5亿元。"
    assert fixed(linter, "二０００年，二００一年元旦。", r) == "二〇〇〇年，二〇〇一年元旦。"
    assert spans(linter, "全县有小学12所，增长12.3％。", r) == []


def test_mixed_forms_within_a_story_only(linter: Linter) -> None:
    r = "number.mixed-forms"
    one = "2022年1月6日，省里公布名单。\n\n二〇二二年一月九日，市里召开表彰会。\n\n1月10日，名单正式发布。"
    assert found(linter, one, r) == [("二〇二二年一月九日", ["2022年1月9日"],
                                      "同一篇稿件中日期写法不统一：“二〇二二年一月九日”与“2022年1月6日”，应统一用阿拉伯数字或汉字数字")]
    two = "全市召开表彰大会\n\n2022年1月6日，省里公布名单。\n\n新年贺词\n\n二〇二二年一月一日，新年钟声敲响。"
    assert spans(linter, two, r) == []
    speech = "在新年茶话会上的讲话\n\n（二〇〇〇年十二月三十一日）\n\n2001年新年钟声即将敲响，1月1日我们迎来新世纪。"
    assert spans(linter, speech, r) == []
    dateline = "本报北京1月1日讯 一月一日晚，演唱会在人民大会堂举行。"
    assert spans(linter, dateline, r) == []
    assert spans(linter, "增长8.5%，其中小麦增产百分之十二，百分之百完成。", r) == ["百分之十二"]
    assert found(linter, "总额达1.2万亿元，出口额为13600亿元。", r)[0][1] == ["1.36万亿元"]


def test_fixed_expressions(linter: Linter) -> None:
    r = "number.fixed-expression"
    assert fixed(linter, "工业增加值实现4连增，开展1对1帮扶，谋划“14五”规划，十九届5中全会，星期7。", r) == \
        "工业增加值实现四连增，开展一对一帮扶，谋划“十四五”规划，十九届五中全会，星期日。"
    assert spans(linter, "主队取得11连胜，比分3比1，第1方面军，1对10。", r) == []


def test_chinese_statistic(linter: Linter) -> None:
    r = "number.chinese-statistic"
    assert found(linter, "增长百分之八点五，实现增值税十三点二九亿元，罚款一点二万余元。", r) == [
        ("百分之八点五", ["8.5%"], "统计数值宜用阿拉伯数字：“百分之八点五”可写作“8.5%”"),
        ("十三点二九亿元", ["13.29亿元"], "统计数值宜用阿拉伯数字：“十三点二九亿元”可写作“13.29亿元”"),
        ("一点二万余元", ["1.2万余元"], "统计数值宜用阿拉伯数字：“一点二万余元”可写作“1.2万余元”")]
    assert spans(linter, "百分之百投入，比重已达百分之六七十，十五家企业，一点一滴，五点一线。", r) == []


def test_yi_amount(linter: Linter) -> None:
    r = "number.yi-amount"
    assert fixed(linter, "争取资金10337万元，贷款12000万美元，投资9800万元，10亿231万元。", r) == \
        "争取资金1.0337亿元，贷款1.2亿美元，投资9800万元，10亿231万元。"
    assert found(linter, "累计发放25860.5万余元。", r)[0][1] == ["2.58605亿余元"]
    assert spans(linter, "新增就业12000人，12000万人次。", r) == []  # not money


def test_ranges(linter: Linter) -> None:
    assert fixed(linter, "增长15～30%，利润率5至8%，增长3至5个百分点。", "number.percent-range") == \
        "增长15%～30%，利润率5%至8%，增长3至5个百分点。"
    assert spans(linter, "价格上涨2%到30%，第3—5%。", "number.percent-range") == []
    assert fixed(linter, "每亩增收3～5万元，人口1至1.2亿人，2003—2005年。", "number.magnitude-range") == \
        "每亩增收3万元～5万元，人口1亿人至1.2亿人，2003—2005年。"


def test_decrease_times(linter: Linter) -> None:
    r = "number.decrease-times"
    assert spans(linter, "能耗降低3倍，事故减少了两倍，成本下降近1倍。", r) == ["降低3倍", "减少了两倍", "下降近1倍"]
    assert spans(linter, "产量增加了3倍，成本降为原来的1/3。", r) == []


def test_percent_point(linter: Linter) -> None:
    r = "number.percent-point"
    got = found(linter, "城镇化率由60.5%提高到63.5%，提高了3%。", r)
    assert got[0][:2] == ("3%", ["3个百分点"]) and "相差3个百分点" in got[0][2]
    assert spans(linter, "合格率由50%提高到60%，提高了20%。", r) == []  # relative change
    assert spans(linter, "失业率下降了0.5个百分比。", r) == ["个百分比"]
    assert spans(linter, "比上年提高3%，提高0.5个百分点。", r) == []


# ---- consistency ------------------------------------------------------------------------------------
def test_sum_total_explicit(linter: Linter) -> None:
    r = "number.sum-total"
    got = found(linter, "全县新建小学5所、初中3所，共9所。", r)
    assert got[0][2] == "分项之和与总数不符：5 + 3 = 8所，少于总数9所"
    assert spans(linter, "全县新建小学5所、初中3所，共8所。", r) == []
    assert spans(linter, "参赛选手共50人，其中男选手28人，其余20人。", r) != []
    assert spans(linter, "参赛选手共50人，其中男选手28人，其余22人。", r) == []
    # cumulative or comparative figures are not parts
    assert spans(linter, "今年新增5家，去年新增3家，累计达20家。", r) == []
    assert spans(linter, "一季度签约12个，比上年多3个，全年共签约40个。", r) == []
    # a grand total for a wider scope is not the sum of the examples before it
    assert spans(linter, "A项目投资5亿元、B项目投资3亿元，全年共投资20亿元。", r) == []
    # 其中 without an exhaustive cue is not this rule's business
    assert spans(linter, "共破获案件30起，其中盗窃案件18起，诈骗案件5起。", r) == []


@pytest.mark.parametrize(("text", "rule", "span"), [
    ("全县新建小学5所、初中3所，共9所。", "number.sum-total", "5所、初中3所，共9所"),          # parts, then total
    ("参赛选手共50人，其中男选手28人，其余20人。", "number.sum-total", "50人，其中男选手28人，其余20人"),
    ("共破获案件30起，其中盗窃案件18起，诈骗案件15起。", "number.parts-exceed-total",
     "30起，其中盗窃案件18起，诈骗案件15起"),
])
def test_sum_total_span_is_ordered(linter: Linter, text: str, rule: str, span: str) -> None:
    """Issue 12: parts written before their total gave offset > end_offset and an empty match."""
    doc, fs = lint_text(linter, text, select=rule)
    got = [f for f in fs if f.rule == rule]
    assert len(got) == 1
    f = got[0]
    assert f.offset < f.end_offset
    assert doc.text[f.offset:f.end_offset] == span


def test_sum_total_sarif_region_is_valid(tmp_path: Path) -> None:
    """The same finding through the CLI: a SARIF region with a positive length over the whole list."""
    draft = tmp_path / "d.txt"
    draft.write_text("全县新建小学5所、初中3所，共9所。\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "lint", "check", "--format", "sarif", "--select", "number.sum-total",
                        str(draft)], capture_output=True, cwd=ROOT, timeout=300)
    log = json.loads(r.stdout.decode("utf-8"))
    regions = [loc["physicalLocation"]["region"] for res in log["runs"][0]["results"] for loc in res["locations"]]
    assert len(regions) == 1
    assert regions[0]["charLength"] == len("5所、初中3所，共9所") and regions[0]["charOffset"] == len("全县新建小学")


def test_parts_exceed_total(linter: Linter) -> None:
    r = "number.parts-exceed-total"
    assert spans(linter, "共破获案件30起，其中盗窃案件18起，诈骗案件15起。", r) == [
        "30起，其中盗窃案件18起，诈骗案件15起"]
    assert spans(linter, "共破获案件30起，其中盗窃案件18起，诈骗案件5起。", r) == []  # may not be exhaustive
    # a different kind of thing counted with the same measure word
    assert spans(linter, "建设9个考场，其中鄂州市的考场有总监督室和31个考室，可容纳930人。", "number.subtotal") == []
    # a change is not a part
    assert spans(linter, "全市有19家企业入选，其中6家为复审，比上年增加18家。", r) == []
    # parts of a nested breakdown are ambiguous
    assert spans(linter, "全市100家企业，其中60家中有50家为民营，其余40家。", r) == []


def test_subtotal(linter: Linter) -> None:
    r = "number.subtotal"
    got = found(linter, "该校招收新生420人，其中女生435人。", r)
    assert got == [("435人", [], "分项“435人”大于总数“420人”")]
    assert spans(linter, "该校招收新生420人，其中女生235人。", r) == []


def test_percentage(linter: Linter) -> None:
    r = "number.percentage"
    got = found(linter, "全县有教师800人，其中女教师360人，占50%。", r)
    assert got[0][0] == "50%" and "360人÷800人=45%，不是50%" in got[0][2]
    assert spans(linter, "全县有教师800人，其中女教师360人，占45%。", r) == []
    assert spans(linter, "全县有教师800人，其中女教师360人，占全省女教师的2%。", r) == []
    assert spans(linter, "高企总量达82家，其中园区33家，占40.2%。", r) == []   # 40.24 rounds to 40.2
    assert spans(linter, "合作社社员120户，占全村300户的30%。", r) == ["30%"]
    assert spans(linter, "规上企业由200家增加到260家，增长30%。", r) == []
    got = found(linter, "规上企业由200家增加到260家，增长20%。", r)
    assert "((260−200)÷200)" in got[0][2].replace("（", "(").replace("）", ")")
    # rounded counts widen the tolerance: 1.2万 may be 11500..12499
    assert spans(linter, "游客由1万人次增加到1.2万人次，增长22%。", r) == []
    # a percentage without both counts is not checked
    assert spans(linter, "总量由1家增加至33家，占全区的40.2%。", r) == []


def test_repeated_figure(linter: Linter) -> None:
    r = "number.repeated-figure"
    bad = "新增就业岗位突破1200个\n\n本报讯 今年以来，全区新增就业岗位突破1100个，同比增长10%。"
    assert found(linter, bad, r)[0][2] == "标题中的“1200个”与正文中的“1100个”不一致，请核对"
    good = "新增就业岗位突破1200个\n\n本报讯 今年以来，全区新增就业岗位1236个，其中返乡创业带动300个。"
    assert spans(linter, good, r) == []
    two = "出口增长8%\n\n本报讯 全市出口增长8%，进口增长5%。"
    assert spans(linter, two, r) == []


def test_elapsed_span(linter: Linter, dated: Linter) -> None:
    r = "number.elapsed-span"
    got = found(linter, "2015年至2021年，该区连续6年获评先进单位。", r)
    assert got[0][2] == "“连续6年”与所写年份不符：2015年至2021年应为7年"
    assert spans(linter, "2015年至2021年，该区连续7年获评先进单位。", r) == []
    assert spans(linter, "从2016年到2022年，全市粮食产量实现“七连增”。", r) == []
    assert spans(linter, "从2016年到2022年，全市粮食产量实现“六连增”。", r) == []  # 2016 as the base year
    assert spans(linter, "从2016年到2022年，全市粮食产量实现“九连增”。", r) == ["九连增"]
    # endpoints in other sentences: quiet (the seed's 2015 … 连续7年 … 2021年度)
    assert spans(linter, "该区于2015年获批。这是该区连续9年获此称号。", r) == []
    since = "自2015年以来，该区连续3年获此称号。"
    assert spans(linter, since, r) == []            # no publication date: quiet
    assert spans(dated, since, r) == ["连续3年"]
    assert spans(dated, "自2015年以来，该区连续8年获此称号。", r) == []


# ---- statements of change ---------------------------------------------------------------------------
CHANGE = "number.change-consistency"


@pytest.mark.parametrize(("text", "span", "says"), [
    # direction: 增加到 a smaller figure, 减少到 a larger one (万/亿 scaled before comparing)
    ("全市日供水能力从45万吨提高到38万吨。", "45万吨提高到38万吨", "后一个数却不大于前一个数"),
    ("该县贫困人口由1.2万人减少到1.5万人。", "1.2万人减少到1.5万人", "后一个数却不小于前一个数"),
    ("全县财政收入从1.2亿元增至9000万元。", "1.2亿元增至9000万元", "不大于"),
    ("由1998年的78万人增加到2000年的45万人。", "78万人增加到2000年的45万人", "不大于"),
    # 增加了 D，达到 B: A + D must be B; D = B means 增加到 was meant
    ("人均纯收入从1997年的2100元增加了2400元，达到2400元。", "2400元，达到2400元", "应写“增加到”而不是“增加了”"),
    ("通车里程从3200公里增加了800公里，达到4200公里。", "800公里，达到4200公里", "应为4000公里，不是4200公里"),
    ("耕地从5000亩减少了800亩，降至4000亩。", "800亩，降至4000亩", "应为4200亩"),
    # 从 A 到 B，增加了 D: D must be B − A (within the rounding of 1.2万)
    ("有线电视用户由8000户增加到1.2万户，增加了5000户。", "5000户", "增加了4000户，不是5000户"),
    ("价格由3.5元上涨到4.2元，上涨了0.5元。", "0.5元", "上涨了0.7元"),
    ("森林覆盖率由18.5%提高到23.5%，提高了4个百分点。", "4个百分点", "相差5个百分点"),
    # a rate with both figures
    ("油价从每桶30美元跌至25美元，跌幅达20%。", "20%", "降幅应为16.7%"),
    ("从3月5日的200人增长到6月的260人，增幅为40%。", "40%", "增幅应为30%"),
    ("参保人数从12万人增加到36万人，增长了3倍。", "3倍", "即增加了2倍，不是3倍（“增加了N倍”不含原数"),
    ("参保人数从12万人增加到48万人，是原来的3倍。", "3倍", "是原来的4倍，不是3倍"),
])
def test_change_contradictions(linter: Linter, text: str, span: str, says: str) -> None:
    got = found(linter, text, CHANGE)
    assert len(got) == 1, got
    assert got[0][0] == span and says in got[0][2], got
    assert got[0][1] == []  # no suggestion: which figure is wrong is unknown


@pytest.mark.parametrize("text", [
    "全市日供水能力从38万吨提高到45万吨，增长18.4%。",
    "人均纯收入从1997年的2100元增加了300元，达到2400元。",
    "人均纯收入从2100元增加到2400元，增加了300元。",
    "年产值由5000万元增长到1.2亿元，增长140%。",
    "出口额由2.3亿美元增长到2.8亿美元，增幅达21.7%。",  # 21.74 rounded
    "出口额由2.3亿美元增长到2.8亿美元，增幅达22%。",
    "有线电视用户由8000户增加到1.2万户，增加了4000户。",
    "从2个增加到10个，增加了4倍。",
    "从2个增加到10个，是原来的5倍。",
    "参保人数从12万人增加到30万人，是原来的3倍。",  # 2.5 times, written to a whole number
    "森林覆盖率由18.5%提高到23.5%，提高了5个百分点。",
    "油价从每桶30美元跌至25美元，跌幅达16.7%。",
    # approximate figures, ranges, negatives, ranks, other things or other subjects: not checked
    "观众从约3000人增加到2000多人。",
    "从300多家增加到500家，增长80%。",
    "从100人增加到150人，增长了近一倍。",
    "最低气温从零下12摄氏度上升到零下15摄氏度。",
    "该校在全省的排名从15位上升到8位。",
    "测量精度从0.1毫米提高到0.01毫米。",
    "由3个乡镇增加到2个村。",
    "从3个园区增加到5个，增加了20个项目。",
    "从2000年的12亿元增加到2005年的30亿元，年均增长20.1%。",
    "从1月的200人增长到6月的260人，同比增长10%。",
    "城镇居民收入由5000元增加到6000元，农民收入由2000元增加到2600元，分别增长20%和30%。",
    "成本降为原来的1/3，由此节约资金300万元，增加到500万元的投入。",
    "由于产量从50万吨增长到80万吨，价格从每吨2000元降至1500元。",
])
def test_change_consistent_or_unsure(linter: Linter, text: str) -> None:
    assert spans(linter, text, CHANGE) == []


def test_change_leaves_other_rules_their_cases(linter: Linter) -> None:
    # 由A增至B，增长P% written tightly is number.percentage's; a rate of percentages in % is percent-point's
    text = "规上企业由200家增加到260家，增长20%。合格率由50%提高到60%，提高了10%。"
    assert spans(linter, text, CHANGE) == []
    assert spans(linter, text, "number.percentage") == ["20%"]
    assert spans(linter, text, "number.percent-point") == ["10%"]


def test_change_only_within_a_sentence(linter: Linter) -> None:
    assert spans(linter, "全县人口从50万人增加到60万人。全县增长了30%。", CHANGE) == []
    assert spans(linter, "全县人口从50万人增加到60万人，增幅达30%。", CHANGE) == ["30%"]


# ---- shares in their common shapes (one parser, number.percentage) -----------------------------------
@pytest.mark.parametrize(("wrong", "right", "detail"), [
    ("全村共有农户300户，其中120户加入合作社，占总户数的50%。",
     "全村共有农户300户，其中120户加入合作社，占总户数的40%。", "120户÷300户=40%，不是50%"),
    ("调查的800名教师中有360名女教师，占50%。", "调查的800名教师中有360名女教师，占45%。",
     "360名÷800名=45%，不是50%"),
    ("在这800人中，有360人报名，占比为50%。", "在这800人中，有360人报名，占比为45%。", "360人÷800人=45%，不是50%"),
    ("全县有企业200家，规上企业50家，占总数的30%。", "全县有企业200家，规上企业50家，占总数25%。",
     "50家÷200家=25%，不是30%"),
    ("全县教师800人，其中女教师360人，所占比重为40%。", "全县教师800人，其中女教师360人，所占比重为45%。",
     "360人÷800人=45%，不是40%"),
    ("合作社社员120户，占全村300户的比例为30%。", "合作社社员120户，占全村300户的比例为40%。",
     "120户÷300户=40%，不是30%"),
])
def test_share_shapes(linter: Linter, wrong: str, right: str, detail: str) -> None:
    r = "number.percentage"
    got = found(linter, wrong, r)
    assert len(got) == 1 and detail in got[0][2]
    assert spans(linter, right, r) == []


def test_share_of_a_named_total(linter: Linter) -> None:
    """占……总数的P%: the scope before 总 names the story's total (全村, 农户, 教师) or another whole (全国)."""
    r = "number.percentage"
    assert spans(linter, "全村共有农户300户，其中120户加入合作社，占全村总户数的50%。", r) == ["50%"]
    assert spans(linter, "全村共有农户300户，其中120户加入合作社，占农户总数的50%。", r) == ["50%"]
    assert spans(linter, "调查的800名教师中有360名女教师，占教师总数的50%。", r) == ["50%"]
    assert spans(linter, "全县有企业200家，其中规上企业50家，占全国总数的0.1%。", r) == []


def test_share_of_another_whole_is_not_checked(linter: Linter) -> None:
    r = "number.percentage"
    assert spans(linter, "全县有企业200家，规上企业50家，占全市规上企业的30%。", r) == []
    # two figures of the unit before the part: which is the total is unknown
    assert spans(linter, "去年新增企业20家，今年全县有企业200家，规上企业50家，占总数的30%。", r) == []


def test_growth_rate_read_by_the_change_parser(linter: Linter) -> None:
    """number.percentage checks 由A增至B，(同比)增长P% through the change statements number.change-consistency
    reads, to the digit; the rate is reported once, by number.percentage."""
    def rules(text: str) -> list[tuple[str, str]]:
        doc, fs = lint_text(linter, text, select="number")
        return [(f.rule, doc.text[f.offset:f.end_offset]) for f in fs]
    assert rules("规上企业由200家增加到260家，同比增长27%。") == [("number.percentage", "27%")]
    assert rules("规上企业由200家增加到260家，同比增长30%。") == []
    assert rules("规上企业由200家增加到260家，增幅为20%。") == [("number.change-consistency", "20%")]
    assert spans(linter, "排名由第15位上升到第8位，上升了46.7%。", "number.percentage") == []


# ---- parts that exceed their total in one sentence -------------------------------------------------
@pytest.mark.parametrize(("text", "level"), [
    ("今年共破获案件30起，其中盗窃案件18起，诈骗案件15起。", "warning"),   # kinds of one thing
    ("全厂职工50人，其中男职工28人，女职工30人。", "warning"),
    ("全厂职工50人，其中女职工28人，党员职工30人。", "suggestion"),       # dimensions that may overlap
    ("全厂职工50人，其中女职工28人，青年职工30人。", "suggestion"),
    ("全市有19家企业入选，其中复审通过6家，首次入选14家。", "suggestion"),
])
def test_parts_exceed_total_level(linter: Linter, text: str, level: str) -> None:
    _doc, fs = lint_text(linter, text, select="number.parts-exceed-total")
    assert [f.level for f in fs] == [level]


# ---- where the publication date comes from --------------------------------------------------------
def weekday_messages(linter: Linter, text: str, path: str) -> list[str]:
    doc = Document.from_text(text, path, "markdown" if path.endswith(".md") else "plain")
    return [f.message for f in linter.lint(doc, [r for r in linter.rules if r.id == "number.weekday-mismatch"])]


def test_publication_date_from_front_matter(linter: Linter, dated: Linter) -> None:
    text = "---\ntitle: 年终盘点\ndate: 2026-11-20\n---\n\n表彰会于11月23日（星期二）召开。\n"
    for lin in (linter, dated):  # the front matter beats --date
        assert weekday_messages(lin, text, "draft.md") == [
            "2026年11月23日是星期一，不是“星期二”（年份按文件头“date:”推定：2026-11-20）"]
    assert weekday_messages(linter, text.replace("星期二", "星期一"), "draft.md") == []
    # front matter is Markdown's: a plain-text file starting with --- has none
    assert weekday_messages(linter, text, "draft.txt") == []


@pytest.mark.parametrize("name", ["2026-11-20-nianzhong.md", "20261120_nianzhong.txt", "稿件/2026_11_20.txt"])
def test_publication_date_from_file_name(linter: Linter, name: str) -> None:
    got = weekday_messages(linter, "表彰会于11月23日（星期二）召开。", name)
    assert got == ["2026年11月23日是星期一，不是“星期二”（年份按文件名中的日期推定：2026-11-20）"]


def test_file_name_number_that_is_no_date(linter: Linter) -> None:
    assert weekday_messages(linter, "表彰会于11月23日（星期二）召开。", "20261340.txt") == []
    assert weekday_messages(linter, "表彰会于11月23日（星期二）召开。", "120261120.txt") == []


def test_yearless_dateline(linter: Linter, config: Config) -> None:
    text = "新华社北京12月31日电　新年音乐会将于1月2日（星期五）举行。"
    assert weekday_messages(linter, text, "x.txt") == []  # no year anywhere: quiet
    dec = Linter.from_config(dataclasses.replace(config, date="2026-12-20"))
    assert weekday_messages(dec, text, "x.txt") == [
        "2027年1月2日是星期六，不是“星期五”（年份按电头日期与发稿日期推定：2026-12-31）"]
    with_year = "新华社北京12月31日电　2026年12月30日，组委会宣布，新年音乐会将于1月2日（星期五）举行。"
    assert weekday_messages(linter, with_year, "x.txt") == [
        "2027年1月2日是星期六，不是“星期五”（年份按电头日期与正文日期推定：2026-12-31）"]
    # a full date far from the dateline does not give it a year
    far = "新华社北京12月31日电　2025年6月1日起施行的条例规定，音乐会将于1月2日（星期五）举行。"
    assert weekday_messages(linter, far, "x.txt") == []


def test_percent_point_reads_the_shared_change_statements(linter: Linter) -> None:
    """number.percent-point takes 由A%到B%，提高了C% from the change statements number.change-consistency reads
    (同比 and a unit written once included), not from a regex of its own."""
    r = "number.percent-point"
    got = found(linter, "全县贫困发生率从12.5%下降到3.5%，同比下降9%。", r)
    assert got == [("9%", ["9个百分点"], "百分数之差用“个百分点”：由12.5%到3.5%相差9个百分点（相对变化约72%）")]
    assert spans(linter, "森林覆盖率由18.5%提高到23.5%，增幅为5%。", r) == []   # a noun restatement: ambiguous
    assert spans(linter, "合格率由50%提高到60%，提高了20%。", r) == []          # relative change, rightly in %

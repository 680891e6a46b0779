"""Separator spaces of real copy stay quiet (issue 11 item 7): after 第N条/章/款, after a dateline, between a
slogan's parallel phrases, after a byline label; the same spaces elsewhere are still reported."""

from __future__ import annotations

import pytest

from lint.conventions import convention
from lint.engine import Linter

from .conftest import lint_text

SPACING = ("layout.stray-space", "style.han-latin-spacing", "style.spacing-consistency")


def spacing_findings(linter: Linter, text: str) -> list[tuple[str, str]]:
    doc, fs = lint_text(linter, text, select="layout")
    _, more = lint_text(linter, text, select="style")
    return [(f.rule, doc.text[f.offset - 1:f.end_offset + 1]) for f in [*fs, *more] if f.rule in SPACING]


@pytest.mark.parametrize("text", [
    # a law's articles, chapters and clauses
    "第十二条\u3000预备役军衔是区分预备役军官等级、表明预备役军官身份的称号和标志。",
    "第十二条 预备役军衔是区分预备役军官等级、表明预备役军官身份的称号和标志。",
    "第三章\u3000法律责任。第三十一条\u3000违反本法规定的，依法追究责任。",
    "第2款 前款规定的情形，由县级人民政府认定。",
    "第5条 2027年1月1日起，本办法施行。",
    # datelines, with the ideographic or the ASCII space, and a bracketed byline
    "新华社北京12月31日电\u30002026年，全国粮食总产量再创新高，达到14130亿斤。",
    "新华社北京12月31日电 2026年，全国粮食总产量再创新高，达到14130亿斤。",
    "本报北京1月5日讯\u3000记者从国家统计局获悉，1月份居民消费价格同比上涨。",
    "本报讯 1月5日，全市召开安全生产工作会议。",
    "新华社北京12月31日电（记者\u3000张晓明）2026年，全国铁路完成旅客发送量40亿人次。",
    # slogans and headlines of parallel phrases inside a sentence
    "大会以“融合创新\u3000智慧传播”为主题，吸引了三百多家媒体参加。",
    "大会以“融合创新 智慧传播”为主题，吸引了三百多家媒体参加。",
    "全市开展《奋进新时代\u3000建功新征程》主题宣讲，覆盖群众十万人次。",
    "“守正创新\u3000奋勇争先\u3000开创新局”的标语挂满了街头。",
    # byline labels
    "本报记者\u3000李晓红\u3000王建国　近日，记者走进乡村振兴示范村。",
    "记者 张伟 通讯员 刘洋 报道：全县今年新建农村公路三百公里。",
])
def test_conventions_are_quiet(linter: Linter, text: str) -> None:
    assert spacing_findings(linter, text) == []


@pytest.mark.parametrize(("text", "rule"), [
    # an article number cited in running text is no heading
    ("根据条例第十二条\u3000预备役军衔是区分等级的称号。", "layout.stray-space"),
    # 电/讯 late in a sentence is no dateline
    ("会上，省委书记宣读了贺电 2026年的工作随即部署，各地迅速行动。", "style.han-latin-spacing"),
    # phrases of unequal length in quotes are a slip, not a slogan
    ("大会以“融合创新 智慧传播新时代”为主题，吸引了众多媒体参加。", "layout.stray-space"),
    # a space after 记者 that does not precede a name
    ("本报记者 从市统计局获悉，一季度经济运行稳中有进。", "layout.stray-space"),
    # an ordinary stray space
    ("全市新增城镇 就业岗位一万二千个，超额完成全年任务。", "layout.stray-space"),
])
def test_same_spaces_elsewhere_are_reported(linter: Linter, text: str, rule: str) -> None:
    assert rule in [r for r, _ in spacing_findings(linter, text)]


def test_convention_names_the_shape() -> None:
    cases = {
        "第十二条\u3000预备役": "article",
        "新华社北京12月31日电\u30002026年": "dateline",
        "本报记者\u3000李晓红，": "byline",
        "以“融合创新\u3000智慧传播”为": "slogan",
    }
    for text, shape in cases.items():
        s = text.index("\u3000")
        assert convention(text, s, s + 1) == shape, text
    assert convention("他们利用假期走访企业，询问\u3000困难，提供服务。", 13, 14) is None

"""Script rules: traditional/variant characters for the edition's target script, full-width Latin."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.config import load_config
from lint.document import Document
from lint.engine import Linter
from lint.fix import fix_document

from .conftest import EVAL, lint_text


def _linter(tmp_path: Path, yaml: str) -> Linter:
    (tmp_path / ".newslint.yaml").write_text(yaml, encoding="utf-8")
    return Linter.from_config(load_config(None, tmp_path))


def fixed(linter: Linter, text: str) -> str:
    rules = [r for r in linter.rules if r.matches("script")]
    new, _, _ = fix_document(Document.from_text(text, "t.txt"), lambda d: linter.lint(d, rules), False)
    return new.text


def spans(linter: Linter, text: str, rule: str = "script.traditional") -> list[tuple[str, str]]:
    doc, found = lint_text(linter, text, select=rule)
    return [(doc.text[f.offset:f.end_offset], f.suggestions[0]) for f in found]


def test_traditional_in_simplified_copy(linter) -> None:
    assert spans(linter, "推动經濟發展，他們來自全國各地。") == [("經濟發", "经济发"), ("們來", "们来"), ("國", "国")]
    assert fixed(linter, "两岸經濟交流日益密切，山峯高耸。") == "两岸经济交流日益密切，山峰高耸。"


@pytest.mark.parametrize("text", [
    "这是一座乾隆年间的古建筑，乾坤朗朗。",  # opencc keeps 乾 in these phrases
    "作家於梨华、诗人肖乾出席座谈会。",      # 於 and 乾 in names: whitelisted
    "一夥人，宫商角徵羽。",
    "著名学者在瞭望塔上，覆盖全市。",        # standard characters that look traditional
])
def test_valid_characters_not_reported(linter, text: str) -> None:
    assert spans(linter, text) == []


def test_accept_list_protects_names(tmp_path: Path) -> None:
    lint = _linter(tmp_path, "accept: [鍾漢良]\n")
    assert spans(lint, "演员鍾漢良出席活动。") == []
    assert spans(lint, "演员鍾先生出席活动。") == [("鍾", "钟")]


def test_traditional_edition_checks_the_reverse(tmp_path: Path) -> None:
    lint = _linter(tmp_path, "options:\n  script.traditional:\n    target: zh-Hant\n")
    assert spans(lint, "推動經濟发展。") == [("发", "發")]
    assert spans(lint, "推動經濟發展，范先生出席。") == []  # 范 (a surname) is on the zh-Hant allow list


def test_fullwidth_latin(linter) -> None:
    assert fixed(linter, "公司推出ＡＩ产品，毕业于ＭＩＴ。") == "公司推出AI产品，毕业于MIT。"
    assert spans(linter, "全年增长１２％，Ａ［Ｂ］", "script.fullwidth-latin") == [("Ａ", "A"), ("Ｂ", "B")]


@pytest.mark.skipif(not (EVAL / "clean_news_pd1998_2001.txt").is_file(), reason="eval data not present")
def test_clean_people_daily_rate(linter) -> None:
    lines = [ln for ln in (EVAL / "clean_news_pd1998_2001.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    rules = [r for r in linter.rules if r.category == "script"]
    hit = sum(1 for ln in lines if linter.lint(Document.from_text(ln, "p.txt"), rules))
    assert hit / len(lines) <= 0.003

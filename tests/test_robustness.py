"""Every default rule on adversarial text: no crash, spans inside the text, fixes that apply.

The alphabet mixes what trips rules up in real copy: both widths of every mark, digits, Latin
letters, units, quotes and brackets, newlines and indentation, astral Han characters, emoji.
"""

from __future__ import annotations

import random

import pytest

from lint.document import Document
from lint.engine import Linter
from lint.fix import fix_document

ALPHABET = (
    "的一是在了不和有大这主中人上为们地个用工时要动国产以我到他会作来分生对于学下级就年阶义发成部民可出能方进"
    "同行面说种过命度革而多子后自社加小机也经力线本电高量长党得实家定深法表着水理化争现所二起政三好十战无农使"
    "𠮷𡈼，。、；：？！“”‘’（）《》【】—…·～,.;:?!()\"'-~%％0123456789０１２３ABCabcＡＢＣ 　\n\n\t\r"
    "万亿元年月日星期周一二三四五六七八九十百千零〇第章节版责任编辑记者摄报讯电"
)
SAMPLES = ["", " ", "\n", "--}", "……", "“", "”", "（", "1", "%", "第3版", "年", "2月30日", "———", "、、",
           "\ufeff", "\u200b", "a\u00adb", "http://", "<!-- newslint-disable -->", "# 标题\n\n```\n代码", "---\n"]


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = list(SAMPLES)
    for _ in range(n):
        out.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 400))))
    return out


@pytest.mark.parametrize("markup", ["plain", "markdown"])
def test_no_rule_crashes_and_spans_are_valid(linter: Linter, markup: str) -> None:
    for text in _random_texts(150, seed=11 if markup == "plain" else 12):
        doc = Document.from_text(text, "fuzz.md" if markup == "markdown" else "fuzz.txt", markup)  # type: ignore[arg-type]
        for f in linter.lint(doc):
            assert 0 <= f.offset <= f.end_offset <= len(text), (f.rule, text)
            if f.fix:
                for e in f.fix.edits:
                    assert 0 <= e.offset <= e.end_offset <= len(text), (f.rule, text)
        fixed, _, remaining = fix_document(doc, linter.lint, unsafe=True)
        assert all(0 <= f.offset <= f.end_offset <= len(fixed.text) for f in remaining)

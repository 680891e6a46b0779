"""The rule-pack tester (lint/packtest.py): a newsroom's house rules run their own examples."""

from __future__ import annotations

import io
from pathlib import Path

from lint.config import Config, load_config
from lint.engine import Linter
from lint.packtest import run_pack_tests, validate_examples

HEADER = """rules:
  - id: house.taxi
    kind: substitution
    category: term
    level: warning
    fix: safe
    message: "“{match}”应为“{suggestion}”"
    swap:
      的士: 出租车
      打的: 打车
    examples:
"""

PASSING = HEADER + """      bad:
        - {text: 他坐的士回家。, suggestion: 出租车}
        - 下班后他打的去车站。
      good:
        - 他坐出租车回家。
        - 我们的目的地到了。
"""

# line 13: not flagged at all; line 15: flagged, other suggestion; line 17: a good example flagged
FAILING = HEADER + """      bad:
        - 他坐出租车回家。
        - {text: 他坐的士回家。, suggestion: 计程车}
      good:
        - 下班后他打的去车站。
        - 他坐出租车去机场。
"""


def _run(tmp_path: Path, *packs: tuple[str, str], lang: str = "zh") -> tuple[int, str]:
    paths = []
    for name, text in packs:
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    out = io.StringIO()
    code = run_pack_tests(paths, lang=lang, out=out, config=Config(root=tmp_path))
    return code, out.getvalue()


def test_a_pack_whose_examples_pass(tmp_path: Path) -> None:
    code, out = _run(tmp_path, ("house.yaml", PASSING))
    assert code == 0, out
    assert out.splitlines() == ["共 1 条规则、4 个示例：通过 4，未通过 0"]


def test_each_failing_example_is_reported_with_its_line(tmp_path: Path) -> None:
    code, out = _run(tmp_path, ("house.yaml", FAILING))
    assert code == 1
    path = tmp_path / "house.yaml"
    lines = out.splitlines()
    assert lines[0] == f"{path}:13: house.taxi: 错误示例未被发现：他坐出租车回家。"
    assert lines[1].startswith(f"{path}:14: house.taxi: 错误示例已发现，但建议中没有“计程车”（实际：出租车）")
    assert lines[2] == f"{path}:16: house.taxi: 正确示例被误报（“打的”）：下班后他打的去车站。"
    assert lines[3] == "共 1 条规则、4 个示例：通过 1，未通过 3"
    assert len(lines) == 4


def test_english_output(tmp_path: Path) -> None:
    code, out = _run(tmp_path, ("house.yaml", FAILING), lang="en")
    assert code == 1
    assert f"{tmp_path / 'house.yaml'}:13: house.taxi: bad example not flagged: 他坐出租车回家。" in out
    assert out.splitlines()[-1] == "1 rules, 4 examples: 1 passed, 3 failed"


def test_a_pack_that_does_not_load_gives_exit_2_and_the_others_still_run(tmp_path: Path) -> None:
    broken = "rules:\n  - id: house.broken\n    kind: nosuchkind\n    category: term\n    level: warning\n" \
             "    message: x\n"
    code, out = _run(tmp_path, ("broken.yaml", broken), ("house.yaml", FAILING))
    assert code == 2
    first = out.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'broken.yaml'}:3: house.broken: unknown kind 'nosuchkind'")
    assert "未通过 3" in out  # the loadable pack was still tested
    code, out = _run(tmp_path, ("bad.yaml", "rules: [\n"))
    assert code == 2 and out.startswith(f"{tmp_path / 'bad.yaml'}:") and "YAML" in out


def test_check_warns_about_a_user_packs_failing_examples(tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text(FAILING, encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("rules: [house.yaml]\n", encoding="utf-8")
    config = load_config(None, tmp_path)
    linter = Linter.from_config(config)
    warnings = validate_examples(linter.rules, config, known=linter.known)
    assert len(warnings) == 3
    assert warnings[0] == (f"{tmp_path / 'house.yaml'}:13: house.taxi: 错误示例未被发现：他坐出租车回家。"
                           "（可用 newslint test 检查规则包）")
    # built-in packs are not re-run on every check (the test suite runs them)
    assert validate_examples([r for r in linter.rules if r.builtin], config) == []
    (tmp_path / "house.yaml").write_text(PASSING, encoding="utf-8")
    assert validate_examples(Linter.from_config(load_config(None, tmp_path)).rules) == []

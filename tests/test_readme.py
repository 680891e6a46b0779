"""The README's configuration and rule examples work as printed."""

from __future__ import annotations

import re
from pathlib import Path

from lint.config import load_config
from lint.document import Document
from lint.engine import Linter

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", README, re.S)


def test_config_and_rule_examples_load_and_run(tmp_path: Path) -> None:
    config = next(b for b in YAML_BLOCKS if b.startswith("preset:"))
    rule = next(b for b in YAML_BLOCKS if b.startswith("rules:\n  - id: house."))
    (tmp_path / "house-rules.yaml").write_text(rule, encoding="utf-8")
    model = tmp_path / "zh.lm"
    model.write_bytes(b"")  # a model: path must exist (issue 12); this test never loads it
    (tmp_path / ".newslint.yaml").write_text(config.replace("/path/to/zh.lm", str(model)), encoding="utf-8")
    cfg = load_config(None, tmp_path)
    linter = Linter.from_config(cfg)
    house = [r for r in linter.rules if r.id == "house.company-name"]
    doc = Document.from_text("平高集团公司发布年报，截止目前营收增长。", str(tmp_path / "a.txt"))
    found = {doc.text[f.offset:f.end_offset]: f.suggestions[0] for f in linter.lint(doc, house)}
    assert found == {"平高集团公司": "平高集团", "截止": "截至"}
    assert cfg.accept == ["高轶鸣", "遵化店镇"] and cfg.fail_level == "warning"

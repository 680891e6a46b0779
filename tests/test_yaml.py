"""Config files and rule packs validated by shape: `path:line: what is wrong`, never an internal error;
YAML alias bombs, tags outside the core schema and oversized files refused before anything is built."""

from __future__ import annotations

import ast
import threading
from pathlib import Path
from typing import Any

import pytest

from lint import yamlload
from lint.config import SETTINGS, load_config
from lint.rules import RuleError, load_pack
from lint.yamlload import load_yaml, load_yaml_text

from .conftest import ROOT


def _bomb(levels: int = 9) -> str:
    """A flow sequence whose last item expands to 10**levels strings (a "billion laughs")."""
    parts = ["&l0 [x, x, x, x, x, x, x, x, x, x]"]
    parts += [f"&l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + f", *l{levels - 1}]"


def _quick(fn: Any, seconds: float = 30.0) -> Any:
    """Run fn in a thread and fail instead of hanging if it does not return (an expanded bomb would)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["v"] = fn()
        except BaseException as exc:
            box["e"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "did not return"
    if "e" in box:
        raise box["e"]
    return box.get("v")


def _config(tmp_path: Path, text: str) -> Path:
    p = tmp_path / ".newslint.yaml"
    p.write_text(text, encoding="utf-8")
    return p


# ---- the loader ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["preset", "date", "model", "select", "levels"])
def test_alias_bomb_in_config_is_refused_with_its_line(tmp_path: Path, key: str) -> None:
    p = _config(tmp_path, f"lang: zh\n{key}: {_bomb()}\n")
    with pytest.raises(RuleError, match=rf"^{p}:2: aliases here expand to over 10,000 extra values"):
        _quick(lambda: load_config(p))


@pytest.mark.parametrize("key", ["id", "category", "kind"])
def test_alias_bomb_in_a_rule_header_is_refused(tmp_path: Path, key: str) -> None:
    fields = {"id": "house.rule", "kind": "existence", "category": "term"}
    fields[key] = _bomb()
    body = "\n".join(f"    {k}: {v}" for k, v in fields.items())
    p = tmp_path / "pack.yaml"
    p.write_text(f"rules:\n  - level: warning\n    message: m\n    tokens: [坏词]\n{body}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{p}:\d+: aliases here expand"):
        _quick(lambda: load_pack(p))


def test_a_few_aliases_are_fine() -> None:
    data = load_yaml_text("base: &b {to: 出租车}\nswap:\n  的士: *b\n  打的: *b\nmerged:\n  <<: *b\n  x: 1\n")
    assert data["swap"]["打的"] == {"to": "出租车"} and data["merged"] == {"to": "出租车", "x": 1}
    assert data.key_lines == {"base": 1, "swap": 2, "merged": 5}


@pytest.mark.parametrize(("text", "what"), [
    ("a: !!python/object/apply:os.system [echo hi]\n", "tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    ("a: !!binary aGVsbG8=\n", "tag 'tag:yaml.org,2002:binary'"),
    ("a: !!timestamp 2023-01-01\n", "tag 'tag:yaml.org,2002:timestamp'"),
    ("a: !custom x\n", "tag '!custom'"),
    ("a: !!set {x, y}\n", "tag 'tag:yaml.org,2002:set'"),
    ("a: &r [*r]\n", "recursive alias"),
    ("a: " + "[" * 200 + "]" * 200 + "\n", "nested more than 100 levels"),
    ("? [1, 2]\n: x\n", "a mapping key must be a plain value"),
    ("a: 1\na: 2\n", "duplicate key 'a'"),
])
def test_loader_refuses(text: str, what: str) -> None:
    with pytest.raises(RuleError, match=r"^f\.yaml:\d+: ") as exc:
        load_yaml_text(text, "f.yaml")
    assert what in str(exc.value) and "\n" not in str(exc.value)


def test_dates_stay_strings() -> None:
    assert load_yaml_text("date: 2023-01-05\nbad: 2023-13-45\n") == {"date": "2023-01-05", "bad": "2023-13-45"}


def test_size_cap_and_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.yaml"
    p.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    monkeypatch.setattr(yamlload, "MAX_YAML_BYTES", 1000)
    with pytest.raises(RuleError, match="over the 1000 bytes limit"):
        load_yaml(p)
    p.write_bytes("a: 中文\n".encode("gbk"))
    with pytest.raises(RuleError, match="cannot read as UTF-8 YAML"):
        load_yaml(p)
    fifo = tmp_path / "pipe.yaml"
    import os

    os.mkfifo(fifo)
    with pytest.raises(RuleError, match="named pipe"):
        _quick(lambda: load_yaml(fifo))


# ---- config shapes ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "line", "what"), [
    ("levels:\n  typo: [error]\n", 2, "levels: typo: expected error, warning or suggestion, not a list"),
    ("levels:\n  typo: 3\n", 2, "levels: typo: expected error, warning or suggestion, not a number"),
    ("levels: [typo]\n", 1, "levels: expected a mapping"),
    ("lang: zh\nfail-level: [error]\n", 2, "fail-level: expected error, warning or suggestion, not a list"),
    ("fail-level: 2\n", 1, "fail-level: expected error, warning or suggestion, not a number"),
    ("fail-level: fatal\n", 1, "fail-level: expected error, warning or suggestion, not 'fatal'"),
    ("per-file-ignores:\n  '*.md': [1, 2]\n", 2, "per-file-ignores: *.md: expected a list of strings"),
    ("per-file-ignores:\n  '*.md': {a: b}\n", 2, "per-file-ignores: *.md: expected a list of strings, not a mapping"),
    ("per-file-ignores: 5\n", 1, "per-file-ignores: expected a mapping of glob to rule list, not a number"),
    ("\n\ndate: 2023-13-45\n", 3, "date: '2023-13-45' is not a real date YYYY-MM-DD"),
    ("date: 2023-02-30\n", 1, "is not a real date"),
    ("date: [2023]\n", 1, "date: expected a date YYYY-MM-DD, not a list"),
    ("model: missing.bin\n", 1, "missing.bin does not exist"),
    ("model: [x]\n", 1, "model: expected a file path, not a list"),
    ("preset: [newsroom]\n", 1, "preset: expected a preset name"),
    ("preset: 7\n", 1, "preset: expected a preset name"),
    ("lang: fr\n", 1, "lang: expected zh or en"),
    ("options:\n  typo.x: 5\n", 2, "options: typo.x: expected a mapping of options, not a number"),
    ("select: {a: 1}\n", 1, "select: expected a list of strings, not a mapping"),
    ("accept: [张三, 3]\n", 1, "accept: expected a list of strings"),
    ("colour: red\n", 1, "colour: unknown setting"),
])
def test_config_value_of_the_wrong_shape(tmp_path: Path, text: str, line: int, what: str) -> None:
    p = _config(tmp_path, text)
    with pytest.raises(RuleError) as exc:
        load_config(p)
    msg = str(exc.value)
    assert msg.startswith(f"{p}:{line}: ") and what in msg and "\n" not in msg, msg


def test_a_key_with_line_breaks_is_shown_on_one_line(tmp_path: Path) -> None:
    """Found by fuzz/fuzz_config.py: a key folded over lines put a line break into the message."""
    p = _config(tmp_path, "? 0i?( \r\r ?????\r i\n")
    with pytest.raises(RuleError) as exc:
        load_config(p)
    assert "\n" not in str(exc.value) and "\r" not in str(exc.value) and "unknown setting" in str(exc.value)
    p = _config(tmp_path, "levels:\n  ? \"a\\nb\"\n  : [x]\nfail-level: \"x\\ny\"\n")
    with pytest.raises(RuleError) as exc:
        load_config(p)
    assert "\n" not in str(exc.value) and "'a\\nb': expected" in str(exc.value)


def test_good_values_still_load(tmp_path: Path) -> None:
    model = tmp_path / "lm.bin"
    model.write_bytes(b"x")
    p = _config(tmp_path, "levels: {typo: error}\nfail-level: error\ndate: 2023-01-05\nmodel: lm.bin\n"
                          "per-file-ignores: {'*.md': typo, '*.txt': [layout]}\nselect: ALL\n")
    cfg = load_config(p)
    assert cfg.levels["typo"] == "error" and cfg.fail_level == "error" and cfg.date == "2023-01-05"
    assert cfg.model == str(model) and cfg.per_file_ignores == {"*.md": ["typo"], "*.txt": ["layout"]}
    assert cfg.select == ["ALL"]


def test_pyproject_toml_date_and_shapes(tmp_path: Path) -> None:
    p = tmp_path / "pyproject.toml"
    p.write_text("[tool.newslint]\ndate = 2023-01-05\n", encoding="utf-8")
    assert load_config(p).date == "2023-01-05"
    p.write_text("[tool.newslint]\nfail-level = [1]\n", encoding="utf-8")
    with pytest.raises(RuleError, match="fail-level: expected error, warning or suggestion, not a list"):
        load_config(p)


def test_explicit_config_that_is_a_fifo_does_not_block(tmp_path: Path) -> None:
    import os

    for name in ("pyproject.toml", "cfg.yaml"):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        with pytest.raises(RuleError, match="named pipe"):
            _quick(lambda f=fifo: load_config(f))


def test_every_setting_has_help_and_applies_in_a_fixed_order() -> None:
    assert list(SETTINGS)[:3] == ["preset", "select", "extend-select"]
    assert all(s.help for s in SETTINGS.values())


# ---- rule headers -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("field", "value", "what"), [
    ("level", "[error]", "'level' must be a string, not a list"),
    ("level", "2", "'level' must be a string, not a number"),
    ("kind", "{a: b}", "'kind' must be a string, not a mapping"),
    ("category", "[typo]", "'category' must be a string, not a list"),
    ("id", "[a.b]", "'id' must be a string, not a list"),
    ("fix", "[safe]", "'fix' must be a string, not a list"),
    ("message", "3", "'message' must be a string, not a number"),
])
def test_rule_header_of_the_wrong_shape(tmp_path: Path, field: str, value: str, what: str) -> None:
    fields = {"id": "house.rule", "kind": "existence", "category": "term", "level": "warning", "message": "m"}
    fields[field] = value
    body = "\n".join(f"    {k}: {v}" for k, v in fields.items())
    p = tmp_path / "pack.yaml"
    p.write_text(f"rules:\n  - tokens: [坏词]\n{body}\n", encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_pack(p)
    line = 3 + list(fields).index(field)
    assert str(exc.value) == f"{p}:{line}: {what}"


def test_builtin_packs_still_load() -> None:
    from lint.rules import builtin_packs, load_packs

    assert len(load_packs(builtin_packs())) > 50


# ---- import graph ------------------------------------------------------------------------------------------
def _imports(module: str) -> set[str]:
    tree = ast.parse((ROOT / "lint" / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_config_and_the_loader_do_not_import_rules() -> None:
    """config.py <-> rules.py was an import circle (issue 15); the loader now lives in yamlload.py."""
    assert "lint.rules" not in _imports("config")
    assert not {"lint.rules", "lint.config"} & _imports("yamlload")

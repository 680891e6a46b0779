"""Configuration: discovery (.newslint.yaml, pyproject [tool.newslint], --config), presets,
rule selection, level overrides, accept lists, excludes and per-file ignores."""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from lint.finding import LEVELS
from lint.rules import LineDict, RuleError, builtin_rules_dir, load_yaml

CONFIG_NAMES = (".newslint.yaml", ".newslint.yml")
KEYS = {
    "preset": "named preset under rules/presets (newsroom, techdocs)",
    "select": "rule ids, prefixes or categories to enable (default: all)",
    "ignore": "rule ids, prefixes or categories to disable",
    "extend-select": "enable these on top of the preset's selection",
    "levels": "mapping of rule id/prefix/category to error, warning or suggestion",
    "rules": "extra rule pack files (paths relative to the config file)",
    "accept": "names and house terms never flagged",
    "exclude": "glob patterns of files to skip",
    "per-file-ignores": "mapping of glob pattern to rule ids/prefixes ignored in matching files",
    "options": "mapping of rule id to kind options that override the pack (e.g. a model path)",
    "lang": "message language: zh or en",
    "fail-level": "lowest level that fails the run: error, warning or suggestion",
    "date": "publication date (YYYY-MM-DD) for date checks when the text has none",
    "model": "path to a KenLM language model for the statistical typo detector",
    "char_model": "path to a character KenLM model, the typo detector's second scorer (newslint model fetch)",
}


@dataclass
class Config:
    preset: str = "newsroom"
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)
    rule_files: list[Path] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    lang: str = "zh"
    fail_level: str = "warning"
    date: str | None = None
    model: str | None = None
    char_model: str | None = None
    root: Path = field(default_factory=Path.cwd)
    path: Path | None = None

    def rule_options(self, rule_id: str) -> dict[str, Any]:
        return dict(self.options.get(rule_id, {}))

    def is_selected(self, rule: Any) -> bool:
        return any(rule.matches(s) for s in self.select) and not any(rule.matches(s) for s in self.ignore)

    def level_for(self, rule: Any) -> str:
        """The most specific override wins (longest matching selector)."""
        best, level = -1, rule.level
        for sel, lvl in self.levels.items():
            if rule.matches(sel) and len(sel) > best:
                best, level = len(sel), lvl
        return str(level)

    def relpath(self, path: str) -> str:
        try:
            return PurePath(Path(path).resolve().relative_to(self.root.resolve())).as_posix()
        except ValueError:
            return PurePath(path).as_posix()

    def is_excluded(self, path: str) -> bool:
        rel = self.relpath(path)
        return any(_glob(rel, pat) for pat in self.exclude)

    def ignored_for(self, path: str) -> list[str]:
        rel = self.relpath(path)
        return [r for pat, rules in self.per_file_ignores.items() if _glob(rel, pat) for r in rules]


def _glob(rel: str, pattern: str) -> bool:
    return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.rstrip("/") + "/*") or (
        "/" not in pattern and fnmatch.fnmatch(PurePath(rel).name, pattern))


def find_config(start: Path) -> Path | None:
    """The nearest .newslint.yaml, or pyproject.toml with [tool.newslint], from start upward."""
    d = start.resolve()
    if d.is_file():
        d = d.parent
    for cand_dir in (d, *d.parents):
        for name in CONFIG_NAMES:
            if (cand_dir / name).is_file():
                return cand_dir / name
        pp = cand_dir / "pyproject.toml"
        if pp.is_file() and "[tool.newslint" in pp.read_text(encoding="utf-8", errors="replace"):
            return pp
    return None


def _read(path: Path) -> dict[str, Any]:
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("newslint", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RuleError(f"{path}: invalid TOML: {exc}") from None
        return dict(data)
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a config file is a mapping of settings")
    return data


def _line(data: dict[str, Any], key: str) -> int:
    return data.key_lines.get(key, 1) if isinstance(data, LineDict) else 1


def _apply(cfg: Config, data: dict[str, Any], path: Path) -> None:
    base = path.parent

    def bad(key: str, what: str) -> RuleError:
        return RuleError(f"{path}:{_line(data, key)}: {key}: {what}")

    def strlist(key: str) -> list[str]:
        val = data[key]
        if isinstance(val, str):
            val = [val]
        if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
            raise bad(key, "expected a list of strings")
        return list(val)

    for key in data:
        if key == "preset":
            continue
        if key not in KEYS:
            raise bad(key, f"unknown setting (known: {', '.join(sorted(KEYS))})")
    if "select" in data:
        cfg.select = strlist("select")
    if "extend-select" in data:
        cfg.select = [*cfg.select, *strlist("extend-select")]
    if "ignore" in data:
        cfg.ignore = [*cfg.ignore, *strlist("ignore")]
    if "levels" in data:
        if not isinstance(data["levels"], dict) or any(v not in LEVELS for v in data["levels"].values()):
            raise bad("levels", "expected a mapping of rule to error, warning or suggestion")
        cfg.levels.update(data["levels"])
    if "rules" in data:
        cfg.rule_files += [(base / p) for p in strlist("rules")]
    if "accept" in data:
        cfg.accept += strlist("accept")
    if "exclude" in data:
        cfg.exclude += strlist("exclude")
    if "per-file-ignores" in data:
        pfi = data["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise bad("per-file-ignores", "expected a mapping of glob to rule list")
        for pat, rules in pfi.items():
            cfg.per_file_ignores[pat] = [rules] if isinstance(rules, str) else list(rules)
    if "options" in data:
        if not isinstance(data["options"], dict) or not all(isinstance(v, dict) for v in data["options"].values()):
            raise bad("options", "expected a mapping of rule id to a mapping of options")
        for rid, opts in data["options"].items():
            cfg.options.setdefault(rid, {}).update(opts)
    if "lang" in data:
        if data["lang"] not in ("zh", "en"):
            raise bad("lang", "expected zh or en")
        cfg.lang = data["lang"]
    if "fail-level" in data:
        if data["fail-level"] not in LEVELS:
            raise bad("fail-level", "expected error, warning or suggestion")
        cfg.fail_level = data["fail-level"]
    if "date" in data:
        cfg.date = str(data["date"])
    if "model" in data:
        cfg.model = str((base / str(data["model"])).expanduser())
    if "char_model" in data:
        cfg.char_model = str((base / str(data["char_model"])).expanduser())


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """Preset first, then the discovered (or explicit) config file on top."""
    path = explicit if explicit is not None else find_config(start or Path.cwd())
    data = _read(path) if path else {}
    cfg = Config(root=path.parent if path else (start or Path.cwd()).resolve(), path=path)
    preset = data.get("preset", "newsroom") if isinstance(data, dict) else "newsroom"
    preset_path = builtin_rules_dir() / "presets" / f"{preset}.yaml"
    if not preset_path.is_file():
        where = f"{path}:{_line(data, 'preset')}" if path else "preset"
        raise RuleError(f"{where}: unknown preset {preset!r}")
    cfg.preset = preset
    pdata = _read(preset_path)
    _apply(cfg, pdata, preset_path)
    if path:
        _apply(cfg, data, path)
    return cfg

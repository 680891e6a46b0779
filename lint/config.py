"""Configuration: discovery (.newslint.yaml, pyproject [tool.newslint], --config), presets,
rule selection, level overrides, accept lists, excludes and per-file ignores."""

from __future__ import annotations

import datetime
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, TypeVar

from lint.document import InputError
from lint.files import read_bounded
from lint.finding import LEVELS
from lint.yamlload import MAX_YAML_BYTES, LineDict, RuleError, builtin_rules_dir, load_yaml_cached

CONFIG_NAMES = (".newslint.yaml", ".newslint.yml")
T = TypeVar("T")


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
        import tomllib

        try:
            raw = read_bounded(path, MAX_YAML_BYTES).decode("utf-8")
            data = tomllib.loads(raw).get("tool", {}).get("newslint", {})
        except InputError as exc:
            raise RuleError(str(exc)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RuleError(f"{path}: invalid TOML: {exc}") from None
        if not isinstance(data, dict):
            raise RuleError(f"{path}: [tool.newslint] must be a table of settings")
        return dict(data)
    data = load_yaml_cached(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a config file is a mapping of settings")
    return data


def _line(data: dict[str, Any], key: str) -> int:
    return data.key_lines.get(key, 1) if isinstance(data, LineDict) else 1


# ---- settings: each key's shape, checked before use -------------------------------------------------
class _Bad(Exception):
    """A setting's value has the wrong shape; the message says what was expected, ``line`` where
    (a key inside the setting's mapping), if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _key_line(mapping: dict[str, Any], key: str) -> int | None:
    return mapping.key_lines.get(key) if isinstance(mapping, LineDict) else None


def _shape(value: Any) -> str:
    """A value's shape in words (never the value itself: it may be huge)."""
    if isinstance(value, bool):
        return "true/false"
    return {list: "a list", dict: "a mapping", LineDict: "a mapping", int: "a number", float: "a number",
            str: "a string", type(None): "empty"}.get(type(value), type(value).__name__)


def _show(text: str) -> str:
    """A user's key or value in a one-line message: as written if short and printable, else quoted."""
    if text.isprintable() and len(text) <= 60:
        return text
    return repr(text[:60]) + ("…" if len(text) > 60 else "")


def _strs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(f"expected a list of strings, not {_shape(value)}")
    return list(value)


def _level(value: Any) -> str:
    if not isinstance(value, str) or value not in LEVELS:
        raise _Bad(f"expected error, warning or suggestion, not {value[:40]!r}" if isinstance(value, str)
                   else f"expected error, warning or suggestion, not {_shape(value)}")
    return value


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise _Bad(f"expected a mapping of {what}, not {_shape(value)}")
    return value


def _each(value: Any, what: str, shape: Callable[[Any], T]) -> dict[str, T]:
    """A mapping whose every value has ``shape``; a bad value names its own key and line."""
    out = {}
    for k, v in _mapping(value, what).items():
        try:
            out[k] = shape(v)
        except _Bad as exc:
            raise _Bad(f"{_show(k)}: {exc}", _key_line(value, k)) from None
    return out


def _levels(value: Any) -> dict[str, str]:
    return _each(value, "rule to error, warning or suggestion", _level)


def _per_file(value: Any) -> dict[str, list[str]]:
    return _each(value, "glob to rule list", _strs)


def _options(value: Any) -> dict[str, dict[str, Any]]:
    m = _mapping(value, "rule id to a mapping of options")
    for k, v in m.items():
        if not isinstance(v, dict):
            raise _Bad(f"{_show(k)}: expected a mapping of options, not {_shape(v)}", _key_line(m, k))
    return m


def _choice(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise _Bad(f"expected {' or '.join(choices)}")
        return value
    return check


def _date(value: Any) -> str:
    if isinstance(value, datetime.date):  # a TOML date
        return value.isoformat()[:10]
    if not isinstance(value, str):
        raise _Bad(f"expected a date YYYY-MM-DD, not {_shape(value)}")
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise _Bad(f"{value[:40]!r} is not a real date YYYY-MM-DD") from None


def _file(value: Any, base: Path) -> str:
    if not isinstance(value, str) or not value:
        raise _Bad(f"expected a file path, not {_shape(value)}")
    p = Path(value).expanduser()
    p = p if p.is_absolute() else base / p
    if not p.is_file():
        raise _Bad(f"{p} does not exist (or is not a file); fix the path or remove the setting")
    return str(p)


Apply = Callable[["Config", Any, Path], None]


def _set(attr: str, shape: Callable[[Any], Any]) -> Apply:
    return lambda cfg, v, base: setattr(cfg, attr, shape(v))


def _extend(attr: str) -> Apply:
    return lambda cfg, v, base: setattr(cfg, attr, [*getattr(cfg, attr), *_strs(v)])


def _update(attr: str, shape: Callable[[Any], dict[str, Any]]) -> Apply:
    return lambda cfg, v, base: getattr(cfg, attr).update(shape(v))


def _set_file(attr: str) -> Apply:
    return lambda cfg, v, base: setattr(cfg, attr, _file(v, base))


def _add_options(cfg: Config, value: Any, base: Path) -> None:
    for rid, opts in _options(value).items():
        cfg.options.setdefault(rid, {}).update(opts)


def _add_rule_files(cfg: Config, value: Any, base: Path) -> None:
    cfg.rule_files += [base / p for p in _strs(value)]


@dataclass(frozen=True)
class Setting:
    help: str
    apply: Apply  # checks the value's shape (raising _Bad) and stores it in the Config


# Applied in this order (extend-select after select). A new setting is one line here and a Config field.
SETTINGS: dict[str, Setting] = {
    "preset": Setting("named preset under rules/presets (newsroom, techdocs)", lambda cfg, v, base: None),
    "select": Setting("rule ids, prefixes or categories to enable (default: all)", _set("select", _strs)),
    "extend-select": Setting("enable these on top of the preset's selection", _extend("select")),
    "ignore": Setting("rule ids, prefixes or categories to disable", _extend("ignore")),
    "levels": Setting("mapping of rule id/prefix/category to error, warning or suggestion",
                      _update("levels", _levels)),
    "rules": Setting("extra rule pack files (paths relative to the config file)", _add_rule_files),
    "accept": Setting("names and house terms never flagged", _extend("accept")),
    "exclude": Setting("glob patterns of files to skip", _extend("exclude")),
    "per-file-ignores": Setting("mapping of glob pattern to rule ids/prefixes ignored in matching files",
                                _update("per_file_ignores", _per_file)),
    "options": Setting("mapping of rule id to kind options that override the pack (e.g. a model path)",
                       _add_options),
    "lang": Setting("message language: zh or en", _set("lang", _choice("zh", "en"))),
    "fail-level": Setting("lowest level that fails the run: error, warning or suggestion",
                          _set("fail_level", _level)),
    "date": Setting("publication date (YYYY-MM-DD) for date checks when the text has none", _set("date", _date)),
    "model": Setting("path to a KenLM language model for the statistical typo detector", _set_file("model")),
    "char_model": Setting("path to a character KenLM model, the typo detector's second scorer (newslint model fetch)",
                          _set_file("char_model")),
}
KEYS = {k: s.help for k, s in SETTINGS.items()}


def _apply(cfg: Config, data: dict[str, Any], path: Path) -> None:
    for key in data:
        if key not in SETTINGS:
            known = ", ".join(sorted(KEYS))
            raise RuleError(f"{path}:{_line(data, str(key))}: {_show(str(key))}: unknown setting (known: {known})")
    for key, setting in SETTINGS.items():
        if key in data:
            try:
                setting.apply(cfg, data[key], path.parent)
            except _Bad as exc:
                raise RuleError(f"{path}:{exc.line or _line(data, key)}: {key}: {exc}") from None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """Preset first, then the discovered (or explicit) config file on top."""
    path = explicit if explicit is not None else find_config(start or Path.cwd())
    data = _read(path) if path else {}
    cfg = Config(root=path.parent if path else (start or Path.cwd()).resolve(), path=path)
    preset = data.get("preset", "newsroom") if isinstance(data, dict) else "newsroom"
    if not isinstance(preset, str) or not preset.replace("-", "").replace("_", "").isalnum():
        where = f"{path}:{_line(data, 'preset')}" if path else "preset"
        raise RuleError(f"{where}: preset: expected a preset name (newsroom, techdocs), not {_shape(preset)}")
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

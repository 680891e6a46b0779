"""Rule schema, YAML pack loading and validation, and the registry of rule kinds.

A *kind* is Python (one module under ``lint/kinds/`` exposing ``KIND``); a *rule* is YAML
that names a kind and fills in its options. Adding a kind = one module + one name in ``KIND_NAMES``.
"""

from __future__ import annotations

import importlib
import string
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import regex

from lint.finding import LEVELS, Edit, Finding, Fix, Level, Safety
from lint.yamlload import MAX_YAML_BYTES, LineDict, RuleError, builtin_rules_dir, load_yaml  # also imported from here

if TYPE_CHECKING:
    from lint.config import Config
    from lint.document import Document

# Every registered kind; the module lint.kinds.<name> defines KIND, imported only when a rule uses it.
KIND_NAMES = (
    "substitution",
    "existence",
    "pattern",
    "layout",
    "punctuation",
    "script",
    "numbers",
    "typos",
    "repetition",
    "context",
    "directives",
)
CATEGORIES = ("typo", "layout", "number", "tone", "punctuation", "term", "script", "style", "directive")
HEADER_KEYS = {
    "id", "kind", "category", "level", "message", "message_en", "description", "source", "fix",
    "examples", "status", "link",
}


# ---- rules --------------------------------------------------------------------------------------
@dataclass
class Example:
    text: str
    suggestion: str | None = None


@dataclass
class Rule:
    id: str
    kind: str
    category: str
    level: Level
    message: str
    message_en: str
    description: str
    source: str
    fix: Safety | None
    bad: list[Example]
    good: list[Example]
    options: dict[str, Any]
    path: str = ""
    line: int = 0
    status: str = "stable"
    link: str = ""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def builtin(self) -> bool:
        """The rule comes from one of newslint's own packs (rules/), not a user's."""
        return bool(self.path) and Path(self.path).resolve().parent == builtin_rules_dir()

    def matches(self, selector: str) -> bool:
        """A selector is ALL, a rule id, a dotted prefix of one, or a category name."""
        return selector == "ALL" or selector_matches(selector, self.id, self.category)


def selector_matches(selector: str, rule_id: str, category: str) -> bool:
    """A rule id, a dotted prefix of one, or a category name selects the rule (config, CLI and
    suppression comments alike)."""
    return selector in (rule_id, category) or rule_id.startswith(selector + ".")


def get_kind(name: str) -> type[Kind]:
    if name not in KIND_NAMES:
        raise KeyError(name)
    module = importlib.import_module(f"lint.kinds.{name}")
    return module.KIND  # type: ignore[no-any-return]


def _err(path: Path, line: int, what: str) -> RuleError:
    return RuleError(f"{path}:{line}: {what}")


# Bumped when Rule's fields change, so an old pickled pack is never read into a new layout.
PACK_CACHE_VERSION = 1


def load_pack(path: Path) -> list[Rule]:
    """Load and validate one YAML pack (``rules: [...]``) or a single rule mapping. A pack that validated
    before is read from the user cache (pickled, keyed by its bytes and newslint's version: validation
    depends on nothing else, and the rules' ``path`` is set to this file's): parsing and checking the
    built-in packs costs about 0.3 s of every hook run, reading them 3 ms."""
    from lint import __version__, resources

    rules = resources.cached_parse(
        f"pack-{__version__}", path, PACK_CACHE_VERSION, _load_pack,
        lambda data: isinstance(data, list) and all(isinstance(r, Rule) for r in data), MAX_YAML_BYTES)
    for r in rules:  # the same bytes may be a pack at another path
        r.path = str(path)
    return rules


def _load_pack(path: Path) -> list[Rule]:
    data = load_yaml(path)
    if isinstance(data, LineDict) and "rules" in data:
        items = data["rules"]
        if not isinstance(items, list):
            raise _err(path, data.key_lines["rules"], "'rules' must be a list of rule mappings")
    elif isinstance(data, LineDict) and "id" in data:
        items = [data]
    else:
        raise _err(path, 1, "a rule pack is a mapping with a 'rules:' list")
    rules = [_parse_rule(path, item, i) for i, item in enumerate(items)]
    seen: dict[str, int] = {}
    for r in rules:
        if r.id in seen:
            raise _err(path, r.line, f"rule id {r.id!r} already defined on line {seen[r.id]}")
        seen[r.id] = r.line
    return rules


def _parse_rule(path: Path, raw: Any, index: int) -> Rule:
    if not isinstance(raw, LineDict):
        raise _err(path, 1, f"rule #{index + 1} is not a mapping")
    line = raw.line

    def at(key: str) -> int:
        return raw.key_lines.get(key, line)

    for key in ("id", "kind", "category", "level", "message"):
        if key not in raw:
            raise _err(path, line, f"rule is missing '{key}'")
    for key in ("id", "kind", "category", "level", "message", "message_en", "description", "source", "fix",
                "status", "link"):
        if key in raw and not isinstance(raw[key], str) and not (key == "fix" and raw[key] is None):
            raise _err(path, at(key), f"'{key}' must be a string, not {_shape(raw[key])}")
    rid = raw["id"]
    if not isinstance(rid, str) or not all(part and all(c.isalnum() or c == "-" for c in part)
                                           for part in rid.split(".")) or "." not in rid:
        raise _err(path, at("id"), f"rule id {rid!r} must be dotted lower-case words, e.g. typo.known-wrong-form")
    kind = raw["kind"]
    if kind not in KIND_NAMES:
        raise _err(path, at("kind"), f"{rid}: unknown kind {kind!r} (known: {', '.join(KIND_NAMES)})")
    if raw["category"] not in CATEGORIES:
        known = ", ".join(CATEGORIES)
        raise _err(path, at("category"), f"{rid}: unknown category {raw['category']!r} (known: {known})")
    if raw["level"] not in LEVELS:
        raise _err(path, at("level"), f"{rid}: level must be one of error, warning, suggestion")
    fix = raw.get("fix")
    if fix not in (None, "safe", "unsafe"):
        raise _err(path, at("fix"), f"{rid}: fix must be safe, unsafe or absent")
    for key in ("message", "message_en"):
        if key in raw:
            try:
                list(string.Formatter().parse(raw[key]))
            except ValueError as exc:
                raise _err(path, at(key), f"{rid}: bad placeholder in {key}: {exc}") from None
    examples = raw.get("examples", {})
    if not isinstance(examples, dict) or not set(examples) <= {"bad", "good"}:
        raise _err(path, at("examples"), f"{rid}: examples must be a mapping with 'bad' and 'good' lists")
    bad, good = (_examples(path, at("examples"), rid, examples.get(k, [])) for k in ("bad", "good"))
    options = {k: v for k, v in raw.items() if k not in HEADER_KEYS}
    kind_cls = get_kind(kind)
    for bad_key, what in kind_cls.validate(options):
        raise _err(path, raw.key_lines.get(bad_key, line) if bad_key else line, f"{rid}: {what}")
    level: Level = raw["level"]
    return Rule(
        id=rid, kind=kind, category=raw["category"], level=level, message=raw["message"],
        message_en=raw.get("message_en", ""), description=raw.get("description", ""),
        source=raw.get("source", ""), fix=fix, bad=bad, good=good, options=options,
        path=str(path), line=line, status=raw.get("status", "stable"), link=raw.get("link", ""),
    )


def _shape(value: Any) -> str:
    """A value's YAML shape in words, for messages (never the value: it may be huge)."""
    return {list: "a list", dict: "a mapping", LineDict: "a mapping", bool: "true/false", int: "a number",
            float: "a number", type(None): "empty"}.get(type(value), type(value).__name__)


def _examples(path: Path, line: int, rid: str, items: Any) -> list[Example]:
    if not isinstance(items, list):
        raise _err(path, line, f"{rid}: examples.bad/good must be lists")
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            sugg = item.get("suggestion")
            if sugg is not None and not isinstance(sugg, str):
                raise _err(path, line, f"{rid}: an example's suggestion must be a string")
            out.append(Example(item["text"], sugg))
        else:
            raise _err(path, line, f"{rid}: an example is a string or {{text, suggestion}}")
    return out


# ---- kinds --------------------------------------------------------------------------------------
T = TypeVar("T")


def memo(doc: Document, key: str, build: Callable[[], T]) -> T:
    """A per-document result shared by the rules that need it (paired marks, quantities, name spans),
    built on first use and kept in doc.cache. Key: "<module>.<what>"."""
    try:
        return doc.cache[key]  # type: ignore[no-any-return]
    except KeyError:
        return doc.cache.setdefault(key, build())  # type: ignore[no-any-return]


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Opt:
    """A kind option: its help text and the shape of its value, checked when a pack loads.

    type: "any", "str", "bool", "int", "number", "strlist" (non-empty strings), "regex" or
    "regexlist" (compiled to check them; a pattern matching the empty string is refused)."""

    help: str
    type: str = "any"
    choices: tuple[str, ...] = ()
    minimum: float | None = None

    def problems(self, key: str, value: Any) -> Iterator[str]:
        t = self.type
        if self.choices and value not in self.choices:
            yield f"'{key}' must be one of {', '.join(self.choices)}"
            return
        if t == "str" and not isinstance(value, str):
            yield f"'{key}' must be a string"
        elif t == "bool" and not isinstance(value, bool):
            yield f"'{key}' must be true or false"
        elif t in ("int", "number"):
            ok_types = (int,) if t == "int" else (int, float)
            if not isinstance(value, ok_types) or isinstance(value, bool):
                yield f"'{key}' must be {'an integer' if t == 'int' else 'a number'}"
            elif self.minimum is not None and value < self.minimum:
                yield f"'{key}' must be at least {self.minimum:g}"
        elif t in ("strlist", "regexlist") and not (
                isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
            yield f"'{key}' must be a list of non-empty strings"
        elif t in ("regex", "regexlist"):
            for pat in [value] if t == "regex" else value:
                if not isinstance(pat, str):
                    yield f"'{key}' must be a string"
                    continue
                try:
                    rx = regex.compile(pat)
                except regex.error as exc:
                    yield f"bad regex in '{key}': {exc}"
                    continue
                if rx.search("", timeout=1.0) is not None:
                    yield f"the pattern {pat!r} in '{key}' matches the empty string"


class Kind:
    """Base of every rule kind: takes a Document, yields Findings; never reads files or prints."""

    name: ClassVar[str] = ""
    # Option keys this kind accepts in YAML (besides the shared header): a one-line description, or an
    # Opt that also declares the value's shape (the base class checks it).
    OPTIONS: ClassVar[dict[str, str | Opt]] = {}
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    # Detectors a kind offers, chosen per rule by its `check:` option (empty: the kind has one).
    CHECKS: ClassVar[Collection[str]] = ()
    # Per-document state this kind's rules build and read: rules.memo key prefixes ("numbers.") and
    # Document attributes built on first use ("sentences", Document.RELEASABLE). After the last rule of a
    # run whose kind names one, the engine drops it (Document.release): a long file does not hold it
    # through the rules that come after. A reader this list leaves out still works: it builds it again.
    RELEASES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, rule: Rule, config: Config) -> None:
        self.rule = rule
        self.config = config
        self.options = {**rule.options, **config.rule_options(rule.id)}

    @classmethod
    def validate(cls, options: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
        """Yield (key, problem) for options this kind cannot use."""
        for key, value in options.items():
            spec = cls.OPTIONS.get(key)
            if spec is None:
                known = ", ".join(sorted(cls.OPTIONS)) or "none"
                yield key, f"unknown key {key!r} for kind {cls.name} (kind options: {known})"
            elif isinstance(spec, Opt):
                for problem in spec.problems(key, value):
                    yield key, problem
        for key in cls.REQUIRED:
            if key not in options:
                yield None, f"kind {cls.name} needs '{key}'"
        if cls.CHECKS and "check" in options and options["check"] not in list(cls.CHECKS):  # may be unhashable
            yield "check", f"unknown check {options['check']!r} (known: {', '.join(cls.CHECKS)})"

    def check(self, doc: Document) -> Iterable[Finding]:
        raise NotImplementedError

    def preload(self) -> None:
        """Load now what this kind would load only further into a long run (tables it reads from a file
        until enough lookups pay for them). Called before worker processes fork (lint/parallel.py), so
        that they share one copy; a kind with nothing of the sort does nothing."""

    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        suggestions: Iterable[str] = (),
        edits: Iterable[Edit] | None = None,
        confidence: float | None = None,
        level: Level | None = None,
        **args: Any,
    ) -> Finding:
        """Build a Finding for text[start:end]; message placeholders: {match}, {suggestion} and **args.
        ``level`` may lower the rule's level for this finding (weaker evidence), never raise it."""
        sugg = list(suggestions)
        values = _SafeDict(match=doc.text[start:end], suggestion=sugg[0] if sugg else "", **args)
        fix = None
        if self.rule.fix:
            if edits is None and sugg:
                edits = [Edit(start, end, sugg[0])]
            if edits:
                fix = Fix(self.rule.fix, tuple(edits))
        return Finding(
            rule=self.rule.id,
            category=self.rule.category,
            level=min(self.rule.level, level or self.rule.level, key=LEVELS.__getitem__),
            offset=start,
            end_offset=end,
            message=self.rule.message.format_map(values),
            message_en=self.rule.message_en.format_map(values) if self.rule.message_en else "",
            suggestions=sugg,
            fix=fix,
            source=self.rule.source,
            confidence=confidence,
        )


def builtin_packs() -> list[Path]:
    return sorted(builtin_rules_dir().glob("*.yaml"))


def load_packs(paths: Iterable[Path]) -> list[Rule]:
    rules: list[Rule] = []
    where: dict[str, str] = {}
    for p in paths:
        for r in load_pack(p):
            if r.id in where:
                raise _err(p, r.line, f"rule id {r.id!r} already defined at {where[r.id]}")
            where[r.id] = r.where
            rules.append(r)
    return rules

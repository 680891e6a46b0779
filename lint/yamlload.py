"""Loading newslint's YAML (rule packs, presets, config files) safely and with line numbers.

Safe in three ways on hostile input: the file is read only up to MAX_YAML_BYTES; aliases may add at
most ALIAS_BUDGET nodes in all (a "billion laughs" file is refused before any value is built); only the
core schema's tags are accepted (str, int, float, bool, null, seq, map and the merge key), so a date
stays the string it was written as and is checked by whoever reads it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lint.document import InputError
from lint.files import read_bounded

MAX_YAML_BYTES = 10 * 1024 * 1024
ALIAS_BUDGET = 10_000  # nodes that aliases may add beyond the document's own
MAX_DEPTH = 100

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "merge"))


class RuleError(Exception):
    """A rule pack or config file that cannot be used; the message is ``path:line: what``."""


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


if TYPE_CHECKING:
    import yaml


@cache
def _loader() -> Any:
    """The loader class, made on first use: PyYAML is imported only when a file is parsed (a hook run reads
    the preset and the packs from the cache: lint.resources.cached_parse)."""
    import yaml

    # libyaml's C parser when present (several times faster on the big packs); it keeps line marks too.
    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        # The implicit resolvers without timestamps: `date: 2023-13-45` is a string the config checks.
        yaml_implicit_resolvers = {
            ch: [(tag, rx) for tag, rx in resolvers if tag != _CORE + "timestamp"]
            for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return _Loader


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    d = LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for knode, vnode in node.value:
        key = loader.construct_object(knode, deep=True)
        if isinstance(key, (list, dict)):
            raise RuleError(f"{loader.name}:{knode.start_mark.line + 1}: a mapping key must be a plain value")
        if key in d:
            raise RuleError(f"{loader.name}:{knode.start_mark.line + 1}: duplicate key {key!r}")
        d[key] = loader.construct_object(vnode, deep=True)
        d.key_lines[str(key)] = knode.start_mark.line + 1
    return d


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def check_nodes(root: yaml.Node, name: str) -> None:
    """Refuse tags outside the core schema, recursive aliases, nesting past MAX_DEPTH and aliases that
    would expand the document by more than ALIAS_BUDGET nodes. Linear in the distinct nodes."""
    sizes: dict[int, int] = {}  # id(node) -> nodes once every alias in it is expanded
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    depth = 0
    while stack:
        node, done = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1
        if done:
            on_path.discard(key)
            depth -= 1
            size = 1 + sum(sizes[id(c)] for c in _children(node))
            sizes[key] = size
            if size > len(sizes) + ALIAS_BUDGET:
                raise RuleError(f"{name}:{line}: aliases here expand to over {ALIAS_BUDGET:,} extra values;"
                                " write the values out instead")
            continue
        if key in sizes:
            continue  # an alias to a node already measured
        if key in on_path:
            raise RuleError(f"{name}:{line}: a recursive alias (a value that contains itself)")
        if node.tag not in ALLOWED_TAGS:
            raise RuleError(f"{name}:{line}: tag {node.tag!r} is not allowed here (plain YAML values only)")
        depth += 1
        if depth > MAX_DEPTH:
            raise RuleError(f"{name}:{line}: nested more than {MAX_DEPTH} levels deep")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in reversed(_children(node)))


def load_yaml_text(text: str, name: str = "<yaml>") -> Any:
    """Parse one YAML document (mappings as LineDict); RuleError ``name:line: what`` on any problem."""
    import yaml

    loader = _loader()(text)
    loader.name = name
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_nodes(node, name)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise RuleError(f"{name}{line}: YAML syntax error: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"{name}: YAML error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    except (RecursionError, MemoryError):
        raise RuleError(f"{name}: YAML too deeply nested or too large to load") from None
    except ValueError as exc:  # a value a constructor refused
        raise RuleError(f"{name}: YAML value error: {exc}") from None
    finally:
        loader.dispose()


def load_yaml(path: Path) -> Any:
    """Read (at most MAX_YAML_BYTES) and parse a YAML file; RuleError on any problem."""
    try:
        data = read_bounded(path, MAX_YAML_BYTES)
    except InputError as exc:
        raise RuleError(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: cannot read as UTF-8 YAML (bad byte at {exc.start}); save it as UTF-8") from None
    return load_yaml_text(text, str(path))


YAML_CACHE_VERSION = 1  # bumped when LineDict's layout changes


def load_yaml_cached(path: Path) -> Any:
    """load_yaml, read back from the user cache when the same bytes were parsed before (presets, config
    files: a hook run then imports no YAML parser)."""
    from lint import __version__, resources

    return resources.cached_parse(f"yaml-{__version__}", path, YAML_CACHE_VERSION, load_yaml,
                                  lambda data: True, MAX_YAML_BYTES)


def builtin_rules_dir() -> Path:
    """rules/ ships inside the wheel as lint/rules; in a source checkout it sits beside lint/."""
    here = Path(__file__).resolve().parent
    for cand in (here / "rules", here.parent / "rules"):
        if cand.is_dir():
            return cand
    raise RuleError(f"{here}: built-in rules/ directory not found; reinstall newslint")

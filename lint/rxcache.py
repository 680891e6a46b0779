"""Compiled patterns kept between command-line processes: a hook run compiles about a hundred `regex`
patterns (module constants, the packs' context conditions and patterns) and as many `re` ones, 40–60 ms of
CPU each, where rebuilding one from its compiled code costs microseconds (regex pickles a pattern as its
code, not its source; on CPython 3.11, `_sre.compile` takes the code re's compiler made). Imported first by
lint/cli.py, this module seeds regex's and re's own compile caches from a file in the user cache (keyed by
regex's and Python's versions); a command-line run that compiled patterns the file lacks writes it at exit.
A pattern from the cache is the object regex.compile or re.compile would have built: the same code, flags
and groups (an re entry is stored only when rebuilding it gives a pattern equal to re's, code included)."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import regex
from regex import _main

from lint import resources

FORMAT = 2  # bump when the stored entries change
CAP = 1_000  # patterns (regex's and re's) up to which every new one is stored (_save)
NAME = "regex"
_seeded: set[Any] = set()
_registered: list[bool] = []
_re_args: dict[tuple[type, str, int], tuple[Any, ...]] = {}  # re's cache key -> _sre.compile's arguments
_RE_OK = sys.version_info[:2] == (3, 11)  # re's internals as this module reads them


def _file() -> Path:
    key = f"v{FORMAT}:{regex.__version__}:{sys.version}"
    return resources.cache_dir() / f"{NAME}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"


def seed() -> None:
    """Put the stored patterns into regex's and re's caches (once per process). Never fails: the caches are
    private tables of regex and re, so anything unexpected there (another version's layout) only means every
    pattern is compiled as usual."""
    if _seeded:
        return
    try:
        _seed()
    except Exception:
        _seeded.add(None)


def _seed() -> None:
    try:
        f = _file()
        entries, re_entries = pickle.loads(f.read_bytes())  # the user's own cache directory, written below
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError,
            IndexError, regex.error):
        entries, re_entries = [], []
    else:
        resources.touch_cache(f)
    _seed_re(re_entries if isinstance(re_entries, list) else [])
    with _main._cache_lock:
        for entry in entries if isinstance(entries, list) else []:
            if not (isinstance(entry, tuple) and len(entry) == 4 and isinstance(entry[0], tuple)
                    and len(entry[0]) == 6 and isinstance(entry[3], regex.Pattern)):
                continue
            key, needed, sensitive, compiled = entry
            pattern, kind, flags, _args, version, _locale = key
            if version != regex.DEFAULT_VERSION:
                continue
            # the three tables regex.compile consults before compiling (regex/_main.py, _compile)
            _main._cache.setdefault(key, compiled)
            _main._named_args.setdefault((pattern, kind, flags), needed)
            _main._locale_sensitive.setdefault((kind, pattern), sensitive)
            _seeded.add(key)
    _seeded.add(None)  # seeded, even from nothing


def save_at_exit() -> None:
    """Write the file when this process ends, if it compiled patterns the file lacks: called by a
    command-line run (not by a program that merely imports lint.cli, whose patterns are its own)."""
    if not _registered:
        _registered.append(True)
        atexit.register(_save_quietly)


def _save_quietly() -> None:
    """_save, at exit: a failure (an unwritable cache, another regex or re layout) only means no file."""
    with contextlib.suppress(Exception):
        _save()


def _seed_re(entries: list[Any]) -> None:
    if not _RE_OK:
        return
    import _sre
    import re

    for entry in entries:
        try:
            key, args = entry
            if key not in re._cache:  # type: ignore[attr-defined]
                re._cache[key] = _sre.compile(*args)  # type: ignore[attr-defined]
            _re_args[key] = args
        except (TypeError, ValueError, RuntimeError):
            continue


def _re_compiled_args(pattern: str, flags: int) -> tuple[Any, ...]:
    """What re._compiler.compile (CPython 3.11) passes _sre.compile for pattern and flags."""
    import re

    p = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    code = [int(op) for op in re._compiler._code(p, flags)]  # type: ignore[attr-defined]  # opcodes are int subclasses
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return pattern, flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup)


def _re_entries() -> list[Any]:
    """re's cached str patterns with their _sre.compile arguments (those that rebuild re's pattern)."""
    if not _RE_OK:
        return []
    import _sre
    import re

    out = []
    for key, compiled in list(re._cache.items()):  # type: ignore[attr-defined]
        kind, pattern, flags = key
        if kind is not str or not isinstance(flags, int):
            continue
        args = _re_args.get(key)
        if args is None:
            try:
                args = _re_compiled_args(pattern, flags)
                if _sre.compile(*args) != compiled:  # equal patterns have the same code and flags
                    continue
            except Exception:  # re's internals differ: this pattern is compiled each time
                continue
        out.append((key, args))
    return out


def _save() -> None:
    with _main._cache_lock:
        items = list(_main._cache.items())
        named, sensitive = dict(_main._named_args), dict(_main._locale_sensitive)
    entries = []
    for key, compiled in items:
        needed, locale = named.get(key[:3]), sensitive.get((key[1], key[0]))
        if needed is not None and locale is not None:
            entries.append((key, needed, locale, compiled))
    re_entries = _re_entries()
    # new: patterns the file can hold and lacks (a bytes pattern, which it cannot, is not counted every run). Any
    # new one is stored: those some runs only meet, as the name patterns of a draft with a typo candidate, would
    # else never be (at a first run's 470 patterns, 47 had to be new at once). Past CAP patterns a write needs a
    # tenth of them new: a pattern built from a set's order, whose text changes from process to process, would
    # else make every run write, and the file fill with stale variants.
    new = sum(e[0] not in _seeded for e in entries) + sum(k not in _re_args for k, _ in re_entries)
    total = len(entries) + len(re_entries)
    if not new or (new * 10 < total and total >= CAP):
        return
    with contextlib.suppress(OSError, pickle.PickleError, TypeError, AttributeError):
        f = _file()
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_name(f".{f.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(pickle.dumps((entries, re_entries), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, f)
        finally:
            tmp.unlink(missing_ok=True)
        resources.prune_cache(NAME, f)


seed()

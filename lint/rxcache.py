"""The `regex` module's compiled patterns, kept between command-line processes: a hook run compiles about a
hundred (module constants, the packs' context conditions and patterns), 40–60 ms of its CPU, where
unpickling one costs about 25 µs (regex pickles a pattern as its compiled code, not its source). Imported
first by lint/cli.py, this module seeds regex's own compile cache from a file in the user cache (keyed by
regex's and Python's versions); a process that compiled patterns the file lacks writes it again at exit.
A pattern from the cache is the object regex.compile would have built: same code, flags and groups."""

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

FORMAT = 1  # bump when the stored entries change
NAME = "regex"
_seeded: set[Any] = set()


def _file() -> Path:
    key = f"v{FORMAT}:{regex.__version__}:{sys.version}"
    return resources.cache_dir() / f"{NAME}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"


def seed() -> None:
    """Put the stored patterns into regex's cache (once per process) and write the file at exit if the
    process compiled others."""
    if _seeded:
        return
    try:
        f = _file()
        entries = pickle.loads(f.read_bytes())  # the user's own cache directory, written below
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError,
            IndexError, regex.error):
        entries = []
    else:
        resources.touch_cache(f)
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
    atexit.register(_save)


def _save() -> None:
    with _main._cache_lock:
        items = list(_main._cache.items())
        named, sensitive = dict(_main._named_args), dict(_main._locale_sensitive)
    if all(k in _seeded for k, _ in items):
        return
    entries = []
    for key, compiled in items:
        needed, locale = named.get(key[:3]), sensitive.get((key[1], key[0]))
        if needed is not None and locale is not None:
            entries.append((key, needed, locale, compiled))
    with contextlib.suppress(OSError, pickle.PickleError, TypeError, AttributeError):
        f = _file()
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_name(f".{f.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, f)
        resources.prune_cache(NAME, f)


seed()

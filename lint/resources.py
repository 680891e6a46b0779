"""Heavy resources, loaded on first use and cached for the process: word lists, jieba, opencc,
pypinyin, the KenLM model. A run that enables no rule needing one never pays for it."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sqlite3
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from lint.readonlydb import ReadOnlyDB

V = TypeVar("V")

# Where Debian's libime-data-language-model puts fcitx5's Chinese word trigram model (KenLM binary).
DEBIAN_LM_PATHS = (
    "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm",
    "/usr/lib/aarch64-linux-gnu/libime/zh_CN.lm",
    "/usr/lib/libime/zh_CN.lm",
    "/usr/share/libime/zh_CN.lm",
)


@cache
def jieba_dict_path() -> Path:
    """Located without importing jieba (its import pulls pkg_resources: about 0.2 s)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed; pip install jieba")
    return Path(spec.origin).with_name("dict.txt")


def cache_dir() -> Path:
    base = os.environ.get("NEWSLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newslint")
    return Path(base)


_TABLE_FORMAT = 3  # bump when the cache table layout changes

# Sources at least this large are hashed once per (path, size, mtime) and the digest remembered in
# STAMPS_FILE; smaller ones (rule packs) are hashed on every use, which costs less than a lookup would.
_STAMP_MIN_BYTES = 1 << 20
STAMPS_FILE = "stamps.json"


def _sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def content_digest(source: str | Path) -> str:
    """The sha256 of a file's bytes. A large file's digest is remembered by real path, size and mtime in the
    cache directory, so a hook run stats it instead of reading it again, and a new environment (a new path
    to the same jieba dictionary) hashes it once and finds the tables the others built. Raises OSError when
    source cannot be read."""
    import json

    st = os.stat(source)
    if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
        raise OSError(f"{source}: not a regular file")
    if st.st_size < _STAMP_MIN_BYTES:
        return _sha256_file(source)
    real = os.path.realpath(source)
    stamp = f"{st.st_size}:{st.st_mtime_ns}"
    stamps_path = cache_dir() / STAMPS_FILE
    stamps: dict[str, list[str]] = {}
    with contextlib.suppress(OSError, ValueError):
        loaded = json.loads(stamps_path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            stamps = loaded
    known = stamps.get(real)
    if isinstance(known, list) and len(known) == 2 and known[0] == stamp:
        return str(known[1])
    digest = _sha256_file(source)
    # Keep only the stamps of files that are still there, unchanged: the file stays a few lines long.
    kept = {k: v for k, v in stamps.items() if isinstance(v, list) and len(v) == 2 and _stamp_of(k) == v[0]}
    kept[real] = [stamp, digest]
    with contextlib.suppress(OSError):
        stamps_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=stamps_path.parent, prefix=".stamps.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(kept, fh, ensure_ascii=False)
        os.replace(tmp, stamps_path)  # a lost race only means hashing again next time
    return digest


def _stamp_of(path: str) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def cache_file(name: str, source: str | Path, version: int, suffix: str) -> Path:
    """Where a file derived from source is cached: keyed by source's content (not its path, so every
    environment holding the same dictionary or model shares one file) and by the derived layout's version,
    so a changed source or layout means a new file. Raises OSError when source cannot be read."""
    key = f"v{version}:{content_digest(source)}"
    return cache_dir() / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}{suffix}"


def cached_parse(name: str, source: Path, version: int, parse: Callable[[Path], V],
                 valid: Callable[[Any], bool], max_bytes: int) -> V:
    """parse(source), read back from a pickle in the user cache when these bytes were parsed before (by
    ``name`` and ``version``, the layout of the result). Only a successful parse is stored; a file over
    max_bytes, not a regular file, or a cache that cannot be read or written means parsing (which then says
    what is wrong with the file)."""
    import pickle

    cached: Path | None = None
    try:
        st = os.stat(source)
        if stat.S_ISREG(st.st_mode) and st.st_size <= max_bytes:
            cached = cache_file(name, source, version, ".pickle")
            with open(cached, "rb") as fh:
                data = pickle.load(fh)  # the user's own cache directory, written below
            if valid(data):
                touch_cache(cached)
                return data  # type: ignore[no-any-return]
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    data = parse(source)
    if cached is not None:
        with contextlib.suppress(OSError, pickle.PickleError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(data))
            os.replace(tmp, cached)
            prune_cache(name.split("-")[0], cached)
    return data


CACHE_MAX_IDLE_DAYS = 30
# At most this many files of one kind are kept (the most recently used): a new version of jieba or of
# newslint makes new ones, and tests or user packs in temporary directories would otherwise pile up.
CACHE_MAX_FILES = {"pack": 100, "yaml": 100}
CACHE_MAX_FILES_DEFAULT = 3
_TMP_MAX_AGE = 86400  # a temporary file of a build that died


def touch_cache(path: Path) -> None:
    """Mark a cache file as used (its mtime), so that prune_cache keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune_cache(prefix: str, keep: Path) -> None:
    """Called after building a cache file: delete files of this kind (``prefix-*``) unused for
    CACHE_MAX_IDLE_DAYS and all but the most recently used CACHE_MAX_FILES of them, and temporary files
    of builds that died. A file another process still has open stays readable to it (POSIX)."""
    import time

    now = time.time()
    limit = now - CACHE_MAX_IDLE_DAYS * 86400
    cap = CACHE_MAX_FILES.get(prefix, CACHE_MAX_FILES_DEFAULT)
    try:
        found = []
        for f in keep.parent.glob(f"{prefix}-*"):
            with contextlib.suppress(OSError):
                found.append((f.stat().st_mtime, f))
        found.sort(reverse=True)
        rest = [(m, f) for m, f in found if f != keep]
        for i, (mtime, f) in enumerate(rest):
            if mtime < limit or i >= cap - 1:
                with contextlib.suppress(OSError):
                    f.unlink()
        for f in keep.parent.glob(f".{prefix}*"):
            with contextlib.suppress(OSError):
                if f.stat().st_mtime < now - _TMP_MAX_AGE:
                    f.unlink()
    except OSError:
        pass


class WordTable(Mapping[str, V]):
    """A read-only word → value (frequency, POS tag) mapping kept in an SQLite file in the user's cache directory:
    opening it costs milliseconds, where parsing jieba's 349k-line dictionary costs about half a
    second on every pre-commit run. Built once from the source file (keyed by its content, so every
    environment with the same dictionary shares it); derived locally, never shipped. Falls back to an
    in-memory dict if the cache cannot be written."""

    _BATCH = 256  # words a prefetch query asks at most
    _IN_SQL = {n: f"SELECT word, value FROM w WHERE word IN ({','.join('?' * n)})" for n in (8, 16, 32, 64, 128, 256)}

    def __init__(self, name: str, source: Path, parse: Callable[[Path], Iterator[tuple[str, V]]]) -> None:
        self._source, self._parse = source, parse
        path = cache_file(name, source, _TABLE_FORMAT, ".sqlite")
        self._mem: dict[str, V] | None = None
        self._db: ReadOnlyDB | None = None
        self._cache: dict[str, V | None] = {}
        self._total: int | None = None
        try:
            if not path.is_file():
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".sqlite")
                os.close(fd)
                db = sqlite3.connect(tmp)
                db.execute("CREATE TABLE w (word TEXT PRIMARY KEY, value) WITHOUT ROWID")
                db.executemany("INSERT OR REPLACE INTO w VALUES (?, ?)", parse(source))
                # The sum of numeric values, kept so a run does not add up 349k rows (about 0.1 s) each time.
                db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)")
                db.execute("INSERT INTO meta SELECT 'total', TOTAL(CASE WHEN typeof(value) IN ('integer', 'real') "
                           "THEN value END) FROM w")
                db.commit()
                db.close()
                os.replace(tmp, path)
                prune_cache(name, path)
            else:
                touch_cache(path)
            self._db = ReadOnlyDB(path)
        except (OSError, sqlite3.Error):
            self._mem = dict(parse(source))

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        if self._mem is not None:
            return self._mem.get(word, default)
        if word in self._cache:
            hit = self._cache[word]
        else:
            assert self._db is not None
            try:
                row = self._db.execute("SELECT value FROM w WHERE word = ?", (word,)).fetchone()
            except sqlite3.Error:  # a damaged cache file: read the source instead
                self._mem = dict(self._parse(self._source))
                return self._mem.get(word, default)
            hit = self._cache[word] = row[0] if row else None
        return default if hit is None else hit

    def get_many(self, words: list[str]) -> list[V | None]:
        """get(w) of each word, those not yet asked in a few queries (an IN list of up to 256 words each, about 8
        times cheaper a word than a query each), with the same answers and the same memo as get()."""
        cache = self._cache
        if self._mem is None:
            todo = [w for w in dict.fromkeys(words) if w not in cache]
            assert self._db is not None
            for i in range(0, len(todo), self._BATCH):
                chunk = todo[i:i + self._BATCH]
                n = 8
                while n < len(chunk):
                    n *= 2  # a few statement shapes, each prepared once (the rest of the list repeats a word)
                try:
                    rows = self._db.execute(self._IN_SQL[n], chunk + chunk[:1] * (n - len(chunk))).fetchall()
                except sqlite3.Error:  # a damaged cache file: read the source instead
                    self._mem = dict(self._parse(self._source))
                    break
                found = dict(rows)
                for w in chunk:
                    cache[w] = found.get(w)
        if self._mem is not None:
            return [self._mem.get(w) for w in words]
        return list(map(cache.__getitem__, words))

    def __getitem__(self, word: str) -> V:
        val = self.get(word)
        if val is None:
            raise KeyError(word)
        return val  # type: ignore[no-any-return]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def pairs(self) -> list[tuple[str, V]]:
        """Every (word, value) pair, in one query (Mapping's default asks once per word)."""
        if self._mem is not None:
            return list(self._mem.items())
        assert self._db is not None
        return self._db.execute("SELECT word, value FROM w").fetchall()

    def total(self) -> int:
        """The sum of the values (jieba's total frequency, for its word probabilities), stored when the table
        was built."""
        if self._total is None:
            if self._mem is not None:
                self._total = sum(self._mem.values())  # type: ignore[arg-type]
            else:
                assert self._db is not None
                try:
                    row = self._db.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()
                except sqlite3.Error:
                    row = None
                if row is None:
                    row = self._db.execute("SELECT SUM(value) FROM w").fetchone()
                self._total = int(row[0] or 0)
        return self._total

    def __iter__(self) -> Iterator[str]:
        if self._mem is not None:
            return iter(self._mem)
        assert self._db is not None
        return (w for (w,) in self._db.execute("SELECT word FROM w"))

    def __len__(self) -> int:
        if self._mem is not None:
            return len(self._mem)
        assert self._db is not None
        return int(self._db.execute("SELECT COUNT(*) FROM w").fetchone()[0])


def _parse_jieba_dict(path: Path) -> Iterator[tuple[str, int]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                yield parts[0], int(parts[1])


def _parse_jieba_tags(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                yield parts[0], parts[2]


@cache
def word_freq() -> WordTable[int]:
    """jieba's dictionary: about 349k words with corpus frequencies. Note it also lists some
    misspellings at low frequency, so membership alone does not prove a word is right."""
    return WordTable("jieba-words", jieba_dict_path(), _parse_jieba_dict)


IDIOM_MIN_FREQ = 20  # jieba also lists misspelt idioms, at low counts


def _parse_jieba_idioms(path: Path) -> Iterator[tuple[str, int]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "i" and len(parts[0]) == 4 and int(parts[1]) >= IDIOM_MIN_FREQ:
                yield parts[0], int(parts[1])


@cache
def idioms() -> WordTable[int]:
    """jieba's four-character idioms (tag i) counted at least IDIOM_MIN_FREQ times, with their counts."""
    return WordTable(f"jieba-idioms{IDIOM_MIN_FREQ}", jieba_dict_path(), _parse_jieba_idioms)


@cache
def pinyin_phrases() -> Mapping[str, Any]:
    """pypinyin's phrase list (about 47k words and idioms, variants included: 苦尽甜来, 归根结蒂), as a cached
    table of its phrases_dict.json (importing pypinyin parses that file and trains a segmenter: about 0.35 s)."""
    import importlib.util

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pypinyin is not installed; pip install pypinyin")
    return WordTable("pypinyin-phrases", Path(spec.origin).with_name("phrases_dict.json"), _parse_phrases)


def _parse_phrases(path: Path) -> Iterator[tuple[str, int]]:
    import json

    for word in json.loads(path.read_text(encoding="utf-8")):
        yield word, 1


@cache
def word_tags() -> WordTable[str]:
    """jieba's dictionary: each word's part-of-speech tag (its third column: n, v, nr, ns, p, u …)."""
    return WordTable("jieba-tags", jieba_dict_path(), _parse_jieba_tags)


def import_jieba() -> Any:
    """jieba, imported without pkg_resources (its _compat module imports it, about 0.2 s, only to open its own
    data files, which it opens directly when pkg_resources is absent). Other modules still get pkg_resources."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    built = _jieba_tables("jieba.finalseg")
    try:
        import jieba
    finally:
        if hidden and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    _save_jieba_tables(built)
    return jieba


# jieba's HMM tables are modules of dict literals: importing them costs about 0.1 s of a hook run that tags
# words, reading the same dicts back with marshal (from the user cache, keyed by the module's bytes) a tenth.
_JIEBA_TABLES = {"jieba.finalseg.prob_emit": "jieba-finalseg-emit", "jieba.posseg.prob_emit": "jieba-posseg-emit",
                 "jieba.posseg.char_state_tab": "jieba-posseg-states", "jieba.posseg.prob_trans": "jieba-posseg-trans"}
_JIEBA_TABLES_FORMAT = 1


def _jieba_tables(package: str) -> list[tuple[str, Path]]:
    """Put package's (jieba.finalseg, jieba.posseg) HMM table modules into sys.modules, their ``P`` read from
    the cache; the (module, cache file) pairs with no cache file yet, written by _save_jieba_tables once jieba
    imported them itself."""
    import importlib.util
    import marshal
    import types

    todo = [m for m in _JIEBA_TABLES if m.startswith(package + ".") and m not in sys.modules]
    spec = importlib.util.find_spec("jieba") if todo else None
    if spec is None or spec.origin is None:
        return []
    root = Path(spec.origin).parent
    missing = []
    for mod in todo:
        src = root.joinpath(*mod.split(".")[1:]).with_suffix(".py")
        try:
            f = cache_file(_JIEBA_TABLES[mod], src, _JIEBA_TABLES_FORMAT, ".marshal")
        except OSError:
            continue  # no such module: jieba imports what it has
        try:
            table = marshal.loads(f.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            missing.append((mod, f))
            continue
        if isinstance(table, dict):
            module = types.ModuleType(mod)
            module.__file__, module.P = str(src), table  # type: ignore[attr-defined]
            sys.modules[mod] = module
            touch_cache(f)
    return missing


def _save_jieba_tables(missing: list[tuple[str, Path]]) -> None:
    import marshal

    for mod, f in missing:
        table = getattr(sys.modules.get(mod), "P", None)
        if not isinstance(table, dict):
            continue
        with contextlib.suppress(OSError, ValueError):
            f.parent.mkdir(parents=True, exist_ok=True)
            tmp = f.with_name(f".{f.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(table))
            os.replace(tmp, f)
            prune_cache(_JIEBA_TABLES[mod], f)


MAX_WORD = 16  # the longest word in jieba's dictionary


def _table_dag(tok: Any, sentence: str) -> dict[int, list[int]]:
    """jieba's DAG (every dictionary word starting at each position) from the cached word table. jieba walks
    prefixes it keeps in memory; every prefix of a word is a prefix, so trying each length up to MAX_WORD finds
    the same words without them."""
    freq, n, dag = tok.FREQ, len(sentence), {}
    words = [sentence[k:x + 1] for k in range(n) for x in range(k, min(n, k + MAX_WORD))]
    # every probe in a few queries (WordTable), in the order of the loop below
    values = freq.get_many(words) if isinstance(freq, WordTable) else [freq.get(w) for w in words]
    i = 0
    for k in range(n):
        m = min(n, k + MAX_WORD) - k
        ends = [k + j for j in range(m) if values[i + j]]
        i += m
        dag[k] = ends or [k]
    return dag


@cache
def jieba_table_tokenizer() -> Any:
    """A jieba Tokenizer whose dictionary is the cached word table: no dictionary load (about a second of a hook
    run), the same routes and HMM guesses. For short windows (names, tags around a position): every DAG
    position asks the table up to MAX_WORD times."""
    import logging
    import types

    jieba = import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    freq = word_freq()
    tok.FREQ, tok.total, tok.initialized = freq, freq.total(), True
    tok.get_DAG = types.MethodType(_table_dag, tok)
    return tok


def _posseg_module() -> Any:
    """jieba.posseg, imported without its module-level tagger parsing the dictionary (about 0.5 s): that
    tagger reads its tags from the cached table instead."""
    import importlib

    jieba = import_jieba()
    if "jieba.posseg" not in sys.modules:
        parse = jieba.Tokenizer.get_dict_file
        jieba.Tokenizer.get_dict_file = lambda self: io.BytesIO(b"")
        built = _jieba_tables("jieba.posseg")
        try:
            importlib.import_module("jieba.posseg")
        finally:
            jieba.Tokenizer.get_dict_file = parse
        _save_jieba_tables(built)
        sys.modules["jieba.posseg"].dt.word_tag_tab = word_tags()
    return sys.modules["jieba.posseg"]


@cache
def jieba_posseg() -> Any:
    """The one part-of-speech tagger of the process: jieba's, over the cached word and tag tables (the name
    guard, the 的/得 detector, the dash check and the repetition rules share it)."""
    posseg = _posseg_module()
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer, tagger.word_tag_tab = jieba_table_tokenizer(), word_tags()
    return tagger


@cache
def opencc_converter(config: str) -> Any:
    """opencc converter by config name, e.g. 't2s', 's2t', 'tw2s'."""
    import opencc

    return opencc.OpenCC(config)


LM_ENV, CHAR_LM_ENV = "NEWSLINT_LM", "NEWSLINT_CHAR_LM"


def named_model(explicit: str | None, env: str) -> str | None:
    """The model path a user named: the config's, else the environment variable's."""
    return explicit or os.environ.get(env) or None


def _find_model(explicit: str | None, env: str, defaults: Iterable[str | Path]) -> str | None:
    """A named model (config, then ``env``), else the first default that exists. A path that is named but
    missing is not replaced by another (the caller's notice names it)."""
    named = named_model(explicit, env)
    if named:
        return named if Path(named).is_file() else None
    return next((str(p) for p in defaults if Path(p).is_file()), None)


def find_lm_path(explicit: str | None = None) -> str | None:
    """The KenLM word model: config `model`, NEWSLINT_LM, else Debian's."""
    return _find_model(explicit, LM_ENV, DEBIAN_LM_PATHS)


# The character model `newslint model fetch` puts in the cache (lint/typo/fetch.py).
CHAR_LM_NAME = "people_chars_lm.klm"


def default_char_lm_path() -> Path:
    return cache_dir() / CHAR_LM_NAME


def find_char_lm_path(explicit: str | None = None) -> str | None:
    """The character KenLM model: config `char_model`, NEWSLINT_CHAR_LM, else the one fetched into the cache."""
    return _find_model(explicit, CHAR_LM_ENV, [default_char_lm_path()])


_notices: set[str] = set()


def notice(msg: str) -> None:
    """Print a notice to stderr once per process (e.g. an optional model that is absent)."""
    if msg not in _notices:
        _notices.add(msg)
        sys.stderr.write(f"newslint: {msg}\n")


@cache
def kenlm_model(path: str) -> Any:
    import kenlm

    return kenlm.Model(path)

"""The word model's index (lint/typo/lm.py: vocabulary, pair and triple flags, masked index) as an SQLite
file, for a process that asks it a few questions: a hook run on a short draft asks a few hundred, where
loading the tables (about 300k strings, 140k masked keys) costs 0.2–0.4 s. Each question is one query
(a few microseconds); after SWITCH distinct strings (or masked keys) the in-memory tables are loaded by the
model's callback and answer from then on, so a long text pays a dict or set lookup per question again.
The file is built once per model file, beside the model's marshal index (below), from the same tables."""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from lint import resources
from lint.readonlydb import ReadOnlyDB

# Distinct strings (or masked keys) asked before the in-memory tables are loaded: 5,000 queries cost about
# as much as loading them, and a one-line draft asks a few hundred.
SWITCH = 5000
FORMAT = 1  # bump when the tables below change
NAME = "lm-lookup"
# Confusion-table questions answered by a query each before the whole table is read in one (which costs about as
# much as a thousand of them; a one-line draft asks a few dozen characters, a long text thousands)
CONFUSION_SWITCH = 1000
LONG_FILLERS = 24  # lm.py's masked index keeps longer filler lists as frozensets

# a masked window's fillers: a tuple of characters, or a frozenset for a long list (lm.py's _build_masked)
Fillers = tuple[str, ...] | frozenset[str]
Tables = tuple[set[str], dict[str, int], dict[str, int]]
_NO_ROW = (0, 0, 0)


def lookup_file(model_path: str) -> Path | None:
    try:
        return resources.cache_file(NAME, model_path, FORMAT, ".sqlite")
    except OSError:
        return None


class IndexFile:
    """Answers the model's vocabulary, flag and masked-index questions from the SQLite file until SWITCH
    distinct ones were asked, then from the tables load_tables() / load_masked() return (the model keeps
    them as its own attributes too). Raises sqlite3.Error when the file cannot be read."""

    def __init__(self, path: Path, load_tables: Callable[[], Tables],
                 load_masked: Callable[[], dict[str, Fillers]]) -> None:
        self._db = ReadOnlyDB(path)
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        self.size, self.longest = int(meta["words"]), int(meta["longest"])
        self._load_tables, self._load_masked = load_tables, load_masked
        self._rows: dict[str, tuple[int, int, int]] = {}
        self._fills: dict[str, Fillers | None] = {}
        self._lock = threading.Lock()
        self.tables: Tables | None = None
        self.masked: dict[str, Fillers] | None = None
        self.vocab = Vocab(self)
        self.pairs = Flags(self, 1)
        self.triples = Flags(self, 2)
        self.fills = Masked(self)

    def row(self, s: str) -> tuple[int, int, int]:
        """(s is a word, its pair flags, its triple flags), from the file."""
        r = self._rows.get(s)
        if r is None:
            try:
                got = self._db.execute("SELECT v, p, t FROM s WHERE k = ?", (s,)).fetchone()
            except sqlite3.Error:  # a damaged file: the tables answer
                t = self.full_tables()
                return int(s in t[0]), t[1].get(s, 0), t[2].get(s, 0)
            r = self._rows[s] = got or _NO_ROW
            if len(self._rows) >= SWITCH:
                self.full_tables()
        return r

    def filler(self, key: str) -> Fillers | None:
        if key in self._fills:
            return self._fills[key]
        try:
            got = self._db.execute("SELECT f FROM m WHERE k = ?", (key,)).fetchone()
        except sqlite3.Error:
            return self.full_masked().get(key)
        f: Fillers | None = None
        if got is not None:
            f = tuple(got[0]) if len(got[0]) <= LONG_FILLERS else frozenset(got[0])  # as lm.py's index holds them
        self._fills[key] = f
        if len(self._fills) >= SWITCH:
            self.full_masked()
        return f

    def full_tables(self) -> Tables:
        with self._lock:
            if self.tables is None:
                self.tables = self._load_tables()
                self._rows = {}
        return self.tables

    def full_masked(self) -> dict[str, Fillers]:
        with self._lock:
            if self.masked is None:
                self.masked = self._load_masked()
                self._fills = {}
        return self.masked


class Vocab(Collection[str]):
    """The model's vocabulary as the file answers it (``in``, ``len``; iterating loads the set)."""

    __slots__ = ("_f",)

    def __init__(self, f: IndexFile) -> None:
        self._f = f

    def __contains__(self, w: object) -> bool:
        t = self._f.tables
        if t is not None:
            return w in t[0]
        return isinstance(w, str) and self._f.row(w)[0] == 1

    def __len__(self) -> int:
        return self._f.size

    def __iter__(self) -> Iterator[str]:
        return iter(self._f.full_tables()[0])

    def __eq__(self, other: object) -> bool:
        return self._f.full_tables()[0] == (other._f.full_tables()[0] if isinstance(other, Vocab) else other)

    __hash__ = None  # type: ignore[assignment]


class Flags(Mapping[str, int]):
    """LanguageModel.pair_flags() (column 1) or triple_flags() (column 2) as the file answers them."""

    __slots__ = ("_col", "_f")

    def __init__(self, f: IndexFile, col: int) -> None:
        self._f, self._col = f, col

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        t = self._f.tables
        if t is not None:
            d: dict[str, int] = t[self._col]  # type: ignore[assignment]
            return d.get(key, default)
        r = self._f.row(key)[self._col] if isinstance(key, str) else 0
        return r if r else default

    def __getitem__(self, key: str) -> int:
        r: int | None = self.get(key)
        if r is None:
            raise KeyError(key)
        return r

    def _all(self) -> dict[str, int]:
        return self._f.full_tables()[self._col]  # type: ignore[return-value]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __eq__(self, other: object) -> bool:
        return self._all() == (other._all() if isinstance(other, Flags) else other)

    __hash__ = None  # type: ignore[assignment]


class Masked(Mapping[str, Fillers]):
    """LanguageModel.masked_index() as the file answers it."""

    __slots__ = ("_f",)

    def __init__(self, f: IndexFile) -> None:
        self._f = f

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        m = self._f.masked
        if m is not None:
            return m.get(key, default)
        r = self._f.filler(key) if isinstance(key, str) else None
        return default if r is None else r

    def __getitem__(self, key: str) -> Fillers:
        r: Fillers | None = self.get(key)
        if r is None:
            raise KeyError(key)
        return r

    def __iter__(self) -> Iterator[str]:
        return iter(self._f.full_masked())

    def __len__(self) -> int:
        return len(self._f.full_masked())

    def __eq__(self, other: object) -> bool:
        return self._f.full_masked() == (other._f.full_masked() if isinstance(other, Masked) else other)

    __hash__ = None  # type: ignore[assignment]


def writable(f: Path) -> bool:
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(f.parent, os.W_OK)


def write(f: Path, vocab: Iterable[str], pairs: Mapping[str, int], triples: Mapping[str, int],
          masked: Mapping[str, Fillers], longest: int) -> None:
    """Build the file from the model's tables (a filler set is stored in its iteration order, which a
    frozenset of the stored string repeats, as marshal does)."""
    rows: dict[str, list[int]] = {}
    n = 0
    for w in vocab:
        rows[w] = [1, 0, 0]
        n += 1
    for k, v in pairs.items():
        rows.setdefault(k, [0, 0, 0])[1] = v
    for k, v in triples.items():
        rows.setdefault(k, [0, 0, 0])[2] = v
    tmp = None
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=f.parent, prefix=f".{NAME}.", suffix=".sqlite")
        os.close(fd)
        db = sqlite3.connect(tmp)
        db.execute("CREATE TABLE s (k TEXT PRIMARY KEY, v INTEGER, p INTEGER, t INTEGER) WITHOUT ROWID")
        db.executemany("INSERT INTO s VALUES (?, ?, ?, ?)", sorted((k, *r) for k, r in rows.items()))
        db.execute("CREATE TABLE m (k TEXT PRIMARY KEY, f TEXT) WITHOUT ROWID")
        db.executemany("INSERT INTO m VALUES (?, ?)",
                       sorted((k, "".join(v)) for k, v in masked.items()))
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value)")
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("words", n), ("longest", longest)])
        db.commit()
        db.close()
        os.replace(tmp, f)
        tmp = None
        resources.prune_cache(NAME, f)
    except (OSError, sqlite3.Error):
        pass  # no writable cache: the tables are loaded again next time
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def parse_confusion(path: Path) -> Iterator[tuple[str, str]]:
    """lint/data/typo_confusion.tsv: (char, its four tab-separated columns)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                yield parts[0], "\t".join(parts[1:])


class ConfusionRows(Mapping[str, tuple[str, str, str, str]]):
    """The confusion table (lm.confusion_table): get() asks the cached SQLite table (resources.WordTable);
    iterating reads the whole file, in its order."""

    def __init__(self, source: Path) -> None:
        self._source = source
        self._table = resources.WordTable("typo-confusion", source, parse_confusion)
        self._all: dict[str, tuple[str, str, str, str]] | None = None
        # after CONFUSION_SWITCH questions, every row in one query (a long text asks thousands of characters)
        self._mem: dict[str, str] | None = None
        self._asked = 0

    @staticmethod
    def _row(value: str) -> tuple[str, str, str, str]:
        a, b, c, d = value.split("\t")
        return a, b, c, d

    def get(self, ch: str, default: Any = None) -> Any:  # type: ignore[override]
        mem = self._mem
        if mem is not None:
            v = mem.get(ch)
        else:
            v = self._table.get(ch)
            self._asked += 1
            if self._asked >= CONFUSION_SWITCH:
                self._mem = dict(self._table.pairs())
        return default if v is None else self._row(v)

    def __getitem__(self, ch: str) -> tuple[str, str, str, str]:
        return self._row(self._table[ch])

    def _rows(self) -> dict[str, tuple[str, str, str, str]]:
        if self._all is None:
            self._all = {ch: self._row(v) for ch, v in parse_confusion(self._source)}
        return self._all

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows())

    def __len__(self) -> int:
        return len(self._rows())


# ---- the marshal index: the tables themselves, which lm.py loads for a long text ---------------------------
# The vocabulary, the masked index and the pair flags cost about 0.9 s to build from a 17 MB model
# and a fraction of that to load back (marshal): a hook pays the build once per model file, not per commit.
INDEX_FORMAT = 5  # bump when the cached vocabulary/index layout changes


def index_file(path: str) -> Path | None:
    try:
        return resources.cache_file("lm-index", path, INDEX_FORMAT, ".marshal")
    except OSError:
        return None


Index = tuple[list[str], dict[str, int], dict[str, int], tuple[Path, int]]


def read_index(path: str) -> Index | None:
    """The vocabulary and pair/triple flags of a model, read back from the cache, and where in the file the
    masked index follows (two marshal records: a run with no candidate never reads the bigger second one)."""
    f = index_file(path)
    if f is None or not f.is_file():
        return None
    resources.touch_cache(f)
    try:
        with f.open("rb") as fh:  # marshal.loads of bytes: marshal.load on a file is about 4x slower
            n = int.from_bytes(fh.read(8), "little")
            if n > os.fstat(fh.fileno()).st_size:
                return None  # a damaged cache is rebuilt
            words, pairs, triples = marshal.loads(fh.read(n))
            at = 8 + n
    except (OSError, ValueError, EOFError, TypeError):
        return None  # a damaged cache is rebuilt
    if not (isinstance(words, list) and isinstance(pairs, dict) and isinstance(triples, dict)):
        return None
    return words, pairs, triples, (f, at)


def masked_at(path: str) -> tuple[Path, int] | None:
    """Where the masked index is in the cached index file (after its first record), or None."""
    f = index_file(path)
    try:
        with f.open("rb") as fh:  # type: ignore[union-attr]
            n = int.from_bytes(fh.read(8), "little")
            return (f, 8 + n) if 8 + n < os.fstat(fh.fileno()).st_size else None  # type: ignore[return-value]
    except (OSError, AttributeError):
        return None


def read_masked(f: Path, at: int) -> dict[str, Fillers] | None:
    try:
        with f.open("rb") as fh:
            fh.seek(at)
            masked = marshal.loads(fh.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None  # rebuilt by the caller
    return masked if isinstance(masked, dict) else None


def write_index(path: str, words: list[str], masked: dict[str, Fillers], pairs: dict[str, int],
                 triples: dict[str, int]) -> None:
    f = index_file(path)
    if f is None:
        return
    try:
        f.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=f.parent, prefix=".lm-index.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            head = marshal.dumps((words, pairs, triples))
            fh.write(len(head).to_bytes(8, "little") + head)
            fh.write(marshal.dumps(masked))
        os.replace(tmp, f)
        resources.prune_cache("lm-index", f)
    except OSError:
        pass  # no writable cache: build again next time

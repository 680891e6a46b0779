"""A read-only SQLite connection that survives fork(): the word tables' and the model index's (lint/resources.py,
lint/typo/lmfile.py), which `--jobs` workers inherit open."""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from pathlib import Path
from typing import Any


class ReadOnlyDB:
    """A read-only SQLite connection that a forked process opens afresh on its first query: SQLite's rule is that
    a connection must not be carried across fork() (https://sqlite.org/howtocorrupt.html, 2.6), and `--jobs`
    workers are forked with the linter's tables open. execute() is the only method the tables use."""

    def __init__(self, path: str | Path) -> None:
        self._uri = f"file:{path}?mode=ro"
        self._lock = threading.Lock()
        self._con: sqlite3.Connection | None = self._open()
        _READERS.add(self)

    def _open(self) -> sqlite3.Connection:
        # check_same_thread=False: the service's threads share the tables (reads only)
        return sqlite3.connect(self._uri, uri=True, check_same_thread=False)

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        con = self._con
        if con is None:
            with self._lock:
                if self._con is None:
                    self._con = self._open()
                con = self._con
        return con.execute(sql, params)

    def _forked(self) -> None:
        # The parent's connection is left untouched (closing it here would run SQLite's close in the child):
        # kept referenced so that it is never finalised in this process.
        if self._con is not None:
            _INHERITED.append(self._con)
        self._con = None
        self._lock = threading.Lock()  # the parent's lock may have been held by a thread the child lacks


_READERS: weakref.WeakSet[ReadOnlyDB] = weakref.WeakSet()
_INHERITED: list[sqlite3.Connection] = []


def _after_fork_in_child() -> None:
    for r in list(_READERS):
        r._forked()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

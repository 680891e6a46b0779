"""A progress bar on stderr for long `check` and `batch` runs, when stderr is a terminal.

The API reports progress through a plain callback (api.Session.run, api.batch); this module is the command
line's drawing of it. The bar appears only once a run has taken DELAY seconds, so a short run (a hook on one
draft) never imports rich nor flashes a bar, and it is transient: cleared when the run ends, before the report.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

DELAY = 0.5  # seconds before the bar appears (NEWSLINT_PROGRESS_DELAY overrides it, as TQDM_* variables do tqdm's)
INTERVAL = 0.05  # seconds between two updates of it

LABELS = {
    "zh": {"files": "检查文件", "articles": "检查稿件", "unit_files": "个文件", "unit_articles": "篇"},
    "en": {"files": "linting", "articles": "linting", "unit_files": "files", "unit_articles": "articles"},
}


def wanted(stdout_too: bool = False) -> bool:
    """Whether to draw: stderr is a terminal that can redraw a line, and (``stdout_too``) stdout is not that
    terminal too, where streamed output would run through the bar."""
    if os.environ.get("TERM") == "dumb" or not _tty(sys.stderr):
        return False
    return not (stdout_too and _tty(sys.stdout))


def _tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


class Bar:
    """``with Bar("files", lang) as bar:`` then ``bar.files(done, total)`` after each file, or
    ``bar.articles(done)`` after each article. For articles read from a regular file, ``total_bytes`` (its
    size) and ``position`` (how far it has been read) make it a bar with a percentage and the time left.
    Disabled, each call is a no-op."""

    def __init__(self, kind: str, lang: str | None = None, enabled: bool = True, total_bytes: int | None = None,
                 position: Callable[[], int] | None = None, color: bool = True):
        self.kind = kind
        self.color = color
        try:
            self.delay = float(os.environ.get("NEWSLINT_PROGRESS_DELAY", DELAY))
        except ValueError:
            self.delay = DELAY
        self.labels = LABELS.get(lang or "zh", LABELS["zh"])
        self.enabled = enabled
        self.total_bytes = total_bytes if position is not None else None
        self.position = position
        self.start = time.monotonic()
        self._next = 0.0  # the monotonic time before which nothing is drawn
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Bar:
        self.start, self._next = time.monotonic(), 0.0
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()  # transient: the bar's line is cleared
            self._progress = None

    def files(self, done: int, total: int) -> None:
        if self._progress is None and done >= total:
            return  # nothing left to show progress on (a hook run on one draft)
        if self._due():
            self._show(total=total)
            self._progress.update(self._task, completed=done, count=done)

    def articles(self, done: int) -> None:
        if self._due():
            self._show(total=self.total_bytes)
            read = done
            if self.position is not None and self.total_bytes:
                try:
                    read = self.position()
                except (OSError, ValueError):  # the stream cannot tell after all: a count without a percentage
                    self.total_bytes = None
                    self._progress.update(self._task, total=None)
            self._progress.update(self._task, completed=read, count=done)

    def _due(self) -> bool:
        """Whether to draw now: DELAY after the start, then at most every INTERVAL (a long batch calls this a
        million times; rich redraws on its own ten times a second)."""
        if not self.enabled:
            return False
        now = time.monotonic()
        if now < self._next:
            return False
        if self._progress is None and now - self.start < self.delay:
            self._next = self.start + self.delay
            return False
        self._next = now + INTERVAL
        return True

    def _show(self, total: int | None) -> None:
        if self._progress is not None:
            return
        # rich only here: a run that ends before DELAY never imports it
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns: list[Any] = [SpinnerColumn(), TextColumn(self.labels[self.kind])]
        if self.kind == "files":
            columns += [BarColumn(), MofNCompleteColumn(), TextColumn(self.labels["unit_files"]),
                        TimeElapsedColumn(), TimeRemainingColumn()]
        else:
            columns += [TextColumn("{task.fields[count]:,} " + self.labels["unit_articles"])]
            if total:
                columns += [BarColumn(), TaskProgressColumn(), TimeRemainingColumn()]
            columns += [TimeElapsedColumn()]
        # stderr output during the run (a file's one-line error) is printed above the bar by rich's redirect
        self._progress = Progress(*columns, console=Console(file=sys.stderr, no_color=not self.color),
                                  transient=True, redirect_stdout=False)
        self._task = self._progress.add_task("", total=total, count=0)
        self._progress.start()

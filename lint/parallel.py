"""Worker processes for `batch --jobs N` and `check --jobs N`.

Each worker has the linter built once: on Linux the pool forks after the parent has loaded rules,
dictionaries and models, and the tables a long run would load later on (Session.preload), so their pages
are shared, not copied; the collector leaves the inherited objects alone (gc.freeze). Results come back in
input order with a bounded number of chunks in flight (memory does not grow with the input). A worker that
dies loses no article: the pool is rebuilt, the chunk it held is retried alone, and if it kills a worker
again each of its articles is reported as an error line while the rest go on. A parent that is killed takes
its workers with it (Linux: the parent-death signal).
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from lint import api

CHUNK = 32  # articles per task: large enough to amortise the round trip, small enough to keep order cheap
T = TypeVar("T")
R = TypeVar("R")

_session: api.Session | None = None  # the worker's session


def _init(session: api.Session | None, options: api.Options, parent: int) -> None:
    global _session
    _die_with(parent)
    _session = session if session is not None else api.Session(options)  # spawn: build it here


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """Linux: the kernel sends this worker SIGTERM when the parent dies, however it dies (SIGTERM, SIGKILL, the
    OOM killer): else the workers of a killed run would wait on their task queue for ever. Elsewhere a no-op
    (spawned workers there see their queue close when the parent goes)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    # a handler the parent program installed (a service's graceful stop) would keep the worker alive
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl to be had: as before
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _context() -> tuple[Any, bool]:
    if "fork" in mp.get_all_start_methods() and sys.platform != "darwin":
        return mp.get_context("fork"), True
    return mp.get_context("spawn"), False


def _pool(session: api.Session, jobs: int) -> ProcessPoolExecutor:
    ctx, forked = _context()
    if forked:
        # Everything allocated so far goes to the collector's permanent generation: a worker's collections
        # then never walk the inherited objects (the first one took ~0.13 s a worker) nor write to their
        # headers, which would copy their pages. ordered() unfreezes when it ends.
        gc.freeze()
    # With fork the session is inherited, not pickled: the loaded linter and model come along.
    return ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init,
                               initargs=(session if forked else None, session.options, os.getpid()))


def ordered(session: api.Session, jobs: int, fn: Callable[[list[T]], list[R]], chunks: Iterable[list[T]],
            on_crash: Callable[[list[T]], list[R]]) -> Iterator[R]:
    """fn over chunks in worker processes, results in order, at most 2 × jobs chunks in flight."""
    ours = gc.get_freeze_count() == 0  # else the program froze objects itself: they stay frozen after the run
    pool = _pool(session, jobs)
    it = iter(chunks)
    pending: deque[tuple[list[T], Future[list[R]]]] = deque()

    def submit(chunk: list[T]) -> Future[list[R]]:
        try:
            return pool.submit(fn, chunk)
        except BrokenProcessPool as exc:  # a worker died since the last result: handled when this one is due
            broken: Future[list[R]] = Future()
            broken.set_exception(exc)
            return broken

    def fill() -> None:
        while len(pending) < 2 * jobs:
            chunk = next(it, None)
            if chunk is None:
                return
            pending.append((chunk, submit(chunk)))

    try:
        fill()
        while pending:
            chunk, fut = pending.popleft()
            try:
                results = fut.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(session, jobs)
                try:
                    results = submit(chunk).result()
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _pool(session, jobs)
                    results = on_crash(chunk)
                pending = deque((c, submit(c)) for c, _ in pending)
            yield from results
            fill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if ours:  # the parent may go on (cli.main inside another program): its objects are collectable again
            gc.unfreeze()


def _chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


WARM_TEXT = "我们要再接再励，1月6日,省里开会。"
# A process loads the model's tables after about 5,000 characters of news (lmfile.SWITCH lookups), some 15 KB
# of UTF-8: `check` preloads them when each worker has at least that much to read, else they would not be needed.
PRELOAD_BYTES = 16_384


def warm(session: api.Session, path: str = "-", preload: bool = True) -> None:
    """Load what linting needs in the parent, before the fork: the rules' kinds (by linting a text) and, with
    ``preload``, the tables they would load later on (Session.preload)."""
    cfg, _ = session.linter_for(path)
    session.lint_text(WARM_TEXT, config=cfg)
    if preload and _context()[1]:  # spawned workers build their own session: nothing to share
        session.preload()


# ---- batch ----------------------------------------------------------------------------------------------
Line = tuple[int, bytes | None]
Output = tuple[int, tuple[str, bool, str | None]]


def _batch_chunk(chunk: list[Line]) -> list[Output]:
    assert _session is not None
    return [(n, api.process_line(_session, n, raw)) for n, raw in chunk]


def _batch_crashed(chunk: list[Line]) -> list[Output]:
    out: list[Output] = []
    for n, _ in chunk:
        err = "a worker process died on this part of the input; lint these lines alone to see why"
        out.append((n, (json.dumps({"id": None, "error": f"line {n}: {err}"}) + "\n", False, err)))
    return out


def batch(session: api.Session, lines: Iterable[Line], jobs: int) -> Iterator[Output]:
    warm(session)
    # and the rest of a line's path (JSON in, finding_dict and its imports, JSON out), once before the fork
    api.process_line(session, 0, json.dumps({"id": None, "text": WARM_TEXT}).encode())
    yield from ordered(session, jobs, _batch_chunk, _chunks(lines), _batch_crashed)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# ---- check ----------------------------------------------------------------------------------------------
Linted = tuple[str, "api.FileResult | str | None"]


def _check_chunk(paths: list[tuple[str, bool]]) -> list[Linted]:
    assert _session is not None
    return [(p, _session._lint_path_or_error(p, named)) for p, named in paths]


def _check_crashed(paths: list[tuple[str, bool]]) -> list[Linted]:
    return [(p, f"{p}: a worker process died while linting this file; lint it alone to see why") for p, _ in paths]


def _at_least(paths: list[str], size: int) -> bool:
    """Whether the files add up to ``size`` bytes (stat'ed until they do)."""
    for p in paths:
        with contextlib.suppress(OSError):  # a file that cannot be read is reported when linted
            size -= os.stat(p).st_size
        if size <= 0:
            return True
    return False


def check(session: api.Session, paths: list[str], jobs: int, named: set[str]) -> Iterator[Linted]:
    warm(session, paths[0], preload=_at_least(paths, jobs * PRELOAD_BYTES))
    yield from ordered(session, jobs, _check_chunk, _chunks([(p, p in named) for p in paths], 4), _check_crashed)

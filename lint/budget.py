"""One time budget per rule and document for user-supplied regular expressions.

The `regex` module's ``timeout`` bounds one call; a rule calls its patterns once per match or target,
so a pattern that takes just under its per-call limit could still run for hours on a long file. The
engine opens a budget around each rule's run on a document (``scope``); the kinds pass
``timeout(per_call)`` to every regex call, which shrinks the limit to what is left of the budget and
raises ``BudgetExceeded`` (a TimeoutError) once it is spent. The engine then skips that rule for that
document and says so once. A contextvar, so threads linting different documents do not share one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

BASE_SECONDS = 5.0  # per rule and document
SECONDS_PER_MILLION_CHARS = 10.0  # more for longer documents: a plain pattern is linear in the text

# [seconds, deadline]: the clock starts at the rule's first regex call, so loading a dictionary or a model
# before it (slow on a busy machine) is not counted against the rule.
_deadline: ContextVar[list[float] | None] = ContextVar("newslint_regex_deadline", default=None)


class BudgetExceeded(TimeoutError):
    """A rule used up its time budget on one document."""


def seconds_for(n_chars: int) -> float:
    """The budget of one rule on a document of ``n_chars`` characters."""
    return BASE_SECONDS + SECONDS_PER_MILLION_CHARS * n_chars / 1_000_000


@contextmanager
def scope(seconds: float) -> Iterator[None]:
    """Regex calls inside share ``seconds`` of wall time (nested scopes: the inner one applies)."""
    token = _deadline.set([seconds, 0.0])
    try:
        yield
    finally:
        _deadline.reset(token)


def timeout(per_call: float) -> float:
    """The ``timeout=`` for one regex call: ``per_call``, or what is left of the budget if less."""
    state = _deadline.get()
    if state is None:
        return per_call
    now = time.monotonic()
    if not state[1]:
        state[1] = now + state[0]
    left = state[1] - now
    if left <= 0:
        raise BudgetExceeded("time budget spent")
    return min(per_call, left)

"""Jobs: the one way a lesson runs Keras work (a seeded build, a training, a probe, a reproduction).

A job is a module-level function plus plain arguments (NumPy arrays, numbers, strings, tuples and
frozen dataclasses of those). It takes a keyword `on_progress` (a `ProgressCallback` or None) and
returns plain data, never a Keras object, so that it can run in another process as well as this one.

`run_job(function, *args, on_progress=..., on_wait=...)` runs it in its training turn and relays its
progress; `on_wait(ahead)` hears the place in line. Today the turn is this process' `TRAINING_QUEUE`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from lessons.engine.loop import ProgressCallback, WaitCallback
from lessons.engine.queue import TRAINING_QUEUE

Result = TypeVar("Result")


def run_job(
    function: Callable[..., Result],
    *args: Any,
    on_progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
    **kwargs: Any,
) -> Result:
    """`function(*args, **kwargs, on_progress=on_progress)` in its turn; its result as it returned it."""
    with TRAINING_QUEUE.turn(on_wait):
        return function(*args, on_progress=on_progress, **kwargs)

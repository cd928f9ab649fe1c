"""Jobs: the one way a lesson runs Keras work (a seeded build, a training, a probe, a reproduction).

A job is a module-level function plus plain arguments (NumPy arrays, numbers, strings, tuples and
frozen dataclasses of those). It takes a keyword `on_progress` (a `ProgressCallback` or None) and
returns plain data, never a Keras object, so that it can run in another process as well as this one.

`run_job(function, *args, on_progress=..., on_wait=..., affinity=...)` runs it and relays its
progress; `on_wait(ahead)` hears the place in line. Where it runs:

- in a worker process of this process' pool, once `start_pool()` has started one (app.py does, with
  `SHAPELAB_WORKERS` workers, the machine's cores by default): the web server never imports
  TensorFlow, a class trains on every core, `affinity` (e.g. the recipe's workspace key) sends the
  job to a worker that has traced that architecture, and a dead worker raises `WorkerLost`;
- else in this process, in its turn in `TRAINING_QUEUE` (tests, benchmarks, `SHAPELAB_WORKERS=0`,
  and every job inside a worker).
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from lessons.engine.loop import ProgressCallback, WaitCallback
from lessons.engine.pool import Job, WorkerPool, worker_count
from lessons.engine.queue import TRAINING_QUEUE

Result = TypeVar("Result")

_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def run_job(
    function: Callable[..., Result],
    *args: Any,
    on_progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
    affinity: Hashable | None = None,
    **kwargs: Any,
) -> Result:
    """`function(*args, **kwargs, on_progress=on_progress)` in its turn; its result as it returned it."""
    pool = _pool
    if pool is None or TRAINING_QUEUE.holding():
        with TRAINING_QUEUE.turn(on_wait):
            return function(*args, on_progress=on_progress, **kwargs)
    return pool.run(function, args, kwargs, on_progress=on_progress, on_wait=on_wait, affinity=affinity)


def start_pool(
    workers: int | None = None, warm_ups: Sequence[Job] | Callable[[], Sequence[Job]] = ()
) -> WorkerPool | None:
    """Start this process' worker pool, once; later calls return the same pool.

    `workers`: how many processes (None: `SHAPELAB_WORKERS`, else the machine's cores); with 0 no
    pool starts and jobs keep running in this process. Each worker runs `warm_ups` while idle (a
    function that lists them is called in a thread of its own).
    """
    global _pool
    with _pool_lock:
        if _pool is None:
            size = worker_count() if workers is None else workers
            if size > 0:
                _pool = WorkerPool(size, warm_ups)
        return _pool


def stop_pool() -> None:
    """Stop the pool's workers; later jobs run in this process until `start_pool` again."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()


def current_pool() -> WorkerPool | None:
    return _pool


def warm_up_first(affinity: Hashable) -> None:
    """Have the pool's workers trace this architecture next, if they are still warming up (a page
    calls it with the affinity of the training its learner is looking at)."""
    pool = _pool
    if pool is not None:
        pool.warm_up_first(affinity)


def warming_up() -> bool:
    """True while the pool's workers still load TensorFlow or trace the tutorial's models."""
    pool = _pool
    return pool is not None and pool.warming_up()


def worker_pids() -> list[int]:
    """The pool's worker process ids ([] without a pool)."""
    pool = _pool
    return [] if pool is None else pool.worker_pids()


atexit.register(stop_pool)

"""One queue for every training in the process.

Keras seeds are process-wide (`keras.utils.set_random_seed`), so two trainings running
at once would steal each other's random numbers and neither would be reproducible.
Every training therefore takes its turn here, first come first served. A learner who
waits is told their place; a training cut short (an exception, e.g. Streamlit stopping
the script when the learner clicks elsewhere) leaves the queue in `finally`.

A thread that holds the turn may enter `turn()` again (a lesson checks its cache in the turn, then
calls the engine, which takes the turn too): the inner `with` neither waits nor queues.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class TrainingQueue:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._tickets = itertools.count()
        self._waiting: list[int] = []  # tickets in arrival order; the first one trains
        self._held = threading.local()  # .depth: how many `turn()`s this thread is inside

    def position(self, ticket: int) -> int:
        """0 while training, 1 when next, and so on."""
        with self._cond:
            return self._waiting.index(ticket)

    def holding(self) -> bool:
        """True in the thread that holds the turn (inside its `with TRAINING_QUEUE.turn()`)."""
        return getattr(self._held, "depth", 0) > 0

    def __len__(self) -> int:
        with self._cond:
            return len(self._waiting)

    @contextmanager
    def turn(
        self,
        on_wait: Callable[[int], None] | None = None,
        poll_seconds: float = 0.25,
    ) -> Iterator[None]:
        """Wait for this caller's turn, hold it for the `with` body, then pass it on.

        `on_wait(ahead)` is called while waiting with the number of trainings ahead; it may
        raise to give up the place (the ticket is dropped either way). Re-entrant per thread.
        """
        if self.holding():
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        with self._cond:
            ticket = next(self._tickets)
            self._waiting.append(ticket)
        try:
            while True:
                with self._cond:
                    ahead = self._waiting.index(ticket)
                    if ahead == 0:
                        break
                    self._cond.wait(poll_seconds)
                    ahead = self._waiting.index(ticket)
                    if ahead == 0:
                        break
                if on_wait is not None:
                    on_wait(ahead)
            self._held.depth = 1
            yield
        finally:
            self._held.depth = 0
            with self._cond:
                self._waiting.remove(ticket)
                self._cond.notify_all()


# The single queue shared by every session of this server process.
TRAINING_QUEUE = TrainingQueue()

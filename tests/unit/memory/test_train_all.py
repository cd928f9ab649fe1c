"""lessons.memory.train_all: the three models as three jobs at once, with the results of one after another.

In this process first (the jobs take turns in the training queue), then through a pool of two
worker processes started here, where two of the three really train at the same time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from lessons import engine
from lessons import memory as m
from lessons.core import InputError
from lessons.engine.queue import TRAINING_QUEUE
from tests.waiting import WAIT_SECONDS, wait_until

EPOCHS = 12
SEED = 5


def assert_same_runs(together: dict[str, m.MemoryRun], alone: dict[str, m.MemoryRun]) -> None:
    assert list(together) == list(alone) == list(m.MODEL_TITLES)
    for kind in m.MODEL_TITLES:
        a, b = together[kind], alone[kind]
        assert a.kind == b.kind == kind
        assert np.array_equal(a.probabilities, b.probabilities), kind
        assert a.losses == b.losses, kind
        for x, y in ((a.hidden_states, b.hidden_states), (a.cell_states, b.cell_states)):
            assert (x is None) == (y is None), kind
            if x is not None:
                assert np.array_equal(x, y), kind


def one_after_another(**settings) -> dict[str, m.MemoryRun]:
    return {kind: m.train(kind, **settings) for kind in m.MODEL_TITLES}


class Heard:
    """Every callback `train_all` makes, with the thread it was made in."""

    def __init__(self) -> None:
        self.progress: dict[str, list[tuple[int, int]]] = {kind: [] for kind in m.MODEL_TITLES}
        self.threads: set[int] = set()
        self.extra: Callable[[str], None] = lambda kind: None

    def callbacks(self) -> dict:
        def progress(kind: str):
            def call(done: int, total: int, losses: list[float]) -> None:
                self.threads.add(threading.get_ident())
                self.progress[kind].append((done, total))
                self.extra(kind)
            return call

        def wait(ahead: int) -> None:
            self.threads.add(threading.get_ident())

        return {"on_progress": {kind: progress(kind) for kind in m.MODEL_TITLES},
                "on_wait": {kind: wait for kind in m.MODEL_TITLES}}


# --- in this process --------------------------------------------------------------------------------


def test_the_three_together_equal_the_three_one_after_another_and_report_in_the_callers_thread():
    assert engine.current_pool() is None  # tests/conftest.py: SHAPELAB_WORKERS=0
    heard = Heard()
    together = m.train_all(epochs=EPOCHS, seed=SEED, **heard.callbacks())
    assert_same_runs(together, one_after_another(epochs=EPOCHS, seed=SEED))
    assert heard.threads == {threading.get_ident()}  # a Streamlit page may draw from its script thread only
    for kind in m.MODEL_TITLES:
        assert heard.progress[kind] and heard.progress[kind][-1] == (EPOCHS, EPOCHS), kind


def test_a_callback_that_raises_leaves_at_once_and_the_queue_clean():
    class Left(Exception):  # what Streamlit does when the learner clicks elsewhere mid-training
        pass

    heard = Heard()

    def leave(kind: str) -> None:
        raise Left()

    heard.extra = leave
    with pytest.raises(Left):
        m.train_all(epochs=400, seed=SEED, **heard.callbacks())
    assert sum(len(events) for events in heard.progress.values()) == 1  # nothing called after it raised
    wait_until(lambda: len(TRAINING_QUEUE) == 0, "the other jobs have left the queue")
    assert len(m.train(m.FEED_FORWARD, epochs=2, seed=SEED).losses) == 2  # the queue still serves


def test_bad_settings_are_refused_in_the_callers_thread():
    with pytest.raises(InputError, match="Epochs"):
        m.train_all(epochs=0)
    with pytest.raises(InputError, match="alphabet"):
        m.train_all([(0, 1, 7), (1, 0, 1)], 5, epochs=3)


# --- through a pool of two worker processes ----------------------------------------------------------


@pytest.fixture(scope="module")
def pool() -> Iterator[engine.WorkerPool]:
    started = engine.start_pool(2)
    assert started is not None and started.wait_until_warm(WAIT_SECONDS)  # both workers have loaded TensorFlow
    yield started
    engine.stop_pool()


def test_through_a_pool_two_train_at_once_and_the_results_equal_one_after_another(pool):
    heard = Heard()
    busy: list[int] = []
    heard.extra = lambda kind: busy.append(len(pool.busy_pids()))
    together = m.train_all(epochs=EPOCHS, seed=SEED, **heard.callbacks())
    assert max(busy) == 2  # two workers trained at the same time
    assert heard.threads == {threading.get_ident()}
    assert_same_runs(together, one_after_another(epochs=EPOCHS, seed=SEED))

"""lessons/engine/pool.py: jobs in worker processes — the same numbers in every worker, the line,
shared identical jobs, cancellation, a killed worker replaced, and no TensorFlow in the web process.

One pool of two workers serves the module (each worker imports TensorFlow once). Jobs live in
tests/unit/engine/pool_jobs.py, a module the workers can import.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from lessons import engine
from lessons.engine.pool import WorkerLost, WorkerPool
from tests.unit.engine import pool_jobs
from tests.waiting import WAIT_SECONDS, wait_until

ROOT = Path(__file__).resolve().parents[3]


WARM_UP = engine.Job(pool_jobs.tiny_training, (9,), {"epochs": 2}, affinity=pool_jobs.RECIPE_KEY)


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    pool = WorkerPool(2, warm_ups=lambda: [WARM_UP])
    assert pool.warming_up()  # TensorFlow still loading, the warm-up not yet run
    assert pool.wait_until_warm(WAIT_SECONDS)
    yield pool
    pool.close()


@pytest.fixture
def idle_pool(pool: WorkerPool) -> WorkerPool:
    """The pool with both workers started and nothing running or waiting."""
    wait_until(lambda: len(pool.worker_pids()) == 2 and not pool.busy_pids() and pool.waiting() == 0
               and not pool.warming_up(), "the pool is idle")
    return pool


class Background:
    """`pool.run(...)` in a thread: its result or exception, and what its callbacks heard."""

    def __init__(self, pool: WorkerPool, function, *args, **kwargs) -> None:
        self.waits: list[int] = []
        self.result = self.error = None
        self.thread = threading.Thread(target=self._run, args=(pool, function, args, kwargs), daemon=True)
        self.thread.start()

    def _run(self, pool, function, args, kwargs) -> None:
        try:
            self.result = pool.run(function, args, kwargs, on_wait=self.waits.append)
        except BaseException as error:  # noqa: BLE001 (handed to the test)
            self.error = error

    def join(self):
        self.thread.join(WAIT_SECONDS)
        assert not self.thread.is_alive(), "the job never finished"
        if self.error is not None:
            raise self.error
        return self.result


def test_a_seed_gives_the_same_numbers_in_every_worker_alone_or_together(idle_pool):
    together = [Background(idle_pool, pool_jobs.tiny_training, 3, tag=tag) for tag in ("a", "b")]
    outputs = [job.join() for job in together]
    assert outputs[0][2] != outputs[1][2], "both workers should have run one"
    alone = idle_pool.run(pool_jobs.tiny_training, (3,), {"tag": "c"})
    other_seed = idle_pool.run(pool_jobs.tiny_training, (4,))
    for prediction, losses, _pid in outputs[1:] + [alone]:
        np.testing.assert_array_equal(prediction, outputs[0][0])
        assert losses == outputs[0][1]
    assert not np.array_equal(other_seed[0], outputs[0][0])


def test_every_worker_ran_its_warm_up_and_a_job_goes_where_its_architecture_is_traced(pool):
    assert pool.wait_until_warm(WAIT_SECONDS) and not pool.warming_up()
    assert all(pool_jobs.RECIPE_KEY in worker.traced for worker in pool._workers)
    other = ("test_pool", "other architecture")
    _, _, first_pid = pool.run(pool_jobs.tiny_training, (5,), {"tag": "traced"}, affinity=other)
    wait_until(lambda: not pool.busy_pids(), "the pool is idle")
    for tag in ("again", "and again"):  # both workers free: the one that traced `other` gets it
        assert pool.run(pool_jobs.tiny_training, (5,), {"tag": tag}, affinity=other)[2] == first_pid


def test_the_first_worker_loads_tensorflow_alone_and_the_others_start_once_it_is_ready():
    pool = WorkerPool(2)
    try:
        with pool._cond:  # TensorFlow takes seconds to import: nothing is ready this soon
            assert len(pool._workers) == 1 and not pool._workers[0].ready
        assert pool.size == 2 and pool.warming_up()
        wait_until(lambda: len(pool.worker_pids()) == 2, "both workers are ready")
        assert pool.wait_until_warm(WAIT_SECONDS)
    finally:
        pool.close()


def test_the_open_lessons_warm_ups_run_first_and_unknown_ones_change_nothing(tmp_path):
    listed = threading.Event()

    def warm_ups() -> list[engine.Job]:  # listed only once the test lets it
        listed.wait(WAIT_SECONDS)
        return [engine.Job(pool_jobs.count_to, (1,), affinity=name) for name in ("a", "a", "b", "c")]

    pool = WorkerPool(1, warm_ups=warm_ups)
    try:
        pool.warm_up_first("b")  # before the list exists: kept until it does
        release = tmp_path / "release"
        learner = Background(pool, pool_jobs.until_file, str(release))  # the worker is busy: no warm-up starts
        wait_until(lambda: pool.busy_pids(), "the learner's job runs")
        listed.set()
        wait_until(lambda: len(pool._workers[0].warm_ups) == 4, "the warm-ups are listed")
        pool.warm_up_first("c")  # the latest request goes first
        pool.warm_up_first("not a warm-up")  # ignored
        release.touch()
        learner.join()
        assert pool.wait_until_warm(WAIT_SECONDS)
        assert list(pool._workers[0].traced) == ["c", "b", "a"]
    finally:
        pool.close()


def test_a_worker_learns_a_reused_workspaces_reseeder_after_handing_back_the_result(idle_pool):
    # the warm-up ran RECIPE_KEY twice on each worker (traced, then reused): learned since
    for _ in range(2):  # both workers free, either may take it
        learned, pending, _ = idle_pool.run(pool_jobs.reuse_state, affinity=pool_jobs.RECIPE_KEY)
        assert learned and not pending


def test_progress_reaches_the_callers_thread_and_errors_come_back_as_raised(idle_pool):
    heard = []
    caller = threading.get_ident()
    idle_pool.run(pool_jobs.tiny_training, (1,), {"epochs": 24},
                  on_progress=lambda done, total, losses: heard.append((done, total, len(losses),
                                                                        threading.get_ident())))
    assert heard and heard[-1][:3] == (24, 24, 24)
    assert {thread for *_, thread in heard} == {caller}
    with pytest.raises(ValueError, match="bad input, raised in the worker"):
        idle_pool.run(pool_jobs.fails)


def test_a_caller_slower_than_its_job_hears_the_newest_progress_not_every_step(idle_pool):
    heard = []

    def slow_page(done, total, losses):  # the first drawing takes until the job has finished
        heard.append((done, len(losses)))
        if len(heard) == 1:
            wait_until(lambda: not idle_pool.busy_pids(), "the job has finished")

    assert idle_pool.run(pool_jobs.count_to, (50,), on_progress=slow_page) == 50
    assert heard[-1] == (50, 50)  # the final state always arrives
    assert len(heard) <= 2  # the steps that piled up meanwhile are skipped, not drawn one by one


def test_the_line_is_first_come_first_served_and_callers_hear_their_place(idle_pool, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    busy = [Background(idle_pool, pool_jobs.until_file, str(first)),
            Background(idle_pool, pool_jobs.until_file, str(second))]
    wait_until(lambda: len(idle_pool.busy_pids()) == 2, "both workers are busy")
    b = Background(idle_pool, pool_jobs.started_at, "B")
    wait_until(lambda: idle_pool.waiting() == 1 and b.waits, "B waits")
    c = Background(idle_pool, pool_jobs.started_at, "C")
    wait_until(lambda: idle_pool.waiting() == 2 and c.waits, "C waits behind B")
    first.touch()  # one worker frees up: B goes first, C only after B
    b_label, b_started = b.join()
    c_label, c_started = c.join()
    assert (b_label, c_label) == ("B", "C") and b_started < c_started
    assert b.waits[0] == 2 and c.waits[0] == 3  # two trainings running, then the ones in front
    assert c.waits == sorted(c.waits, reverse=True)
    second.touch()
    for job in busy:
        job.join()


def test_identical_jobs_in_flight_share_one_run(idle_pool, tmp_path):
    release = tmp_path / "release"
    busy = [Background(idle_pool, pool_jobs.until_file, str(release), tag=tag) for tag in ("1", "2")]
    wait_until(lambda: len(idle_pool.busy_pids()) == 2, "both workers are busy")
    same = [Background(idle_pool, pool_jobs.token, "defaults") for _ in range(3)]
    wait_until(lambda: all(job.waits for job in same), "all three wait")
    assert idle_pool.waiting() == 1  # one job in line for the three callers
    other = Background(idle_pool, pool_jobs.token, "other settings")
    release.touch()
    tokens = [job.join() for job in same]
    assert tokens[0] == tokens[1] == tokens[2]
    assert other.join() != tokens[0]
    for job in busy:
        job.join()


def test_a_caller_who_leaves_cancels_the_job_and_frees_its_worker(idle_pool, tmp_path):
    never = tmp_path / "never"

    def leave_after_three(done, total, losses):
        if done >= 3:
            raise KeyboardInterrupt("the learner left the page")

    with pytest.raises(KeyboardInterrupt):
        idle_pool.run(pool_jobs.until_file, (str(never),), on_progress=leave_after_three)
    wait_until(lambda: not idle_pool.busy_pids(), "the worker stopped the job")  # never.touch() never runs

    # Leaving while still in line drops the place.
    blocked = tmp_path / "blocked"
    busy = [Background(idle_pool, pool_jobs.until_file, str(blocked), tag=tag) for tag in ("1", "2")]
    wait_until(lambda: len(idle_pool.busy_pids()) == 2, "both workers are busy")

    def leave(ahead):
        raise KeyboardInterrupt("the learner left while waiting")

    with pytest.raises(KeyboardInterrupt):
        idle_pool.run(pool_jobs.started_at, ("left",), on_wait=leave)
    assert idle_pool.waiting() == 0
    blocked.touch()
    for job in busy:
        job.join()


def test_a_killed_worker_is_replaced_and_only_its_caller_hears_of_it(idle_pool, tmp_path):
    bystander_file = tmp_path / "bystander"
    bystander = Background(idle_pool, pool_jobs.until_file, str(bystander_file))
    wait_until(lambda: len(idle_pool.busy_pids()) == 1, "the bystander runs")
    bystander_pid = idle_pool.busy_pids()[0]
    replaced = idle_pool.replaced

    def kill_my_worker(done, total, losses):
        if done == 1:
            victim = next(pid for pid in idle_pool.busy_pids() if pid != bystander_pid)
            os.kill(victim, signal.SIGKILL)

    with pytest.raises(WorkerLost, match="stopped unexpectedly; press Train again"):
        idle_pool.run(pool_jobs.until_file, (str(tmp_path / "never"),), on_progress=kill_my_worker)
    assert idle_pool.replaced == replaced + 1
    bystander_file.touch()
    assert bystander.join()[0] == bystander_pid  # the other learner noticed nothing
    wait_until(lambda: len(idle_pool.worker_pids()) == 2, "the new worker is ready")
    prediction, _, _ = idle_pool.run(pool_jobs.tiny_training, (3,), {"tag": "after"})
    assert prediction.shape == (len(pool_jobs.X), 1)


TRAIN_THROUGH_THE_POOL = """
import sys
from lessons import engine
from lessons.forecasting import training
engine.start_pool(1)
request = training.request_for_lesson("vanilla", epochs=12)
heard = []
result = training.train(request, on_progress=lambda *event: heard.append(event), use_cache=False)
assert result.prediction.shape == (1, 1) and len(result.losses) == 12 and heard, (result, heard)
# every other caller that builds Keras models, through the same pool
from lessons import memory
from lessons.forecasting import models
from lessons.input_shape import declare_lstm_input
run = memory.train(memory.STATEFUL, epochs=3)
assert run.probabilities.shape[0] == len(memory.DEFAULT_SEQUENCES) and len(run.losses) == 3
assert declare_lstm_input((5, 2)).model_input == (None, 5, 2)
assert declare_lstm_input((5, 2, 1)).error is not None  # Keras' own refusal, carried back as plain data
rows = engine.inspect_model(models.build_model, models.layer_rows, "vanilla", (3, 1), (1,), 50)
assert rows[-1]["output_shape"] == (None, 1), rows
assert engine.worker_pids() and engine.current_pool() is not None
print("TENSORFLOW_HERE=" + str(any(m.split(".")[0] in ("tensorflow", "keras") for m in sys.modules)))
engine.stop_pool()
"""


def test_trainings_probes_and_builds_through_the_pool_leave_tensorflow_out_of_the_web_process():
    result = subprocess.run([sys.executable, "-c", TRAIN_THROUGH_THE_POOL], cwd=ROOT, capture_output=True,
                            text=True, timeout=WAIT_SECONDS, env={**os.environ, "SHAPELAB_WORKERS": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "TENSORFLOW_HERE=False" in result.stdout, result.stdout + result.stderr[-2000:]


def test_the_worker_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SHAPELAB_WORKERS", "3")
    assert engine.worker_count() == 3
    monkeypatch.setenv("SHAPELAB_WORKERS", "0")
    assert engine.worker_count() == 0
    assert engine.start_pool() is None and engine.current_pool() is None  # 0: jobs stay in this process
    monkeypatch.setenv("SHAPELAB_WORKERS", "many")
    assert engine.worker_count() == (os.cpu_count() or 1)

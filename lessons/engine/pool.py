"""Worker processes that run jobs, so that a class trains on every core and the web server never
imports TensorFlow.

A `WorkerPool` starts `size` processes (standard library `multiprocessing`, spawned): the first
alone, the others once it is ready, so that one worker serves as early as it can (at a server's
start, every worker importing TensorFlow at once competes with the web server and the first
browsers for the cores, and all of them are ready late). Each worker imports TensorFlow once, runs
it single-threaded (so N workers share N cores, and a seed gives the same numbers in every worker),
and keeps the engine's compiled workspaces between jobs. The pool:

- queues jobs first come, first served, and hands the first in line to a free worker, preferring
  one that has already traced the job's architecture (its `affinity`, e.g. the recipe's workspace key);
- lets identical jobs in flight share one run (the job and its arguments pickle to the same bytes:
  a class pressing Train on the same defaults trains once);
- streams a job's progress back to every caller's own thread (`on_progress` runs there; of several
  waiting events only the newest, which holds the whole state), and calls `on_wait(ahead)` while
  the job waits; if either raises (Streamlit stopping a script), the caller leaves, and a job nobody
  waits for any more is dropped from the line or stopped at its next progress point, freeing its worker;
- replaces a worker that dies; the callers of the job it was running get `WorkerLost`;
- runs each worker's warm-up jobs (the tutorial's default trainings) while no learner is waiting,
  so that a learner's first click finds the architecture traced; `warm_up_first(affinity)` moves a
  lesson's warm-ups to the front (a page a learner has open is the one they are about to train).

One thread per pool (`_serve`) reads every worker's messages; callers wait on the pool's condition.
Messages are tuples: to a worker ("job", id, payload) / ("cancel", id) / ("stop",); from a worker
("ready", pid), ("progress", id, done, total, losses), ("done", id, result pickle),
("error", id, exception pickle, text), ("cancelled", id).
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import pickle
import sys
import threading
import time
import types
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_for_any
from pathlib import Path
from typing import Any

from lessons.engine.loop import ProgressCallback, WaitCallback

WORKERS_VARIABLE = "SHAPELAB_WORKERS"  # how many worker processes; 0: every job in this process
START_FAILURES_ALLOWED = 3  # workers in a row dying before they are ready: the pool gives up
TRACES_REMEMBERED = 24  # the architectures a worker is taken to keep (the engine's WORKSPACES_KEPT)
POLL_SECONDS = 0.25  # how often a waiting caller hears its place in line
STOP_SECONDS = 5  # how long an idle worker may take to stop before it is killed


class WorkerLost(RuntimeError):
    """The worker process running a job stopped (it crashed or was killed) before the job finished."""

    def __init__(self, message: str = "The training process stopped unexpectedly; press Train again.") -> None:
        super().__init__(message)


BROKEN = "The training processes cannot start; the server's log says why."


class JobCancelled(Exception):
    """A job stopped because nobody waits for it any more."""


@dataclass(frozen=True)
class Job:
    """A job to run later (e.g. a warm-up): a module-level function, its plain arguments and affinity."""

    function: Callable[..., Any]
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    affinity: Hashable | None = None


def worker_count(default: int | None = None) -> int:
    """`SHAPELAB_WORKERS` if set to a whole number ≥ 0, else `default`, else the machine's cores."""
    text = os.environ.get(WORKERS_VARIABLE, "").strip()
    if text.isdigit():
        return int(text)
    return default if default is not None else (os.cpu_count() or 1)


def worker_pids_of(server_pid: int) -> list[int]:
    """The worker processes another process (e.g. a Streamlit server a test started) runs, from /proc
    (Linux): its children started by multiprocessing's spawn."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == server_pid and "spawn_main" in command:
            pids.append(int(entry.name))
    return sorted(pids)


# --- the worker process --------------------------------------------------------------------------


def single_threaded_tensorflow() -> None:
    """TensorFlow on one thread, within ops and between them, as every worker trains: N workers share
    N cores without competing, and the lessons' small ops run quicker without a thread pool's hand-offs
    (parallel multi-step, warm: 0.53 s on one thread, 0.8–1.2 s on two). Before TensorFlow runs an op."""
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)


def _worker_main(conn: Any) -> None:
    """A worker: TensorFlow single-threaded, then jobs one at a time until told to stop (or orphaned)."""
    os.environ[WORKERS_VARIABLE] = "0"  # a job's own run_job calls run right here
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    single_threaded_tensorflow()
    import keras  # noqa: F401  (paid once here, not in a learner's first job)

    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the web server is gone
        if message[0] == "stop":
            return
        if message[0] == "job":
            _run_here(conn, message[1], message[2])
        # a "cancel" for a job already finished: nothing to do


def _run_here(conn: Any, job_id: int, payload: bytes) -> None:
    from lessons.engine.queue import TRAINING_QUEUE

    def on_progress(done: int, total: int, losses: list[float]) -> None:
        conn.send(("progress", job_id, done, total, list(losses)))
        while conn.poll():
            message = conn.recv()
            if message[0] == "cancel" and message[1] == job_id:
                raise JobCancelled()

    try:
        function, args, kwargs = pickle.loads(payload)
        with TRAINING_QUEUE.turn():
            result = function(*args, on_progress=on_progress, **kwargs)
        reply: tuple = ("done", job_id, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    except JobCancelled:
        reply = ("cancelled", job_id)
    except Exception as error:  # the caller gets it, as if the job had run in its own thread
        reply = ("error", job_id, _exception_pickle(error), f"{type(error).__name__}: {error}")
    conn.send(reply)
    _prepare_for_reuse()


def _prepare_for_reuse() -> None:
    """With the result on its way, the work a reused workspace pays off later (not while anyone waits)."""
    from lessons.engine.queue import TRAINING_QUEUE
    from lessons.engine.trainer import prepare_for_reuse

    try:
        with TRAINING_QUEUE.turn():
            prepare_for_reuse()
    except Exception as error:  # the workspace keeps building its seeded weights, as the tutorial does
        print(f"shapelab worker: no reseeder ({type(error).__name__}: {error})", file=sys.stderr)


def _exception_pickle(error: Exception) -> bytes | None:
    """The exception pickled, unless unpickling it would import TensorFlow or Keras in the web server."""
    if type(error).__module__.split(".")[0] in ("tensorflow", "keras", "tf_keras"):
        return None
    error.__traceback__ = None
    try:
        pickled = pickle.dumps(error, pickle.HIGHEST_PROTOCOL)
        pickle.loads(pickled)  # some exceptions pickle but cannot be rebuilt
        return pickled
    except Exception:
        return None


# --- the web server's side -----------------------------------------------------------------------


@dataclass(eq=False)
class _Job:
    id: int
    key: str  # a digest of the payload: equal keys, equal jobs
    payload: bytes
    affinity: Hashable | None
    warm_up: bool = False
    state: str = "queued"  # queued → running → finished
    callers: int = 0
    events: list[tuple[int, int, list[float]]] = field(default_factory=list)
    result: bytes | None = None
    error: BaseException | None = None
    error_pickle: bytes | None = None
    worker: _Worker | None = None

    def outcome(self) -> Any:
        """The result, unpickled afresh for each caller (callers never share objects), or the error."""
        if self.error_pickle is not None:
            raise pickle.loads(self.error_pickle)
        if self.error is not None:
            raise self.error
        return pickle.loads(self.result)


@dataclass(eq=False)
class _Worker:
    slot: int
    process: Any
    conn: Any
    warm_ups: deque[Job]
    pid: int | None = None
    ready: bool = False
    job: _Job | None = None
    traced: OrderedDict[Hashable, None] = field(default_factory=OrderedDict)
    gone: bool = False

    @property
    def free(self) -> bool:
        return self.ready and self.job is None and not self.gone


class WorkerPool:
    """`size` worker processes and the line of jobs waiting for them; see the module docstring."""

    def __init__(self, size: int, warm_ups: Sequence[Job] | Callable[[], Sequence[Job]] = ()) -> None:
        """`warm_ups`: the jobs every worker runs while nobody waits, or a function that lists them
        (called in a thread of its own, so a slow list does not hold up the server's start)."""
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self._context = multiprocessing.get_context("spawn")
        self._size = size
        self._warm_ups: tuple[Job, ...] = () if callable(warm_ups) else tuple(warm_ups)
        self._warm_ups_listed = not callable(warm_ups)
        self._first: list[Hashable] = []  # affinities asked for first, the latest first
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._line: deque[_Job] = deque()
        self._in_flight: dict[str, _Job] = {}
        self._closed = False
        self._broken = False  # workers keep dying before they are ready: no more are started
        self._start_failures = 0
        self.replaced = 0  # workers started again after one died
        self._workers = [self._start_worker(0)]  # the others start once it is ready (_handle)
        self._thread = threading.Thread(target=self._serve, name="shapelab-worker-pool", daemon=True)
        self._thread.start()
        if callable(warm_ups):
            threading.Thread(target=self._list_warm_ups, args=(warm_ups,), name="shapelab-warm-ups",
                             daemon=True).start()

    # --- what callers use ---

    @property
    def size(self) -> int:
        return self._size

    def worker_pids(self) -> list[int]:
        """The process ids of the workers that have started (for tests and benchmarks)."""
        with self._cond:
            return [w.pid for w in self._workers if w.pid is not None and not w.gone]

    def busy_pids(self) -> list[int]:
        """The process ids of the workers running a learner's job right now."""
        with self._cond:
            return [w.pid for w in self._workers if w.job is not None and not w.job.warm_up and w.pid]

    def waiting(self) -> int:
        """How many jobs wait in line for a worker."""
        with self._cond:
            return len(self._line)

    def warming_up(self) -> bool:
        """True until every worker has imported TensorFlow and run its warm-up jobs."""
        with self._cond:
            return not self._warm_ups_listed or len(self._workers) < self._size or any(
                not w.ready or w.warm_ups or (w.job is not None and w.job.warm_up) for w in self._workers)

    def warm_up_first(self, affinity: Hashable) -> None:
        """Run the warm-ups with this affinity before the others, on every worker that has not traced it.

        Cheap, and a no-op once the warm-up is over: a page may call it on every run."""
        with self._cond:
            known = not self._warm_ups_listed or any(job.affinity == affinity for job in self._warm_ups)
            if affinity in self._first[:1] or not known:
                return
            self._first = ([affinity] + [a for a in self._first if a != affinity])[:TRACES_REMEMBERED]
            for worker in self._workers:
                self._put_first(worker.warm_ups, affinity)

    def wait_until_warm(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self.warming_up():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(POLL_SECONDS if left is None else min(POLL_SECONDS, left))
        return True

    def run(
        self,
        function: Callable[..., Any],
        args: tuple = (),
        kwargs: dict | None = None,
        *,
        on_progress: ProgressCallback | None = None,
        on_wait: WaitCallback | None = None,
        affinity: Hashable | None = None,
    ) -> Any:
        """`function(*args, **kwargs, on_progress=…)` in a worker; its result (or its exception) here."""
        payload = pickle.dumps((function, tuple(args), dict(kwargs or {})), pickle.HIGHEST_PROTOCOL)
        key = hashlib.blake2b(payload, digest_size=20).hexdigest()
        with self._cond:
            if self._closed:
                raise RuntimeError("the worker pool is closed")
            if self._broken:
                raise WorkerLost(BROKEN)
            job = self._in_flight.get(key)
            if job is None:
                job = _Job(next(self._ids), key, payload, affinity)
                self._in_flight[key] = job
                self._line.append(job)
                self._dispatch()
            job.callers += 1
        seen = 0
        told: tuple[int, float] | None = None  # the place last reported, and when
        try:
            while True:
                with self._cond:
                    if job.state != "finished" and len(job.events) == seen:
                        self._cond.wait(POLL_SECONDS)
                    events, seen = job.events[seen:], len(job.events)
                    finished = job.state == "finished"
                    ahead = self._ahead(job) if job.state == "queued" else None
                if on_progress is not None and events:
                    # An event is the whole state so far (epochs done, every loss): of several waiting,
                    # the newest is all a page needs, so drawing never lags behind a quick training.
                    on_progress(*events[-1])
                if finished:
                    break
                if ahead is not None and on_wait is not None and (
                        told is None or told[0] != ahead or time.monotonic() - told[1] >= POLL_SECONDS):
                    told = (ahead, time.monotonic())  # a new place at once, the same one now and then
                    on_wait(ahead)
        except BaseException:
            with self._cond:
                job.callers -= 1
                if job.callers == 0 and job.state != "finished":
                    self._cancel(job)
            raise
        with self._cond:
            job.callers -= 1
        return job.outcome()

    def close(self) -> None:
        """Stop the workers (a job still running is lost to its callers)."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            workers = list(self._workers)
            for job in list(self._line) + [w.job for w in workers if w.job is not None]:
                self._finish(job, error=RuntimeError("the worker pool was closed"))
            self._line.clear()
            for worker in workers:
                try:
                    worker.conn.send(("stop",))
                except OSError:
                    pass
            self._cond.notify_all()
            busy = [w for w in workers if w.job is not None or not w.ready]
        for worker in busy:  # mid-job (or still loading TensorFlow): no reason to wait for it
            worker.process.kill()
        deadline = time.monotonic() + STOP_SECONDS
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(STOP_SECONDS)
            worker.conn.close()
        self._thread.join(STOP_SECONDS)

    # --- inside the pool (all under self._cond) ---

    def _start_worker(self, slot: int) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_worker_main, args=(child,), name=f"shapelab-worker-{slot}",
                                        daemon=True)
        # A spawned child normally runs the parent's main script again (as __mp_main__): here that is
        # Streamlit's command line, pytest or a benchmark, none of which a worker needs (jobs live in
        # importable modules). Naming the main module "__main__" while starting makes spawn skip it.
        main = sys.modules["__main__"]
        spec = getattr(main, "__spec__", None)
        main.__spec__ = types.SimpleNamespace(name="__main__")
        try:
            process.start()
        finally:
            main.__spec__ = spec
        child.close()  # the worker holds its end; ours alone would keep a dead worker's pipe open
        return _Worker(slot, process, parent, self._rotated_warm_ups(slot))

    def _rotated_warm_ups(self, slot: int) -> deque[Job]:
        """The warm-ups, each worker starting at another place, so that early on every lesson's
        architecture is traced somewhere as soon as possible."""
        start = slot * len(self._warm_ups) // self._size
        warm_ups = deque(self._warm_ups[start:] + self._warm_ups[:start])
        for affinity in reversed(self._first):  # the latest ends up in front
            self._put_first(warm_ups, affinity)
        return warm_ups

    @staticmethod
    def _put_first(warm_ups: deque[Job], affinity: Hashable) -> None:
        first = [job for job in warm_ups if job.affinity == affinity]
        if first:
            rest = [job for job in warm_ups if job.affinity != affinity]
            warm_ups.clear()
            warm_ups.extend(first + rest)

    def _list_warm_ups(self, list_them: Callable[[], Sequence[Job]]) -> None:
        try:
            jobs = tuple(list_them())
        except Exception as error:  # the pool works without them; the first clicks trace instead
            print(f"shapelab worker pool: no warm-up jobs ({type(error).__name__}: {error})", file=sys.stderr)
            jobs = ()
        with self._cond:
            self._warm_ups, self._warm_ups_listed = jobs, True
            for worker in self._workers:
                worker.warm_ups.extend(self._rotated_warm_ups(worker.slot))
            self._dispatch()
            self._cond.notify_all()

    def _ahead(self, job: _Job) -> int:
        """Jobs before this one: those waiting in front of it, and those the workers are running."""
        running = sum(1 for w in self._workers if w.job is not None or not w.ready)
        return self._line.index(job) + running

    def _dispatch(self) -> None:
        """Hand the first in line to a free worker (one that traced its architecture if one is free);
        a worker with nobody waiting runs its next warm-up."""
        while self._line:
            free = [w for w in self._workers if w.free]
            if not free:
                break
            job = self._line[0]
            worker = next((w for w in free if job.affinity is not None and job.affinity in w.traced), free[0])
            if not self._send(worker, job):
                continue
            self._line.popleft()
        if not self._line:
            for worker in self._workers:
                while worker.free and worker.warm_ups:
                    warm = worker.warm_ups.popleft()
                    payload = pickle.dumps((warm.function, tuple(warm.args), dict(warm.kwargs)),
                                           pickle.HIGHEST_PROTOCOL)
                    self._send(worker, _Job(next(self._ids), "", payload, warm.affinity, warm_up=True))

    def _send(self, worker: _Worker, job: _Job) -> bool:
        try:
            worker.conn.send(("job", job.id, job.payload))
        except OSError:  # it just died; _serve replaces it
            worker.gone = True
            return False
        worker.job, job.worker, job.state = job, worker, "running"
        return True

    def _cancel(self, job: _Job) -> None:
        """Nobody waits for `job` any more: out of the line, or told to stop at its next progress point."""
        self._in_flight.pop(job.key, None)  # a new identical request starts afresh
        if job.state == "queued":
            self._line.remove(job)
            self._finish(job, error=JobCancelled())
        elif job.worker is not None:
            try:
                job.worker.conn.send(("cancel", job.id))
            except OSError:
                pass

    def _finish(self, job: _Job, result: bytes | None = None, error: BaseException | None = None,
                error_pickle: bytes | None = None) -> None:
        job.state, job.result, job.error, job.error_pickle = "finished", result, error, error_pickle
        if self._in_flight.get(job.key) is job:
            del self._in_flight[job.key]
        self._cond.notify_all()

    def _handle(self, worker: _Worker, message: tuple) -> None:
        kind = message[0]
        if kind == "ready":
            worker.ready, worker.pid = True, message[1]
            self._workers += [self._start_worker(slot) for slot in range(len(self._workers), self._size)]
        elif kind == "progress":
            if worker.job is not None and worker.job.id == message[1]:
                worker.job.events.append(tuple(message[2:]))
        elif kind in ("done", "error", "cancelled"):
            job = worker.job
            if job is None or job.id != message[1]:
                return
            worker.job = None
            if kind == "done":
                if job.affinity is not None:
                    worker.traced[job.affinity] = None
                    worker.traced.move_to_end(job.affinity)
                    while len(worker.traced) > TRACES_REMEMBERED:
                        worker.traced.popitem(last=False)
                self._finish(job, result=message[2])
            elif kind == "error":
                if job.warm_up:  # nobody waits for it: say it in the server's log
                    print(f"shapelab worker pool: a warm-up job failed: {message[3]}", file=sys.stderr)
                self._finish(job, error=RuntimeError(message[3]), error_pickle=message[2])
            else:
                self._finish(job, error=JobCancelled())
        self._dispatch()
        self._cond.notify_all()

    def _lost(self, worker: _Worker) -> None:
        """A worker died: its job's callers get WorkerLost, a new worker takes its slot."""
        worker.gone = True
        if worker.job is not None:
            self._finish(worker.job, error=WorkerLost())
            worker.job = None
        worker.conn.close()
        self._start_failures = 0 if worker.ready else self._start_failures + 1
        if self._start_failures >= START_FAILURES_ALLOWED:
            self._broken = True  # it would only die again: stop, and tell everyone waiting
            for job in list(self._line):
                self._finish(job, error=WorkerLost(BROKEN))
            self._line.clear()
        elif not self._closed:
            self._workers[worker.slot] = self._start_worker(worker.slot)
            self.replaced += 1
            self._dispatch()
        self._cond.notify_all()

    def _serve(self) -> None:
        """The pool's one reader of worker messages and watcher of worker deaths."""
        while True:
            with self._cond:
                if self._closed:
                    return
                workers = list(self._workers)
            watched: dict[Any, _Worker] = {}
            for worker in workers:
                if worker.gone:
                    continue
                watched[worker.conn] = worker
                watched[worker.process.sentinel] = worker
            if not watched:  # every worker failed to start
                with self._cond:
                    self._cond.wait(1.0)
                continue
            try:
                ready = wait_for_any(list(watched), timeout=1.0)
            except OSError:  # a connection closed under us (close()); look again
                continue
            for worker in dict.fromkeys(watched[r] for r in ready):
                self._read(worker)

    def _read(self, worker: _Worker) -> None:
        while True:
            try:
                if not worker.conn.poll():
                    break
                message = worker.conn.recv()
            except (EOFError, OSError):
                break
            with self._cond:
                if worker.gone or self._closed:
                    return
                self._handle(worker, message)
        if not worker.process.is_alive():
            worker.process.join(0)
            with self._cond:
                if not worker.gone and not self._closed:
                    self._lost(worker)

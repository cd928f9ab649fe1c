"""A class on one server: 30 learners open the same lesson, each sets a seed, all press Train at once.

Run: .venv/bin/python benchmarks/bench_load.py [--learners 30] [--lesson vanilla] [--workers N]
(about 2–4 minutes on 2 shared cores)

Each learner is a thread calling the lesson's own API the way its page does (`training.train(request,
on_progress, on_wait)` → `engine.run_job`), not an AppTest or a browser: 30 Streamlit sessions or 30
Chromium pages would load the 2-core machine more than the trainings do, and the server-side path
is the same. Every learner waits at a barrier, then "presses Train"; its wait is the time from the
press to its result.

Two designs in one run, the same 30 requests, both warm (the architecture traced before the clock):
1. the worker pool (`SHAPELAB_WORKERS`, default one per core), as app.py starts it;
2. the single queue (`SHAPELAB_WORKERS=0`): every training in this process, one at a time.
It prints errors (must be 0), median and slowest wait, the ratio of the two designs' times for all
30 (target ≥ 1.6× on 2 cores), and checks that every learner's prediction equals a solo training
with that seed through the pool (and how far the single queue's, with TensorFlow's default threads,
lands from it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from lessons import engine  # noqa: E402
from lessons.forecasting import training  # noqa: E402


def class_presses_train(requests: list[training.TrainRequest]) -> tuple[list, list[float], list[str], float]:
    """Every request in its own thread, released together; (results, waits, errors, seconds for all)."""
    results: list = [None] * len(requests)
    waits = [0.0] * len(requests)
    errors: list[str] = []
    barrier = threading.Barrier(len(requests) + 1)

    def learner(index: int) -> None:
        barrier.wait()
        pressed = time.perf_counter()
        try:
            results[index] = training.train(requests[index], lambda *progress: None, lambda ahead: None,
                                            use_cache=False)
        except Exception as error:  # noqa: BLE001 - counted and printed
            errors.append(f"learner {index}: {type(error).__name__}: {error}")
        waits[index] = time.perf_counter() - pressed

    threads = [threading.Thread(target=learner, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, waits, errors, time.perf_counter() - started


def summary(name: str, waits: list[float], errors: list[str], seconds: float) -> None:
    print(f"{name}: all {len(waits)} done in {seconds:.1f} s; errors {len(errors)}; wait median "
          f"{statistics.median(waits):.1f} s, slowest {max(waits):.1f} s")
    for error in errors[:5]:
        print("   ", error)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--lesson", default="vanilla")
    parser.add_argument("--workers", type=int, default=engine.worker_count())
    args = parser.parse_args()
    base = training.request_for_lesson(args.lesson)
    requests = [training.with_seed(base, 1_000 + i) for i in range(args.learners)]
    warm = training.with_seed(base, 999)  # traces the architecture; not one of the learners' seeds
    print(f"{args.learners} learners, lesson {args.lesson!r} ({base.epochs} epochs, {base.units} units), "
          f"{os.cpu_count()} cores, pool of {args.workers} workers")

    # 1. the pool, every worker warm (each has traced the lesson's architecture)
    pool = engine.start_pool(args.workers, warm_ups=[engine.Job(training.train_job, (warm,),
                                                                affinity=training.recipe_for(warm).workspace_key)])
    assert pool is not None and pool.wait_until_warm(600), "the workers did not warm up"
    pooled, pool_waits, pool_errors, pool_seconds = class_presses_train(requests)
    summary("worker pool", pool_waits, pool_errors, pool_seconds)
    solo = [training.train(r, use_cache=False) for r in requests]  # one at a time, same pool
    same = sum(1 for p, s in zip(pooled, solo) if p is not None and np.array_equal(p.prediction, s.prediction))
    print(f"  every learner's prediction equals a solo training with that seed: {same} of {len(requests)}"
          f"{'' if same == len(requests) else '  <-- NOT REPRODUCIBLE'}")
    print(f"  TensorFlow in this (web) process during the pool run: {'tensorflow' in sys.modules}")
    engine.stop_pool()

    # 2. the single queue: every training in this process, one at a time (warm too)
    training.train(warm, use_cache=False)
    queued, queue_waits, queue_errors, queue_seconds = class_presses_train(requests)
    summary("single queue", queue_waits, queue_errors, queue_seconds)
    gaps = [float(np.max(np.abs(q.prediction - s.prediction) / np.maximum(np.abs(s.prediction), 1e-6)))
            for q, s in zip(queued, solo) if q is not None]
    print(f"  largest relative difference from the pool's (TensorFlow's default threads here): "
          f"{max(gaps) * 100:.2e} %")

    ratio = queue_seconds / pool_seconds
    per_training = pool_seconds * args.workers / args.learners
    print(f"pool / single queue, all {args.learners} learners: {queue_seconds:.1f} s / {pool_seconds:.1f} s "
          f"= {ratio:.2f}x sooner with {args.workers} workers (target >= 1.6x on 2 cores)")
    print(f"scaling (projected from this run, not measured): the single queue trains one at a time whatever "
          f"the cores; the pool trains one per worker at about {per_training:.2f} core-seconds each here, so a "
          f"server of N cores finishes a class of {args.learners} in about {per_training * args.learners:.0f}/N s "
          f"({per_training * args.learners / 4:.1f} s on 4, {per_training * args.learners / 8:.1f} s on 8), "
          f"as long as memory allows one TensorFlow per core (about 0.5 GB each).")

if __name__ == "__main__":
    main()

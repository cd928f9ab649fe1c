"""Train the eleven tutorial models the tutorial's way and with the engine; compare time and result.

Run: .venv/bin/python benchmarks/bench_training.py   (about 4 minutes on 2 cores)

The tutorial's way: set the seed, build a fresh model, `compile(optimizer="adam", loss="mse")`,
`fit(X, y, epochs=E, verbose=0)`, `predict`. The engine: `lessons.training.train` with the same
seed, its result cache bypassed, each architecture traced for the first time (the eleven lessons
have eleven different architectures). Both get one untimed warm-up on a throwaway architecture so
neither pays TensorFlow's one-off start-up alone. A second seed on the now-compiled workspace shows
what the 5-seed spread costs per extra seed.

Targets: total ≥ 12×, no model under 5×, engine predictions within 1% of the tutorial way's.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from lessons.forecasting import tutorial as forecasting
from lessons.forecasting import models
from lessons.forecasting import training  # noqa: E402


def tutorial_way(request: training.TrainRequest) -> np.ndarray:
    import keras

    keras.utils.set_random_seed(request.seed)
    X, y = request.x_array, request.y_array
    model = models.build_model(request.variant, X.shape, y.shape, request.units)
    model.compile(optimizer="adam", loss="mse")
    model.fit(X, y, epochs=request.epochs, verbose=0)
    return model.predict(request.test_array, verbose=0)


CPU = [0.0, 0.0]  # process CPU seconds: tutorial's way, engine (other helpers' load barely moves these)


def timed(call, cpu_slot: int | None = None):
    started, cpu_started = time.perf_counter(), time.process_time()
    value = call()
    if cpu_slot is not None:
        CPU[cpu_slot] += time.process_time() - cpu_started
    return value, time.perf_counter() - started


def fmt(values: np.ndarray) -> str:
    return "[" + " ".join(f"{v:.2f}" for v in np.ravel(values)) + "]"


def main() -> None:
    warm = training.make_request(
        "vanilla", np.ones((2, 2, 1)), np.ones((2, 1)), 4, 2, 0.001, 0, np.ones((1, 2, 1))
    )
    tutorial_way(warm)
    training.train(warm, use_cache=False)

    header = (
        f"{'model':<26}{'tutorial s':>11}{'engine s':>10}{'ratio':>7}{'seed 2 s':>10}  "
        f"{'off %':>6}  tutorial / engine / expected"
    )
    print(header)
    totals = [0.0, 0.0]
    second_seeds = 0.0
    ratios = []
    worst_off = 0.0
    for key, lesson in forecasting.LESSONS.items():
        request = training.request_for_lesson(lesson)
        reference, t_ref = timed(lambda: tutorial_way(request), 0)
        result, t_eng = timed(lambda: training.train(request, use_cache=False), 1)
        _, t_seed2 = timed(lambda: training.train(training.with_seed(request, request.seed + 1),
                                                  use_cache=False))
        second_seeds += t_seed2
        off = float(np.max(np.abs(result.prediction - reference) / np.abs(reference)) * 100)
        worst_off = max(worst_off, off)
        totals[0] += t_ref
        totals[1] += t_eng
        ratios.append(t_ref / t_eng)
        print(
            f"{key:<26}{t_ref:>11.2f}{t_eng:>10.2f}{t_ref / t_eng:>6.1f}x{t_seed2:>10.2f}  "
            f"{off:>6.3f}  {fmt(reference)} / {fmt(result.prediction)} / {fmt(lesson.expected)}",
            flush=True,
        )
    print(f"all eleven: tutorial {totals[0]:.1f} s, engine {totals[1]:.1f} s; "
          f"largest prediction difference {worst_off:.3f}%")
    print(f"a second seed on the kept workspaces: {second_seeds:.1f} s for all eleven "
          f"vs {totals[1]:.1f} s for the first (no new trace)")
    print(f"CPU time: tutorial {CPU[0]:.1f} s, engine {CPU[1]:.1f} s, {CPU[0] / CPU[1]:.1f}x")
    print(f"total speedup: {totals[0] / totals[1]:.1f}x, slowest: {min(ratios):.1f}x")


if __name__ == "__main__":
    main()

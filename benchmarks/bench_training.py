"""Train the eleven tutorial models the tutorial's way and with the engine; compare time and result.

Run: .venv/bin/python benchmarks/bench_training.py   (about 5 minutes on 2 idle cores)

The tutorial's way: set the seed, build a fresh model, `compile(optimizer="adam", loss="mse")`,
`fit(X, y, epochs=E, verbose=0)`, `predict`. The engine: `lessons.forecasting.training.train` with
the same seed, its result cache bypassed, each architecture traced for the first time (the eleven
lessons have eleven different architectures). Both get one untimed warm-up on a throwaway
architecture so neither pays TensorFlow's one-off start-up alone. A second seed on the
now-compiled workspace shows what the 5-seed spread costs per extra seed.

The engine applies each Adam update with TensorFlow's fused kernel (`lessons.engine.trainer.apply_adam`,
on the Keras optimizer's own moments). After the table, the same eleven trainings run twice more on
fresh workspaces, once that way and once with Keras' public `optimizer.apply(gradients, weights)`,
first seed and second seed, alternating which goes first, so the ratio says from this one run what
the fused kernel saves.

Last, `make_request` on a 5,000 × 100 data set (the largest a page accepts), which every page
rerun pays.

The warm line times the same engine trainings on workspaces trained twice before (what the pool's
pre-warmed workers give a learner: lessons/warm_up.py runs each default training twice):
`warm total speedup: N.Nx, slowest: N.Nx`. There the engine draws a seed's initial weights without
building a model (`trainer.Reseeder`, learned after a workspace's first reuse, the "seed 2" column:
a pool worker learns it once it has sent that result, and so does this benchmark, untimed) and
predicts with a compiled forward pass (`engine.predict`).

Both ways run with TensorFlow on one thread, as the pool's workers train (`single_threaded_tensorflow`:
the lessons' small ops run quicker so than on TensorFlow's default thread pool, the tutorial's way
too); `--default-threads` leaves TensorFlow's default, as a learner's own process has it.

Targets: total ≥ 12×, no model under 5×; warm ≥ 40× in total, none under 20×; engine predictions
within 1% of the tutorial way's. `--skip-adam` leaves out the Adam comparison (half the run).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from unittest import mock

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from lessons import engine  # noqa: E402
from lessons.engine import trainer  # noqa: E402
from lessons.engine.pool import single_threaded_tensorflow  # noqa: E402
from lessons.forecasting import models  # noqa: E402
from lessons.forecasting import training  # noqa: E402
from lessons.forecasting import tutorial as forecasting  # noqa: E402


def tutorial_way(request: training.TrainRequest) -> np.ndarray:
    return engine.run_job(tutorial_job, request)  # in this process: the benchmark starts no pool


def tutorial_job(request: training.TrainRequest, on_progress=None) -> np.ndarray:
    """The tutorial's way as a job: seed, build, compile, fit, predict."""
    X, y = request.x_array, request.y_array
    model = engine.build_seeded(lambda: models.build_model(request.variant, X.shape, y.shape, request.units),
                                request.seed)
    model.compile(optimizer="adam", loss="mse")
    model.fit(X, y, epochs=request.epochs, verbose=0)
    return model.predict(request.test_array, verbose=0)


def keras_apply(optimizer, gradients, weights) -> None:
    """Keras' public optimizer API: the update `fit` applies."""
    optimizer.apply(gradients, weights)


def engine_way(request: training.TrainRequest, apply=None) -> np.ndarray:
    """The engine's training of the request on workspaces of its own (traced anew), each update
    applied by the engine's `apply_adam` or by `apply` (patched in this process: no pool here)."""
    recipe = training.recipe_for(request)
    recipe = dataclasses.replace(recipe, key=("bench", "engine" if apply is None else apply.__name__) + recipe.key)
    with mock.patch.object(trainer, "apply_adam", apply or trainer.apply_adam):
        trained = engine.fit(recipe, (request.X, request.y), seed=request.seed,
                             learning_rate=request.learning_rate, epochs=request.epochs,
                             after=lambda model: engine.predict(model, request.test_array))
    return trained.output


CPU = [0.0, 0.0]  # process CPU seconds: tutorial's way, engine (other helpers' load barely moves these)


def timed(call, cpu_slot: int | None = None):
    started, cpu_started = time.perf_counter(), time.process_time()
    value = call()
    if cpu_slot is not None:
        CPU[cpu_slot] += time.process_time() - cpu_started
    return value, time.perf_counter() - started


def fmt(values: np.ndarray) -> str:
    return "[" + " ".join(f"{v:.2f}" for v in np.ravel(values)) + "]"


def make_request_seconds(samples: int = 5_000, window: int = 100, repeats: int = 5) -> float:
    rng = np.random.default_rng(0)
    X, y, test = rng.normal(size=(samples, window, 1)), rng.normal(size=(samples, 1)), rng.normal(size=(1, window, 1))
    started = time.perf_counter()
    for _ in range(repeats):
        training.make_request("vanilla", X, y, 50, 200, 0.001, 1, test)
    return (time.perf_counter() - started) / repeats


def compare_adam_steps() -> None:
    """Both ways of applying Adam on every lesson, first seed (traced) and second, alternating order."""
    ways = [lambda r: engine_way(r), lambda r: engine_way(r, keras_apply)]
    wall = [[0.0, 0.0], [0.0, 0.0]]  # [fused kernel, Keras' optimizer.apply] × [first seed, second seed]
    cpu = [[0.0, 0.0], [0.0, 0.0]]
    worst_gap = 0.0
    for index, lesson in enumerate(forecasting.LESSONS.values()):
        request = training.request_for_lesson(lesson)
        for seed_index, r in enumerate((request, training.with_seed(request, request.seed + 1))):
            outputs: list = [None, None]
            for way in ((0, 1) if (index + seed_index) % 2 == 0 else (1, 0)):
                started = time.process_time()
                outputs[way], seconds = timed(lambda: ways[way](r))
                cpu[way][seed_index] += time.process_time() - started
                wall[way][seed_index] += seconds
            worst_gap = max(worst_gap, float(np.max(np.abs(outputs[0] - outputs[1]) / np.abs(outputs[1])) * 100))
    print("Adam updates, all eleven, Keras' optimizer.apply / the fused kernel (the engine's apply_adam):")
    for seed_index, name in enumerate(("first seed (traced)", "second seed")):
        print(f"  {name}: wall {wall[1][seed_index]:.1f} s / {wall[0][seed_index]:.1f} s = "
              f"{wall[1][seed_index] / wall[0][seed_index]:.2f}x, CPU {cpu[1][seed_index]:.1f} s / "
              f"{cpu[0][seed_index]:.1f} s = {cpu[1][seed_index] / cpu[0][seed_index]:.2f}x")
    print(f"  largest prediction difference between the two: {worst_gap:.4f}%")


def main() -> None:
    skip_adam = "--skip-adam" in sys.argv  # the table and the warm line only
    if "--default-threads" not in sys.argv:
        single_threaded_tensorflow()  # as the pool's workers train; both ways in this process share it
    print("TensorFlow threads:", "TensorFlow's default" if "--default-threads" in sys.argv else "one, as the pool's workers")
    warm = training.make_request(
        "vanilla", np.ones((2, 2, 1)), np.ones((2, 1)), 4, 2, 0.001, 0, np.ones((1, 2, 1))
    )
    tutorial_way(warm)
    training.train(warm, use_cache=False)

    header = (
        f"{'model':<26}{'tutorial s':>11}{'engine s':>10}{'ratio':>7}{'seed 2 s':>10}{'warm s':>8}  "
        f"{'off %':>6}  tutorial / engine / expected"
    )
    print(header)
    totals = [0.0, 0.0]
    second_seeds = warm_seconds = 0.0
    ratios = []
    warm_ratios = []
    worst_off = 0.0
    for key, lesson in forecasting.LESSONS.items():
        request = training.request_for_lesson(lesson)
        reference, t_ref = timed(lambda: tutorial_way(request), 0)
        result, t_eng = timed(lambda: training.train(request, use_cache=False), 1)
        _, t_seed2 = timed(lambda: training.train(training.with_seed(request, request.seed + 1),
                                                  use_cache=False))
        with engine.TRAINING_QUEUE.turn():
            engine.prepare_for_reuse()  # what a worker does after sending a result, while nobody waits
        _, t_warm = timed(lambda: training.train(training.with_seed(request, request.seed + 2),
                                                 use_cache=False))
        second_seeds += t_seed2
        warm_seconds += t_warm
        warm_ratios.append(t_ref / t_warm)
        off = float(np.max(np.abs(result.prediction - reference) / np.abs(reference)) * 100)
        worst_off = max(worst_off, off)
        totals[0] += t_ref
        totals[1] += t_eng
        ratios.append(t_ref / t_eng)
        print(
            f"{key:<26}{t_ref:>11.2f}{t_eng:>10.2f}{t_ref / t_eng:>6.1f}x{t_seed2:>10.2f}{t_warm:>8.2f}  "
            f"{off:>6.3f}  {fmt(reference)} / {fmt(result.prediction)} / {fmt(lesson.expected)}",
            flush=True,
        )
    print(f"all eleven: tutorial {totals[0]:.1f} s, engine {totals[1]:.1f} s; "
          f"largest prediction difference {worst_off:.3f}%")
    print(f"a second seed on the kept workspaces: {second_seeds:.1f} s for all eleven "
          f"vs {totals[1]:.1f} s for the first (no new trace)")
    print(f"CPU time: tutorial {CPU[0]:.1f} s, engine {CPU[1]:.1f} s, {CPU[0] / CPU[1]:.1f}x")
    print(f"total speedup: {totals[0] / totals[1]:.1f}x, slowest: {min(ratios):.1f}x")
    # What a learner gets from a pre-warmed worker: every workspace trained twice before the clock
    # starts (the table's "warm" column: a third seed), against the tutorial's way timed above.
    print(f"warm (each workspace trained twice before the clock starts, as pre-warmed workers have them): "
          f"tutorial {totals[0]:.1f} s, engine {warm_seconds:.1f} s")
    print(f"warm total speedup: {totals[0] / warm_seconds:.1f}x, slowest: {min(warm_ratios):.1f}x")
    if not skip_adam:
        compare_adam_steps()
    print(f"make_request at 5,000 × 100: {make_request_seconds() * 1000:.1f} ms")


if __name__ == "__main__":
    main()

"""The memory demo trained the tutorial's way and the app's way, in one run: time and accuracy.

Run: .venv/bin/python benchmarks/bench_memory.py   (3–10 minutes on 2 cores: the tutorial's way is slow)

The tutorial's way (`lessons.memory.train_with_fit_calls`): a stateful LSTM(20) with batch size 1,
250 epochs, each epoch one `fit` on sequence 1 and one on sequence 2 (`shuffle=False`), the layer's
state reset after each; Adam's default learning rate, as the tutorial compiles it.

The app's way (`lessons.memory.train`, the defaults the page uses): the same model and epochs, one
compiled `tf.function` call per chunk of 25 epochs, states reset inside the compiled loop, one
update per sequence through all its steps, learning rate 0.01. Also timed: the compiled loop with
the tutorial's exact update rule (`updates="each_step"`), which must reproduce its losses, and the
page's downloadable plain-Keras script of the app's way (a stateless twin trained with one `fit`
call, its weights copied into the stateful model), which must give the same predictions.

Both pay TensorFlow's start-up in an untimed warm-up first. Seeds 1, 2 and 3 show how much the
tutorial's way leaves to luck. Target: the app's way ≥ 10× faster, every step right.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from lessons import memory  # noqa: E402

SEEDS = (1, 2, 3)


def timed(call):
    started = time.perf_counter()
    value = call()
    return value, time.perf_counter() - started


def right(run: memory.MemoryRun) -> str:
    return f"{int(run.right.sum())}/{run.right.size} steps right"


def plain_keras_script(seed: int) -> np.ndarray:
    """Run the page's downloadable script (the app's way in plain Keras); its step-by-step outputs."""
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(memory.stateful_code(seed=seed), "app_way.py", "exec"), namespace)  # our own code
    outputs = []
    for sequence in memory.DEFAULT_SEQUENCES:
        namespace["lstm"].reset_state()
        X, _ = memory.stateful_arrays(sequence, memory.DEFAULT_ALPHABET)
        outputs.append(namespace["model"].predict(X, batch_size=1, verbose=0))
    return np.array(outputs)


def main() -> None:
    memory.train_with_fit_calls(epochs=1)
    memory.train(memory.STATEFUL, epochs=1)

    print(f"{'seed':>4}  {'way':<40}{'seconds':>9}  {'ratio':>6}  result")
    total_tutorial = total_app = 0.0
    for seed in SEEDS:
        tutorial, t_tutorial = timed(
            lambda: memory.train_with_fit_calls(seed=seed, learning_rate=0.001)
        )
        app, t_app = timed(lambda: memory.train(memory.STATEFUL, seed=seed))
        same_rule, t_same = timed(
            lambda: memory.train(memory.STATEFUL, seed=seed, updates="each_step", learning_rate=0.001)
        )
        script, t_script = timed(lambda: plain_keras_script(seed))
        total_tutorial += t_tutorial
        total_app += t_app
        gap = max(abs(a - b) for a, b in zip(tutorial.losses, same_rule.losses))
        print(f"{seed:>4}  {'tutorial: 250 × 2 fit calls, batch 1':<40}{t_tutorial:>9.2f}  {'1.0×':>6}  {right(tutorial)}")
        print(f"{'':>4}  {'app: compiled, through the sequence':<40}{t_app:>9.2f}  {t_tutorial / t_app:>5.1f}×  {right(app)}")
        print(
            f"{'':>4}  {'app loop, tutorial update rule':<40}{t_same:>9.2f}  {t_tutorial / t_same:>5.1f}×  "
            f"{right(same_rule)}; largest loss gap to fit {gap:.1e}"
        )
        script_right = int((script.argmax(-1) == app.expected).sum())
        print(
            f"{'':>4}  {'app way as plain Keras (twin + fit)':<40}{t_script:>9.2f}  {t_tutorial / t_script:>5.1f}×  "
            f"{script_right}/{app.right.size} steps right; largest output gap to app "
            f"{np.abs(script - app.probabilities).max():.1e}"
        )
    print(f"\ntotal: tutorial {total_tutorial:.1f} s, app {total_app:.1f} s, ratio {total_tutorial / total_app:.1f}×")


if __name__ == "__main__":
    main()

"""Jobs the pool tests send to worker processes (module-level, so a worker can import them)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from lessons import engine

RNG = np.random.default_rng(0)
X = RNG.normal(size=(16, 4, 1)).astype(np.float32)
Y = X.sum(axis=1) * 0.5


def _lstm_model():
    import keras
    from keras import layers

    return keras.Sequential([keras.Input(shape=(4, 1)), layers.LSTM(6), layers.Dense(1)])


def _predict(model) -> np.ndarray:
    return np.array(model(X, training=False))


RECIPE_KEY = ("test_pool", "lstm6")


def tiny_training(seed: int, epochs: int = 30, tag: str = "", on_progress=None) -> tuple[np.ndarray, list[float], int]:
    """A small seeded LSTM training: its prediction, its losses and the process that ran it.
    (`tag` changes nothing but the job's bytes, so equal trainings can run apart.)"""
    recipe = engine.Recipe(RECIPE_KEY, _lstm_model)
    trained = engine.fit(recipe, (X, Y), seed=seed, learning_rate=0.01, epochs=epochs, after=_predict,
                         on_progress=on_progress)
    return trained.output, trained.losses, os.getpid()


def until_file(path: str, tag: str = "", on_progress=None) -> tuple[int, int]:
    """Reports progress until `path` exists (or cancellation stops it); (pid, start time in ns)."""
    started = time.time_ns()
    step = 0
    while not Path(path).exists():
        step += 1
        if on_progress is not None:
            on_progress(step, 0, [])
        time.sleep(0.02)
    return os.getpid(), started


def count_to(n: int, on_progress=None) -> int:
    """Reports progress 1, 2, …, n as fast as it can (each report the whole state so far)."""
    for step in range(1, n + 1):
        if on_progress is not None:
            on_progress(step, n, [0.0] * step)
    return n


def started_at(label: str, on_progress=None) -> tuple[str, int]:
    return label, time.time_ns()


def token(tag: str, on_progress=None) -> bytes:
    """Random bytes drawn in the worker: two callers that get the same bytes shared one run."""
    if on_progress is not None:
        on_progress(1, 1, [0.0])
    return os.urandom(16)


def fails(on_progress=None) -> None:
    raise ValueError("a learner's bad input, raised in the worker")


def loaded_modules(on_progress=None) -> bool:
    import sys

    return "tensorflow" in sys.modules


def reuse_state(on_progress=None) -> tuple[bool, bool, int]:
    """Whether this worker's workspace for RECIPE_KEY draws seeds with a reseeder, whether one is
    still to be learned, and the worker's process id."""
    from lessons.engine import trainer

    workspace = trainer._workspaces[engine.Recipe(RECIPE_KEY, _lstm_model).workspace_key]
    return workspace.reseed is not None, workspace.learn_from is not None, os.getpid()

"""Labelled series for the real-data tests, made here from a seed: sine, square and noise.

The classes are easy to tell apart on purpose (a square wave three times as tall as the sine, the
noise ten times flatter), so a small LSTM beats the majority baseline on them whatever the seed;
what the tests check is the pipeline (files → pivot → labels → split → training → scores).
Files come out the way a learner's would: a long CSV with its rows shuffled and text ids, and a
labels file with or without the ids.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CLASSES = ("sine", "square", "noise")
PERIOD = 10


def labelled_series(per_class: int = 8, steps: int = 40, channels: int = 1,
                    seed: int = 0) -> tuple[np.ndarray, list[str], list[str]]:
    """(series, steps, channels) float32 values, one class name per series, and the series ids."""
    rng = np.random.default_rng(seed)
    names = [CLASSES[i % len(CLASSES)] for i in range(per_class * len(CLASSES))]
    names = [names[i] for i in rng.permutation(len(names))]
    t = np.arange(steps)
    values = np.empty((len(names), steps, channels), dtype=np.float32)
    for i, name in enumerate(names):
        wave = np.sin(2 * np.pi * t / PERIOD + rng.uniform(0, 2 * np.pi))
        first = {"sine": wave, "square": 3 * np.sign(wave), "noise": rng.normal(0, 0.1, steps)}[name]
        for c in range(channels):
            values[i, :, c] = first * (1 + c) + rng.normal(0, 0.05, steps)
    ids = [f"unit-{i + 1:02d}" for i in range(len(names))]
    return values, names, ids


def long_table(values: np.ndarray, ids: list[str], labels: list[str] | None = None,
               seed: int = 0) -> pd.DataFrame:
    """One row per (id, step), columns id, step, ch1, ch2, … (and label), rows shuffled."""
    n, steps, channels = values.shape
    frame = pd.DataFrame({"id": np.repeat(ids, steps), "step": np.tile(np.arange(steps), n)})
    for c in range(channels):
        frame[f"ch{c + 1}"] = values[:, :, c].ravel()
    if labels is not None:
        frame["label"] = np.repeat(labels, steps)
    order = np.random.default_rng(seed).permutation(len(frame))
    return frame.iloc[order].reset_index(drop=True)


def long_csv(values: np.ndarray, ids: list[str], labels: list[str] | None = None, seed: int = 0) -> bytes:
    return long_table(values, ids, labels, seed).to_csv(index=False, float_format="%.5f").encode()


def labels_csv(ids: list[str] | None, labels: list[str]) -> bytes:
    """A labels file: 'id,label' rows when `ids` is given, else one 'label' column in series order."""
    frame = pd.DataFrame({"label": labels}) if ids is None else pd.DataFrame({"id": ids, "label": labels})
    return frame.to_csv(index=False).encode()

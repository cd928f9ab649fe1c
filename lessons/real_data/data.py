"""The real-data lesson's table: 1,000 generated series of 3,125 steps in three classes, which
series are held out, and its size in bytes said plainly.

The app ships no data set: `generate_series` makes the three classes from a seed. The split is by
whole series, so no window of a held-out series is ever trained on.
"""

from __future__ import annotations

import numpy as np

N_SERIES = 1_000
LENGTH = 3_125
CLASS_NAMES = ("slow wave", "fast wave", "drift")
DTYPE = np.float32  # what Keras trains in; half the memory of NumPy's default float64
DEFAULT_SEED = 0
TEST_FRACTION = 0.2  # held-out *series*: no window of a test series is ever trained on


def generate_series(
    n_series: int = N_SERIES, length: int = LENGTH, seed: int = DEFAULT_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """`n_series` series of `length` steps and their labels 0, 1, 2 (see CLASS_NAMES).

    Pure: the same arguments give the same arrays, so a page can cache it. Every class is noisy
    and starts at a random phase; what tells them apart is how the series moves over a few dozen
    steps — slow waves, fast waves, or a wandering drift — so a short window can see it.
    """
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n_series) % len(CLASS_NAMES))
    t = np.arange(length)
    series = np.empty((n_series, length), dtype=DTYPE)
    for i, label in enumerate(labels):
        noise = rng.normal(0.0, 0.35, length)
        if label == 2:
            walk = np.cumsum(rng.normal(0.0, 0.12, length))
            series[i] = walk - walk.mean() + noise
        else:
            period = rng.uniform(50, 80) if label == 0 else rng.uniform(12, 20)
            amplitude = rng.uniform(0.7, 1.3)
            series[i] = amplitude * np.sin(2 * np.pi * t / period + rng.uniform(0, 2 * np.pi)) + noise
    return series, labels.astype(np.int64)


def split_series(n_series: int, seed: int = DEFAULT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Train and held-out series indices (whole series, so no window leaks across)."""
    order = np.random.default_rng(seed).permutation(n_series)
    n_test = max(1, round(n_series * TEST_FRACTION))
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def format_bytes(nbytes: int) -> str:
    """A byte count as people say it: 0 bytes, 12.5 MB, 1.21 GB (powers of 1,000)."""
    if nbytes == 0:
        return "0 bytes"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if nbytes >= size:
            return f"{nbytes / size:,.3g} {unit}"
    return f"{nbytes} bytes"

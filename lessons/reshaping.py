"""Reshaping sequences into LSTM input, and the rules that decide whether a shape works."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lessons.captured import CapturedError, capture, numpy_source


def to_samples_timesteps_features(values: np.ndarray) -> np.ndarray:
    """A 1D series → (1, timesteps, 1); a 2D table of rows × series → (1, rows, series)."""
    array = np.asarray(values, dtype=float)
    if array.ndim == 1:
        return array.reshape((1, array.shape[0], 1))
    if array.ndim == 2:
        return array.reshape((1, array.shape[0], array.shape[1]))
    raise ValueError(f"expected a 1D series or a 2D table, got {array.ndim} dimensions")


def try_reshape(values: np.ndarray, shape: tuple[int, ...]) -> tuple[np.ndarray | None, CapturedError | None]:
    """Ask NumPy for the reshape; return the array or NumPy's own error."""
    return capture(lambda: np.asarray(values).reshape(shape), numpy_source())


def reshape_code(name: str, shape: tuple[int, ...]) -> str:
    """The line a learner would write, e.g. `X = X.reshape((1, 10, 1))`."""
    return f"{name} = {name}.reshape(({', '.join(map(str, shape))}))"


def three_d_shapes(size: int, limit: int = 12) -> list[tuple[int, int, int]]:
    """3D shapes holding exactly `size` elements, the useful ones first.

    (1, size, 1) and (size, 1, 1)-style shapes come first; then the rest in order of samples.
    """
    shapes = []
    for samples in _divisors(size):
        rest = size // samples
        for timesteps in _divisors(rest):
            shapes.append((samples, timesteps, rest // timesteps))
    preferred = list(dict.fromkeys([(1, size, 1), (1, 1, size), (size, 1, 1)]))
    ordered = preferred + [s for s in shapes if s not in preferred]
    return ordered[:limit]


def _divisors(n: int) -> list[int]:
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return sorted(set(small + [n // d for d in small]))


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: str


def lstm_accepts(shape: tuple[int, ...], declared: tuple[int, int] | None = None) -> Verdict:
    """Would an LSTM layer accept an array of this shape as a batch of input?

    The rule Keras enforces: exactly 3 dimensions [samples, timesteps, features], each at least 1;
    and, when the model declares `keras.Input(shape=(timesteps, features))`, the features must
    match (Keras checks them) and the timesteps should (Keras 3 does not always check them).
    """
    if len(shape) != 3:
        return Verdict(
            False,
            f"It has {len(shape)} dimension{'s' if len(shape) != 1 else ''}; an LSTM reads exactly 3: "
            "[samples, timesteps, features].",
        )
    if any(d < 1 for d in shape):
        return Verdict(False, "Every dimension must be at least 1.")
    samples, timesteps, features = shape
    if declared is not None:
        want_t, want_f = declared
        if features != want_f:
            return Verdict(
                False,
                f"The model was declared with {want_f} feature(s) per timestep, the array has {features}.",
            )
        if timesteps != want_t:
            return Verdict(
                False,
                f"The model was declared with {want_t} timesteps, the array has {timesteps}. "
                "Keras 3 may run it anyway, which is worse: the model silently sees the wrong window.",
            )
    return Verdict(
        True,
        f"Yes: {samples} sample(s), each {timesteps} timestep(s) of {features} feature(s).",
    )

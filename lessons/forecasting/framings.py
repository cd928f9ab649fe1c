"""Cutting sequences into (X, y) samples for supervised learning.

Every function slides one step at a time and returns NumPy arrays. A window that does not
fit raises `WindowError` with a message written for the learner. The multiple-input framings
keep the tutorial's choice: the target is the output series at the *last input step*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.core.parsing import InputError


class WindowError(InputError):
    """A window size that does not fit the data."""


@dataclass(frozen=True)
class Window:
    """Where one sample comes from: input rows [start, stop) and target rows [target_start, target_stop)."""

    start: int
    stop: int
    target_start: int
    target_stop: int


def _check_sizes(length: int, n_in: int, n_out: int, overlap: int, what: str) -> None:
    if n_in < 1:
        raise WindowError("The input window must be at least 1 timestep.")
    if n_out < 1:
        raise WindowError("The forecast horizon must be at least 1 step.")
    needed = n_in + n_out - overlap
    if length < needed:
        raise WindowError(
            f"{what} has {length} rows, but one sample needs {needed} "
            f"({n_in} in + {n_out} out{' sharing 1' if overlap else ''}). "
            "Add values or shrink the window."
        )


def windows(length: int, n_in: int, n_out: int = 1, overlap: int = 0) -> list[Window]:
    """The windows a series of `length` rows yields.

    `overlap=1` is the multiple-input framing, where the first target row is the last input row.
    """
    _check_sizes(length, n_in, n_out, overlap, "The series")
    count = length - (n_in + n_out - overlap) + 1
    return [
        Window(i, i + n_in, i + n_in - overlap, i + n_in - overlap + n_out) for i in range(count)
    ]


def split_sequence(sequence: np.ndarray, n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Univariate one-step: X = seq[i:i+n], y = seq[i+n]. X is 2D (samples, timesteps)."""
    seq = np.asarray(sequence, dtype=float)
    ws = windows(len(seq), n_steps)
    return np.array([seq[w.start : w.stop] for w in ws]), np.array([seq[w.target_start] for w in ws])


def split_sequence_multistep(
    sequence: np.ndarray, n_in: int, n_out: int
) -> tuple[np.ndarray, np.ndarray]:
    """Univariate multi-step: X = seq[i:i+n_in], y = the next n_out values."""
    seq = np.asarray(sequence, dtype=float)
    ws = windows(len(seq), n_in, n_out)
    X = np.array([seq[w.start : w.stop] for w in ws])
    y = np.array([seq[w.target_start : w.target_stop] for w in ws])
    return X, y


def split_multiple_input(rows: np.ndarray, n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Inputs are every column but the last; y is the last column at the last input row."""
    data = _as_table(rows, min_columns=2)
    ws = windows(len(data), n_steps, 1, overlap=1)
    X = np.array([data[w.start : w.stop, :-1] for w in ws])
    y = np.array([data[w.target_start, -1] for w in ws])
    return X, y


def split_multiple_input_multistep(
    rows: np.ndarray, n_in: int, n_out: int
) -> tuple[np.ndarray, np.ndarray]:
    """As `split_multiple_input`, with y the last column over n_out rows from the last input row."""
    data = _as_table(rows, min_columns=2)
    ws = windows(len(data), n_in, n_out, overlap=1)
    X = np.array([data[w.start : w.stop, :-1] for w in ws])
    y = np.array([data[w.target_start : w.target_stop, -1] for w in ws])
    return X, y


def split_parallel(rows: np.ndarray, n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Parallel series: X = n_steps rows of every column, y = the next row (every column)."""
    data = _as_table(rows, min_columns=1)
    ws = windows(len(data), n_steps)
    return np.array([data[w.start : w.stop] for w in ws]), np.array([data[w.target_start] for w in ws])


def split_parallel_multistep(
    rows: np.ndarray, n_in: int, n_out: int
) -> tuple[np.ndarray, np.ndarray]:
    """Parallel series, multi-step: y = the next n_out rows, every column: (samples, n_out, columns)."""
    data = _as_table(rows, min_columns=1)
    ws = windows(len(data), n_in, n_out)
    X = np.array([data[w.start : w.stop] for w in ws])
    y = np.array([data[w.target_start : w.target_stop] for w in ws])
    return X, y


def _as_table(rows: np.ndarray, min_columns: int) -> np.ndarray:
    data = np.asarray(rows, dtype=float)
    if data.ndim != 2:
        raise WindowError(f"Expected a table of rows × columns, got an array of {data.ndim} dimensions.")
    if data.shape[1] < min_columns:
        raise WindowError(
            f"This framing needs at least {min_columns} columns (inputs and the output); "
            f"the table has {data.shape[1]}."
        )
    return data

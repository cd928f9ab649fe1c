"""The five framings of a (series, steps) table — or (series, steps, channels) — as the LSTM's
(samples, timesteps, features).

What one *sample* is decides everything: a whole series, a rolling window of it, or a
non-overlapping chunk. Each framing here has its real shape, the memory it takes and what one sample
means, built from real arrays (views where NumPy can make them). Rolling windows come from NumPy's
`sliding_window_view`; the tutorials' loop is kept beside it for the benchmark and the tests, and
`reshape_versus_windows` keeps NumPy's own refusal to reshape a series into overlapping windows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lessons.core import CapturedError, InputError, try_reshape
from lessons.real_data.data import DTYPE, LENGTH, format_bytes

DEFAULT_WINDOW = 100  # the rolling window of the question's answer
DEFAULT_CHUNK = 125  # 3,125 = 25 × 125, so no step is dropped

SERIES = "series"
ASKER = "asker"
WINDOWS = "windows"
CHUNKS = "chunks"
CHUNK_STEPS = "chunk_steps"
FRAMING_KEYS = (SERIES, ASKER, WINDOWS, CHUNKS, CHUNK_STEPS)


# --- windows ----------------------------------------------------------------------------------


def sliding_windows(values: np.ndarray, window: int) -> np.ndarray:
    """Every run of `window` consecutive values along the last axis, as a view: nothing is copied."""
    _check_window(values.shape[-1], window)
    return sliding_window_view(values, window, axis=-1)


def loop_windows(values: np.ndarray, window: int) -> np.ndarray:
    """The same windows the way the tutorials build them: a Python loop, then one big copy."""
    _check_window(len(values), window)
    rows = []
    for start in range(len(values) - window + 1):
        rows.append(values[start : start + window])
    return np.array(rows)


def window_count(length: int, window: int) -> int:
    """How many windows of `window` steps a series of `length` steps holds (stride 1)."""
    return length - window + 1


def _check_window(length: int, window: int) -> None:
    if not 1 <= window <= length:
        raise InputError(f"A window of {window} steps does not fit a series of {length} steps.")


@dataclass(frozen=True)
class ReshapeCount:
    """Why `reshape` can never make overlapping windows: the element counts."""

    have: int  # values in the series
    need: int  # values all the windows hold together
    error: CapturedError | None  # NumPy's own words when asked anyway


def reshape_versus_windows(length: int = LENGTH, window: int = DEFAULT_WINDOW) -> ReshapeCount:
    """Ask NumPy to reshape one series into its overlapping windows and keep what it says."""
    count = window_count(length, window)
    _, error = try_reshape(np.zeros(length, dtype=DTYPE), (count, window, 1))
    return ReshapeCount(length, count * window, error)


# --- the framings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Framing:
    """One way to turn the (series, steps) table into the LSTM's (samples, timesteps, features)."""

    key: str
    title: str
    shape: tuple[int, int, int]
    one_sample: str  # what one sample is
    label: str  # what its target is
    code: str  # the NumPy line that makes it
    nbytes: int  # the array's size if it exists as its own array
    extra_bytes: int  # what it costs on top of the table: 0 when NumPy gives a view
    dropped_steps: int  # steps per series that do not fit (chunks only)
    note: str  # the catch

    @property
    def memory_text(self) -> str:
        """The memory it takes, said plainly."""
        size = format_bytes(self.nbytes)
        if self.extra_bytes == 0:
            return f"{size}, and a view of the table: nothing is copied."
        if self.key == WINDOWS:
            return (f"the sliding view itself copies nothing, but stacked into samples for Keras it "
                    f"is a {size} copy.")
        return f"{size}, copied from the table."


def framings(
    series: np.ndarray, window: int = DEFAULT_WINDOW, chunk: int = DEFAULT_CHUNK
) -> list[Framing]:
    """All five framings of a (series, steps) table, or of a (series, steps, channels) array, with
    their real shapes and memory."""
    n, length = _check_table(series)
    channels = _channels(series)
    _check_window(length, window)
    _check_window(length, chunk)
    itemsize = series.dtype.itemsize
    count = window_count(length, window)
    pieces, dropped = divmod(length, chunk)
    found = []
    for key in FRAMING_KEYS:
        array = framing_array(key, series, window, chunk)
        view = np.shares_memory(array, series)
        if key == WINDOWS:
            shape = (n * count, window, channels)
            nbytes = math.prod(shape) * itemsize
            extra = nbytes  # the view is free, but stacking its windows into samples copies
        else:
            shape = array.shape
            nbytes = array.nbytes
            extra = 0 if view else nbytes
        found.append(_describe(key, shape, nbytes, extra, window, chunk, count, pieces, dropped, length, channels))
    return found


def framing_array(key: str, series: np.ndarray, window: int, chunk: int) -> np.ndarray:
    """The framing as NumPy makes it (a view wherever possible).

    For rolling windows this is the (series, windows, window) view — (series, windows, window,
    channels) for several channels; the LSTM's 3D input would be it stacked to (series × windows,
    window, channels), which copies. A (series, steps, channels) array frames like a table, with
    every step holding `channels` values instead of 1.
    """
    n, length = _check_table(series)
    channels = _channels(series)
    if key == SERIES:
        return series.reshape(n, length, channels)
    if key == ASKER:
        return series.reshape(n, 1, length * channels)
    if key == WINDOWS:
        if series.ndim == 2:
            return sliding_windows(series, window)
        _check_window(length, window)
        return np.moveaxis(sliding_window_view(series, window, axis=1), -1, 2)
    pieces = length // chunk
    kept = series[:, : pieces * chunk]
    if key == CHUNKS:
        return kept.reshape(n * pieces, chunk, channels)
    if key == CHUNK_STEPS:
        return kept.reshape(n, pieces, chunk * channels)
    raise InputError(f"Unknown framing '{key}'; choose one of {', '.join(FRAMING_KEYS)}.")


def lstm_samples(key: str, series: np.ndarray, window: int, chunk: int, rows: np.ndarray) -> np.ndarray:
    """The 3D LSTM input of the framing for the series at `rows` only (small; a copy)."""
    part = np.ascontiguousarray(series[rows])
    array = framing_array(key, part, window, chunk)
    if key == WINDOWS:
        array = array.reshape(-1, window, _channels(series))
    return np.ascontiguousarray(array)


def _describe(
    key: str,
    shape: tuple[int, ...],
    nbytes: int,
    extra: int,
    window: int,
    chunk: int,
    count: int,
    pieces: int,
    dropped: int,
    length: int,
    channels: int = 1,
) -> Framing:
    """What one sample is, the NumPy line and the catch, for a table (`channels` 1) or an array of
    (series, steps, channels) (called `array` in the code lines)."""
    one = channels == 1
    name, per_step = ("table", "1 value") if one else ("array", f"{channels} values (one per channel)")
    c = "1" if one else "n_channels"
    if key == SERIES:
        return Framing(
            key, "Each series is one sample", shape,
            f"one whole series: {length:,} timesteps of {per_step} each",
            "the series' class",
            "X = table.reshape(n_series, n_steps, 1)" if one
            else "X = array  # already (n_series, n_steps, n_channels)",
            nbytes, extra, 0,
            f"Right, but the LSTM walks {length:,} steps one after another for every sample: slow "
            "to train, and what happened thousands of steps ago fades from its state anyway.",
        )
    if key == ASKER:
        return Framing(
            key, "The asker's reshape: one timestep", shape,
            f"one whole series, but as 1 timestep of {length * channels:,} features",
            "the series' class",
            "X = table.reshape(n_series, 1, n_steps)" if one
            else "X = array.reshape(n_series, 1, n_steps * n_channels)",
            nbytes, extra, 0,
            "It runs, and that is the trap: with one timestep there is no time axis left, so the "
            "LSTM is a plain dense layer that sees every step as an unrelated input.",
        )
    if key == WINDOWS:
        turn = "" if one else ".transpose(0, 1, 3, 2)"  # (series, windows, channels, window) → window before channels
        return Framing(
            key, f"Rolling windows of {window}", shape,
            f"{window} consecutive steps of one series; the next sample starts 1 step later "
            f"({count:,} windows per series)",
            "the class of the series it was cut from",
            f"X = sliding_window_view({name}, {window}, axis=1){turn}.reshape(-1, {window}, {c})",
            nbytes, extra, 0,
            f"Each value sits in up to {window} windows. The view costs nothing; stacked into "
            "samples it is this big. Train on a sample of windows, and split train/test by series.",
        )
    if key == CHUNKS:
        return Framing(
            key, f"Non-overlapping chunks of {chunk}", shape,
            f"{chunk} consecutive steps; the next sample starts where this one ends "
            f"({pieces} chunks per series)",
            "the class of the series it was cut from",
            f"X = {name}[:, :{pieces * chunk}].reshape(-1, {chunk}, {c})", nbytes, extra, dropped,
            "A plain reshape does it, as a view: chunks do not overlap, so no value is needed twice."
            + (f" The last {dropped} steps of each series do not fill a chunk and are dropped." if dropped else ""),
        )
    values = f"{chunk} values" if one else f"{chunk * channels} values ({chunk} steps × {channels} channels)"
    return Framing(
        key, f"Chunks as timesteps ({pieces} × {chunk})", shape,
        f"one whole series as {pieces} timesteps of {values} each",
        "the series' class",
        f"X = {name}[:, :{pieces * chunk}].reshape(n_series, {pieces}, {chunk if one else f'{chunk} * n_channels'})",
        nbytes, extra, dropped,
        f"The whole series in only {pieces} LSTM steps: each step reads {chunk} steps at once, "
        "so the order *inside* a chunk is just features to it.",
    )


def _check_table(series: np.ndarray) -> tuple[int, int]:
    if series.ndim not in (2, 3) or series.shape[0] < 1 or series.shape[1] < 2 or series.shape[2:] == (0,):
        raise InputError(
            f"Expected a table of series × steps (× channels) with at least 2 steps; got shape {series.shape}."
        )
    return series.shape[0], series.shape[1]


def _channels(series: np.ndarray) -> int:
    """Values per step: 1 for a (series, steps) table, the last axis of (series, steps, channels)."""
    return 1 if series.ndim == 2 else series.shape[2]


def fitting_sizes(length: int, window: int = DEFAULT_WINDOW, chunk: int = DEFAULT_CHUNK) -> tuple[int, int]:
    """Window and chunk sizes shrunk to fit a shorter series (at most half of it)."""
    limit = max(1, length // 2)
    return min(window, limit), min(chunk, limit)

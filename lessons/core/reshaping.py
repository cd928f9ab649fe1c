"""Reshaping sequences into LSTM input, and the rules that decide whether a shape works."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lessons.core.axes import format_shape
from lessons.core.captured import CapturedError, capture, numpy_source


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


# What a 3D shape made from one flat series means, best first (the order suggestions are ranked in).
SERIES = "series"                    # (1, n, 1): the whole series, read in order
CHUNKS = "chunks"                    # (k, n/k, 1): non-overlapping chunks as samples
PARALLEL = "parallel"                # (1, t, f): f values per timestep, as parallel series
CHUNKS_OF_PARALLEL = "chunks of parallel"  # (k, t, f): both of the above
NO_SEQUENCE = "no sequence"          # (n, 1, 1): every value alone
TIME_IN_FEATURES = "time in features"  # (k, 1, f): the trap, time hidden in the features
KINDS = (SERIES, CHUNKS, PARALLEL, CHUNKS_OF_PARALLEL, NO_SEQUENCE, TIME_IN_FEATURES)


@dataclass(frozen=True)
class ShapeSuggestion:
    shape: tuple[int, int, int]
    kind: str  # one of KINDS
    meaning: str  # what the shape makes of the values, in plain words
    trap: bool  # it runs, but time is hidden in the features (1 timestep, several features)


def describe_3d(shape: tuple[int, int, int]) -> ShapeSuggestion:
    """What `series.reshape(shape)` makes of one flat series, read in order."""
    samples, timesteps, features = shape
    size = samples * timesteps * features
    if timesteps == 1 and features > 1:
        return ShapeSuggestion(shape, TIME_IN_FEATURES, (
            f"{plural(samples, 'sample')} of 1 timestep, {plural(features, 'feature')}: time hidden in "
            f"the features. It runs, but each sample is a single moment, so the LSTM has no order to "
            "learn from."), True)
    if features == 1 and samples == 1:
        return ShapeSuggestion(shape, SERIES, (
            f"1 sample of {plural(timesteps, 'timestep')}, 1 feature: the whole series, read in order."
            if size > 1 else "1 sample of 1 timestep, 1 feature: a single value."), False)
    if features == 1 and timesteps == 1:
        return ShapeSuggestion(shape, NO_SEQUENCE, (
            f"{plural(samples, 'sample')} of 1 timestep, 1 feature: no sequence at all. Every value "
            "stands alone, with nothing before or after it to read."), False)
    if features == 1:
        return ShapeSuggestion(shape, CHUNKS, (
            f"{plural(samples, 'sample')} of {plural(timesteps, 'timestep')}, 1 feature: the series cut "
            f"into {samples:,} non-overlapping chunks of {timesteps:,} values. Windows that overlap hold "
            "more values than the series, so reshape cannot make them: use sliding_window_view."), False)
    rows = (f"the values taken {features:,} at a time, as {features:,} parallel series. Right only if "
            f"your list really is {features:,} series written row by row, one row per moment")
    if samples == 1:
        return ShapeSuggestion(shape, PARALLEL, (
            f"1 sample of {plural(timesteps, 'timestep')}, {plural(features, 'feature')}: {rows}."), False)
    return ShapeSuggestion(shape, CHUNKS_OF_PARALLEL, (
        f"{plural(samples, 'sample')} of {plural(timesteps, 'timestep')}, {plural(features, 'feature')}: "
        f"{samples:,} non-overlapping chunks as samples, and in each {rows}."), False)


def three_d_shapes(size: int, limit: int = 12) -> list[ShapeSuggestion]:
    """3D shapes holding exactly `size` values of one series, ranked by what they mean.

    The whole series as timesteps, (1, size, 1), comes first; then non-overlapping chunks,
    parallel series as features, both, one value per sample; the traps that hide time in the
    features come last. When there are more than `limit`, each kind keeps its best shapes in
    turn, so the list shows every kind there is before a second shape of any one kind.
    """
    by_kind: dict[str, list[ShapeSuggestion]] = {kind: [] for kind in KINDS}
    for samples in _divisors(size):
        rest = size // samples
        for timesteps in _divisors(rest):
            suggestion = describe_3d((samples, timesteps, rest // timesteps))
            by_kind[suggestion.kind].append(suggestion)
    ranked = {kind: sorted(found, key=_within_kind) for kind, found in by_kind.items()}
    kept: set[tuple[int, int, int]] = set()
    for round_ in range(max((len(found) for found in ranked.values()), default=0)):
        for kind in KINDS:
            if len(kept) < limit and round_ < len(ranked[kind]):
                kept.add(ranked[kind][round_].shape)
    return [s for kind in KINDS for s in ranked[kind] if s.shape in kept]


def _within_kind(suggestion: ShapeSuggestion) -> tuple[int, int]:
    """Inside a kind: fewer features first, then fewer, longer samples; the trap of the whole
    series as one timestep, (1, 1, size), leads the traps."""
    samples, _, features = suggestion.shape
    return (samples, features) if suggestion.trap else (features, samples)


def plural(n: int, word: str) -> str:
    """`3 samples`, `1 sample`: a count with its word."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _divisors(n: int) -> list[int]:
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return sorted(set(small + [n // d for d in small]))


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: str  # the whole verdict, caveat included, as a page shows it
    caveat: str | None = None  # accepted, but 1 timestep of several features: no time axis left

    @property
    def trap(self) -> bool:
        return self.caveat is not None


def no_time_axis(samples: int, features: int) -> str:
    """The caveat for 1 timestep of several features: it runs, but nothing is read in order."""
    return (
        f"It runs, and that is the trap: with 1 timestep there is no time axis left. The LSTM takes "
        f"the {features:,} values of a sample all at once, as features of a single moment, and has "
        f"no order to learn from. If they are readings over time, make them timesteps: "
        f"{format_shape((samples, features, 1))}."
    )


def lstm_accepts(shape: tuple[int, ...], declared: tuple[int, int] | None = None) -> Verdict:
    """Would an LSTM layer accept an array of this shape as a batch of input?

    The rule Keras enforces: exactly 3 dimensions [samples, timesteps, features], each at least 1;
    and, when the model declares `keras.Input(shape=(timesteps, features))`, the features must
    match (Keras checks them) and the timesteps should (Keras 3 does not always check them).
    An accepted shape of 1 timestep and several features is flagged as a trap: it runs, but
    there is no time axis left to learn from.
    """
    if len(shape) != 3:
        return Verdict(
            False,
            f"It has {plural(len(shape), 'dimension')}; an LSTM reads exactly 3: "
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
                f"The model was declared with {plural(want_f, 'feature')} per timestep, the array has {features:,}.",
            )
        if timesteps != want_t:
            return Verdict(
                False,
                f"The model was declared with {plural(want_t, 'timestep')}, the array has {timesteps:,}. "
                "Keras 3 may run it anyway, which is worse: the model silently sees the wrong window.",
            )
    accepted = (f"Yes: {plural(samples, 'sample')}, each {plural(timesteps, 'timestep')} of "
                f"{plural(features, 'feature')}.")
    if timesteps == 1 and features > 1:
        caveat = no_time_axis(samples, features)
        return Verdict(True, f"{accepted} {caveat}", caveat)
    return Verdict(True, accepted)

"""What the step-through picture needs besides the maths: which windows to pick from, which layer
to look at, and, for the memory lesson, which unit keeps the first value (read off the numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.inside.cell import CellTrace
from lessons.inside.forward import ModelRun, RecurrentLayer


@dataclass(frozen=True)
class Window:
    label: str
    sample: np.ndarray  # one sample as the model reads it (no samples axis)


def forecast_windows(X: np.ndarray, test_input: np.ndarray) -> list[Window]:
    """The test input (what the lesson predicts from) first, then every training sample."""
    windows = [Window("the test input", np.asarray(test_input)[0])]
    windows += [Window(f"training sample {k}", np.asarray(X)[k]) for k in range(len(X))]
    return windows


def layer_title(layer: RecurrentLayer, count: int, number: int) -> str:
    """"LSTM", or "LSTM 2 of 2" when the model has several recurrent layers."""
    return layer.record.kind + (f" {number} of {count}" if count > 1 else "")


def value_range(traces: list[CellTrace]) -> float:
    """The largest |value| of the candidate, c and h over every step of the traces: one colour scale
    for a whole window (and both directions), so colours compare across steps."""
    biggest = max((float(np.max(np.abs(np.concatenate([t.g, t.c, t.h, t.c_prev], axis=0))))
                   for t in traces if t.steps), default=0.0)
    return biggest if biggest > 0 else 1.0


@dataclass(frozen=True)
class Keeper:
    """The units whose cell state keeps two sequences apart at every step, best first.

    A unit's gap is the smallest |c_a − c_b| it has over the steps (how close the two sequences'
    c ever come in it). `units` are those within `SHARE` of the best unit's gap, at most
    `MAX_KEEPERS`: memory is often spread over a few units, and naming one would hide that.
    """

    units: tuple[int, ...]
    gaps: np.ndarray  # (units,): every unit's smallest gap
    c_a: np.ndarray  # (steps, units): c after every step, for each sequence
    c_b: np.ndarray

    @property
    def unit(self) -> int:
        return self.units[0]

    @property
    def smallest_gap(self) -> float:
        return float(self.gaps[self.unit])

    @property
    def runner_up_gap(self) -> float:
        """The best gap among the units not named: how clearly the named ones stand out."""
        rest = np.delete(self.gaps, list(self.units))
        return float(rest.max()) if rest.size else 0.0


SHARE = 0.5  # a unit keeps the value too if its gap is at least half the best unit's
MAX_KEEPERS = 5


def memory_keeper(a: CellTrace, b: CellTrace) -> Keeper:
    """Which units' c carry what tells two sequences apart through every step (`a`, `b` equally long)."""
    gaps = np.abs(a.c - b.c).min(axis=0)  # per unit: the closest the two sequences' c ever come
    order = [int(u) for u in np.argsort(gaps, kind="stable")[::-1]]
    best = float(gaps[order[0]])
    units = tuple(u for u in order[:MAX_KEEPERS] if gaps[u] >= SHARE * best and gaps[u] > 0) or (order[0],)
    return Keeper(units, gaps.copy(), a.c.copy(), b.c.copy())


def recurrent_layers(run: ModelRun) -> tuple[RecurrentLayer, ...]:
    return run.recurrent

"""What one memory training leaves for a session: plain NumPy, never the model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.inside.records import LayerRecord


@dataclass(frozen=True)
class MemoryRun:
    """What one training leaves for a session: plain NumPy, never the model."""

    kind: str
    sequences: tuple[tuple[int, ...], ...]
    probabilities: np.ndarray  # (sequences, pairs, alphabet): the model's output at every step
    losses: tuple[float, ...]  # one per epoch: the mean loss over that epoch's updates
    seconds: float
    hidden_states: np.ndarray | None = None  # (sequences, pairs, units), stateful LSTM only
    cell_states: np.ndarray | None = None
    # the trained model's layers as plain data (settings, read-only NumPy weights): what
    # `lessons.inside` steps through
    layers: tuple[LayerRecord, ...] = ()

    @property
    def predicted(self) -> np.ndarray:
        """The predicted value at every step: argmax of the output (what predict_classes did)."""
        return self.probabilities.argmax(axis=-1)

    @property
    def expected(self) -> np.ndarray:
        return np.array([s[1:] for s in self.sequences])

    @property
    def right(self) -> np.ndarray:
        return self.predicted == self.expected

    @property
    def accuracy(self) -> float:
        return float(self.right.mean())

    def conflict_right(self, value: int) -> list[bool]:
        """For every step whose input is `value`: was the prediction right?"""
        inputs = np.array([s[:-1] for s in self.sequences])
        return [bool(r) for r in self.right[inputs == value]]

"""The Masking job: one LSTM's final output for each padded sequence, with and without the mask.

A job (see `lessons.engine.jobs`): a module-level function on plain data that returns plain
NumPy arrays. The model is built seeded in the training turn and never leaves this function. The
same LSTM layer (the same weights) reads the padded array three ways: behind a `Masking` layer, on
its own (so the padding is read as data), and each sequence alone without any padding. With the
mask the answer equals the sequence alone: the LSTM carries its state unchanged over a masked step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.engine.loop import ProgressCallback

UNITS = 4
SEED = 7
BIAS_SPREAD = 0.5


@dataclass(frozen=True)
class MaskingResult:
    """Final LSTM outputs, (samples, units) each."""

    with_mask: np.ndarray
    without_mask: np.ndarray
    alone: np.ndarray  # each sequence without its padding, read on its own

    def largest_gap(self, which: str) -> np.ndarray:
        """Per sample, the largest difference from `alone` of `with_mask` or `without_mask`."""
        other = self.with_mask if which == "with_mask" else self.without_mask
        return np.max(np.abs(other - self.alone), axis=1)


def compare_masking(X: np.ndarray, kept: tuple[np.ndarray, ...], mask_value: float, units: int = UNITS,
                    seed: int = SEED, on_progress: ProgressCallback | None = None) -> MaskingResult:
    """Run a seeded `Masking` + `LSTM(units)` on padded X, and the same LSTM without the mask and
    on each kept sequence alone. Run it with `engine.run_job` (it builds in the training turn)."""
    import keras
    from keras import layers

    from lessons.engine import build_seeded

    X = np.asarray(X, dtype="float32")
    total = 2 + len(kept)
    model = build_seeded(lambda: keras.Sequential([
        keras.Input(shape=(None, X.shape[2])),
        layers.Masking(mask_value=float(mask_value)),
        # Random biases, as training leaves them. A fresh LSTM's biases are zeros (the forget gate's
        # ones), and then a zero input from a zero state gives a zero state: pre-padding with zeros
        # would look harmless until training moved the biases.
        layers.LSTM(int(units), bias_initializer=keras.initializers.RandomNormal(stddev=BIAS_SPREAD)),
    ]), seed)
    lstm = model.layers[-1]
    with_mask = keras.ops.convert_to_numpy(model(X, training=False))
    if on_progress is not None:
        on_progress(1, total, [])
    without_mask = keras.ops.convert_to_numpy(lstm(X, training=False))
    if on_progress is not None:
        on_progress(2, total, [])
    alone = []
    for i, sequence in enumerate(kept):
        one = np.asarray(sequence, dtype="float32").reshape(1, -1, X.shape[2])
        alone.append(keras.ops.convert_to_numpy(lstm(one, training=False))[0])
        if on_progress is not None:
            on_progress(3 + i, total, [])
    return MaskingResult(np.asarray(with_mask, dtype=float), np.asarray(without_mask, dtype=float),
                         np.asarray(alone, dtype=float))

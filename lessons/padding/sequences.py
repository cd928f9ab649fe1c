"""Sequences of different lengths made into one 3D array: padding, truncation and the mask.

Pure NumPy, written to give exactly what `keras.utils.pad_sequences` gives (a unit test checks it
against Keras for every choice), so the page can draw the padded array without loading TensorFlow.
The padded cells are tracked as a boolean mask beside the array: the picture hatches them, and
the masking job shows what a `Masking` layer does with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from lessons.core.parsing import InputError, parse_numbers

MAX_SEQUENCES = 8
MAX_LENGTH = 40
Side = Literal["pre", "post"]
SIDES: tuple[Side, Side] = ("pre", "post")

DEFAULT_TEXT = "0.1 0.2 0.3 0.4\n0.5 0.6\n0.7 0.8 0.9"


def parse_sequences(text: str) -> tuple[np.ndarray, ...]:
    """One sequence per line (numbers separated by commas or spaces); blank lines are skipped."""
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise InputError("Type at least one sequence: numbers on a line, e.g. 0.1 0.2 0.3.")
    if len(lines) > MAX_SEQUENCES:
        raise InputError(f"That is {len(lines)} sequences; this lesson takes at most {MAX_SEQUENCES}, one per line.")
    sequences = []
    for number, line in lines:
        try:
            sequences.append(parse_numbers(line, min_count=1, max_count=MAX_LENGTH))
        except InputError as error:
            raise InputError(f"Line {number}: {error}") from None
    return tuple(sequences)


@dataclass(frozen=True)
class Padded:
    """The sequences as one (samples, timesteps, 1) array, with where its padding is."""

    X: np.ndarray  # (samples, timesteps, 1), float
    mask: np.ndarray  # the same shape: True where a cell is padding, not data
    kept: tuple[np.ndarray, ...]  # each sequence as it stands in X, without its padding
    cut: tuple[np.ndarray, ...]  # the values truncation dropped from each sequence (often none)
    padding: Side
    truncating: Side
    maxlen: int | None
    value: float

    @property
    def lengths(self) -> tuple[int, ...]:
        return tuple(len(k) for k in self.kept)

    @property
    def padded_cells(self) -> int:
        return int(self.mask.sum())


def pad(sequences: tuple[np.ndarray, ...] | list, padding: Side = "pre", maxlen: int | None = None,
        truncating: Side = "pre", value: float = 0.0) -> Padded:
    """What `keras.utils.pad_sequences(..., dtype="float32")` gives, as 3D, with its padding mask.

    `maxlen` None: as long as the longest sequence. Longer sequences lose values from the start
    (`truncating="pre"`) or the end ("post"); shorter ones get `value` before ("pre") or after ("post").
    """
    if padding not in SIDES or truncating not in SIDES:
        raise InputError("Padding and truncating are 'pre' or 'post'.")
    arrays = [np.asarray(s, dtype=float).ravel() for s in sequences]
    if not arrays:
        raise InputError("There are no sequences to pad.")
    if maxlen is not None and maxlen < 1:
        raise InputError("The length to cut to must be at least 1 timestep.")
    length = maxlen if maxlen is not None else max(len(a) for a in arrays)
    X = np.full((len(arrays), length, 1), float(value))
    mask = np.ones(X.shape, dtype=bool)
    kept, cut = [], []
    for i, array in enumerate(arrays):
        if len(array) > length:
            keep = array[-length:] if truncating == "pre" else array[:length]
            drop = array[:-length] if truncating == "pre" else array[length:]
        else:
            keep, drop = array, array[:0]
        where = slice(length - len(keep), length) if padding == "pre" else slice(0, len(keep))
        X[i, where, 0] = keep
        mask[i, where, 0] = False
        kept.append(keep.copy())
        cut.append(drop.copy())
    return Padded(X, mask, tuple(kept), tuple(cut), padding, truncating, maxlen, float(value))


def pad_value_in_data(padded: Padded) -> list[tuple[int, int]]:
    """(sample, timestep) of every real value equal to the pad value: Masking would skip them too."""
    real_equal = (padded.X[..., 0] == padded.value) & ~padded.mask[..., 0]
    return [(int(i), int(t)) for i, t in np.argwhere(real_equal)]


def _literal(values: np.ndarray) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def keras_code(padded: Padded, sequences: tuple[np.ndarray, ...], units: int) -> str:
    """A script that pads the same sequences with Keras and runs them through Masking + LSTM."""
    rows = "\n".join(f"    {_literal(s)}," for s in sequences)
    options = [f'padding="{padded.padding}"']
    if padded.maxlen is not None:
        options += [f"maxlen={padded.maxlen}", f'truncating="{padded.truncating}"']
    options += ['dtype="float32"', f"value={padded.value!r}"]
    samples, timesteps, _ = padded.X.shape
    return f'''import numpy as np
import keras
from keras import layers

sequences = [
{rows}
]
# dtype="float32": the default, "int32", would turn 0.5 into 0.
padded = keras.utils.pad_sequences(sequences, {", ".join(options)})
X = padded[..., np.newaxis]  # add the features axis: one value per timestep
print(X.shape)  # {(samples, timesteps, 1)}: samples, timesteps, features

model = keras.Sequential([
    keras.Input(shape=(None, 1)),  # None: any number of timesteps
    layers.Masking(mask_value={padded.value!r}),  # a timestep whose features all equal this is skipped
    layers.LSTM({units}),
])
print(model(X).shape)  # {(samples, units)}: one output per sequence
'''

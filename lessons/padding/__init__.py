"""Sequences of different lengths: padding them into one 3D array, and masking the padding.

- `sequences`: parse what the learner types (one sequence per line), pad and truncate exactly as
  `keras.utils.pad_sequences` does (in NumPy, with the mask of padded cells), the Keras script;
- `masking`: the job that runs a seeded `Masking` + `LSTM` with and without the mask, and on each
  sequence alone (Keras is imported inside it).
"""

from lessons.padding.masking import SEED, UNITS, MaskingResult, compare_masking
from lessons.padding.sequences import (
    DEFAULT_TEXT,
    MAX_LENGTH,
    MAX_SEQUENCES,
    SIDES,
    Padded,
    keras_code,
    pad,
    pad_value_in_data,
    parse_sequences,
)

__all__ = [
    "DEFAULT_TEXT", "MAX_LENGTH", "MAX_SEQUENCES", "SEED", "SIDES", "UNITS", "MaskingResult", "Padded",
    "compare_masking", "keras_code", "pad", "pad_value_in_data", "parse_sequences",
]

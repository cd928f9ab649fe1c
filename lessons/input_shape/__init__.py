"""The input-shape lessons.

- `checklist`: the checklist's questions, and answers computed from the real rule;
- `parallel`: several series side by side as features (and the wrong turn, as timesteps);
- `input_layer`: the input-layer page's facts (slider sizes, units, an array whose values spell
  their place) and a small real Keras model that shows what `keras.Input(shape=…)` declares.
"""

from lessons.input_shape import checklist, parallel
from lessons.input_shape.input_layer import (
    ARRAY_SIZES,
    LSTM_UNITS,
    declare_lstm_input,
    output_explained,
    place_coded,
    place_of,
)

__all__ = [
    "ARRAY_SIZES", "LSTM_UNITS", "checklist", "declare_lstm_input", "output_explained", "parallel", "place_coded",
    "place_of",
]

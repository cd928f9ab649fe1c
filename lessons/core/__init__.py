"""The shared vocabulary of every lesson. Nothing here imports TensorFlow.

- `axes`: the axes (samples, timesteps, features, …), each with one name and one colour; the
  `Shape` type; shapes as text and as coloured badges;
- `parsing`: what learners type (numbers, shapes), parsed strictly, never executed;
- `reshaping`: NumPy's reshape, the 3D shapes a series can take and what each means, and the
  rule an LSTM's input must follow;
- `captured`: real NumPy/Keras errors, captured word for word;
- `array_picture`: an array drawn as cards of cells, one card per sample.
"""

from lessons.core.array_picture import Picture, array_picture
from lessons.core.axes import (
    FEATURES,
    LSTM_AXES,
    SAMPLES,
    SUBSEQUENCES,
    TIMESTEPS,
    Axis,
    Shape,
    axes_for,
    default_axes,
    format_shape,
    shape_badge_html,
)
from lessons.core.captured import CapturedError, capture, keras_source, numpy_source
from lessons.core.parsing import MAX_VALUES, InputError, parse_numbers, parse_shape
from lessons.core.reshaping import lstm_accepts, plural, reshape_code, three_d_shapes, try_reshape

__all__ = [
    "FEATURES", "LSTM_AXES", "MAX_VALUES", "SAMPLES", "SUBSEQUENCES", "TIMESTEPS", "Axis", "CapturedError",
    "InputError", "Picture", "Shape", "array_picture", "axes_for", "capture", "default_axes", "format_shape",
    "keras_source", "lstm_accepts", "numpy_source", "parse_numbers", "parse_shape", "plural", "reshape_code",
    "shape_badge_html", "three_d_shapes", "try_reshape",
]

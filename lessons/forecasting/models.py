"""The LSTM variants of the forecasting lessons: the array each one needs, its Keras model, its code.

`prepare` and `prepare_input` are NumPy only, so reshape pages can show shapes without TensorFlow.
`build_model`, `layer_rows` and `training` import Keras inside the functions that need it.
`keras_code` writes the same model as text; `build_model` and `keras_code` read one layer plan
(`_layer_plan`), so the code a learner sees is exactly the model that trains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from lessons.forecasting.tutorial import VARIANTS
from lessons.core.parsing import InputError

if TYPE_CHECKING:  # only for type hints; importing Keras here would slow every reshape page
    import keras

CNN_FILTERS = 64  # the tutorial's Conv1D(filters=64, kernel_size=1) in the CNN-LSTM
POOL_SIZE = 2  # MaxPooling1D(pool_size=2): each subsequence needs at least 2 steps
CONV_KERNEL = (1, 2)  # ConvLSTM2D's kernel: 1 row by 2 steps, so again at least 2 steps

SPLIT_VARIANTS = ("cnn_lstm", "conv_lstm")  # the variants that cut a window into subsequences


class VariantError(InputError):
    """A variant that cannot take this data (e.g. a window that does not split evenly)."""


@dataclass(frozen=True)
class Prepared:
    """X and y shaped for one variant, with the name of every axis and a sentence on what changed."""

    X: np.ndarray
    y: np.ndarray
    x_axes: tuple[str, ...]
    y_axes: tuple[str, ...]
    note: str


def working_n_seq(variant: str, window: int) -> list[int]:
    """The subsequence counts that split `window` evenly into pieces of at least 2 steps."""
    if variant not in SPLIT_VARIANTS:
        return [1]
    return [d for d in range(1, window + 1) if window % d == 0 and window // d >= POOL_SIZE]


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        raise VariantError(
            f"'{variant}' is not a model this lab knows; pick one of {', '.join(VARIANTS)}."
        )


def _as_3d(X: np.ndarray) -> np.ndarray:
    """[samples, timesteps] → [samples, timesteps, 1]; a 3D X is already right."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 2:
        return X.reshape(X.shape[0], X.shape[1], 1)
    if X.ndim == 3:
        return X
    raise VariantError(
        f"X should be 2D [samples, timesteps] or 3D [samples, timesteps, features]; "
        f"it has {X.ndim} dimensions, shape {X.shape}."
    )


def _split_x(variant: str, X3: np.ndarray, n_seq: int) -> np.ndarray:
    """Cut each window of a 3D X into n_seq subsequences (4D), adding rows=1 for ConvLSTM (5D)."""
    samples, window, features = X3.shape
    if n_seq < 1 or window % n_seq != 0 or window // n_seq < POOL_SIZE:
        good = working_n_seq(variant, window)
        why = (
            f"{window} ÷ {n_seq} is not a whole number"
            if n_seq >= 1 and window % n_seq
            else f"each piece would have {window // n_seq if n_seq >= 1 else 0} step(s)"
        )
        layer = "MaxPooling1D(2)" if variant == "cnn_lstm" else "the (1, 2) kernel of ConvLSTM2D"
        fix = (
            f"n_seq values that work for a window of {window}: {', '.join(map(str, good))}."
            if good
            else f"No n_seq works for a window of {window}: make the window at least {POOL_SIZE}."
        )
        raise VariantError(
            f"A window of {window} timesteps cannot be cut into {n_seq} subsequences of at least "
            f"{POOL_SIZE} steps ({why}); {layer} needs {POOL_SIZE} steps in each piece. {fix}"
        )
    n_steps = window // n_seq
    if variant == "cnn_lstm":
        return X3.reshape(samples, n_seq, n_steps, features)
    return X3.reshape(samples, n_seq, 1, n_steps, features)


def _reshape_x(variant: str, X: np.ndarray, n_seq: int) -> np.ndarray:
    _check_variant(variant)
    X3 = _as_3d(X)
    return _split_x(variant, X3, n_seq) if variant in SPLIT_VARIANTS else X3


def _y_for_sequence(y: np.ndarray, n_out: int | None) -> np.ndarray:
    """y as [samples, n_out, features_out] for the encoder-decoder's TimeDistributed(Dense)."""
    samples = y.shape[0]
    if y.ndim == 3:
        return y
    if y.ndim == 1:
        return y.reshape(samples, 1, 1)
    width = y.shape[1]
    # A 2D y is either n_out steps of one value (multi-step) or one step of several values
    # (parallel series); only n_out tells them apart, e.g. (6, 2) could be either.
    if n_out is None or n_out == width:
        return y.reshape(samples, width, 1)
    if n_out == 1:
        return y.reshape(samples, 1, width)
    if width % n_out == 0:
        return y.reshape(samples, n_out, width // n_out)
    raise VariantError(f"y has {width} values per sample, which do not split into {n_out} steps.")


def prepare(
    variant: str, X: np.ndarray, y: np.ndarray, n_seq: int = 1, *, n_out: int | None = None
) -> Prepared:
    """Reshape a framing's X (2D or 3D) and y for `variant`.

    3D X for the LSTM variants, 4D for CNN-LSTM, 5D for ConvLSTM. y is 2D [samples, outputs] for a
    Dense output layer and 3D [samples, n_out, features] for the encoder-decoder; pass `n_out`
    (the forecast horizon) so a 2D y is read right for the encoder-decoder.
    """
    X_ready = _reshape_x(variant, X, n_seq)
    y = np.asarray(y, dtype=float)
    if y.ndim not in (1, 2, 3) or y.shape[0] != X_ready.shape[0]:
        raise VariantError(
            f"y should hold one target per sample ({X_ready.shape[0]}); its shape is {y.shape}."
        )
    if variant == "encoder_decoder":
        y_ready = _y_for_sequence(y, n_out)
        y_axes: tuple[str, ...] = ("samples", "timesteps", "features")
        y_note = (
            f"y becomes 3D {y_ready.shape}: the decoder's TimeDistributed(Dense) gives one "
            "prediction per output step."
        )
    else:
        y_ready = y.reshape(y.shape[0], -1)
        y_axes = ("samples", "outputs")
        y_note = f"y becomes 2D {y_ready.shape}: one row of outputs per sample for the Dense layer"
        y_note += (
            f", flattened from {y.shape} (predictions are reshaped back)." if y.ndim == 3 else "."
        )
    return Prepared(X_ready, y_ready, _x_axes(variant), y_axes, _x_note(variant, X_ready) + " " + y_note)


def _x_axes(variant: str) -> tuple[str, ...]:
    if variant == "cnn_lstm":
        return ("samples", "subsequences", "timesteps", "features")
    if variant == "conv_lstm":
        return ("samples", "subsequences", "rows", "timesteps", "features")
    return ("samples", "timesteps", "features")


def _x_note(variant: str, X: np.ndarray) -> str:
    if variant == "cnn_lstm":
        _, n_seq, n_steps, _ = X.shape
        return (
            f"X is 4D {X.shape}: each window of {n_seq * n_steps} steps is cut into "
            f"{n_seq} subsequences × {n_steps} steps for the CNN to read one piece at a time."
        )
    if variant == "conv_lstm":
        _, n_seq, _, n_steps, _ = X.shape
        return (
            f"X is 5D {X.shape}: {n_seq} subsequences × 1 row × {n_steps} steps, the image-like "
            "input ConvLSTM2D reads."
        )
    return f"X is 3D {X.shape}: [samples, timesteps, features], what an LSTM layer reads."


def prepare_input(variant: str, test_input: np.ndarray, n_seq: int = 1) -> np.ndarray:
    """One test window (1D timesteps or 2D timesteps × features) shaped as a batch of 1 sample."""
    window = np.asarray(test_input, dtype=float)
    if window.ndim not in (1, 2):
        raise VariantError(
            f"A test input is one window: a list of values or rows; it has shape {window.shape}."
        )
    return _reshape_x(variant, window[np.newaxis], n_seq)


def unflatten_prediction(prediction: np.ndarray, expected_shape: tuple[int, ...]) -> np.ndarray:
    """A prediction (with or without its samples axis of 1) in the shape of the expected value."""
    values = np.asarray(prediction, dtype=float)
    if values.size != int(np.prod(expected_shape)):
        raise VariantError(
            f"The prediction has {values.size} values but the expected value has shape "
            f"{tuple(expected_shape)}."
        )
    return values.reshape(expected_shape)


# --- the model -------------------------------------------------------------------------------


def expected_ranks(variant: str) -> tuple[int, int]:
    """How many axes X and y have for this variant, samples axis included."""
    _check_variant(variant)
    x_rank = {"cnn_lstm": 4, "conv_lstm": 5}.get(variant, 3)
    return x_rank, 3 if variant == "encoder_decoder" else 2


def _sample_shape(shape: tuple[int, ...], rank: int) -> tuple[int, ...]:
    """Accept a shape with or without its samples axis; return it without."""
    shape = tuple(int(d) for d in shape)
    return shape[1:] if len(shape) == rank + 1 else shape


def _layer_plan(
    variant: str, input_shape: tuple[int, ...], y_shape: tuple[int, ...], units: int, unroll: bool
) -> tuple[tuple[int, ...], list[tuple[str, tuple[Any, ...], dict[str, Any]]]]:
    """The model as data: the input shape and a list of (layer, args, keyword args).

    A nested layer (Bidirectional(LSTM), TimeDistributed(Conv1D)) is an argument of the same form.
    """
    x_rank, y_rank = expected_ranks(variant)
    shape_in = _sample_shape(input_shape, x_rank - 1)
    out_shape = _sample_shape(y_shape, y_rank - 1)
    if len(shape_in) != x_rank - 1 or len(out_shape) != y_rank - 1:
        raise VariantError(
            f"{variant} needs samples of {x_rank - 1} axes in and {y_rank - 1} out, "
            f"not {shape_in} and {out_shape}."
        )
    relu: dict[str, Any] = {"activation": "relu"}
    rnn = {**relu, "unroll": True} if unroll else relu
    outputs = int(np.prod(out_shape))
    dense = ("Dense", (outputs,), {})
    if variant == "vanilla":
        plan = [("LSTM", (units,), rnn), dense]
    elif variant == "stacked":
        plan = [("LSTM", (units,), {**rnn, "return_sequences": True}), ("LSTM", (units,), rnn), dense]
    elif variant == "bidirectional":
        plan = [("Bidirectional", (("LSTM", (units,), rnn),), {}), dense]
    elif variant == "cnn_lstm":
        plan = [
            ("TimeDistributed", (("Conv1D", (CNN_FILTERS, 1), relu),), {}),
            ("TimeDistributed", (("MaxPooling1D", (POOL_SIZE,), {}),), {}),
            ("TimeDistributed", (("Flatten", (), {}),), {}),
            ("LSTM", (units,), rnn),
            dense,
        ]
    elif variant == "conv_lstm":
        plan = [("ConvLSTM2D", (units, CONV_KERNEL), rnn), ("Flatten", (), {}), dense]
    else:  # encoder_decoder
        n_out, features_out = out_shape
        plan = [
            ("LSTM", (units,), rnn),
            ("RepeatVector", (n_out,), {}),
            ("LSTM", (units,), {**rnn, "return_sequences": True}),
            ("TimeDistributed", (("Dense", (features_out,), {}),), {}),
        ]
    return shape_in, plan


def make_layer(layers: Any, step: tuple[str, tuple[Any, ...], dict[str, Any]]) -> Any:
    """The Keras layer one step of a layer plan describes: ("LSTM", (50,), {"activation": "relu"})."""
    name, args, kwargs = step
    args = tuple(make_layer(layers, a) if isinstance(a, tuple) and a and isinstance(a[0], str) else a
                 for a in args)
    return getattr(layers, name)(*args, **kwargs)


def layer_code(step: tuple[str, tuple[Any, ...], dict[str, Any]]) -> str:
    """The same step as the line of Keras code a learner would write."""
    name, args, kwargs = step
    parts = [layer_code(a) if isinstance(a, tuple) and a and isinstance(a[0], str) else repr(a)
             for a in args]
    parts += [f"{key}={value!r}" for key, value in kwargs.items()]
    return f"layers.{name}({', '.join(parts)})"


def build_model(
    variant: str,
    input_shape: tuple[int, ...],
    y_shape: tuple[int, ...],
    units: int,
    unroll: bool = False,
) -> keras.Model:
    """The variant's Keras model (not compiled). Shapes may include the samples axis or not.

    `unroll=True` unrolls the recurrent layers: same maths, faster for short windows.
    """
    import keras
    from keras import layers

    shape_in, plan = _layer_plan(variant, input_shape, y_shape, units, unroll)
    return keras.Sequential([keras.Input(shape=shape_in)] + [make_layer(layers, s) for s in plan])


def keras_code(variant: str, input_shape: tuple[int, ...], y_shape: tuple[int, ...], units: int) -> str:
    """Keras 3 code that builds exactly the model `build_model` builds (as `model`)."""
    shape_in, plan = _layer_plan(variant, input_shape, y_shape, units, unroll=False)
    lines = ["import keras", "from keras import layers", "", "model = keras.Sequential(["]
    lines.append(f"    keras.Input(shape={shape_in!r}),")
    lines += [f"    {layer_code(step)}," for step in plan]
    lines.append("])")
    return "\n".join(lines) + "\n"


def layer_rows(model: keras.Model) -> list[dict[str, Any]]:
    """One row per layer as Keras reports it: name, type, output shape (None = samples), parameters."""
    rows = []
    for layer in model.layers:
        inner = getattr(layer, "layer", None) or getattr(layer, "forward_layer", None)
        kind = type(layer).__name__
        if inner is not None:
            kind += f"({type(inner).__name__})"
        rows.append(
            {
                "name": layer.name,
                "layer": kind,
                "output_shape": tuple(layer.output.shape),
                "params": int(layer.count_params()),
            }
        )
    return rows

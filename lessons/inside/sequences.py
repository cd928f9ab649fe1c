"""`return_sequences`, seen: a lesson's model with each recurrent layer's switch set by the learner.

`switches(variant, …)` lists the recurrent layers of a forecasting variant's model and how the
tutorial sets each. `probe_job` (a job: run it with `lessons.engine.run_job`) builds the model with
the learner's settings one layer at a time, so a layer that cannot take what the one before gives
stops the build with Keras' own message, and otherwise runs one real training step (compile with
Adam and MSE, `fit` one epoch on the whole data as one batch) to show what happens to the Dense
layer and to the loss: Keras' answer as it is, an error word for word, or the loss it reported
next to the same loss computed in NumPy with y broadcast over the extra axis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from lessons import engine
from lessons.core.captured import CapturedError, strip_ansi
from lessons.forecasting import models

RECURRENT = ("LSTM", "ConvLSTM2D", "Bidirectional")


@dataclass(frozen=True)
class Switch:
    position: int  # index in the model's layer plan
    label: str  # "LSTM 1", "Bidirectional(LSTM)", …
    tutorial: bool  # the tutorial's return_sequences for this layer
    last: bool  # the last recurrent layer


@dataclass(frozen=True)
class LayerShape:
    code: str  # the layer as a line of Keras code, with the learner's settings
    shape: tuple[int | None, ...]  # its output shape, as Keras reports it (None: samples)
    names: tuple[str, ...]  # an axis name for each number


@dataclass(frozen=True)
class Probe:
    """What Keras did with the learner's settings."""

    input_shape: tuple[int | None, ...]
    input_names: tuple[str, ...]
    layers: tuple[LayerShape, ...]  # every layer that built, in order
    build_error: CapturedError | None  # the layer after the last one in `layers` would not build
    failed_code: str | None  # that layer's code
    prediction_shape: tuple[int, ...] | None  # the model's output for X (when it built)
    y_shape: tuple[int, ...]
    fit_loss: float | None  # the loss `fit` reported for its one step (None when it raised)
    fit_error: CapturedError | None
    broadcast_loss: float | None  # mean((prediction - y[:, None, ...])²), when those shapes broadcast

    @property
    def silent_broadcast(self) -> bool:
        """Keras trained without a word on an output of more axes than y."""
        return (self.fit_error is None and self.prediction_shape is not None
                and len(self.prediction_shape) > len(self.y_shape))


def _plan(variant: str, x_sample: tuple[int, ...], y_sample: tuple[int, ...], units: int) -> tuple[Any, list]:
    return models._layer_plan(variant, x_sample, y_sample, units, unroll=False)  # noqa: SLF001 - one plan, shared


def _inner(step: tuple) -> tuple:
    """The recurrent layer a step describes (the LSTM inside a Bidirectional)."""
    name, args, _ = step
    return args[0] if name == "Bidirectional" else step


def switches(variant: str, x_sample: tuple[int, ...], y_sample: tuple[int, ...], units: int) -> list[Switch]:
    """The recurrent layers of the variant's model, with the tutorial's return_sequences for each."""
    _, plan = _plan(variant, x_sample, y_sample, units)
    positions = [k for k, step in enumerate(plan) if step[0] in RECURRENT]
    out = []
    for number, k in enumerate(positions, start=1):
        name, _, kwargs = _inner(plan[k])
        label = plan[k][0] + (f"({name})" if plan[k][0] == "Bidirectional" else "")
        if len(positions) > 1:
            label += f" {number}"
        out.append(Switch(k, label, bool(kwargs.get("return_sequences", False)), k == positions[-1]))
    return out


def plan_with(variant: str, x_sample: tuple[int, ...], y_sample: tuple[int, ...], units: int,
              flags: tuple[bool, ...]) -> tuple[tuple[int, ...], list]:
    """The variant's layer plan with return_sequences set per recurrent layer (in `switches` order)."""
    shape_in, plan = _plan(variant, x_sample, y_sample, units)
    positions = [k for k, step in enumerate(plan) if step[0] in RECURRENT]
    if len(flags) != len(positions):
        raise ValueError(f"{len(positions)} recurrent layers, {len(flags)} settings")
    plan = list(plan)
    for k, flag in zip(positions, flags):
        name, args, kwargs = plan[k]
        if name == "Bidirectional":
            inner_name, inner_args, inner_kwargs = args[0]
            args = ((inner_name, inner_args, {**inner_kwargs, "return_sequences": bool(flag)}),)
        else:
            kwargs = {**kwargs, "return_sequences": bool(flag)}
        plan[k] = (name, args, kwargs)
    return shape_in, plan


def axis_names(variant: str, layer: str, rank: int) -> tuple[str, ...]:
    """A name for every axis of a layer's output in this lesson (the first is always samples)."""
    time = "subsequences" if variant in models.SPLIT_VARIANTS else "timesteps"
    last = {"LSTM": "units", "Bidirectional": "units", "ConvLSTM2D": "filters", "Dense": "outputs",
            "RepeatVector": "units", "Flatten": "features"}.get(layer, "features")
    if layer == "ConvLSTM2D":
        middle = ("rows", "timesteps") if rank == 4 else ("subsequences", "rows", "timesteps")
        return ("samples",) + middle[: rank - 2] + (last,)
    if layer == "TimeDistributed":
        return (("samples", "subsequences", "timesteps", "filters") if rank == 4
                else ("samples", time, "features") if rank == 3 else ("samples", "outputs"))
    if rank == 2:
        return ("samples", last)
    if rank == 3:
        return ("samples", "timesteps" if layer == "RepeatVector" else time, last)
    return ("samples",) + tuple("axis" for _ in range(rank - 2)) + (last,)


def input_names(variant: str) -> tuple[str, ...]:
    """The axes of the variant's X (the names its shape badges use)."""
    return models._x_axes(variant)  # noqa: SLF001 - the one place the variants' axes are named


def probe_job(variant: str, X: np.ndarray, y: np.ndarray, units: int, flags: tuple[bool, ...], seed: int,
              on_progress: Any = None) -> Probe:
    """Build the variant's model with `flags` layer by layer, then take one training step (a job)."""
    import keras
    from keras import layers

    from lessons.core.captured import keras_source

    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    shape_in, plan = plan_with(variant, X.shape[1:], y.shape[1:], units, flags)
    source = keras_source()

    def build() -> tuple[Any, Any, list[LayerShape], tuple[CapturedError, str] | None]:
        tensor = inputs = keras.Input(shape=shape_in)
        built: list[LayerShape] = []
        for step in plan:
            try:
                tensor = models.make_layer(layers, step)(tensor)
            except Exception as error:  # noqa: BLE001 - Keras' refusal is the lesson
                failure = CapturedError(type(error).__name__, strip_ansi(str(error)), source)
                return inputs, tensor, built, (failure, models.layer_code(step))
            shape = tuple(tensor.shape)
            built.append(LayerShape(models.layer_code(step), shape, axis_names(variant, step[0], len(shape))))
        return inputs, tensor, built, None

    inputs, tensor, built, failure = engine.build_seeded(build, seed)  # in the job's turn
    if failure is not None:
        return Probe((None,) + tuple(shape_in), input_names(variant), tuple(built), failure[0], failure[1],
                     None, tuple(y.shape), None, None, None)
    model = keras.Model(inputs, tensor)
    prediction = np.array(model(X, training=False))
    model.compile(optimizer=keras.optimizers.Adam(), loss="mse")
    fit_loss = fit_error = None
    try:
        history = model.fit(X, y, epochs=1, batch_size=len(X), shuffle=False, verbose=0)
        fit_loss = float(history.history["loss"][0])
    except Exception as error:  # noqa: BLE001 - shown word for word
        fit_error = CapturedError(type(error).__name__, strip_ansi(str(error)), source)
    broadcast = None
    extra = prediction.ndim - y.ndim
    if extra >= 0:
        y_wide = y.reshape(y.shape[:1] + (1,) * extra + y.shape[1:])
        try:
            broadcast = float(np.mean((prediction - y_wide) ** 2))
        except ValueError:
            broadcast = None
    return Probe((None,) + tuple(shape_in), input_names(variant), tuple(built), None, None,
                 tuple(prediction.shape), tuple(y.shape), fit_loss, fit_error, broadcast)

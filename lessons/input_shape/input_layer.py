"""The input-layer lesson's facts: the sizes of its array, an array whose values spell their
own place, the units of its LSTM, and a small real Keras model whose outcome (a model or an error)
the page shows. Keras is imported inside the probe, so a page loads it only when a learner asks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.core.axes import format_shape
from lessons.core.captured import CapturedError, capture, keras_source


@dataclass(frozen=True)
class SizeRange:
    low: int
    high: int
    default: int

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and self.low <= value <= self.high


# The input-layer lesson's sliders for the array a learner builds.
ARRAY_SIZES: dict[str, SizeRange] = {
    "samples": SizeRange(1, 6, 2),
    "timesteps": SizeRange(1, 12, 5),
    "features": SizeRange(1, 4, 2),
}

# The units of the LSTM that lesson shows and builds: one number for the code and for Keras.
# It lies outside every slider's range, so the LSTM's output (None, units) can never look like
# the timesteps or the features (learners often take units for timesteps).
LSTM_UNITS = 32


@dataclass(frozen=True)
class ProbeResult:
    error: CapturedError | None
    model_input: tuple[int | None, ...] | None  # what Keras really expects, batch axis included
    lstm_output: tuple[int | None, ...] | None
    units: int = LSTM_UNITS


def declare_lstm_input(shape: tuple[int, ...], units: int = LSTM_UNITS) -> ProbeResult:
    """Build `keras.Input(shape=shape)` → LSTM(units) → Dense(1) and report what Keras says.

    A job (`engine.run_job`): building draws initial weights from the process-wide random state,
    which a seeded training running at the same moment must have to itself; with a worker pool it
    runs in a worker, so the web server never loads Keras.
    """
    from lessons import engine

    return engine.run_job(probe_job, tuple(shape), int(units))


def probe_job(shape: tuple[int, ...], units: int, on_progress=None) -> ProbeResult:
    """The probe itself: Keras builds the model (or refuses), and only what it said comes back."""
    import keras
    from keras import layers

    def build():
        inputs = keras.Input(shape=shape)
        lstm = layers.LSTM(units)
        outputs = layers.Dense(1)(lstm(inputs))
        return keras.Model(inputs, outputs), lstm

    built, error = capture(build, keras_source())
    if error:
        return ProbeResult(error, None, None, units)
    model, lstm = built
    return ProbeResult(None, tuple(model.inputs[0].shape), tuple(lstm.output.shape), units)


def output_explained(declared: tuple[int, ...], result: ProbeResult) -> str:
    """What Keras' accepted model says: the batch shape it expects, and why the LSTM's output
    has one number per unit, whatever the timesteps."""
    if result.model_input is None or result.lstm_output is None:
        raise ValueError("the model was not built; show its error instead")
    timesteps = declared[0] if len(declared) == 2 else None
    reads = f" ({timesteps:,} here)" if timesteps is not None else ""
    text = (
        f"Keras accepts it. The model expects batches of shape {format_shape(result.model_input)}, "
        f"and the LSTM outputs {format_shape(result.lstm_output)}: for each sample, one number per "
        f"unit of LSTM({result.units}), however many timesteps it reads{reads}. Units are not "
        "timesteps: they set the size of the LSTM's state, and the last hidden state it hands on "
        "holds one number per unit."
    )
    if timesteps == result.units:
        text += (f" Your timesteps happen to be {result.units:,} as well: change them and the output "
                 f"stays {format_shape(result.lstm_output)}.")
    return text


def place_coded(samples: int, timesteps: int, features: int) -> np.ndarray:
    """A (samples, timesteps, features) array whose every value spells out its place, each
    counted from 1: the whole number is the sample, the next two digits the timestep, the last
    digit the feature (2.053 is sample 2, timestep 5, feature 3)."""
    if not (1 <= samples and 1 <= timesteps <= 99 and 1 <= features <= 9):
        raise ValueError("the code has room for 1-99 timesteps and 1-9 features")
    s, t, f = np.meshgrid(np.arange(1, samples + 1), np.arange(1, timesteps + 1),
                          np.arange(1, features + 1), indexing="ij")
    return np.round(s + t / 100 + f / 1000, 3)


def place_of(value: float) -> tuple[int, int, int]:
    """The (sample, timestep, feature) a `place_coded` value spells, each counted from 1."""
    code = int(round(value * 1000))
    return code // 1000, code // 10 % 100, code % 10

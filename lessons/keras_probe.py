"""Small real Keras calls whose outcome (a model or an error) a lesson shows.

Keras is imported inside each function so a page loads it only when a learner asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.captured import CapturedError, capture, keras_source


@dataclass(frozen=True)
class ProbeResult:
    error: CapturedError | None
    model_input: tuple[int | None, ...] | None  # what Keras really expects, batch axis included
    lstm_output: tuple[int | None, ...] | None


def declare_lstm_input(shape: tuple[int, ...], units: int = 8) -> ProbeResult:
    """Build `keras.Input(shape=shape)` → LSTM(units) → Dense(1) and report what Keras says."""
    import keras
    from keras import layers

    def build():
        inputs = keras.Input(shape=shape)
        lstm = layers.LSTM(units)
        outputs = layers.Dense(1)(lstm(inputs))
        return keras.Model(inputs, outputs), lstm

    built, error = capture(build, keras_source())
    if error:
        return ProbeResult(error, None, None)
    model, lstm = built
    return ProbeResult(None, tuple(model.inputs[0].shape), tuple(lstm.output.shape))

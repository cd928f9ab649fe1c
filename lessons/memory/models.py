"""The memory lesson's three models: a stateful LSTM fed one step at a time, a feed-forward
network that sees only the current value, and a stateless LSTM fed whole sequences.

Keras is imported inside the builders, so the page can show the data without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # hints only: Keras is imported when a model is built
    import keras

UNITS = 20  # LSTM(20), as in the tutorial; the feed-forward network gets the same width

STATEFUL = "stateful"
FEED_FORWARD = "feed_forward"
STATELESS = "stateless"
MODEL_TITLES = {
    STATEFUL: "Stateful LSTM, one step at a time",
    FEED_FORWARD: "Feed-forward network (no memory)",
    STATELESS: "Stateless LSTM, whole sequences",
}


def build_stateful_model(alphabet_size: int, units: int = UNITS) -> keras.Model:
    """The tutorial's model the Keras 3 way: batch size 1 is part of the Input, not the layer."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=(1, alphabet_size), batch_size=1),
            layers.LSTM(units, stateful=True),
            layers.Dense(alphabet_size, activation="sigmoid"),
        ]
    )


def build_feed_forward_model(alphabet_size: int, units: int = UNITS) -> keras.Model:
    """A network without memory: it sees the current value and nothing else."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=(alphabet_size,)),
            layers.Dense(units, activation="relu"),
            layers.Dense(alphabet_size, activation="sigmoid"),
        ]
    )


def build_stateless_model(alphabet_size: int, steps: int, units: int = UNITS) -> keras.Model:
    """One whole sequence per sample; an output at every timestep (`return_sequences=True`)."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=(steps, alphabet_size)),
            layers.LSTM(units, return_sequences=True),
            layers.Dense(alphabet_size, activation="sigmoid"),
        ]
    )

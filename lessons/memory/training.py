"""Training the memory lesson's three models, and the tutorial's own `fit` calls as a reference.

The tutorial calls `fit` once per sequence per epoch with batch size 1, so the weights change after
every single step and the gradient of a step stops at the state it was handed
(`updates="each_step"`, reproduced here in a compiled loop). Learning to *keep* the first value is
then left to luck: the step that needs it cannot send its error back to the step that saw it. The
default (`updates="each_sequence"`) runs the same stateful model over a whole sequence from a reset
state and sends the error back through all of its steps, one update per sequence — the same
maths as `fit` on a stateless twin of the model with batch size 1, which `stateful_code()` writes
out in plain Keras. Prediction is the same in both: the real stateful Keras model, one step per
call, its state reset between sequences.

The surface, for a shared trainer: `train(kind, sequences, alphabet_size, epochs=, learning_rate=,
seed=, updates=, on_progress=, on_wait=)` returns a `MemoryRun`. Inside, every model trains with
Adam(learning_rate) on binary cross-entropy, batch size 1, in order (no shuffle):
`_feed_forward_epoch` serves the feed-forward network (one update per pair) and the stateless LSTM
(one update per whole sequence) alike; only `_stateful_epoch` is a loop of its own, because it
carries the LSTM's state by hand from one unrolled step to the next. `train_with_fit_calls` is the
tutorial's slow way, kept as the reference the tests and the benchmark hold the loop against.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from lessons.core import InputError
from lessons.engine.loop import ProgressCallback, WaitCallback, compile_epochs, run_in_chunks
from lessons.engine.queue import TRAINING_QUEUE
from lessons.memory.data import (
    DEFAULT_ALPHABET,
    DEFAULT_SEQUENCES,
    feed_forward_arrays,
    parse_sequences,
    sequence_text,
    stateful_arrays,
    stateless_arrays,
)
from lessons.memory.models import (
    FEED_FORWARD,
    MODEL_TITLES,
    STATEFUL,
    build_feed_forward_model,
    build_stateful_model,
    build_stateless_model,
)
from lessons.memory.results import MemoryRun

DEFAULT_EPOCHS = 250  # the tutorial's count
MAX_EPOCHS = 2_000
DEFAULT_LEARNING_RATE = 0.01  # Adam's default 0.001 needs several times more epochs here
DEFAULT_SEED = 1
UPDATES = ("each_sequence", "each_step")


def train(
    kind: str,
    sequences: Sequence[Sequence[int]] = DEFAULT_SEQUENCES,
    alphabet_size: int = DEFAULT_ALPHABET,
    *,
    epochs: int = DEFAULT_EPOCHS,
    learning_rate: float = DEFAULT_LEARNING_RATE,
    seed: int = DEFAULT_SEED,
    updates: str = "each_sequence",
    on_progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
) -> MemoryRun:
    """Train one of the three models on the sequences in the process' training queue.

    Compiled: one `tf.function` call runs a chunk of epochs; `on_progress(done, total, losses)`
    is called between chunks and may raise to stop. `updates` applies to the stateful LSTM only.
    """
    if kind not in MODEL_TITLES:
        raise InputError(f"Unknown model '{kind}'; choose one of {', '.join(MODEL_TITLES)}.")
    if updates not in UPDATES:
        raise InputError(f"Unknown update rule '{updates}'; choose one of {', '.join(UPDATES)}.")
    if isinstance(epochs, bool) or not 1 <= int(epochs) <= MAX_EPOCHS:
        raise InputError(f"Epochs must be a whole number from 1 to {MAX_EPOCHS:,}; it is {epochs}.")
    if not 0 < learning_rate <= 1:
        raise InputError(f"The learning rate must be above 0 and at most 1; it is {learning_rate}.")
    sequences = tuple(tuple(int(v) for v in s) for s in sequences)
    parse_sequences([sequence_text(s) for s in sequences], alphabet_size)  # same checks as typed text

    with TRAINING_QUEUE.turn(on_wait):
        import keras

        started = time.perf_counter()
        keras.utils.set_random_seed(int(seed))
        if kind == STATEFUL:
            model = build_stateful_model(alphabet_size)
            epoch = _stateful_epoch(model, sequences, alphabet_size, updates, learning_rate)
        elif kind == FEED_FORWARD:
            model = build_feed_forward_model(alphabet_size)
            X, y = feed_forward_arrays(sequences, alphabet_size)
            epoch = _feed_forward_epoch(model, X, y, learning_rate)
        else:
            model = build_stateless_model(alphabet_size, len(sequences[0]) - 1)
            X, y = stateless_arrays(sequences, alphabet_size)
            epoch = _stateless_epoch(model, X, y, learning_rate)
        losses = run_in_chunks(compile_epochs(epoch), int(epochs), on_progress)
        if kind == STATEFUL:
            probabilities, hidden, cell = _stateful_predictions(model, sequences, alphabet_size)
        else:
            probabilities, hidden, cell = _predictions(model, kind, sequences, alphabet_size), None, None
        seconds = time.perf_counter() - started
    return MemoryRun(kind, sequences, probabilities, tuple(losses), seconds, hidden, cell)


def _optimizer(model: Any, learning_rate: float) -> Any:
    import keras

    optimizer = keras.optimizers.Adam(learning_rate)  # Adam's other settings: Keras' defaults
    optimizer.build(model.trainable_variables)
    return optimizer


def _stateful_epoch(
    model: Any, sequences: tuple, alphabet_size: int, updates: str, learning_rate: float
) -> Any:
    """A function running one epoch of the stateful LSTM, ready to be compiled.

    The state lives in two tensors (h, c) that start at zero for each sequence — the reset —
    and the steps are unrolled, so the whole epoch is one graph.
    """
    import keras
    import tensorflow as tf

    lstm, dense = model.layers
    weights = model.trainable_variables
    optimizer = _optimizer(model, learning_rate)
    loss_fn = keras.losses.BinaryCrossentropy()  # what compile(loss="binary_crossentropy") uses
    data = [tuple(tf.constant(a) for a in stateful_arrays(s, alphabet_size)) for s in sequences]
    zeros = tf.zeros((1, lstm.units))

    def update(loss_of: Any) -> Any:
        with tf.GradientTape() as tape:
            loss, state = loss_of()
        optimizer.apply(tape.gradient(loss, weights), weights)
        return loss, state

    def epoch() -> Any:
        losses = []
        for X, y in data:
            h, c = zeros, zeros  # reset_state() between sequences
            if updates == "each_step":
                # fit(batch_size=1): one update per step, the gradient stops at the state handed on
                for t in range(X.shape[0]):

                    def step_loss(t: int = t, h: Any = h, c: Any = c) -> Any:
                        out, (h2, c2) = lstm.cell(X[t], [h, c])
                        return loss_fn(y[t : t + 1], dense(out)), (h2, c2)

                    loss, (h, c) = update(step_loss)
                    h, c = tf.stop_gradient(h), tf.stop_gradient(c)
                    losses.append(loss)
            else:
                # one update per sequence; the error flows back through every step's state
                def sequence_loss(X: Any = X, y: Any = y, h: Any = h, c: Any = c) -> Any:
                    total = 0.0
                    for t in range(X.shape[0]):
                        out, (h, c) = lstm.cell(X[t], [h, c])
                        total += loss_fn(y[t : t + 1], dense(out))
                    return total / X.shape[0], (h, c)

                loss, _ = update(sequence_loss)
                losses.append(loss)
        return tf.add_n(losses) / len(losses)

    return epoch


def _feed_forward_epoch(model: Any, X: np.ndarray, y: np.ndarray, learning_rate: float) -> Any:
    """One epoch as fit(batch_size=1, shuffle=False) runs it: one update per pair, in order."""
    import keras
    import tensorflow as tf

    weights = model.trainable_variables
    optimizer = _optimizer(model, learning_rate)
    loss_fn = keras.losses.BinaryCrossentropy()
    X, y = tf.constant(X), tf.constant(y)

    def epoch() -> Any:
        losses = []
        for i in range(X.shape[0]):
            with tf.GradientTape() as tape:
                loss = loss_fn(y[i : i + 1], model(X[i : i + 1], training=True))
            optimizer.apply(tape.gradient(loss, weights), weights)
            losses.append(loss)
        return tf.add_n(losses) / len(losses)

    return epoch


def _stateless_epoch(model: Any, X: np.ndarray, y: np.ndarray, learning_rate: float) -> Any:
    """One epoch with batch size 1: one update per whole sequence."""
    return _feed_forward_epoch(model, X, y, learning_rate)  # same loop; each row is a sequence


def _stateful_predictions(
    model: Any, sequences: tuple, alphabet_size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The real stateful model, one step per `predict`, reset between sequences.

    After each step the layer's own state variables (h, c) are read for the picture.
    """
    lstm = model.layers[0]
    probabilities, hidden, cell = [], [], []
    for sequence in sequences:
        X, _ = stateful_arrays(sequence, alphabet_size)
        lstm.reset_state()
        rows, hs, cs = [], [], []
        for t in range(len(X)):
            rows.append(model.predict(X[t : t + 1], batch_size=1, verbose=0)[0])
            h, c = (np.array(v.value)[0] for v in lstm.states)
            hs.append(h)
            cs.append(c)
        lstm.reset_state()
        probabilities.append(rows)
        hidden.append(hs)
        cell.append(cs)
    return np.array(probabilities), np.array(hidden), np.array(cell)


def _predictions(model: Any, kind: str, sequences: tuple, alphabet_size: int) -> np.ndarray:
    if kind == FEED_FORWARD:
        X, _ = feed_forward_arrays(sequences, alphabet_size)
        out = model.predict(X, verbose=0)
        return out.reshape(len(sequences), len(sequences[0]) - 1, alphabet_size)
    X, _ = stateless_arrays(sequences, alphabet_size)
    return model.predict(X, verbose=0)


def train_with_fit_calls(
    sequences: Sequence[Sequence[int]] = DEFAULT_SEQUENCES,
    alphabet_size: int = DEFAULT_ALPHABET,
    *,
    epochs: int = DEFAULT_EPOCHS,
    learning_rate: float = 0.001,
    seed: int = DEFAULT_SEED,
) -> MemoryRun:
    """The tutorial's training written in Keras 3: per epoch one `fit` per sequence, then a reset.

    Slow on purpose (one Python round trip per sequence per epoch); kept as the reference the
    benchmark times and the tests compare the compiled `updates="each_step"` loop against.
    """
    import keras

    sequences = tuple(tuple(int(v) for v in s) for s in sequences)
    with TRAINING_QUEUE.turn():
        started = time.perf_counter()
        keras.utils.set_random_seed(int(seed))
        model = build_stateful_model(alphabet_size)
        model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(learning_rate))
        lstm = model.layers[0]
        data = [stateful_arrays(s, alphabet_size) for s in sequences]
        losses = []
        for _ in range(epochs):
            epoch_losses = []
            for X, y in data:
                history = model.fit(X, y, epochs=1, batch_size=1, shuffle=False, verbose=0)
                lstm.reset_state()
                epoch_losses.append(history.history["loss"][0])
            losses.append(float(np.mean(epoch_losses)))
        probabilities, hidden, cell = _stateful_predictions(model, sequences, alphabet_size)
        seconds = time.perf_counter() - started
    return MemoryRun(STATEFUL, sequences, probabilities, tuple(losses), seconds, hidden, cell)

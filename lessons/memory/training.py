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

Every model trains through the shared engine (`lessons.engine.fit`): Adam(learning_rate) on binary
cross-entropy, batch size 1, in order (no shuffle), the weights seeded in the training turn and one
compiled workspace per model kept and reset between trainings. The feed-forward network (one
update per pair) and the stateless LSTM (one update per whole sequence) are the engine's plain
mini-batches; the stateful LSTM has epoch rules of its own (`each_sequence_epoch`,
`each_step_epoch`), because it carries the LSTM's state by hand from one unrolled step to the next.
`train_with_fit_calls` is the tutorial's slow way, kept as the reference the tests and the
benchmark hold the loop against.

`train_all` trains the three models at once, three jobs side by side (one per worker when the
server runs a pool), with the same results as one after another: each job seeds its own build.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from lessons import engine
from lessons.core import InputError
from lessons.engine.loop import ProgressCallback, WaitCallback
from lessons.engine.pool import JobCancelled
from lessons.inside.records import layer_records
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
    """Train one of the three models on the sequences, as a job (`engine.run_job`: in a worker
    process when the server runs a pool, else in this process' training queue).

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
    return engine.run_job(
        train_job, kind, sequences, int(alphabet_size), int(epochs), float(learning_rate), int(seed), updates,
        on_progress=on_progress, on_wait=on_wait, affinity=_architecture(kind, sequences, alphabet_size, updates),
    )


def train_all(
    sequences: Sequence[Sequence[int]] = DEFAULT_SEQUENCES,
    alphabet_size: int = DEFAULT_ALPHABET,
    *,
    epochs: int = DEFAULT_EPOCHS,
    learning_rate: float = DEFAULT_LEARNING_RATE,
    seed: int = DEFAULT_SEED,
    updates: str = "each_sequence",
    on_progress: Mapping[str, ProgressCallback] | None = None,
    on_wait: Mapping[str, WaitCallback] | None = None,
) -> dict[str, MemoryRun]:
    """The three models (`MODEL_TITLES` order) trained at once: three `train` jobs submitted together.

    Each job sends its progress through `on_progress[kind]` and its place in line through
    `on_wait[kind]`, both called in *this* thread (a Streamlit page may draw from its script thread
    only), between the jobs' events. If a callback raises (Streamlit stopping the script) or a job
    fails, that exception leaves here and the other jobs are cancelled at their next progress point.
    The results equal `train(kind, …)` called one after another: every job seeds its own build.
    """
    events: queue.SimpleQueue[tuple[str, str, Any]] = queue.SimpleQueue()
    leaving = threading.Event()  # set once this caller stops waiting: the jobs still going give up

    def relay(kind: str, what: str) -> Any:
        def call(*args: Any) -> None:
            if leaving.is_set():
                raise JobCancelled()
            events.put((kind, what, args))

        return call

    def run(kind: str) -> None:
        try:
            result = train(kind, sequences, alphabet_size, epochs=epochs, learning_rate=learning_rate, seed=seed,
                         updates=updates, on_progress=relay(kind, "progress"), on_wait=relay(kind, "wait"))
            events.put((kind, "done", result))
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
            events.put((kind, "error", error))

    kinds = tuple(MODEL_TITLES)
    for kind in kinds:
        threading.Thread(target=run, args=(kind,), name=f"memory-train-{kind}", daemon=True).start()
    runs: dict[str, MemoryRun] = {}
    try:
        while len(runs) < len(kinds):
            kind, what, value = events.get()
            if what == "progress" and on_progress is not None and kind in on_progress:
                on_progress[kind](*value)
            elif what == "wait" and on_wait is not None and kind in on_wait:
                on_wait[kind](*value)
            elif what == "done":
                runs[kind] = value
            elif what == "error":
                raise value
    finally:
        leaving.set()
    return {kind: runs[kind] for kind in kinds}


def _architecture(kind: str, sequences: tuple, alphabet_size: int, updates: str) -> tuple:
    """What the job's compiled workspace depends on (a worker that traced it gets the job)."""
    if kind == STATEFUL:
        return ("memory", kind, alphabet_size, updates, len(sequences), len(sequences[0]))
    return ("memory", kind, alphabet_size, len(sequences[0]))


def train_job(
    kind: str,
    sequences: tuple[tuple[int, ...], ...],
    alphabet_size: int,
    epochs: int,
    learning_rate: float,
    seed: int,
    updates: str,
    on_progress: ProgressCallback | None = None,
) -> MemoryRun:
    """The training itself, as a job for `engine.run_job` (checked settings in, a `MemoryRun` out)."""
    if kind == STATEFUL:
        arrays = [stateful_arrays(s, alphabet_size) for s in sequences]
        data = (np.stack([X for X, _ in arrays]), np.stack([y for _, y in arrays]))
        recipe = engine.Recipe(
            key=("memory", kind, alphabet_size), build=lambda: build_stateful_model(alphabet_size),
            loss="BinaryCrossentropy",  # what compile(loss="binary_crossentropy") uses
            epoch=each_step_epoch if updates == "each_step" else each_sequence_epoch,
        )
        batches = None
    else:
        if kind == FEED_FORWARD:
            data = feed_forward_arrays(sequences, alphabet_size)
            key, build = (kind, alphabet_size), lambda: build_feed_forward_model(alphabet_size)
        else:
            data = stateless_arrays(sequences, alphabet_size)
            steps = len(sequences[0]) - 1
            key, build = (kind, alphabet_size, steps), lambda: build_stateless_model(alphabet_size, steps)
        # fit(batch_size=1, shuffle=False): one update per row (a pair, or a whole sequence), in order
        recipe = engine.Recipe(("memory",) + key, build, loss="BinaryCrossentropy", epoch=engine.MINI_BATCHES)
        batches = engine.Batches.in_order(len(data[0]), int(epochs), batch=1)

    def predictions(model: Any) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None, tuple]:
        if kind == STATEFUL:
            return *_stateful_predictions(model, sequences, alphabet_size), layer_records(model)
        return _predictions(model, kind, sequences, alphabet_size), None, None, layer_records(model)

    trained = engine.fit(
        recipe, data, seed=int(seed), learning_rate=learning_rate,
        epochs=None if batches is not None else int(epochs), batches=batches,
        after=predictions, on_progress=on_progress,
    )
    probabilities, hidden, cell, layers = trained.output
    return MemoryRun(kind, sequences, probabilities, tuple(trained.losses), trained.seconds, hidden, cell, layers)


def each_sequence_epoch(step: engine.Step, data: tuple[Any, Any], epoch: Any) -> Any:
    """The stateful LSTM's epoch, one update per sequence; the mean loss of its updates.

    X is (sequences, pairs, 1, alphabet), y (sequences, pairs, alphabet). The state lives in two
    tensors (h, c) that start at zero for each sequence — the reset — and the steps are unrolled,
    so the error of the last step flows back through every step's state to the first.
    """
    import tensorflow as tf

    X, y = data
    lstm, dense = step.model.layers
    zeros = tf.zeros((1, lstm.units))
    losses = []
    for s in range(X.shape[0]):

        def sequence_loss(s: int = s) -> tuple[Any, None]:
            h, c, total = zeros, zeros, 0.0
            for t in range(X.shape[1]):
                out, (h, c) = lstm.cell(X[s, t], [h, c])
                total += step.loss(y[s, t : t + 1], dense(out))
            return total / X.shape[1], None

        loss, _ = step.update(sequence_loss)
        losses.append(loss)
    return tf.add_n(losses) / len(losses)


def each_step_epoch(step: engine.Step, data: tuple[Any, Any], epoch: Any) -> Any:
    """The stateful LSTM's epoch as the tutorial's `fit(batch_size=1)` calls run it: one update per
    step, the state handed on to the next step with its gradient stopped; the mean loss of its updates."""
    import tensorflow as tf

    X, y = data
    lstm, dense = step.model.layers
    zeros = tf.zeros((1, lstm.units))
    losses = []
    for s in range(X.shape[0]):
        h, c = zeros, zeros  # reset_state() between sequences
        for t in range(X.shape[1]):

            def step_loss(s: int = s, t: int = t, h: Any = h, c: Any = c) -> tuple[Any, Any]:
                out, (h2, c2) = lstm.cell(X[s, t], [h, c])
                return step.loss(y[s, t : t + 1], dense(out)), (h2, c2)

            loss, (h, c) = step.update(step_loss)
            h, c = tf.stop_gradient(h), tf.stop_gradient(c)
            losses.append(loss)
    return tf.add_n(losses) / len(losses)


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
    sequences = tuple(tuple(int(v) for v in s) for s in sequences)
    return engine.run_job(fit_calls_job, sequences, int(alphabet_size), int(epochs), float(learning_rate), int(seed))


def fit_calls_job(
    sequences: tuple[tuple[int, ...], ...],
    alphabet_size: int,
    epochs: int,
    learning_rate: float,
    seed: int,
    on_progress: ProgressCallback | None = None,
) -> MemoryRun:
    """`train_with_fit_calls` as a job for `engine.run_job`."""
    import keras

    started = time.perf_counter()
    model = engine.build_seeded(lambda: build_stateful_model(alphabet_size), seed)
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
    layers = layer_records(model)
    seconds = time.perf_counter() - started
    return MemoryRun(STATEFUL, sequences, probabilities, tuple(losses), seconds, hidden, cell, layers)

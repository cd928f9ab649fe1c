"""The memory lesson: two sequences that only a network with memory can tell apart.

`3 0 1 2 3` and `4 0 1 2 4` share the steps `0 → 1 → 2`, and after the `2` one must go on with
`3`, the other with `4`. The input `2` alone cannot decide it: the model has to remember the first
value. This module holds the data (one-hot vectors, input/output pairs, the arrays each model
reads), three models (a stateful LSTM fed one step at a time, a feed-forward network, and a
stateless LSTM fed whole sequences), their compiled training, and the LSTM's state over the steps.

Keras is imported inside the functions that need it, so the page can show the data first.

About the training. The tutorial calls `fit` once per sequence per epoch with batch size 1, so the
weights change after every single step and the gradient of a step stops at the state it was handed
(`updates="each_step"`, reproduced here in a compiled loop). Learning to *keep* the first value is
then left to luck: the step that needs it cannot send its error back to the step that saw it. The
default (`updates="each_sequence"`) runs the same stateful model over a whole sequence from a reset
state and sends the error back through all of its steps, one update per sequence — the same
maths as `fit` on a stateless twin of the model with batch size 1, which `stateful_code()` writes
out in plain Keras. Prediction is the same in both: the real stateful Keras model, one step per
call, its state reset between sequences.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lessons.engine.loop import ProgressCallback, compile_epochs, run_in_chunks
from lessons.core.parsing import InputError, parse_numbers
from lessons.forecasting.training import WaitCallback
from lessons.engine.queue import TRAINING_QUEUE

if TYPE_CHECKING:  # hints only: Keras is imported when a model is built
    import keras
    import plotly.graph_objects as go

DEFAULT_SEQUENCES: tuple[tuple[int, ...], ...] = ((3, 0, 1, 2, 3), (4, 0, 1, 2, 4))
DEFAULT_ALPHABET = 5  # the values 0..4
MIN_ALPHABET, MAX_ALPHABET = 2, 10
MIN_LENGTH, MAX_LENGTH = 3, 12  # 2+ input/output pairs; longer gets slow to unroll
MAX_SEQUENCES = 4
UNITS = 20  # LSTM(20), as in the tutorial; the feed-forward network gets the same width
DEFAULT_EPOCHS = 250  # the tutorial's count
MAX_EPOCHS = 2_000
DEFAULT_LEARNING_RATE = 0.01  # Adam's default 0.001 needs several times more epochs here
DEFAULT_SEED = 1

STATEFUL = "stateful"
FEED_FORWARD = "feed_forward"
STATELESS = "stateless"
MODEL_TITLES = {
    STATEFUL: "Stateful LSTM, one step at a time",
    FEED_FORWARD: "Feed-forward network (no memory)",
    STATELESS: "Stateless LSTM, whole sequences",
}
UPDATES = ("each_sequence", "each_step")


# --- the data ---------------------------------------------------------------------------------


def parse_sequence(text: str, alphabet_size: int, label: str = "The sequence") -> tuple[int, ...]:
    """A typed sequence such as `3 0 1 2 3` as whole numbers in 0..alphabet_size-1."""
    _check_alphabet(alphabet_size)
    values = parse_numbers(text, min_count=MIN_LENGTH, max_count=MAX_LENGTH) if text.strip() else None
    if values is None:
        raise InputError(f"{label} is empty: type {MIN_LENGTH} to {MAX_LENGTH} values, e.g. 3 0 1 2 3.")
    for position, value in enumerate(values, start=1):
        if value != int(value):
            raise InputError(
                f"{label}: value {position} is {value:g}, but these values are symbols (like letters), "
                f"so they must be whole numbers from 0 to {alphabet_size - 1}."
            )
        if not 0 <= value < alphabet_size:
            raise InputError(
                f"{label}: value {position} is {int(value)}, outside the alphabet 0 to "
                f"{alphabet_size - 1}. Use a smaller value or a larger alphabet."
            )
    return tuple(int(v) for v in values)


def parse_sequences(texts: Sequence[str], alphabet_size: int) -> tuple[tuple[int, ...], ...]:
    """Several typed sequences; they must be equally long (the stateless model stacks them)."""
    if not 1 <= len(texts) <= MAX_SEQUENCES:
        raise InputError(f"Give 1 to {MAX_SEQUENCES} sequences; there are {len(texts)}.")
    sequences = tuple(
        parse_sequence(text, alphabet_size, f"Sequence {i}") for i, text in enumerate(texts, start=1)
    )
    lengths = {len(s) for s in sequences}
    if len(lengths) > 1:
        described = ", ".join(f"sequence {i} has {len(s)}" for i, s in enumerate(sequences, start=1))
        raise InputError(
            f"The sequences must be equally long ({described}): the stateless model stacks them "
            "into one array, and one array has one length."
        )
    return sequences


def sequence_text(sequence: Sequence[int]) -> str:
    """A sequence as the learner types it: `3 0 1 2 3`."""
    return " ".join(str(v) for v in sequence)


def one_hot(sequence: Sequence[int], alphabet_size: int) -> np.ndarray:
    """Each value as a row of zeros with a single 1 in its own column: (len, alphabet_size)."""
    return np.eye(alphabet_size, dtype="float32")[list(sequence)]


def io_pairs(sequence: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive values as (input, expected output): 3 0 1 2 3 → (3,0), (0,1), (1,2), (2,3)."""
    return list(zip(sequence[:-1], sequence[1:]))


def stateful_arrays(sequence: Sequence[int], alphabet_size: int) -> tuple[np.ndarray, np.ndarray]:
    """One sequence for the stateful LSTM: X (pairs, 1, alphabet) and y (pairs, alphabet).

    Each input/output pair is one sample of one timestep; the LSTM's state, not the sample,
    carries what came before.
    """
    encoded = one_hot(sequence, alphabet_size)
    return encoded[:-1, np.newaxis, :], encoded[1:]


def feed_forward_arrays(
    sequences: Sequence[Sequence[int]], alphabet_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of every sequence as one row: X and y are (all pairs, alphabet)."""
    encoded = [one_hot(s, alphabet_size) for s in sequences]
    return np.concatenate([e[:-1] for e in encoded]), np.concatenate([e[1:] for e in encoded])


def stateless_arrays(
    sequences: Sequence[Sequence[int]], alphabet_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each whole sequence as one sample: X and y are (sequences, pairs, alphabet)."""
    encoded = np.stack([one_hot(s, alphabet_size) for s in sequences])
    return encoded[:, :-1, :], encoded[:, 1:, :]


@dataclass(frozen=True)
class Conflict:
    """An input value that is followed by different values in different places."""

    input: int
    outputs: tuple[int, ...]
    solvable: bool  # False when even the whole history up to the input is identical

    def describe(self) -> str:
        arrows = " and ".join(f"{self.input} → {o}" for o in self.outputs)
        if self.solvable:
            return f"{arrows}: the input alone cannot decide; only what came before can."
        return f"{arrows} after exactly the same history: no model can tell these apart."


def conflicts(sequences: Sequence[Sequence[int]]) -> list[Conflict]:
    """Inputs that need memory (or that nothing can resolve), in order of first appearance."""
    followers: dict[int, dict[int, set[tuple[int, ...]]]] = {}
    for sequence in sequences:
        for step, (value, after) in enumerate(io_pairs(sequence)):
            history = tuple(sequence[: step + 1])
            followers.setdefault(value, {}).setdefault(after, set()).add(history)
    found = []
    for value, by_output in followers.items():
        if len(by_output) > 1:
            histories = [h for hs in by_output.values() for h in hs]
            solvable = len(histories) == len(set(histories))
            found.append(Conflict(value, tuple(sorted(by_output)), solvable))
    return found


def _check_alphabet(alphabet_size: int) -> None:
    if not MIN_ALPHABET <= alphabet_size <= MAX_ALPHABET:
        raise InputError(
            f"The alphabet must have {MIN_ALPHABET} to {MAX_ALPHABET} values; it has {alphabet_size}."
        )


# --- the models --------------------------------------------------------------------------------


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


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemoryRun:
    """What one training leaves for a session: plain NumPy, never the model."""

    kind: str
    sequences: tuple[tuple[int, ...], ...]
    probabilities: np.ndarray  # (sequences, pairs, alphabet): the model's output at every step
    losses: tuple[float, ...]  # one per epoch: the mean loss over that epoch's updates
    seconds: float
    hidden_states: np.ndarray | None = None  # (sequences, pairs, units), stateful LSTM only
    cell_states: np.ndarray | None = None

    @property
    def predicted(self) -> np.ndarray:
        """The predicted value at every step: argmax of the output (what predict_classes did)."""
        return self.probabilities.argmax(axis=-1)

    @property
    def expected(self) -> np.ndarray:
        return np.array([s[1:] for s in self.sequences])

    @property
    def right(self) -> np.ndarray:
        return self.predicted == self.expected

    @property
    def accuracy(self) -> float:
        return float(self.right.mean())

    def conflict_right(self, value: int) -> list[bool]:
        """For every step whose input is `value`: was the prediction right?"""
        inputs = np.array([s[:-1] for s in self.sequences])
        return [bool(r) for r in self.right[inputs == value]]


def step_table(run: MemoryRun) -> pd.DataFrame:
    """Every step of every sequence: input, expected, predicted, how sure, right or wrong."""
    rows = []
    for s, sequence in enumerate(run.sequences):
        for t, (value, after) in enumerate(io_pairs(sequence)):
            guess = int(run.predicted[s, t])
            rows.append(
                {
                    "sequence": sequence_text(sequence),
                    "step": t + 1,
                    "input": value,
                    "expected": after,
                    "predicted": guess,
                    "output for predicted": round(float(run.probabilities[s, t, guess]), 3),
                    "right": "✓ right" if guess == after else "✗ wrong",
                }
            )
    return pd.DataFrame(rows)


# --- training ----------------------------------------------------------------------------------


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


# --- the tutorial's way, for the benchmark and for checking the compiled loop -------------------


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


# --- what the page shows ---------------------------------------------------------------------


def stateful_code(
    sequences: Sequence[Sequence[int]] = DEFAULT_SEQUENCES,
    alphabet_size: int = DEFAULT_ALPHABET,
    epochs: int = DEFAULT_EPOCHS,
    seed: int = DEFAULT_SEED,
    way: str = "app",
) -> str:
    """A complete Keras 3 script of the stateful model.

    `way="app"`: the app's training in plain Keras — `fit` a stateless twin on whole sequences
    (batch size 1, one update per sequence), copy its weights into the stateful model, then predict
    one step at a time. Same maths as `train(STATEFUL)`, so the same result for the same seed.
    `way="tutorial"`: the tutorial's loop of `fit` calls, written in Keras 3.
    """
    listed = ", ".join("[" + ", ".join(map(str, s)) + "]" for s in sequences)
    head = f'''import numpy as np
import keras
from keras import layers

size = {alphabet_size}  # the alphabet: values 0 to {alphabet_size - 1}
sequences = [{listed}]
rows = np.eye(size, dtype="float32")[np.array(sequences)]  # one-hot: (sequences, values, size)


def stateful_model():
    return keras.Sequential([
        keras.Input(shape=(1, size), batch_size=1),  # batch size 1 belongs to the Input in Keras 3
        layers.LSTM({UNITS}, stateful=True),               # keeps its state from one call to the next
        layers.Dense(size, activation="sigmoid"),
    ])


keras.utils.set_random_seed({seed})
'''
    if way == "tutorial":
        body = f'''model = stateful_model()
model.compile(loss="binary_crossentropy", optimizer="adam")
lstm = model.layers[0]
# each sequence: X (pairs, 1, size) = pairs samples of 1 timestep of `size` features; y (pairs, size)
data = [(r[:-1, np.newaxis, :], r[1:]) for r in rows]
for epoch in range({epochs}):
    for X, y in data:
        model.fit(X, y, epochs=1, batch_size=1, shuffle=False, verbose=0)
        lstm.reset_state()  # the next sequence starts from a blank memory
'''
    else:
        body = f'''# Train a stateless twin on whole sequences: X (sequences, steps, size), one output per step.
# The error of the last step flows back to the first, so it learns to keep the first value.
twin = keras.Sequential([
    keras.Input(shape=(rows.shape[1] - 1, size)),
    layers.LSTM({UNITS}, return_sequences=True),
    layers.Dense(size, activation="sigmoid"),
])
twin.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam({DEFAULT_LEARNING_RATE}))
twin.fit(rows[:, :-1], rows[:, 1:], epochs={epochs}, batch_size=1, shuffle=False, verbose=0)

model = stateful_model()
model.set_weights(twin.get_weights())  # same layers, same weights: now one step per call
lstm = model.layers[0]
'''
    tail = '''
for r in rows:
    lstm.reset_state()
    X = r[:-1, np.newaxis, :]  # (pairs, 1, size): pairs samples of 1 timestep
    predicted = model.predict(X, batch_size=1, verbose=0).argmax(axis=-1)  # predict_classes() is gone
    print(r.argmax(axis=-1), "->", predicted)
'''
    return head + body + tail


def state_figure(run: MemoryRun, which: str = "cell") -> go.Figure:
    """Heatmaps of the LSTM's state (units × steps), one per sequence, plus their difference.

    Where the inputs are the same in every sequence (0, 1, 2 in the default pair) the states still
    differ: that difference is the first value, carried along.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    states = run.cell_states if which == "cell" else run.hidden_states
    if states is None:
        raise ValueError("only the stateful LSTM's run records its state")
    titles = [f"sequence {sequence_text(s)}" for s in run.sequences]
    panels = list(states)
    if len(panels) == 2:
        titles.append("difference (first − second)")
        panels.append(states[0] - states[1])
    limit = float(np.abs(states).max()) or 1.0
    figure = make_subplots(rows=1, cols=len(panels), subplot_titles=titles, horizontal_spacing=0.04)
    for column, (sequence, panel) in enumerate(zip(list(run.sequences) + [None], panels), start=1):
        source = sequence if sequence is not None else run.sequences[0]
        steps = [f"{t + 1}: in {v}" if sequence is not None else f"step {t + 1}" for t, v in enumerate(source[:-1])]
        figure.add_trace(
            go.Heatmap(
                z=panel.T,
                x=steps,
                y=[f"unit {u + 1}" for u in range(panel.shape[1])],
                zmin=-limit,
                zmax=limit,
                colorscale="RdBu",
                showscale=column == len(panels),
                hovertemplate="%{y}, %{x}: %{z:.3f}<extra></extra>",
            ),
            row=1,
            col=column,
        )
        if column > 1:
            figure.update_yaxes(showticklabels=False, row=1, col=column)
    name = "cell state c" if which == "cell" else "hidden state h"
    figure.update_layout(
        title=f"The LSTM's {name} after each step", height=420, margin=dict(l=10, r=10, t=70, b=10)
    )
    return figure


def state_gap(run: MemoryRun, which: str = "cell") -> np.ndarray:
    """Per step, how far apart the first two sequences' states are (Euclidean distance)."""
    states = run.cell_states if which == "cell" else run.hidden_states
    if states is None or len(states) < 2:
        raise ValueError("needs the stateful LSTM's run over at least two sequences")
    return np.linalg.norm(states[0] - states[1], axis=-1)


def one_hot_frame(sequence: Sequence[int], alphabet_size: int) -> pd.DataFrame:
    """The one-hot grid as a table: one row per step (labelled by its value), one column per value."""
    return pd.DataFrame(
        one_hot(sequence, alphabet_size).astype(int),
        index=[f"step {t + 1}: {v}" for t, v in enumerate(sequence)],
        columns=[str(v) for v in range(alphabet_size)],
    )


def pairs_frame(sequence: Sequence[int], alphabet_size: int) -> pd.DataFrame:
    """The input/output pairs of one sequence, as values and as the one-hot rows the model reads."""
    def vector(value: int) -> str:
        return "[" + " ".join(str(int(v)) for v in one_hot([value], alphabet_size)[0]) + "]"

    return pd.DataFrame(
        [
            {"sample": i + 1, "input": a, "expected output": b, "X row (1 timestep)": vector(a), "y row": vector(b)}
            for i, (a, b) in enumerate(io_pairs(sequence))
        ]
    )

"""From a real table to 3D: 1,000 series of 3,125 steps in three classes, and the ways to frame them.

The question behind this lesson had a table of 1,000 series × 3,125 steps with one label per
series, and asked how an LSTM eats that. The answer depends on what one *sample* should be: a
whole series, a rolling window of it, or a non-overlapping chunk. Each framing here has its shape,
the memory it takes and what one sample means, built from real arrays (views where NumPy can make
them). The app ships no data set: `generate_series` makes three classes of series from a seed.

Keras is imported only inside the training functions, Plotly only inside the figures.

The framings are compared on one budget of Adam updates (mini-batch steps), not epochs: an epoch
means 12 updates for one framing and 100 for another (see `UpdatePlan`).
"""

from __future__ import annotations

import io
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from lessons.core.captured import CapturedError
from lessons.engine.loop import ProgressCallback, compile_epochs, run_in_chunks
from lessons.core.parsing import InputError
from lessons.core.reshaping import try_reshape
from lessons.forecasting.training import WaitCallback
from lessons.engine.queue import TRAINING_QUEUE

N_SERIES = 1_000
LENGTH = 3_125
CLASS_NAMES = ("slow wave", "fast wave", "drift")
DTYPE = np.float32  # what Keras trains in; half the memory of NumPy's default float64
DEFAULT_WINDOW = 100  # the rolling window of the question's answer
DEFAULT_CHUNK = 125  # 3,125 = 25 × 125, so no step is dropped
DEFAULT_SEED = 0
TEST_FRACTION = 0.2  # held-out *series*: no window of a test series is ever trained on

CLASSIFIER_UNITS = 16
CLASSIFIER_LEARNING_RATE = 0.01
# Backpropagating through 3,125 steps can blow one batch's gradient up and undo what was learned
# (the whole-series loss jumped back up mid-training without it); clipping every gradient's norm to
# 1 is the usual cure for long sequences, and every framing gets it alike.
CLASSIFIER_CLIPNORM = 1.0
BATCH_SIZE = 64
SAMPLES_PER_SERIES = 8  # windows or chunks drawn from each training series (all would be 3,026)
# Every framing trains the same number of Adam updates (see UpdatePlan). The default is set by the
# slowest framing, whole series, each of whose updates walks 3,125 steps: measured on 2 shared cores
# (benchmarks/bench_real_data.py), about 0.34 s an update plus 3 s of start-up, so 80 updates take
# about 30 s (about 0.23 s an update on idle cores). The other framings take 1–3 s for the same.
MIN_UPDATES = 10
MAX_UPDATES = 1_000
DEFAULT_UPDATES = 80
DEFAULT_WAIT_SECONDS = 30  # the wait the default aims at for whole series…
MEASURED_ON = "2 CPU cores"  # …on the machine it was measured on

# Uploads. The lead sets Streamlit's server.maxUploadSize to MAX_UPLOAD_MB in .streamlit/config.toml;
# the parser checks again, because a parser must not trust its caller.
MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_CELLS = 3_200_000  # the question's own table (3,125,000 values) fits
MISSING_MARKERS = {"", "nan", "na", "n/a", "null", "none", "-"}

SERIES = "series"
ASKER = "asker"
WINDOWS = "windows"
CHUNKS = "chunks"
CHUNK_STEPS = "chunk_steps"
FRAMING_KEYS = (SERIES, ASKER, WINDOWS, CHUNKS, CHUNK_STEPS)


# --- the data ---------------------------------------------------------------------------------


def generate_series(
    n_series: int = N_SERIES, length: int = LENGTH, seed: int = DEFAULT_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """`n_series` series of `length` steps and their labels 0, 1, 2 (see CLASS_NAMES).

    Pure: the same arguments give the same arrays, so a page can cache it. Every class is noisy
    and starts at a random phase; what tells them apart is how the series moves over a few dozen
    steps — slow waves, fast waves, or a wandering drift — so a short window can see it.
    """
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n_series) % len(CLASS_NAMES))
    t = np.arange(length)
    series = np.empty((n_series, length), dtype=DTYPE)
    for i, label in enumerate(labels):
        noise = rng.normal(0.0, 0.35, length)
        if label == 2:
            walk = np.cumsum(rng.normal(0.0, 0.12, length))
            series[i] = walk - walk.mean() + noise
        else:
            period = rng.uniform(50, 80) if label == 0 else rng.uniform(12, 20)
            amplitude = rng.uniform(0.7, 1.3)
            series[i] = amplitude * np.sin(2 * np.pi * t / period + rng.uniform(0, 2 * np.pi)) + noise
    return series, labels.astype(np.int64)


# --- windows ----------------------------------------------------------------------------------


def sliding_windows(values: np.ndarray, window: int) -> np.ndarray:
    """Every run of `window` consecutive values along the last axis, as a view: nothing is copied."""
    _check_window(values.shape[-1], window)
    return sliding_window_view(values, window, axis=-1)


def loop_windows(values: np.ndarray, window: int) -> np.ndarray:
    """The same windows the way the tutorials build them: a Python loop, then one big copy."""
    _check_window(len(values), window)
    rows = []
    for start in range(len(values) - window + 1):
        rows.append(values[start : start + window])
    return np.array(rows)


def window_count(length: int, window: int) -> int:
    """How many windows of `window` steps a series of `length` steps holds (stride 1)."""
    return length - window + 1


def _check_window(length: int, window: int) -> None:
    if not 1 <= window <= length:
        raise InputError(f"A window of {window} steps does not fit a series of {length} steps.")


@dataclass(frozen=True)
class ReshapeCount:
    """Why `reshape` can never make overlapping windows: the element counts."""

    have: int  # values in the series
    need: int  # values all the windows hold together
    error: CapturedError | None  # NumPy's own words when asked anyway


def reshape_versus_windows(length: int = LENGTH, window: int = DEFAULT_WINDOW) -> ReshapeCount:
    """Ask NumPy to reshape one series into its overlapping windows and keep what it says."""
    count = window_count(length, window)
    _, error = try_reshape(np.zeros(length, dtype=DTYPE), (count, window, 1))
    return ReshapeCount(length, count * window, error)


# --- the framings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Framing:
    """One way to turn the (series, steps) table into the LSTM's (samples, timesteps, features)."""

    key: str
    title: str
    shape: tuple[int, int, int]
    one_sample: str  # what one sample is
    label: str  # what its target is
    code: str  # the NumPy line that makes it
    nbytes: int  # the array's size if it exists as its own array
    extra_bytes: int  # what it costs on top of the table: 0 when NumPy gives a view
    dropped_steps: int  # steps per series that do not fit (chunks only)
    note: str  # the catch

    @property
    def memory_text(self) -> str:
        """The memory it takes, said plainly."""
        size = format_bytes(self.nbytes)
        if self.extra_bytes == 0:
            return f"{size}, and a view of the table: nothing is copied."
        if self.key == WINDOWS:
            return (f"the sliding view itself copies nothing, but stacked into samples for Keras it "
                    f"is a {size} copy.")
        return f"{size}, copied from the table."


def framings(
    series: np.ndarray, window: int = DEFAULT_WINDOW, chunk: int = DEFAULT_CHUNK
) -> list[Framing]:
    """All five framings of a (series, steps) table, with their real shapes and memory."""
    n, length = _check_table(series)
    _check_window(length, window)
    _check_window(length, chunk)
    itemsize = series.dtype.itemsize
    count = window_count(length, window)
    pieces, dropped = divmod(length, chunk)
    found = []
    for key in FRAMING_KEYS:
        array = framing_array(key, series, window, chunk)
        view = np.shares_memory(array, series)
        if key == WINDOWS:
            shape = (n * count, window, 1)
            nbytes = math.prod(shape) * itemsize
            extra = nbytes  # the view is free, but stacking its windows into samples copies
        else:
            shape = array.shape
            nbytes = array.nbytes
            extra = 0 if view else nbytes
        found.append(_describe(key, shape, nbytes, extra, window, chunk, count, pieces, dropped, length))
    return found


def framing_array(key: str, series: np.ndarray, window: int, chunk: int) -> np.ndarray:
    """The framing as NumPy makes it (a view wherever possible).

    For rolling windows this is the (series, windows, window) view; the LSTM's 3D input would be
    it stacked to (series × windows, window, 1), which copies.
    """
    n, length = _check_table(series)
    if key == SERIES:
        return series.reshape(n, length, 1)
    if key == ASKER:
        return series.reshape(n, 1, length)
    if key == WINDOWS:
        return sliding_windows(series, window)
    pieces = length // chunk
    kept = series[:, : pieces * chunk]
    if key == CHUNKS:
        return kept.reshape(n * pieces, chunk, 1)
    if key == CHUNK_STEPS:
        return kept.reshape(n, pieces, chunk)
    raise InputError(f"Unknown framing '{key}'; choose one of {', '.join(FRAMING_KEYS)}.")


def lstm_samples(key: str, series: np.ndarray, window: int, chunk: int, rows: np.ndarray) -> np.ndarray:
    """The 3D LSTM input of the framing for the series at `rows` only (small; a copy)."""
    part = np.ascontiguousarray(series[rows])
    array = framing_array(key, part, window, chunk)
    if key == WINDOWS:
        array = array.reshape(-1, window, 1)
    return np.ascontiguousarray(array)


def _describe(
    key: str,
    shape: tuple[int, ...],
    nbytes: int,
    extra: int,
    window: int,
    chunk: int,
    count: int,
    pieces: int,
    dropped: int,
    length: int,
) -> Framing:
    if key == SERIES:
        return Framing(
            key, "Each series is one sample", shape,
            f"one whole series: {length:,} timesteps of 1 value each",
            "the series' class", "X = table.reshape(n_series, n_steps, 1)", nbytes, extra, 0,
            f"Right, but the LSTM walks {length:,} steps one after another for every sample: slow "
            "to train, and what happened thousands of steps ago fades from its state anyway.",
        )
    if key == ASKER:
        return Framing(
            key, "The asker's reshape: one timestep", shape,
            f"one whole series, but as 1 timestep of {length:,} features",
            "the series' class", "X = table.reshape(n_series, 1, n_steps)", nbytes, extra, 0,
            "It runs, and that is the trap: with one timestep there is no time axis left, so the "
            "LSTM is a plain dense layer that sees every step as an unrelated input.",
        )
    if key == WINDOWS:
        return Framing(
            key, f"Rolling windows of {window}", shape,
            f"{window} consecutive steps of one series; the next sample starts 1 step later "
            f"({count:,} windows per series)",
            "the class of the series it was cut from",
            f"X = sliding_window_view(table, {window}, axis=1).reshape(-1, {window}, 1)",
            nbytes, extra, 0,
            f"Each value sits in up to {window} windows. The view costs nothing; stacked into "
            "samples it is this big. Train on a sample of windows, and split train/test by series.",
        )
    if key == CHUNKS:
        return Framing(
            key, f"Non-overlapping chunks of {chunk}", shape,
            f"{chunk} consecutive steps; the next sample starts where this one ends "
            f"({pieces} chunks per series)",
            "the class of the series it was cut from",
            f"X = table[:, :{pieces * chunk}].reshape(-1, {chunk}, 1)", nbytes, extra, dropped,
            "A plain reshape does it, as a view: chunks do not overlap, so no value is needed twice."
            + (f" The last {dropped} steps of each series do not fill a chunk and are dropped." if dropped else ""),
        )
    return Framing(
        key, f"Chunks as timesteps ({pieces} × {chunk})", shape,
        f"one whole series as {pieces} timesteps of {chunk} values each",
        "the series' class", f"X = table[:, :{pieces * chunk}].reshape(n_series, {pieces}, {chunk})",
        nbytes, extra, dropped,
        f"The whole series in only {pieces} LSTM steps: each step reads {chunk} values at once, "
        "so the order *inside* a chunk is just features to it.",
    )


def _check_table(series: np.ndarray) -> tuple[int, int]:
    if series.ndim != 2 or series.shape[0] < 1 or series.shape[1] < 2:
        raise InputError(
            f"Expected a table of series × steps with at least 2 steps; got shape {series.shape}."
        )
    return series.shape


def format_bytes(nbytes: int) -> str:
    """A byte count as people say it: 0 bytes, 12.5 MB, 1.21 GB (powers of 1,000)."""
    if nbytes == 0:
        return "0 bytes"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if nbytes >= size:
            return f"{nbytes / size:,.3g} {unit}"
    return f"{nbytes} bytes"


# --- a small classifier -----------------------------------------------------------------------


@dataclass(frozen=True)
class UpdatePlan:
    """One budget of Adam updates laid over one framing's training set.

    The budget counts updates (mini-batch steps), not epochs: an epoch of 6,400 windows is 100
    updates, an epoch of 800 whole series only 12, so equal epochs would hand some framings eight
    times the training of others. Every update is a full batch, so equal updates also mean equal
    samples seen.
    """

    updates: int  # Adam updates, the same for every framing
    samples: int  # training samples in one epoch
    batch: int  # samples per update

    @property
    def updates_per_epoch(self) -> int:
        # Full batches only; the few samples left over differ from epoch to epoch (each epoch is
        # reshuffled), so none is left out for good.
        return self.samples // self.batch

    @property
    def epochs(self) -> int:
        """Epochs begun: the whole ones and, when the budget ends mid-epoch, that last partial one."""
        return math.ceil(self.updates / self.updates_per_epoch)

    @property
    def whole_epochs(self) -> int:
        return self.updates // self.updates_per_epoch

    @property
    def partial_updates(self) -> int:
        """Updates in the last, partial epoch (0 when the budget ends on an epoch boundary)."""
        return self.updates % self.updates_per_epoch

    @property
    def samples_seen(self) -> int:
        return self.updates * self.batch

    @property
    def epochs_text(self) -> str:
        """The epochs said plainly, e.g. '8 epochs, then 4 of the next one's 12 updates'."""
        whole = f"{self.whole_epochs:,} epoch{'s' if self.whole_epochs != 1 else ''}"
        part = f"{self.partial_updates:,} of"
        if not self.partial_updates:
            return whole
        if not self.whole_epochs:
            return f"part of one epoch: {part} its {self.updates_per_epoch:,} updates"
        return f"{whole}, then {part} the next one's {self.updates_per_epoch:,} updates"


def plan_updates(samples: int, updates: int, batch: int = BATCH_SIZE) -> UpdatePlan:
    """The plan for `updates` updates over `samples` training samples, or an InputError."""
    whole = isinstance(updates, (int, np.integer)) and not isinstance(updates, bool)
    if not whole or not MIN_UPDATES <= updates <= MAX_UPDATES:
        raise InputError(f"Updates must be a whole number from {MIN_UPDATES:,} to {MAX_UPDATES:,}; it is {updates}.")
    if samples < 1:
        raise InputError("There are no training samples: the table needs at least 2 series to train.")
    # A training set smaller than one batch becomes one batch (only tiny uploads or tests get here).
    return UpdatePlan(int(updates), int(samples), min(batch, int(samples)))


def batch_order(plan: UpdatePlan, seed: int = DEFAULT_SEED) -> np.ndarray:
    """Which training samples each update reads: (updates, batch) row indices.

    Each epoch is a fresh shuffle cut into full batches; the budget may end partway through one.
    """
    rng = np.random.default_rng(seed)
    per_epoch = plan.updates_per_epoch
    epochs = [
        rng.permutation(plan.samples)[: per_epoch * plan.batch].reshape(per_epoch, plan.batch)
        for _ in range(plan.epochs)
    ]
    return np.concatenate(epochs)[: plan.updates].astype(np.int32)


def training_samples(
    key: str,
    n_series: int,
    length: int,
    window: int = DEFAULT_WINDOW,
    chunk: int = DEFAULT_CHUNK,
    seed: int = DEFAULT_SEED,
) -> int:
    """How many training samples `classifier_data` makes for a framing, without making them.

    The page needs it before training, to lay the budget out in epochs for every framing.
    """
    n_train = len(split_series(n_series, seed)[0])
    per_series = {WINDOWS: window_count(length, window), CHUNKS: length // chunk}.get(key, 1)
    return n_train * min(per_series, SAMPLES_PER_SERIES)


@dataclass(frozen=True)
class Baseline:
    """What 'good' starts above: always answering the most common class of the held-out series."""

    label: int
    share: float  # of the held-out series
    series: int  # held-out series in all

    @property
    def name(self) -> str:
        return CLASS_NAMES[self.label] if self.label < len(CLASS_NAMES) else f"class {self.label}"


def majority_baseline(labels: np.ndarray, seed: int = DEFAULT_SEED) -> Baseline:
    """The majority-class score on the held-out series of `split_series` (the same split training uses)."""
    _, test_rows = split_series(len(labels), seed)
    counts = np.bincount(labels[test_rows])
    label = int(counts.argmax())  # a tie goes to the lower class number
    return Baseline(label, float(counts[label] / len(test_rows)), len(test_rows))


@dataclass(frozen=True)
class ClassifierRun:
    """A trained classifier's results, as plain data (never the model)."""

    framing: str
    train_shape: tuple[int, int, int]
    test_shape: tuple[int, int, int]
    plan: UpdatePlan
    updates: int  # updates Adam really applied (its own counter), to hold against plan.updates
    losses: tuple[float, ...]  # mean batch loss of every epoch begun
    sample_accuracy: float  # per held-out sample (window, chunk or series)
    series_accuracy: float  # per held-out series: its samples' outputs averaged, then argmax
    baseline: Baseline  # always guessing the held-out series' most common class
    confusion: np.ndarray  # (true class, predicted class) counts over held-out series
    train_seconds: float  # building the model and every update
    seconds: float  # the whole run: training, then judging the held-out samples

    @property
    def samples_seen(self) -> int:
        return self.updates * self.plan.batch


def split_series(n_series: int, seed: int = DEFAULT_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Train and held-out series indices (whole series, so no window leaks across)."""
    order = np.random.default_rng(seed).permutation(n_series)
    n_test = max(1, round(n_series * TEST_FRACTION))
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def classifier_data(
    key: str,
    series: np.ndarray,
    labels: np.ndarray,
    *,
    window: int = DEFAULT_WINDOW,
    chunk: int = DEFAULT_CHUNK,
    seed: int = DEFAULT_SEED,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X_train, y_train, X_test, y_test and, for each test sample, the index of its test series.

    Windows and chunks: SAMPLES_PER_SERIES random ones per training series; for the test, every
    chunk, or windows every `window` steps (non-overlapping, so each step is judged once).
    """
    n, _ = _check_table(series)
    if n < 2:
        raise InputError("Training needs at least 2 series: one to learn from and one held out to judge.")
    train_rows, test_rows = split_series(n, seed)
    rng = np.random.default_rng(seed + 1)
    X_train = lstm_samples(key, series, window, chunk, train_rows)
    X_test = lstm_samples(key, series, window, chunk, test_rows)
    per_train = len(X_train) // len(train_rows)
    per_test = len(X_test) // len(test_rows)
    y_train = np.repeat(labels[train_rows], per_train)
    y_test = np.repeat(labels[test_rows], per_test)
    owner = np.repeat(np.arange(len(test_rows)), per_test)
    if per_train > SAMPLES_PER_SERIES:
        picks = np.concatenate(
            [i * per_train + rng.choice(per_train, SAMPLES_PER_SERIES, replace=False) for i in range(len(train_rows))]
        )
        X_train, y_train = X_train[picks], y_train[picks]
    if key == WINDOWS:
        keep = (np.arange(len(X_test)) % per_test) % window == 0
        X_test, y_test, owner = X_test[keep], y_test[keep], owner[keep]
    order = rng.permutation(len(X_train))  # mixed classes in every batch
    return X_train[order], y_train[order], X_test, y_test, owner


def train_classifier(
    key: str,
    series: np.ndarray,
    labels: np.ndarray,
    *,
    window: int = DEFAULT_WINDOW,
    chunk: int = DEFAULT_CHUNK,
    updates: int = DEFAULT_UPDATES,
    seed: int = DEFAULT_SEED,
    on_progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
) -> ClassifierRun:
    """LSTM(16) → Dense(3, softmax) on one framing for exactly `updates` Adam updates.

    Progress is reported per epoch (`on_progress(done_epochs, plan.epochs, losses)`); the last
    epoch may be partial. Accuracy is judged on held-out series.
    """
    if len(series) != len(labels):
        raise InputError(f"There are {len(series):,} series but {len(labels):,} labels; give one label per series.")
    X_train, y_train, X_test, y_test, owner = classifier_data(
        key, series, labels, window=window, chunk=chunk, seed=seed
    )
    plan = plan_updates(len(X_train), updates)
    order = batch_order(plan, seed + 2)
    n_classes = int(labels.max()) + 1
    with TRAINING_QUEUE.turn(on_wait):
        import keras
        from keras import layers

        started = time.perf_counter()
        keras.utils.set_random_seed(int(seed))
        model = keras.Sequential(
            [
                keras.Input(shape=X_train.shape[1:]),
                layers.LSTM(CLASSIFIER_UNITS),
                layers.Dense(n_classes, activation="softmax"),
            ]
        )
        losses, applied = _fit_updates(model, X_train, y_train, plan, order, on_progress)
        train_seconds = time.perf_counter() - started
        probabilities = model.predict(X_test, batch_size=256, verbose=0)
        seconds = time.perf_counter() - started
    sample_accuracy = float((probabilities.argmax(-1) == y_test).mean())
    n_test = int(owner.max()) + 1
    per_series = np.zeros((n_test, n_classes))
    np.add.at(per_series, owner, probabilities)
    truth = np.zeros(n_test, dtype=int)
    truth[owner] = y_test
    guess = per_series.argmax(-1)
    confusion = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(confusion, (truth, guess), 1)
    return ClassifierRun(
        key, X_train.shape, X_test.shape, plan, applied, tuple(losses), sample_accuracy,
        float((guess == truth).mean()), majority_baseline(labels, seed), confusion, train_seconds, seconds,
    )


def _fit_updates(
    model: Any,
    X: np.ndarray,
    y: np.ndarray,
    plan: UpdatePlan,
    order: np.ndarray,
    on_progress: ProgressCallback | None,
) -> tuple[list[float], int]:
    """Mini-batch Adam on sparse cross-entropy, the rows of `order` one update each.

    Runs epoch by epoch (a chunk of epochs per compiled call) and returns each epoch's mean batch
    loss and the number of updates Adam counted.
    """
    import keras
    import tensorflow as tf

    weights = model.trainable_variables
    optimizer = keras.optimizers.Adam(CLASSIFIER_LEARNING_RATE, clipnorm=CLASSIFIER_CLIPNORM)
    optimizer.build(weights)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    X_t, y_t, order_t = tf.constant(X), tf.constant(y), tf.constant(order)
    per_epoch, total = tf.constant(plan.updates_per_epoch), tf.constant(plan.updates)
    done = tf.Variable(0, dtype=tf.int32)  # updates so far: where the next epoch starts

    def epoch() -> Any:
        """The next epoch's updates (fewer if the budget ends first); their mean loss back."""
        start = done.read_value()
        end = tf.minimum(start + per_epoch, total)
        loss_sum = tf.constant(0.0)
        for step in tf.range(start, end):
            rows = order_t[step]
            with tf.GradientTape() as tape:
                loss = loss_fn(tf.gather(y_t, rows), model(tf.gather(X_t, rows), training=True))
            optimizer.apply(tape.gradient(loss, weights), weights)
            loss_sum += loss
        done.assign(end)
        return loss_sum / tf.cast(end - start, tf.float32)

    losses = run_in_chunks(compile_epochs(epoch), plan.epochs, on_progress)
    return losses, int(optimizer.iterations.numpy())


# --- the learner's own CSV --------------------------------------------------------------------


def parse_csv(data: bytes) -> pd.DataFrame:
    """A CSV of numbers as a float32 DataFrame, or an InputError that says what to fix.

    A first row of names is a header; commas, semicolons or tabs separate cells.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"The file is {format_bytes(len(data))}; the limit is {MAX_UPLOAD_MB} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("That is not a text file in UTF-8: save the table as CSV (UTF-8) and try again.") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("The file is empty.")
    separator = next((s for s in (",", ";", "\t") if s in lines[0]), ",")
    columns = lines[0].count(separator) + 1
    if len(lines) * columns > MAX_CELLS:
        raise InputError(
            f"The file has about {len(lines) * columns:,} cells ({len(lines):,} rows × {columns:,} "
            f"columns); the limit is {MAX_CELLS:,}. Cut it down, e.g. fewer series or fewer steps."
        )
    fast = _all_numbers(text, separator)
    if fast is not None:
        return fast
    # Something is off: read every cell as text to say exactly which cell and why.
    try:
        raw = pd.read_csv(
            io.StringIO(text), sep=separator, header=None, dtype=str, keep_default_na=False,
            skip_blank_lines=True, engine="c",
        )
    except pd.errors.ParserError as error:
        raise InputError(
            f"The rows do not all have the same number of cells ({_parser_detail(error)}). "
            "Every row of the table needs one cell per column."
        ) from None
    raw = raw.fillna("").apply(lambda column: column.str.strip())
    header = None
    if len(raw) and not _numeric_mask(raw.iloc[0]).any() and not _missing_mask(raw.iloc[0]).all():
        header = [name or f"column {i + 1}" for i, name in enumerate(raw.iloc[0])]
        raw = raw.iloc[1:].reset_index(drop=True)
    names = header or [f"column {i + 1}" for i in range(raw.shape[1])]
    if len(raw) < 2:
        raise InputError(
            f"The table has {len(raw)} row{'s' if len(raw) != 1 else ''} of numbers; it needs at least 2. "
            "Put one timestep per row (or one series per row, with its steps across the columns)."
        )
    first_row = 2 if header else 1  # what a spreadsheet would call the first data row
    values = np.empty(raw.shape, dtype=DTYPE)
    for j, name in enumerate(names):
        column = raw.iloc[:, j]
        missing = _missing_mask(column)
        if missing.any():
            row = int(np.flatnonzero(missing.to_numpy())[0])
            raise InputError(
                f"Column '{name}' has a missing value in row {row + first_row}. An LSTM cannot "
                "take gaps: fill them (e.g. with the previous value) or drop those rows first."
            )
        numbers = pd.to_numeric(column, errors="coerce")
        bad = numbers.isna().to_numpy()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"Column '{name}' holds text: row {row + first_row} is '{column.iloc[row][:30]}'. "
                "Only numbers go into an LSTM: drop text columns such as names or dates, or "
                "encode categories as numbers first."
            )
        if not np.isfinite(numbers.to_numpy(dtype=float)).all():
            raise InputError(f"Column '{name}' holds infinity; use finite numbers only.")
        values[:, j] = numbers.to_numpy(dtype=float)
    return pd.DataFrame(values, columns=_unique(names))


def _all_numbers(text: str, separator: str) -> pd.DataFrame | None:
    """The fast path for a clean file (no header, or a header of names): NumPy floats, or None."""
    for header in (None, 0):
        try:
            frame = pd.read_csv(io.StringIO(text), sep=separator, header=header, dtype=np.float64, engine="c")
        except (ValueError, pd.errors.ParserError):
            continue
        names = [str(c) for c in frame.columns]
        values = frame.to_numpy()
        if header == 0 and _numeric_mask(pd.Series(names)).any():
            return None  # a "header" with numbers in it is data with text in it: let the check say so
        if len(frame) < 2 or not np.isfinite(values).all():
            return None
        if header is None:
            names = [f"column {i + 1}" for i in range(values.shape[1])]
        return pd.DataFrame(values.astype(DTYPE), columns=_unique(names))
    return None


def _numeric_mask(cells: pd.Series) -> pd.Series:
    return pd.to_numeric(cells, errors="coerce").notna()


def _missing_mask(cells: pd.Series) -> pd.Series:
    return cells.str.lower().isin(MISSING_MARKERS)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def _parser_detail(error: Exception) -> str:
    text = str(error).strip().splitlines()[-1]
    return text.removeprefix("Error tokenizing data. C error: ").rstrip(".").lower()


def table_to_series(frame: pd.DataFrame, series_in: str = "columns") -> np.ndarray:
    """The uploaded table as (series, steps): each column a series, or each row a series."""
    values = frame.to_numpy(dtype=DTYPE)
    if series_in == "columns":
        return np.ascontiguousarray(values.T)
    if series_in == "rows":
        return np.ascontiguousarray(values)
    raise InputError("Say whether each column or each row of the table is one series.")


def fitting_sizes(length: int, window: int = DEFAULT_WINDOW, chunk: int = DEFAULT_CHUNK) -> tuple[int, int]:
    """Window and chunk sizes shrunk to fit a shorter series (at most half of it)."""
    limit = max(1, length // 2)
    return min(window, limit), min(chunk, limit)


def csv_bytes(series: np.ndarray, series_in: str = "columns", rows: int | None = None) -> bytes:
    """A table as CSV bytes (used to offer a sample file and by the tests)."""
    table = series.T if series_in == "columns" else series
    if rows is not None:
        table = table[:rows]
    name = "series" if series_in == "columns" else "step"
    frame = pd.DataFrame(table, columns=[f"{name} {i + 1}" for i in range(table.shape[1])])
    return frame.to_csv(index=False, float_format="%.4f").encode()



def examples_figure(series: np.ndarray, labels: np.ndarray, steps: int = 400) -> Any:
    """The first `steps` steps of one series of each class, one line each."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for label, name in enumerate(CLASS_NAMES):
        rows = np.flatnonzero(labels == label)
        if len(rows):
            shown = series[rows[0], :steps]
            figure.add_trace(go.Scatter(x=np.arange(len(shown)), y=shown, mode="lines",
                                        name=f"class {label}: {name} (series {rows[0]})"))
    figure.update_layout(height=260, margin=dict(l=10, r=10, t=30, b=10), xaxis_title="step",
                         title=f"One series of each class, first {steps} of {series.shape[1]:,} steps")
    return figure


def confusion_frame(run: ClassifierRun) -> pd.DataFrame:
    """Held-out series by true class (rows) and predicted class (columns)."""
    names = list(CLASS_NAMES[: run.confusion.shape[0]])
    return pd.DataFrame(run.confusion, index=[f"true: {n}" for n in names],
                        columns=[f"predicted: {n}" for n in names])


# --- tables for the page ----------------------------------------------------------------------


def budget_plans(
    n_series: int,
    length: int,
    updates: int,
    window: int = DEFAULT_WINDOW,
    chunk: int = DEFAULT_CHUNK,
    seed: int = DEFAULT_SEED,
) -> dict[str, UpdatePlan]:
    """One budget of updates laid over every framing's training set, before anything trains."""
    return {
        key: plan_updates(training_samples(key, n_series, length, window, chunk, seed), updates)
        for key in FRAMING_KEYS
    }


def budget_frame(plans: dict[str, UpdatePlan], found: list[Framing]) -> pd.DataFrame:
    """What one budget means for each framing: same updates and samples seen, different epochs.

    The timesteps column is what makes the same update cost more for one framing than another.
    """
    by_key = {framing.key: framing for framing in found}
    return pd.DataFrame(
        [
            {
                "framing": by_key[key].title,
                "timesteps per sample": by_key[key].shape[1],
                "training samples": plan.samples,
                "updates per epoch": plan.updates_per_epoch,
                "updates": plan.updates,
                "samples seen": plan.samples_seen,
                "epochs": plan.epochs_text,  # the long text last, so a narrow screen cuts it, not a number
            }
            for key, plan in plans.items()
        ]
    )


def comparison_frame(runs: list[ClassifierRun], titles: dict[str, str]) -> pd.DataFrame:
    """Finished runs side by side: their budget, their cost, their held-out scores."""
    return pd.DataFrame(
        [
            {
                "framing": titles.get(run.framing, run.framing),
                "updates": run.updates,
                "samples seen": run.samples_seen,
                "seconds training": round(run.train_seconds, 1),
                "held-out series right": f"{run.series_accuracy:.1%}",
                "held-out samples right": f"{run.sample_accuracy:.1%}",
                "last epoch's loss": round(run.losses[-1], 3),
                "epochs": run.plan.epochs_text,
            }
            for run in runs
        ]
    )


def updates_at_epoch_ends(plan: UpdatePlan) -> np.ndarray:
    """Updates done when each epoch ends: where each epoch's loss belongs on an updates axis."""
    return np.minimum(np.arange(1, plan.epochs + 1) * plan.updates_per_epoch, plan.updates)


def losses_figure(runs: list[ClassifierRun], titles: dict[str, str]) -> Any:
    """Every run's loss against updates, not epochs: the axis every framing shares."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for run in runs:
        figure.add_trace(go.Scatter(x=updates_at_epoch_ends(run.plan), y=list(run.losses), mode="lines+markers",
                                    name=titles.get(run.framing, run.framing)))
    figure.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), xaxis_title="updates",
                         yaxis=dict(type="log", title="cross-entropy"),
                         title="Training loss, each point the mean over one epoch's updates")
    return figure


def still_falling(losses: tuple[float, ...]) -> bool:
    """Was the last epoch's loss the lowest yet, i.e. was it still learning when the budget ran out?"""
    return len(losses) >= 2 and losses[-1] < min(losses[:-1])

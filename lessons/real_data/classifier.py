"""A small classifier on every framing, each given the same budget of Adam updates.

The framings are compared on one budget of updates (mini-batch steps), not epochs: an epoch
means 12 updates for one framing and 100 for another (see `UpdatePlan`). `budget_plans` lays the
budget out before anything trains; `classifier_data` draws each framing's training and held-out
samples; `classifier_job` trains LSTM(16) → Dense(classes) and judges it on held-out series
against the majority-class `Baseline`. It is a job (module-level, a frozen `ClassifierRequest` of
NumPy arrays in, a `ClassifierRun` of plain data out), run through `engine.run_job` by
`train_classifier`, so it can run in another process too. The split is the caller's: by default
`split_series`, for a learner's labelled series the stratified one (`labels.stratified_split`).

It trains through the shared engine (`lessons.engine.fit`): `build_classifier` seeded in the
training turn, sparse categorical cross-entropy with Adam(CLASSIFIER_LEARNING_RATE,
clipnorm=CLASSIFIER_CLIPNORM), one mini-batch update per row of `batch_order` (the updates and the
samples each one reads, see `plan_updates`), progress once per chunk of epochs, and one compiled
workspace per framing's sample shape, reset rather than retraced when it trains again. Keras is
imported inside the training functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from lessons import engine
from lessons.core import InputError, plural
from lessons.engine.loop import ProgressCallback, WaitCallback
from lessons.real_data.data import CLASS_NAMES, DEFAULT_SEED, split_series
from lessons.real_data.framing import (
    CHUNKS,
    DEFAULT_CHUNK,
    DEFAULT_WINDOW,
    FRAMING_KEYS,
    WINDOWS,
    _check_table,
    lstm_samples,
    window_count,
)

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


# --- one budget of updates for every framing ------------------------------------------------


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
        whole = plural(self.whole_epochs, "epoch")
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
    n_train: int | None = None,
) -> int:
    """How many training samples `classifier_data` makes for a framing, without making them.

    The page needs it before training, to lay the budget out in epochs for every framing.
    `n_train`: the training series of the split used (default: those of `split_series`).
    """
    if n_train is None:
        n_train = len(split_series(n_series, seed)[0])
    per_series = {WINDOWS: window_count(length, window), CHUNKS: length // chunk}.get(key, 1)
    return n_train * min(per_series, SAMPLES_PER_SERIES)


def budget_plans(
    n_series: int,
    length: int,
    updates: int,
    window: int = DEFAULT_WINDOW,
    chunk: int = DEFAULT_CHUNK,
    seed: int = DEFAULT_SEED,
    n_train: int | None = None,
) -> dict[str, UpdatePlan]:
    """One budget of updates laid over every framing's training set, before anything trains."""
    return {
        key: plan_updates(training_samples(key, n_series, length, window, chunk, seed, n_train), updates)
        for key in FRAMING_KEYS
    }


# --- what good starts above, and what a run leaves ------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """What 'good' starts above: always answering the most common class of the held-out series."""

    label: int
    share: float  # of the held-out series
    series: int  # held-out series in all
    class_names: tuple[str, ...] = CLASS_NAMES

    @property
    def name(self) -> str:
        return self.class_names[self.label] if self.label < len(self.class_names) else f"class {self.label}"


def majority_baseline(
    labels: np.ndarray,
    seed: int = DEFAULT_SEED,
    test_rows: np.ndarray | None = None,
    class_names: tuple[str, ...] = CLASS_NAMES,
) -> Baseline:
    """The majority-class score on the held-out series (the same split training uses): `test_rows`,
    or by default those of `split_series`."""
    if test_rows is None:
        _, test_rows = split_series(len(labels), seed)
    counts = np.bincount(labels[test_rows])
    label = int(counts.argmax())  # a tie goes to the lower class number
    return Baseline(label, float(counts[label] / len(test_rows)), len(test_rows), tuple(class_names))


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
    class_names: tuple[str, ...] = CLASS_NAMES  # what each class number stands for

    @property
    def series_right(self) -> int:
        """Held-out series classified right (the confusion matrix' diagonal)."""
        return int(np.trace(self.confusion))

    @property
    def samples_seen(self) -> int:
        return self.updates * self.plan.batch


# --- training --------------------------------------------------------------------------------


def classifier_data(
    key: str,
    series: np.ndarray,
    labels: np.ndarray,
    *,
    window: int = DEFAULT_WINDOW,
    chunk: int = DEFAULT_CHUNK,
    seed: int = DEFAULT_SEED,
    split: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """X_train, y_train, X_test, y_test and, for each test sample, the index of its test series.

    `series` is (series, steps) or (series, steps, channels); `split` the (train, held-out) series
    indices, by default `split_series`'. Windows and chunks: SAMPLES_PER_SERIES random ones per
    training series; for the test, every chunk, or windows every `window` steps (non-overlapping,
    so each step is judged once).
    """
    n, _ = _check_table(series)
    if n < 2:
        raise InputError("Training needs at least 2 series: one to learn from and one held out to judge.")
    train_rows, test_rows = split_series(n, seed) if split is None else split
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


@dataclass(frozen=True)
class ClassifierRequest:
    """Everything one training needs, as plain data (so a worker process can run it too)."""

    framing: str
    series: np.ndarray  # (series, steps) or (series, steps, channels)
    labels: np.ndarray  # (series,) class numbers
    train_rows: np.ndarray  # series trained on
    test_rows: np.ndarray  # series held out to judge
    class_names: tuple[str, ...]
    window: int = DEFAULT_WINDOW
    chunk: int = DEFAULT_CHUNK
    updates: int = DEFAULT_UPDATES
    seed: int = DEFAULT_SEED


def classifier_request(
    key: str,
    series: np.ndarray,
    labels: np.ndarray,
    *,
    window: int = DEFAULT_WINDOW,
    chunk: int = DEFAULT_CHUNK,
    updates: int = DEFAULT_UPDATES,
    seed: int = DEFAULT_SEED,
    class_names: tuple[str, ...] = CLASS_NAMES,
    split: tuple[np.ndarray, np.ndarray] | None = None,
) -> ClassifierRequest:
    """The request for one training, checked: an InputError before anything trains."""
    labels = np.asarray(labels)
    if len(series) != len(labels):
        raise InputError(f"There are {len(series):,} series but {len(labels):,} labels; give one label per series.")
    n, _ = _check_table(series)
    if n < 2:
        raise InputError("Training needs at least 2 series: one to learn from and one held out to judge.")
    train_rows, test_rows = split_series(n, seed) if split is None else split
    if len(labels) and labels.max() >= len(class_names):
        class_names = tuple(class_names) + tuple(f"class {i}" for i in range(len(class_names), int(labels.max()) + 1))
    plan_updates(1, updates)  # the budget's own check
    return ClassifierRequest(key, series, labels.astype(np.int64), np.asarray(train_rows), np.asarray(test_rows),
                             tuple(class_names), int(window), int(chunk), int(updates), int(seed))


def classifier_job(request: ClassifierRequest, on_progress: ProgressCallback | None = None) -> ClassifierRun:
    """The training itself, as a job for `engine.run_job`: LSTM(16) → Dense(classes, softmax) on
    one framing for exactly `request.updates` Adam updates, judged on the held-out series.

    Progress is reported per epoch (`on_progress(done_epochs, plan.epochs, losses)`); the last
    epoch may be partial. Returns plain data (`ClassifierRun`), never the model.
    """
    split = (request.train_rows, request.test_rows)
    X_train, y_train, X_test, y_test, owner = classifier_data(
        request.framing, request.series, request.labels, window=request.window, chunk=request.chunk,
        seed=request.seed, split=split,
    )
    plan = plan_updates(len(X_train), request.updates)
    order = batch_order(plan, request.seed + 2)
    n_classes = len(request.class_names)
    sample_shape = X_train.shape[1:]
    recipe = engine.Recipe(
        key=("real_data classifier", sample_shape, n_classes),
        build=lambda: build_classifier(sample_shape, n_classes),
        loss="SparseCategoricalCrossentropy",
        epoch=engine.MINI_BATCHES,
        clipnorm=CLASSIFIER_CLIPNORM,
    )
    trained = engine.fit(
        recipe, (X_train, y_train), seed=request.seed, learning_rate=CLASSIFIER_LEARNING_RATE,
        batches=engine.Batches(order, plan.updates_per_epoch),
        after=lambda model: model.predict(X_test, batch_size=256, verbose=0),
        on_progress=on_progress,
    )
    sample_accuracy, series_accuracy, confusion = _judge(trained.output, y_test, owner, n_classes)
    baseline = majority_baseline(request.labels, request.seed, request.test_rows, request.class_names)
    return ClassifierRun(
        request.framing, X_train.shape, X_test.shape, plan, trained.updates, tuple(trained.losses), sample_accuracy,
        series_accuracy, baseline, confusion, trained.train_seconds, trained.seconds, request.class_names,
    )


def train_classifier(
    key: str,
    series: np.ndarray,
    labels: np.ndarray,
    *,
    window: int = DEFAULT_WINDOW,
    chunk: int = DEFAULT_CHUNK,
    updates: int = DEFAULT_UPDATES,
    seed: int = DEFAULT_SEED,
    class_names: tuple[str, ...] = CLASS_NAMES,
    split: tuple[np.ndarray, np.ndarray] | None = None,
    on_progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
) -> ClassifierRun:
    """`classifier_job` on these arguments, run through `engine.run_job` (see there).

    `split`: (train, held-out) series indices, e.g. `stratified_split`'s; by default `split_series`'.
    """
    request = classifier_request(key, series, labels, window=window, chunk=chunk, updates=updates, seed=seed,
                                 class_names=class_names, split=split)
    return engine.run_job(classifier_job, request, on_progress=on_progress, on_wait=on_wait)


def build_classifier(input_shape: tuple[int, int], n_classes: int) -> Any:
    """LSTM(CLASSIFIER_UNITS) → Dense(n_classes, softmax) over samples of (timesteps, features)."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.LSTM(CLASSIFIER_UNITS),
            layers.Dense(n_classes, activation="softmax"),
        ]
    )


def _judge(
    probabilities: np.ndarray, y_test: np.ndarray, owner: np.ndarray, n_classes: int
) -> tuple[float, float, np.ndarray]:
    """Held-out scores: per sample, per series (its samples' outputs averaged), and the confusion."""
    sample_accuracy = float((probabilities.argmax(-1) == y_test).mean())
    n_test = int(owner.max()) + 1
    per_series = np.zeros((n_test, n_classes))
    np.add.at(per_series, owner, probabilities)
    truth = np.zeros(n_test, dtype=int)
    truth[owner] = y_test
    guess = per_series.argmax(-1)
    confusion = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(confusion, (truth, guess), 1)
    return sample_accuracy, float((guess == truth).mean()), confusion

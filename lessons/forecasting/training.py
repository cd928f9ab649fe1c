"""The training engine: the tutorial's `model.fit(X, y, epochs=E)`, same maths, many times faster.

The maths is the tutorial's: Adam with Keras' defaults (its update done by TensorFlow's fused Adam
kernel, the same formula), Keras' mean squared error, the whole (tiny) data set as one batch each
epoch, initial weights drawn exactly as building the model after `keras.utils.set_random_seed(seed)`
draws them. The speed comes from three things:

- one compiled `tf.function` runs a chunk of epochs per call (`fit` makes a Python round trip per
  epoch); between chunks `on_progress` reports to the page;
- short recurrent layers are unrolled, which avoids a loop inside the loop;
- the compiled "workspace" (model, optimizer, traced step) is kept per architecture, so another
  seed or another data set of the same shape resets the weights and optimizer instead of tracing
  the graph again — tracing is the largest cost left.

Every training runs inside `TRAINING_QUEUE.turn()` (seeds are process-wide) and only then touches
a workspace; sessions get plain NumPy results, never a model. Identical requests are answered from
a small process-wide cache.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from lessons.forecasting import tutorial as forecasting
from lessons.forecasting import models
from lessons.engine.loop import ProgressCallback, run_in_chunks
from lessons.core.parsing import InputError
from lessons.engine.queue import TRAINING_QUEUE

MAX_EPOCHS = 2_000  # the tutorial's longest is 500; beyond this a page would wait minutes
MAX_UNITS = 512
MAX_SAMPLES = 5_000
UNROLL_MAX_STEPS = 16  # unrolling a long window makes a huge graph that is slow to build
WORKSPACES_KEPT = 12
RESULTS_KEPT = 256
# XLA (jit_compile=True) makes each epoch several times faster but compiling takes 4–8 s of CPU per
# architecture, more than a whole training without it (measured on the eleven lessons), so it is off.
JIT_COMPILE = False

WaitCallback = Callable[[int], None]


def _frozen(array: np.ndarray) -> tuple:
    """A float array as nested tuples: hashable, comparable, and the shape survives."""
    return tuple(_frozen(a) for a in array) if array.ndim else float(array)


@dataclass(frozen=True)
class TrainRequest:
    """Everything that decides a training's result; equal requests give equal results."""

    variant: str
    X: tuple = field(repr=False)  # prepared X as nested tuples (see `x_array`)
    y: tuple = field(repr=False)
    units: int
    epochs: int
    learning_rate: float
    seed: int
    test_input: tuple = field(repr=False)  # prepared, with its samples axis of 1

    @property
    def x_array(self) -> np.ndarray:
        return np.asarray(self.X, dtype=float)

    @property
    def y_array(self) -> np.ndarray:
        return np.asarray(self.y, dtype=float)

    @property
    def test_array(self) -> np.ndarray:
        return np.asarray(self.test_input, dtype=float)


@dataclass
class TrainResult:
    prediction: np.ndarray  # the model's output for the test input, samples axis included
    losses: list[float]  # the training loss of every epoch, as fit's history would show it
    seconds: float  # how long the training took (for a cached result: the original training)
    from_cache: bool
    seed: int


def make_request(
    variant: str,
    X: np.ndarray,
    y: np.ndarray,
    units: int,
    epochs: int,
    learning_rate: float,
    seed: int,
    test_input: np.ndarray,
) -> TrainRequest:
    """Check settings and shapes (prepared X, y and test input) and freeze them into a request."""
    X, y, test = (np.asarray(a, dtype=float) for a in (X, y, test_input))
    _check_whole("Units", units, 1, MAX_UNITS)
    _check_whole("Epochs", epochs, 1, MAX_EPOCHS)
    _check_whole("Seed", seed, 0, 2**31 - 1)
    if not (isinstance(learning_rate, (int, float)) and 0 < learning_rate <= 1):
        raise InputError(f"The learning rate must be above 0 and at most 1; it is {learning_rate}.")
    x_rank, y_rank = models.expected_ranks(variant)
    if X.ndim != x_rank or y.ndim != y_rank or len(X) != len(y) or len(X) == 0:
        raise InputError(
            f"{forecasting.VARIANTS[variant]} trains on a {x_rank}D X and a {y_rank}D y with one "
            f"row per sample; these are {X.shape} and {y.shape}. Prepare them for the variant first."
        )
    if len(X) > MAX_SAMPLES:
        raise InputError(f"That is {len(X):,} samples; training here takes at most {MAX_SAMPLES:,}.")
    if test.shape != (1,) + X.shape[1:]:
        raise InputError(
            f"The test input has shape {test.shape[1:] if test.ndim else test.shape}, but the model "
            f"reads samples of shape {X.shape[1:]}: give one window of the same size."
        )
    for name, array in (("X", X), ("y", y), ("The test input", test)):
        if not np.all(np.isfinite(array)):
            raise InputError(f"{name} holds NaN or infinity; a network cannot learn from those.")
    return TrainRequest(
        variant, _frozen(X), _frozen(y), int(units), int(epochs), float(learning_rate), int(seed),
        _frozen(test),
    )


def _check_whole(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high:,}; it is {value}.")


def request_for_lesson(
    lesson: forecasting.ForecastLesson | str,
    variant: str | None = None,
    seed: int | None = None,
    epochs: int | None = None,
    *,
    n_seq: int | None = None,
) -> TrainRequest:
    """The tutorial's training for a lesson (or its key), optionally with another variant/seed/epochs.

    CNN-LSTM and ConvLSTM use `n_seq`, else the lesson's own, else 1.
    """
    if isinstance(lesson, str):
        lesson = forecasting.LESSONS[lesson]
    variant = variant or lesson.variant
    if n_seq is None:
        n_seq = lesson.n_seq if variant in models.SPLIT_VARIANTS else 1
    X, y = lesson.make_samples()
    prepared = models.prepare(variant, X, y, n_seq, n_out=lesson.n_out)
    return make_request(
        variant,
        prepared.X,
        prepared.y,
        lesson.units,
        lesson.epochs if epochs is None else epochs,
        lesson.learning_rate,
        lesson.seed if seed is None else seed,
        models.prepare_input(variant, lesson.test_input, n_seq),
    )


# --- results cache (any thread) ----------------------------------------------------------------

_results: OrderedDict[TrainRequest, TrainResult] = OrderedDict()
_results_lock = threading.Lock()


def _cached(request: TrainRequest) -> TrainResult | None:
    with _results_lock:
        hit = _results.get(request)
        if hit is None:
            return None
        _results.move_to_end(request)
        return replace(hit, prediction=hit.prediction.copy(), losses=list(hit.losses), from_cache=True)


def _remember(request: TrainRequest, result: TrainResult) -> None:
    with _results_lock:
        _results[request] = replace(result, prediction=result.prediction.copy(), losses=list(result.losses))
        while len(_results) > RESULTS_KEPT:
            _results.popitem(last=False)


def clear_result_cache() -> None:
    """Forget earlier results (compiled workspaces stay)."""
    with _results_lock:
        _results.clear()


# --- workspaces (only touched while holding the training queue's turn) ---------------------------


@dataclass
class _Workspace:
    model: Any
    run_epochs: Any  # tf.function(X, y, n) -> per-epoch losses
    adam_slots: list[Any]  # Adam's first and second moment of every weight
    adam_step: Any  # epochs done (Adam's bias correction counts them)
    learning_rate: Any  # a variable, so another rate needs no new trace


_workspaces: OrderedDict[tuple, _Workspace] = OrderedDict()


def _architecture(request: TrainRequest) -> tuple:
    X_shape = np.shape(request.X)
    y_shape = np.shape(request.y)
    return (request.variant, X_shape, y_shape, request.units, _unroll(request.variant, X_shape, y_shape))


def _unroll(variant: str, X_shape: tuple[int, ...], y_shape: tuple[int, ...]) -> bool:
    # The recurrent axis is axis 1 in every variant (timesteps, or subsequences for the CNN ones);
    # the encoder-decoder's decoder also runs over the n_out steps of y.
    steps = max(X_shape[1], y_shape[1] if variant == "encoder_decoder" else 0)
    return steps <= UNROLL_MAX_STEPS


def _seeded_model(request: TrainRequest, unroll: bool) -> Any:
    """A new model with the weights the tutorial's way draws for this seed (same build order)."""
    import keras

    keras.utils.set_random_seed(request.seed)
    return models.build_model(
        request.variant, np.shape(request.X), np.shape(request.y), request.units, unroll=unroll
    )


def _new_workspace(model: Any) -> _Workspace:
    import keras
    import tensorflow as tf

    # Keras' Adam defaults (beta_1, beta_2, epsilon), applied by TensorFlow's fused Adam kernel:
    # the same update as keras/src/optimizers/adam.py (m, v, then var -= m·alpha / (sqrt(v) + eps)
    # with alpha = lr·sqrt(1 - beta_2^t) / (1 - beta_1^t)), in one pass per weight instead of ~10
    # ops, which halves the epoch time of the 200-unit models.
    adam = keras.optimizers.Adam()
    loss_fn = keras.losses.MeanSquaredError()  # what compile(loss="mse") uses
    weights = model.trainable_variables
    moments = [tf.Variable(tf.zeros(w.shape, tf.float32), trainable=False) for w in weights]
    squares = [tf.Variable(tf.zeros(w.shape, tf.float32), trainable=False) for w in weights]
    step = tf.Variable(0.0, trainable=False)
    learning_rate = tf.Variable(float(adam.learning_rate.numpy()), trainable=False)
    beta_1, beta_2, epsilon = float(adam.beta_1), float(adam.beta_2), float(adam.epsilon)

    @tf.function(jit_compile=JIT_COMPILE)
    def run_epochs(X: Any, y: Any, n: Any) -> Any:
        losses = tf.TensorArray(tf.float32, size=n)
        for epoch in tf.range(n):
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(X, training=True))
            gradients = tape.gradient(loss, weights)
            step.assign_add(1.0)
            beta_1_power, beta_2_power = tf.pow(beta_1, step), tf.pow(beta_2, step)
            for weight, gradient, m, v in zip(weights, gradients, moments, squares):
                tf.raw_ops.ResourceApplyAdam(
                    var=weight.value.handle, m=m.handle, v=v.handle, beta1_power=beta_1_power,
                    beta2_power=beta_2_power, lr=learning_rate, beta1=beta_1, beta2=beta_2,
                    epsilon=epsilon, grad=gradient,
                )
            losses = losses.write(epoch, loss)
        return losses.stack()

    return _Workspace(model, run_epochs, moments + squares, step, learning_rate)


def _workspace_for(request: TrainRequest) -> tuple[tuple, _Workspace]:
    """The architecture's key and workspace, with fresh seeded weights and a fresh optimizer."""
    key = _architecture(request)
    fresh = _seeded_model(request, unroll=key[-1])
    workspace = _workspaces.get(key)
    if workspace is None:
        workspace = _new_workspace(fresh)  # kept only once its first chunk has run (see _run)
    else:
        _workspaces.move_to_end(key)
        for variable, value in zip(workspace.model.weights, fresh.weights):
            variable.assign(value)
        for slot in workspace.adam_slots:
            slot.assign(np.zeros(slot.shape, np.float32))
        workspace.adam_step.assign(0.0)
    workspace.learning_rate.assign(request.learning_rate)
    return key, workspace


def _keep(key: tuple, workspace: _Workspace) -> None:
    _workspaces[key] = workspace
    while len(_workspaces) > WORKSPACES_KEPT:
        _workspaces.popitem(last=False)  # dropped, not cleared: nothing else holds it


def _run(request: TrainRequest, on_progress: ProgressCallback | None) -> TrainResult:
    import tensorflow as tf

    started = time.perf_counter()
    key, workspace = _workspace_for(request)
    X = tf.constant(request.x_array, tf.float32)
    y = tf.constant(request.y_array, tf.float32)

    def run_chunk(n: int) -> np.ndarray:
        losses = workspace.run_epochs(X, y, tf.constant(n)).numpy()
        if key not in _workspaces:
            _keep(key, workspace)  # traced and run: worth keeping
        return losses

    losses = run_in_chunks(run_chunk, request.epochs, on_progress)
    test = tf.constant(request.test_array, tf.float32)
    prediction = np.array(workspace.model(test, training=False), dtype=float)
    return TrainResult(prediction, losses, time.perf_counter() - started, False, request.seed)


def train(
    request: TrainRequest,
    on_progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
    *,
    use_cache: bool = True,
) -> TrainResult:
    """Train as the tutorial does, in this process' queue; an identical earlier request is reused.

    `on_progress(done_epochs, total_epochs, losses)` is called ~12 times; `on_wait(ahead)` while
    queued. Either may raise to stop: the queue and the workspace stay usable.
    """
    if use_cache and (hit := _cached(request)) is not None:
        return hit
    with TRAINING_QUEUE.turn(on_wait):
        if use_cache and (hit := _cached(request)) is not None:  # trained while we waited
            return hit
        result = _run(request, on_progress)
    _remember(request, result)
    return result


def train_seeds(
    request: TrainRequest,
    seeds: Sequence[int],
    on_progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
) -> list[TrainResult]:
    """The same training once per seed (the spread of predictions); progress counts all epochs."""
    results = []
    total = request.epochs * len(seeds)
    for index, seed in enumerate(seeds):
        before = index * request.epochs

        def progress(done: int, _total: int, losses: list[float], before: int = before) -> None:
            if on_progress is not None:
                on_progress(before + done, total, losses)

        result = train(with_seed(request, seed), progress, on_wait)
        if result.from_cache:  # no epochs ran; move the bar past this seed anyway
            progress(request.epochs, request.epochs, result.losses)
        results.append(result)
    return results


def with_seed(request: TrainRequest, seed: int) -> TrainRequest:
    """The same request with another seed."""
    _check_whole("Seed", seed, 0, 2**31 - 1)
    return replace(request, seed=int(seed))

"""The forecasting lessons' training: the tutorial's `model.fit(X, y, epochs=E)` through the shared engine.

The maths is the tutorial's: Keras' Adam with its defaults, Keras' mean squared error, the whole
(tiny) data set as one batch each epoch, initial weights drawn exactly as building the model after
`keras.utils.set_random_seed(seed)` draws them. `lessons.engine` does the training (its turn in the
queue, many epochs per compiled call, one workspace per architecture reset rather than retraced);
this module adds what is the forecasting lessons' own:

- `TrainRequest`: everything that decides a result, checked (`make_request`) and keyed by a digest
  of the arrays plus the settings, so equal requests compare equal in microseconds;
- the architecture of a request (`recipe_for`): short recurrent layers are unrolled, which avoids a
  loop inside the compiled loop;
- a small process-wide cache of results, so an identical request is answered at once.

Sessions get plain NumPy results, never a model.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from lessons import engine
from lessons.core.parsing import InputError
from lessons.engine.loop import ProgressCallback, WaitCallback
from lessons.forecasting import models
from lessons.forecasting import tutorial as forecasting
from lessons.inside.records import LayerRecord, layer_records

MAX_EPOCHS = 2_000  # the tutorial's longest is 500; beyond this a page would wait minutes
MAX_UNITS = 512
MAX_SAMPLES = 5_000
UNROLL_MAX_STEPS = 16  # unrolling a long window makes a huge graph that is slow to build
RESULTS_KEPT = 256


@dataclass(frozen=True)
class TrainRequest:
    """Everything that decides a training's result; equal requests give equal results.

    X, y and the test input are kept as read-only float copies for training; equality and hashing
    use the settings and `digest` (of the three arrays' shapes and bytes), never the arrays.
    """

    variant: str
    X: np.ndarray = field(compare=False, repr=False)  # prepared X
    y: np.ndarray = field(compare=False, repr=False)
    units: int
    epochs: int
    learning_rate: float
    seed: int
    test_input: np.ndarray = field(compare=False, repr=False)  # prepared, with its samples axis of 1
    digest: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("X", "y", "test_input"):
            object.__setattr__(self, name, engine.read_only(getattr(self, name)))
        object.__setattr__(self, "digest", engine.data_digest(self.X, self.y, self.test_input))

    @property
    def key(self) -> tuple:
        """What the results cache is keyed by: the settings and the digest (no arrays held)."""
        return (self.variant, self.units, self.epochs, self.learning_rate, self.seed, self.digest)

    @property
    def x_array(self) -> np.ndarray:
        return self.X

    @property
    def y_array(self) -> np.ndarray:
        return self.y

    @property
    def test_array(self) -> np.ndarray:
        return self.test_input


@dataclass
class TrainResult:
    prediction: np.ndarray  # the model's output for the test input, samples axis included
    losses: list[float]  # the training loss of every epoch, as fit's history would show it
    seconds: float  # how long the training took (for a cached result: the original training)
    from_cache: bool
    seed: int
    # the trained model's layers as plain data (settings and read-only NumPy weights), in order:
    # what `lessons.inside` steps through; read-only, so a cached result can share them
    layers: tuple[LayerRecord, ...] = ()


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
    return TrainRequest(variant, X, y, int(units), int(epochs), float(learning_rate), int(seed), test)


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

_results: OrderedDict[tuple, TrainResult] = OrderedDict()
_results_lock = threading.Lock()


def _cached(request: TrainRequest) -> TrainResult | None:
    with _results_lock:
        hit = _results.get(request.key)
        if hit is None:
            return None
        _results.move_to_end(request.key)
        return replace(hit, prediction=hit.prediction.copy(), losses=list(hit.losses), from_cache=True)


def _remember(request: TrainRequest, result: TrainResult) -> None:
    with _results_lock:
        _results[request.key] = replace(result, prediction=result.prediction.copy(), losses=list(result.losses))
        while len(_results) > RESULTS_KEPT:
            _results.popitem(last=False)


def clear_result_cache() -> None:
    """Forget earlier results (the engine's compiled workspaces stay)."""
    with _results_lock:
        _results.clear()


# --- training -----------------------------------------------------------------------------------


def recipe_for(request: TrainRequest) -> engine.Recipe:
    """The request's model for the engine: its variant, per-sample shapes and units, unrolled when short."""
    variant, units = request.variant, request.units
    x_sample, y_sample = request.X.shape[1:], request.y.shape[1:]
    unroll = _unroll(variant, x_sample, y_sample)
    return engine.Recipe(
        key=("forecasting", variant, x_sample, y_sample, units, unroll),
        build=lambda: models.build_model(variant, x_sample, y_sample, units, unroll=unroll),
        loss="MeanSquaredError",  # what compile(loss="mse") uses
        epoch=engine.FULL_BATCH,
    )


def _unroll(variant: str, x_sample: tuple[int, ...], y_sample: tuple[int, ...]) -> bool:
    # The recurrent axis is the first of a sample in every variant (timesteps, or subsequences for
    # the CNN ones); the encoder-decoder's decoder also runs over the n_out steps of y.
    steps = max(x_sample[0], y_sample[0] if variant == "encoder_decoder" else 0)
    return steps <= UNROLL_MAX_STEPS


def _predict(test: np.ndarray) -> Any:
    def prediction(model: Any) -> tuple[np.ndarray, tuple[LayerRecord, ...]]:
        return np.array(engine.predict(model, test), dtype=float), layer_records(model)  # model(test), compiled

    return prediction


def warm_up_first(request: TrainRequest) -> None:
    """While the workers warm up, have them trace this request's architecture before the others:
    the lesson a learner has open is the one they are about to train."""
    engine.warm_up_first(recipe_for(request).workspace_key)


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
    result = engine.run_job(train_job, request, on_progress=on_progress, on_wait=on_wait,
                            affinity=recipe_for(request).workspace_key)  # a worker that traced it
    _remember(request, result)
    return result


def train_job(request: TrainRequest, on_progress: ProgressCallback | None = None) -> TrainResult:
    """The training itself, as a job for `engine.run_job`: the request in, plain NumPy results out."""
    trained = engine.fit(
        recipe_for(request), (request.X, request.y), seed=request.seed,
        learning_rate=request.learning_rate, epochs=request.epochs,
        after=_predict(request.test_input), on_progress=on_progress,
    )
    prediction, layers = trained.output
    return TrainResult(prediction, trained.losses, trained.seconds, False, request.seed, layers)


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

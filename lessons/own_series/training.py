"""Training on the learner's own series: jobs for `engine.run_job`, plain data in and out.

`forecast_job` trains one model (the one-step model or the direct, vector-output one) on the
training windows with the forecasting lessons' recipe (`lessons.forecasting.training.recipe_for`:
the same models, Adam, MSE, full batch), then, still in its turn, forecasts every window it is
given: recursively for the one-step model (fed its own predictions), at once for the direct one.
Results are scaled NumPy arrays; `lessons.own_series.pipeline` turns them back into the data's units.

`sweep_job` trains the direct model for one look-back and returns its validation error, scored on
the target rows every swept look-back can forecast (`pipeline.sweep_first_target`). Each
look-back is its own per-sample shape, so its own compiled workspace; a sweep run again (another
seed, more epochs, other data of the same shape) reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lessons import engine
from lessons.engine.loop import ProgressCallback
from lessons.forecasting import training as fc_training
from lessons.own_series import pipeline

VARIANTS = ("vanilla", "stacked")  # the tutorial's LSTMs that take any window and give a vector


@dataclass(frozen=True)
class ForecastRequest:
    """One training and the windows to forecast afterwards. All arrays scaled."""

    mode: str  # "recursive" (one-step model) or "direct" (vector output)
    variant: str
    X: np.ndarray = field(repr=False)  # training inputs
    y: np.ndarray = field(repr=False)  # training targets: (s, F) one-step, (s, H) direct
    windows: np.ndarray = field(repr=False)  # windows to forecast: (n, n_in, F) or direct inputs
    future_known: np.ndarray = field(repr=False)  # (n, H, F): known-ahead values (recursive only)
    known: tuple[bool, ...]
    horizon: int
    units: int
    epochs: int
    learning_rate: float = 0.001
    seed: int = 1


@dataclass(frozen=True)
class ForecastResult:
    forecasts: np.ndarray = field(repr=False)  # (n, H, F) recursive, (n, H) direct; scaled
    losses: tuple[float, ...]
    seconds: float


def _recipe(request: ForecastRequest) -> engine.Recipe:
    checked = fc_training.make_request(request.variant, request.X, request.y, request.units, request.epochs,
                                       request.learning_rate, request.seed, request.X[:1])
    return fc_training.recipe_for(checked)


def check(request: ForecastRequest) -> None:
    """The forecasting lessons' checks (limits, shapes, NaN) before the request is queued."""
    _recipe(request)


def affinity(request: ForecastRequest) -> tuple:
    """The compiled workspace this request trains in: `engine.run_job(..., affinity=...)` sends it to a
    worker that has traced it already (another seed, more epochs, a sweep run again)."""
    return _recipe(request).workspace_key


def forecast_job(request: ForecastRequest, on_progress: ProgressCallback | None = None) -> ForecastResult:
    """Train, then forecast `request.windows` H steps ahead; a job for `engine.run_job`."""

    def forecasts(model) -> np.ndarray:
        def predict(batch: np.ndarray) -> np.ndarray:
            return np.asarray(model(batch.astype(np.float32), training=False), dtype=float)

        if request.mode == "recursive":
            return pipeline.recursive(predict, request.windows, request.horizon, request.future_known, request.known)
        return predict(request.windows).reshape(len(request.windows), request.horizon)

    trained = engine.fit(_recipe(request), (request.X, request.y), seed=request.seed,
                         learning_rate=request.learning_rate, epochs=request.epochs, after=forecasts,
                         on_progress=on_progress)
    return ForecastResult(trained.output, tuple(trained.losses), trained.seconds)


def recursive_request(prepared: pipeline.Prepared, variant: str, units: int, epochs: int,
                      learning_rate: float = 0.001, seed: int = 1) -> ForecastRequest:
    """The one-step model: trained on every column's next row; forecasts the test windows, then
    the data's last window past the end (the last row of `windows`)."""
    train, test = prepared.windows["train"], prepared.test
    windows = np.concatenate([test.X_past, prepared.last_past])
    future = np.concatenate([test.future, prepared.last_future_known])
    return ForecastRequest("recursive", variant, train.X_step, train.y_step, windows, future,
                           prepared.table.known, prepared.settings.horizon, units, epochs, learning_rate, seed)


def direct_request(prepared: pipeline.Prepared, variant: str, units: int, epochs: int,
                   learning_rate: float = 0.001, seed: int = 1, forecast: str = "test") -> ForecastRequest:
    """The direct model: trained on the target's next H values; forecasts the windows of `forecast`
    ("test": the test windows then the last window past the end; "validation": for the sweep)."""
    train = prepared.windows["train"]
    if forecast == "test":
        windows = np.concatenate([prepared.test.X_direct, prepared.last_direct])
    else:
        windows = prepared.windows[forecast].X_direct
    empty = np.zeros((len(windows), prepared.settings.horizon, len(prepared.table.columns)))
    return ForecastRequest("direct", variant, train.X_direct, train.y_direct, windows, empty,
                           prepared.table.known, prepared.settings.horizon, units, epochs, learning_rate, seed)


@dataclass(frozen=True)
class Evaluation:
    """The test windows' forecasts and the forecast past the end, in the data's units."""

    recursive_test: np.ndarray  # (s, H) target
    direct_test: np.ndarray  # (s, H)
    recursive_future: np.ndarray  # (H,)
    direct_future: np.ndarray  # (H,)
    recursive_3d: np.ndarray  # (s + 1, H, F): every column the one-step model forecast, data units
    inverse_steps: tuple[tuple[str, tuple[int, ...]], ...]
    losses: dict[str, tuple[float, ...]]
    seconds: float


def evaluate(prepared: pipeline.Prepared, recursive: ForecastResult, direct: ForecastResult) -> Evaluation:
    """Both models' forecasts back in the data's units: the one-step model's 3D output by way of 2D."""
    back, steps = pipeline.inverse_3d(prepared.scaler, recursive.forecasts)
    direct_units = prepared.target_units(direct.forecasts)
    return Evaluation(back[:-1, :, 0], direct_units[:-1], back[-1, :, 0], direct_units[-1], back, tuple(steps),
                      {"recursive": recursive.losses, "direct": direct.losses},
                      recursive.seconds + direct.seconds)


def metrics_table(prepared: pipeline.Prepared, evaluation: Evaluation | None = None) -> list[dict]:
    """RMSE and MAE on the test windows (data units): the baselines, then the models when trained."""
    truth = prepared.truth("test")
    rows = [(f"baseline: {name}", forecast) for name, forecast in prepared.baselines("test").items()]
    if evaluation is not None:
        rows += [("LSTM, recursive (one-step model)", evaluation.recursive_test),
                 ("LSTM, direct (vector output)", evaluation.direct_test)]
    return [{"forecast": name, "RMSE": pipeline.rmse(f, truth), "MAE": pipeline.mae(f, truth)} for name, f in rows]


@dataclass(frozen=True)
class SweepResult:
    n_in: int
    units: int
    validation_rmse: float
    windows: int  # validation windows scored
    losses: tuple[float, ...] = ()
    first_target: int | None = None  # first target row scored (None: every validation window)


def sweep_job(prepared: pipeline.Prepared, variant: str, units: int, epochs: int, seed: int = 1,
              first_target: int | None = None, on_progress: ProgressCallback | None = None) -> SweepResult:
    """The direct model for one look-back: trained on the training windows, scored on validation:
    on every validation window, or with `first_target` (`pipeline.sweep_first_target`) only on the
    windows whose targets start there or later, the same target rows for every look-back."""
    request = direct_request(prepared, variant, units, epochs, seed=seed, forecast="validation")
    result = forecast_job(request, on_progress=on_progress)
    scored = prepared.scored("validation", first_target)
    predicted = prepared.target_units(result.forecasts[scored])
    truth = prepared.truth("validation", first_target)
    return SweepResult(prepared.settings.n_in, units, pipeline.rmse(predicted, truth), int(scored.sum()),
                       result.losses, first_target)


def sweep_baseline(prepared: pipeline.Prepared, first_target: int) -> float:
    """The seasonal-naive RMSE on the sweep's target rows (the line the sweep's errors are read against)."""
    return pipeline.rmse(prepared.baselines("validation", first_target)["seasonal-naive"],
                         prepared.truth("validation", first_target))

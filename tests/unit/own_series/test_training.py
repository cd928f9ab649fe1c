"""The jobs on the learner's series: trained through engine.run_job, plain NumPy out, data units back."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from lessons import engine
from lessons import own_series as own
from lessons.core import InputError
from lessons.own_series import pipeline, training
from tests.unit.own_series.helpers import monthly_table

SETTINGS = own.Settings(n_in=12, horizon=6, val_share=0.15, test_share=0.2, scaling="minmax", season=12)
EPOCHS = 3


@pytest.fixture(scope="module")
def prepared() -> pipeline.Prepared:
    return own.prepare(monthly_table(), SETTINGS)


def test_requests_are_plain_picklable_data(prepared):
    request = training.recursive_request(prepared, "vanilla", 8, EPOCHS)
    again = pickle.loads(pickle.dumps(request))
    np.testing.assert_array_equal(again.X, request.X)
    assert request.windows.shape == (prepared.test.count + 1, 12, 3)  # the test windows, then the last one
    direct = training.direct_request(prepared, "vanilla", 8, EPOCHS)
    assert direct.X.shape == (prepared.windows["train"].count, 18, 3) and direct.y.shape[1:] == (6,)


@pytest.mark.slow
def test_both_models_train_as_jobs_and_come_back_in_the_datas_units(prepared):
    seen = []
    recursive = engine.run_job(training.forecast_job, training.recursive_request(prepared, "vanilla", 8, EPOCHS),
                               on_progress=lambda done, total, losses: seen.append((done, total)))
    direct = engine.run_job(training.forecast_job, training.direct_request(prepared, "vanilla", 8, EPOCHS))
    assert seen and seen[-1] == (EPOCHS, EPOCHS)
    assert recursive.forecasts.shape == (prepared.test.count + 1, 6, 3) and len(recursive.losses) == EPOCHS
    assert direct.forecasts.shape == (prepared.test.count + 1, 6)
    evaluation = training.evaluate(prepared, recursive, direct)
    # the known-ahead month column of the recursive forecast is the calendar, not a guess
    np.testing.assert_allclose(evaluation.recursive_3d[-1, :, 2], [1, 2, 3, 4, 5, 6], atol=1e-9)
    np.testing.assert_allclose(evaluation.direct_future, prepared.target_units(direct.forecasts[-1]))
    np.testing.assert_allclose(evaluation.recursive_test,
                               prepared.scaler.inverse_column(recursive.forecasts[:-1, :, 0]))
    rows = training.metrics_table(prepared, evaluation)
    assert [r["forecast"] for r in rows][2:] == ["LSTM, recursive (one-step model)", "LSTM, direct (vector output)"]
    truth = prepared.truth()
    assert rows[3]["RMSE"] == pytest.approx(pipeline.rmse(evaluation.direct_test, truth))


@pytest.mark.slow
def test_the_sweep_scores_on_validation_windows(prepared):
    small = own.prepare(prepared.table, own.Settings(6, 6, 0.15, 0.2, "minmax", 12))
    result = engine.run_job(training.sweep_job, small, "vanilla", 8, EPOCHS)
    assert result.n_in == 6 and result.windows == small.windows["validation"].count
    assert np.isfinite(result.validation_rmse) and result.validation_rmse > 0


def test_the_forecasting_lessons_limits_are_checked_before_queueing(prepared):
    with pytest.raises(InputError, match="Epochs"):
        training.check(training.direct_request(prepared, "vanilla", 8, 0))


@pytest.mark.slow
def test_a_sweep_run_again_reuses_each_look_backs_compiled_workspace(prepared):
    small = own.prepare(prepared.table, own.Settings(4, 6, 0.15, 0.2, "minmax", 12))
    first = engine.run_job(training.sweep_job, small, "vanilla", 8, EPOCHS, seed=1)
    recipe = training._recipe(training.direct_request(small, "vanilla", 8, EPOCHS, forecast="validation"))
    traces = engine.workspace_traces(recipe)
    assert traces is not None
    again = engine.run_job(training.sweep_job, small, "vanilla", 8, EPOCHS, seed=2)
    assert engine.workspace_traces(recipe) == traces  # another seed: weights reset, nothing traced again
    assert again.validation_rmse != first.validation_rmse


def test_affinity_names_the_workspace_so_a_sweep_goes_back_to_the_worker_that_traced_it(prepared):
    one = training.direct_request(prepared, "vanilla", 8, EPOCHS, seed=1)
    assert training.affinity(one) == training.affinity(training.direct_request(prepared, "vanilla", 8, 50, seed=7))
    assert training.affinity(one) != training.affinity(training.direct_request(prepared, "vanilla", 9, EPOCHS))
    assert training.affinity(one) != training.affinity(training.recursive_request(prepared, "vanilla", 8, EPOCHS))

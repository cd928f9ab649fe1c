"""Split, scaling, windows, baselines and forecasts of the learner's own series (no Keras)."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import own_series as own
from lessons.core import InputError
from lessons.own_series import pipeline
from tests.unit.own_series.helpers import linear_predict, monthly_table

SETTINGS = own.Settings(n_in=12, horizon=6, val_share=0.15, test_share=0.2, scaling="minmax", season=12)


# --- the split ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rows", "val", "test", "n_in", "horizon"), [
    (144, 0.15, 0.2, 12, 6), (200, 0.1, 0.3, 5, 1), (5000, 0.2, 0.2, 48, 24), (60, 0.3, 0.3, 3, 2),
])
def test_parts_are_in_time_order_and_cover_every_row_once(rows, val, test, n_in, horizon):
    parts = pipeline.split_rows(rows, val, test, n_in, horizon)
    assert [p.name for p in parts] == list(own.PARTS)
    assert parts[0].start == 0 and parts[-1].stop == rows
    assert all(a.stop == b.start for a, b in zip(parts, parts[1:]))
    assert parts[2].rows == round(rows * test) and parts[1].rows == round(rows * val)


def test_no_window_reads_or_forecasts_a_row_outside_its_part():
    prepared = own.prepare(monthly_table(), SETTINGS)
    s = prepared.settings
    for part in prepared.parts:
        w = prepared.windows[part.name]
        first, last = w.starts, w.starts + s.n_in + s.horizon - 1
        assert first.min() == part.start and last.max() == part.stop - 1  # every fitting window, none more
        assert np.all(first >= part.start) and np.all(last < part.stop)
        # the windows hold exactly those rows of the scaled data
        rows = w.starts[:, None] + np.arange(s.n_in)[None, :]
        np.testing.assert_array_equal(w.X_past, prepared.scaled[rows])
        np.testing.assert_array_equal(w.y_direct, prepared.scaled[rows[:, -1:] + np.arange(1, s.horizon + 1), 0])
        # one-step windows: the row after the window, inside the part too
        assert len(w.X_step) == part.rows - s.n_in
        np.testing.assert_array_equal(w.y_step[-1], prepared.scaled[part.stop - 1])


def test_a_part_with_no_window_is_refused_with_the_numbers():
    with pytest.raises(InputError, match="validation part has 14 rows, but one window needs 18"):
        pipeline.split_rows(96, 0.15, 0.2, 12, 6)
    with pytest.raises(InputError, match="n_in can be at most 8"):  # 14 validation rows − 6 to forecast
        pipeline.split_rows(96, 0.15, 0.2, 12, 6)
    assert pipeline.split_rows(96, 0.15, 0.2, 8, 6)[1].rows == 14
    with pytest.raises(InputError, match="between 0 and 1"):
        pipeline.split_rows(96, 0.0, 0.2, 2, 1)


# --- scaling ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(own.SCALINGS))
def test_the_scaler_is_fitted_on_the_training_rows_only(kind):
    table = monthly_table()
    prepared = own.prepare(table, own.Settings(12, 6, 0.15, 0.2, kind, 12))
    train = table.values[: prepared.parts[0].stop]
    # changing the validation and test rows changes nothing in the scaler
    other = own.OwnTable(np.vstack([train, table.values[len(train):] * 10 + 1000]), table.columns, table.known,
                         table.times, table.time_name)
    again = own.prepare(other, prepared.settings)
    np.testing.assert_array_equal(prepared.scaler.offset, again.scaler.offset)
    np.testing.assert_array_equal(prepared.scaler.scale, again.scaler.scale)
    scaled_train = prepared.scaled[: len(train)]
    if kind == "minmax":
        np.testing.assert_allclose(scaled_train.min(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(scaled_train.max(axis=0), 1, atol=1e-12)
        assert prepared.scaled[:, 0].max() > 1  # the trend carries the test rows above the training range
    elif kind == "standard":
        np.testing.assert_allclose(scaled_train.mean(axis=0), 0, atol=1e-9)
        np.testing.assert_allclose(scaled_train.std(axis=0), 1, atol=1e-9)
    else:
        np.testing.assert_array_equal(prepared.scaled, table.values)


@pytest.mark.parametrize("kind", list(own.SCALINGS))
def test_inverse_round_trips_2d_and_3d(kind):
    rows = np.random.default_rng(1).normal(50, 10, (40, 3))
    scaler = own.fit_scaler(kind, rows[:30])
    np.testing.assert_allclose(scaler.inverse(scaler.transform(rows)), rows, rtol=1e-12)
    cube = rows[:36].reshape(6, 6, 3)
    back, steps = own.inverse_3d(scaler, scaler.transform(cube))
    np.testing.assert_allclose(back, cube, rtol=1e-12)
    assert [shape for _, shape in steps] == [(6, 6, 3), (36, 3), (36, 3), (6, 6, 3)]
    np.testing.assert_allclose(scaler.inverse_column(scaler.transform(rows)[:, 0]), rows[:, 0], rtol=1e-12)
    with pytest.raises(InputError, match="Reshape a 3D prediction to 2D first"):
        scaler.inverse(cube)


def test_a_constant_column_does_not_divide_by_zero():
    scaler = own.fit_scaler("minmax", np.array([[1.0, 5.0], [2.0, 5.0]]))
    assert np.isfinite(scaler.transform(np.array([[3.0, 5.0]]))).all()


# --- baselines ------------------------------------------------------------------------------------


def test_persistence_repeats_the_last_value_read():
    target = np.arange(100, dtype=float)
    got = pipeline.persistence(target, np.array([0, 10]), n_in=4, horizon=3)
    assert got.tolist() == [[3, 3, 3], [13, 13, 13]]


def test_seasonal_naive_takes_the_latest_value_of_the_same_phase():
    target = np.arange(100, dtype=float)
    # window 20..31 ends at row 31; with a season of 4, steps 1..6 land on rows 32..37, whose latest
    # known same-phase rows are 28, 29, 30, 31, then 28, 29 again (two seasons back)
    got = pipeline.seasonal_naive(target, np.array([20]), n_in=12, horizon=6, season=4)
    assert got.tolist() == [[28, 29, 30, 31, 28, 29]]
    # a season of 1 is persistence
    np.testing.assert_array_equal(pipeline.seasonal_naive(target, np.array([5]), 3, 4, 1),
                                  pipeline.persistence(target, np.array([5]), 3, 4))


def test_a_perfectly_seasonal_series_is_forecast_exactly_by_seasonal_naive():
    t = np.arange(144)
    values = np.column_stack([np.sin(2 * np.pi * t / 12)])
    table = own.OwnTable(values, ("wave",), (False,))
    prepared = own.prepare(table, SETTINGS)
    assert pipeline.rmse(prepared.baselines()["seasonal-naive"], prepared.truth()) == pytest.approx(0, abs=1e-12)
    assert pipeline.rmse(prepared.baselines()["persistence"], prepared.truth()) > 0.5


def test_a_season_longer_than_the_data_is_refused():
    with pytest.raises(InputError, match="longer than the data"):
        own.prepare(monthly_table(), own.Settings(12, 6, 0.15, 0.2, "minmax", 200))
    with pytest.raises(InputError, match="reaches back before the first row"):
        own.prepare(monthly_table(), own.Settings(12, 6, 0.15, 0.2, "minmax", 130))


def test_metrics():
    assert pipeline.rmse(np.array([1.0, 3.0]), np.array([0.0, 0.0])) == pytest.approx(np.sqrt(5))
    assert pipeline.mae(np.array([1.0, -3.0]), np.array([0.0, 0.0])) == 2.0


# --- forecasts ------------------------------------------------------------------------------------


def test_recursive_feeds_each_prediction_back_as_the_newest_row():
    windows = np.array([[[1.0], [2.0], [3.0]]])  # one window of 3 rows, 1 column
    # a "model" that predicts last + (last - first) / 2: 3 + 1 = 4, then 4 + (4 - 2) / 2 = 5, …
    got = pipeline.recursive(lambda w: (w[:, -1] + (w[:, -1] - w[:, 0]) / 2), windows, 3)
    assert got.shape == (1, 3, 1) and got[0, :, 0].tolist() == [4.0, 5.0, 6.0]


def test_recursive_uses_known_ahead_values_instead_of_its_own_guess():
    windows = np.zeros((2, 4, 2))
    future = np.arange(2 * 3 * 2, dtype=float).reshape(2, 3, 2)
    got = pipeline.recursive(linear_predict(np.eye(2) + 1), windows, 3, future, (False, True))
    np.testing.assert_array_equal(got[:, :, 1], future[:, :, 1])  # the known column is the known values
    # and the predicted column saw them: step 2 = previous target + previous known value, and so on
    np.testing.assert_array_equal(got[:, 1, 0], 2 * got[:, 0, 0] + future[:, 0, 1])


def test_the_direct_window_reads_the_known_ahead_cells_and_nothing_else_of_the_future():
    table = monthly_table()
    prepared = own.prepare(table, SETTINGS)
    w = prepared.windows["train"]
    assert w.X_direct.shape == (w.count, 12 + 6, 3)
    future_cells = w.X_direct[:, 12:]
    np.testing.assert_array_equal(future_cells[:, :, 2], w.future[:, :, 2])  # month_of_year, known ahead
    assert not future_cells[:, :, :2].any()  # the target and temperature are never read from the future
    # without a known column the window is the past only
    plain = own.prepare(monthly_table(known=()), SETTINGS)
    assert plain.windows["train"].X_direct.shape == (w.count, 12, 3)


def test_past_the_end_the_known_calendar_continues_and_the_rest_is_blank():
    table = monthly_table()  # ends in December
    prepared = own.prepare(table, SETTINGS)
    months = prepared.scaler.inverse(prepared.last_direct[0, 12:])[:, 2]
    assert months.round().tolist() == [1, 2, 3, 4, 5, 6]
    np.testing.assert_array_equal(prepared.last_past[0], prepared.scaled[-12:])


def test_drift():
    assert pipeline.drift(np.array([1.0, 5.0]), 3.0) == 2.0

"""The look-back sweep compares like for like: every window size, and the baseline, on the same target rows;
a season too long for those rows is a clear InputError before anything trains (no traceback on the page)."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import own_series as own
from lessons.core import InputError
from lessons.own_series import pipeline, training
from tests.unit.own_series.helpers import monthly_table

SIZES = (3, 6, 12)


def sized(table: own.OwnTable, n_in: int, season: int = 12) -> pipeline.Prepared:
    return own.prepare(table, own.Settings(n_in, 6, 0.15, 0.2, "minmax", season))


def target_rows(prepared: pipeline.Prepared, first: int) -> np.ndarray:
    starts = prepared.windows["validation"].starts[prepared.scored("validation", first)]
    return starts[:, None] + prepared.settings.n_in + np.arange(prepared.settings.horizon)


def test_the_reported_crash_case_is_a_clear_input_error_before_the_sweep():
    # 60 rows, validation 15 % and test 20 %, n_in 3, season 45: the page's settings are fine (the test
    # windows reach back far enough), but the validation rows do not
    table = monthly_table(months=60)
    prepared = sized(table, 3, season=45)
    with pytest.raises(InputError):  # what the page called unguarded before: a traceback once a sweep had run
        prepared.baselines("validation")
    validation = prepared.parts[1]
    with pytest.raises(InputError, match=rf"season of 45 rows.*at most {validation.start + 3} rows"):
        pipeline.sweep_first_target(validation, [3], 45)
    # the longest season that works there does work
    first = pipeline.sweep_first_target(validation, [3], validation.start + 3)
    assert first == validation.start + 3


def test_every_size_and_the_baseline_are_scored_on_the_same_target_rows():
    table = monthly_table()
    preps = [sized(table, n) for n in SIZES]
    validation = preps[0].parts[1]
    assert all(p.parts[1] == validation for p in preps)  # the split does not depend on n_in
    first = pipeline.sweep_first_target(validation, SIZES, 12)
    assert first == validation.start + max(SIZES)
    # unfiltered, a longer window has fewer, later targets: the comparison the fix removes
    assert preps[0].windows["validation"].count > preps[-1].windows["validation"].count
    rows = [target_rows(p, first) for p in preps]
    for other in rows[1:]:
        np.testing.assert_array_equal(other, rows[0])
    assert rows[0][0, 0] == first and rows[0][-1, -1] == validation.stop - 1
    truths = [p.truth("validation", first) for p in preps]
    for other in truths[1:]:
        np.testing.assert_array_equal(other, truths[0])
    # the baselines depend only on the target rows, so every size's are the same too
    bases = [training.sweep_baseline(p, first) for p in preps]
    assert bases == pytest.approx([bases[0]] * len(bases))
    truth = truths[0]
    naive = table.values[rows[0] - 12, 0]  # one season before each target row (H 6 < season 12)
    assert bases[0] == pytest.approx(pipeline.rmse(naive, truth))


def test_the_sweep_job_scores_only_the_common_target_rows(monkeypatch):
    # a stand-in model: perfect on the windows every size can forecast, far off on the earlier ones
    table = monthly_table()
    preps = [sized(table, n) for n in SIZES]
    first = pipeline.sweep_first_target(preps[0].parts[1], SIZES, 12)
    results = []
    for prepared in preps:
        w = prepared.windows["validation"]
        off = np.where(prepared.scored("validation", first), 0.0, 1e3)[:, None]

        def fake(request, on_progress=None, truth=w.y_direct, off=off):
            assert request.windows.shape[0] == len(truth)  # forecasts every validation window
            return training.ForecastResult(truth + off, (0.0,), 0.0)

        monkeypatch.setattr(training, "forecast_job", fake)
        results.append(training.sweep_job(prepared, "vanilla", 8, 1, 1, first))
    assert [r.n_in for r in results] == list(SIZES)
    assert {r.windows for r in results} == {len(target_rows(preps[0], first))}
    assert all(r.first_target == first for r in results)
    assert [r.validation_rmse for r in results] == pytest.approx([0.0] * len(SIZES), abs=1e-6)
    # without first_target every window counts, so the smaller sizes pay for their early windows
    off0 = np.where(preps[0].scored("validation", first), 0.0, 1e3)[:, None]
    monkeypatch.setattr(training, "forecast_job", lambda request, on_progress=None:
                        training.ForecastResult(preps[0].windows["validation"].y_direct + off0, (0.0,), 0.0))
    assert training.sweep_job(preps[0], "vanilla", 8, 1, 1).validation_rmse > 1.0

"""The "Your data" tab of the forecasting pages: a CSV uploaded (and pasted), the split, the baselines,
bad input with the last good data kept, and one short training with a forecast past the end."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lessons import own_series as own
from lessons.own_series import training
from tests.apptest.helpers import badge_shapes, texts

TAB = "Your data"


def open_own(open_page, page: str) -> AppTest:
    return open_page(f"pages/{page}.py", tab=TAB, timeout=300)


def upload(at: AppTest, page: str, name: str, content: str) -> AppTest:
    at.file_uploader(key=f"own_{page}_upload").set_value((name, content.encode(), "text/csv")).run()
    return at


def metrics(at: AppTest, page: str) -> pd.DataFrame:
    for element in at.table:
        if "RMSE" in element.value.columns:
            return element.value.reset_index()
    raise AssertionError("no metrics table on the tab")


def expected_table(csv: str, inputs=(), known=(), settings=None):
    table = own.choose(own.read_table(csv), "sales", inputs, "month", known)
    return own.prepare(table, settings or own.Settings(12, 6, 0.15, 0.2, "minmax", 12))


def test_the_tab_asks_for_a_file_and_says_its_limits(open_page):
    at = open_own(open_page, "univariate")
    assert not at.exception
    assert f"{own.MAX_ROWS:,} rows" in texts(at.markdown)
    assert "1. The data and its windows" in [h.value for h in at.subheader]


def test_an_uploaded_monthly_csv_is_split_and_scored_against_the_baselines(open_page):
    at = open_own(open_page, "univariate")
    csv = own.monthly_csv(months=132, seed=3, extra=False)
    upload(at, "univariate", "sales.csv", csv)
    assert not at.exception and not at.error, (at.exception, at.error)
    prepared = expected_table(csv)
    # the time column was found, the split and each part's windows are the pipeline's
    assert at.selectbox(key=at.selectbox[0].key).value == "month"
    counts = [prepared.windows[p].count for p in own.PARTS]
    assert [shape[0] for shape in badge_shapes(at, "X.shape =")] == counts
    rows = metrics(at, "univariate")
    expected = training.metrics_table(prepared)
    assert list(rows["forecast"]) == [r["forecast"] for r in expected]
    assert rows["RMSE"].tolist() == pytest.approx([round(r["RMSE"], 3) for r in expected], abs=1e-3)
    assert "leaks" in texts(at.markdown)
    assert "5. Take the code with you" in [h.value for h in at.subheader]


@pytest.mark.parametrize(("content", "message"), [
    ("month,sales\n2020-01,1\n2020-02,x\n2020-03,3\n", "Column 'sales' holds text: row 3"),
    ("month,sales\n2020-01,1\n2020-02,\n2020-03,3\n", "missing value in row 3"),
    ("month,sales\n2020-01,1\n2020-01,2\n2020-03,3\n", "repeats '2020-01'"),
    ("month,sales\n2020-03,1\n2020-01,2\n2020-04,3\n", "Sort the table by time"),
    ("month,sales\n2020-01,1\n", "1 row of data"),
])
def test_bad_files_say_what_to_fix_and_keep_the_last_good_table(open_page, content, message):
    at = open_own(open_page, "univariate")
    upload(at, "univariate", "good.csv", own.monthly_csv(months=144, extra=False))
    good_rmse = metrics(at, "univariate")["RMSE"].tolist()
    upload(at, "univariate", "bad.csv", content)
    assert not at.exception
    assert message in texts(at.error)
    assert metrics(at, "univariate")["RMSE"].tolist() == good_rmse  # the last good data stays


def test_settings_that_leave_a_part_without_a_window_are_refused(open_page):
    at = open_own(open_page, "univariate")
    upload(at, "univariate", "sales.csv", own.monthly_csv(months=144, extra=False))
    at.number_input(key="own_univariate_n_in").set_value(30).run()
    assert "would have no window" in texts(at.error)
    at.number_input(key="own_univariate_n_in").set_value(12).run()
    at.number_input(key="own_univariate_season").set_value(500).run()
    assert "longer than the data" in texts(at.error)


def test_the_multivariate_page_takes_inputs_and_refuses_the_target_as_an_input(open_page):
    at = open_own(open_page, "multivariate")
    csv = own.monthly_csv(months=120)
    upload(at, "multivariate", "sales.csv", csv)
    assert not at.exception and not at.error, at.error
    inputs = next(m for m in at.multiselect if m.key.startswith("own_multivariate_inputs"))
    assert inputs.value == ["temperature", "month_of_year"]
    known = next(m for m in at.multiselect if m.key.startswith("own_multivariate_known"))
    known.set_value(["month_of_year"]).run()
    # the direct window reads 12 rows and the 6 known-ahead rows, of 3 columns
    assert (expected_table(csv, ("temperature", "month_of_year"), ("month_of_year",)).windows["train"].count,
            18, 3) in badge_shapes(at, "X.shape =")
    assert "known ahead" in " ".join(h.value for h in at.get("html"))
    inputs.set_value(["sales", "temperature"]).run()
    assert "is the target and also an input" in texts(at.error)


def test_a_pasted_table_works_like_a_file(open_page):
    at = open_own(open_page, "multi_step")
    at.text_area(key="own_multi_step_paste").input(own.monthly_csv(months=144, extra=False)).run()
    assert not at.exception and not at.error
    assert "baseline: seasonal-naive" in metrics(at, "multi_step")["forecast"].tolist()


@pytest.mark.slow
def test_training_both_models_scores_them_and_forecasts_past_the_end(open_page):
    at = open_own(open_page, "univariate")
    upload(at, "univariate", "sales.csv", own.monthly_csv(months=144, extra=False))
    at.number_input(key="own_univariate_epochs").set_value(5).run()
    at.number_input(key="own_univariate_units").set_value(8).run()
    at.button(key="own_univariate_train").click().run()
    assert not at.exception, at.exception
    rows = metrics(at, "univariate")
    assert rows["forecast"].tolist()[2:] == ["LSTM, recursive (one-step model)", "LSTM, direct (vector output)"]
    assert rows["RMSE"].notna().all()
    assert "the **recursive** forecast ends" in texts(at.markdown)
    prepared = expected_table(own.monthly_csv(months=144, extra=False))
    windows = prepared.test.count + 1  # the test windows and the data's last window
    assert badge_shapes(at, "reshape(-1, columns):") == [(windows * 6, 1)]
    assert badge_shapes(at, "reshape back:") == [(windows, 6, 1)]


@pytest.mark.slow
def test_the_look_back_sweep_trains_in_the_queue_and_plots_validation_error(open_page):
    at = open_own(open_page, "univariate")
    upload(at, "univariate", "sales.csv", own.monthly_csv(months=144, extra=False))
    at.session_state["own_univariate_sweep_open"] = True  # what opening the expander does
    at.run()
    at.text_input(key="own_univariate_sweep_sizes").input("6, 12").run()
    at.text_input(key="own_univariate_sweep_units").input("8").run()
    at.number_input(key="own_univariate_sweep_epochs").set_value(3).run()
    at.button(key="own_univariate_sweep_run").click().run()
    assert not at.exception, at.exception
    summary = texts(at.markdown)
    assert "Lowest validation RMSE" in summary
    table = own.choose(own.read_table(own.monthly_csv(months=144, extra=False)), "sales", (), "month")
    # both sizes on the same target rows: the validation windows a 12-row window can forecast
    widest = own.prepare(table, own.Settings(12, 6, 0.15, 0.2, "minmax", 12))
    first = widest.parts[1].start + 12
    assert f"the {widest.windows['validation'].count} validation windows whose forecasts start at " \
           f"{pd.Timestamp(table.times[first]).date()} or later" in summary
    at.text_input(key="own_univariate_sweep_sizes").input("6, x").run()
    assert "whole numbers separated by commas" in texts(at.error)



def test_a_season_too_long_for_the_sweeps_rows_is_a_message_and_the_last_sweep_stays(open_page):
    # the reviewer's case: 60 rows, 15 % / 20 %, n_in 3, season 45, after a sweep has run (its
    # results put in the session as the sweep stores them, so nothing trains here)
    at = open_own(open_page, "univariate")
    upload(at, "univariate", "sales.csv", own.monthly_csv(months=60, extra=False))
    at.number_input(key="own_univariate_n_in").set_value(3).run()
    at.session_state["own_univariate_sweep_open"] = True  # what opening the expander does
    at.run()
    at.text_input(key="own_univariate_sweep_sizes").input("3").run()
    assert not at.button(key="own_univariate_sweep_run").disabled
    kept = [training.SweepResult(3, 8, 12.5, 2, (1.0,), 42)]
    at.session_state["own_univariate__sweep"] = (kept, 20.0, "2013-07")
    at.number_input(key="own_univariate_season").set_value(45).run()
    assert not at.exception, at.exception
    errors = texts(at.error)
    assert "A season of 45 rows reaches back" in errors and "at most 42 rows" in errors
    assert "Showing your last good sweep" in errors
    assert at.button(key="own_univariate_sweep_run").disabled  # the kept plan is shown, not run
    summary = texts(at.markdown)
    assert "Lowest validation RMSE: **12.500**" in summary and "scored on the same target rows" in summary

NO_TF_PROBE = """
import sys
from streamlit.testing.v1 import AppTest
from lessons import own_series as own
at = AppTest.from_file({app!r}, default_timeout=120)
at.run()
at.switch_page("pages/multivariate.py").run()
at.session_state["fc_tabs_multivariate"] = "Your data"
at.run()
at.file_uploader(key="own_multivariate_upload").set_value(("s.csv", own.monthly_csv().encode(), "text/csv")).run()
assert not at.exception and not at.error, (at.exception, at.error)
assert "baseline: persistence" in " ".join(str(t.value) for t in at.table)
print("LOADED:" + ",".join(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras")))
"""


def test_the_tab_with_an_upload_never_imports_tensorflow():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", NO_TF_PROBE.format(app=str(root / "app.py"))], cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "LOADED:"


@pytest.mark.slow
def test_multivariate_training_with_a_known_ahead_column_turns_3d_forecasts_back(open_page):
    at = open_own(open_page, "multivariate_multi_step")
    csv = own.monthly_csv(months=144)
    upload(at, "multivariate_multi_step", "sales.csv", csv)
    next(m for m in at.multiselect if m.key.startswith("own_multivariate_multi_step_known")) \
        .set_value(["month_of_year"]).run()
    at.number_input(key="own_multivariate_multi_step_epochs").set_value(3).run()
    at.number_input(key="own_multivariate_multi_step_units").set_value(8).run()
    at.button(key="own_multivariate_multi_step_train").click().run()
    assert not at.exception, at.exception
    windows = expected_table(csv, ("temperature", "month_of_year"), ("month_of_year",)).test.count + 1
    assert badge_shapes(at, "prediction (scaled):") == [(windows, 6, 3)]
    assert badge_shapes(at, "reshape(-1, columns):") == [(windows * 6, 3)]
    assert badge_shapes(at, "reshape back:") == [(windows, 6, 3)]
    assert "Known-ahead columns past the end take their values from one season earlier" in texts(at.markdown)
    assert len(metrics(at, "multivariate_multi_step")) == 4

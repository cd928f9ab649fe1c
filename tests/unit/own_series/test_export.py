"""The exported script: the whole pipeline on the learner's file, read by its name, in a fresh Python."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from lessons import own_series as own
from lessons.own_series import export, training

SETTINGS = own.Settings(n_in=12, horizon=6, val_share=0.15, test_share=0.2, scaling="standard", season=12)


def facts(raw, file_name="shop sales.csv", inputs=("temperature", "month_of_year"), known=("month_of_year",),
          epochs=2) -> export.ScriptFacts:
    return export.ScriptFacts(
        file_name=file_name, separator=raw.attrs["separator"], header=raw.attrs["header"],
        names=tuple(raw.columns), time_column="month", target="sales", inputs=inputs, known=known,
        settings=SETTINGS, variant="vanilla", units=8, epochs=epochs, learning_rate=0.001, seed=1,
        n_columns=1 + len(inputs),
    )


def test_the_script_is_python_and_names_the_file_and_settings():
    raw = own.read_table(own.monthly_csv())
    code = export.standalone_script(facts(raw))
    ast.parse(code)
    assert "FILE = 'shop sales.csv'" in code and "KNOWN_AHEAD = ['month_of_year']" in code
    assert "N_IN = 12" in code and "HORIZON = 6" in code and "SCALING = 'standard'" in code
    assert "keras.Input(shape=(18, 3))" in code  # the direct model reads the 6 known-ahead rows too
    assert "layers.Dense(6)" in code and "layers.Dense(3)" in code
    assert export.script_name(facts(raw)) == "forecast_shop_sales.py"


@pytest.mark.slow
def test_the_script_runs_on_the_learners_file_and_prints_the_pages_baselines(tmp_path):
    csv = own.monthly_csv(months=144, seed=5).replace(",", ";")  # a semicolon file, read as the page reads it
    (tmp_path / "shop sales.csv").write_text(csv)
    raw = own.read_table(csv)
    script = tmp_path / "forecast.py"
    script.write_text(export.standalone_script(facts(raw)))
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout
    prepared = own.prepare(own.choose(raw, "sales", ["temperature", "month_of_year"], "month", ["month_of_year"]),
                           SETTINGS)
    for part in own.PARTS:
        w = prepared.windows[part]
        assert f"X_direct {w.X_direct.shape}, y_direct {w.y_direct.shape}" in printed
    for row in training.metrics_table(prepared):
        line = re.search(re.escape(row["forecast"]) + r"\s+RMSE ([\d.]+)\s+MAE ([\d.]+)", printed)
        assert line, printed
        assert float(line[1]) == pytest.approx(row["RMSE"], abs=1e-4)
        assert float(line[2]) == pytest.approx(row["MAE"], abs=1e-4)
    for name in ("LSTM, recursive", "LSTM, direct"):
        assert re.search(re.escape(name) + r"\s+RMSE \d", printed)
    for name in ("recursive", "direct"):
        forecast = re.search(rf"past the end, {name}: (.*) \(last step", printed)
        assert forecast and len(forecast[1].split(", ")) == SETTINGS.horizon

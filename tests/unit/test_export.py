"""The standalone script a learner downloads (lessons/export.py)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lessons import export, models
from lessons.forecast_view import horizon
from lessons.forecasting import FRAMINGS, LESSONS, UNIVARIATE, VARIANTS

LESSON_KEYS = list(LESSONS)
FEW_EPOCHS = 2  # enough to show the script trains and predicts; accuracy is tested elsewhere


def _window_module(framing: str, tmp_path: Path):
    """Load the script's window function for `framing` as a module, as the script would define it."""
    path = tmp_path / f"windows_{framing}.py"
    path.write_text("import numpy as np\n" + export.WINDOW_CODE[framing][1])
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("framing", list(FRAMINGS))
@pytest.mark.parametrize("n_in, n_out", [(3, 2), (1, 1), (4, 3)])
def test_the_scripts_window_function_cuts_what_the_lesson_cuts(framing, n_in, n_out, tmp_path):
    data = next(lesson.data for lesson in LESSONS.values() if lesson.framing == framing)
    call, _ = export.WINDOW_CODE[framing]
    function = getattr(_window_module(framing, tmp_path), call.split("(")[0])
    args = (data, n_in, n_out) if "n_out" in call else (data, n_in)
    X, y = function(*args)
    X_lesson, y_lesson = FRAMINGS[framing](data, n_in, n_out)
    np.testing.assert_array_equal(X, X_lesson)
    np.testing.assert_array_equal(y, y_lesson)


@pytest.mark.parametrize("key", LESSON_KEYS)
def test_script_is_valid_python_with_the_lessons_model_and_settings(key):
    lesson = LESSONS[key]
    script = export.standalone_script(export.facts_for(lesson))
    compile(script, f"{key}.py", "exec")  # a syntax error fails here
    X, y = lesson.make_samples()
    ready = models.prepare(lesson.variant, X, y, lesson.n_seq, n_out=horizon(lesson.framing, lesson.n_out))
    model_code = models.keras_code(lesson.variant, ready.X.shape, ready.y.shape, lesson.units)
    body = model_code.split("model = ", 1)[1]
    assert "model = " + body.strip() in script  # the very model code the page shows
    assert f"keras.utils.set_random_seed({lesson.seed})" in script
    assert f"epochs={lesson.epochs}" in script
    assert "input_shape=" not in script  # Keras 3 style: keras.Input first
    assert "print(\"expected:\"" in script


def test_data_literal_reads_back_exactly():
    values = np.array([0.1, -2.5, 1e-07, 3.0, 123456789.125])
    literal = export.array_literal(values)
    inner = literal[literal.index("[") : literal.rindex("]") + 1]
    assert json.loads(inner) == values.tolist()
    long = export.array_literal(np.arange(30.0))
    assert long.count("\n") >= 3  # wrapped, not one endless line


def test_learners_changes_reach_the_script():
    lesson = LESSONS["vanilla"]
    facts = export.facts_for(lesson, variant="cnn_lstm", n_in=4, n_seq=2, units=16, epochs=7, seed=42,
                             test_input=np.array([60.0, 70.0, 80.0, 90.0]))
    script = export.standalone_script(facts)
    assert "X = X.reshape((X.shape[0], 2, 2, 1))" in script
    assert "layers.LSTM(16" in script and "epochs=7" in script and "set_random_seed(42)" in script
    assert "x_input = x_input.reshape((1, 2, 2, 1))" in script
    # Different window, so the tutorial's expected value no longer applies.
    assert "no known expected value" in script
    assert export.script_name(facts) == "shape_lab_vanilla_cnn_lstm.py"


def test_a_variant_that_cannot_take_the_window_raises_the_pages_message():
    with pytest.raises(models.VariantError, match="cannot be cut into 2 subsequences"):
        export.standalone_script(export.facts_for(LESSONS["vanilla"], variant="cnn_lstm", n_seq=2))


def test_unknown_facts_are_refused():
    with pytest.raises(TypeError, match="unknown facts"):
        export.facts_for(LESSONS["vanilla"], window=3)


def _run(script: str, tmp_path: Path) -> str:
    path = tmp_path / "exported.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, env={"TF_CPP_MIN_LOG_LEVEL": "2", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _shape(text: str) -> tuple[int, ...]:
    return tuple(int(d) for d in re.findall(r"\d+", text))


@pytest.mark.slow
@pytest.mark.parametrize("key", LESSON_KEYS)
def test_exported_script_runs_and_prints_a_prediction(key, tmp_path):
    lesson = LESSONS[key]
    out = _run(export.standalone_script(export.facts_for(lesson, epochs=FEW_EPOCHS)), tmp_path)
    X, y = lesson.make_samples()
    ready = models.prepare(lesson.variant, X, y, lesson.n_seq, n_out=horizon(lesson.framing, lesson.n_out))

    windows = re.search(r"windows: X (\([^)]*\)) y (\([^)]*\))", out)
    assert (_shape(windows[1]), _shape(windows[2])) == (X.shape, y.shape)
    shaped = re.search(r"model input: X (\([^)]*\)) y (\([^)]*\))", out)
    assert (_shape(shaped[1]), _shape(shaped[2])) == (ready.X.shape, ready.y.shape)
    first = re.search(r"first sample: X\[0\] = (.*) -> y\[0\] = (.*)", out)
    assert json.loads(first[1]) == X[0].tolist()
    assert json.loads(first[2]) == np.asarray(y[0]).tolist()

    prediction = re.search(r"^prediction: (.*)$", out, re.MULTILINE)[1]
    values = np.asarray(json.loads(prediction), dtype=float)
    assert values.size == lesson.expected.size
    assert np.all(np.isfinite(values))
    assert re.search(r"^expected: ", out, re.MULTILINE)


@pytest.mark.slow
def test_exported_script_with_the_learners_changes_runs(tmp_path):
    facts = export.facts_for(LESSONS["vanilla"], data=UNIVARIATE * 2, variant="conv_lstm", n_in=4, n_seq=2,
                             units=8, epochs=FEW_EPOCHS, test_input=np.array([1.0, 2.0, 3.0, 4.0]))
    out = _run(export.standalone_script(facts), tmp_path)
    assert "model input: X (5, 2, 1, 2, 1) y (5, 1)" in out
    assert re.search(r"^prediction: -?\d", out, re.MULTILINE)


@pytest.mark.parametrize("key", LESSON_KEYS)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_variant_on_every_lesson_gives_a_script_or_the_variants_reason(key, variant):
    lesson = LESSONS[key]
    n_seq = 2 if variant in models.SPLIT_VARIANTS else 1
    facts = export.facts_for(lesson, variant=variant, n_seq=n_seq)
    try:
        script = export.standalone_script(facts)
    except models.VariantError as error:
        # Only a window that does not split into n_seq pieces of 2 or more steps is refused.
        assert variant in models.SPLIT_VARIANTS and lesson.n_in % n_seq != 0, error
        return
    compile(script, f"{key}_{variant}.py", "exec")

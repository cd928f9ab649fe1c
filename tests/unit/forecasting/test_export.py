"""The standalone script a learner downloads (lessons/forecasting/export.py)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lessons.forecasting import export
from lessons.forecasting import models
from lessons.forecasting import FRAMINGS, LESSONS, UNIVARIATE, VARIANTS, ForecastLesson

LESSON_KEYS = list(LESSONS)
FEW_EPOCHS = 2  # enough to show the script trains and predicts; accuracy is tested elsewhere


def _window_module(name: str, tmp_path: Path):
    """Load the script's window function for framing `name` as a module, as the script would define it."""
    path = tmp_path / f"windows_{name}.py"
    path.write_text("import numpy as np\n" + export.WINDOW_CODE[name][1])
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_framing_has_its_readable_window_function():
    assert set(export.WINDOW_CODE) == set(FRAMINGS)


@pytest.mark.parametrize("name", list(FRAMINGS))
@pytest.mark.parametrize("n_in, n_out", [(3, 2), (1, 1), (4, 3), (2, 6)])
def test_the_scripts_window_function_cuts_what_the_registry_cuts(name, n_in, n_out, tmp_path):
    data = next(lesson.data for lesson in LESSONS.values() if lesson.framing.name == name)
    call, _ = export.WINDOW_CODE[name]
    function = getattr(_window_module(name, tmp_path), call.split("(")[0])
    args = (data, n_in, n_out) if "n_out" in call else (data, n_in)
    X, y = function(*args)
    X_registry, y_registry = FRAMINGS[name].cut(data, n_in, n_out)
    np.testing.assert_array_equal(X, X_registry, strict=True)
    np.testing.assert_array_equal(y, y_registry, strict=True)


@pytest.mark.parametrize("key", LESSON_KEYS)
def test_script_is_valid_python_with_the_lessons_model_and_settings(key):
    lesson = LESSONS[key]
    script = export.standalone_script(export.facts_for(lesson))
    compile(script, f"{key}.py", "exec")  # a syntax error fails here
    X, y = lesson.make_samples()
    ready = models.prepare(lesson.variant, X, y, lesson.n_seq, n_out=lesson.framing.horizon(lesson.n_out))
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


CLEAN_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "PATH": "/usr/bin:/bin"}  # nothing of this checkout leaks in
DRIVER = Path(__file__).with_name("run_exported_scripts.py")


def _page_n_seq(lesson: ForecastLesson, variant: str) -> int:
    """The n_seq the page starts a variant with (ui/forecast.py): the lesson's own, else 2."""
    if variant not in models.SPLIT_VARIANTS:
        return 1
    return lesson.n_seq if lesson.variant in models.SPLIT_VARIANTS else 2


def _page_facts(key: str, variant: str, **changes) -> export.ScriptFacts:
    lesson = LESSONS[key]
    return export.facts_for(lesson, variant=variant, n_seq=_page_n_seq(lesson, variant), **changes)


def _offered() -> list[tuple[str, str]]:
    """Every (lesson, variant) the page offers a script for: those `models.prepare` accepts."""
    pairs = []
    for key in LESSON_KEYS:
        for variant in VARIANTS:
            try:
                export.standalone_script(_page_facts(key, variant))
            except models.VariantError:
                continue
            pairs.append((key, variant))
    return pairs


OFFERED = _offered()
OFFERED_IDS = [f"{key}-{variant}" for key, variant in OFFERED]


def _ready(key: str, variant: str) -> models.Prepared:
    """The lesson's X and y as the page shapes them for `variant`."""
    lesson = LESSONS[key]
    X, y = lesson.make_samples()
    steps = lesson.framing.horizon(lesson.n_out)
    return models.prepare(variant, X, y, _page_n_seq(lesson, variant), n_out=steps)


def _run(script: str, tmp_path: Path) -> str:
    path = tmp_path / "exported.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, env=CLEAN_ENV)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _shape(text: str) -> tuple[int, ...]:
    return tuple(int(d) for d in re.findall(r"\d+", text))


def _line(label: str, out: str) -> str:
    found = re.search(rf"^{label}: (.*)$", out, re.MULTILINE)
    assert found, f"no '{label}:' line in the output:\n{out[-2000:]}"
    return found[1]


def _two_shapes(label: str, out: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The X and y shapes of a line like `windows: X (6, 3) y (6,)`."""
    found = re.fullmatch(r"X (\([^)]*\)) y (\([^)]*\))", _line(label, out))
    assert found, f"'{label}:' should show the shapes of X and y, not: {_line(label, out)}"
    return _shape(found[1]), _shape(found[2])


def _decimals(number: str) -> int:
    mantissa = re.split("[eE]", number)[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _significant_digits(number: str) -> int:
    digits = re.split("[eE]", number)[0].lstrip("+-").replace(".", "")
    return len(digits.lstrip("0").rstrip("0")) or 1


NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"


def _readable_prediction(out: str) -> np.ndarray:
    """The printed prediction, checked to be finite numbers of at most 2 decimals."""
    text = _line("prediction", out)
    values = np.asarray(json.loads(text), dtype=float)
    assert np.all(np.isfinite(values)), f"prediction is not finite: {text}"
    too_long = [n for n in re.findall(NUMBER, text) if _decimals(n) > 2]
    assert not too_long, f"prediction should be rounded to 2 decimals, got {too_long} in {text}"
    return values


def _check_no_float_noise(out: str) -> None:
    # float32 read as float64 shows up as a long tail of digits: 100.37000274658203.
    noise = re.findall(r"\d\.\d{7,}", out)
    assert not noise, f"unreadable numbers in the output: {noise}"


def _check_readable_loss_and_no_float_noise(out: str) -> None:
    loss = _line("final loss", out)
    assert np.isfinite(float(loss)), f"final loss is not a finite number: {loss}"
    assert _significant_digits(loss) <= 4, f"final loss should be short, not {loss}"
    _check_no_float_noise(out)


@pytest.mark.parametrize("key, variant", OFFERED, ids=OFFERED_IDS)
def test_the_prediction_is_read_from_the_models_real_output_shape(key, variant, capsys):
    """The script's last lines, run on a float32 output of the model's shape: no Keras needed."""
    script = export.standalone_script(_page_facts(key, variant))
    tail = script.split("prediction = model.predict(x_input, verbose=0)\n", 1)[1]
    # What model.predict returns for one window; float32 cannot hold 100.37 exactly.
    prediction = np.full((1, *_ready(key, variant).y.shape[1:]), 100.37, dtype=np.float32)
    exec(compile(tail, f"{key}_{variant}.py", "exec"), {"np": np, "prediction": prediction})
    out = capsys.readouterr().out
    values = _readable_prediction(out)
    assert values.size == LESSONS[key].expected.size
    assert np.all(values == 100.37)  # rounded to 2 decimals, with nothing of float32 left over
    _check_no_float_noise(out)


@pytest.fixture(scope="module")
def batch_runs(tmp_path_factory) -> dict[tuple[str, str], dict]:
    """Every offered script, run to the end with few epochs in ONE fresh interpreter.

    One process instead of one per script: starting TensorFlow costs seconds, a script only a few
    hundred milliseconds. run_exported_scripts.py runs each file as __main__ with its own stdout.
    """
    folder = tmp_path_factory.mktemp("exported")
    paths = {}
    for key, variant in OFFERED:
        facts = _page_facts(key, variant, epochs=FEW_EPOCHS)
        paths[key, variant] = folder / export.script_name(facts)
        paths[key, variant].write_text(export.standalone_script(facts))
    results_file = folder / "results.json"
    done = subprocess.run([sys.executable, str(DRIVER), str(results_file), *map(str, paths.values())],
                          cwd=folder, capture_output=True, text=True, timeout=1200, env=CLEAN_ENV)
    assert done.returncode == 0, f"the batch driver itself failed:\n{done.stderr[-3000:]}"
    results = json.loads(results_file.read_text())
    return {pair: results[str(path)] for pair, path in paths.items()}


@pytest.mark.slow
@pytest.mark.parametrize("key, variant", OFFERED, ids=OFFERED_IDS)
def test_every_offered_script_runs_to_the_end_and_prints_readable_numbers(key, variant, batch_runs):
    lesson, run = LESSONS[key], batch_runs[key, variant]
    where = f"{lesson.title} tab, {VARIANTS[variant]} ({export.script_name(_page_facts(key, variant))})"
    assert run["error"] is None, f"{where} crashed:\n{run['error']}\nit printed:\n{run['stdout'][-2000:]}"
    out = run["stdout"]
    X, y = lesson.make_samples()
    ready = _ready(key, variant)

    assert _two_shapes("windows", out) == (X.shape, y.shape), where
    assert _two_shapes("model input", out) == (ready.X.shape, ready.y.shape), where
    first = re.fullmatch(r"X\[0\] = (.*) -> y\[0\] = (.*)", _line("first sample", out))
    assert first, f"{where}: 'first sample:' should show X[0] -> y[0]"
    assert json.loads(first[1]) == X[0].tolist(), where
    assert json.loads(first[2]) == np.asarray(y[0]).tolist(), where

    # The model's real output: one sample of y as the variant shaped it.
    assert _shape(_line("prediction shape", out)) == (1, *ready.y.shape[1:]), where
    values = _readable_prediction(out)
    assert values.size == lesson.expected.size, f"{where}: {values.size} values, not {lesson.expected.size}"
    _check_readable_loss_and_no_float_noise(out)
    assert re.search(r"^expected: ", out, re.MULTILINE), where


@pytest.mark.slow
def test_exported_script_with_the_learners_changes_runs_on_its_own(tmp_path):
    """The one script run as a learner runs it, `python script.py`: no shared process, no test code."""
    facts = export.facts_for(LESSONS["vanilla"], data=UNIVARIATE * 2, variant="conv_lstm", n_in=4, n_seq=2,
                             units=8, epochs=FEW_EPOCHS, test_input=np.array([1.0, 2.0, 3.0, 4.0]))
    out = _run(export.standalone_script(facts), tmp_path)
    assert "model input: X (5, 2, 1, 2, 1) y (5, 1)" in out
    assert "prediction shape: (1, 1)" in out
    assert _readable_prediction(out).size == 1
    _check_readable_loss_and_no_float_noise(out)
    assert "expected:" not in out  # different data, so no known expected value


@pytest.mark.parametrize("key", LESSON_KEYS)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_variant_on_every_lesson_gives_a_script_or_the_variants_reason(key, variant):
    lesson = LESSONS[key]
    n_seq = _page_n_seq(lesson, variant)
    try:
        script = export.standalone_script(_page_facts(key, variant))
    except models.VariantError as error:
        # Only a window that does not split into n_seq pieces of 2 or more steps is refused.
        assert variant in models.SPLIT_VARIANTS and lesson.n_in % n_seq != 0, error
        return
    compile(script, f"{key}_{variant}.py", "exec")

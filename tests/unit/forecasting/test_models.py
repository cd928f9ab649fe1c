"""lessons/forecasting/models.py: the array each variant needs, the model it builds, and the code it shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lessons.forecasting import models
from lessons.forecasting import FRAMINGS, LESSONS, UNIVARIATE, VARIANTS
from lessons.core.parsing import InputError

ROOT = Path(__file__).resolve().parents[3]


def _prepared(key: str, variant: str | None = None) -> models.Prepared:
    lesson = LESSONS[key]
    variant = variant or lesson.variant
    n_seq = lesson.n_seq if variant in models.SPLIT_VARIANTS else 1
    X, y = lesson.make_samples()
    return models.prepare(variant, X, y, n_seq, n_out=lesson.n_out)


# --- prepare ----------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["vanilla", "stacked", "bidirectional"])
def test_lstm_variants_add_a_feature_axis_and_give_dense_a_2d_y(variant):
    X, y = FRAMINGS["univariate"].cut(UNIVARIATE, 3, 1)
    ready = models.prepare(variant, X, y)
    assert ready.X.shape == (6, 3, 1)
    assert ready.x_axes == ("samples", "timesteps", "features")
    assert ready.y.shape == (6, 1)
    assert ready.y_axes == ("samples", "outputs")
    np.testing.assert_array_equal(ready.X[:, :, 0], X)  # values stay in order
    np.testing.assert_array_equal(ready.y[:, 0], y)


def test_a_3d_x_is_kept_as_it_is():
    X, y = FRAMINGS["parallel"].cut(LESSONS["parallel"].data, 3, 1)
    ready = models.prepare("stacked", X, y)
    np.testing.assert_array_equal(ready.X, X)
    assert ready.y.shape == (6, 3)


def test_cnn_lstm_cuts_each_window_into_subsequences():
    X, y = FRAMINGS["univariate"].cut(UNIVARIATE, 4, 1)
    ready = models.prepare("cnn_lstm", X, y, n_seq=2)
    assert ready.X.shape == (5, 2, 2, 1)
    assert ready.x_axes == ("samples", "subsequences", "timesteps", "features")
    np.testing.assert_array_equal(ready.X[0, :, :, 0], [[10, 20], [30, 40]])
    assert "2 subsequences" in ready.note


def test_conv_lstm_adds_a_row_axis_of_one():
    X, y = FRAMINGS["univariate"].cut(UNIVARIATE, 4, 1)
    ready = models.prepare("conv_lstm", X, y, n_seq=2)
    assert ready.X.shape == (5, 2, 1, 2, 1)
    assert ready.x_axes == ("samples", "subsequences", "rows", "timesteps", "features")
    np.testing.assert_array_equal(ready.X[1, 1, 0, :, 0], [40, 50])


def test_multivariate_windows_keep_their_features_when_split():
    X, y = FRAMINGS["parallel"].cut(LESSONS["parallel"].data, 4, 1)
    ready = models.prepare("cnn_lstm", X, y, n_seq=2)
    assert ready.X.shape == (5, 2, 2, 3)
    np.testing.assert_array_equal(ready.X[0, 1], X[0, 2:])


@pytest.mark.parametrize(
    "y_shape, n_out, wanted",
    [((5, 2), 2, (5, 2, 1)), ((6, 3), 1, (6, 1, 3)), ((5, 2, 3), 2, (5, 2, 3)), ((6,), 1, (6, 1, 1))],
)
def test_encoder_decoder_gets_a_3d_y_of_steps_by_features(y_shape, n_out, wanted):
    X = np.zeros((y_shape[0], 3, 1))
    y = np.arange(np.prod(y_shape), dtype=float).reshape(y_shape)
    ready = models.prepare("encoder_decoder", X, y, n_out=n_out)
    assert ready.y.shape == wanted
    assert ready.y_axes == ("samples", "timesteps", "features")
    np.testing.assert_array_equal(ready.y.ravel(), y.ravel())


def test_a_3d_target_is_flattened_for_dense_and_unflattened_for_the_learner():
    X, y = FRAMINGS["parallel_multistep"].cut(LESSONS["parallel_multistep"].data, 3, 2)
    ready = models.prepare("stacked", X, y)
    assert ready.y.shape == (5, 6)
    assert "flattened" in ready.note
    back = models.unflatten_prediction(ready.y[:1], (2, 3))
    np.testing.assert_array_equal(back, y[0])


def test_unflatten_refuses_a_prediction_of_the_wrong_size():
    with pytest.raises(models.VariantError, match="4 values"):
        models.unflatten_prediction(np.zeros((1, 4)), (2, 3))


@pytest.mark.parametrize("variant", ["cnn_lstm", "conv_lstm"])
def test_a_window_that_does_not_split_evenly_says_why_and_what_works(variant):
    X, y = FRAMINGS["univariate"].cut(UNIVARIATE, 6, 1)
    with pytest.raises(models.VariantError) as caught:
        models.prepare(variant, X, y, n_seq=4)
    message = str(caught.value)
    assert "6 ÷ 4" in message
    assert "1, 2, 3" in message  # 6 = 1×6 = 2×3 = 3×2; 6×1 leaves pieces too short to pool
    for n_seq in (1, 2, 3):
        models.prepare(variant, X, y, n_seq=n_seq)  # every suggestion really works


def test_window_three_into_two_subsequences_is_refused():
    X, y = FRAMINGS["univariate"].cut(UNIVARIATE, 3, 1)
    with pytest.raises(models.VariantError, match="3 ÷ 2"):
        models.prepare("cnn_lstm", X, y, n_seq=2)


def test_pieces_of_one_step_are_refused_because_pooling_needs_two():
    X, y = FRAMINGS["univariate"].cut(UNIVARIATE, 4, 1)
    with pytest.raises(models.VariantError, match=r"MaxPooling1D\(2\)"):
        models.prepare("cnn_lstm", X, y, n_seq=4)
    X1, y1 = FRAMINGS["univariate"].cut(UNIVARIATE, 1, 1)
    with pytest.raises(models.VariantError, match="at least 2"):
        models.prepare("conv_lstm", X1, y1, n_seq=1)


def test_variant_errors_are_input_errors_and_unknown_variants_are_refused():
    assert issubclass(models.VariantError, InputError)
    with pytest.raises(models.VariantError, match="vanilla"):
        models.prepare("transformer", np.zeros((2, 3)), np.zeros(2))


@pytest.mark.parametrize("key", list(LESSONS))
def test_prepare_input_shapes_one_test_window_like_one_sample(key):
    lesson = LESSONS[key]
    ready = _prepared(key)
    one = models.prepare_input(lesson.variant, lesson.test_input, lesson.n_seq)
    assert one.shape == (1,) + ready.X.shape[1:]
    np.testing.assert_array_equal(one.ravel(), lesson.test_input.ravel())


def test_prepare_needs_no_tensorflow():
    probe = (
        "import sys, numpy as np\n"
        "from lessons.forecasting import models\n"
        "models.prepare('conv_lstm', np.zeros((5, 4)), np.zeros(5), 2)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- the Keras model ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(LESSONS))
def test_layer_rows_read_the_real_shapes_of_every_lesson_model(key):
    lesson = LESSONS[key]
    ready = _prepared(key)
    model = models.build_model(lesson.variant, ready.X.shape, ready.y.shape, lesson.units)
    rows = models.layer_rows(model)
    assert rows[-1]["output_shape"] == (None,) + ready.y.shape[1:]
    assert all(row["output_shape"][0] is None for row in rows)
    assert sum(row["params"] for row in rows) == model.count_params()
    assert all(set(row) == {"name", "layer", "output_shape", "params"} for row in rows)


def test_layer_rows_of_the_vanilla_lstm_match_the_lstm_parameter_formula():
    ready = _prepared("vanilla")
    rows = models.layer_rows(models.build_model("vanilla", ready.X.shape, ready.y.shape, 50))
    assert [row["layer"] for row in rows] == ["LSTM", "Dense"]
    assert rows[0]["output_shape"] == (None, 50)
    # four gates, each with input weights, recurrent weights and a bias
    assert rows[0]["params"] == 4 * 50 * (1 + 50 + 1)
    assert rows[1]["params"] == 50 + 1


def test_cnn_lstm_layers_show_the_subsequence_axis():
    ready = _prepared("cnn_lstm")
    rows = models.layer_rows(models.build_model("cnn_lstm", ready.X.shape, ready.y.shape, 50))
    assert [row["output_shape"] for row in rows] == [
        (None, 2, 2, 64), (None, 2, 1, 64), (None, 2, 64), (None, 50), (None, 1)
    ]


def test_every_lstm_and_conv_layer_uses_relu():
    for key in LESSONS:
        lesson, ready = LESSONS[key], _prepared(key)
        model = models.build_model(lesson.variant, ready.X.shape, ready.y.shape, lesson.units)
        inner = [getattr(layer, "layer", None) or getattr(layer, "forward_layer", None) or layer
                 for layer in model.layers]
        for layer in inner:
            if type(layer).__name__ in ("LSTM", "Conv1D", "ConvLSTM2D"):
                assert layer.get_config()["activation"] == "relu", (key, layer.name)


def _structure(model) -> list[tuple]:
    return [(row["layer"], row["output_shape"], row["params"]) for row in models.layer_rows(model)]


@pytest.mark.parametrize("key", list(LESSONS))
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_keras_code_builds_the_same_model_as_build_model(key, variant):
    lesson = LESSONS[key]
    ready = _prepared(key, variant)
    code = models.keras_code(variant, ready.X.shape, ready.y.shape, lesson.units)
    assert "input_shape=" not in code and "keras.Input(shape=" in code
    namespace: dict = {}
    exec(code, namespace)  # the test runs our own generated code, never user text
    built = models.build_model(variant, ready.X.shape, ready.y.shape, lesson.units)
    assert _structure(namespace["model"]) == _structure(built)


def test_unrolling_changes_speed_not_the_model():
    ready = _prepared("stacked")
    plain = models.build_model("stacked", ready.X.shape, ready.y.shape, 50)
    unrolled = models.build_model("stacked", ready.X.shape, ready.y.shape, 50, unroll=True)
    assert _structure(plain) == _structure(unrolled)
    assert all(layer.get_config()["unroll"] for layer in unrolled.layers[:2])

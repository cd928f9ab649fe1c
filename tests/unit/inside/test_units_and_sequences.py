"""lessons/inside: parameter counts against Keras' count_params, return_sequences against Keras."""

from __future__ import annotations

import pickle

import pytest

from lessons import engine, inside
from lessons.engine.queue import TRAINING_QUEUE
from lessons.forecasting import models, training


@pytest.mark.parametrize("features, units", [(1, 50), (3, 7), (64, 100), (2, 1)])
def test_lstm_parameter_formula_matches_count_params(features, units):
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input((4, features)), layers.LSTM(units)])
    assert inside.lstm_parameters(features, units) == model.count_params()
    (kernel, recurrent, bias) = model.layers[0].get_weights()
    assert [(n, s) for n, s, _ in inside.weight_shapes(features, units)] == [
        ("kernel", kernel.shape), ("recurrent_kernel", recurrent.shape), ("bias", bias.shape)]
    assert model.layers[0].output.shape == (None, units)  # never timesteps, never outputs


@pytest.mark.parametrize("variant, x_shape, y_shape", [
    ("vanilla", (3, 1), (1,)), ("stacked", (3, 3), (3,)), ("bidirectional", (3, 1), (1,)),
    ("cnn_lstm", (2, 2, 1), (1,)), ("cnn_lstm", (3, 6, 2), (1,)), ("conv_lstm", (2, 1, 2, 1), (1,)),
    ("conv_lstm", (2, 1, 3, 2), (1,)), ("encoder_decoder", (3, 2), (2, 2)),
])
@pytest.mark.parametrize("units", [4, 50])
def test_every_recurrent_layers_count_matches_keras(variant, x_shape, y_shape, units):
    model = engine.inspect_model(lambda: models.build_model(variant, x_shape, y_shape, units), lambda m: m)
    keras_counts = [layer.count_params() for layer in model.layers
                    if type(layer).__name__ in ("LSTM", "Bidirectional", "ConvLSTM2D")]
    counts = inside.recurrent_counts(variant, x_shape, units)
    if variant == "bidirectional":
        assert [counts[0].parameters + counts[1].parameters] == keras_counts
    else:
        assert [c.parameters for c in counts] == keras_counts
    for count in counts:
        assert f"{count.parameters:,}".replace(",", "{,}") in count.formula()


def test_switches_follow_the_tutorial():
    stacked = inside.switches("stacked", (3, 1), (1,), 50)
    assert [(s.tutorial, s.last) for s in stacked] == [(True, False), (False, True)]
    coder = inside.switches("encoder_decoder", (3, 1), (2, 1), 50)
    assert [(s.tutorial, s.last) for s in coder] == [(False, False), (True, True)]
    (bidirectional,) = inside.switches("bidirectional", (3, 1), (1,), 50)
    assert bidirectional.label == "Bidirectional(LSTM)" and not bidirectional.tutorial


def _probe(key: str, flags: tuple[bool, ...], units: int = 8) -> tuple[training.TrainRequest, inside.Probe]:
    request = training.request_for_lesson(key)
    return request, engine.run_job(inside.probe_job, request.variant, request.X, request.y, units, flags, 1)


def test_tutorial_settings_give_keras_own_shapes_and_train():
    request, probe = _probe("stacked", (True, False))
    expected = engine.inspect_model(
        lambda: models.build_model("stacked", request.X.shape, request.y.shape, 8), models.layer_rows)
    assert [layer.shape for layer in probe.layers] == [row["output_shape"] for row in expected]
    assert probe.build_error is None and probe.fit_error is None and not probe.silent_broadcast
    assert probe.prediction_shape == request.y.shape


def test_last_lstm_returning_sequences_broadcasts_the_loss_silently():
    request, probe = _probe("vanilla", (True,))
    samples, steps = request.X.shape[:2]
    assert [layer.shape for layer in probe.layers] == [(None, steps, 8), (None, steps, 1)]
    assert [layer.names for layer in probe.layers] == [("samples", "timesteps", "units"),
                                                      ("samples", "timesteps", "outputs")]
    assert probe.prediction_shape == (samples, steps, 1) and probe.y_shape == (samples, 1)
    assert probe.fit_error is None and probe.silent_broadcast
    assert probe.fit_loss == pytest.approx(probe.broadcast_loss, rel=1e-4)
    assert pickle.loads(pickle.dumps(probe)) == probe  # plain data, as a job must return


def test_several_outputs_and_a_3d_prediction_stop_at_the_loss():
    request, probe = _probe("parallel", (True, True))
    assert probe.build_error is None
    assert probe.prediction_shape == (len(request.X), request.X.shape[1], request.y.shape[1])
    assert probe.fit_error is not None and probe.fit_error.kind == "ValueError"
    assert probe.fit_loss is None


def test_a_layer_that_gets_2d_refuses_to_build_with_keras_words():
    _, probe = _probe("stacked", (False, False))
    assert len(probe.layers) == 1 and probe.layers[0].shape == (None, 8)
    assert probe.build_error is not None and "ndim=3" in probe.build_error.message
    assert probe.failed_code.startswith("layers.LSTM(8")
    _, coder = _probe("encoder_decoder", (True, True))
    assert coder.build_error is not None and coder.failed_code.startswith("layers.RepeatVector")


def test_probe_outside_the_turn_is_refused():
    request = training.request_for_lesson("vanilla")
    assert not TRAINING_QUEUE.holding()
    with pytest.raises(RuntimeError):
        inside.probe_job("vanilla", request.X, request.y, 4, (False,), 1)


@pytest.mark.parametrize("variant, x_shape, y_shape", [
    ("vanilla", (3, 1), (1,)), ("stacked", (3, 3), (3,)), ("bidirectional", (3, 1), (1,)),
    ("cnn_lstm", (2, 2, 1), (1,)), ("conv_lstm", (2, 1, 3, 2), (1,)), ("encoder_decoder", (3, 2), (2, 2)),
])
def test_recurrent_output_shapes_are_keras_own(variant, x_shape, y_shape):
    units = 6
    rows = engine.inspect_model(lambda: models.build_model(variant, x_shape, y_shape, units), models.layer_rows)
    out = inside.recurrent_output(variant, x_shape, y_shape, units)
    assert rows[out.position]["output_shape"] == out.shape
    assert out.shape[-1] == out.width and len(out.names) == len(out.shape)
    assert x_shape[0] not in out.shape[1:] or variant == "conv_lstm"  # never the timesteps
    if out.sequences is not None:
        shapes = [row["output_shape"] for row in rows]
        assert out.sequences[1] in shapes

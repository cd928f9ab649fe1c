"""lessons/inside: the NumPy cell, stepped, gives what Keras gives, on every recurrent variant.

Weights are set to random values (not the initial ones, whose biases are mostly zero and would hide
a mixed-up bias block), so a wrong gate order, a wrong direction or a wrong activation would show.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from lessons import engine, inside, memory
from lessons.engine.queue import TRAINING_QUEUE
from lessons.forecasting import models, training

ATOL, RTOL = 1e-5, 1e-5  # float32 Keras against float64 NumPy


def _outputs(build, seed: int = 3, samples: int = 4):
    """A seeded model with random weights, its input, every layer's Keras output and its records."""
    import keras

    rng = np.random.default_rng(seed)
    with TRAINING_QUEUE.turn():
        model = engine.build_seeded(build, seed)
        model.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()])
        X = rng.normal(0, 1.0, (samples,) + tuple(model.inputs[0].shape[1:])).astype("float32")
        probe = keras.Model(model.inputs, [layer.output for layer in model.layers])
        predicted = probe.predict(X, verbose=0)
        outputs = [np.asarray(o) for o in (predicted if isinstance(predicted, list) else [predicted])]
        records = inside.layer_records(model)
    return X, outputs, records


def _same(numpy_value, keras_value):
    np.testing.assert_allclose(numpy_value, keras_value, atol=ATOL, rtol=RTOL)


SHAPES = {  # per-sample X and y shapes for each variant (small, but with more than one feature)
    "vanilla": ((3, 2), (1,)),
    "stacked": ((4, 1), (2,)),
    "bidirectional": ((3, 2), (1,)),
    "cnn_lstm": ((2, 4, 1), (1,)),
    "conv_lstm": ((2, 1, 3, 2), (1,)),
    "encoder_decoder": ((3, 1), (2, 1)),
}


@pytest.mark.parametrize("variant", list(SHAPES))
def test_every_layer_of_every_variant_matches_keras(variant):
    x_shape, y_shape = SHAPES[variant]
    X, outputs, records = _outputs(lambda: models.build_model(variant, x_shape, y_shape, 5))
    for s in range(len(X)):
        run = inside.run_model(records, X[s])
        assert len(run.outputs) == len(outputs)
        for mine, theirs in zip(run.outputs, outputs):
            _same(mine, theirs[s])


def test_a_single_lstm_last_h_and_every_step_match_keras():
    import keras
    from keras import layers

    def build():
        return keras.Sequential([keras.Input((5, 3)), layers.LSTM(6, return_sequences=True), layers.LSTM(4)])

    X, (sequence, last), records = _outputs(build)
    for s in range(len(X)):
        run = inside.run_model(records, X[s])
        first, second = run.recurrent
        _same(first.directions[0][1].h, sequence[s])  # every step's h: return_sequences=True
        _same(second.directions[0][1].h[-1], last[s])  # layer 2 reads layer 1's h sequence
        assert second.directions[0][1].x.shape == (5, 6)
        assert "h at every step" in second.reads


def test_stacked_lesson_layer_two_reads_layer_ones_h_sequence():
    X, outputs, records = _outputs(lambda: models.build_model("stacked", (3, 1), (1,), 7))
    run = inside.run_model(records, X[0])
    one, two = run.recurrent
    _same(two.directions[0][1].x, one.directions[0][1].h)
    _same(one.directions[0][1].h, outputs[0][0])
    _same(two.directions[0][1].h[-1], outputs[1][0])


@pytest.mark.parametrize("return_sequences", [False, True])
def test_bidirectional_both_directions_match_keras(return_sequences):
    import keras
    from keras import layers

    units = 5

    def build():
        return keras.Sequential([keras.Input((4, 2)), layers.Bidirectional(
            layers.LSTM(units, activation="relu", return_sequences=return_sequences))])

    X, (merged,), records = _outputs(build)
    for s in range(len(X)):
        (name_a, ahead), (name_b, back) = inside.run_model(records, X[s]).recurrent[0].directions
        assert (name_a, name_b) == ("forward", "backward")
        assert ahead.timesteps == (0, 1, 2, 3) and back.timesteps == (3, 2, 1, 0)
        _same(back.x, X[s][::-1])  # the backward layer reads the window reversed
        if return_sequences:
            _same(ahead.h, merged[s][:, :units])
            _same(back.sequence(), merged[s][:, units:])  # Keras flips it back into time order
        else:
            _same(ahead.h[-1], merged[s][:units])
            _same(back.h[-1], merged[s][units:])  # the backward state after reading timestep 0


def test_cnn_lstm_lstm_reads_the_cnns_features():
    X, outputs, records = _outputs(lambda: models.build_model("cnn_lstm", (2, 4, 1), (1,), 5))
    for s in range(len(X)):
        run = inside.run_model(records, X[s])
        (lstm,) = run.recurrent
        _same(lstm.directions[0][1].x, outputs[2][s])  # Conv1D → MaxPooling1D → Flatten, per subsequence
        assert lstm.directions[0][1].x.shape == (2, models.CNN_FILTERS * 2)
        _same(lstm.directions[0][1].h[-1], outputs[3][s])


def test_conv_lstm_step_matches_keras_with_every_step_returned():
    import keras
    from keras import layers

    def build():
        return keras.Sequential([keras.Input((3, 1, 4, 2)),
                                 layers.ConvLSTM2D(3, (1, 2), activation="relu", return_sequences=True)])

    X, (sequence,), records = _outputs(build)
    for s in range(len(X)):
        trace = inside.run_model(records, X[s]).recurrent[0].directions[0][1]
        _same(trace.h, sequence[s].reshape(3, -1))


def test_gate_blocks_follow_keras_order():
    """Only the forget block's bias starts at 1 (unit_forget_bias): where Keras puts f."""
    import keras
    from keras import layers

    with TRAINING_QUEUE.turn():
        model = engine.build_seeded(lambda: keras.Sequential([keras.Input((2, 1)), layers.LSTM(3)]), 0)
        (record,) = inside.layer_records(model)
    weights = inside.lstm_weights(record)
    for gate in inside.GATE_ORDER:
        expected = 1.0 if gate == "f" else 0.0
        np.testing.assert_array_equal(weights.block(weights.bias, gate), expected)


@pytest.mark.slow
def test_forecasting_result_carries_the_trained_weights_and_the_cache_keeps_them():
    training.clear_result_cache()
    request = training.request_for_lesson("bidirectional", epochs=3)
    result = training.train(request)
    assert result.layers and result.layers[0].kind == "Bidirectional(LSTM)"
    assert all(isinstance(a, np.ndarray) and not a.flags.writeable for r in result.layers for a in r.arrays)
    run = inside.run_model(result.layers, request.test_input[0])
    np.testing.assert_allclose(run.output, result.prediction[0], rtol=1e-4, atol=1e-4)
    sent = pickle.loads(pickle.dumps(result))  # a job may run in another process
    assert sent.layers[0].kind == "Bidirectional(LSTM)"
    assert not any(a.flags.writeable for r in sent.layers for a in r.arrays)
    again = training.train(request)
    assert again.from_cache and len(again.layers) == len(result.layers)
    for mine, theirs in zip(again.layers, result.layers):
        assert mine.kind == theirs.kind
        for a, b in zip(mine.arrays, theirs.arrays):
            np.testing.assert_array_equal(a, b)


@pytest.fixture(scope="module")
def memory_runs():
    return {kind: memory.train(kind, epochs=3) for kind in (memory.STATEFUL, memory.STATELESS)}


@pytest.mark.slow
def test_memory_stateful_lstm_matches_the_states_keras_kept(memory_runs):
    run = memory_runs[memory.STATEFUL]
    (record, _) = run.layers
    assert record.kind == "LSTM" and record.setting("stateful") is True
    weights = inside.lstm_weights(record)
    for k, sequence in enumerate(run.sequences):
        X, _ = memory.stateful_arrays(sequence, memory.DEFAULT_ALPHABET)
        trace = inside.run_lstm(weights, X[:, 0, :])
        _same(trace.h, run.hidden_states[k])
        _same(trace.c, run.cell_states[k])


@pytest.mark.slow
def test_memory_stateless_lstm_matches_keras_at_every_step(memory_runs):
    run = memory_runs[memory.STATELESS]
    X, _ = memory.stateless_arrays(run.sequences, memory.DEFAULT_ALPHABET)
    for k in range(len(X)):
        np.testing.assert_allclose(inside.run_model(run.layers, X[k]).output, run.probabilities[k],
                                   atol=ATOL, rtol=RTOL)


def test_memory_keeper_names_the_unit_whose_c_stays_apart():
    rng = np.random.default_rng(0)
    shape = (4, 6)

    def trace(c):
        zeros = np.zeros(shape)
        return inside.CellTrace(np.zeros((4, 2)), zeros, zeros, zeros, zeros, c, zeros, zeros, zeros, (0, 1, 2, 3))

    a_c, b_c = rng.normal(0, 0.01, shape), rng.normal(0, 0.01, shape)
    a_c[:, 4], b_c[:, 4] = 0.9, -0.6  # unit 4 keeps them apart at every step
    a_c[:, 1], b_c[:, 1] = 0.5, -0.5  # so does unit 1, a little less
    b_c[0, 2] = a_c[0, 2] + 5.0  # unit 2 is far apart once only
    keeper = inside.memory_keeper(trace(a_c), trace(b_c))
    assert keeper.units == (4, 1)
    assert keeper.smallest_gap == pytest.approx(1.5)
    assert keeper.runner_up_gap < 0.1  # unit 2 and the rest come close at some step
    np.testing.assert_array_equal(keeper.c_a[:, 4], 0.9)

"""The debugger on the messages the installed libraries raise for mistakes learners make.

Each case makes one mistake on purpose (in a tiny Keras 3 model, a scikit-learn scaler, or NumPy
calls around the windows), catches the real error (never a copy of one), and checks that the
debugger names the part that is wrong, its axis and the kind of fix, and that its fix runs.
"""

from __future__ import annotations

import re
import traceback

import numpy as np
import pytest

from lessons import debugger as D

keras = pytest.importorskip("keras")
pd = pytest.importorskip("pandas")
layers = keras.layers


def zeros(*shape: int) -> np.ndarray:
    return np.zeros(shape, dtype="float32")


def sequential(shape: tuple, *stack, loss: str = "mse") -> keras.Sequential:
    model = keras.Sequential([keras.Input(shape=shape), *stack])
    model.compile(optimizer="adam", loss=loss)
    return model


def fit(model: keras.Sequential, X, y) -> None:
    model.fit(X, y, epochs=1, batch_size=8, verbose=0)


def raised_by(call) -> str:
    """The message `call` raises, as a learner copies it: "ValueError: …"."""
    with pytest.raises(Exception) as raised:
        call()
    return f"{type(raised.value).__name__}: {raised.value}"


def _stateful() -> keras.Sequential:
    """The memory lesson's model: a stateful LSTM built for batches of one sample."""
    model = keras.Sequential([keras.Input(shape=(1, 5), batch_size=1), layers.LSTM(4, stateful=True), layers.Dense(5)])
    model.compile(optimizer="adam", loss="mse")
    return model


def _two_heads() -> keras.Model:
    """A multi-headed model: one Conv1D head per series."""
    heads = [keras.Input(shape=(3, 1)) for _ in range(2)]
    joined = layers.Concatenate()([layers.Flatten()(layers.Conv1D(4, 2)(head)) for head in heads])
    model = keras.Model(heads, layers.Dense(1)(joined))
    model.compile(optimizer="adam", loss="mse")
    return model


def _functional_one_input() -> keras.Model:
    inputs = keras.Input(shape=(3, 1))
    return keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))


def _two_outputs(loss="mse") -> keras.Model:
    """One LSTM, two outputs: a Dense for each of two targets."""
    inputs = keras.Input(shape=(3, 1))
    hidden = layers.LSTM(4)(inputs)
    model = keras.Model(inputs, [layers.Dense(1)(hidden), layers.Dense(1)(hidden)])
    model.compile(optimizer="adam", loss=loss)
    return model


def _branches(merge, steps: tuple, sequences: tuple, units: tuple = (8, 8)) -> keras.Model:
    """A two-branch model: an LSTM on each input, joined by `merge`."""
    inputs = [keras.Input(shape=(n, 1)) for n in steps]
    ends = [layers.LSTM(u, return_sequences=s)(i) for i, u, s in zip(inputs, units, sequences)]
    return keras.Model(inputs, merge()(ends))


def _cnn_lstm() -> keras.Sequential:
    """The tutorials' CNN-LSTM: each window read as 2 subsequences of 10 steps."""
    return sequential((2, 10, 1), layers.TimeDistributed(layers.Conv1D(4, 2)), layers.TimeDistributed(layers.Flatten()),
                      layers.LSTM(4), layers.Dense(1))


def _encoder_decoder(steps_out: int) -> keras.Sequential:
    return sequential((10, 1), layers.LSTM(4), layers.RepeatVector(steps_out), layers.LSTM(4, return_sequences=True),
                      layers.TimeDistributed(layers.Dense(1)))


def _dense_on_map(loss: str) -> keras.Sequential:
    """A picture classifier that forgot its Flatten: the Dense runs on every row and column of the map."""
    return sequential((9, 9, 1), layers.Conv2D(4, 3), layers.Dense(2, activation="softmax"), loss=loss)


def _classifier(loss: str, metrics: list | None = None) -> keras.Sequential:
    model = sequential((10, 1), layers.LSTM(4), layers.Dense(3, activation="softmax"), loss=loss)
    if metrics:
        model.compile(optimizer="adam", loss=loss, metrics=metrics)
    return model


def _trained_on_8_steps() -> keras.Sequential:
    """A forecaster trained on windows of 8 steps, whose Dense reads the LSTM's steps flattened."""
    model = sequential((8, 1), layers.LSTM(3, return_sequences=True), layers.Flatten(), layers.Dense(1))
    fit(model, zeros(8, 8, 1), zeros(8, 1))
    return model


# (what goes wrong, the call that makes the mistake, (culprit, axis, fix kind) the debugger must say)
MISTAKES = [
    ("input_shape=X.shape: the samples inside the declaration",
     lambda: sequential((40, 10, 1), layers.LSTM(4), layers.Dense(1)), ("declared", "samples", "input_shape")),
    ("stacked LSTMs, the first without return_sequences",
     lambda: sequential((10, 1), layers.LSTM(4), layers.LSTM(4), layers.Dense(1)),
     ("layer", "timesteps", "return_sequences")),
    ("one window of 10 values passed alone to predict",
     lambda: sequential((10, 1), layers.LSTM(4), layers.Dense(1)).predict(zeros(10), verbose=0),
     ("X", "samples", "reshape")),
    ("a Conv1D kernel longer than the windows",
     lambda: sequential((2, 1), layers.Conv1D(4, 3)), ("layer", "timesteps", "kernel")),
    ("two poolings halve 4 timesteps to nothing",
     lambda: sequential((4, 1), layers.Conv1D(4, 3), layers.MaxPooling1D(2), layers.MaxPooling1D(2)),
     ("layer", "timesteps", "kernel")),
    ("a CNN-LSTM's subsequences without TimeDistributed",
     lambda: sequential((5, 3, 1), layers.Conv1D(4, 3)), ("X", "subsequences", "reshape")),
    ("integer labels with categorical cross-entropy",
     lambda: fit(_classifier("categorical_crossentropy"), zeros(16, 10, 1), zeros(16)), ("y", "classes", "labels")),
    ("one-hot labels with a sparse loss",
     lambda: fit(_classifier("sparse_categorical_crossentropy"), zeros(16, 10, 1), zeros(16, 3)),
     ("y", "classes", "labels")),
    ("one-hot labels of 4 classes, a softmax of 3",
     lambda: fit(_classifier("categorical_crossentropy"), zeros(16, 10, 1), zeros(16, 4)),
     ("output", "classes", "output_units")),
    ("X and y of different lengths",
     lambda: fit(sequential((10, 1), layers.LSTM(4), layers.Dense(1)), zeros(16, 10, 1), zeros(13, 1)),
     ("samples", "samples", "match_samples")),
    ("a list of sequences of different lengths",
     lambda: fit(sequential((None, 1), layers.LSTM(4), layers.Dense(1)), [zeros(3, 1), zeros(4, 1)], zeros(2, 1)),
     ("data", "samples", "pad")),
    ("a column of text in X",
     lambda: fit(sequential((3, 1), layers.LSTM(4), layers.Dense(1)), np.array([["1", "2", "x"]] * 4)[..., None],
                 zeros(4, 1)),
     ("data", None, "dtype")),
    ("an encoder LSTM that hands on every step to RepeatVector",
     lambda: sequential((10, 1), layers.LSTM(4, return_sequences=True), layers.RepeatVector(2)),
     ("layer", "timesteps", "return_sequences")),
    ("stacked Bidirectional LSTMs, the first without return_sequences",
     lambda: sequential((10, 1), layers.Bidirectional(layers.LSTM(4)), layers.Bidirectional(layers.LSTM(4))),
     ("layer", "timesteps", "return_sequences")),
    ("a Reshape layer asked for more values than it gets",
     lambda: sequential((10, 1), layers.Reshape((3, 4))), ("layer", None, "divisible")),
    ("token ids past the Embedding's input_dim",
     lambda: fit(sequential((10,), layers.Embedding(5, 4), layers.LSTM(4), layers.Dense(1)), np.full((16, 10), 9),
                 zeros(16, 1)),
     ("declared", None, "input_shape")),
    ("a stateful LSTM built for batches of 1, asked to predict 2 at once",
     lambda: _stateful().predict(zeros(2, 1, 5), batch_size=2, verbose=0), ("declared", "samples", "input_shape")),
    ("the tutorials' predict_classes", lambda: _stateful().predict_classes(zeros(1, 1, 5)), ("output", "classes", "labels")),
    ("the tutorials' model.reset_states", lambda: _stateful().reset_states(), ("layer", None, "input_shape")),
    ("keras.Input(shape=3)", lambda: sequential(3, layers.Dense(1)), ("declared", None, "input_shape")),
    ("a two-output model given one y",
     lambda: fit(_two_outputs(), zeros(7, 3, 1), zeros(7, 2)), ("y", "outputs", "reshape")),
    ("a Python list of windows given to a one-input model",
     lambda: _functional_one_input().predict([zeros(3, 1) for _ in range(4)], verbose=0), ("data", None, "dtype")),
    ("TimeDistributed(Dense) after an LSTM that hands on its last output only",
     lambda: sequential((10, 1), layers.LSTM(4), layers.TimeDistributed(layers.Dense(1))),
     ("layer", "timesteps", "return_sequences")),
    ("a size left open written -1", lambda: keras.Input(shape=(-1, 3)), ("declared", "timesteps", "input_shape")),
    ("a Reshape layer's -1 that cannot divide", lambda: sequential((10, 1), layers.Reshape((-1, 4))),
     ("layer", None, "divisible")),
    ("a two-headed model given one array",
     lambda: fit(_two_heads(), zeros(7, 3, 2), zeros(7, 1)), ("X", "features", "reshape")),
    ("y with 3 values per sample, a Dense(2)",
     lambda: fit(sequential((10, 1), layers.LSTM(4), layers.Dense(2)), zeros(16, 10, 1), zeros(16, 3)),
     ("output", "outputs", "output_units")),
    ("two branches joined, one LSTM with return_sequences", lambda: _branches(layers.Concatenate, (10, 10), (True, False)),
     ("layer", "timesteps", "return_sequences")),
    ("two branches of windows of other lengths joined", lambda: _branches(layers.Concatenate, (10, 5), (True, True)),
     ("layer", "timesteps", "return_sequences")),
    ("two branches of other widths added", lambda: _branches(layers.Add, (10, 10), (False, False), units=(8, 4)),
     ("layer", "features", "output_units")),
    ("the features left open", lambda: sequential((None, None), layers.LSTM(4)), ("declared", "features", "input_shape")),
    ("a CNN-LSTM given whole windows", lambda: fit(_cnn_lstm(), zeros(4, 20, 1), zeros(4)), ("X", "subsequences", "reshape")),
    ("an encoder-decoder of 3 steps, y of 2", lambda: fit(_encoder_decoder(3), zeros(8, 10, 1), zeros(8, 2, 1)),
     ("output", "timesteps", "output_units")),
    ("a CNN-LSTM declared without subsequences", lambda: sequential((10, 1), layers.TimeDistributed(layers.Conv1D(8, 2))),
     ("X", "subsequences", "reshape")),
    ("a stateful LSTM without a batch size", lambda: fit(sequential((5, 1), layers.LSTM(4, stateful=True), layers.Dense(1)),
                                                        zeros(8, 5, 1), zeros(8)), ("declared", "samples", "input_shape")),
    ("a 3x3 ConvLSTM2D kernel on frames of 1 row", lambda: sequential((2, 1, 5, 1), layers.ConvLSTM2D(8, (3, 3))),
     ("layer", "rows", "kernel")),
    ("a two-output model with two losses given one y", lambda: _two_outputs(["mse", "mse"]).fit(zeros(8, 3, 1), zeros(8), verbose=0),
     ("y", "outputs", "reshape")),
    ("a class per timestep, an LSTM that hands on its last step",
     lambda: fit(sequential((5, 1), layers.LSTM(4), layers.Dense(3, activation="softmax"), loss="sparse_categorical_crossentropy"),
                 zeros(8, 5, 1), zeros(8, 5)), ("output", "timesteps", "return_sequences")),
    ("the tutorials' TimeseriesGenerator", lambda: __import__("keras.preprocessing.sequence", fromlist=["x"]).TimeseriesGenerator,
     ("data", "timesteps", "windows")),
    ("a Dense on a Conv2D map, one-hot y", lambda: fit(_dense_on_map("categorical_crossentropy"), zeros(8, 9, 9, 1),
                                                      zeros(8, 2)), ("layer", None, "return_sequences")),
    ("a Dense on a Conv2D map, class numbers", lambda: fit(_dense_on_map("sparse_categorical_crossentropy"),
                                                           zeros(8, 9, 9, 1), zeros(8)), ("layer", None, "return_sequences")),
    ("EEG epochs (samples, channels, time) into a Conv1D that reads channels last",
     lambda: fit(sequential((40, 3), layers.Conv1D(4, 5), layers.LSTM(4), layers.Dense(1)), zeros(8, 3, 40), zeros(8)),
     ("X", "timesteps", "swap_axes")),
    ("the last window as a Python list, given to predict",
     lambda: sequential((6, 2), layers.LSTM(4), layers.Dense(1)).predict(zeros(6, 2).tolist(), verbose=0),
     ("X", "samples", "dtype")),
    ("Precision on class numbers against a softmax of 3",
     lambda: fit(_classifier("sparse_categorical_crossentropy", [keras.metrics.Precision()]), zeros(16, 10, 1), zeros(16)),
     ("y", "classes", "labels")),
    ("AUC on class numbers against a softmax of 3",
     lambda: fit(_classifier("sparse_categorical_crossentropy", [keras.metrics.AUC()]), zeros(16, 10, 1), zeros(16)),
     ("y", "classes", "labels")),
    ("a trained model given longer windows than it learnt (a Flatten after the LSTM)",
     lambda: _trained_on_8_steps().predict(zeros(1, 12, 1), verbose=0), ("X", "timesteps", "windows")),
    ("return_sequences=True and Dense(1) before y of 2 steps ahead, of 3 in X",
     lambda: fit(sequential((3, 1), layers.LSTM(4, return_sequences=True), layers.Dense(1)), zeros(8, 3, 1), zeros(8, 2)),
     ("output", "timesteps", "return_sequences")),
]


MISTAKES_BY_NAME = {name: make for name, make, _ in MISTAKES}


@pytest.mark.parametrize("mistake, make, reading", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_the_debugger_names_the_mistake_behind_a_real_keras_3_message(mistake, make, reading):
    message = raised_by(make)
    diagnosis = D.diagnose_message(message).diagnosis
    assert diagnosis is not None, message
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == reading, (message, diagnosis.title)


@pytest.mark.parametrize("shape, stack", [
    ((2, 1), lambda window: [window]),  # a Conv1D kernel of 3 on 2 timesteps
    ((4, 1), lambda window: [layers.Conv1D(4, 3), layers.MaxPooling1D(2), window]),  # the second pooling gets 1 step
], ids=["kernel", "pooling"])
def test_each_layer_fix_builds_where_the_window_did_not_fit(shape, stack):
    too_long = layers.Conv1D(4, 3) if shape == (2, 1) else layers.MaxPooling1D(2)
    blocks = re.split(r"\n\n(?=#)", D.diagnose_message(raised_by(lambda: sequential(shape, *stack(too_long)))).diagnosis.fix_code)
    assert len(blocks) == 2  # a window that fits; padding="same"
    for block in blocks:  # each builds on the timesteps the model has
        layer: dict = {"layers": layers}
        exec(compile("layer = [\n" + block.split("\n", 1)[1] + "\n][0]", "<fix>", "exec"), layer)  # our own snippet
        sequential(shape, *stack(layer["layer"]))


@pytest.mark.parametrize("merge, steps, sequences, units", [
    (layers.Concatenate, (10, 10), (True, False), (8, 8)),
    (layers.Concatenate, (10, 5), (True, True), (8, 8)),
    (layers.Add, (10, 10), (False, False), (8, 4)),
], ids=["one-with-sequences", "other-lengths", "other-widths"])
def test_the_joined_branches_fix_builds_on_the_same_inputs(merge, steps, sequences, units):
    fix = D.diagnose_message(raised_by(lambda: _branches(merge, steps, sequences, units))).diagnosis.fix_code
    inputs = [keras.Input(shape=(n, 1)) for n in steps]
    namespace = {"layers": layers, "first_input": inputs[0], "second_input": inputs[1]}
    exec(compile(fix, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    model = keras.Model(inputs, namespace["joined"])
    assert model.predict([zeros(2, n, 1) for n in steps], verbose=0).shape[0] == 2


def test_the_features_left_open_become_x_features():
    fix = D.diagnose_message(raised_by(lambda: sequential((None, None), layers.LSTM(4)))).diagnosis.fix_code
    namespace = {"keras": keras, "X": zeros(6, 7, 3)}
    exec(compile("inputs = " + fix, "<fix>", "exec"), namespace)
    model = keras.Model(namespace["inputs"], layers.LSTM(4)(namespace["inputs"]))
    assert model.predict(namespace["X"], verbose=0).shape == (6, 4)


@pytest.mark.parametrize("loss, y", [("categorical_crossentropy", zeros(8, 2)), ("sparse_categorical_crossentropy", zeros(8))])
def test_the_map_is_pooled_before_the_last_dense(loss, y):
    fix = D.diagnose_message(raised_by(lambda: fit(_dense_on_map(loss), zeros(8, 9, 9, 1), y))).diagnosis.fix_code
    stack: dict = {"layers": layers}
    exec(compile(f"stack = [\n{fix}\n]", "<fix>", "exec"), stack)
    fit(sequential((9, 9, 1), layers.Conv2D(4, 3), *stack["stack"], loss=loss), zeros(8, 9, 9, 1), y)


def test_whole_windows_are_cut_into_the_subsequences_a_cnn_lstm_reads():
    fix = D.diagnose_message(raised_by(lambda: fit(_cnn_lstm(), zeros(4, 20, 1), zeros(4)))).diagnosis.fix_code
    X = np.arange(80, dtype="float32").reshape((4, 20, 1))
    namespace = {"np": np, "X": X}
    exec(compile(fix, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    assert namespace["X"].shape == (4, 2, 10, 1)
    np.testing.assert_array_equal(namespace["X"].reshape((4, 20, 1)), X)  # the same values, in order
    fit(_cnn_lstm(), namespace["X"], zeros(4))


def test_the_decoder_is_given_as_many_steps_as_y_has():
    fix = D.diagnose_message(raised_by(lambda: fit(_encoder_decoder(3), zeros(8, 10, 1), zeros(8, 2, 1)))).diagnosis.fix_code
    stack: dict = {"layers": layers}
    exec(compile(f"stack = [\n{fix}\n]", "<fix>", "exec"), stack)  # our own snippet, never learner input
    fit(_encoder_decoder(stack["stack"][0].n), zeros(8, 10, 1), zeros(8, 2, 1))


@pytest.mark.parametrize("data", [pd.DataFrame({"a": np.arange(6.0), "b": np.arange(6.0)}), pd.Series(np.arange(6.0)),
                                  [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]], ids=["DataFrame", "Series", "list"])
def test_a_table_or_a_list_becomes_an_array_that_reshapes(data):
    diagnosis = D.diagnose_message(raised_by(lambda: data.reshape((-1, 3, 1)))).diagnosis
    assert (diagnosis.culprit, diagnosis.fix_kind) == ("data", "dtype")
    namespace = {"np": np, "X": data}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert namespace["X"].reshape((-1, 3, 1)).dtype == np.float32


def test_windows_and_targets_of_other_lengths_for_train_test_split():
    model_selection = pytest.importorskip("sklearn.model_selection")
    series = np.arange(100.0)
    X = np.lib.stride_tricks.sliding_window_view(series, 3)  # 98 windows, the last one without a next value
    y = series[3:]  # 97 targets: the value after each window that has one
    diagnosis = D.diagnose_message(raised_by(lambda: model_selection.train_test_split(X, y))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("samples", "samples", "match_samples")
    assert "in the order they were passed" in diagnosis.cause  # scikit-learn names no X and y
    namespace = {"np": np, "X": X, "y": y, "series": series, "n_steps": 3}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["X"][:, -1] + 1, namespace["y"])  # each window with the value after it
    model_selection.train_test_split(namespace["X"], namespace["y"])


def test_tensorflow_s_matmul_message_names_the_features():
    tf = pytest.importorskip("tensorflow")
    message = raised_by(lambda: tf.matmul(tf.zeros((32, 10)), tf.zeros((1, 200))))  # an LSTM kernel of 1 feature
    assert "Matrix size-incompatible" in message
    diagnosis = D.diagnose_message(message).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("declared", "features", "input_shape")
    swapped = diagnosis.readings[1]  # 10 values per step against 1: or one window laid across the features
    assert (swapped.culprit, swapped.fix_kind) == ("X", "swap_axes")
    reshape = swapped.fix_code
    namespace = {"np": np, "X": zeros(32, 1, 10)}
    exec(compile(reshape, "<fix>", "exec"), namespace)
    assert namespace["X"].shape == (32, 10, 1)


def test_both_fixes_for_subsequences_fed_to_a_conv1d_build():
    with pytest.raises(ValueError) as raised:
        sequential((5, 3, 1), layers.Conv1D(4, 3))
    joined, wrapped = D.diagnose_message(str(raised.value)).diagnosis.fix_code.split("\n\n# or ")
    namespace = {"X": zeros(6, 5, 3, 1), "np": np}
    exec(compile(joined, "<fix>", "exec"), namespace)
    assert namespace["X"].shape == (6, 15, 1)
    sequential(namespace["X"].shape[1:], layers.Conv1D(4, 3))  # one sequence of 15 timesteps per sample
    stack: dict = {"layers": layers}
    exec(compile("stack = [\n" + wrapped.split("\n", 1)[1] + "\n]", "<fix>", "exec"), stack)
    model = sequential((5, 3, 1), *stack["stack"], layers.Dense(1))
    assert model.predict(zeros(2, 5, 3, 1), verbose=0).shape == (2, 1)


def test_the_reshape_and_embedding_fixes_build_for_the_same_data():
    with pytest.raises(ValueError) as raised:
        sequential((10, 1), layers.Reshape((3, 4)))
    line = D.diagnose_message(str(raised.value)).diagnosis.fix_code
    stack: dict = {"layers": layers}
    exec(compile(f"stack = [\n{line}\n]", "<fix>", "exec"), stack)  # our own snippet, never learner input
    sequential((10, 1), *stack["stack"], layers.LSTM(4))
    X = np.full((16, 10), 9)
    with pytest.raises(Exception) as raised:
        fit(sequential((10,), layers.Embedding(5, 4), layers.LSTM(4), layers.Dense(1)), X, zeros(16, 1))
    code = D.diagnose_message(f"{type(raised.value).__name__}: {raised.value}").diagnosis.fix_code
    namespace = {"X": X, "layers": layers}
    exec(compile(code, "<fix>", "exec"), namespace)
    fit(sequential((10,), namespace["embedding"], layers.LSTM(4), layers.Dense(1)), X, zeros(16, 1))


def _statements_and_layers(block: str, namespace: dict) -> list:
    """Run a fix block's statements, and build the layers it lists (lines starting `keras.` or `layers.`)."""
    lines = block.splitlines()
    is_layer = [line.startswith(("keras.", "layers.")) for line in lines]
    statements = "\n".join(line for line, layer in zip(lines, is_layer) if not layer)
    exec(compile(statements, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    stack = "\n".join(line for line, layer in zip(lines, is_layer) if layer)
    exec(compile(f"stack = [\n{stack}\n]", "<fix>", "exec"), namespace)
    return namespace["stack"]


def test_an_embedding_declared_with_a_features_axis_is_given_ids_or_taken_out():
    def build():
        return sequential((6, 20), layers.Embedding(20, 8), layers.LSTM(4), layers.Dense(1))

    diagnosis = D.diagnose_message(raised_by(build)).diagnosis
    embedding = next(d for d in diagnosis.readings if d.answer == "An Embedding")
    assert (embedding.culprit, embedding.fix_kind) == ("declared", "input_shape")
    one_hot, vectors = re.split(r"\n\n(?=#)", embedding.fix_code)
    X = np.eye(20, dtype="float32")[np.random.default_rng(0).integers(0, 20, size=(16, 6))]  # one-hot rows of ids
    namespace = {"X": X, "keras": keras, "layers": layers}
    stack = _statements_and_layers(one_hot, namespace)
    assert namespace["X"].shape == (16, 6) and (namespace["X"] == X.argmax(-1)).all()
    fit(sequential(stack[0].shape[1:], *stack[1:], layers.LSTM(4), layers.Dense(1)), namespace["X"], zeros(16, 1))
    stack = _statements_and_layers(vectors, {"keras": keras, "layers": layers})
    fit(sequential(stack[0].shape[1:], *stack[1:], layers.Dense(1)), X, zeros(16, 1))  # one-hot rows read as features


def test_the_last_window_given_as_a_list_is_predicted_once_made_an_array():
    model = sequential((6, 2), layers.LSTM(4), layers.Dense(1))
    window = np.arange(12, dtype="float32").reshape((6, 2)).tolist()
    listed = D.diagnose_message(raised_by(lambda: model.predict(window, verbose=0))).diagnosis
    namespace = {"np": np, "X": window}
    exec(compile(listed.fix_code.split("\n\n")[0], "<fix>", "exec"), namespace)  # our own snippet
    assert model.predict(namespace["X"], verbose=0).shape == (1, 1)  # one window, one prediction


def test_a_flatten_before_the_lstm_is_one_answer_and_its_fix_builds():
    message = raised_by(lambda: sequential((64, 3), layers.Conv1D(8, 5), layers.MaxPooling1D(2), layers.Flatten(),
                                           layers.LSTM(4), layers.Dense(1)))
    diagnosis = D.diagnose_message(message).diagnosis  # built (no batch size): the rows may be a layer's output
    # the first LSTM of a session is "lstm" (X's rows, or a Flatten, are asked about); a later one "lstm_3" (the
    # layer below is): either way a Flatten is one answer
    flattened = next(d for d in diagnosis.readings if "Flatten" in d.answer and d.fix_kind == "return_sequences")
    assert (flattened.culprit, flattened.fix_kind) == ("layer", "return_sequences")
    after_conv1d, per_frame = re.split(r"\n\n(?=#)", flattened.fix_code)
    assert "Flatten" not in "".join(line for line in after_conv1d.splitlines() if not line.startswith("#"))
    fit(sequential((64, 3), *_statements_and_layers(after_conv1d, {"keras": keras, "layers": layers})),
        zeros(8, 64, 3), zeros(8, 1))
    # frames of pictures, (samples, frames, rows, columns, channels): Conv2D and Flatten run on each frame
    fit(sequential((4, 8, 8, 1), *_statements_and_layers(per_frame, {"keras": keras, "layers": layers})),
        zeros(8, 4, 8, 8, 1), zeros(8, 1))


@pytest.mark.parametrize("loss", ["binary_crossentropy", "mse"])
def test_a_value_per_input_step_that_the_loss_squeezed_is_read_as_timesteps_and_its_fix_trains(loss):
    """Keras drops the last axis of 1 of (samples, 3, 1) before the loss: it meets y (samples, 2) as (samples, 3).
    The mean squared error's op names the squeeze; the cross-entropy's message does not, so the page asks."""
    def model():
        return sequential((3, 1), layers.LSTM(4, return_sequences=True), layers.Dense(1, activation="sigmoid"), loss=loss)

    X, y = zeros(8, 3, 1), zeros(8, 2)
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model(), X, y))).diagnosis
    per_step = next(d for d in diagnosis.readings if d.fix_kind == "return_sequences")
    assert (per_step.culprit, per_step.axis) == ("output", "timesteps")
    assert len(diagnosis.readings) == (1 if loss == "mse" else 2)
    if loss != "mse":
        assert diagnosis.question == "What does the model end with?" and per_step.answer.startswith("Dense(1)")
    stack = _statements_and_layers(per_step.fix_code, {"keras": keras, "layers": layers})
    fitted = sequential((3, 1), *stack, loss=loss)
    fit(fitted, X, y)
    assert fitted.output_shape == (None, 2)


@pytest.mark.parametrize("metric", ["Precision", "AUC"])
def test_both_fixes_for_a_confusion_metric_on_class_numbers_train(metric):
    X, y = zeros(16, 10, 1), np.arange(16) % 3
    make = MISTAKES_BY_NAME[f"{metric} on class numbers against a softmax of 3"]
    diagnosis = D.diagnose_message(raised_by(make)).diagnosis
    for block in re.split(r"\n\n(?=#)", diagnosis.fix_code):
        namespace = {"np": np, "keras": keras, "y": y, "model": _classifier("sparse_categorical_crossentropy",
                                                                          [getattr(keras.metrics, metric)()])}
        exec(compile(block, "<fix>", "exec"), namespace)  # our own snippet, never learner input
        fit(namespace["model"], X, namespace["y"])


@pytest.mark.parametrize("before", [(layers.LSTM(3, return_sequences=True),), (layers.Conv1D(2, 5),)])
def test_a_trained_model_is_given_windows_of_the_length_it_learnt(before):
    model = sequential((10, 1), *before, layers.Flatten(), layers.Dense(1))  # a Conv1D takes 4 steps off: not in proportion
    fit(model, zeros(8, 10, 1), zeros(8, 1))
    diagnosis = D.diagnose_message(raised_by(lambda: model.predict(zeros(1, 12, 1), verbose=0))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("X", "timesteps", "windows")
    namespace = {"np": np, "X": zeros(1, 12, 1), "model": model}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet
    assert model.predict(namespace["X"], verbose=0).shape == (1, 1)


def test_a_model_trained_on_windows_of_another_length_is_redeclared():
    during_training = D.diagnose_message(raised_by(lambda: fit(_trained_on_8_steps(), zeros(8, 12, 1), zeros(8, 1))))
    assert during_training.diagnosis.culprit == "declared"  # training a new model: its declaration is what changes


def test_sequences_of_token_ids_given_as_a_list_are_padded_for_the_embedding():
    sentences = [[4, 12, 7], [3, 9], [15, 2, 8, 1, 6], [5]]
    embedded = sequential((None,), layers.Embedding(16, 4, mask_zero=True), layers.LSTM(4), layers.Dense(1))
    diagnosis = D.diagnose_message(raised_by(lambda: fit(embedded, sentences, zeros(4, 1)))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "timesteps", "pad")
    assert "4 sequences of different lengths (3, 2, 5, 1)" in diagnosis.cause
    ids, values = re.split(r"\n\n(?=#)", diagnosis.fix_code)
    namespace = {"np": np, "keras": keras, "X": sentences}
    exec(compile(ids, "<fix>", "exec"), namespace)  # our own snippet
    assert namespace["X"].shape == (4, 5)
    fit(embedded, namespace["X"], zeros(4, 1))
    namespace = {"np": np, "keras": keras, "X": sentences}
    exec(compile(values, "<fix>", "exec"), namespace)
    fit(sequential((None, 1), layers.Masking(), layers.LSTM(4), layers.Dense(1)), namespace["X"], zeros(4, 1))


def test_class_names_as_y_are_one_answer_and_numbered():
    model = sequential((5, 1), layers.LSTM(3), layers.Dense(2, activation="softmax"), loss="sparse_categorical_crossentropy")
    y = np.array(["up", "down"] * 6)
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model, zeros(12, 5, 1), y))).diagnosis
    assert diagnosis.question == "Which array holds the text?"
    names = next(d for d in diagnosis.readings if d.answer.startswith("y:"))
    assert (names.culprit, names.axis, names.fix_kind) == ("y", "classes", "labels")
    namespace = {"np": np, "y": y}
    exec(compile(names.fix_code, "<fix>", "exec"), namespace)  # our own snippet
    fit(model, zeros(12, 5, 1), namespace["y"])


def test_a_binary_classifier_that_keeps_its_steps_is_one_answer_and_its_fix_trains():
    def model():
        return sequential((10, 1), layers.LSTM(4, return_sequences=True), layers.Dense(1, activation="sigmoid"),
                          loss="binary_crossentropy")

    X, y = zeros(8, 10, 1), zeros(8, 1)
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model(), X, y))).diagnosis
    per_step = next(d for d in diagnosis.readings if d.answer.startswith("Dense(1)"))
    assert (per_step.culprit, per_step.axis, per_step.fix_kind) == ("output", "timesteps", "return_sequences")
    fit(sequential((10, 1), *_statements_and_layers(per_step.fix_code, {"keras": keras, "layers": layers}),
                   loss="binary_crossentropy"), X, y)


def test_a_conv1d_classifier_without_a_flatten_is_given_one():
    def conv(*head):
        return sequential((16, 2), layers.Conv1D(4, 3), layers.MaxPooling1D(2), *head, loss="categorical_crossentropy")

    X, y = zeros(8, 16, 2), np.eye(3, dtype="float32")[np.arange(8) % 3]
    diagnosis = D.diagnose_message(raised_by(lambda: fit(conv(layers.Dense(3, activation="softmax")), X, y))).diagnosis
    assert diagnosis.fix_kind == "return_sequences" and diagnosis.axis == "timesteps"
    flatten = re.split(r"\n\n(?=#)", diagnosis.fix_code)[-1]
    fit(conv(*_statements_and_layers(flatten, {"keras": keras, "layers": layers})), X, y)


def test_the_keras_3_ways_for_the_tutorials_removed_calls_run():
    model = _stateful()
    X = np.random.default_rng(0).uniform(size=(3, 1, 5)).astype("float32")
    moved = []
    for make in (lambda: model.predict(X, batch_size=3, verbose=0), lambda: model.reset_states()):
        with pytest.raises(Exception) as raised:
            make()
        code = D.diagnose_message(f"{type(raised.value).__name__}: {raised.value}").diagnosis.fix_code
        exec(compile(code, "<fix>", "exec"), {"np": np, "model": model, "X": X})  # our own snippet, never learner input
        moved.append(bool(np.any(keras.ops.convert_to_numpy(model.layers[0].states[0]))))
    assert moved == [True, False]  # the predictions, one sample per batch, moved the states; the reset zeroed them
    classifier = _classifier("sparse_categorical_crossentropy")
    with pytest.raises(AttributeError) as raised:
        classifier.predict_classes(zeros(4, 10, 1))
    code = D.diagnose_message(f"AttributeError: {raised.value}").diagnosis.fix_code
    namespace = {"np": np, "model": classifier, "X": zeros(4, 10, 1)}
    exec(compile(code, "<fix>", "exec"), namespace)
    assert namespace["classes"].shape == (4,) and set(namespace["classes"]) <= {0, 1, 2}
    code = D.diagnose_message(raised_by(lambda: fit(_two_heads(), zeros(7, 3, 2), zeros(7, 1)))).diagnosis.fix_code
    namespace = {"np": np, "X": zeros(7, 3, 2)}
    exec(compile(code, "<fix>", "exec"), namespace)
    fit(_two_heads(), namespace["X"], zeros(7, 1))
    outputs = _two_outputs()
    with pytest.raises(KeyError) as raised:
        fit(outputs, zeros(7, 3, 1), zeros(7, 2))
    code = D.diagnose_message(f"KeyError: {raised.value}").diagnosis.fix_code
    namespace = {"np": np, "model": outputs, "y": zeros(7, 2)}
    exec(compile(code, "<fix>", "exec"), namespace)
    fit(_two_outputs(), zeros(7, 3, 1), namespace["y"])  # (a fresh model: the failed fit left the first one half-built)


def test_text_features_are_dropped_and_the_numbers_kept_in_a_table_or_in_windows():
    code = D.diagnose_message(raised_by(lambda: fit(sequential((3, 1), layers.LSTM(4), layers.Dense(1)),
                                                    np.array([["1", "2", "x"]] * 4)[..., None], zeros(4, 1)))).diagnosis.fix_code
    table = np.array([["1.5", "2", "May"], ["3", "4", "June"]])
    namespace = {"X": table, "np": np}
    exec(compile(code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    np.testing.assert_array_equal(namespace["X"], np.array([[1.5, 2.0], [3.0, 4.0]], dtype="float32"))
    windows = np.stack([table, table, table])  # (3 windows, 2 timesteps, 3 features): the third feature is text
    namespace = {"X": windows, "np": np}
    exec(compile(code, "<fix>", "exec"), namespace)
    assert namespace["X"].shape == (3, 2, 2) and namespace["X"][0, 1, 0] == 3.0


# --- Scaling: the scikit-learn scalers learners put before and after the LSTM ----------------------

def test_windows_given_to_a_scaler_are_scaled_row_by_row_and_keep_their_shape():
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    windows = np.arange(2 * 3 * 2, dtype="float32").reshape((2, 3, 2))
    diagnosis = D.diagnose_message(raised_by(lambda: preprocessing.MinMaxScaler().fit_transform(windows))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "timesteps", "reshape")
    namespace = {"X": windows, "np": np}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    X = namespace["X"]
    assert X.shape == windows.shape and X.min() == 0 and X.max() == 1
    np.testing.assert_allclose(X[..., 0].ravel(), np.linspace(0, 1, 6), rtol=1e-6)  # feature 0 over every timestep


@pytest.mark.parametrize("series", [np.arange(10.0), pd.Series(np.arange(10.0))], ids=["array", "pandas"])
def test_a_series_given_to_a_scaler_becomes_one_column(series):
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    diagnosis = D.diagnose_message(raised_by(lambda: preprocessing.MinMaxScaler().fit_transform(series))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "features", "reshape")
    namespace = {"series": series, "np": np}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert namespace["series"].shape == (10, 1) and namespace["series"].max() == 1


@pytest.mark.parametrize("scaler_kind", ["MinMaxScaler", "StandardScaler"])
@pytest.mark.parametrize("columns", [1, 3])  # NumPy words the two differently: non-broadcastable / could not broadcast
def test_predictions_undone_by_a_scaler_of_all_columns_come_back_in_real_units(scaler_kind, columns):
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    train = np.random.default_rng(0).uniform(0, 100, size=(50, 5))  # 5 features; the model predicts column 3
    scaler = getattr(preprocessing, scaler_kind)().fit(train)
    predictions = scaler.transform(train)[:7, 3:3 + columns]  # what a model trained on scaled data gives back
    message = raised_by(lambda: scaler.inverse_transform(predictions))
    diagnosis = D.diagnose_message(message).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "features", "reshape"), message
    assert "inverse_transform" in diagnosis.cause and "fitted on 5 columns" in diagnosis.cause
    if columns == 1:
        own_kind, table_way = re.split(r"\n\n(?=#)", diagnosis.fix_code)
        for block in (own_kind, table_way) if scaler_kind == "MinMaxScaler" else (table_way,):  # (the first fits a MinMaxScaler)
            namespace = {"np": np, "train": train, "target_column": 3, "scaler": scaler, "predictions": predictions}
            exec(compile(block, "<fix>", "exec"), namespace)
            np.testing.assert_allclose(namespace["predictions"], train[:7, [3]], rtol=1e-6)


def test_transform_given_other_columns_gets_a_scaler_per_role():
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    train = np.random.default_rng(0).uniform(0, 100, size=(50, 5))
    scaler = preprocessing.MinMaxScaler().fit(train)
    diagnosis = D.diagnose_message(raised_by(lambda: scaler.transform(train[:, [3]]))).diagnosis
    assert "transform now gets 1 column" in diagnosis.cause and "inverse" not in diagnosis.title
    namespace = {"np": np, "train": train, "table": train[:7], "input_columns": [0, 1, 2, 4], "target_column": 3}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    inputs = train[:, [0, 1, 2, 4]]
    np.testing.assert_allclose(namespace["scaled"], (inputs[:7] - inputs.min(axis=0)) / np.ptp(inputs, axis=0), rtol=1e-6)


def test_a_model_other_than_a_scaler_is_given_one_row_per_window():
    linear_model = pytest.importorskip("sklearn.linear_model")
    windows = np.arange(4 * 3 * 2, dtype="float32").reshape((4, 3, 2))
    diagnosis = D.diagnose_message(raised_by(lambda: linear_model.LinearRegression().fit(windows, np.zeros(4)))).diagnosis
    assert diagnosis.title.startswith("LinearRegression reads one row per sample")
    namespace = {"np": np, "X": windows}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    linear_model.LinearRegression().fit(namespace["X"], np.zeros(4))


# --- NumPy around the windows: joining predictions to the table, scoring them, cutting windows -----

NUMPY_MISTAKES = [
    ("predictions beside the 3D windows", lambda: np.concatenate((zeros(5, 1), zeros(5, 3, 2)), axis=1),
     ("data", "timesteps", "reshape")),
    ("predictions beside a table with more rows", lambda: np.concatenate((zeros(5, 1), zeros(8, 2)), axis=1),
     ("samples", "samples", "match_samples")),
    ("rows stacked with other columns", lambda: np.vstack([zeros(3, 1), zeros(4, 2)]), ("data", "features", "reshape")),
    ("windows of other lengths stacked", lambda: np.stack([zeros(3, 1), zeros(4, 1)]), ("data", "timesteps", "pad")),
    ("a window longer than the series", lambda: np.lib.stride_tricks.sliding_window_view(zeros(5), 10),
     ("data", "timesteps", "windows")),
    ("a reshape with two -1", lambda: zeros(100).reshape((-1, -1, 1)), ("data", None, "reshape")),
    ("predictions minus a longer y", lambda: zeros(5, 1) - zeros(8, 1), ("samples", "samples", "match_samples")),
    ("3-step predictions minus 2-step y", lambda: zeros(5, 3) - zeros(5, 2), ("output", "outputs", "output_units")),
    ("a prediction (10, 1) put into a row of 10", lambda: _assign(zeros(4, 10), zeros(10, 1)), ("data", "features", "reshape")),
    ("2D windows indexed as 3D", lambda: zeros(6, 10)[:, :, 0], ("data", "features", "reshape")),
    ("a 1D y indexed as a column", lambda: zeros(6)[:, 0], ("data", "features", "reshape")),
    ("3D windows given to pandas", lambda: pd.DataFrame(zeros(6, 10, 2)), ("data", "timesteps", "reshape")),
    ("predictions of windows as a column of the table", lambda: _column(pd.DataFrame({"a": np.arange(10.0)}), zeros(7, 1)),
     ("samples", "samples", "match_samples")),
    ("a 3-step forecast as one column", lambda: pd.DataFrame({"a": np.arange(8.0)}).assign(p=lambda _: zeros(8, 3)),
     ("data", "outputs", "reshape")),
    ("predictions (n, 1) as a Series", lambda: pd.Series(zeros(8, 1)), ("data", "features", "reshape")),
    ("a DataFrame indexed like an array", lambda: pd.DataFrame({"a": np.arange(4.0), "b": np.arange(4.0)})[:, 1],
     ("data", None, "dtype")),
    ("a window loop one step too long", lambda: _window_loop(np.arange(30.0), 3, extra=1), ("data", "samples", "windows")),
    ("windows of a table without axis=0", lambda: np.lib.stride_tricks.sliding_window_view(zeros(20, 3), 5),
     ("data", "timesteps", "windows")),
    ("one-step predictions scored against 3-step targets", lambda: _score(zeros(8, 3), zeros(8, 1)),
     ("output", "outputs", "output_units")),
    ("a year of hours cut into days, one hour over (NumPy prints no -1)",
     lambda: np.zeros(8761).reshape(-1, 24, 1), ("data", "timesteps", "windows")),
]


def _window_loop(series: np.ndarray, n_steps: int, extra: int = 0) -> tuple:
    X, y = [], []
    for i in range(len(series) - n_steps + extra):
        X.append(series[i : i + n_steps])
        y.append(series[i + n_steps])
    return np.array(X), np.array(y)


def _score(y: np.ndarray, predictions: np.ndarray) -> float:
    metrics = pytest.importorskip("sklearn.metrics")
    return metrics.mean_squared_error(y, predictions)


def _assign(results: np.ndarray, value: np.ndarray) -> None:
    results[0] = value


def _column(table, predictions: np.ndarray) -> None:
    table["prediction"] = predictions[:, 0]


@pytest.mark.parametrize("mistake, make, reading", NUMPY_MISTAKES, ids=[m[0] for m in NUMPY_MISTAKES])
def test_the_debugger_names_the_mistake_behind_a_real_numpy_message(mistake, make, reading):
    diagnosis = D.diagnose_message(raised_by(make)).diagnosis
    assert diagnosis is not None and (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == reading, diagnosis


def test_predictions_beside_the_windows_become_one_row_per_sample():
    diagnosis = D.diagnose_message(raised_by(NUMPY_MISTAKES[0][1])).diagnosis
    X = np.arange(5 * 3 * 2, dtype="float32").reshape((5, 3, 2))
    namespace = {"np": np, "X": X, "predictions": np.full((5, 1), -1.0)}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    np.testing.assert_array_equal(namespace["table"], np.column_stack((np.full(5, -1.0), X[:, -1, 1])))


def test_rows_of_predictions_and_table_are_lined_up_from_the_end():
    diagnosis = D.diagnose_message(raised_by(NUMPY_MISTAKES[1][1])).diagnosis
    table = np.arange(16, dtype="float32").reshape((8, 2))
    namespace = {"np": np, "table": table, "predictions": np.ones(5)}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["joined"], np.column_stack((np.ones(5), table[3:])))


def test_scoring_keeps_one_target_per_prediction():
    diagnosis = D.diagnose_message(raised_by(NUMPY_MISTAKES[6][1])).diagnosis
    namespace = {"np": np, "predictions": np.arange(5.0).reshape((5, 1)), "y": np.arange(8.0)}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["error"], np.arange(5.0) - np.arange(3.0, 8.0))


def test_a_1d_array_beside_a_table_gets_a_columns_axis():
    diagnosis = D.diagnose_message(raised_by(lambda: np.hstack((zeros(5), zeros(5, 2))))).diagnosis
    namespace = {"np": np, "column": np.arange(5.0), "table": zeros(5, 2)}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert namespace["joined"].shape == (5, 3)


def test_a_window_that_fits_the_series_and_sizes_that_name_every_axis_but_one():
    window = D.diagnose_message(raised_by(NUMPY_MISTAKES[4][1])).diagnosis
    namespace = {"np": np, "series": np.arange(5.0), "n_steps": 10}
    exec(compile(window.fix_code, "<fix>", "exec"), namespace)
    assert namespace["windows"].shape == (1, 4)  # 4 steps and the value after them fit in 5 values
    unknown = D.diagnose_message(raised_by(NUMPY_MISTAKES[5][1])).diagnosis
    namespace = {"np": np, "X": np.arange(99.0)}
    exec(compile(unknown.fix_code, "<fix>", "exec"), namespace)
    assert namespace["X"].shape == (33, 3, 1)


def test_a_swapped_window_keras_3_runs_into_the_cell_gets_both_readings():
    # Keras 3 does not check the timesteps: (samples, 1, 10) reaches the LSTM cell as 10 features
    def model() -> keras.Sequential:
        return sequential((10, 1), layers.LSTM(4), layers.Dense(1))

    X = np.arange(16 * 10, dtype="float32").reshape((16, 1, 10))
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model(), X, zeros(16, 1)))).diagnosis
    assert (diagnosis.axis, diagnosis.culprit) == ("features", "declared") and len(diagnosis.readings) == 2
    across = diagnosis.readings[1]  # or one window of a single series laid across the features axis
    assert (across.culprit, across.fix_kind) == ("X", "swap_axes") and "laid out as (1, 10)" in across.cause
    assert all("X[..., :1]" not in d.fix_code for d in diagnosis.readings)  # keeping 1 of 10 values fixes nothing
    swap = across.fix_code
    namespace = {"np": np, "X": X}
    exec(compile(swap, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    np.testing.assert_array_equal(namespace["X"][:, :, 0], X[:, 0, :])  # the same values, down the timesteps
    fit(model(), namespace["X"], zeros(16, 1))


def test_the_value_is_reshaped_to_its_place():
    value = zeros(10, 1)
    diagnosis = D.diagnose_message(raised_by(lambda: _assign(zeros(4, 10), value))).diagnosis
    assert [(c.yours, c.expected, c.wrong) for c in diagnosis.cells] == [("10", "10", False), ("1", "—", True)]
    values = np.arange(10.0).reshape(value.shape)
    namespace = {"np": np, "value": values, "pieces": [values, values]}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    results = zeros(4, 10)
    results[0] = namespace["value"]
    np.testing.assert_array_equal(results[0], np.arange(10.0))


def test_2d_windows_get_their_features_axis_before_the_3d_index():
    diagnosis = D.diagnose_message(raised_by(lambda: zeros(6, 10)[:, :, 0])).diagnosis
    X = np.arange(60.0).reshape((6, 10))
    namespace = {"np": np, "X": X}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["X"][:, :, 0], X)


def test_windows_become_one_row_per_sample_in_a_data_frame():
    diagnosis = D.diagnose_message(raised_by(lambda: pd.DataFrame(zeros(6, 10, 2)))).diagnosis
    values = np.arange(120.0).reshape((6, 10, 2))
    namespace = {"np": np, "pd": pd, "values": values}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    np.testing.assert_array_equal(namespace["table"].to_numpy(), values.reshape((6, 20)))
    last_step = diagnosis.fix_code.rsplit("\n", 1)[1].removeprefix("# ")  # the commented alternative
    exec(compile(last_step, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["table"].to_numpy(), values[:, -1, :])


def test_each_prediction_goes_in_the_row_it_predicts():
    table = pd.DataFrame({"a": np.arange(10.0)})
    diagnosis = D.diagnose_message(raised_by(lambda: _column(table, zeros(7, 1)))).diagnosis
    predictions = np.arange(7.0).reshape((7, 1)) + 100
    namespace = {"np": np, "df": table, "predictions": predictions}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    column = namespace["df"]["prediction"].to_numpy()
    assert np.isnan(column[:3]).all()
    np.testing.assert_array_equal(column[3:], np.arange(7.0) + 100)


def test_a_window_loop_that_ran_past_the_end_stops_at_the_last_target():
    diagnosis = D.diagnose_message(raised_by(lambda: _window_loop(np.arange(30.0), 3, extra=1))).diagnosis
    assert "position 30 of an array of 30" in diagnosis.cause
    namespace = {"np": np, "series": np.arange(30.0), "n_steps": 3}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    X, y = _window_loop(np.arange(30.0), 3)  # the same loop, stopped in time
    np.testing.assert_array_equal(namespace["X"], X)
    np.testing.assert_array_equal(namespace["y"], y)


def test_windows_of_a_table_slide_along_its_rows():
    table = np.arange(60.0).reshape((20, 3))
    fix = D.diagnose_message(raised_by(lambda: np.lib.stride_tricks.sliding_window_view(table, 5))).diagnosis.fix_code
    namespace = {"np": np, "table": table}
    exec(compile(fix, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["X"][1], table[1:4])  # window 1: rows 1, 2, 3, features last
    np.testing.assert_array_equal(namespace["y"][1], table[4])  # and the row after it


def test_the_windows_timeseries_generator_made_are_cut_with_numpy():
    fix = D.diagnose_message(raised_by(MISTAKES_BY_NAME["the tutorials' TimeseriesGenerator"])).diagnosis.fix_code
    namespace = {"np": np, "series": np.arange(30.0)}
    exec(compile(fix, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["X"][0, :, 0], [0.0, 1.0, 2.0])
    assert namespace["X"].shape == (27, 3, 1) and namespace["y"][0, 0] == 3.0 and namespace["y"][-1, 0] == 29.0


def test_a_stateful_lstm_is_built_for_its_batch():
    fix = D.diagnose_message(raised_by(MISTAKES_BY_NAME["a stateful LSTM without a batch size"])).diagnosis.fix_code
    namespace = {"keras": keras}
    exec(compile("inputs = " + fix, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    model = keras.Model(namespace["inputs"], layers.Dense(1)(layers.LSTM(4, stateful=True)(namespace["inputs"])))
    model.compile(optimizer="adam", loss="mse")
    model.fit(zeros(8, 5, 1), zeros(8), batch_size=1, shuffle=False, epochs=1, verbose=0)


@pytest.mark.parametrize("frame", [(1, 5, 1), (2, 5, 1), (5, 2, 1)], ids=["1-row", "2-rows", "2-columns"])
def test_the_kernel_that_fits_the_frames_builds(frame):
    def model(**arguments) -> keras.Sequential:
        return sequential((2,) + frame, layers.ConvLSTM2D(8, **{"kernel_size": (3, 3), **arguments}))

    diagnosis = D.diagnose_message(raised_by(model)).diagnosis
    assert (diagnosis.culprit, diagnosis.fix_kind) == ("layer", "kernel")
    short = min(frame[:2])
    assert f"at most {short}" in diagnosis.cause
    kernel = re.search(r"kernel_size=(\(\d+, \d+\))", diagnosis.fix_code).group(1)
    model(kernel_size=tuple(int(k) for k in kernel.strip("()").split(", ")))  # builds
    assert 'padding="same"' in diagnosis.fix_code
    model(padding="same")


def test_a_cnn_lstm_declared_without_subsequences_gets_them():
    fix = D.diagnose_message(raised_by(MISTAKES_BY_NAME["a CNN-LSTM declared without subsequences"])).diagnosis.fix_code
    namespace = {"np": np, "X": np.arange(40.0).reshape((4, 10, 1))}
    exec(compile(fix, "<fix>", "exec"), namespace)
    assert namespace["X"].shape == (4, 2, 5, 1)
    model = sequential((2, 5, 1), layers.TimeDistributed(layers.Conv1D(8, 2)), layers.TimeDistributed(layers.Flatten()),
                       layers.LSTM(4), layers.Dense(1))
    fit(model, namespace["X"], zeros(4))


def test_a_class_per_timestep_gets_an_output_per_timestep():
    fix = D.diagnose_message(raised_by(MISTAKES_BY_NAME["a class per timestep, an LSTM that hands on its last step"])
                             ).diagnosis.fix_code
    stack: dict = {"layers": layers}
    exec(compile(f"stack = [\n{fix}\n]", "<fix>", "exec"), stack)
    fit(sequential((5, 1), *stack["stack"], loss="sparse_categorical_crossentropy"), zeros(8, 5, 1), zeros(8, 5))


@pytest.mark.parametrize("mistake, shape", [("a 3-step forecast as one column", (8, 3)), ("predictions (n, 1) as a Series", (8, 1))])
def test_predictions_become_columns_of_one_value_per_row(mistake, shape):
    make = next(m[1] for m in NUMPY_MISTAKES if m[0] == mistake)
    fix = D.diagnose_message(raised_by(make)).diagnosis.fix_code
    predictions = np.arange(float(np.prod(shape))).reshape(shape)
    namespace = {"np": np, "pd": pd, "predictions": predictions}
    exec(compile(fix, "<fix>", "exec"), namespace)
    if shape[1] > 1:
        np.testing.assert_array_equal(namespace["table"].to_numpy(), predictions)
        assert list(namespace["table"].columns) == ["t+1", "t+2", "t+3"]
    else:
        pd.Series(namespace["predictions"])  # 1D now


def test_a_data_frame_indexed_like_an_array_is_indexed_as_one():
    frame = pd.DataFrame({"a": np.arange(4.0), "b": np.arange(4.0) + 10})
    fix = D.diagnose_message(raised_by(lambda: frame[:, 1])).diagnosis.fix_code
    namespace = {"np": np, "X": frame}
    exec(compile(fix, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["X"][:, 1], frame["b"].to_numpy())


def test_concatenate_along_the_timesteps_of_branches_of_other_widths_is_joined_side_by_side():
    inputs = keras.Input(shape=(10, 1))
    first, second = layers.LSTM(8, return_sequences=True)(inputs), layers.LSTM(4, return_sequences=True)(inputs)
    diagnosis = D.diagnose_message(raised_by(lambda: layers.Concatenate(axis=1)([first, second]))).diagnosis
    assert "value by value" not in diagnosis.cause and "Add" not in diagnosis.fix_code
    namespace = {"layers": layers, "first": first, "second": second}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert tuple(namespace["joined"].shape) == (None, 10, 12)


def test_a_sequence_output_of_other_steps_without_a_repeat_vector_is_not_called_a_decoder():
    model = sequential((10, 1), layers.LSTM(4, return_sequences=True), layers.TimeDistributed(layers.Dense(1)))
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model, zeros(8, 10, 1), zeros(8, 2, 1)))).diagnosis
    assert "Without a RepeatVector, the output has X's timesteps" in diagnosis.cause


def test_a_regression_y_of_three_steps_against_a_1d_output_is_not_taken_for_one_hot():
    message = ("ValueError: Dimensions must be equal, but are 3 and 32 for '{{node mean_squared_error/sub}} = "
               "Sub[T=DT_FLOAT](sequential/dense/BiasAdd, IteratorGetNext:1)' with input shapes: [32], [32,3].")
    diagnosis = D.diagnose_message(message).diagnosis
    assert diagnosis is not None and "argmax" not in diagnosis.fix_code


@pytest.mark.parametrize("message", [
    "ValueError: Found input variables with inconsistent numbers of samples: [0, 5]",
    "ValueError: Found input variables with inconsistent numbers of samples: [0, 0]",
    "ValueError: Shapes used to initialize variables must be fully-defined (no `None` dimensions). "
    "Received: shape=(None, 16) for variable path='kernel'",
    "ValueError: Shapes used to initialize variables must be fully-defined (no `None` dimensions). "
    "Received: shape=(None, 16) for variable path='my_cell/kernel'",
    "IndexError: index -31 is out of bounds for axis 0 with size 30",
    "IndexError: index 3 is out of bounds for axis 0 with size 0",
    "ValueError: could not broadcast input array from shape (10,1,1) into shape (10,)",
    "ValueError: could not broadcast input array from shape (1,10) into shape (10,1)",
    "ValueError: Inputs have incompatible shapes. Received shapes (0,) and (4,)",
    "ValueError: A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. "
    "Received: input_shape=[(None, 8), (None, 8), (None, 3, 8)]",
    "ValueError: y_true and y_pred have different number of output (0!=1)",
    "ValueError: Expected a 1D array, got an array with shape (8, 5, 1)",
    "ValueError: Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive "
    "and start from 1. Received dims=()",
    "ValueError: Shape of passed values is (0, 6), indices imply (0, 1)",
    "InvalidArgumentError: Cannot batch tensors with different shapes in component 0. First element had shape [] and "
    "element 7 had shape [3,2].",
    "ValueError: Layer \"dense\" expects 1 input(s), but it received 3 input tensors. Inputs received: []",
    "ValueError: Missing data for input \"x\". You passed a data dictionary with keys []. Expected the following keys: []",
    "ValueError: Shape of sample (0,) of sequence at position 0 is different from expected shape (0,)",
])
def test_odd_sizes_in_the_new_messages_never_raise(message):
    result = D.diagnose_message(message)
    assert result.diagnosis is not None or result.problem



# --- Practitioners' models: encoder-decoders, tf.data, named inputs, attention, weights -----------

def _encoder(units: int = 8):
    """Two inputs and an encoder LSTM that hands on its states."""
    encoder_inputs, decoder_inputs = keras.Input(shape=(10, 1)), keras.Input(shape=(5, 1))
    return encoder_inputs, decoder_inputs, layers.LSTM(units, return_state=True)(encoder_inputs)


def _states_mistake(kind: str):
    encoder_inputs, decoder_inputs, (output, h, c) = _encoder(16)
    if kind == "into dense":
        return lambda: layers.Dense(1)(layers.LSTM(8, return_state=True)(encoder_inputs))
    if kind == "only h":
        return lambda: keras.Model([encoder_inputs, decoder_inputs], layers.LSTM(16)(decoder_inputs, initial_state=[h])
                                   ).predict([zeros(2, 10, 1), zeros(2, 5, 1)], verbose=0)
    return lambda: keras.Model([encoder_inputs, decoder_inputs], layers.LSTM(32)(decoder_inputs, initial_state=[h, c])
                               ).predict([zeros(2, 10, 1), zeros(2, 5, 1)], verbose=0)


@pytest.mark.parametrize("kind, reading", [
    ("into dense", ("layer", None, "return_sequences")),
    ("only h", ("layer", None, "output_units")),
    ("other units", ("layer", None, "output_units")),
])
def test_an_encoder_s_states_handed_on_wrongly_are_named_and_the_fix_builds(kind, reading):
    diagnosis = D.diagnose_message(raised_by(_states_mistake(kind))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == reading, diagnosis.title
    for block in re.split(r"\n\n(?=#)", diagnosis.fix_code):
        namespace = {"layers": layers, "inputs": keras.Input(shape=(10, 1)),
                     "encoder_inputs": keras.Input(shape=(10, 1)), "decoder_inputs": keras.Input(shape=(5, 1))}
        exec(compile(block, "<fix>", "exec"), namespace)  # our own snippet, never learner input
        ends = [namespace[k] for k in ("decoder_out", "hidden") if k in namespace]
        assert ends and all(end.shape[0] is None for end in ends)


def test_a_dataset_given_y_as_well_is_fitted_on_its_own_targets():
    series = np.arange(40.0, dtype="float32")
    dataset = keras.utils.timeseries_dataset_from_array(series.reshape((-1, 1)), None, sequence_length=3)
    model = sequential((3, 1), layers.LSTM(4), layers.Dense(1))
    diagnosis = D.diagnose_message(raised_by(lambda: model.fit(dataset, zeros(38), verbose=0))).diagnosis
    assert (diagnosis.culprit, diagnosis.fix_kind) == ("data", "labels")
    namespace = {"keras": keras, "series": series, "n_steps": 3}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    window, target = next(iter(namespace["dataset"]))
    assert tuple(window.shape[1:]) == (3, 1) and float(target[0]) == 3.0  # the value after the window
    model.fit(namespace["dataset"], epochs=1, verbose=0)


def test_a_dataset_batched_twice_is_batched_once():
    tf = pytest.importorskip("tensorflow")
    dataset = keras.utils.timeseries_dataset_from_array(zeros(34, 2), zeros(34), sequence_length=3, batch_size=4).batch(2)
    model = sequential((3, 2), layers.LSTM(4), layers.Dense(1))
    diagnosis = D.diagnose_message(raised_by(lambda: model.fit(dataset, verbose=0))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "samples", "reshape"), diagnosis.title
    namespace = {"dataset": dataset}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert isinstance(namespace["dataset"], tf.data.Dataset)
    sequential((3, 2), layers.LSTM(4), layers.Dense(1)).fit(namespace["dataset"], verbose=0)


def test_windows_of_a_dataset_that_ran_out_are_dropped():
    tf = pytest.importorskip("tensorflow")
    series = tf.data.Dataset.from_tensor_slices(np.arange(20.0, dtype="float32").reshape((10, 2)))
    windows = series.window(4, shift=1).flat_map(lambda window: window.batch(4)).batch(8)
    diagnosis = D.diagnose_message(raised_by(lambda: list(windows))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "timesteps", "windows")
    namespace = {"dataset": series, "n_steps": 4}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert [tuple(w.shape) for w in namespace["windows"]] == [(4, 2)] * 7  # whole windows only


def test_named_inputs_read_the_dictionary_by_their_names():
    history = keras.Input(shape=(3, 1), name="history")
    model = keras.Model(history, layers.Dense(1)(layers.LSTM(4)(history)))
    diagnosis = D.diagnose_message(raised_by(lambda: model.predict({"hist": zeros(2, 3, 1)}, verbose=0))).diagnosis
    assert (diagnosis.culprit, diagnosis.fix_kind) == ("X", "input_shape") and '"history"' in diagnosis.fix_code
    namespace = {"keras": keras, "n_steps": 3, "n_features": 1}
    exec(compile("named = " + diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert namespace["named"].name == "history"


def test_permute_and_attention_fixes_build():
    permute = D.diagnose_message(raised_by(lambda: sequential((10, 3), layers.Permute((0, 2, 1))))).diagnosis
    assert (permute.culprit, permute.axis, permute.fix_kind) == ("layer", None, "swap_axes")
    stack: dict = {"layers": layers}
    exec(compile(f"stack = [\n{permute.fix_code}\n]", "<fix>", "exec"), stack)
    assert sequential((10, 3), *stack["stack"]).output_shape == (None, 3, 10)
    inputs = keras.Input(shape=(10, 3))
    attention = D.diagnose_message(raised_by(lambda: layers.Attention()(layers.LSTM(8, return_sequences=True)(inputs))))
    namespace = {"layers": layers, "inputs": inputs}
    exec(compile(attention.diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert tuple(namespace["attended"].shape) == (None, 10, 32)


def test_padded_sequences_keep_the_features_every_step_has():
    sequences = [np.ones((4, 3)), np.ones((2, 3)), np.ones((3, 2))]  # the third table has a column fewer
    diagnosis = D.diagnose_message(raised_by(lambda: keras.utils.pad_sequences(sequences, dtype="float32"))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "features", "pad")
    namespace = {"np": np, "sequences": sequences}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert keras.utils.pad_sequences(namespace["sequences"], dtype="float32").shape == (3, 4, 2)


def test_words_given_to_pad_sequences_get_token_ids():
    sequences = [["login", "view"], ["login"]]
    with pytest.raises(ValueError):
        try:
            keras.utils.pad_sequences(sequences)
        except ValueError:
            pasted = traceback.format_exc()  # the whole traceback, as a learner pastes it
            raise
    diagnosis = D.diagnose_message(pasted).diagnosis
    assert (diagnosis.culprit, diagnosis.fix_kind, diagnosis.title) == ("data", "dtype", "Words where token ids belong")
    namespace = {"keras": keras, "sequences": sequences}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["X"], [[1, 2], [0, 1]])


@pytest.mark.parametrize("batch_size", [32, 12], ids=["batch-unknown", "batch-known"])  # TensorFlow words them apart
def test_weights_per_timestep_become_one_per_sample(batch_size):
    model = sequential((10, 1), layers.LSTM(4), layers.Dense(1))
    weights = np.arange(120, dtype="float32").reshape((12, 10))
    diagnosis = D.diagnose_message(raised_by(lambda: model.fit(zeros(12, 10, 1), zeros(12), sample_weight=weights,
                                                               batch_size=batch_size, verbose=0))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "timesteps", "reshape")
    namespace = {"sample_weight": weights}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["sample_weight"], weights[:, -1])
    model = sequential((10, 1), layers.LSTM(4), layers.Dense(1))  # (a model whose fit failed is not fitted again)
    model.fit(zeros(12, 10, 1), zeros(12), sample_weight=namespace["sample_weight"], verbose=0)


def test_sensor_data_laid_out_features_first_is_asked_and_read_as_swapped_first():
    model = sequential((50, 3), layers.Conv1D(4, 3), layers.LSTM(4), layers.Dense(1))
    X = np.arange(4 * 3 * 50, dtype="float32").reshape((4, 3, 50))  # (samples, features, timesteps)
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model, X, zeros(4)))).diagnosis
    # the message cannot tell 50 features from swapped axes: both are offered, the swap first (time is the longer axis)
    assert [(d.culprit, d.fix_kind) for d in diagnosis.readings] == [("X", "swap_axes"), ("declared", "input_shape")]
    namespace = {"np": np, "X": X}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    np.testing.assert_array_equal(namespace["X"][:, :, 0], X[:, 0, :])
    fit(sequential((50, 3), layers.Conv1D(4, 3), layers.LSTM(4), layers.Dense(1)), namespace["X"], zeros(4))


def test_a_window_of_3_steps_of_2_features_into_a_model_of_3_features_is_not_called_swapped():
    model = sequential((3, 3), layers.Conv1D(4, 2), layers.LSTM(4), layers.Dense(1))
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model, zeros(4, 3, 2), zeros(4)))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("declared", "features", "input_shape")


@pytest.mark.parametrize("pictures", [(3, 12, 16), (1, 12, 16), (3, 5, 8, 8)], ids=["pictures", "grey", "frames"])
def test_channels_first_pictures_keep_their_rows_and_columns_in_order(pictures):
    channels_last = pictures[1:] + (pictures[0],)
    conv = layers.Conv2D(4, 3) if len(pictures) == 3 else layers.Conv3D(4, 3)
    model = sequential(channels_last, conv, layers.Flatten(), layers.Dense(1))
    X = np.arange(2 * int(np.prod(pictures)), dtype="float32").reshape((2,) + pictures)
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model, X, zeros(2)))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("X", "channels", "swap_axes")
    namespace = {"np": np, "X": X}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["X"], np.moveaxis(X, 1, -1))  # the channels last, the rest in order


@pytest.mark.parametrize("loss", ["mse", "categorical_crossentropy"])
def test_a_flat_forecast_of_several_targets_gets_y_s_shape(loss):
    y = np.eye(2, dtype="float32")[np.arange(48) % 2].reshape((8, 6, 2))  # one-hot per step (numbers for mse)
    model = sequential((10, 2), layers.LSTM(4), layers.Dense(12), loss=loss)
    diagnosis = D.diagnose_message(raised_by(lambda: fit(model, zeros(8, 10, 2), y))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("output", "outputs", "reshape")
    stack: dict = {"layers": layers}
    exec(compile(f"stack = [\n{diagnosis.fix_code}\n]", "<fix>", "exec"), stack)
    fixed = sequential((10, 2), layers.LSTM(4), *stack["stack"], loss=loss)
    fit(fixed, zeros(8, 10, 2), y)
    predicted = fixed.predict(zeros(2, 10, 2), verbose=0)
    assert predicted.shape == (2, 6, 2)
    if loss != "mse":  # the classes of each step add up to 1
        np.testing.assert_allclose(predicted.sum(axis=-1), 1.0, rtol=1e-5)


def test_a_forecast_of_several_steps_goes_against_its_dates_in_one_column():
    values, dates = np.arange(30.0).reshape((5, 6)), pd.date_range("2026-01-01", periods=30)
    diagnosis = D.diagnose_message(raised_by(lambda: pd.DataFrame(values, index=dates, columns=["forecast"]))).diagnosis
    assert (diagnosis.culprit, diagnosis.fix_kind) == ("data", "reshape")
    namespace = {"np": np, "pd": pd, "values": values, "dates": dates}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)
    np.testing.assert_array_equal(namespace["table"].iloc[:, 0].to_numpy(), np.arange(30.0))


@pytest.mark.parametrize("batch_size", [4, 32], ids=["last-batch-smaller", "larger-batch"])
def test_a_stateful_lstm_fed_another_batch_size_keeps_whole_batches_of_the_one_it_was_built_for(batch_size):
    def model() -> keras.Sequential:
        built = keras.Sequential([keras.Input(shape=(5, 1), batch_size=4), layers.LSTM(4, stateful=True), layers.Dense(1)])
        built.compile(optimizer="adam", loss="mse")
        return built

    X, y = np.arange(50, dtype="float32").reshape((10, 5, 1)), np.arange(10, dtype="float32").reshape((10, 1))
    diagnosis = D.diagnose_message(raised_by(lambda: model().fit(X, y, batch_size=batch_size, shuffle=False,
                                                                 verbose=0))).diagnosis
    assert diagnosis.axis == "samples"
    whole = diagnosis.fix_code.rsplit("\n", 1)[1].removeprefix("# ")  # the commented line for a stateful LSTM
    namespace = {"X": X, "y": y}
    exec(compile(whole, "<fix>", "exec"), namespace)
    model().fit(namespace["X"], namespace["y"], batch_size=4, shuffle=False, verbose=0)


def test_branches_given_to_one_layer_are_named_beside_the_states():
    inputs = keras.Input(shape=(10, 1))
    two = [layers.LSTM(8)(inputs), layers.LSTM(8)(inputs)]  # no recurrent layer hands on a list of 2 of these
    result = D.diagnose_message(raised_by(lambda: layers.Dense(1)(two)))
    assert result.diagnosis is None or "return_state" not in result.diagnosis.cause
    three = two + [layers.LSTM(8)(inputs)]  # the same shapes as an LSTM's [output, h, c]: both readings
    cause = D.diagnose_message(raised_by(lambda: layers.Dense(1)(three))).diagnosis.cause
    assert "return_state" in cause and "Concatenate" in cause


def test_a_bidirectional_encoder_s_four_states_are_joined_for_the_decoder():
    encoder_inputs, decoder_inputs = keras.Input(shape=(10, 1)), keras.Input(shape=(5, 1))
    _, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(8, return_state=True))(encoder_inputs)
    model = keras.Model([encoder_inputs, decoder_inputs], layers.LSTM(16)(decoder_inputs, initial_state=[fh, fc, bh, bc]))
    diagnosis = D.diagnose_message(raised_by(lambda: model.predict([zeros(2, 10, 1), zeros(2, 5, 1)], verbose=0))).diagnosis
    assert diagnosis is not None and "Bidirectional" in diagnosis.fix_code


def test_a_transposed_table_is_not_read_as_a_forecast_against_dates():
    diagnosis = D.diagnose_message(raised_by(lambda: pd.DataFrame(np.zeros((5, 6)), index=range(6),
                                                                  columns=list("abcde")))).diagnosis
    assert "transpose" in diagnosis.cause and "dates" not in diagnosis.fix_code

"""The code reader: a learner's model code read with `ast` (never run), rebuilt in Keras 3, fixed.

Reading is pure Python and fast; the rebuilds are small Keras jobs (zero arrays of 4 samples).
"""

from __future__ import annotations

import ast
import builtins
import os
import time
from pathlib import Path

import numpy as np
import pytest

from lessons import debugger as D
from lessons.core.parsing import InputError
from lessons.debugger import code_reader as C
from lessons.engine import run_job

SEQUENTIAL_ADD = """
from keras.models import Sequential
from keras.layers import LSTM, Dense

n_steps = 3
model = Sequential()
model.add(LSTM(50, activation='relu', input_shape=(n_steps, 1)))
model.add(LSTM(50))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
"""


def _names(read: C.ReadCode) -> list[str]:
    return [C.layer_code(layer) for layer in read.layers]


# --- Reading, every import style ------------------------------------------------------------

def test_sequential_with_add_and_a_variable_for_the_steps():
    read = D.read_code(SEQUENTIAL_ADD)
    assert read.input_shape == (3, 1) and read.input_line == 7 and read.loss == "mse"
    assert _names(read) == ["layers.LSTM(50, activation='relu')", "layers.LSTM(50)", "layers.Dense(1)"]
    assert [layer.line for layer in read.layers] == [7, 8, 9]
    assert read.notes == ()


@pytest.mark.parametrize("prefix", ["keras.layers.", "layers.", "", "tf.keras.layers.", "L."])
def test_every_import_style_reads_the_same_layers(prefix):
    code = (f"model = keras.Sequential([\n    {prefix}LSTM(16, return_sequences=True, input_shape=(5, 2)),\n"
            f"    {prefix}Dropout(0.2),\n    {prefix}Dense(4),\n])")
    read = D.read_code(code)
    assert read.input_shape == (5, 2)
    assert _names(read) == ["layers.LSTM(16, return_sequences=True)", "layers.Dropout(0.2)", "layers.Dense(4)"]


def test_functional_calls_and_a_layer_object_called_later():
    code = """
import keras
from keras import layers
inputs = keras.Input(shape=(10, 2))
lstm = layers.LSTM(16, return_sequences=True)
x = lstm(inputs)
x = layers.Bidirectional(layers.GRU(8))(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
"""
    read = D.read_code(code)
    assert read.input_shape == (10, 2) and read.input_line == 4
    assert _names(read) == ["layers.LSTM(16, return_sequences=True)", "layers.Bidirectional(layers.GRU(8))",
                            "layers.Dense(3, activation='softmax')"]
    assert read.loss == "sparse_categorical_crossentropy"


def test_all_the_layers_it_knows_with_their_key_arguments():
    code = """
model = Sequential()
model.add(TimeDistributed(Conv1D(filters=64, kernel_size=1, activation='relu'), input_shape=(None, 2, 1)))
model.add(TimeDistributed(MaxPooling1D(pool_size=2)))
model.add(TimeDistributed(Flatten()))
model.add(Masking(mask_value=0.0))
model.add(SimpleRNN(8))
model.add(RepeatVector(3))
model.add(Reshape((3, 8)))
model.add(ConvLSTM2D(4, (1, 2)))
"""
    read = D.read_code(code)
    assert read.input_shape == (None, 2, 1)
    assert _names(read) == [
        "layers.TimeDistributed(layers.Conv1D(64, 1, activation='relu'))",
        "layers.TimeDistributed(layers.MaxPooling1D(2))", "layers.TimeDistributed(layers.Flatten())",
        "layers.Masking(0.0)", "layers.SimpleRNN(8)", "layers.RepeatVector(3)",
        "layers.Reshape((3, 8))", "layers.ConvLSTM2D(4, (1, 2))",
    ]


def test_batch_input_shape_and_keras_input_batch_size_are_read():
    read = D.read_code("model = Sequential([LSTM(20, batch_input_shape=(1, 1, 5), stateful=True), Dense(5)])")
    assert read.layers[0].get("batch_input_shape") == (1, 1, 5)  # kept: Keras 3 must say what it does with it
    assert any("stateful" in note and "line 1" in note for note in read.notes)
    read = D.read_code("x = keras.Input(shape=(1, 5), batch_size=1)\ny = layers.LSTM(4)(x)\nm = keras.Model(x, y)")
    assert read.input_shape == (1, 5) and read.batch_size == 1


def test_x_shape_items_come_from_the_typed_shape_and_say_so():
    code = "model = Sequential([LSTM(8, input_shape=(X_train.shape[1], X_train.shape[2])), Dense(y_train.shape[1])])"
    read = D.read_code(code, (30, 5, 2), (30, 4))
    assert read.input_shape == (5, 2) and read.layers[-1].get("units") == 4
    assert any("X_train.shape[1] read as X.shape = (30, 5, 2)" in note for note in read.notes)
    with_no_shapes = D.read_code(code)  # no typed shapes: named, never guessed
    assert with_no_shapes.input_shape is None
    assert any("X_train.shape" in note and "no typed shape" in note for note in with_no_shapes.notes)


@pytest.mark.parametrize("code, note", [
    ("model = Sequential()\nmodel.add(LSTM(8, input_shape=(3, 1)))\nmodel.add(MyAttention(3))\nmodel.add(Dense(1))",
     "line 3: a custom layer MyAttention, skipped"),
    ("model = Sequential()\nmodel.add(LSTM(8, input_shape=(3, 1)))\nfor i in range(3):\n    model.add(Dense(4))\nmodel.add(Dense(1))",
     "line 3: a loop, not read"),
    ("model = Sequential([LSTM(8, input_shape=(3, 1)), Lambda(lambda x: x * 2), Dense(1)])",
     "line 1: a custom layer Lambda, skipped"),
    ("units = compute()\nmodel = Sequential([LSTM(units, input_shape=(3, 1)), Dense(1)])",
     "line 2: LSTM(units=...) uses units, which is not a plain value assigned earlier, not read"),
    ("model = Sequential([LSTM(8, input_shape=(3, 1), kernel_regularizer='l2'), Dense(1)])",
     "line 1: LSTM(kernel_regularizer=...) is not read"),
    ("model = Sequential([LSTM(8, input_shape=(3, 1)), Dense(1)])\nif deep:\n    model.add(Dense(1))",
     "line 2: an if block, not read"),
    ("model = Sequential([LSTM(5000, input_shape=(3, 1)), Dense(1)])",
     "line 1: LSTM(units=5000) must be a whole number from 1 to 1,024 here, not read"),
])
def test_what_it_cannot_read_is_named_with_its_line(code, note):
    read = D.read_code(code)
    assert any(note in n for n in read.notes), read.notes


@pytest.mark.parametrize("code, says", [
    ("", "Paste the code"),
    ("model = Sequential([LSTM(8)", "line 1: Python cannot read this line"),
    ("x = 1\nprint(x)", "No model found"),
    ("#" * 20_001, "at most 20,000"),
    ("model = Sequential([" + "(" * 400 + ")" * 400 + "])", "nested"),
])
def test_code_without_a_readable_model_gets_a_clear_message(code, says):
    with pytest.raises(InputError, match=says):
        D.read_code(code)


# --- Hostile code: nothing is ever executed -------------------------------------------------

HOSTILE = [
    "model = Sequential([LSTM(__import__('os').system('touch {marker}'), input_shape=(3, 1)), Dense(1)])",
    "model = Sequential([LSTM(8, input_shape=(open('{marker}', 'w').write('x'),)), Dense(1)])",
    "import os\nos.system('touch {marker}')\nmodel = Sequential([LSTM(8, input_shape=(3, 1)), Dense(1)])",
    "model = Sequential([LSTM(8, input_shape=(3, 1), activation=(lambda: open('{marker}', 'w'))()), Dense(1)])",
    "model = Sequential([LSTM(().__class__.__bases__[0].__subclasses__()[0]('{marker}'), input_shape=(3, 1)), Dense(1)])",
    "n = eval(\"open('{marker}', 'w')\")\nmodel = Sequential([LSTM(n, input_shape=(3, 1)), Dense(1)])",
    "exec(\"open('{marker}', 'w')\")\nmodel = Sequential([LSTM(8, input_shape=(3, 1)), Dense(1)])",
    "class Evil(Layer):\n    def __init__(self):\n        open('{marker}', 'w')\nmodel = Sequential([Evil(), LSTM(8, input_shape=(3, 1)), Dense(1)])",
    "model = Sequential([LSTM(8, input_shape=(3, 1), activation='relu; import os'), Dense(1)])",
    "model = Sequential([LSTM(8, input_shape=(3, 1)), Dense(1)])\nmodel.add(__import__('os').system('touch {marker}'))",
]


@pytest.mark.parametrize("template", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_code_is_never_executed_and_what_was_not_read_is_said(template, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    code = template.format(marker=marker)
    calls = []
    real_import, real_open, real_compile = builtins.__import__, builtins.open, builtins.compile

    def no_import(name, *args, **kwargs):
        if name.split(".")[0] in ("os", "subprocess", "shutil"):
            calls.append(f"import {name}")
        return real_import(name, *args, **kwargs)

    def no_open(file, *args, **kwargs):
        if str(marker) in str(file):
            calls.append("open")
        return real_open(file, *args, **kwargs)

    def only_parse(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & ast.PyCF_ONLY_AST:  # ast.parse compiles to a tree only; anything else would run
            calls.append("compile")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_import)
    monkeypatch.setattr(builtins, "open", no_open)
    monkeypatch.setattr(builtins, "compile", only_parse)
    monkeypatch.setattr(builtins, "eval", lambda *a, **k: calls.append("eval"))
    monkeypatch.setattr(builtins, "exec", lambda *a, **k: calls.append("exec"))
    try:
        read = D.read_code(code)
        outcome = read.notes
    except InputError as error:
        outcome = (str(error),)
    monkeypatch.undo()
    assert not marker.exists() and calls == []
    assert any("not read" in note or "skipped" in note for note in outcome), outcome


def test_hostile_strings_only_ever_reach_keras_as_plain_names():
    read = D.read_code("model = Sequential([LSTM(8, input_shape=(3, 1), activation='relu; import os'), Dense(1)])")
    assert read.layers[0].get("activation") is None
    assert any("activation='relu; import os'" in note for note in read.notes)


def test_huge_or_deep_input_is_refused_not_crashed():
    for code in ["x = " + "-" * 5000 + "1", "model = Sequential([" + "Dense(1)," * 2000 + "])",
                 "a = ((((((((((((1,),),),),),),),),),),),)\nmodel = Sequential([LSTM(a), Dense(1)])"]:
        try:
            read = D.read_code(code)
            assert len(read.layers) <= C.MAX_LAYERS
        except InputError:
            pass


def test_the_reader_never_calls_eval_exec_or_compile():
    source = Path(C.__file__).read_text()
    for banned in ("eval(", "exec(", "compile(", "literal_eval", "__import__"):
        assert banned not in source.replace("model.compile(", "").replace("re.compile(", ""), banned


# --- Rebuilt in Keras 3: real shapes, where it breaks, the fix that runs ---------------------

# (code, X.shape, y.shape, the layer that breaks (index into rows; None = builds), the fix's words,
#  every layer's real output shape in the fixed model)
CASES = [
    (SEQUENTIAL_ADD, (100, 3, 1), (100, 1), 2, "return_sequences=True",
     [(None, 3, 1), (None, 3, 50), (None, 50), (None, 1)]),
    ("model = Sequential([LSTM(32, input_shape=(8, 1)), Dense(1)])", (500, 1, 8), (500, 1), None,
     "X: (500, 1, 8) → (500, 8, 1)", [(None, 8, 1), (None, 32), (None, 1)]),
    ("inputs = keras.Input(shape=(10, 2))\nx = layers.LSTM(16, return_sequences=True)(inputs)\n"
     "outputs = layers.Dense(4)(x)\nmodel = keras.Model(inputs, outputs)", (64, 10, 2), (64, 4), None,
     "return_sequences off", [(None, 10, 2), (None, 16), (None, 4)]),
    ("model = Sequential()\nmodel.add(LSTM(20, batch_input_shape=(1, 1, 5), stateful=True))\nmodel.add(Dense(5))",
     (10, 1, 5), (10, 5), 1, "keras.Input(shape=(1, 5), batch_size=1)", [(1, 1, 5), (1, 20), (1, 5)]),
    ("model = Sequential([LSTM(8, input_shape=(3, 1)), Dense(3, activation='softmax')])\n"
     "model.compile(loss='categorical_crossentropy', optimizer='adam')", (30, 3, 1), (30,), None,
     "sparse_categorical_crossentropy", [(None, 3, 1), (None, 8), (None, 3)]),
    ("model = Sequential()\nmodel.add(ConvLSTM2D(filters=4, kernel_size=(3, 3), padding='same', input_shape=(20, 8, 8)))\n"
     "model.add(Flatten())\nmodel.add(Dense(1))", (50, 20, 8, 8), (50, 1), 1, "channels axis",
     [(None, 20, 8, 8, 1), (None, 8, 8, 4), (None, 256), (None, 1)]),
    ("model = Sequential()\nmodel.add(Conv1D(filters=16, kernel_size=1, activation='relu', input_shape=(None, 2, 1)))\n"
     "model.add(MaxPooling1D(pool_size=2))\nmodel.add(Flatten())\nmodel.add(LSTM(8))\nmodel.add(Dense(1))",
     (20, 2, 2, 1), (20, 1), 1, "TimeDistributed",
     [(None, None, 2, 1), (None, None, 2, 16), (None, None, 1, 16), (None, None, 16), (None, 8), (None, 1)]),
    ("model = Sequential([LSTM(8, input_shape=(3, 1)), Dense(2)])", (6, 3, 1), (6, 1), None, "Dense(2) → Dense(1)",
     [(None, 3, 1), (None, 8), (None, 1)]),
    ("model = Sequential([LSTM(8, input_shape=(3, 1)), Dense(1)])", (6, 3, 1), (6, 1), None, "",
     [(None, 3, 1), (None, 8), (None, 1)]),
    ("model = Sequential([LSTM(8, input_shape=(100, 3, 1)), Dense(1)])", (100, 3, 1), (100, 1), 1,
     "(100, 3, 1) → (3, 1)", [(None, 3, 1), (None, 8), (None, 1)]),
    ("model = Sequential([LSTM(8, input_shape=(1, 10)), Dense(2)])", (100, 10), (100, 2), None,
     "no sequence to read", [(None, 1, 10), (None, 8), (None, 2)]),
    ("model = Sequential([LSTM(8, input_shape=(3, 1)), Dense(1)])", (100, 3), (100, 1), None,  # Keras 3: silent
     "X: (100, 3) → (100, 3, 1)", [(None, 3, 1), (None, 8), (None, 1)]),
]


@pytest.mark.slow
def test_code_is_rebuilt_with_real_shapes_and_the_printed_fix_runs():
    """All cases in one test (one process, tiny arrays): the break, the fix, and the fixed code run."""
    import keras

    start = time.perf_counter()
    for code, x, y, broke, fix, shapes in CASES:
        found = D.check_code(D.read_code(code, x, y), x, y)
        assert found.first.broke_at == broke, (code, found.first)
        if broke is not None:
            assert found.first.rows[broke].error is not None  # the real Keras message for that layer
        elif fix:
            assert found.first.fit_error is not None or found.first.silent, code
        assert fix in " ".join(found.fixes), (code, found.fixes)
        assert found.last.trains and found.last.loss is not None, (code, found.last.error)
        assert [row.output for row in found.last.rows] == shapes, code
        # The fixed code the page prints runs: on arrays of the learner's shapes, one training step.
        namespace = {"X": np.zeros(x, dtype="float32"), "y": np.zeros(y, dtype="float32")}
        exec(compile(found.code, "<fixed code>", "exec"), namespace)  # our own generated code, from literals
        model, X = namespace["model"], namespace["X"]
        assert tuple(model.output_shape) == shapes[-1]
        batch = found.fixed.batch_size or 4
        model.compile(optimizer="adam", loss=found.fixed.loss or "mse", run_eagerly=True)  # no graph: faster
        model.fit(X[:batch], namespace["y"][:batch], epochs=1, batch_size=batch, verbose=0)
        keras.backend.clear_session()
    print(f"{len(CASES)} code cases rebuilt, fixed and run in {time.perf_counter() - start:.1f} s")


@pytest.mark.slow
def test_hostile_code_builds_only_what_was_read():
    marker = Path("/tmp") / f"shape-lab-pwned-{os.getpid()}"
    code = (f"model = Sequential([LSTM(__import__('os').system('touch {marker}'), input_shape=(3, 1)),"
            " Dense(1), Lambda(lambda x: x)])")
    found = D.check_code(D.read_code(code, (4, 3, 1), (4, 1)), (4, 3, 1), (4, 1))
    assert not marker.exists()
    assert [row.code for row in found.first.rows[1:]] == ["layers.Dense(1)"]  # the LSTM and the Lambda: named, skipped
    assert any("a custom layer Lambda, skipped" in note for note in found.read.notes)
    assert found.last.trains


@pytest.mark.slow
def test_samples_that_disagree_are_sent_to_the_data_fix_not_the_model():
    code = "model = Sequential([LSTM(8, input_shape=(5, 2)), Dense(1)])"
    found = D.check_code(D.read_code(code), (10, 5, 2), (12, 1))
    assert "Data cardinality is ambiguous" in found.first.fit_error.message
    assert not found.fixes and "X has 10 samples and y 12" in found.problem


def test_x_and_y_shapes_are_checked_before_any_run():
    read = D.read_code(SEQUENTIAL_ADD)
    with pytest.raises(InputError, match="over 200,000 values"):
        D.check_code(read, (10, 1000, 1000), (10, 1))
    with pytest.raises(InputError, match="1 to 6 whole numbers"):
        D.check_code(read, (), (10, 1))


def test_layers_too_large_to_build_are_refused_by_their_weights_not_built():
    big = D.read_code("model = Sequential([LSTM(1024, input_shape=(3, 100000)), Dense(1)])")
    assert C.weights_estimate(big.layers[0], (None, 3, 100_000)) > C.MAX_WEIGHTS
    assert C.weights_estimate(D.read_code(SEQUENTIAL_ADD).layers[0], (None, 3, 1)) == 4 * 50 * (1 + 50 + 1)
    found = run_job(C.code_job, big, (4, 3, 100_000), (4, 1))  # the job refuses, before Keras allocates
    assert found.broke_at == 1 and "weights" in found.error.message and "not Keras" in found.error.source


def test_the_jobs_and_their_arguments_can_go_to_a_worker_process():
    import pickle

    from lessons.debugger import gallery, run
    from lessons.debugger import reproduction as R

    read = D.read_code(SEQUENTIAL_ADD)
    for job in (C.code_job, C.check_code_job, run.train_step_job, gallery.call_job, R.pad_job):
        assert pickle.loads(pickle.dumps(job)) is job  # module-level functions
    assert pickle.loads(pickle.dumps(read)) == read
    assert pickle.loads(pickle.dumps(D.ModelDescription((6, 3, 1), (6, 1), "LSTM", (3, 1)))).x_shape == (6, 3, 1)


def test_each_layers_output_is_named_by_its_axes_for_the_colours():
    read = D.read_code("model = Sequential([ConvLSTM2D(4, (1, 2), input_shape=(2, 1, 3, 1)), Flatten(), Dense(1)])")
    rows = (C.LayerRow(1, "keras.Input(shape=(2, 1, 3, 1))", (None, 2, 1, 3, 1)),
            C.LayerRow(1, "layers.ConvLSTM2D(4, (1, 2))", (None, 1, 2, 4)),
            C.LayerRow(1, "layers.Flatten()", (None, 8)), C.LayerRow(1, "layers.Dense(1)", (None, 1)))
    run = C.CodeRun(rows, None, None, 0.0, (4, 2, 1, 3, 1), (4, 1), ())
    assert D.output_axes(run, read) == [None, ("samples", "rows", "timesteps", "features"),
                                        ("samples", "features"), ("samples", "outputs")]
    broken = C.CodeRun(rows[:2] + (C.LayerRow(1, "layers.Flatten()", None),), 2, None, None, (4, 2, 1, 3, 1), (4, 1), ())
    assert D.output_axes(broken, read)[-1] is None  # nothing to draw where it broke


@pytest.mark.parametrize("name", ["series_matrix", "energy", "xgb_input", "yearly_sales", "xy", "x_and_y"])
def test_an_array_whose_name_does_not_say_x_or_y_is_named_never_guessed(name):
    code = f"steps = 3\nmodel = Sequential([LSTM(8, input_shape=(steps, {name}.shape[2])), Dense(1)])"
    read = D.read_code(code, (40, 3, 6), (40, 1))
    assert read.input_shape is None  # not (3, 6) from X, not (3, ...) from y
    assert any(note.startswith("line 2:") and f"{name}.shape" in note and "X or y" in note for note in read.notes), \
        read.notes


@pytest.mark.parametrize("name, used", [
    ("testX", (3, 6)), ("X_scaled", (3, 6)), ("x2", (3, 6)), ("XValid", (3, 6)),
    ("trainY", (3, 2)), ("Y_val", (3, 2)), ("y", (3, 2)),
])
def test_names_made_of_x_or_y_and_the_usual_words_are_read(name, used):
    code = f"model = Sequential([LSTM(8, input_shape=(3, {name}.shape[-1])), Dense(1)])"
    read = D.read_code(code, (40, 3, 6), (40, 3, 2))
    assert read.input_shape == used


@pytest.mark.parametrize("code, broken, incoming, outgoing", [
    # a RepeatVector far too long by itself
    ("model = Sequential([Dense(1024, input_shape=(900,)), RepeatVector(10000), LSTM(16), Dense(1)])",
     2, (None, 1024), (None, 10_000, 1024)),
    # a RepeatVector that fits, then an LSTM whose gates over all those timesteps do not
    ("model = Sequential([Dense(16, input_shape=(900,)), RepeatVector(10000), LSTM(128, return_sequences=True), "
     "Dense(1)])", 3, (None, 10_000, 16), (None, 10_000, 128)),
])
def test_a_layer_handing_on_too_many_values_is_refused_before_the_training_step(code, broken, incoming, outgoing):
    read = D.read_code(code)
    assert not read.notes  # every layer read
    found = run_job(C.code_job, read, (4, 900), (4, 1))
    per_sample = C.activations_estimate(read.layers[broken - 1], incoming, outgoing)
    assert 4 * per_sample > C.MAX_ACTIVATIONS
    assert found.broke_at == broken and found.error.kind == "TooLarge" and "not Keras" in found.error.source
    assert found.rows[broken].code == C.layer_code(read.layers[broken - 1])
    assert f"{per_sample:,}" in found.error.message and f"{4 * per_sample:,}" in found.error.message
    # every layer before it was within the cap and built
    assert all(row.output is not None for row in found.rows[:broken])


def test_the_recurrent_gates_kept_for_the_backward_pass_are_counted():
    lstm = C.CodeLayer(1, "LSTM", (("units", 8), ("return_sequences", True)))
    assert C.activations_estimate(lstm, (None, 50, 3), (None, 50, 8)) == 50 * 8 + 50 * 8 * (4 + 2)
    both = C.CodeLayer(1, "Bidirectional", (("layer", lstm),))
    assert C.activations_estimate(both, (None, 50, 3), (None, 50, 16)) == 50 * 16 + 2 * 50 * 8 * 6
    assert C.activations_estimate(C.CodeLayer(1, "Dense", (("units", 5),)), (None, 7, 3), (None, 7, 5)) == 35
    # a timesteps axis of unknown size counts as the size given for it
    assert C.activations_estimate(lstm, (None, None, 3), (None, None, 8), unknown=20) == 20 * 8 * 7


def test_unequal_sample_counts_are_refused_by_keras_not_by_the_size_cap():
    read = D.read_code("model = Sequential([LSTM(64, return_sequences=True, input_shape=(150, 2)), Dense(1)])")
    found = run_job(C.code_job, read, (700, 150, 2), (699, 150, 1))  # 700 samples would be over the cap
    assert 700 * C.activations_estimate(read.layers[0], (None, 150, 2), (None, 150, 64)) > C.MAX_ACTIVATIONS
    assert found.broke_at is None and found.fit_error is not None and found.fit_error.kind != "TooLarge"


def test_a_model_too_large_to_run_is_not_blamed_on_a_keras_message():
    read = D.read_code("model = Sequential([Dense(800, input_shape=(40,)), RepeatVector(9000), GRU(8), Dense(1)])")
    check = D.check_code(read, (60, 40), (60, 1))
    assert check.first.error.kind == "TooLarge" and not check.fixes
    assert "too large" in check.problem and "Keras message" not in check.problem

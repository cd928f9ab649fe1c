"""The shape debugger: message parsing, explanations, the described-model path and the gallery.

Keras work stays tiny: zero arrays of a few samples, one training step per run.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lessons import debugger as D
from lessons.debugger import parse as P
from lessons.debugger.explain import WINDOWS_CODE, row_windows_code
from lessons.debugger.model import BILSTM, CNN_LSTM, CONV_LSTM, DENSE, LSTM, apply_fix
from lessons.debugger.run import stand_in
from lessons.core.parsing import InputError

ROOT = Path(__file__).resolve().parents[3]

# Every message quoted in issue 5 and ../shared/learners.md, with what the parser must pull out.
QUOTED = [
    ("Error when checking input: expected lstm_1_input to have 3 dimensions, but got array with shape (107904, 10)",
     P.RANK, {"layer": "lstm_1_input", "role": "input", "expected_rank": 3, "got": (107904, 10)}),
    ("Input arrays should have the same number of samples as target arrays. Found 1 input samples and 21 target samples.",
     P.SAMPLES, {"x_samples": (1,), "y_samples": (21,)}),
    ("Input 0 ... is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (None, 3)",
     P.RANK, {"expected_rank": 3, "found_rank": 2, "got": (None, 3), "wording": P.KERAS3}),
    ("Data cardinality is ambiguous", P.SAMPLES, {"wording": P.KERAS3}),
    ("Invalid input shape for input ... Expected shape (None, 2, 1, 2, 1), but input has incompatible shape (None, 4, 1)",
     P.SHAPE, {"expected": (None, 2, 1, 2, 1), "got": (None, 4, 1)}),
    ("Dimensions must be equal ...", P.DIMS_EQUAL, {}),
    ("cannot reshape array of size 20 into shape (10,3,2)", P.RESHAPE_SIZE, {"size": 20, "expected": (10, 3, 2)}),
    ("cannot reshape array of size 15 into shape (5,2,3,3)", P.RESHAPE_SIZE, {"size": 15, "expected": (5, 2, 3, 3)}),
    ("expected lstm_2_input to have shape (3, 1) but got array with shape (1, 1)",
     P.SHAPE, {"expected": (3, 1), "got": (1, 1), "with_batch": False, "wording": P.KERAS2}),
    ("Error when checking target: expected dense_17 to have 2 dimensions, but got array with shape (400, 20, 2)",
     P.RANK, {"role": "target", "layer": "dense_17", "expected_rank": 2, "got": (400, 20, 2)}),
    ("expected dense_40 to have 2 dimensions, but got array with shape (1, 32, 1)",
     P.RANK, {"role": "target", "got": (1, 32, 1)}),
    ("Found 1 input samples and 32 target samples", P.SAMPLES, {"x_samples": (1,), "y_samples": (32,)}),
    ("expected dense_2 to have 2 dimensions, but got array with shape (5, 2, 3)",
     P.RANK, {"role": "target", "got": (5, 2, 3)}),
    ("expecting dense 3dimensional shape instead received (3316,)", P.RANK, {"expected_rank": 3, "got": (3316,)}),
    ("Failed to find data adapter that can handle input: (<class 'list'> containing values of types "
     "{\"<class 'numpy.ndarray'>\"}), <class 'numpy.ndarray'>", P.DATA_TYPE, {"detail": "list"}),
    ('Input 0 of layer "lstm" is incompatible with the layer: expected ndim=3, found ndim=2. '
     "Full shape received: (None, 3)", P.RANK, {"layer": "lstm", "got": (None, 3)}),
]


@pytest.mark.parametrize("text, kind, fields", QUOTED, ids=[q[0][:40] for q in QUOTED])
def test_every_quoted_message_is_read_and_explained(text, kind, fields):
    parsed = D.parse_error_message(text)
    assert parsed is not None and parsed.kind == kind
    for name, value in fields.items():
        assert getattr(parsed, name) == value, name
    diagnosis = D.explain(parsed)
    assert diagnosis.cause and diagnosis.fix_code and diagnosis.title


@pytest.mark.parametrize("text, fix", [
    (QUOTED[0][0], "X = X.reshape((107904, 1, 10))"),
    (QUOTED[4][0], "X = X.reshape((X.shape[0], 2, 1, 2, 1))"),
    (QUOTED[1][0], "X = X.reshape((21, 1, X.shape[-1]))"),
    (QUOTED[9][0], "y = y[:, -1, :]"),
])
def test_fix_code_for_the_learners_cases(text, fix):
    assert any(fix in reading.fix_code for reading in D.explain(D.parse_error_message(text)).readings)


@pytest.mark.parametrize("size, asked", [(20, (10, 3, 2)), (15, (5, 2, 3, 3)), (36, (1, 5, 66)), (90, (4, 5, 3))])
def test_reshape_fix_really_reshapes_and_points_at_an_axis(size, asked):
    from lessons.core.reshaping import try_reshape

    message = f"cannot reshape array of size {size} into shape ({','.join(map(str, asked))})"
    diagnosis = D.diagnose_message(message).diagnosis
    fixed = tuple(int(c.expected.replace(",", "")) for c in diagnosis.cells)
    assert math.prod(fixed) == size
    assert try_reshape(np.zeros(size), fixed)[1] is None
    assert diagnosis.axis in {c.name for c in diagnosis.cells if c.wrong}
    assert "no reshape can make them" in diagnosis.fix_note


def _numpy_says(size: int, shape: tuple[int, ...]) -> str:
    """NumPy's own message for reshaping `size` values to `shape`."""
    with pytest.raises(ValueError) as raised:
        np.zeros(size).reshape(shape)
    return str(raised.value)


def test_numpy_leaves_a_leading_minus_one_out_and_the_pasted_call_puts_it_back():
    assert D.parse_error_message(_numpy_says(101, (-1, 3))).expected == (None, 3)  # "(3)": only -1 prints so
    assert D.parse_error_message(_numpy_says(101, (3,))).expected == (3,)
    printed = _numpy_says(4, (-1, 3, 1))  # fewer values than two samples: nothing to infer from the sizes
    assert printed.endswith("(3,1)")  # what makes the two calls look alike
    assert D.parse_error_message(printed).expected == (3, 1)
    for call in ("X = X.reshape(-1, 3, 1)", "X = np.reshape(X, (-1, n_steps, 1))", "X.reshape([-1, 3, n])"):
        assert D.parse_error_message(f"{call}\nValueError: {printed}").expected == (None, 3, 1), call
    for call in ("X = X.reshape(-1, 4, 1)", "X = X.reshape(-1, 3)", "X = X.reshape(5, 3, 1)"):
        assert D.parse_error_message(f"{call}\nValueError: {printed}").expected == (3, 1), call


def test_values_for_several_samples_that_a_printed_shape_does_not_divide_were_a_minus_one_reshape():
    printed = _numpy_says(101, (-1, 3, 1))
    assert D.parse_error_message(printed).expected == (None, 3, 1)  # 33.7 samples of (3, 1): the -1 goes back
    assert D.parse_error_message(f"X = X.reshape((3, 1))\n{printed}").expected == (3, 1)  # the call, as written
    assert D.parse_error_message(_numpy_says(99, (3, 1))).expected == (3, 1)  # 99 = 33 × 3: a -1 would have run
    assert D.parse_error_message(_numpy_says(101, (1, 3, 1))).expected == (1, 3, 1)  # one window asked for
    # X.reshape(len(X), 7, 1): the first size divides the values, as a samples count written in does
    assert D.parse_error_message(_numpy_says(30_000, (1000, 7, 1))).expected == (1000, 7, 1)
    assert D.parse_error_message(f"X = X.reshape(X.shape[0], 7, 1)\n{_numpy_says(30_001, (1000, 7, 1))}").expected \
        == (1000, 7, 1)  # any other call pasted: the shape as written


def test_a_long_run_of_spaces_after_a_reshape_call_is_read_at_once():
    """The call patterns match spaces one way only: a pasted run of them cannot make the search backtrack for minutes."""
    import threading

    texts = [f"{_numpy_says(8761, (-1, 24, 1))}\nX.reshape(24,{' ' * 90_000}1",
             f"{_numpy_says(8761, (-1, 24, 1))}\nX.reshape(-1, 24, 1{' ' * 90_000}"]
    done = threading.Event()
    worker = threading.Thread(target=lambda: ([D.diagnose_message(t) for t in texts], done.set()), daemon=True)
    worker.start()
    assert done.wait(timeout=120), "the parser is stuck on a long run of spaces"  # milliseconds when it is not


def test_a_minus_one_reshape_that_leaves_rows_over_is_cut_into_windows():
    text = f"X = X.reshape((-1, 3, 2))\nValueError: {_numpy_says(100, (-1, 3, 2))}"
    diagnosis = D.diagnose_message(text).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "timesteps", "windows")
    assert "50 rows of 2 features" in diagnosis.cause and "2 rows left over" in diagnosis.cause
    assert [c.name for c in diagnosis.cells if c.wrong] == ["samples", "timesteps"]
    overlapping, back_to_back = diagnosis.fix_code.split("\n\n# or ")
    namespace = {"X": np.arange(100, dtype="float32")}
    exec(compile(overlapping, "<fix>", "exec"), namespace)  # our own snippet
    assert namespace["X"].shape == (47, 3, 2) and namespace["y"].shape == (47, 2)
    namespace = {"X": np.arange(100, dtype="float32")}
    exec(compile("# " + back_to_back, "<fix>", "exec"), namespace)
    assert namespace["X"].shape == (16, 3, 2) and namespace["X"][-1, -1, -1] == 95


def test_a_minus_one_reshape_short_of_one_sample_is_not_trimmed_away():
    text = f"X_train=X_train.reshape(-1,227,227,10)\nValueError: {_numpy_says(227 * 227, (-1, 227, 227, 10))}"
    diagnosis = D.diagnose_message(text).diagnosis
    assert diagnosis.fix_kind == "divisible" and "less than one sample" in diagnosis.cause
    assert "227 × 227 × 10 = 515,290" in diagnosis.cause and "0.10" in diagnosis.cause
    assert "drop them" not in diagnosis.fix_code  # trimming to whole samples would leave nothing
    # A count that is a whole multiple cannot come from a -1 call (that one would have worked): no such note
    assert "reshape(-1" not in D.diagnose_message(_numpy_says(120, (10, 3, 2))).diagnosis.cause
    # Without the call, a count of many samples that is no multiple either is read as the -1 NumPy does not print
    assert "most likely reshape(-1, 9, 128)" in D.diagnose_message(_numpy_says(1_000_003, (9, 128))).diagnosis.cause
    # and a count short of two samples keeps the shape as printed, saying how NumPy prints a leading -1
    assert "If your call was reshape(-1, 9, 128)" in D.diagnose_message(_numpy_says(1_200, (9, 128))).diagnosis.cause


def test_one_prediction_window_short_of_values_asks_for_more_data_not_a_shorter_window():
    diagnosis = D.diagnose_message(_numpy_says(9, (1, 10, 1))).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("data", "timesteps", "windows")
    assert "reshape((1, 9, 1))" not in diagnosis.fix_code  # a model trained on 10 steps cannot take 9
    namespace = {"data": np.arange(30, dtype="float32").reshape((30, 1))}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet
    assert namespace["X"].shape == (1, 10, 1) and namespace["X"][0, -1, 0] == 29


@pytest.mark.parametrize("text, output, y", [
    # Keras 3 / TF 2.x binary cross-entropy from logits: the output first, then y
    ("ValueError: `logits` and `labels` must have the same shape, received ((64, 74, 1) vs (64,)).", (64, 74, 1), (64,)),
    # TF's softmax cross-entropies see a sequence output flattened: 7,550 rows = 50 samples × 151 steps
    ("InvalidArgumentError: logits and labels must be same size: logits_size=[7550,2] labels_size=[50,2]",
     (50, 151, 2), (50, 2)),
    ("InvalidArgumentError: logits and labels must have the same first dimension, got logits shape [1280,5] "
     "and labels shape [64]", (64, 20, 5), (64,)),
])
def test_logits_and_labels_wordings_read_an_output_with_timesteps(text, output, y):
    parsed = D.parse_error_message(text)
    assert (parsed.expected, parsed.got, parsed.role) == (output, y, "target")
    diagnosis = D.diagnose_message(text).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("output", "timesteps", "return_sequences")
    if "logits shape" in text or "logits_size" in text:
        assert "flattened" in diagnosis.cause
    if "first dimension" in text:  # sparse: one class number per sample is right, only the timesteps are not
        assert [c.name for c in diagnosis.cells if c.wrong] == ["timesteps"]


def test_logits_rows_that_are_no_multiple_of_the_labels_are_not_guessed_at():
    text = "logits and labels must have the same first dimension, got logits shape [100,5] and labels shape [64]"
    assert D.diagnose_message(text).diagnosis is None
    same_rows = D.diagnose_message("logits and labels must be same size: logits_size=[50,3] labels_size=[50,2]").diagnosis
    assert (same_rows.culprit, same_rows.fix_kind) == ("output", "output_units")


def test_dimensions_must_be_equal_is_read_in_any_case():
    text = ("dimensions must be equal, but are 4 and 1 for '{{node loss/dense_2_loss/sub}} = Sub[T=DT_FLOAT]"
            "(dense_2/BiasAdd, IteratorGetNext:1)' with input shapes: [32,4], [32,1].")
    assert D.diagnose_message(text).diagnosis.fix_kind == "output_units"


def test_turning_return_sequences_off_also_unwraps_a_time_distributed_dense():
    text = "Error when checking target: expected time_distributed_9 to have 3 dimensions, but got array with shape (102, 1)"
    code = D.diagnose_message(text).diagnosis.fix_code
    assert "layers.LSTM(50)," in code and "layers.Dense(1)," in code and "not TimeDistributed" in code


@pytest.mark.parametrize("text, shape", [
    ("ValueError: could not broadcast input array from shape (0,250) into shape (250)", (0, 250)),
    ("ValueError: Found array with 0 sample(s) (shape=(0, 1)) while a minimum of 1 is required by MinMaxScaler.", (0, 1)),
    ("ValueError: Expect x to be a non-empty array or dataset.", None),
    ("UnboundLocalError: cannot access local variable 'batch_outputs' where it is not associated with a value", None),
    ("UserWarning: Your input ran out of data; interrupting training.", None),
    ("ValueError: cannot reshape array of size 0 into shape (3,1)", None),
])
def test_an_empty_array_is_read_as_the_clue_not_refused(text, shape):
    result = D.diagnose_message(text)
    diagnosis = result.diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.title) == ("data", "samples", "The array is empty")
    assert result.parsed.got == shape
    namespace = {"data": np.zeros((2, 1)), "X": np.zeros((0, 3, 1)), "y": np.zeros((0, 1))}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet: it only prints


def test_a_zero_in_a_range_or_without_a_comma_is_no_empty_array():
    labels = D.diagnose_message("Received a label value of 5 which is outside the valid range of [0, 5).  Label values: 1 5 2")
    assert labels.parsed.kind != "empty"
    assert D.diagnose_message("IndexError: index (0) is out of range").diagnosis is None


def test_real_keras_messages_keep_their_ansi_codes_out_of_the_way():
    text = ("\x1b[1mDimensions must be equal, but are 2 and 1 for '{{node sequential_5_1/lstm_5_1/lstm_cell_1/MatMul}}"
            " = MatMul[T=DT_FLOAT](a, b)' with input shapes: [6,2], [1,16].\x1b[0m")
    diagnosis = D.diagnose_message(text).diagnosis
    assert diagnosis.axis == "features" and "keras.Input(shape=(None, 2))" in diagnosis.fix_code


def test_unknown_text_is_not_recognised_honestly():
    for text in ["hello", "(1, 2, 3)", "ValueError: something else entirely", "Error when checking"]:
        result = D.diagnose_message(text)
        assert result.diagnosis is None and "not one the debugger recognises" in result.problem
    assert "Paste an error message first" in D.diagnose_message("   ").problem


def test_limits_give_clear_messages():
    assert "at most 100,000" in D.diagnose_message("x" * 100_001).problem
    # 100 kB of near-misses is read quickly and simply not recognised.
    assert D.parse_error_message(("expected lstm to have 3 dim (" * 4000)[:100_000]) is None
    assert "7 dimensions" in D.diagnose_message("cannot reshape array of size 20 into shape (1,2,3,4,5,6,7)").problem
    # A message's shapes are only read, never allocated: a huge one is still diagnosed (the
    # described-model path, which allocates, keeps its limit below).
    huge = D.diagnose_message(
        "Error when checking input: expected lstm_1_input to have 3 dimensions, but got array with shape (100000, 100000)"
    ).diagnosis
    assert huge is not None and huge.axis == "timesteps" and "100000" in huge.fix_code
    with pytest.raises(InputError, match="7 dimensions"):
        D.describe("(1,1,1,1,1,1,1)", "(1, 1)", LSTM, "(1, 1)")
    with pytest.raises(InputError, match="1,000,000,000"):
        D.describe("(100000, 100000, 1)", "(1, 1)", LSTM, "(1, 1)")
    with pytest.raises(InputError, match="2 numbers"):
        D.describe("(6, 3, 1)", "(6, 1)", LSTM, "(6, 3, 1)")


def _run(desc):
    outcome = D.run_described(desc)
    assert outcome.prediction_held, (desc, outcome.error)
    return outcome


# One passing and one failing (or silently wrong) description per first layer.
FIRST_LAYER_CASES = [
    (D.ModelDescription((6, 3, 1), (6, 1), LSTM, (3, 1)),
     D.ModelDescription((6, 3, 2), (6, 1), LSTM, (3, 1)), "features"),
    (D.ModelDescription((6, 3, 1), (6, 1), BILSTM, (3, 1)),
     D.ModelDescription((6, 3), (6, 1), BILSTM, (3, 1)), "silent"),
    (D.ModelDescription((6, 2, 2, 1), (6, 1), CNN_LSTM, (2, 2, 1)),
     D.ModelDescription((6, 4, 1), (6, 1), CNN_LSTM, (2, 2, 1)), "subsequences"),
    (D.ModelDescription((6, 2, 1, 2, 1), (6, 1), CONV_LSTM, (2, 1, 2, 1)),
     D.ModelDescription((6, 4, 1), (6, 1), CONV_LSTM, (2, 1, 2, 1)), "subsequences"),
    (D.ModelDescription((6, 3), (6, 1), DENSE, (3,), return_sequences=()),
     D.ModelDescription((6, 4), (6, 1), DENSE, (3,), return_sequences=()), "features"),
]


@pytest.mark.slow
@pytest.mark.parametrize("good, bad, axis", FIRST_LAYER_CASES, ids=[c[0].first_layer for c in FIRST_LAYER_CASES])
def test_described_model_for_each_first_layer(good, bad, axis):
    ok = _run(good)
    assert ok.trained and ok.error is None and not ok.diagnoses and ok.loss is not None
    wrong = _run(bad)
    assert wrong.diagnoses
    if axis == "silent":
        assert wrong.trained and all(d.silent for d in wrong.diagnoses)
    else:
        assert not wrong.trained and wrong.error is not None and wrong.diagnoses[0].axis == axis
    fixed = D.fixed_description(bad)
    assert fixed != bad and not D.check(fixed)
    assert _run(fixed).trained


@pytest.mark.slow
def test_huge_sample_counts_run_on_small_stand_ins():
    desc = D.ModelDescription((107904, 10), (107904, 2), LSTM, (1, 10), units=2)
    small, mapping = stand_in(desc)
    assert mapping == {107904: 17} and small.x_shape == (17, 10)
    outcome = _run(desc)
    assert not outcome.trained and "107,904 → 17" in outcome.notes[0]
    assert "X = X.reshape((107904, 1, 10))" in outcome.diagnoses[0].fix_code  # real sizes in the fix
    assert D.apply_fix(desc).x_shape == (107904, 1, 10)
    assert D.changes(desc, D.apply_fix(desc)) == ["X.shape: (107904, 10) → (107904, 1, 10)"]


def test_every_description_can_be_fixed_to_shapes_without_a_problem():
    import random

    from lessons.debugger.model import DECLARED_AXES, MAX_RECURRENT

    rng = random.Random(5)
    checked = 0
    for _ in range(3000):
        first = rng.choice(D.FIRST_LAYERS)
        n = rng.choice([1, 4, 6, 21, 107904])
        x = (n,) + tuple(rng.randint(1, 5) for _ in range(rng.randint(0, 5)))
        y = (rng.choice([n, n, 1, 5 * n, n + 3]),) + tuple(rng.randint(1, 5) for _ in range(rng.randint(0, 2)))
        declared = tuple(rng.choice([1, 2, 3, 4, 5, None]) if i == 0 and first != DENSE else rng.randint(1, 5)
                         for i in range(len(DECLARED_AXES[first])))
        flags = () if first == DENSE else tuple(rng.random() < 0.5 for _ in range(rng.randint(1, MAX_RECURRENT[first])))
        desc = D.ModelDescription(x, y, first, declared, rng.choice(D.LAST_LAYERS), rng.randint(1, 4), flags)
        fixed = D.fixed_description(desc, rounds=10)
        assert not D.check(fixed), (desc, fixed)
        checked += 1
    assert checked == 3000


def test_the_three_silent_shapes_from_the_tutorial_facts_are_predicted():
    # keras.Input((3, 1)): X (6, 3) gets a feature axis, X (6, 1, 1) runs with 1 timestep,
    # y (6, 1, 2) is broadcast against an output of (6, 3, 2).
    cases = [
        D.ModelDescription((6, 3), (6, 1), LSTM, (3, 1)),
        D.ModelDescription((6, 1, 1), (6, 1), LSTM, (3, 1)),
        D.ModelDescription((6, 3, 1), (6, 1, 2), LSTM, (3, 1), units=2, return_sequences=(True,)),
    ]
    for desc in cases:
        problems = D.check(desc)
        assert problems and not any(p.raises for p in problems) and problems[0].diagnosis.silent


@pytest.mark.slow
def test_the_real_keras3_cross_entropy_message_is_read():
    import keras
    from keras import layers

    from lessons.core.captured import capture, keras_source

    def fit_class_numbers():
        model = keras.Sequential([keras.Input(shape=(3, 1)), layers.LSTM(4), layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy", jit_compile=False)
        model.fit(np.zeros((6, 3, 1)), np.zeros((6,)), epochs=1, verbose=0)

    _, error = capture(fit_class_numbers, keras_source())
    assert error is not None
    diagnosis = D.diagnose_message(error.message).diagnosis
    assert diagnosis.axis == "classes" and "to_categorical(y, num_classes=3)" in diagnosis.fix_code
    assert (diagnosis.culprit, diagnosis.fix_kind) == ("y", "labels")


def test_gallery_has_at_least_twelve_distinct_entries():
    assert len(D.GALLERY) >= 12 and len(D.BY_KEY) == len(D.GALLERY)
    assert sum(e.raises is None for e in D.GALLERY) >= 3  # the silent ones are there too


@pytest.mark.slow
@pytest.mark.parametrize("entry", D.GALLERY, ids=lambda e: e.key)
def test_gallery_entry_does_what_it_says_on_the_installed_versions(entry):
    result = D.run_entry(entry.key)
    if entry.raises is None:
        assert result.error is None, result.error
        assert result.diagnosis is not None and result.diagnosis.silent
    else:
        assert result.error is not None and entry.raises in result.error.message
        assert result.diagnosis is not None and not result.diagnosis.silent
        assert D.parse_error_message(result.error.message) is not None  # today's wording is read too
    if result.outcome is not None:
        assert result.outcome.prediction_held
        fixed = D.fixed_entry(entry.key)
        assert not D.check(fixed) and D.run_described(fixed).trained


def test_pictures_mark_the_wrong_axis_in_its_colour():
    diagnosis = D.diagnose_message(QUOTED[0][0]).diagnosis
    picture = D.comparison_html(diagnosis)
    assert picture.count("#d62728") == 2  # the timesteps column, in both rows
    assert "107,904" in picture and "—" in picture
    assert '<b style="color:#ff7f0e">timesteps</b>' in D.cause_html(diagnosis.cause)
    assert "&lt;script&gt;" in D.cause_html("<script>")


def test_debugger_imports_no_tensorflow():
    probe = "import sys, lessons.debugger; print(sorted(m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow'))[:3])"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


# --- Fix snippets run, and mean what they say --------------------------------------------------
# Every snippet executed below is our own code (a constant or a diagnosis built from our own
# messages), run in a fresh namespace; nothing a learner types is ever executed.

ONE_TIMESTEP = re.compile(r"X = X\.reshape\(\(([^,]+), 1, ([^)]+?)\)\)")


def _fixes(diagnosis) -> list[str]:
    """The fix's alternatives: blocks separated by a blank line and starting with a comment, reading by reading."""
    return [block for reading in diagnosis.readings for block in re.split(r"\n\n(?=#)", reading.fix_code)]


def _run_fix(code: str, X: np.ndarray, y: np.ndarray | None = None) -> dict:
    namespace = {"X": X, "np": np} if y is None else {"X": X, "y": y, "np": np}  # snippets assume numpy as np
    if "keras." in code or "layers." in code:  # a declaration: the snippets assume `import keras; from keras import layers`
        import keras

        namespace.update(keras=keras, layers=keras.layers)
    exec(compile(code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    return namespace


@pytest.mark.parametrize("shape", [(9,), (9, 1), (9, 3)])
@pytest.mark.parametrize("n_steps", [1, 2, 4])
def test_windows_code_cuts_the_windows_slicing_defines(shape, n_steps):
    table = np.arange(math.prod(shape), dtype="float32").reshape(shape) * 10 + 1
    namespace = {"data": table}
    exec(compile(WINDOWS_CODE.format(n_steps=n_steps, data="data"), "<windows>", "exec"), namespace)
    X, y = namespace["X"], namespace["y"]
    rows = table.reshape((len(table), -1))
    assert X.shape == (len(table) - n_steps, n_steps, rows.shape[1])
    assert y.shape == (len(table) - n_steps, rows.shape[1])
    for i in range(len(X)):
        np.testing.assert_array_equal(X[i], rows[i : i + n_steps])
        np.testing.assert_array_equal(y[i], rows[i + n_steps])  # the row right after window i


@pytest.mark.parametrize("n_steps", [None, 2, 5])
def test_row_windows_code_keeps_each_windows_last_row_target(n_steps):
    table = np.arange(24, dtype="float32").reshape((8, 3))
    targets = np.arange(8, dtype="float32") * -1
    namespace = _run_fix(row_windows_code(n_steps), table, targets)
    steps = n_steps or 3
    X, y = namespace["X"], namespace["y"]
    assert X.shape == (8 - steps + 1, steps, 3) and y.shape == (8 - steps + 1,)
    for i in range(len(X)):
        np.testing.assert_array_equal(X[i], table[i : i + steps])
        assert y[i] == targets[i + steps - 1]


# (message with small sizes, X and y the learner has, X's and y's shape after each fix in order;
# None where the fix leaves y alone). Expected shapes follow from the definitions: windows of s
# consecutive rows of n rows number n - s + 1 (n - s when the target is the row after).
MESSAGE_FIXES = [
    ("Error when checking input: expected lstm_1_input to have 3 dimensions, but got array with shape (9, 4)",
     (9, 4), (9, 2), [((7, 3, 4), (7, 2)), ((9, 1, 4), None), ((9, 4, 1), None), ((1, 9, 4), None)]),
    ("Input 0 with name 'x' of layer 'lstm' is incompatible with the layer: expected ndim=3, found ndim=2. "
     "Full shape received: (None, 5)", (7, 5), (7,),
     [((5, 3, 5), (5,)), ((7, 1, 5), None), ((7, 5, 1), None), ((7, 5), None), ((7, 5), None)]),  # or a Flatten left
    # out (after Conv1D, or per frame): X stays
    ("Invalid input shape for input ... Expected shape (None, 1, 4), but input has incompatible shape (None, 4)",
     (9, 4), (9, 2), [((9, 1, 4), None), ((7, 3, 4), (7, 2)), ((9, 4), None)]),  # or a Dense declared (4,)
    ("Invalid input shape for input ... Expected shape (None, 5, 4), but input has incompatible shape (None, 4)",
     (9, 4), (9, 1), [((5, 5, 4), (5, 1))]),
    ("Invalid input shape for input ... Expected shape (None, None, 4), but input has incompatible shape (None, 4)",
     (9, 4), (9,), [((9, 4), None), ((7, 3, 4), (7,))]),  # declare (4,) and keep X, or cut windows
    ("expected lstm_2_input to have shape (1, 6) but got array with shape (6,)",
     (8, 6), (8,), [((8, 1, 6), None), ((6, 3, 6), (6,))]),  # lstm_2_input: the first layer is an LSTM
    ("cannot reshape array of size 20 into shape (10,3,2)", (10, 2), None, [((7, 3, 2), (7, 2)), ((10, 1, 2), None)]),
    ("cannot reshape array of size 90 into shape (4,5,3)", (30, 3), None, [((6, 5, 3), None), ((25, 5, 3), (25, 3))]),
    ("Error when checking input: expected lstm_input to have 3 dimensions, but got array with shape (12,)",
     (12,), None, [((9, 3, 1), (9, 1)), ((12, 1, 1), None)]),
    ("Found 1 input samples and 12 target samples", (1, 12, 2), (12,), [((10, 3, 2), (10,)), ((12, 1, 2), None)]),
    ("Error when checking target: expected dense_40 to have 2 dimensions, but got array with shape (1, 8, 1)",
     (1, 8, 3), (1, 8, 1), [((6, 3, 3), (6, 1)), ((8, 1, 3), (8, 1))]),
    ("Data cardinality is ambiguous. 'x' sizes: 4\n'y' sizes: 20\n", (4, 5, 3), (20,),
     [((4, 5, 3), (4,)), ((16, 5, 3), (16,))]),
]


@pytest.mark.parametrize("message, x_shape, y_shape, after", MESSAGE_FIXES, ids=[m[0][:50] for m in MESSAGE_FIXES])
def test_each_fix_snippet_runs_on_the_messages_shapes(message, x_shape, y_shape, after):
    diagnosis = D.diagnose_message(message).diagnosis
    fixes = _fixes(diagnosis)
    assert len(fixes) == len(after), diagnosis.fix_code
    for code, (x_after, y_after) in zip(fixes, after):
        y = None if y_shape is None else np.zeros(y_shape, dtype="float32")
        namespace = _run_fix(code, np.zeros(x_shape, dtype="float32"), y)
        assert namespace["X"].shape == x_after, code
        if y_after is not None:
            assert namespace["y"].shape == y_after, code
        elif y is not None:
            assert namespace["y"].shape == y_shape, code


def _declares_one_timestep(message: str) -> bool:
    """The message names the model's input shape, and it has 1 timestep."""
    parsed = D.parse_error_message(message)
    per_sample = parsed.expected[1:] if parsed.with_batch else parsed.expected
    return parsed.kind == P.SHAPE and len(per_sample) == 2 and per_sample[0] == 1


@pytest.mark.parametrize("message", [m[0] for m in MESSAGE_FIXES], ids=[m[0][:50] for m in MESSAGE_FIXES])
def test_a_one_timestep_reshape_is_never_offered_without_its_caveat(message):
    diagnosis = D.diagnose_message(message).diagnosis
    fixes = _fixes(diagnosis)
    one_step = [i for i, code in enumerate(fixes) if ONE_TIMESTEP.search(code)]
    for i in one_step:
        assert "no sequence to read" in fixes[i] and "independent samples with no order" in fixes[i]
        if i == 0:  # first only where the model itself declares 1 timestep, and the fix says so
            assert _declares_one_timestep(message) and "What your model declares" in fixes[i]
    if one_step:
        assert "no sequence to read" in diagnosis.fix_note


def test_windows_come_before_one_timestep_for_the_learners_table():
    # learners.md, 004:916: X (107904, 10) of sensor readings, answered with (107904, 1, 10).
    diagnosis = D.diagnose_message(QUOTED[0][0]).diagnosis
    code = diagnosis.fix_code
    assert code.index("sliding_window_view(X, n_steps, axis=0)") < code.index("X = X.reshape((107904, 1, 10))")
    assert "one timestep of 10 features" in diagnosis.fix_note and diagnosis.axis == "timesteps"


# Described models whose first fix is windows or a reshape: the snippet the page shows first
# must give the shapes "Apply the fix" writes into the form.
FIRST_FIX_CASES = [
    D.ModelDescription((9, 4), (9, 2), LSTM, (1, 4), units=2),
    D.ModelDescription((9, 4), (9, 2), LSTM, (None, 4), units=2),
    D.ModelDescription((9, 4), (9, 2), BILSTM, (5, 4), units=2),
    D.ModelDescription((9, 4), (9, 1), LSTM, (3, 2)),
    D.ModelDescription((9, 1), (9, 1), LSTM, (4, 1)),
    D.ModelDescription((9, 1), (9, 1), LSTM, (None, 1)),
    D.ModelDescription((9, 1), (9, 1), LSTM, (1, 1)),
    D.ModelDescription((12,), (12,), LSTM, (3, 1)),
    D.ModelDescription((1, 12, 2), (12,), LSTM, (12, 2)),
]


@pytest.mark.parametrize("desc", FIRST_FIX_CASES, ids=lambda d: f"{d.x_shape}-{d.input_shape}")
def test_the_first_fix_shown_is_the_one_apply_makes(desc):
    diagnosis = D.check(desc)[0].diagnosis
    first = _fixes(diagnosis)[0]
    namespace = _run_fix(first, np.zeros(desc.x_shape, dtype="float32"), np.zeros(desc.y_shape, dtype="float32"))
    fixed = apply_fix(desc)
    assert namespace["X"].shape == fixed.x_shape, first
    assert namespace["y"].shape == fixed.y_shape, first
    if ONE_TIMESTEP.search(first):
        assert desc.input_shape[0] == 1 and "no sequence to read" in diagnosis.fix_note
    else:
        assert fixed.x_shape[1] > 1  # windows: a real time axis


def test_the_gallery_no_longer_teaches_one_timestep_as_the_answer():
    for key in ("no_timesteps", "table_one_sample"):
        assert "no sequence" in D.BY_KEY[key].explanation
    assert D.fixed_entry("table_one_sample").x_shape == (10, 3, 2)


@pytest.mark.slow
@pytest.mark.parametrize("desc", [FIRST_FIX_CASES[1], FIRST_FIX_CASES[4], FIRST_FIX_CASES[7]],
                         ids=lambda d: f"{d.x_shape}-{d.input_shape}")
def test_windowed_fixes_train_for_real(desc):
    assert _run(desc).diagnoses
    fixed = D.fixed_description(desc)
    assert fixed.x_shape[1] > 1 and not D.check(fixed)
    assert _run(fixed).trained


# --- Every wording family, read for the CLASS of problem (numbers differ from the corpus's) ------

FAMILIES = [
    # (message, culprit, axis, fix kind)
    ("expected lstm_input to have shape (12, 1) but got array with shape (1, 12)", "X", "timesteps", "swap_axes"),
    ("expected lstm_input to have shape (5, 3) but got array with shape (3, 5)", "X", "timesteps", "swap_axes"),
    ("Dimensions must be equal, but are 6 and 2 for '{{node loss/dense_5_loss/sub}} = Sub[T=DT_FLOAT]"
     "(dense_5/BiasAdd, IteratorGetNext:1)' with input shapes: [16,6], [16,2].", "output", "outputs", "output_units"),
    ("Dimensions must be equal, but are 2 and 6 for '{{node compile_loss/mse/sub}} = Sub[T=DT_FLOAT]"
     "(data_1, sequential_1/dense_1/BiasAdd)' with input shapes: [16,2], [16,6].", "output", "outputs", "output_units"),
    ("Dimensions must be equal, but are 7 and 3 for '{{node sequential/lstm/lstm_cell/MatMul}} = MatMul[T=DT_FLOAT]"
     "(strided_slice_2, lstm_cell/MatMul/ReadVariableOp)' with input shapes: [8,7], [3,64].", "declared", "features",
     "input_shape"),
    ("Input 0 of layer 'conv_lstm2d' is incompatible with the layer: expected ndim=5, found ndim=4. "
     "Full shape received: (None, 10, 64, 64)", "X", "channels", "channels_axis"),
    ("Incompatible shapes: [32,15,4] vs. [32,4]", "output", "timesteps", "return_sequences"),
    ("Input 0 is incompatible with layer lstm_3: expected ndim=3, found ndim=2", "layer", "timesteps", "return_sequences"),
    ("Input 0 is incompatible with layer dense_2: expected ndim=2, found ndim=3", "layer", "timesteps", "return_sequences"),
    ("Shapes (None, 1) and (None, 7) are incompatible", "y", "classes", "labels"),
    ("Shapes (None, 7) and (None, 3) are incompatible", "output", "classes", "output_units"),
    ("logits and labels must have the same shape ((None, 7) vs (None, 1))", "y", "classes", "labels"),
    ("Received a label value of 9 which is outside the valid range of [0, 5).  Label values: 0 3 9 1",
     "output", "classes", "output_units"),
    ("Received a label value of 5 which is outside the valid range of [0, 5).  Label values: 1 5 2 4 3",
     "y", "classes", "labels"),
    ("Failed to convert a NumPy array to a Tensor (Unsupported object type list).", "data", None, "dtype"),
    ("setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. "
     "The detected shape was (40,) + inhomogeneous part.", "data", "timesteps", "pad"),
    ("Arguments `target` and `output` must have the same shape. Received: target.shape=(None, 1), "
     "output.shape=(None, 4)", "y", "classes", "labels"),
    ("Input 0 of layer \"lstm\" is incompatible with the layer: expected ndim=3, found ndim=4. "
     "Full shape received: (None, 500, 12, 3)", "declared", "samples", "input_shape"),
    ("Data cardinality is ambiguous:\n  x sizes: 300\n  y sizes: 297\nMake sure all arrays contain the same number "
     "of samples.", "samples", "samples", "match_samples"),
    ("Input 0 of layer \"sequential\" is incompatible with the layer: expected shape=(None, 30, 1), "
     "found shape=(None, 30)", "X", "features", "reshape"),  # each row a window of 30 steps: add the features axis
    # saved weights loaded into a model built with other sizes
    # TensorFlow 1's Saver: the graph's variable (lhs), the checkpoint's value (rhs); a Conv2D kernel's channels
    ("InvalidArgumentError: Assign requires shapes of both tensors to match. lhs shape= [7,7,15,16] rhs shape= [7,7,9,16]",
     "declared", "channels", "input_shape"),
    # tf.keras 2's assign while loading: a Dense behind a Flatten reads a wider picture than the saved one did
    ("File \"train.py\", line 40, in <module>\n    model.load_weights('vgg16_weights.h5')\n"
     "ValueError: Shapes (165888, 4096) and (25088, 4096) are incompatible", "declared", "features", "input_shape"),
    # a TensorFlow 2 checkpoint: the saved tensor first, then the model's variable; a bias: the units
    ("Received incompatible tensor with shape (512,) when attempting to restore variable with shape (256,) and name "
     "dense/bias:0.", "output", "outputs", "output_units"),
    # Keras 2's .h5 loader: the last layer was built for another number of classes
    ("ValueError: Layer #2 (named \"dense_2\"), weight <tf.Variable 'dense_2/kernel:0' shape=(128, 10) dtype=float32> "
     "has shape (128, 10), but the saved weight has shape (128, 2).", "output", "outputs", "output_units"),
    # Theano-ordered kernels (filters, channels, rows, columns) loaded into TensorFlow's order
    ("ValueError: Dimension 0 in both shapes must be equal, but are 3 and 64. Shapes are [3,3,3,64] and [64,3,3,3]. "
     "for 'Assign_1' (op: 'Assign') with input shapes: [3,3,3,64], [64,3,3,3].", "declared", "channels", "swap_axes"),
]


@pytest.mark.parametrize("message, culprit, axis, fix", FAMILIES, ids=[f[0][:45] for f in FAMILIES])
def test_every_wording_family_is_read_for_its_class(message, culprit, axis, fix):
    diagnosis = D.diagnose_message(message).diagnosis
    assert diagnosis is not None, message
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == (culprit, axis, fix), diagnosis.title


def test_a_whole_traceback_is_read_at_its_error_line():
    traceback = (
        "Traceback (most recent call last):\n"
        '  File "train.py", line 40, in <module>\n'
        "    model.fit(X, y, epochs=10)\n"
        '  File "/usr/lib/python3/site-packages/keras/engine/training.py", line 1213, in fit\n'
        "    raise ValueError(msg)  # a line that mentions shape (3, 4) in passing\n"
        "ValueError: Error when checking target: expected dense_3 to have 3 dimensions, but got array with shape (250, 1)\n"
    )
    diagnosis = D.diagnose_message(traceback).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("output", "timesteps", "return_sequences")
    # a TensorFlow graph error keeps the useful line in the middle
    graph = ("InvalidArgumentError: Graph execution error:\n\nDetected at node 'mean_squared_error/SquaredDifference'"
             " defined at (most recent call last):\n    File \"x.py\", line 3\nNode: 'mean_squared_error/SquaredDifference'"
             "\nIncompatible shapes: [64,20,1] vs. [64,1]\n\t [[{{node mean_squared_error/SquaredDifference}}]]")
    assert D.diagnose_message(graph).diagnosis.fix_kind == "return_sequences"


def test_an_ops_attribute_lists_do_not_hide_which_operand_is_y():
    # TensorFlow 1 prints attributes with lists of their own (_class=["loc:@..."]) before the operands;
    # the operands still say which side is y (the target placeholder), and a Log of the output says
    # the loss is a cross-entropy, so the last axis holds classes.
    for y_width, out_width in ((5, 7), (7, 5)):
        text = (f"InvalidArgumentError: Incompatible shapes: [16,{y_width}] vs. [16,{out_width}]\n\t "
                "[[{{node loss_1/dense_3_loss/mul}} = Mul[T=DT_FLOAT, _class=[\"loc:@training_1/Adam/gradients/"
                "loss_1/dense_3_loss/mul_grad/Reshape_1\"], _device=\"/job:localhost/replica:0/task:0/device:CPU:0\"]"
                "(_arg_dense_3_target_0_1, loss_1/dense_3_loss/Log)]]")
        diagnosis = D.diagnose_message(text).diagnosis
        assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("output", "classes", "output_units")
        assert f"layers.Dense({y_width}, activation=\"softmax\")" in diagnosis.fix_code


def test_a_dense_after_a_flatten_fed_longer_windows_blames_the_declared_length_not_the_columns():
    import keras
    from keras import layers

    def model(shape):
        built = keras.Sequential([keras.Input(shape=shape), layers.Conv1D(4, 3), layers.Flatten(), layers.Dense(1)])
        built.compile(optimizer="adam", loss="mse")
        return built

    X, y = np.zeros((8, 20, 2), dtype="float32"), np.zeros((8, 1), dtype="float32")
    with pytest.raises(ValueError) as raised:  # built for windows of 10, fed windows of 20
        model((10, 2)).fit(X, y, epochs=1, verbose=0)
    diagnosis = D.diagnose_message(f"ValueError: {raised.value}").diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("declared", "timesteps", "input_shape")
    assert "X[..., :" not in diagnosis.fix_code  # the columns are right: no cutting them
    declared = re.search(r"keras\.Input\(shape=(\([\d, ]+\))\)", diagnosis.fix_code).group(1)
    assert tuple(int(d) for d in declared.strip("()").split(",")) == X.shape[1:]
    model(X.shape[1:]).fit(X, y, epochs=1, verbose=0)  # declared as it says, it trains


def test_the_fix_snippets_of_the_new_families_run():
    cases = [
        ("expected lstm_input to have shape (5, 3) but got array with shape (3, 5)", (10, 3, 5), (10, 5, 3)),
        ("Input 0 of layer 'conv_lstm2d' is incompatible with the layer: expected ndim=5, found ndim=4. "
         "Full shape received: (None, 10, 16, 16)", (6, 10, 16, 16), (6, 10, 16, 16, 1)),
        ("Input 0 of layer \"lstm\" is incompatible with the layer: expected ndim=3, found ndim=4. "
         "Full shape received: (None, 240, 94, 1)", (5, 240, 94, 1), (5, 240, 94)),
    ]
    for message, before, after in cases:
        code = D.diagnose_message(message).diagnosis.fix_code
        namespace = _run_fix(_fixes(D.diagnose_message(message).diagnosis)[0], np.arange(math.prod(before),
                             dtype="float32").reshape(before))
        assert namespace["X"].shape == after, code
    swapped = D.diagnose_message(cases[0][0]).diagnosis.fix_code
    X = np.arange(30, dtype="float32").reshape((2, 3, 5))
    np.testing.assert_array_equal(_run_fix(swapped, X)["X"], np.swapaxes(X, 1, 2))  # a transpose, not a reshape


def test_an_unclassified_message_is_never_a_dead_end():
    result = D.diagnose_message('ValueError: Shape mismatch in layer "gru_2": (None, 7, 3) vs (None, 7)')
    assert result.diagnosis is None and result.clues is not None
    assert [c.shape for c in result.clues.shapes] == [(None, 7, 3), (None, 7)]
    assert result.clues.layers == ("gru_2",) and result.clues.prefill["first_layer"] == LSTM
    assert result.clues.prefill["input_shape"] == "(7, 3)"


# --- Classes found by the held-out messages (numbers and names differ from the corpus's) ----------

HELD_OUT_CLASSES = [
    # (message, culprit, axis, fix kind)
    # a few model inputs that agree, and y with another count (not a list of windows: len(x) != y)
    ("ValueError: Data cardinality is ambiguous:\n  x sizes: 500, 500, 500\n  y sizes: 1500\n",
     "samples", "samples", "match_samples"),
    # a list of 4 windows for 4 targets is still one array to stack
    ("ValueError: Data cardinality is ambiguous:\n  x sizes: 12, 12, 12, 12\n  y sizes: 4\n", "data", "samples", "dtype"),
    # a Conv2D op: the input's channels against the channels the kernel was built for
    ("ValueError: Dimensions must be equal, but are 3 and 1 for '{{node conv2d_4/Conv2D}} = Conv2D[T=DT_FLOAT]"
     "(IteratorGetNext, conv2d_4/Conv2D/ReadVariableOp)' with input shapes: [?,48,48,3], [5,5,1,16].",
     "declared", "channels", "input_shape"),
    # Conv1D runs as a Conv2D over (samples, 1, steps, features): the features differ
    ("Dimensions must be equal, but are 6 and 4 for '{{node conv1d_2/Conv1D}} = Conv2D[T=DT_FLOAT]"
     "(conv1d_2/Conv1D/ExpandDims, conv1d_2/Conv1D/ExpandDims_1)' with input shapes: [?,1,24,6], [1,3,4,32].",
     "declared", "features", "input_shape"),
    # Keras 0.x/1 wording for a rank error, frames without channels
    ("Exception: Invalid input shape - Layer expects input ndim=5, was provided with input shape (None, 12, 64, 64)",
     "X", "channels", "channels_axis"),
    # a Bidirectional(ConvLSTM2D) given 4D while the model is built: the declared input lacks an axis
    ("ValueError: Input 0 is incompatible with layer bidirectional_2: expected ndim=5, found ndim=4",
     "declared", "timesteps", "input_shape"),
    # y holds a square grid per sample where a Dense layer gives a row
    ("Error when checking target: expected dense_4 to have 2 dimensions, but got array with shape (30, 64, 64)",
     "output", "outputs", "output_units"),
    # channels-first pictures for a channels-last model with open rows and columns
    ("ValueError: Error when checking : expected input_2 to have shape (None, None, 1) but got array with shape "
     "(1, 128, 128)", "X", "channels", "swap_axes"),
    # NumPy: not even whole rows of the last size
    ("ValueError: cannot reshape array of size 1000003 into shape (9,128)", "data", "features", "divisible"),
    # a last axis of 1 is a placeholder: twice the values per sample means 2 features (or channels)
    ("ValueError: cannot reshape array of size 24000 into shape (100,6,20,1)", "data", "features", "divisible"),
    # an LSTM's input with three sizes: batch_input_shape with a fixed batch
    ("Exception: Error when checking : expected gru_input_2 to have shape (64, 12, 3) but got array with shape (7, 12, 3)",
     "declared", "samples", "input_shape"),
    ("Error when checking model input: expected lstm_3 to have shape (2, 20, 5) but got array with shape (2, 8000, 5)",
     "X", "timesteps", "windows"),
    ("ValueError: Error when checking : expected lstm_input_2 to have shape (90, 12, 1) but got array with shape "
     "(16, 90, 12)", "declared", "samples", "input_shape"),
    # an Embedding's input: the sequence length is the timesteps axis, padded to another length
    ("Error: Error when checking : expected embedding_3_input to have shape (None, 40) but got array with shape (500, 25)",
     "X", "timesteps", "pad"),
    # one window (one sample) of values: the features axis is missing
    ('Input 0 of layer "sequential_2" is incompatible with the layer: expected ndim=3, found ndim=2. '
     "Full shape received: (1, 48)", "X", "features", "reshape"),
    # Dense fed feature maps of a convolution: Flatten, no LSTM involved
    ("Exception: Input 0 is incompatible with layer dense_5: expected ndim=2, found ndim=4", "layer", None,
     "return_sequences"),
    # a later convolution fed 3D while the model is built: the layer before hands on no channels axis
    ("Exception: Input 0 is incompatible with layer conv2d_3: expected ndim=4, found ndim=3", "layer", "channels",
     "channels_axis"),
    ("Exception: Input 0 is incompatible with layer conv2d_1: expected ndim=4, found ndim=3", "declared", "channels",
     "input_shape"),
    # Keras 2's check: a known output size is the model's output, not a sparse loss's (None, ..., 1)
    ("ValueError: Error when checking target: expected dense_3 to have shape (50, 1) but got array with shape (50, 30)",
     "output", "outputs", "output_units"),
    ("Error when checking target: expected dense_2 to have shape (None, 1) but got array with shape (16, 12)",
     "y", "classes", "labels"),
]


@pytest.mark.parametrize("message, culprit, axis, fix", HELD_OUT_CLASSES, ids=[f[0][:60] for f in HELD_OUT_CLASSES])
def test_the_held_out_classes_are_read(message, culprit, axis, fix):
    diagnosis = D.diagnose_message(message).diagnosis
    assert diagnosis is not None, message
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == (culprit, axis, fix), diagnosis.title


def test_theano_prints_the_batch_shape_so_the_fix_does_not_use_it_as_the_row_count():
    message = "'Bad input argument at index 0(0-based)', 'Wrong number of dimensions: expected 3, got 2 with shape (16L, 40L).')"
    parsed = D.parse_error_message(message)
    assert parsed.got == (None, 40)
    assert all("16" not in d.fix_code for d in D.diagnose_message(message).diagnosis.readings)
    windows = next(d for d in D.diagnose_message(message).diagnosis.readings if d.axis == "features")
    namespace = _run_fix(windows.fix_code, np.zeros((250, 40), dtype="float32"))
    assert namespace["X"].shape == (250, 40, 1)  # the whole array, not the batch of 16


def _keras_namespace(X, y=None) -> dict:
    import keras
    from keras import layers

    namespace = {"X": X, "np": np, "keras": keras, "layers": layers}
    if y is not None:
        namespace["y"] = y
    return namespace


def test_the_fix_snippets_of_the_held_out_classes_run():
    # several inputs and y: afterwards every input and y agree on the samples
    d = D.diagnose_message("Data cardinality is ambiguous:\n  x sizes: 500, 500, 500\n  y sizes: 1500\n").diagnosis
    namespace = _run_fix(d.fix_code, [np.zeros((500, 3)) for _ in range(3)], np.zeros(1500))
    assert {len(a) for a in namespace["X"]} == {len(namespace["y"])} == {500}
    # channels: repeat the grey channel for a kernel built for 3
    d = D.diagnose_message("Dimensions must be equal, but are 1 and 3 for 'conv2d/Conv2D' (op: 'Conv2D') with input "
                           "shapes: [?,40,30,1], [7,7,3,8].").diagnosis
    assert "keras.Input(shape=(40, 30, 1))" in d.fix_code
    assert _run_fix(d.fix_code.split("\n", 1)[1], np.zeros((5, 40, 30, 1)))["X"].shape == (5, 40, 30, 3)
    # channels first → channels last: a transpose that keeps every pixel
    d = D.diagnose_message("Error when checking input: expected input_2 to have shape (None, 64, 3) but got array "
                           "with shape (3, 64, 64)").diagnosis
    X = np.arange(2 * 3 * 64 * 64, dtype="float32").reshape((2, 3, 64, 64))
    np.testing.assert_array_equal(_run_fix(d.fix_code, X)["X"], np.moveaxis(X, 1, -1))
    # a grid per sample: flatten y (the second block) to the Dense output's rows
    d = D.diagnose_message("Error when checking target: expected dense_4 to have 2 dimensions, but got array with "
                           "shape (30, 64, 64)").diagnosis
    assert _run_fix(_fixes(d)[1], np.zeros((30, 5)), np.zeros((30, 64, 64)))["y"].shape == (30, 4096)
    exec(compile(_fixes(d)[0], "<fix>", "exec"), _keras_namespace(np.zeros((30, 5))))  # layers that build
    # not whole rows: the check keeps X, dropping the leftover gives whole rows
    d = D.diagnose_message("X = X.reshape((9, 128))\ncannot reshape array of size 1000003 into shape (9,128)").diagnosis
    first, second = _fixes(d)
    assert _run_fix(first, np.zeros(1000003))["X"].size == 1000003
    assert _run_fix(second, np.zeros(1000003))["X"].shape == (7812, 128)
    # the placeholder 1 becomes the features the values hold
    d = D.diagnose_message("cannot reshape array of size 24000 into shape (100,6,20,1)").diagnosis
    assert _run_fix(_fixes(d)[0], np.zeros(24000))["X"].shape == (100, 6, 20, 2)
    # padded token sequences: pad to the model's length
    d = D.diagnose_message("expected embedding_3_input to have shape (None, 40) but got array with shape (500, 25)")
    X = [np.arange(n) + 1 for n in (25, 10, 31)]
    namespace = _keras_namespace(X)
    exec(compile(d.diagnosis.fix_code, "<fix>", "exec"), namespace)
    assert namespace["X"].shape == (3, 40)
    # one window: (1, values) → (1, values, 1)
    d = D.diagnose_message('Input 0 of layer "sequential_2" is incompatible with the layer: expected ndim=3, '
                           "found ndim=2. Full shape received: (1, 48)").diagnosis
    assert _run_fix(d.fix_code, np.zeros((1, 48)))["X"].shape == (1, 48, 1)
    # declarations that build in Keras 3
    for message in ("Exception: Error when checking : expected gru_input_2 to have shape (64, 12, 3) but got array "
                    "with shape (7, 12, 3)",
                    "ValueError: Error when checking : expected lstm_input_2 to have shape (90, 12, 1) but got array "
                    "with shape (16, 90, 12)"):
        code = D.diagnose_message(message).diagnosis.fix_code
        namespace = _keras_namespace(None)
        exec(compile(code, "<fix>", "exec"), namespace)
    d = D.diagnose_message("Exception: Input 0 is incompatible with layer conv2d_3: expected ndim=4, found ndim=3")
    exec(compile(d.diagnosis.fix_code, "<fix>", "exec"), _keras_namespace(None))


@pytest.mark.parametrize("message, have, want", [
    # Keras 3 wording and Keras 2 wording: a Dense layer checks only its LAST axis
    ("ValueError: Input 0 with name 'x' of layer 'dense_3' is incompatible with the layer: expected axis -1 of "
     "input shape to have value 96, but received input with shape (None, 12, 20)", 20, 96),
    ("ValueError: Input 0 of layer dense_7 is incompatible with the layer: expected axis -1 of input shape to "
     "have value 40 but received input with shape [None, 9, 6, 18]", 18, 40),
])
def test_a_dense_width_mismatch_is_a_features_problem_not_return_sequences(message, have, want):
    diagnosis = D.diagnose_message(message).diagnosis
    assert diagnosis is not None
    assert (diagnosis.axis, diagnosis.fix_kind) == ("features", "input_shape"), diagnosis.title
    assert "return_sequences" not in diagnosis.fix_code and "Flatten" not in diagnosis.fix_code
    assert f"{have} features" in diagnosis.cause and f"built for {want}" in diagnosis.cause


def test_the_installed_keras_dense_reads_3d_and_checks_only_the_last_axis():
    from keras import layers

    dense = layers.Dense(3)
    assert tuple(dense(np.zeros((2, 7, 11), "float32")).shape) == (2, 7, 3)  # any rank >= 2 is read
    with pytest.raises(ValueError) as raised:
        dense(np.zeros((2, 7, 13), "float32"))  # built for 11 on its last axis
    diagnosis = D.diagnose_message(str(raised.value)).diagnosis
    assert diagnosis is not None and (diagnosis.axis, diagnosis.fix_kind) == ("features", "input_shape")
    assert "13 features" in diagnosis.cause and "built for 11" in diagnosis.cause


def _raised_by_fit(model, X, y) -> str:
    """The message the installed Keras raises when `model` is fitted on X and y."""
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError) as raised:
        model.fit(X, y, epochs=1, verbose=0)
    return str(raised.value)


def test_a_none_declared_before_2d_rows_is_read_as_the_batch_axis_written_into_the_shape():
    import keras
    from keras import layers

    X, y = np.zeros((20, 17), dtype="float32"), np.zeros((20, 1), dtype="float32")
    model = keras.Sequential([keras.Input(shape=(None, 17)), layers.Dense(4), layers.Dense(1)])  # None meant as batch
    diagnosis = D.diagnose_message(_raised_by_fit(model, X, y)).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("declared", "timesteps", "input_shape")
    declare, windows = _fixes(diagnosis)
    fixed = keras.Sequential([_run_fix(declare, X, y)["inputs"], layers.Dense(4), layers.Dense(1)])
    fixed.compile(optimizer="adam", loss="mse")
    fixed.fit(X, y, epochs=1, verbose=0)  # the declaration without the None: it trains on X as it is
    cut = _run_fix(windows, X, y)  # the other reading, an LSTM fed windows of consecutive rows
    assert cut["X"].shape[1:] == (cut["n_steps"], 17) and len(cut["X"]) == len(cut["y"])


def test_a_described_lstm_declared_for_any_length_is_not_taken_for_a_batch_axis():
    desc = D.describe("(20, 17)", "(20, 1)", D.FIRST_LAYERS[0], "(None, 17)")  # the learner chose an LSTM
    diagnoses = [problem.diagnosis for problem in D.check(desc)]
    assert diagnoses and all(d.culprit == "X" for d in diagnoses)  # X lacks the timesteps the LSTM reads


# --- Saved weights loaded into a model built with other sizes ------------------------------------

@pytest.mark.parametrize("message, axis, fix", [(m, a, f) for m, _, a, f in FAMILIES
                                             if re.search(r"Assign|weight|restore|load_weights", m)])
def test_saved_weights_that_do_not_fit_name_the_size_that_differs(message, axis, fix):
    assert D.parse_error_message(message).kind == P.WEIGHTS
    if fix != "swap_axes":  # (a kernel in another order differs at several axes)
        wrong = [c.name for c in D.diagnose_message(message).diagnosis.cells if c.wrong]
        assert wrong == [axis if axis != "outputs" else "units"]


def test_a_loss_that_compares_shapes_is_not_taken_for_weights():
    for message in ("ValueError: Shapes (None, 4) and (None, 10) are incompatible",
                    "ValueError: Shapes (32, 4) and (32, 10) are incompatible"):  # nothing about loading
        assert D.parse_error_message(message).kind != P.WEIGHTS


def test_the_saved_kernel_is_moved_into_the_order_of_the_model_built():
    message = ("Dimension 0 in both shapes must be equal, but are 3 and 64. Shapes are [3,3,2,64] and [64,2,3,3]. "
               "for 'Assign' (op: 'Assign') with input shapes: [3,3,2,64], [64,2,3,3].")
    code = D.diagnose_message(message).diagnosis.fix_code
    saved = np.arange(64 * 2 * 3 * 3, dtype="float32").reshape((64, 2, 3, 3))  # (filters, channels, rows, columns)
    namespace = {"np": np, "kernel": saved}
    exec(compile(code, "<fix>", "exec"), namespace)  # our own snippet
    np.testing.assert_array_equal(namespace["kernel"][1, 2, 0, 5], saved[5, 0, 1, 2])


@pytest.mark.slow
def test_the_installed_keras_messages_for_weights_of_another_model_are_read(tmp_path):
    import keras
    from keras import layers

    from lessons.core.captured import capture, keras_source

    def model(features: int, classes: int) -> keras.Model:
        return keras.Sequential([keras.Input(shape=(5, features)), layers.LSTM(8), layers.Dense(classes)])

    saved = model(features=1, classes=3)
    path = tmp_path / "saved.weights.h5"
    saved.save_weights(path)
    calls = {
        "load_weights, another number of features": (lambda: model(2, 3).load_weights(path), "features"),
        "set_weights, another number of features": (lambda: model(2, 3).set_weights(saved.get_weights()), "features"),
        "load_weights, another number of classes": (lambda: model(1, 4).load_weights(path), "outputs"),
    }
    for what, (call, axis) in calls.items():
        _, error = capture(call, keras_source())
        assert error is not None, what
        diagnosis = D.diagnose_message(f"{error.kind}: {error.message}").diagnosis
        assert diagnosis is not None and diagnosis.axis == axis, (what, error.message[:300])
        namespace = {"model": model(2, 3)}
        exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet: it runs on a model


def test_sequences_of_other_lengths_in_a_loss_are_ys_not_xs():
    message = ("Incompatible shapes: [32,1480,80] vs. [32,1000,80]\n\t [[Node: model/loss/sub = Sub[T=DT_FLOAT]"
               "(datafeeder/input_queue_Dequeue, model/inference/Reshape)]]")
    diagnosis = D.diagnose_message(message).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("y", "timesteps", "pad")
    y = [np.ones((n, 80), dtype="float32") for n in (1480, 700, 1000)]  # target sequences of any length
    namespace = {"np": np, "y": y}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet
    assert namespace["y"].shape == (3, 1000, 80) and namespace["y"][1, 699:701, 0].tolist() == [1.0, 0.0]


@pytest.mark.parametrize("message", [
    "Error when checking target: expected dense_4 to have shape (14,) but got array with shape (4,)",
    "InvalidArgumentError: Incompatible shapes: [32,29] vs. [32,30]",
])
def test_several_columns_against_several_others_are_read_as_classes(message):
    diagnosis = D.diagnose_message(message).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("output", "classes", "output_units")
    assert "one-hot" in diagnosis.cause and "regression" in diagnosis.cause  # the other reading is said too
    assert [c.name for c in diagnosis.cells] == ["samples", "classes"]


def test_one_column_against_several_stays_a_values_question():
    diagnosis = D.diagnose_message("InvalidArgumentError: Incompatible shapes: [32,1] vs. [32,24]").diagnosis
    assert (diagnosis.culprit, diagnosis.axis) == ("output", "outputs")


# --- The output as the loss saw it: squeezed, or in an order the message does not say ---------------

def _kinds(diagnosis) -> list[tuple[str, str | None, str]]:
    return [(d.culprit, d.axis, d.fix_kind) for d in diagnosis.readings]


PER_STEP = ("output", "timesteps", "return_sequences")


@pytest.mark.parametrize("message, kinds", [
    # the output operand is the squeeze: it had a last axis of 1 (Keras 3, then tf.keras 2)
    ("Dimensions must be equal, but are 2 and 3 for '{{node compile_loss/mse/sub}} = Sub[T=DT_FLOAT](data_1, "
     "compile_loss/mse/Squeeze)' with input shapes: [?,2], [?,3].", [PER_STEP]),
    ("Dimensions must be equal, but are 3 and 2 for '{{node mean_squared_error/SquaredDifference}} = "
     "SquaredDifference[T=DT_FLOAT](mean_squared_error/remove_squeezable_dimensions/Squeeze, Cast)' with input "
     "shapes: [32,3], [32,2].", [PER_STEP]),
    # tf.keras 2 and Keras 3 may have dropped it without saying: the learner's last layer tells
    ("Dimensions must be equal, but are 2 and 3 for '{{node binary_crossentropy/mul}} = Mul[T=DT_FLOAT]("
     "binary_crossentropy/Cast, binary_crossentropy/Log)' with input shapes: [1,2], [1,3].",
     [("output", "classes", "output_units"), PER_STEP]),
    ("Arguments `target` and `output` must have the same shape. Received: target.shape=(None, 2), "
     "output.shape=(None, 3)", [("output", "classes", "output_units"), PER_STEP]),
    # Keras 2.2's own graph never drops it; a categorical loss is never put on one unit
    ("Dimensions must be equal, but are 2 and 3 for '{{node loss/dense_2_loss/sub}} = Sub[T=DT_FLOAT]("
     "dense_2/BiasAdd, IteratorGetNext:1)' with input shapes: [32,3], [32,2].", [("output", "outputs", "output_units")]),
    ("model.compile(loss='categorical_crossentropy')\nArguments `target` and `output` must have the same shape. "
     "Received: target.shape=(None, 2), output.shape=(None, 3)", [("output", "classes", "output_units")]),
    # the output operand is the model's own tensor: nothing was dropped
    ("Dimensions must be equal, but are 2 and 3 for '{{node compile_loss/mse/sub}} = Sub[T=DT_FLOAT](data_1, "
     "sequential_4_1/dense_4_1/BiasAdd)' with input shapes: [?,2], [?,3].", [("output", "outputs", "output_units")]),
    ("Dimensions must be equal, but are 3 and 2 for '{{node mean_squared_error/SquaredDifference}} = "
     "SquaredDifference[T=DT_FLOAT](sequential/dense/BiasAdd, Cast)' with input shapes: [32,3], [32,2].",
     [("output", "outputs", "output_units")]),
])
def test_an_output_the_loss_saw_without_its_last_axis_of_1_is_read_as_timesteps(message, kinds):
    diagnosis = D.diagnose_message(message).diagnosis
    assert _kinds(diagnosis) == kinds
    per_step = next((d for d in diagnosis.readings if (d.culprit, d.axis, d.fix_kind) == PER_STEP), None)
    if per_step is not None and len(kinds) > 1:
        assert diagnosis.question == "What does the model end with?" and per_step.answer.startswith("Dense(1)")
    if per_step is not None:
        assert "layers.Dense(2)" in per_step.fix_code and "return_sequences" not in per_step.fix_code.split("#")[0]


UNITS, NUMBERS = ("output", "classes", "output_units"), ("y", "classes", "labels")


@pytest.mark.parametrize("before, kinds", [
    ("", [UNITS, NUMBERS]),  # the loss prints y first, Precision and Recall the output: asked, in the message's order
    ("  File \".../keras/backend.py\", line 4833, in categorical_crossentropy\n"
     "    target.shape.assert_is_compatible_with(output.shape)\n", [UNITS]),
    # a metric named in the learner's own code does not say which raised: the loss runs first
    ("model.compile(loss='sparse_categorical_crossentropy', metrics=[keras.metrics.Precision()])\n", [UNITS, NUMBERS]),
])
def test_shapes_are_incompatible_reads_y_from_the_frame_that_raised_or_asks(before, kinds):
    diagnosis = D.diagnose_message(f"{before}ValueError: Shapes (None, 4) and (None, 1) are incompatible").diagnosis
    assert _kinds(diagnosis) == kinds
    if len(kinds) > 1:
        assert diagnosis.question == "What is y.shape?"
        assert [d.answer for d in diagnosis.readings] == ["(samples, 4): one-hot rows",
                                                          "(samples, 1) or (samples,): one class number per sample"]


def test_each_reading_of_an_unordered_message_is_reproduced_with_its_own_y():
    result = D.diagnose_message("ValueError: Shapes (None, 1) and (None, 5) are incompatible")
    numbers, one_hot = result.diagnosis.readings
    assert (numbers.case.y_shape[-1], numbers.case.units) == (1, 5)
    assert (one_hot.case.y_shape[-1], one_hot.case.units) == (5, 1)
    per_step = D.diagnose_message("ValueError: Shapes (None, 1) and (None, 10, 1) are incompatible").diagnosis
    assert len(per_step.readings) == 1 and per_step.case.y_shape[1:] == (1,)  # 3D: y is as printed, first


def test_a_confusion_metric_of_tf_keras_2_is_read_from_its_frame():
    frame = ('  File ".../keras/utils/metrics_utils.py", line 619, in update_confusion_matrix_variables\n'
             "    y_pred.shape.assert_is_compatible_with(y_true.shape)\n")
    diagnosis = D.diagnose_message(f"{frame}ValueError: Shapes (None, 3) and (None, 1) are incompatible").diagnosis
    assert diagnosis.title == "Precision, Recall or AUC given class numbers" and len(diagnosis.readings) == 1


# --- The layer before hands on the wrong rank; a bias laid out channels first ---------------------

@pytest.mark.parametrize("message, want, found", [
    ("ValueError: new_order[2] is 2, but the input only has 2 axes.", 3, 2),  # Theano, while Keras 0.x builds
    ("Exception: Incompatible shapes: layer expected input with ndim=3 but previous layer has output_shape "
     "(None, 512)", 3, 2),
])
def test_a_recurrent_layer_fed_2d_by_the_layer_before_it(message, want, found):
    parsed = D.parse_error_message(message)
    assert (parsed.kind, parsed.expected_rank, parsed.found_rank, parsed.detail) == (P.RANK, want, found, "previous")
    diagnosis = D.explain(parsed)
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("layer", "timesteps", "return_sequences")
    if "new_order" in message:
        assert D.find_clues(message).shapes == ()  # "new_order[2]" indexes a list: no shape in it


def test_every_way_to_hand_a_sequence_to_the_lstm_builds_in_keras():
    import keras

    fixes = _fixes(D.diagnose_message("ValueError: new_order[2] is 2, but the input only has 2 axes.").diagnosis)
    # what the layer below gets: the stacked LSTMs and the convolutions without a Flatten read a sequence, the
    # Dense and RepeatVector a vector
    inputs = [(10, 3), (10, 3), (4, 8, 8, 1), (8,), (8,)]  # the convolutions per frame read frames of pictures
    assert len(fixes) == len(inputs)
    for code, shape in zip(fixes, inputs):
        stack = _keras_namespace(None)
        exec(compile(f"stack = [\n{code}\n]", "<fix>", "exec"), stack)  # our own snippet: a list of layers
        model = keras.Sequential([keras.Input(shape=shape), *stack["stack"], keras.layers.Dense(1)])
        assert model.predict(np.zeros((2,) + shape, dtype="float32"), verbose=0).shape[0] == 2, code


def test_a_layer_fed_3d_where_it_reads_2d_is_not_told_to_hand_on_more():
    # Keras 1: a Dense after an LSTM that hands on every timestep
    diagnosis = D.diagnose_message("AssertionError: Incompatible shapes: layer expected input with ndim=2 but previous "
                                   "layer has output_shape (None, 196, 256)").diagnosis
    assert diagnosis.title == "Dense gets more axes than it was built for"
    assert "return_sequences=True" not in diagnosis.fix_code


BIAS_CHANNELS_FIRST = ("InvalidArgumentError (see above for traceback): Incompatible shapes: [64,59,93] vs. [1,93,1]\n"
                       "\t [[Node: training/RMSprop/gradients/dense_1/add_grad/BroadcastGradientArgs = "
                       "BroadcastGradientArgs[T=DT_INT32](training/RMSprop/gradients/dense_1/add_grad/Shape)]]")


def test_a_bias_added_along_axis_one_is_read_as_a_channels_first_setting():
    parsed = D.parse_error_message(BIAS_CHANNELS_FIRST)
    assert (parsed.op, parsed.layer, parsed.got, parsed.expected) == ("bias_axis", "dense_1", (64, 59, 93), (1, 93, 1))
    diagnosis = D.explain(parsed)
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("declared", "channels", "swap_axes")
    assert "dense_1 adds its 93 biases along axis 1" in diagnosis.cause
    assert [(c.name, c.wrong) for c in diagnosis.cells] == [("samples", False), ("axis 1", True), ("channels", True)]
    assert "moveaxis" not in diagnosis.fix_code  # a Dense layer's bias is on its units: moving X's axes cannot help
    import keras

    before = keras.backend.image_data_format()
    keras.backend.set_image_data_format("channels_first")  # the setting behind the message
    try:
        exec(compile(diagnosis.fix_code, "<fix>", "exec"), _keras_namespace(None))  # our own snippet
        assert keras.backend.image_data_format() == "channels_last"
    finally:
        keras.backend.set_image_data_format(before)
    conv = D.diagnose_message(BIAS_CHANNELS_FIRST.replace("dense_1", "conv1d_1")).diagnosis
    assert _run_fix(_fixes(conv)[1], np.zeros((64, 59, 93)))["X"].shape == (64, 93, 59)  # a convolution can read it so
    # the same broadcast inside a loss is y against the output, and two operands of other sizes are not a layout
    assert D.parse_error_message("Incompatible shapes: [64,59,93] vs. [1,93,1] [[{{node loss/sub}}]]").op != "bias_axis"
    assert D.parse_error_message("Incompatible shapes: [64,59,93] vs. [1,7,1] [[{{node dense_1/add}}]]") is None


@pytest.mark.parametrize("message, reading", [
    # TensorFlow runs a Conv1D as a Conv2D over (samples, 1, timesteps, features): its timesteps are short
    ("ValueError: Negative dimension size caused by subtracting 3 from 2 for 'conv1d_1/conv1d' (op: 'Conv2D') with "
     "input shapes: [?,1,2,1], [1,3,1,4].", ("layer", "timesteps", "kernel")),
    # pictures with their channels first: the 1 channel sits where the rows should be
    ("ValueError: Computed output size would be zero or negative. Received `inputs shape=(None, 1, 28, 28)`, "
     "`kernel shape=(3, 3, 28, 8)`, `dilation_rate=[1 1]`, `strides=(1, 1)`, `padding=valid`.",
     ("X", "channels", "swap_axes")),
    ("ValueError: could not convert string to float: '2021-01-04'", ("data", None, "dtype")),
    ("tensorflow.python.framework.errors_impl.UnimplementedError: Cast string to float is not supported",
     ("data", None, "dtype")),
])
def test_windows_longer_than_the_axis_and_text_in_x(message, reading):
    diagnosis = D.diagnose_message(message).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == reading, diagnosis.title


def test_a_flatten_fed_one_row_per_sample_is_left_out_but_a_flatten_input_is_x():
    # tf.keras 2: a Flatten after a global pooling (Keras 3's Flatten takes 2D as it is)
    inner = D.diagnose_message("ValueError: Input 0 is incompatible with layer flatten_4: expected min_ndim=3, "
                               "found ndim=2").diagnosis
    assert (inner.culprit, inner.title) == ("layer", "Nothing left to flatten") and "layers.Flatten" not in inner.fix_code
    # the model's own input (flatten_3_input) fed one picture: X lacks its samples axis
    first = D.diagnose_message("Error when checking input: expected flatten_3_input to have 3 dimensions, but got "
                               "array with shape (28, 28)").diagnosis
    assert (first.culprit, first.axis) == ("X", "samples")


def test_a_model_that_reads_square_pictures_names_their_axes_rows_columns_channels():
    diagnosis = D.diagnose_message('Invalid input shape for input Tensor("functional_1/Cast:0", shape=(100,), '
                                   "dtype=float32). Expected shape (None, 64, 64, 3), but input has incompatible shape "
                                   "(100,)").diagnosis
    assert [c.name for c in diagnosis.cells] == ["samples", "rows", "columns", "channels"]
    assert diagnosis.axis == "rows"  # not a CNN-LSTM's subsequences


def test_a_global_pooling_fed_one_row_per_sample_is_left_out():
    diagnosis = D.diagnose_message("ValueError: Input 0 of layer global_average_pooling2d is incompatible with the "
                                   "layer: expected ndim=4, found ndim=2. Full shape received: (None, 768)").diagnosis
    assert (diagnosis.title, diagnosis.culprit) == ("Nothing left to pool", "layer")


def test_rgba_pictures_where_the_model_reads_rgb_lose_their_transparency():
    diagnosis = D.diagnose_message("ValueError: Input 0 of layer sequential_1 is incompatible with the layer: expected "
                                   "axis -1 of input shape to have value 3 but received input with shape "
                                   "(None, 100, 100, 4)").diagnosis
    assert (diagnosis.axis, diagnosis.title) == ("channels", "The number of channels differs")
    assert _run_fix(diagnosis.fix_code.split("\n", 1)[1], np.zeros((2, 100, 100, 4)))["X"].shape == (2, 100, 100, 3)
    # quoted without the layer's part, the message is still read
    assert D.diagnose_message("expected axis -1 of input shape to have value 7, but received input with shape "
                              "(32, 8)").diagnosis.axis == "features"


def test_a_gather_outside_an_embedding_and_other_estimators_attributes_are_not_read_as_keras():
    assert D.parse_error_message("indices[3,7] = 9 is not in [0, 5)\n [[{{node GatherV2}}]]") is None
    assert D.parse_error_message("AttributeError: 'LinearRegression' object has no attribute 'predict_proba'") is None
    assert D.parse_error_message("ValueError: new_order[1] is 1, but the input only has 1 axes.") is None
    assert D.parse_error_message('ValueError: Layer "concatenate" expects 2 input(s), but it received 1 input tensors.') is None


def test_a_negative_token_id_is_not_fixed_by_a_bigger_vocabulary():
    diagnosis = D.diagnose_message("InvalidArgumentError: indices[3,7] = -1 is not in [0, 5000)\n"
                                   "\t [[{{node sequential/embedding/embedding_lookup}}]]").diagnosis
    assert (diagnosis.title, diagnosis.culprit) == ("A negative token id", "X")
    import keras

    namespace = {"np": np, "X": np.array([[3, -1, 7]]), "layers": keras.layers}
    exec(compile(diagnosis.fix_code, "<fix>", "exec"), namespace)  # our own snippet
    assert namespace["X"].min() == 0 and namespace["embedding"].input_dim == 8


@pytest.mark.parametrize("message, reading", [
    # a loss whose shapes TensorFlow 2.8+ does not print (handson-ml2#589: Y (7000, 10) against an output (7000, 50, 10))
    ("InvalidArgumentError: required broadcastable shapes [Op:SquaredDifference]", ("output", "timesteps", "return_sequences")),
    ("InvalidArgumentError: Graph execution error:\n\nDetected at node 'mean_squared_error/SquaredDifference' defined at "
     "(most recent call last):\nNode: 'mean_squared_error/SquaredDifference'\nrequired broadcastable shapes\n"
     "\t [[{{node mean_squared_error/SquaredDifference}}]] [Op:__inference_train_function_7589]",
     ("output", "timesteps", "return_sequences")),
    # TensorFlow 2.4-2.7's MatMul in an LSTM cell: 10 features fed to a kernel built for 1
    ("InvalidArgumentError:  Matrix size-incompatible: In[0]: [32,10], In[1]: [1,200]\n\t [[node "
     "sequential/lstm/while/body/_1/sequential/lstm/while/lstm_cell/MatMul (defined at <ipython-input-5>:1) ]] "
     "[Op:__inference_train_function_3412]", ("declared", "features", "input_shape")),
    # Keras 2's merge layers
    ("ValueError: Operands could not be broadcast together with shapes (10, 32) (5, 32)", ("layer", "timesteps", "return_sequences")),
    ("ValueError: A `Concatenate` layer requires inputs with matching shapes except for the concat axis. Got inputs "
     "shapes: [(None, 10, 32), (None, 32)]", ("layer", "timesteps", "return_sequences")),
    ("IndexError: too many indices for array", ("data", None, "reshape")),  # older NumPy says no more
    ("ValueError: could not broadcast input array from shape (10,1) into shape (10,)", ("data", "features", "reshape")),
    ("ValueError: could not broadcast input array from shape (224,224,3) into shape (224,224)", ("data", "timesteps", "pad")),
])
def test_messages_of_tensorflow_keras_2_and_numpy_that_no_installed_call_raises(message, reading):
    diagnosis = D.diagnose_message(message).diagnosis
    assert diagnosis is not None and (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == reading, diagnosis


def test_a_broadcast_inside_a_layer_is_not_read_as_y_against_the_output():
    message = "Node: 'model/multiply/mul'\nrequired broadcastable shapes\n\t [[{{node model/multiply/mul}}]]"
    assert D.diagnose_message(message).diagnosis is None


@pytest.mark.parametrize("message", [
    "RuntimeError: input.size(-1) must be equal to input_size. Expected 1, got 8",
    "RuntimeError: Expected hidden[0] size (1, 32, 50), got [1, 64, 50]",
    "RuntimeError: mat1 and mat2 shapes cannot be multiplied (32x400 and 50x1)",
])
def test_a_pytorch_message_is_named_and_its_axes_explained(message):
    result = D.diagnose_message(message)
    assert result.diagnosis is None and result.problem.startswith("This is a PyTorch message")
    assert "batch_first=True" in result.problem and result.clues is not None


@pytest.mark.parametrize("layer, title", [
    ("lstm_2_input", "X is 2D, the model wants 3D"),  # Keras 2 names the input after the first layer
    ("dense_1_input", "The Dense input is declared with a timesteps axis"),
])
def test_a_first_layer_named_in_the_message_settles_the_question(layer, title):
    diagnosis = D.diagnose_message(f"expected {layer} to have shape (1, 6) but got array with shape (6,)").diagnosis
    assert diagnosis.title == title and not diagnosis.others
    unnamed = D.diagnose_message("expected input_1 to have shape (1, 6) but got array with shape (6,)").diagnosis
    assert len(unnamed.readings) == 2 and title in {d.title for d in unnamed.readings}


def test_a_described_dense_model_declared_with_one_timestep_is_told_to_declare_rows():
    from lessons.debugger.model import DENSE

    problems = D.check(D.ModelDescription((100, 10), (100, 1), DENSE, (1, 10)))
    raised = [p.diagnosis for p in problems if p.raises]
    assert raised and (raised[0].culprit, raised[0].fix_kind) == ("declared", "input_shape")
    assert "keras.Input(shape=(10,))" in raised[0].fix_code


def test_pieces_that_differ_deeper_than_the_first_axis_are_not_read_as_windows_of_a_loop():
    deeper = D.diagnose_message("ValueError: setting an array element with a sequence. The requested array has an "
                                "inhomogeneous shape after 2 dimensions. The detected shape was (5, 3) + inhomogeneous part.")
    assert deeper.diagnosis.fix_kind == "pad" and not deeper.diagnosis.others


def _reading(diagnosis, answer_start: str):
    return next(d for d in diagnosis.readings if d.answer.startswith(answer_start))


def test_whole_sequences_longer_than_the_model_are_cut_into_consecutive_pieces_not_truncated():
    message = "ValueError: Error when checking input: expected lstm_1_input to have shape (10, 3) but got array with shape (45, 3)"
    longer = _reading(D.diagnose_message(message).diagnosis, "A whole sequence")
    assert longer.fix_kind == "windows" and "pad_sequences" not in longer.fix_code
    sequences = np.arange(2 * 45 * 3, dtype="float32").reshape((2, 45, 3))
    namespace = {"np": np, "X": sequences}
    exec(compile(longer.fix_code, "<fix>", "exec"), namespace)  # our own snippet, never learner input
    X = namespace["X"]
    assert X.shape == (8, 10, 3)  # 4 whole pieces of 10 steps from each 45-step sequence; the last 5 steps fill none
    np.testing.assert_array_equal(X[1], sequences[0, 10:20])  # consecutive pieces, in order
    np.testing.assert_array_equal(X[4], sequences[1, :10])  # the second sequence starts its own pieces
    shorter = _reading(D.diagnose_message(message.replace("(45, 3)", "(7, 3)")).diagnosis, "A whole sequence")
    assert shorter.fix_kind == "pad" and "maxlen=10" in shorter.fix_code


@pytest.mark.parametrize("printed, shape", [
    ("[[0.5, -1.25], [3, 4e-05], [nan, 7]]", (3, 2)),
    ("[[[1], [2]], [[3], [4]]]", (2, 2, 1)),
    ("[[1, 2], [3]]", None),  # ragged: no one shape
    ("[[1, 2], [3, 4]", None),  # cut short
    ("[__import__('os').system('echo hi')]", None),  # anything but numbers is refused, never evaluated
    ("[[[[[[[[1]]]]]]]]", None),  # deeper than any array a model reads
])
def test_a_printed_python_list_is_measured_without_being_evaluated(printed, shape):
    assert P.list_literal_shape(printed) == shape


@pytest.mark.parametrize("printed, lengths", [
    ("[[4, 12, 7], [3, 9], [15, 2, 8, 1, 6], [5]]", (3, 2, 5, 1)),  # token ids of sentences
    ("[[[1, 2], [3, 4]], [[5, 6]]]", (2, 1)),  # sequences of rows of 2 features
    ("[[1, 2], [3, 4]]", None),  # one shape: not ragged
    ("[[[1, 2]], [[3]]]", None),  # rows of other widths: not sequences of one kind
    ("[[1, 2], [3, 'x']]", None),
])
def test_a_printed_list_of_sequences_of_different_lengths_gives_their_lengths(printed, lengths):
    assert P.ragged_list_lengths(printed) == lengths


_FRAMES = ('  File ".../keras/src/metrics/confusion_metrics.py", line 378, in update_state\n'
           '  File ".../keras/src/metrics/metrics_utils.py", line 602, in update_confusion_matrix_variables\n')


@pytest.mark.parametrize("message, samples, classes", [
    (f"InvalidArgumentError: Graph execution error:\n\nDetected at node LogicalAnd_1 defined at (most recent call "
     f"last):\n{_FRAMES}\nIncompatible shapes: [1,90] vs. [1,30]\n\t [[{{{{node LogicalAnd_1}}}}]]", 30, 3),
    (f"InvalidArgumentError: Graph execution error:\n\n{_FRAMES}\ndata.shape = [28] does not start with "
     "segment_ids.shape = [112]\n\t [[{{node UnsortedSegmentSum}}]]", 28, 4),
    ("ValueError: Dimensions must be equal, but are 8 and 24 for '{{node LogicalAnd}} = LogicalAnd[](Tile_2, Greater)' "
     "with input shapes: [1,8], [1,24].", 8, 3),
    ("ValueError: Argument `segment_ids` and `data` should have same leading dimension. Got (24,) v.s. (8,).", 8, 3),
])
def test_a_confusion_metric_given_class_numbers_is_read_from_its_op_or_frames(message, samples, classes):
    diagnosis = D.diagnose_message(message).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("y", "classes", "labels")
    assert f"to_categorical(y, num_classes={classes})" in diagnosis.fix_code
    assert f"({samples} against {samples * classes} values in this batch)" in diagnosis.cause


@pytest.mark.parametrize("message", [
    "InvalidArgumentError: Incompatible shapes: [1,16] vs. [1,32]\n\t [[{{node LogicalAnd_1}}]]",
    "InvalidArgumentError: data.shape = [32] does not start with segment_ids.shape = [16]\n\t "
    "[[{{node UnsortedSegmentSum}}]]",
])
def test_one_hot_rows_against_one_unit_in_a_confusion_metric_are_read_as_units(message):
    diagnosis = D.diagnose_message(message).diagnosis
    assert (diagnosis.culprit, diagnosis.axis, diagnosis.fix_kind) == ("output", "classes", "output_units")
    assert "layers.Dense(2" in diagnosis.fix_code


def test_an_incompatible_shapes_elsewhere_is_not_read_as_a_metric():
    assert D.diagnose_message("Incompatible shapes: [1,90] vs. [1,30]\n\t [[{{node add_3}}]]").diagnosis is None


def test_numpy_leaves_a_leading_minus_one_out_and_the_debugger_puts_it_back():
    with pytest.raises(ValueError) as raised:
        np.zeros(8761).reshape((-1, 24, 1))
    assert "(24,1)" in str(raised.value)  # the -1 is not printed
    diagnosis = D.diagnose_message(str(raised.value)).diagnosis
    assert "reshape(-1, 24, 1)" in diagnosis.cause and diagnosis.fix_kind == "windows"
    explicit = D.diagnose_message("cannot reshape array of size 30 into shape (24,1)").diagnosis
    assert "reshape(-1, 24, 1)" not in explicit.cause.split("(NumPy")[0]  # fewer values than two samples: as written

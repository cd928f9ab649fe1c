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
    assert fix in D.explain(D.parse_error_message(text)).fix_code


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


def test_real_keras_messages_keep_their_ansi_codes_out_of_the_way():
    text = ("\x1b[1mDimensions must be equal, but are 2 and 1 for '{{node sequential_5_1/lstm_5_1/lstm_cell_1/MatMul}}"
            " = MatMul[T=DT_FLOAT](a, b)' with input shapes: [6,2], [1,16].\x1b[0m")
    diagnosis = D.diagnose_message(text).diagnosis
    assert diagnosis.axis == "features" and "keras.Input(shape=(n_steps, 2))" in diagnosis.fix_code


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
    assert "1,000,000,000" in D.diagnose_message(
        "Error when checking input: expected lstm_1_input to have 3 dimensions, but got array with shape (100000, 100000)"
    ).problem
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
    assert diagnosis.axis == "outputs" and "to_categorical(y, num_classes=3)" in diagnosis.fix_code


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
    """The fix's alternatives: blocks separated by a blank line and starting with a comment."""
    return re.split(r"\n\n(?=#)", diagnosis.fix_code)


def _run_fix(code: str, X: np.ndarray, y: np.ndarray | None = None) -> dict:
    namespace = {"X": X} if y is None else {"X": X, "y": y}
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
     (9, 4), (9, 2), [((7, 3, 4), (7, 2)), ((9, 4, 1), None), ((9, 1, 4), None)]),
    ("Input 0 with name 'x' of layer 'lstm' is incompatible with the layer: expected ndim=3, found ndim=2. "
     "Full shape received: (None, 5)", (7, 5), (7,), [((5, 3, 5), (5,)), ((7, 5, 1), None), ((7, 1, 5), None)]),
    ("Invalid input shape for input ... Expected shape (None, 1, 4), but input has incompatible shape (None, 4)",
     (9, 4), (9, 2), [((9, 1, 4), None), ((7, 3, 4), (7, 2))]),
    ("Invalid input shape for input ... Expected shape (None, 5, 4), but input has incompatible shape (None, 4)",
     (9, 4), (9, 1), [((5, 5, 4), (5, 1))]),
    ("Invalid input shape for input ... Expected shape (None, None, 4), but input has incompatible shape (None, 4)",
     (9, 4), (9,), [((7, 3, 4), (7,)), ((9, 1, 4), None)]),
    ("expected lstm_2_input to have shape (1, 6) but got array with shape (6,)",
     (8, 6), (8,), [((8, 1, 6), None), ((6, 3, 6), (6,))]),
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

"""The shape debugger page as a learner uses it: paste, describe, gallery, and bad input."""

from __future__ import annotations

import pytest

from lessons import debugger as D
from tests.apptest.helpers import badge_shapes, texts

PAGE = "pages/debugger.py"


@pytest.mark.parametrize("message, seen, fix", [
    ("ValueError: Invalid input shape for input ... Expected shape (None, 2, 1, 2, 1), but input has "
     "incompatible shape (None, 4, 1)", "X is 3D, the model wants 5D", "X = X.reshape((X.shape[0], 2, 1, 2, 1))"),
    ("ValueError: Data cardinality is ambiguous. Make sure all arrays contain the same number of samples."
     "'x' sizes: 923\n'y' sizes: 4615\n", "X was cut into blocks, y was not", "y = y[4::5]"),
    ("ValueError: cannot reshape array of size 20 into shape (10,3,2)",
     "The sizes don't multiply", "X = X.reshape((10, 1, 2))"),
    ("ValueError: Found array with 0 sample(s) (shape=(0, 1)) while a minimum of 1 is required by MinMaxScaler.",
     "The array is empty", "print(X.shape, y.shape)"),
    ("InvalidArgumentError: logits and labels must have the same first dimension, got logits shape [1280,5] and "
     "labels shape [64]", "return_sequences=True left on the last LSTM", 'layers.Dense(5, activation="softmax")'),
])
def test_pasted_messages_are_explained_with_a_fix(open_page, message, seen, fix):
    at = open_page(PAGE)
    at.text_area(key="dbg_message").input(message).run()
    assert not at.exception
    assert seen in texts(at.error)
    assert fix in texts(at.code)
    assert any("sl-compare" in m.value for m in at.markdown)  # the picture


def test_default_message_names_the_timesteps_axis_in_its_colour(open_page):
    at = open_page(PAGE)
    assert "X has no timesteps axis" in texts(at.error)
    assert '<b style="color:#ff7f0e">timesteps</b>' in texts(at.markdown)
    code = texts(at.code)
    # Windows of consecutive rows first; the 1-timestep reshape last, with what it costs.
    assert code.index("sliding_window_view(X, n_steps, axis=0)") < code.index("X = X.reshape((107904, 1, 10))")
    assert "the LSTM has no sequence to read" in texts(at.info)


def _questions(at) -> list:
    """The radio that asks which mistake is the learner's (the describe tab has radios of its own)."""
    return [r for r in at.radio if (r.key or "").startswith("dbg_reading")]


def test_a_message_two_mistakes_give_asks_which_is_yours_and_shows_that_reading(open_page):
    message = "Error when checking input: expected lstm_1_input to have 3 dimensions, but got array with shape (6, 64)"
    at = open_page(PAGE)
    at.text_area(key="dbg_message").input(message).run()
    readings = D.diagnose_message(message).diagnosis.readings
    asked = _questions(at)
    assert len(asked) == 1 and asked[0].label == readings[0].question
    assert asked[0].options == [d.answer for d in readings] and len(readings) == 3
    assert "3 different mistakes give this message" in texts(at.markdown)
    assert "X has no timesteps axis" in texts(at.error)  # the first reading until the learner answers
    _questions(at)[0].set_value("One whole sequence: the rows are its timesteps").run()
    assert not at.exception
    assert "X is one sequence without its samples axis" in texts(at.error)
    assert "X has no timesteps axis" not in texts(at.error)
    assert "X = X.reshape((1, 6, 64))" in texts(at.code)
    _questions(at)[0].set_value("One window of a single series, its values in time order").run()
    assert "X has no features axis" in texts(at.error) and "X = X.reshape((6, 64, 1))" in texts(at.code)
    at.text_area(key="dbg_message").input(message.replace("(6, 64)", "(100, 24)")).run()
    assert _questions(at)[0].value == readings[0].answer  # a new message is asked afresh
    assert "X has no timesteps axis" in texts(at.error)
    at.text_area(key="dbg_message").input("cannot reshape array of size 20 into shape (10,3,2)").run()
    assert not at.exception and not _questions(at)  # a message with one reading asks nothing


@pytest.mark.slow
def test_the_reading_picked_is_the_one_reproduced(open_page):
    message = ("ValueError: Error when checking input: expected lstm_input to have shape (None, 30, 300) but got array "
               "with shape (1, 7, 300)")
    at = open_page(PAGE)
    at.text_area(key="dbg_message").input(message).run()
    at.button(key="dbg_reproduce").click().run()
    assert "The fix runs" in texts(at.success)  # windows of the model's length
    _questions(at)[0].set_value(D.diagnose_message(message).diagnosis.readings[1].answer).run()
    assert not at.exception
    assert "The sequences are not padded to the model's length" in texts(at.error)
    assert "pad_sequences" in texts(at.code) and "The fix runs" not in texts(at.success)  # ran for the other reading


@pytest.mark.parametrize("garbage, says", [
    ("hello there, my model is sad", "not one the debugger recognises"),
    ("x" * 100_001, "at most 100,000"),
    ("cannot reshape array of size 20 into shape (1,2,3,4,5,6,7)", "at most 6"),
    ("", "Paste an error message first"),
])
def test_garbage_gets_a_clear_message_and_the_page_keeps_working(open_page, garbage, says):
    at = open_page(PAGE)
    at.text_area(key="dbg_message").input(garbage).run()
    assert not at.exception
    assert says in texts(at.info)
    at.text_area(key="dbg_message").input("Found 1 input samples and 21 target samples").run()
    assert "The whole table became one sample" in texts(at.error)


@pytest.mark.slow
def test_described_shapes_run_for_real_then_the_fix_trains(open_page):
    at = open_page(PAGE)
    at.button(key="dbg_run").click().run()
    assert not at.exception
    assert "raised `ValueError`" in texts(at.error)  # the real Keras error, captured
    assert "X is 2D, the model wants 3D" in texts(at.error)
    assert "What your model declares: 1 timestep of 10 features" in texts(at.code)
    assert "the LSTM has no sequence to read" in texts(at.info)
    assert "107,904 → 17" in texts(at.caption)
    at.button(key="dbg_apply").click().run()
    assert not at.exception
    assert at.text_input(key="dbg_x").value == "(107904, 1, 10)"
    assert "X.shape: (107904, 10) → (107904, 1, 10)" in texts(at.info)
    assert "one training step ran" in texts(at.success)
    at.text_input(key="dbg_x").input("(107904, 1, banana)").run()  # bad input: the last run stays
    assert not at.exception
    assert "not a whole number" in texts(at.error)
    assert "one training step ran" in texts(at.success)


@pytest.mark.slow
def test_a_silent_shape_is_flagged_as_a_warning(open_page):
    at = open_page(PAGE)
    at.text_input(key="dbg_x").input("(6, 1, 1)").run()
    at.text_input(key="dbg_y").input("(6, 1)").run()
    at.text_input(key="dbg_input").input("(3, 1)").run()
    at.number_input(key="dbg_units").set_value(1).run()
    at.button(key="dbg_run").click().run()
    assert not at.exception
    assert "one training step ran" in texts(at.success)
    assert "Keras 3 runs this without an error" in texts(at.warning)
    assert "keras.Input(shape=(1, 1))" in texts(at.code)


@pytest.mark.parametrize("x, says", [
    ("(1, 2, 3, 4, 5, 6, 7)", "7 dimensions"),
    ("(100000, 100000, 1000)", "1,000,000,000"),
    ("(six, 3, 1)", "not a whole number"),
])
def test_bad_described_shapes_get_a_clear_message(open_page, x, says):
    at = open_page(PAGE)
    at.text_input(key="dbg_x").input(x).run()
    assert not at.exception
    assert says in texts(at.error)
    assert not [b for b in at.button if b.key == "dbg_run"]  # nothing to run until it is fixed


@pytest.mark.slow
def test_the_whole_table_as_one_sample_is_fixed_with_windows(open_page):
    at = open_page(PAGE)
    at.button(key="dbg_g_table_one_sample").click().run()
    assert not at.exception
    assert "The whole table became one sample" in texts(at.error)
    code = texts(at.code)
    assert code.index("sliding_window_view(X.reshape((12, -1))") < code.index("X = X.reshape((12, 1, X.shape[-1]))")
    at.button(key="dbg_g_fix").click().run()
    assert not at.exception
    assert badge_shapes(at, "X.shape =") == [(10, 3, 2)]  # 12 rows, windows of 3
    assert "Fixed: one training step ran" in texts(at.success)


@pytest.mark.slow
def test_gallery_entry_runs_live_and_its_fix_trains(open_page):
    at = open_page(PAGE)
    entry = D.BY_KEY["labels_per_step"]
    at.button(key=f"dbg_g_{entry.key}").click().run()
    assert not at.exception
    assert entry.raises in texts(at.error)
    assert entry.old_wording in texts(at.code)
    at.button(key="dbg_g_fix").click().run()
    assert not at.exception
    assert "Fixed: one training step ran" in texts(at.success)


# --- Right means checked: the pasted message reproduced, then the fix run ---------------------

def test_a_pasted_reshape_is_reproduced_by_numpy_and_the_fix_runs(open_page):
    at = open_page(PAGE)
    at.text_area(key="dbg_message").input("ValueError: cannot reshape array of size 20 into shape (10,3,2)").run()
    at.button(key="dbg_reproduce").click().run()
    assert not at.exception
    assert "**Reproduced**" in texts(at.success)
    assert "NumPy" in texts(at.error) and "cannot reshape array of size 20 into shape (10,3,2)" in texts(at.error)
    assert "The fix runs" in texts(at.success) and "shape (10, 1, 2)" in texts(at.success)
    at.text_area(key="dbg_message").input("Found 1 input samples and 21 target samples").run()
    assert "Reproduced" not in texts(at.success)  # a reproduction belongs to the message it ran for


@pytest.mark.slow
def test_a_pasted_model_error_is_reproduced_in_keras_and_the_fix_trains(open_page):
    message = ('ValueError: Input 0 of layer "lstm" is incompatible with the layer: expected shape=(None, 3, 1), '
               "found shape=(None, 3, 2)")
    at = open_page(PAGE)
    at.text_area(key="dbg_message").input(message).run()
    at.button(key="dbg_reproduce").click().run()
    assert not at.exception
    assert "**Reproduced**" in texts(at.success)
    assert "raised `ValueError`" in texts(at.error)  # the installed Keras' own message, beside the pasted one
    assert D.diagnose_message(message).parsed.excerpt in texts(at.code)  # "You pasted", beside it
    assert "The fix runs" in texts(at.success) and "keras.Input(shape=...): (3, 1) → (3, 2)" in texts(at.success)


@pytest.mark.slow
def test_a_keras_2_message_that_keras_3_runs_silently_says_so(open_page):
    at = open_page(PAGE)
    at.text_area(key="dbg_message").input(
        "expected lstm_2_input to have shape (3, 1) but got array with shape (1, 1)").run()
    at.button(key="dbg_reproduce").click().run()
    assert not at.exception
    assert "**Runs silently**" in texts(at.warning)
    assert "No error: one training step ran." in texts(at.info)
    assert "The fix runs" in texts(at.success)


def test_an_unclassified_message_opens_the_describe_tab_pre_filled(open_page):
    at = open_page(PAGE)
    at.text_area(key="dbg_message").input(
        "ValueError: weird new wording in layer lstm_1: got (32, 10) for declared (None, 5, 10)").run()
    assert "not one the debugger recognises" in texts(at.info)
    at.button(key="dbg_prefill").click().run()
    assert not at.exception
    assert at.session_state["dbg_tabs"] == "Describe arrays and model"
    assert at.text_input(key="dbg_x").value == "(32, 10)"
    assert at.text_input(key="dbg_input").value == "(5, 10)"
    assert at.selectbox(key="dbg_first").value == "LSTM"


# --- Paste your code --------------------------------------------------------------------------

def _code_tab(open_page, code: str | None = None, x: str | None = None, y: str | None = None):
    at = open_page(PAGE)
    at.radio(key="dbg_how").set_value("Paste your model code").run()
    if code is not None:
        at.text_area(key="dbg_code").input(code).run()
    if x is not None:
        at.text_input(key="dbg_code_x").input(x).run()
    if y is not None:
        at.text_input(key="dbg_code_y").input(y).run()
    return at


@pytest.mark.slow
def test_pasted_code_shows_each_layers_real_shape_where_it_breaks_and_the_fixed_code(open_page):
    at = _code_tab(open_page)  # the example: two stacked LSTMs, the first without return_sequences
    at.button(key="dbg_code_run").click().run()
    assert not at.exception
    assert badge_shapes(at, ">output:<") == [(None, 3, 1), (None, 50)]  # up to the layer that breaks
    assert badge_shapes(at, "fixed output:") == [(None, 3, 1), (None, 3, 50), (None, 50), (None, 1)]
    assert "Breaks here" in texts(at.error) and "expected ndim=3, found ndim=2" in texts(at.error)
    assert "The fixed model trains" in texts(at.success)
    code = texts(at.code)
    assert "layers.LSTM(50, activation='relu', return_sequences=True)," in code
    assert "keras.Input(shape=(3, 1))" in code


@pytest.mark.slow
def test_pasted_code_with_swapped_axes_gets_the_reshape_of_x(open_page):
    at = _code_tab(open_page, "model = Sequential([LSTM(32, input_shape=(8, 1)), Dense(1)])", "(500, 1, 8)", "(500, 1)")
    at.button(key="dbg_code_run").click().run()
    assert not at.exception
    assert "Breaks in training" in texts(at.error)
    assert "X = X.reshape((-1, 8, 1))  # was (500, 1, 8)" in texts(at.code)


@pytest.mark.slow
def test_hostile_code_is_read_not_run_and_what_was_skipped_is_named(open_page, tmp_path):
    marker = tmp_path / "pwned"
    code = (f"model = Sequential([LSTM(__import__('os').system('touch {marker}'), input_shape=(3, 1)),\n"
            "    MyAttention(8), Dense(1)])")
    at = _code_tab(open_page, code, "(6, 3, 1)", "(6, 1)")
    warnings = texts(at.warning)
    assert "line 1: LSTM(units=...) is a call to system(), not read" in warnings
    assert "line 2: a custom layer MyAttention, skipped" in warnings
    at.button(key="dbg_code_run").click().run()
    assert not at.exception and not marker.exists()


@pytest.mark.parametrize("code, x, says", [
    ("model = Sequential([LSTM(8)", "(6, 3, 1)", "line 1: Python cannot read this line"),
    ("print('no model here')", "(6, 3, 1)", "No model found"),
    ("model = Sequential([LSTM(8), Dense(1)])", "(6, three, 1)", "not a whole number"),
])
def test_code_that_cannot_be_read_gets_a_clear_message(open_page, code, x, says):
    at = _code_tab(open_page, code, x)
    assert not at.exception
    assert says in texts(at.error)
    assert not [b for b in at.button if b.key == "dbg_code_run"]


def test_a_link_carries_the_message_and_the_described_model(open_page):
    message = "ValueError: Error when checking input: expected lstm_1_input to have 3 dimensions, but got array with shape (50, 7)"
    at = open_page("pages/debugger.py", query={"dbg_message": message})
    assert at.text_area(key="dbg_message").value == message
    assert "50" in " ".join(m.value for m in at.markdown)  # the diagnosis of the linked message is on the page

    at = open_page("pages/debugger.py", query={
        "dbg_tabs": "Describe arrays and model", "dbg_x": "(40, 6)", "dbg_y": "(40, 1)", "dbg_units": "1",
    })
    assert at.text_input(key="dbg_x").value == "(40, 6)"
    assert at.text_input(key="dbg_y").value == "(40, 1)"

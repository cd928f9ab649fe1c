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

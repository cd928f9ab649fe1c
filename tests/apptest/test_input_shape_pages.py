from lessons.input_shape import checklist
from lessons.core import reshaping
from lessons.core.axes import format_shape
from lessons.input_shape import ARRAY_SIZES, LSTM_UNITS
from tests.apptest.helpers import badge_shapes, texts


def test_home_links_every_lesson(open_page):
    at = open_page("pages/home.py")
    assert "Shape Lab for LSTMs" in at.title[0].value
    assert len(at.get("page_link")) >= 4


def test_one_series_shapes_follow_the_sequence(open_page):
    at = open_page("pages/one_series.py")
    assert badge_shapes(at, "X.shape =") == [(1, 10, 1)]
    at.text_area(key="one_series_seq").input("3 1 4 1 5 9").run()
    assert badge_shapes(at, "data.shape =") == [(6,)]
    assert badge_shapes(at, "X.shape =") == [(1, 6, 1)]
    assert "keras.Input(shape=(6, 1))" in texts(at.code)
    assert at.query_params["seq"] == "3, 1, 4, 1, 5, 9"


def test_bad_sequence_keeps_the_last_good_one(open_page):
    at = open_page("pages/one_series.py")
    at.text_area(key="one_series_seq").input("1 2 3").run()
    for bad in ["1, 2, banana", "", "4", "nan 1", "1 1e400"]:
        at.text_area(key="one_series_seq").input(bad).run()
        assert not at.exception
        assert "last good sequence (3 values)" in texts(at.error), bad
        assert badge_shapes(at, "X.shape =") == [(1, 3, 1)], bad


def test_wrong_target_shape_shows_numpy_error_and_offers_shapes_that_fit(open_page):
    at = open_page("pages/one_series.py")
    at.text_input(key="one_series_shape").input("(1, 10, 2)").run()
    assert "cannot reshape array of size 10 into shape (1,10,2)" in texts(at.error)
    labels = [b.label for b in at.button]
    assert "(2, 5, 1)" in labels and "(1, 10, 2)" not in labels
    at.button(key="use_(2, 5, 1)").click().run()
    assert badge_shapes(at, "X.shape =") == [(2, 5, 1)]
    at.text_input(key="one_series_shape").input("(0, 10, 1)").run()
    assert "1 or more" in texts(at.error)


def test_links_open_the_shared_state_or_the_defaults_with_a_note(open_page):
    at = open_page("pages/one_series.py", query={"seq": "1,2,3,4", "shape": "(2,2,1)"})
    assert badge_shapes(at, "X.shape =") == [(2, 2, 1)]
    at = open_page("pages/one_series.py", query={"seq": "1,2,zz", "shape": "(1,3,1)"})
    assert "could not be used" in texts(at.info)
    assert badge_shapes(at, "X.shape =") == [(1, 10, 1)]


def test_parallel_series_right_and_wrong_turn_and_adding_a_series(open_page):
    at = open_page("pages/parallel_series.py")
    assert badge_shapes(at, "X.shape =") == [(1, 10, 2), (1, 2, 10)]
    at.button(key="parallel_table__add").click().run()
    assert badge_shapes(at, "X.shape =") == [(1, 10, 3), (1, 3, 10)]
    at.button(key="parallel_table__remove").click().run()
    at.button(key="parallel_table__remove").click().run()
    assert badge_shapes(at, "data.shape =") == [(10, 1)]


def test_parallel_series_malformed_link(open_page):
    at = open_page("pages/parallel_series.py", query={"series": "1,2,3|4,5"})
    assert "could not be used" in texts(at.info)
    assert badge_shapes(at, "data.shape =") == [(10, 2)]


def test_checklist_quiz_and_reshape_rule(open_page):
    at = open_page("pages/checklist.py")
    at.get("button_group")[0].set_value("yes").run()  # (10,) is not accepted by an LSTM
    assert "reads exactly 3" in texts(at.markdown)
    assert "Not quite." in texts(at.markdown)
    at.get("button_group")[0].set_value("no").run()
    assert "Right." in texts(at.markdown)
    at.text_input(key="check_reshape").input("(2, 3, 3)").run()
    assert "cannot reshape array of size 12 into shape (2,3,3)" in texts(at.error)
    at.text_input(key="check_input_shape").input("(10, 3)").run()
    assert "Right" in texts(at.success)


def test_input_layer_shows_what_keras_says_about_a_samples_axis(open_page):
    at = open_page("pages/input_layer.py")
    at.text_input(key="input_layer_declared").input("(1, 10, 1)").run()
    at.button(key="input_layer_build").click().run()
    message = texts(at.error)
    assert "expected ndim=3, found ndim=4" in message and "(None, 1, 10, 1)" in message
    at.text_input(key="input_layer_declared").input("(10, 1)").run()
    at.button(key="input_layer_build").click().run()
    assert "(None, 10, 1)" in texts(at.success)


def test_input_layer_array_follows_the_sliders_and_the_link(open_page):
    at = open_page("pages/input_layer.py", query={"timesteps": "7"})
    assert badge_shapes(at, "X.shape =") == [(2, 7, 2)]
    at.slider(key="samples").set_value(4).run()
    at.slider(key="timesteps").set_value(9).run()
    assert badge_shapes(at, "X.shape =") == [(4, 9, 2)]
    assert not at.info  # moving a slider away from the link's value is not a malformed link
    assert "keras.Input(shape=(9, 2))" in texts(at.code)


def test_input_layer_ignores_a_malformed_link(open_page):
    for bad in ["abc", "999", "-3", "1e9"]:
        at = open_page("pages/input_layer.py", query={"timesteps": bad})
        assert not at.exception
        assert badge_shapes(at, "X.shape =") == [(2, 5, 2)], bad
        assert "outside the slider's range" in texts(at.info), bad


def test_input_layer_shows_and_builds_one_number_of_units_that_no_slider_can_reach(open_page):
    at = open_page("pages/input_layer.py")
    for name in ("samples", "timesteps", "features"):
        slider = at.slider(key=name)
        assert (slider.min, slider.max) == (ARRAY_SIZES[name].low, ARRAY_SIZES[name].high)
        assert not slider.min <= LSTM_UNITS <= slider.max, name
    at.slider(key="timesteps").set_value(8).run()
    code = texts(at.code)
    assert f"layers.LSTM({LSTM_UNITS})" in code and f"LSTM({LSTM_UNITS}, input_shape=(8, 2))" in code
    at.text_input(key="input_layer_declared").input("(8, 2)").run()
    at.button(key="input_layer_build").click().run()
    message = texts(at.success)
    assert f"the LSTM outputs {format_shape((None, LSTM_UNITS))}" in message
    assert "(None, 8)" not in message  # the output is one number per unit, not per timestep
    assert f"one number per unit of LSTM({LSTM_UNITS})" in message


def test_input_layer_keeps_keras_answer_until_the_shape_changes(open_page):
    at = open_page("pages/input_layer.py")
    at.text_input(key="input_layer_declared").input("(5, 2)").run()
    at.button(key="input_layer_build").click().run()
    assert "(None, 5, 2)" in texts(at.success)
    at.slider(key="samples").set_value(3).run()  # any other rerun
    assert "(None, 5, 2)" in texts(at.success)
    at.text_input(key="input_layer_declared").input("(6, 2)").run()
    assert not at.success  # a different question: ask Keras again


def test_a_none_in_the_input_shape_explains_the_batch_axis(open_page):
    at = open_page("pages/input_layer.py")
    at.text_input(key="input_layer_declared").input("(None, 8, 2)").run()
    message = texts(at.error)
    assert "samples (batch) axis" in message and "Keras adds that axis itself" in message
    assert "Type (8, 2)" in message


def _quiz_row(shape: tuple[int, ...]) -> int:
    return [s for s, _ in checklist.QUIZ_SHAPES].index(shape)


def test_checklist_trap_is_half_right_either_way(open_page):
    trap = next(s for s, _ in checklist.QUIZ_SHAPES if len(s) == 3 and s[1] == 1 and s[2] > 1)
    at = open_page("pages/checklist.py")
    at.get("button_group")[_quiz_row(trap)].set_value("no").run()
    shown = texts(at.markdown)
    assert "Good instinct, but Keras does take it." in shown and "Not quite." not in shown
    assert "no time axis" in shown and "It runs" in shown
    at.get("button_group")[_quiz_row(trap)].set_value("yes").run()
    shown = texts(at.markdown)
    assert "Right about Keras." in shown and "no time axis" in shown


def test_checklist_story_verdict_stays_until_the_answer_changes(open_page):
    at = open_page("pages/checklist.py")
    story = checklist.STORIES[0]
    for name, value in zip(("samples", "timesteps", "features"), story.answer):
        at.number_input(key=f"story_0_{name}").set_value(value).run()
    at.button(key="story_0_check").click().run()
    assert story.why in texts(at.success)
    at.slider(key="check_samples").set_value(5).run()  # another part of the page
    at.button(key="story_1_check").click().run()  # another story's check
    assert story.why in texts(at.success)
    assert "Not yet" in texts(at.warning)  # story 1 judged too, at its default answer
    at.number_input(key="story_0_samples").set_value(story.answer[0] + 1).run()
    assert story.why not in texts(at.success)  # a new answer waits for its own check


def test_checklist_input_shape_box_explains_none(open_page):
    at = open_page("pages/checklist.py")
    at.text_input(key="check_input_shape").input("(None, 10, 3)").run()
    message = texts(at.error)
    assert "samples (batch) axis" in message and "Type (10, 3)" in message


def test_checklist_reshape_suggestions_say_what_they_mean_and_flag_traps(open_page):
    at = open_page("pages/checklist.py")
    at.text_input(key="check_reshape").input("(2, 3, 3)").run()
    lines = [line for line in texts(at.markdown).splitlines() if line.startswith("- `(")]
    assert lines and lines[0].startswith("- `(1, 12, 1)`")
    for line in lines:
        shape = tuple(int(d) for d in line.split("`")[1].strip("()").split(","))
        assert ("Trap:" in line) == (shape[1] == 1 and shape[2] > 1), line
        assert reshaping.describe_3d(shape).meaning in line
    assert any("Trap:" in line for line in lines)
    at.text_input(key="check_reshape").input("(1, 1, 12)").run()
    assert "no time axis" in texts(at.warning) and not at.success


def test_one_series_suggestions_are_ranked_with_meanings_and_traps_in_words(open_page):
    at = open_page("pages/one_series.py")
    at.text_input(key="one_series_shape").input("(3, 3, 3)").run()
    labels = [b.label for b in at.button if b.key and b.key.startswith("use_")]
    assert labels[0] == "(1, 10, 1)"
    for suggestion in reshaping.three_d_shapes(10, limit=len(labels)):
        assert format_shape(suggestion.shape) in labels
        [line] = [m.value for m in at.markdown if suggestion.meaning in m.value]
        assert ("Trap:" in line) == suggestion.trap, suggestion.shape  # said in words
    trap_labels = [label for label in labels if label.startswith("(1, 1,")]
    assert trap_labels and labels.index(trap_labels[0]) > labels.index("(10, 1, 1)")


def test_one_series_one_timestep_of_ten_features_gets_the_caveat(open_page):
    at = open_page("pages/one_series.py")
    at.text_input(key="one_series_shape").input("(1, 1, 10)").run()
    assert "no time axis" in texts(at.warning)
    assert not at.success
    assert "keras.Input(shape=(1, 10))" in texts(at.code)  # it does run
    at.text_input(key="one_series_shape").input("(2, 5, 1)").run()
    assert "no time axis" not in texts(at.warning)
    assert "non-overlapping chunks" in texts(at.caption)


def test_parallel_series_with_one_series_flags_the_single_timestep(open_page):
    at = open_page("pages/parallel_series.py")
    assert "no time axis" not in texts(at.warning)
    at.button(key="parallel_table__remove").click().run()
    assert badge_shapes(at, "X.shape =") == [(1, 10, 1), (1, 1, 10)]
    assert "no time axis" in texts(at.warning)

from tests.apptest.helpers import badge_shapes, open_page, texts


def test_home_links_every_lesson():
    at = open_page("pages/home.py")
    assert "Shape Lab for LSTMs" in at.title[0].value
    assert len(at.get("page_link")) >= 4


def test_one_series_shapes_follow_the_sequence():
    at = open_page("pages/one_series.py")
    assert badge_shapes(at, "X.shape =") == [(1, 10, 1)]
    at.text_area(key="one_series_seq").input("3 1 4 1 5 9").run()
    assert badge_shapes(at, "data.shape =") == [(6,)]
    assert badge_shapes(at, "X.shape =") == [(1, 6, 1)]
    assert "keras.Input(shape=(6, 1))" in texts(at.code)
    assert at.query_params["seq"] == "3, 1, 4, 1, 5, 9"


def test_bad_sequence_keeps_the_last_good_one():
    at = open_page("pages/one_series.py")
    at.text_area(key="one_series_seq").input("1 2 3").run()
    for bad in ["1, 2, banana", "", "4", "nan 1", "1 1e400"]:
        at.text_area(key="one_series_seq").input(bad).run()
        assert not at.exception
        assert "last good sequence (3 values)" in texts(at.error), bad
        assert badge_shapes(at, "X.shape =") == [(1, 3, 1)], bad


def test_wrong_target_shape_shows_numpy_error_and_offers_shapes_that_fit():
    at = open_page("pages/one_series.py")
    at.text_input(key="one_series_shape").input("(1, 10, 2)").run()
    assert "cannot reshape array of size 10 into shape (1,10,2)" in texts(at.error)
    labels = [b.label for b in at.button]
    assert "(2, 5, 1)" in labels and "(1, 10, 2)" not in labels
    at.button(key="use_(2, 5, 1)").click().run()
    assert badge_shapes(at, "X.shape =") == [(2, 5, 1)]
    at.text_input(key="one_series_shape").input("(0, 10, 1)").run()
    assert "1 or more" in texts(at.error)


def test_links_open_the_shared_state_or_the_defaults_with_a_note():
    at = open_page("pages/one_series.py", query={"seq": "1,2,3,4", "shape": "(2,2,1)"})
    assert badge_shapes(at, "X.shape =") == [(2, 2, 1)]
    at = open_page("pages/one_series.py", query={"seq": "1,2,zz", "shape": "(1,3,1)"})
    assert "could not be used" in texts(at.info)
    assert badge_shapes(at, "X.shape =") == [(1, 10, 1)]


def test_parallel_series_right_and_wrong_turn_and_adding_a_series():
    at = open_page("pages/parallel_series.py")
    assert badge_shapes(at, "X.shape =") == [(1, 10, 2), (1, 2, 10)]
    at.button(key="parallel_table__add").click().run()
    assert badge_shapes(at, "X.shape =") == [(1, 10, 3), (1, 3, 10)]
    at.button(key="parallel_table__remove").click().run()
    at.button(key="parallel_table__remove").click().run()
    assert badge_shapes(at, "data.shape =") == [(10, 1)]


def test_parallel_series_malformed_link():
    at = open_page("pages/parallel_series.py", query={"series": "1,2,3|4,5"})
    assert "could not be used" in texts(at.info)
    assert badge_shapes(at, "data.shape =") == [(10, 2)]


def test_checklist_quiz_and_reshape_rule():
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


def test_input_layer_shows_what_keras_says_about_a_samples_axis():
    at = open_page("pages/input_layer.py")
    at.text_input(key="input_layer_declared").input("(1, 10, 1)").run()
    at.button(key="input_layer_build").click().run()
    message = texts(at.error)
    assert "expected ndim=3, found ndim=4" in message and "(None, 1, 10, 1)" in message
    at.text_input(key="input_layer_declared").input("(10, 1)").run()
    at.button(key="input_layer_build").click().run()
    assert "(None, 10, 1)" in texts(at.success)


def test_input_layer_array_follows_the_sliders_and_the_link():
    at = open_page("pages/input_layer.py", query={"timesteps": "7"})
    assert badge_shapes(at, "X.shape =") == [(2, 7, 2)]
    at.slider(key="samples").set_value(4).run()
    at.slider(key="timesteps").set_value(9).run()
    assert badge_shapes(at, "X.shape =") == [(4, 9, 2)]
    assert not at.info  # moving a slider away from the link's value is not a malformed link
    assert "keras.Input(shape=(9, 2))" in texts(at.code)


def test_input_layer_ignores_a_malformed_link():
    for bad in ["abc", "999", "-3", "1e9"]:
        at = open_page("pages/input_layer.py", query={"timesteps": bad})
        assert not at.exception
        assert badge_shapes(at, "X.shape =") == [(2, 5, 2)], bad
        assert "outside the slider's range" in texts(at.info), bad

import numpy as np
import pytest

from lessons import checklist, parallel, reshaping
from lessons.axes import format_shape, shape_badge_html


def test_series_and_tables_become_one_sample():
    assert reshaping.to_samples_timesteps_features(np.arange(10)).shape == (1, 10, 1)
    table = np.column_stack([np.arange(10), np.arange(10)[::-1]])
    X = reshaping.to_samples_timesteps_features(table)
    assert X.shape == (1, 10, 2)
    np.testing.assert_array_equal(X[0, 3], table[3])  # timestep 3 holds row 3: both series' values


def test_try_reshape_returns_numpys_own_error():
    array, error = reshaping.try_reshape(np.arange(10.0), (1, 10, 2))
    assert array is None
    assert error.kind == "ValueError"
    assert "cannot reshape array of size 10 into shape (1,10,2)" in error.message
    array, error = reshaping.try_reshape(np.arange(10.0), (2, 5, 1))
    assert error is None and array.shape == (2, 5, 1)


@pytest.mark.parametrize("size", [1, 6, 10, 12, 97, 100_000])
def test_three_d_shapes_all_hold_exactly_the_values(size):
    shapes = reshaping.three_d_shapes(size, limit=50)
    assert shapes[0] == (1, size, 1)
    assert all(int(np.prod(s)) == size for s in shapes)
    assert len(set(shapes)) == len(shapes)


def test_lstm_accepts_only_3d_and_matching_declared_shape():
    assert reshaping.lstm_accepts((1, 10, 1)).accepted
    assert not reshaping.lstm_accepts((10, 1)).accepted
    assert not reshaping.lstm_accepts((1, 10, 1, 1)).accepted
    assert not reshaping.lstm_accepts((6, 3, 2), declared=(3, 1)).accepted
    verdict = reshaping.lstm_accepts((6, 1, 1), declared=(3, 1))
    assert not verdict.accepted and "silently" in verdict.reason


def test_quiz_answers_agree_with_keras():
    """The quiz's rule is checked against a real Keras LSTM on every quiz shape."""
    import keras
    from keras import layers

    for shape, _ in checklist.QUIZ_SHAPES:
        layer = layers.LSTM(2)
        try:
            layer(keras.ops.zeros(shape))
            keras_accepts = True
        except ValueError:
            keras_accepts = False
        assert checklist.quiz_answer(shape)[0] == keras_accepts, shape


def test_story_checks_and_input_shape_feedback():
    story = checklist.STORIES[0]
    assert checklist.check_story(story, story.answer) == []
    assert checklist.check_story(story, (24, 7, 2)) == ["samples", "timesteps"]
    assert checklist.input_shape_feedback((10, 3), (32, 10, 3))[0]
    ok, message = checklist.input_shape_feedback((32, 10, 3), (32, 10, 3))
    assert not ok and "(None, 32, 10, 3)" in message


def test_parallel_right_and_wrong_turn():
    table = parallel.default_frame().to_numpy()
    right, wrong = parallel.as_features(table), parallel.as_timesteps_wrong_turn(table)
    assert right.shape == (1, 10, 2) and wrong.shape == (1, 2, 10)
    np.testing.assert_array_equal(wrong[0, 0], table[:, 0])  # wrong: step 0 is the whole first series
    np.testing.assert_array_equal(right[0, 0], table[0])


def test_parallel_links_round_trip_and_reject_ragged_series():
    frame = parallel.default_frame()
    back = parallel.frame_from_link(parallel.frame_to_link(frame))
    np.testing.assert_allclose(back.to_numpy(), frame.to_numpy())
    with pytest.raises(ValueError, match="same length"):
        parallel.frame_from_link("1,2,3|4,5")


def test_badge_names_and_colours_every_axis():
    html = shape_badge_html((1, 10, 1))
    for name in ("samples", "timesteps", "features"):
        assert name in html
    assert "#1f77b4" in html and "#ff7f0e" in html and "#2ca02c" in html
    assert format_shape((10,)) == "(10,)" and format_shape((None, 3, 1)) == "(None, 3, 1)"


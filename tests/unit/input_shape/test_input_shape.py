"""The input-shape lessons: the input-layer array and probe, the quiz, the stories, parallel series."""

import numpy as np
import pytest

from lessons import input_shape
from lessons.core import format_shape
from lessons.input_shape import ARRAY_SIZES, LSTM_UNITS, checklist, declare_lstm_input, output_explained, parallel


def test_place_coded_values_spell_their_own_place_for_every_slider_size():

    biggest = tuple(ARRAY_SIZES[name].high for name in ("samples", "timesteps", "features"))
    X = input_shape.place_coded(*biggest)
    assert X.shape == biggest
    for index in np.ndindex(X.shape):
        assert input_shape.place_of(X[index]) == tuple(i + 1 for i in index), index
    assert len(np.unique(X)) == X.size
    with pytest.raises(ValueError):
        input_shape.place_coded(1, 100, 1)


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


def test_lstm_units_cannot_be_mistaken_for_a_slider_size():

    for name, sizes in ARRAY_SIZES.items():
        assert LSTM_UNITS not in sizes, name
        assert not sizes.low <= LSTM_UNITS <= sizes.high, name


@pytest.mark.parametrize("timesteps", [3, 12])
def test_the_probe_builds_the_units_it_reports_whatever_the_timesteps(timesteps):

    result = declare_lstm_input((timesteps, 2))
    assert result.error is None
    assert result.units == LSTM_UNITS
    assert result.model_input == (None, timesteps, 2)
    assert result.lstm_output == (None, LSTM_UNITS)  # Keras' own word: one number per unit
    text = output_explained((timesteps, 2), result)
    assert f"LSTM outputs {format_shape((None, LSTM_UNITS))}" in text
    assert f"LSTM({LSTM_UNITS})" in text and f"({timesteps:,} here)" in text
    assert "happen to be" not in text


def test_the_output_explanation_warns_when_timesteps_equal_the_units():

    result = declare_lstm_input((5, 1), units=5)
    assert result.lstm_output == (None, 5) and result.units == 5
    assert "happen to be 5" in output_explained((5, 1), result)


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

"""Guess the shape: questions follow the page's data, and the checker says right, wrong (which axis), or unreadable."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from lessons import exercises
from lessons.exercises import MALFORMED, RIGHT, WRONG, check
from lessons.forecasting import LESSONS, models
from lessons.input_shape import parallel


def _window_questions(lesson, n_in=None, n_out=None, data=None):
    lesson = replace(lesson, n_in=n_in or lesson.n_in, n_out=n_out or lesson.n_out,
                     data=lesson.data if data is None else data)
    X, y = lesson.make_samples()
    columns = lesson.framing.column_names(1 if np.ndim(lesson.data) == 1 else lesson.data.shape[1])
    return lesson, X, y, exercises.windows(lesson.framing, len(lesson.data), lesson.n_in, lesson.n_out, columns, X,
                                           y, lesson.variant, lesson.n_seq)


def test_a_wrong_timesteps_axis_is_named_with_the_window_length():
    _, _, _, (x_question, _) = _window_questions(LESSONS["vanilla"])
    assert x_question.shape == (6, 3, 1)
    verdict = check(x_question, "(6, 2, 1)")
    assert verdict.outcome == WRONG and verdict.wrong_axes == ("timesteps",)
    assert "your timesteps axis is 2, but the window is 3 values long" in verdict.message


def test_right_guesses_in_any_spelling():
    _, _, _, (x_question, _) = _window_questions(LESSONS["vanilla"])
    for text in ("(6, 3, 1)", "6,3,1", "[6 3 1]", " ( 6 ,3, 1 ) "):
        assert check(x_question, text).right, text


@pytest.mark.parametrize("text, words", [
    ("", "Type your guess first"),
    ("six, 3, 1", "not a whole number"),
    ("(6, 3, 1.5)", "not a whole number"),
    ("(6, -1, 1)", "-1"),
    ("(0, 3, 1)", "1 or more"),
    ("(None, 3, 1)", "samples (batch) axis"),
    ("x" * 300, "too long"),
])
def test_malformed_guesses_get_a_clear_message_and_count_as_nothing(text, words):
    _, _, _, (x_question, _) = _window_questions(LESSONS["vanilla"])
    verdict = check(x_question, text)
    assert verdict.outcome == MALFORMED and words in verdict.message and verdict.guess is None


def test_an_empty_guess_never_shows_the_answer():
    question = exercises.one_series(np.arange(1.0, 11.0))[1]
    assert question.shape == (1, 10, 1)
    assert "(1, 10, 1)" not in check(question, "").message


def test_wrong_order_missing_axis_and_extra_axis_are_each_explained():
    question = exercises.one_series(np.arange(1.0, 11.0))[1]
    assert "Right numbers, wrong order" in check(question, "(10, 1, 1)").message
    assert "You left out the samples axis (1)" in check(question, "(10, 1)").message
    assert "the trap" in check(question, "(1, 1, 10)").message
    declared = exercises.input_layer((4, 5, 3), 50)[0]
    verdict = check(declared, "(4, 5, 3)")
    assert verdict.outcome == WRONG and "samples axis is left out" in verdict.message
    assert check(declared, "(5, 3)").right
    assert "keras.Input" in check(declared, "(None, 5, 3)").message  # None explained for an Input


def test_units_question_names_units_and_return_sequences():
    output = exercises.input_layer((4, 5, 3), 50)[1]
    assert output.shape == (4, 50) and output.axes == ("samples", "units")
    assert "return_sequences=True" in check(output, "(4, 5, 50)").message
    verdict = check(output, "(4, 1)")
    assert verdict.wrong_axes == ("units",) and "LSTM(50) hands on 50 numbers" in verdict.message


def test_input_shape_questions_follow_the_real_arrays():
    values = np.arange(7.0)
    data_q, x_q = exercises.one_series(values)
    assert data_q.shape == values.shape and x_q.shape == values.reshape(1, 7, 1).shape
    table = parallel.default_frame().to_numpy()
    (p_q,) = exercises.parallel_series(*table.shape)
    assert p_q.shape == parallel.as_features(table).shape
    assert "wrong turn" in check(p_q, str(parallel.as_timesteps_wrong_turn(table).shape)).message


@pytest.mark.parametrize("key", list(LESSONS))
def test_window_questions_ask_what_the_lessons_variant_reads(key):
    lesson, X, y, (x_question, y_question) = _window_questions(LESSONS[key])
    prepared = models.prepare(lesson.variant, X, y, lesson.n_seq, n_out=lesson.framing.horizon(lesson.n_out))
    assert x_question.shape == prepared.X.shape and x_question.axes == prepared.x_axes
    assert y_question.shape == prepared.y.shape and y_question.axes == prepared.y_axes
    assert check(x_question, str(prepared.X.shape)).right and check(y_question, str(prepared.y.shape)).right
    count = lesson.framing.sample_count(len(lesson.data), lesson.n_in, lesson.n_out)
    assert f"= {count} windows" in x_question.reasons[0]
    if y.shape != prepared.y.shape:  # y as the page draws it is accepted, with a note
        assert check(y_question, str(tuple(y.shape))).right


@pytest.mark.parametrize("n_in", [2, 4, 5])
def test_new_data_asks_a_new_question(n_in):
    lesson = LESSONS["multiple_input"]
    _, _, _, before = _window_questions(lesson)
    _, X, _, after = _window_questions(lesson, n_in=n_in)
    assert after[0].identity != before[0].identity
    assert after[0].shape == (X.shape[0], n_in, 2)
    longer = np.vstack([lesson.data, lesson.data[-1:] + 10])
    _, X_longer, _, grown = _window_questions(lesson, data=longer)
    assert grown[0].shape[0] == X_longer.shape[0] == before[0].shape[0] + 1


def test_a_split_that_no_longer_fits_asks_about_the_plain_3d_input():
    _, X, _, (x_question, _) = _window_questions(LESSONS["cnn_lstm"], n_in=5)  # 5 is not a multiple of n_seq=2
    assert x_question.shape == (X.shape[0], 5, 1) and "Vanilla LSTM" in x_question.prompt


def test_a_question_needs_one_reason_per_axis():
    with pytest.raises(ValueError):
        exercises.Question("?", (1, 2), ("samples",), ("a", "b"), "")
    assert RIGHT != WRONG


@pytest.mark.parametrize("maxlen", [None, 2, 6])
def test_padded_question_matches_the_padded_array(maxlen):
    from lessons.padding import DEFAULT_TEXT, pad, parse_sequences

    sequences = parse_sequences(DEFAULT_TEXT)
    array = pad(sequences, "post", maxlen).X
    (question,) = exercises.padded([len(s) for s in sequences], maxlen)
    assert question.shape == array.shape
    assert "pad_sequences returns, 2D" in check(question, str(array.shape[:2])).message

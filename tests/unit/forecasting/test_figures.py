"""The forecasting lessons' pictures and tables (lessons/forecasting/figures.py)."""

from __future__ import annotations

import numpy as np
import pytest

from lessons.forecasting import figures as fv
from lessons.forecasting.framings import as_table
from lessons.core.axes import SAMPLES, SUBSEQUENCES
from lessons.forecasting import FRAMINGS, LESSONS, MULTIVARIATE, UNIVARIATE, WindowError
from lessons.core.parsing import InputError

LESSON_KEYS = list(LESSONS)


def _columns(lesson) -> int:
    return as_table(lesson.data).shape[1]


def test_ladder_shows_every_window_when_few_and_a_band_around_the_selected_one_when_many():
    assert fv.ladder_range(6, 0) == range(6)
    shown = fv.ladder_range(1000, 500)
    assert len(shown) == fv.MAX_LADDER and 500 in shown
    assert fv.ladder_range(1000, 999)[-1] == 999
    assert fv.ladder_range(1000, 0)[0] == 0
    assert "every one drawn" in fv.ladder_caption(6, 0)
    assert "1,000 samples" in fv.ladder_caption(1000, 10)


def _trace(figure, name):
    return next(t for t in figure.data if t.name == name)


def test_window_figure_marks_the_selected_window_and_its_target():
    figure = fv.window_figure(UNIVARIATE, FRAMINGS["univariate"], 3, 1, selected=2)
    x_trace, y_trace = _trace(figure, "X[2]"), _trace(figure, "y[2]")
    assert list(x_trace.x) == [2, 3, 4]
    assert list(x_trace.y) == [30, 40, 50]
    assert list(y_trace.x) == [5] and list(y_trace.y) == [60]
    # The ladder: one input rung and one target marker per sample, and the two share a colour.
    rungs = [t for t in figure.data if t.hovertemplate and t.hovertemplate.startswith("sample 2: input")]
    stars = [t for t in figure.data if t.hovertemplate and t.hovertemplate.startswith("sample 2: target")]
    assert len(rungs) == len(stars) == 1
    assert rungs[0].line.color == stars[0].marker.color == y_trace.marker.color


@pytest.mark.parametrize("key", LESSON_KEYS)
def test_the_highlighted_sample_is_the_one_the_framing_cuts(key):
    lesson = LESSONS[key]
    X, y = lesson.make_samples()
    selected = len(X) - 1
    figure = fv.window_figure(lesson.data, lesson.framing, lesson.n_in, lesson.n_out, selected)
    drawn = {kind: np.column_stack([t.y for t in figure.data if (t.hovertemplate or "").startswith(kind)])
             for kind in ("input ", "target ")}  # one trace per column: rows × columns again
    np.testing.assert_array_equal(drawn["input "].ravel(), np.ravel(X[selected]))
    np.testing.assert_array_equal(drawn["target "].ravel(), np.ravel(y[selected]))


def test_window_figure_draws_the_multiple_input_target_on_the_last_input_row():
    figure = fv.window_figure(MULTIVARIATE, FRAMINGS["multiple_input"], 3, 1, selected=0)
    assert list(_trace(figure, "y[0]").x) == [2]
    assert list(_trace(figure, "y[0]").y) == [65]
    assert any("last input row" in (a.text or "") for a in figure.layout.annotations)
    # Inputs are in1 and in2 only: the output column is not part of X.
    inputs = [t for t in figure.data if t.hovertemplate and t.hovertemplate.startswith("input ")]
    assert {t.hovertemplate.split(",")[0] for t in inputs} == {"input in1", "input in2"}


def test_window_figure_clamps_the_selection_and_refuses_windows_that_do_not_fit():
    figure = fv.window_figure(UNIVARIATE, FRAMINGS["univariate"], 3, 1, selected=99)
    assert _trace(figure, "y[5]") is not None
    with pytest.raises(WindowError):
        fv.window_figure(UNIVARIATE[:3], FRAMINGS["univariate"], 3, 1)
    with pytest.raises(WindowError):
        fv.window_figure(UNIVARIATE, FRAMINGS["univariate_multistep"], 3, 0)


def test_window_figure_keeps_the_ladder_short_for_long_series():
    figure = fv.window_figure(np.arange(2000.0), FRAMINGS["univariate"], 5, 1, selected=1500)
    rungs = [t for t in figure.data if t.hovertemplate and ": input rows" in t.hovertemplate]
    assert len(rungs) == fv.MAX_LADDER


@pytest.mark.parametrize("key", LESSON_KEYS)
def test_one_label_per_expected_value(key):
    lesson = LESSONS[key]
    labels = fv.output_labels(lesson.framing, lesson.n_out, _columns(lesson))
    assert len(labels) == lesson.expected.size
    assert len(set(labels)) == len(labels)


def test_labels_say_where_the_target_sits():
    assert fv.output_labels(FRAMINGS["univariate"], 1, 1) == ["series at t+1"]
    assert fv.output_labels(FRAMINGS["multiple_input"], 1, 3) == ["out at t"]
    assert fv.output_labels(FRAMINGS["multiple_input_multistep"], 2, 3) == ["out at t", "out at t+1"]
    # Step-major, like the expected array [[90, 95, 185], [100, 105, 205]] flattened.
    assert fv.output_labels(FRAMINGS["parallel_multistep"], 2, 3)[:4] == ["in1 at t+1", "in2 at t+1", "out at t+1", "in1 at t+2"]


def test_expected_output_only_for_the_tutorials_own_problem():
    lesson = LESSONS["vector_output"]
    args = (lesson.data, lesson.n_in, lesson.n_out, lesson.test_input)
    np.testing.assert_array_equal(fv.expected_output(lesson, *args), [100, 110])
    assert fv.expected_output(lesson, lesson.data * 2, lesson.n_in, lesson.n_out, lesson.test_input) is None
    assert fv.expected_output(lesson, lesson.data, lesson.n_in, 3, lesson.test_input) is None
    assert fv.expected_output(lesson, lesson.data, lesson.n_in, lesson.n_out, lesson.test_input + 1) is None
    # n_out means nothing to a one-step framing, so changing it keeps the expected value.
    vanilla = LESSONS["vanilla"]
    assert fv.expected_output(vanilla, vanilla.data, 3, 7, vanilla.test_input) is not None


@pytest.mark.parametrize("key", LESSON_KEYS)
def test_the_tutorials_test_inputs_pass_the_check(key):
    lesson = LESSONS[key]
    checked = fv.check_test_input(lesson.test_input, lesson.framing, lesson.n_in, _columns(lesson))
    np.testing.assert_array_equal(checked, lesson.test_input)


def test_a_test_input_of_the_wrong_length_gets_a_clear_message():
    with pytest.raises(InputError, match="needs 4 values; it has 3"):
        fv.check_test_input(np.array([70.0, 80.0, 90.0]), FRAMINGS["univariate"], 4, 1)
    with pytest.raises(InputError, match="3 rows × 2 columns; it has 3 × 3"):
        fv.check_test_input(LESSONS["parallel"].test_input, FRAMINGS["multiple_input"], 3, 3)


def test_default_test_input_is_the_tail_of_the_input_columns():
    np.testing.assert_array_equal(fv.default_test_input(UNIVARIATE, FRAMINGS["univariate"], 3), [70, 80, 90])
    np.testing.assert_array_equal(
        fv.default_test_input(MULTIVARIATE, FRAMINGS["multiple_input"], 2), [[80, 85], [90, 95]]
    )
    np.testing.assert_array_equal(fv.default_test_input(MULTIVARIATE, FRAMINGS["parallel"], 1), [[90, 95, 185]])


def test_prediction_table_reports_error_and_share():
    table = fv.prediction_table(np.array([[102.0, 99.0]]), np.array([100.0, 110.0]), ["a", "b"])
    assert list(table.columns) == ["output", "expected", "predicted", "error", "error %"]
    assert table["error"].tolist() == pytest.approx([2.0, -11.0])
    assert table["error %"].tolist() == pytest.approx([2.0, -10.0])
    only = fv.prediction_table(np.array([5.0]), None, ["a"])
    assert list(only.columns) == ["output", "predicted"]


def test_how_far_off_judges_the_worst_share_not_the_worst_difference():
    text = fv.how_far_off(np.array([106.0, 213.0]), np.array([100.0, 205.0]), ["in1", "out"])
    assert "on in1" in text and "6.0%" in text and "more than 5% off" in text
    assert "within 5%" in fv.how_far_off(np.array([[101.0]]), np.array([100.0]), ["x"])
    assert "no known right answer" in fv.how_far_off(np.array([1.0]), None, ["x"])


def test_naive_split_shape_is_what_a_learner_would_reshape_to():
    assert fv.naive_split_shape("cnn_lstm", (5, 4), 2) == (5, 2, 2, 1)
    assert fv.naive_split_shape("conv_lstm", (5, 4, 1), 2) == (5, 2, 1, 2, 1)
    # A window of 3 in 2 pieces: 2 × 1 steps hold 12 of the 18 values, so NumPy refuses it.
    assert fv.naive_split_shape("cnn_lstm", (6, 3), 2) == (6, 2, 1, 1)


def test_within_checks_every_value_against_its_own_expected_value():
    assert fv.within(np.array([[104.0, 210.0]]), np.array([100.0, 205.0]))
    assert not fv.within(np.array([104.0, 216.0]), np.array([100.0, 205.0]))
    assert fv.within(np.array([96.0]), np.array([100.0]))


def test_multi_step_forecast_continues_the_series_from_the_last_input():
    figure = fv.forecast_figure(np.array([70.0, 80.0, 90.0]), FRAMINGS["univariate_multistep"], 2,
                                np.array([101.0, 112.0]), np.array([100.0, 110.0]), ["series"])
    predicted = _trace(figure, "predicted")
    assert list(predicted.x) == [0, 1, 2]
    assert list(predicted.y) == [90, 101, 112]
    assert list(_trace(figure, "expected").y) == [90, 100, 110]


def test_multiple_input_forecast_sits_on_the_last_input_step():
    lesson = LESSONS["multiple_input_multistep"]
    figure = fv.forecast_figure(lesson.test_input, lesson.framing, 2, lesson.expected + 1, lesson.expected,
                                ["in1", "in2", "out"])
    assert list(_trace(figure, "expected").x) == [0, 1]
    assert list(_trace(figure, "expected").y) == [185, 205]


def test_parallel_forecast_draws_one_line_per_series():
    lesson = LESSONS["parallel_multistep"]
    figure = fv.forecast_figure(lesson.test_input, lesson.framing, 2, None, lesson.expected, ["in1", "in2", "out"])
    expected = [t for t in figure.data if t.name == "expected"]
    assert [list(t.y) for t in expected] == [[80, 90, 100], [85, 95, 105], [165, 185, 205]]
    assert not [t for t in figure.data if t.name == "predicted"]


def test_spread_table_summary_and_figure():
    predictions = [np.array([[101.0, 113.0]]), np.array([[123.0, 140.0]]), np.array([[99.0, 108.0]])]
    table = fv.spread_table(predictions, [1, 2, 3], np.array([100.0, 110.0]), ["t+1", "t+2"])
    assert table["seed"].tolist() == [1, 2, 3]
    assert table["largest miss"].tolist() == pytest.approx([3.0, 30.0, 2.0])
    summary = fv.spread_summary(predictions, ["t+1", "t+2"])
    assert summary.index("t+2 from 108.00 to 140.00") < summary.index("t+1 from 99.00 to 123.00")
    figure = fv.spread_figure(predictions, [1, 2, 3], np.array([100.0, 110.0]), ["t+1", "t+2"])
    assert [t.name for t in figure.data] == ["seed 1", "seed 2", "seed 3", "expected"]


def test_window_axes_name_x_and_y_before_any_reshape():
    X, y = FRAMINGS["univariate"].cut(UNIVARIATE, 3, 1)
    assert fv.window_axes(FRAMINGS["univariate"], X, y) == (("samples", "timesteps"), ("samples",))
    X, y = FRAMINGS["parallel"].cut(MULTIVARIATE, 3, 1)
    assert fv.window_axes(FRAMINGS["parallel"], X, y)[1] == ("samples", "features")
    X, y = FRAMINGS["univariate_multistep"].cut(UNIVARIATE, 3, 2)
    assert fv.window_axes(FRAMINGS["univariate_multistep"], X, y)[1] == ("samples", "timesteps")


def test_layer_table_colours_each_output_shape_by_axis():
    rows = [
        {"name": "time_distributed", "layer": "TimeDistributed(Conv1D)", "output_shape": (None, 2, 2, 64), "params": 128},
        {"name": "lstm", "layer": "LSTM", "output_shape": (None, 50), "params": 23000},
        {"name": "dense", "layer": "Dense", "output_shape": (None, 1), "params": 51},
    ]
    html = fv.layer_table_html(rows)
    assert SUBSEQUENCES.colour in html and SAMPLES.colour in html
    assert "23,179" in html  # the total
    assert fv.layer_axes("Dense", 2, True) == ("samples", "outputs")
    assert fv.layer_axes("ConvLSTM2D", 4, False)[1] == "rows"
    assert fv.layer_axes("TimeDistributed(Flatten)", 3, False)[1] == "subsequences"
    assert fv.layer_axes("TimeDistributed(Dense)", 3, True) == ("samples", "timesteps", "outputs")


@pytest.mark.parametrize("key", ["multiple_input", "multiple_input_multistep"])
def test_the_multiple_input_note_tells_the_first_samples_own_target(key):
    lesson = LESSONS[key]
    table = np.random.default_rng(3).integers(1, 500, size=(8, 3)).astype(float)
    X, y = lesson.framing.cut(table, lesson.n_in, lesson.n_out)
    note = fv.framing_note(lesson.framing, table, lesson.n_in, lesson.n_out, ["a", "b", "c"])
    first_targets = ", ".join(fv.number_text(v) for v in np.ravel(y[0]))
    assert f"({first_targets})" in note  # the very values the window function cuts
    last = lesson.n_in - 1
    if lesson.framing.horizon(lesson.n_out) == 1:
        assert f"c on row {last} ({fv.number_text(table[last, 2])}), not c on row {last + 1} " \
               f"({fv.number_text(table[last + 1, 2])})" in note


def test_only_the_framings_whose_target_is_on_the_last_input_row_get_the_note():
    for key in ("vanilla", "parallel", "vector_output", "parallel_multistep"):
        lesson = LESSONS[key]
        assert fv.framing_note(lesson.framing, lesson.data, lesson.n_in, lesson.n_out, ["a", "b", "c"]) is None


def test_numbers_in_page_text_are_written_without_float_noise():
    assert fv.number_text(0.1 + 0.2) == "0.3"
    assert fv.number_text(65.0) == "65"
    assert fv.number_text(1250.0) == "1,250"
    assert fv.numbers_text(UNIVARIATE) == "10, 20, …, 90"
    assert fv.numbers_text(np.array([70.0, 80.0, 90.0])) == "70, 80, 90"
    assert fv.expected_text(LESSONS["parallel_multistep"]) == "[90, 95, 185] then [100, 105, 205]"
    assert fv.expected_text(LESSONS["encoder_decoder"]) == "100, 110"


def test_a_result_table_in_html_shows_every_value_to_two_places_and_escapes_labels():
    table = fv.prediction_table(np.array([[102.494, 3.0]]), np.array([100.0, 0.0]), ["t+1", "<b>col</b>"])
    page = fv.table_html(table)
    assert page.count("<tr>") == 3 and page.count("</th>") == 5
    for shown in ("102.49", "100.00", "2.49", "3.00", "0.00", "—"):  # error % of an expected 0 has no meaning
        assert f">{shown}</td>" in page
    assert "&lt;b&gt;col&lt;/b&gt;" in page and "<b>col" not in page
    diverged = fv.table_html(fv.prediction_table(np.array([np.nan]), np.array([100.0]), ["t+1"]))
    assert diverged.count(">NaN</td>") == 3 and "—" not in diverged  # a NaN prediction is not "no value"
    seeds = fv.table_html(fv.spread_table([np.array([1234.5])], [7], None, ["t+1"]))
    assert ">7</td>" in seeds and ">1,234.50</td>" in seeds

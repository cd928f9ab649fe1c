"""The framing registry (lessons/forecasting/framings.py) against the tutorial's own window loops.

`TUTORIAL` below is the reference: the six `split_sequence(s)` functions of the forecasting
tutorial, one sample per loop turn, written here independently of the registry. Every framing
must cut exactly what its loop cuts, for many window sizes and data lengths, and refuse with a
clear message where the loop would give no sample at all.
"""

from __future__ import annotations

import numpy as np
import pytest

from lessons.core.parsing import InputError
from lessons.forecasting import FRAMINGS, IN1, IN2, LESSONS, MULTIVARIATE, UNIVARIATE, WindowError
from lessons.forecasting.framings import Span

# --- the reference: the tutorial's loops -------------------------------------------------------


def _univariate(seq, n_in, n_out):
    X, y = [], []
    for i in range(len(seq)):
        end = i + n_in
        if end > len(seq) - 1:
            break
        X.append(seq[i:end])
        y.append(seq[end])
    return X, y


def _univariate_multistep(seq, n_in, n_out):
    X, y = [], []
    for i in range(len(seq)):
        end, out_end = i + n_in, i + n_in + n_out
        if out_end > len(seq):
            break
        X.append(seq[i:end])
        y.append(seq[end:out_end])
    return X, y


def _multiple_input(rows, n_in, n_out):
    X, y = [], []
    for i in range(len(rows)):
        end = i + n_in
        if end > len(rows):
            break
        X.append(rows[i:end, :-1])
        y.append(rows[end - 1, -1])
    return X, y


def _multiple_input_multistep(rows, n_in, n_out):
    X, y = [], []
    for i in range(len(rows)):
        end, out_end = i + n_in, i + n_in + n_out - 1
        if out_end > len(rows):
            break
        X.append(rows[i:end, :-1])
        y.append(rows[end - 1 : out_end, -1])
    return X, y


def _parallel(rows, n_in, n_out):
    X, y = [], []
    for i in range(len(rows)):
        end = i + n_in
        if end > len(rows) - 1:
            break
        X.append(rows[i:end, :])
        y.append(rows[end, :])
    return X, y


def _parallel_multistep(rows, n_in, n_out):
    X, y = [], []
    for i in range(len(rows)):
        end, out_end = i + n_in, i + n_in + n_out
        if out_end > len(rows):
            break
        X.append(rows[i:end, :])
        y.append(rows[end:out_end, :])
    return X, y


TUTORIAL = {
    "univariate": _univariate,
    "univariate_multistep": _univariate_multistep,
    "multiple_input": _multiple_input,
    "multiple_input_multistep": _multiple_input_multistep,
    "parallel": _parallel,
    "parallel_multistep": _parallel_multistep,
}

SIZES = [(1, 1), (1, 3), (2, 2), (3, 1), (3, 2), (4, 3), (6, 1), (2, 6)]


def _data(name: str, n_rows: int, n_columns: int) -> np.ndarray:
    """Distinct random values, so a sample cut from the wrong rows or columns cannot match by chance."""
    values = np.random.default_rng(n_rows * 10 + n_columns).permutation(n_rows * n_columns) + 0.5
    return values if not FRAMINGS[name].table else values.reshape(n_rows, n_columns)


def _column_counts(name: str) -> list[int]:
    framing = FRAMINGS[name]
    return [1] if not framing.table else list(range(framing.min_columns, 4))


def test_the_reference_covers_every_framing():
    assert set(TUTORIAL) == set(FRAMINGS)
    assert all(name == framing.name for name, framing in FRAMINGS.items())


@pytest.mark.parametrize("name", list(FRAMINGS))
@pytest.mark.parametrize("n_in, n_out", SIZES)
def test_cut_is_the_tutorials_loop_for_every_length(name, n_in, n_out):
    """From too short to exact fit to plenty: the same samples, or a refusal where the loop has none."""
    framing = FRAMINGS[name]
    for n_columns in _column_counts(name):
        for n_rows in range(1, 14):
            data = _data(name, n_rows, n_columns)
            X_loop, y_loop = TUTORIAL[name](data, n_in, n_out)
            where = f"{n_rows} rows × {n_columns} columns, n_in={n_in}, n_out={n_out}"
            if not X_loop:
                with pytest.raises(WindowError, match="Add values or shrink the window"):
                    framing.cut(data, n_in, n_out)
                continue
            X, y = framing.cut(data, n_in, n_out)
            # Slicing only, no arithmetic: the values must be identical, not merely close.
            np.testing.assert_array_equal(X, np.array(X_loop), err_msg=where, strict=True)
            np.testing.assert_array_equal(y, np.array(y_loop), err_msg=where, strict=True)
            assert framing.sample_count(n_rows, n_in, n_out) == len(X_loop), where


@pytest.mark.parametrize("name", list(FRAMINGS))
@pytest.mark.parametrize("n_in, n_out", SIZES)
def test_spans_name_the_rows_each_sample_reads_and_forecasts(name, n_in, n_out):
    framing = FRAMINGS[name]
    data = _data(name, 12, 3 if framing.table else 1)
    table = data.reshape(len(data), -1)
    ins, outs = framing.input_columns(table.shape[1]), framing.target_columns(table.shape[1])
    X, y = framing.cut(data, n_in, n_out)
    for i in range(len(X)):
        span = framing.span(i, n_in, n_out)
        assert span.stop - span.start == n_in
        assert span.target_stop - span.target_start == framing.horizon(n_out)
        np.testing.assert_array_equal(table[span.start : span.stop][:, ins].ravel(), np.ravel(X[i]))
        np.testing.assert_array_equal(table[span.target_start : span.target_stop][:, outs].ravel(), np.ravel(y[i]))


def test_spans_slide_one_row_and_put_the_target_after_the_input_or_on_its_last_row():
    assert FRAMINGS["univariate"].span(0, 3, 5) == Span(0, 3, 3, 4)  # one step: n_out is ignored
    assert FRAMINGS["parallel_multistep"].span(5, 3, 2) == Span(5, 8, 8, 10)
    assert FRAMINGS["multiple_input_multistep"].span(0, 3, 2) == Span(0, 3, 2, 4)


# --- the layout each framing declares ------------------------------------------------------------


def test_columns_inputs_targets_and_horizon():
    multiple_input, parallel = FRAMINGS["multiple_input"], FRAMINGS["parallel_multistep"]
    assert multiple_input.input_columns(3) == [0, 1] and multiple_input.target_columns(3) == [2]
    assert parallel.input_columns(3) == parallel.target_columns(3) == [0, 1, 2]
    assert FRAMINGS["univariate"].column_names(1) == ["series"]
    assert multiple_input.column_names(3) == ["in1", "in2", "out"]
    assert FRAMINGS["univariate"].horizon(5) == 1
    assert parallel.horizon(5) == 5


# --- the tutorial's own data ---------------------------------------------------------------------


def test_multivariate_dataset_is_in1_in2_and_their_sum():
    assert MULTIVARIATE.shape == (9, 3)
    np.testing.assert_array_equal(MULTIVARIATE[:, 2], IN1 + IN2)


@pytest.mark.parametrize("key, x_shape, y_shape", [
    ("vanilla", (6, 3), (6,)),
    ("cnn_lstm", (5, 4), (5,)),
    ("multiple_input", (7, 3, 2), (7,)),
    ("parallel", (6, 3, 3), (6, 3)),
    ("vector_output", (5, 3), (5, 2)),
    ("multiple_input_multistep", (6, 3, 2), (6, 2)),
    ("parallel_multistep", (5, 3, 3), (5, 2, 3)),
])
def test_the_tutorials_shapes(key, x_shape, y_shape):
    X, y = LESSONS[key].make_samples()
    assert (X.shape, y.shape) == (x_shape, y_shape)


def test_the_multiple_input_target_is_the_output_on_the_last_input_row():
    X, y = FRAMINGS["multiple_input"].cut(MULTIVARIATE, 3, 1)
    np.testing.assert_array_equal(X[0], [[10, 15], [20, 25], [30, 35]])
    assert y[0] == 65  # row 2 of the output column (30 + 35), not row 3 (75): learners.md #18


def test_one_step_framings_ignore_n_out_even_when_it_would_be_refused():
    X, y = FRAMINGS["univariate"].cut(UNIVARIATE, 3, 0)
    np.testing.assert_array_equal(y, [40, 50, 60, 70, 80, 90])


def test_a_plain_list_is_cut_like_an_array():
    X, y = FRAMINGS["univariate_multistep"].cut([1, 2, 3, 4, 5], 3, 2)
    np.testing.assert_array_equal(X, [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(y, [[4.0, 5.0]])
    assert X.dtype == y.dtype == np.float64


def test_a_single_column_table_keeps_its_column_axis_for_parallel_series():
    X, y = FRAMINGS["parallel"].cut(UNIVARIATE.reshape(-1, 1), 3, 1)
    assert (X.shape, y.shape) == ((6, 3, 1), (6, 1))


# --- views of the learner's data ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(FRAMINGS))
def test_cuts_are_read_only_views_and_the_learners_data_stays_as_it_was(name):
    framing = FRAMINGS[name]
    data = _data(name, 9, 3 if framing.table else 1)
    before = data.copy()
    X, y = framing.cut(data, 3, 2)
    assert np.shares_memory(X, data) and np.shares_memory(y, data)  # cut, not copied
    for array in (X, y):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = -1.0
    assert data.flags.writeable  # the learner's own array is not locked
    np.testing.assert_array_equal(data, before)


# --- refusals the learner reads --------------------------------------------------------------


def test_window_error_is_an_input_error_so_pages_show_it_as_a_message():
    assert issubclass(WindowError, InputError)


@pytest.mark.parametrize("name", list(FRAMINGS))
@pytest.mark.parametrize("n_in", [0, -1])
def test_an_empty_or_negative_window_is_refused(name, n_in):
    framing = FRAMINGS[name]
    with pytest.raises(WindowError, match="^The input window must be at least 1 timestep.$"):
        framing.cut(_data(name, 9, 3 if framing.table else 1), n_in, 1)


@pytest.mark.parametrize("name", [name for name, framing in FRAMINGS.items() if framing.multistep])
@pytest.mark.parametrize("n_out", [0, -2])
def test_an_empty_or_negative_horizon_is_refused(name, n_out):
    framing = FRAMINGS[name]
    with pytest.raises(WindowError, match="^The forecast horizon must be at least 1 step.$"):
        framing.cut(_data(name, 9, 3 if framing.table else 1), 3, n_out)


def test_too_little_data_says_how_many_rows_one_sample_needs():
    with pytest.raises(WindowError) as caught:
        FRAMINGS["univariate_multistep"].cut(UNIVARIATE[:4], 3, 2)
    assert str(caught.value) == (
        "The series has 4 rows, but one sample needs 5 (3 in + 2 out). Add values or shrink the window."
    )
    with pytest.raises(WindowError) as caught:
        FRAMINGS["multiple_input_multistep"].cut(MULTIVARIATE[:3], 3, 2)
    assert str(caught.value) == (
        "The series has 3 rows, but one sample needs 4 (3 in + 2 out sharing 1). Add values or shrink the window."
    )


def test_a_table_framing_refuses_a_flat_list_and_a_table_without_an_output_column():
    with pytest.raises(WindowError, match=r"^Expected a table of rows × columns, got an array of 1 dimensions\.$"):
        FRAMINGS["parallel"].cut(UNIVARIATE, 3, 1)
    with pytest.raises(WindowError, match=r"needs at least 2 columns \(inputs and the output\); the table has 1\."):
        FRAMINGS["multiple_input"].cut(MULTIVARIATE[:, :1], 3, 1)


def test_a_series_framing_refuses_a_table():
    with pytest.raises(WindowError, match="one series of values, got an array of 2 dimensions"):
        FRAMINGS["univariate"].cut(MULTIVARIATE, 3, 1)

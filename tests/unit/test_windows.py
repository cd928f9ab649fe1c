"""Every window function in lessons/windows.py: shapes, contents and the inputs it must refuse."""

from __future__ import annotations

import numpy as np
import pytest

from lessons.forecasting import windows as w
from lessons.forecasting import IN1, IN2, MULTIVARIATE, UNIVARIATE
from lessons.core.parsing import InputError

# --- windows(): the spans every framing is built on -------------------------------------------


def test_windows_slide_one_step_and_place_the_target_after_the_input():
    spans = w.windows(9, 3)
    assert len(spans) == 6
    assert [(s.start, s.stop, s.target_start, s.target_stop) for s in spans[:2]] == [
        (0, 3, 3, 4),
        (1, 4, 4, 5),
    ]
    assert spans[-1] == w.Window(5, 8, 8, 9)


def test_windows_with_overlap_put_the_first_target_on_the_last_input_row():
    spans = w.windows(9, 3, 2, overlap=1)
    assert spans[0] == w.Window(0, 3, 2, 4)
    assert len(spans) == 6
    assert spans[-1].target_stop == 9


@pytest.mark.parametrize("n_in, n_out", [(0, 1), (3, 0), (-1, 1), (3, -2)])
def test_windows_refuse_empty_or_negative_sizes(n_in, n_out):
    with pytest.raises(w.WindowError):
        w.windows(9, n_in, n_out)


def test_window_error_is_an_input_error_so_pages_show_it_as_a_message():
    assert issubclass(w.WindowError, InputError)


def test_too_short_series_says_how_many_rows_one_sample_needs():
    with pytest.raises(w.WindowError, match=r"has 4 rows.*needs 5"):
        w.windows(4, 3, 2)


# --- univariate ------------------------------------------------------------------------------


def test_split_sequence_tutorial_shapes_and_contents():
    X, y = w.split_sequence(UNIVARIATE, 3)
    assert X.shape == (6, 3)
    assert y.shape == (6,)
    np.testing.assert_array_equal(X[0], [10, 20, 30])
    np.testing.assert_array_equal(X[-1], [60, 70, 80])
    np.testing.assert_array_equal(y, [40, 50, 60, 70, 80, 90])


def test_split_sequence_window_of_four_for_the_cnn_lessons():
    X, y = w.split_sequence(UNIVARIATE, 4)
    assert X.shape == (5, 4)
    np.testing.assert_array_equal(y, [50, 60, 70, 80, 90])


def test_split_sequence_exact_fit_gives_one_sample():
    X, y = w.split_sequence([1.0, 2.0, 3.0, 4.0], 3)
    np.testing.assert_array_equal(X, [[1, 2, 3]])
    np.testing.assert_array_equal(y, [4])


def test_split_sequence_one_value_short_is_refused():
    with pytest.raises(w.WindowError):
        w.split_sequence([1.0, 2.0, 3.0], 3)


def test_split_sequence_window_zero_is_refused():
    with pytest.raises(w.WindowError, match="at least 1"):
        w.split_sequence(UNIVARIATE, 0)


def test_split_sequence_window_of_one():
    X, y = w.split_sequence([5.0, 6.0, 7.0], 1)
    np.testing.assert_array_equal(X, [[5], [6]])
    np.testing.assert_array_equal(y, [6, 7])


def test_split_sequence_multistep_tutorial_shapes_and_contents():
    X, y = w.split_sequence_multistep(UNIVARIATE, 3, 2)
    assert X.shape == (5, 3)
    assert y.shape == (5, 2)
    np.testing.assert_array_equal(X[0], [10, 20, 30])
    np.testing.assert_array_equal(y[0], [40, 50])
    np.testing.assert_array_equal(y[-1], [80, 90])


def test_split_sequence_multistep_horizon_zero_is_refused():
    with pytest.raises(w.WindowError, match="horizon"):
        w.split_sequence_multistep(UNIVARIATE, 3, 0)


def test_split_sequence_multistep_exact_fit_and_too_short():
    X, y = w.split_sequence_multistep([1.0, 2.0, 3.0, 4.0, 5.0], 3, 2)
    np.testing.assert_array_equal(X, [[1, 2, 3]])
    np.testing.assert_array_equal(y, [[4, 5]])
    with pytest.raises(w.WindowError):
        w.split_sequence_multistep([1.0, 2.0, 3.0, 4.0], 3, 2)


# --- multiple input series: the target is the output at the last input step -------------------


def test_multivariate_dataset_is_in1_in2_and_their_sum():
    assert MULTIVARIATE.shape == (9, 3)
    np.testing.assert_array_equal(MULTIVARIATE[:, 2], IN1 + IN2)


def test_split_multiple_input_first_target_is_the_output_at_the_last_input_step():
    X, y = w.split_multiple_input(MULTIVARIATE, 3)
    assert X.shape == (7, 3, 2)
    assert y.shape == (7,)
    np.testing.assert_array_equal(X[0], [[10, 15], [20, 25], [30, 35]])
    # Row 2 of the output column (30 + 35), not row 3 (75): learners.md #18.
    assert y[0] == 65
    np.testing.assert_array_equal(y, MULTIVARIATE[2:, 2])


def test_split_multiple_input_exact_fit_uses_every_row_once():
    rows = MULTIVARIATE[:3]
    X, y = w.split_multiple_input(rows, 3)
    assert X.shape == (1, 3, 2)
    np.testing.assert_array_equal(y, [65])


def test_split_multiple_input_needs_an_output_column():
    with pytest.raises(w.WindowError, match="at least 2 columns"):
        w.split_multiple_input(MULTIVARIATE[:, :1], 3)


def test_split_multiple_input_refuses_a_flat_list():
    with pytest.raises(w.WindowError, match="rows × columns"):
        w.split_multiple_input(UNIVARIATE, 3)


def test_split_multiple_input_window_zero_and_too_short():
    with pytest.raises(w.WindowError):
        w.split_multiple_input(MULTIVARIATE, 0)
    with pytest.raises(w.WindowError):
        w.split_multiple_input(MULTIVARIATE[:2], 3)


def test_split_multiple_input_multistep_tutorial_shapes_and_contents():
    X, y = w.split_multiple_input_multistep(MULTIVARIATE, 3, 2)
    assert X.shape == (6, 3, 2)
    assert y.shape == (6, 2)
    np.testing.assert_array_equal(y[0], [65, 85])
    np.testing.assert_array_equal(y[-1], [165, 185])


def test_split_multiple_input_multistep_exact_fit_and_horizon_zero():
    X, y = w.split_multiple_input_multistep(MULTIVARIATE[:4], 3, 2)
    assert X.shape == (1, 3, 2)
    np.testing.assert_array_equal(y, [[65, 85]])
    with pytest.raises(w.WindowError):
        w.split_multiple_input_multistep(MULTIVARIATE[:3], 3, 2)
    with pytest.raises(w.WindowError):
        w.split_multiple_input_multistep(MULTIVARIATE, 3, 0)


# --- parallel series ---------------------------------------------------------------------------


def test_split_parallel_tutorial_shapes_and_contents():
    X, y = w.split_parallel(MULTIVARIATE, 3)
    assert X.shape == (6, 3, 3)
    assert y.shape == (6, 3)
    np.testing.assert_array_equal(X[0], MULTIVARIATE[0:3])
    np.testing.assert_array_equal(y[0], [40, 45, 85])
    np.testing.assert_array_equal(y[-1], [90, 95, 185])


def test_split_parallel_accepts_a_single_column_and_refuses_a_flat_list():
    X, y = w.split_parallel(UNIVARIATE.reshape(-1, 1), 3)
    assert X.shape == (6, 3, 1)
    assert y.shape == (6, 1)
    with pytest.raises(w.WindowError):
        w.split_parallel(UNIVARIATE, 3)


def test_split_parallel_exact_fit_window_zero_and_too_short():
    X, y = w.split_parallel(MULTIVARIATE[:4], 3)
    assert X.shape == (1, 3, 3)
    with pytest.raises(w.WindowError):
        w.split_parallel(MULTIVARIATE[:3], 3)
    with pytest.raises(w.WindowError):
        w.split_parallel(MULTIVARIATE, 0)


def test_split_parallel_multistep_tutorial_shapes_and_contents():
    X, y = w.split_parallel_multistep(MULTIVARIATE, 3, 2)
    assert X.shape == (5, 3, 3)
    assert y.shape == (5, 2, 3)
    np.testing.assert_array_equal(y[0], [[40, 45, 85], [50, 55, 105]])
    np.testing.assert_array_equal(y[-1], MULTIVARIATE[7:9])


def test_split_parallel_multistep_exact_fit_horizon_zero_and_too_short():
    X, y = w.split_parallel_multistep(MULTIVARIATE[:5], 3, 2)
    assert X.shape == (1, 3, 3)
    assert y.shape == (1, 2, 3)
    with pytest.raises(w.WindowError):
        w.split_parallel_multistep(MULTIVARIATE[:4], 3, 2)
    with pytest.raises(w.WindowError):
        w.split_parallel_multistep(MULTIVARIATE, 3, 0)


def test_windows_never_share_memory_with_the_learners_data():
    data = MULTIVARIATE.copy()
    X, y = w.split_parallel(data, 3)
    data[0, 0] = -1.0
    assert X[0, 0, 0] == 10

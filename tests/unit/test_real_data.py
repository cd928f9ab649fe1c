"""The real-data lesson: generated series, framings, windows, the classifier and CSV uploads."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import real_data as rd
from lessons.parsing import InputError
from lessons.training_queue import TRAINING_QUEUE


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    return rd.generate_series()


# --- the generated data ---------------------------------------------------------------------


def test_generated_data_has_the_questions_size_and_three_balanced_classes(data):
    series, labels = data
    assert series.shape == (1000, 3125)
    assert series.dtype == np.float32
    assert np.isfinite(series).all()
    assert np.bincount(labels).tolist() == [334, 333, 333]


def test_generated_data_is_a_pure_function_of_its_seed():
    a, la = rd.generate_series(30, 200, seed=4)
    b, lb = rd.generate_series(30, 200, seed=4)
    c, _ = rd.generate_series(30, 200, seed=5)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert not np.array_equal(a, c)


# --- windows --------------------------------------------------------------------------------


@pytest.mark.parametrize("length, window", [(10, 3), (200, 100), (50, 50), (7, 1)])
def test_sliding_view_equals_the_tutorials_loop_and_copies_nothing(length, window):
    values = np.arange(length, dtype=np.float32)
    view = rd.sliding_windows(values, window)
    looped = rd.loop_windows(values, window)
    np.testing.assert_array_equal(view, looped)
    assert view.shape == (rd.window_count(length, window), window)
    assert np.shares_memory(view, values)
    assert not np.shares_memory(looped, values)


def test_windows_that_do_not_fit_are_refused():
    with pytest.raises(InputError, match="does not fit"):
        rd.sliding_windows(np.arange(5.0), 6)
    with pytest.raises(InputError, match="does not fit"):
        rd.loop_windows(np.arange(5.0), 0)


def test_reshape_cannot_make_overlapping_windows_and_numpy_says_so():
    count = rd.reshape_versus_windows(3125, 100)
    assert count.have == 3125
    assert count.need == 3026 * 100
    assert count.error is not None
    assert "3125" in count.error.message and "3026" in count.error.message


# --- framings -------------------------------------------------------------------------------


def test_framings_have_the_shapes_of_the_question(data):
    series, _ = data
    found = {f.key: f for f in rd.framings(series)}
    assert found[rd.SERIES].shape == (1000, 3125, 1)
    assert found[rd.ASKER].shape == (1000, 1, 3125)
    assert found[rd.WINDOWS].shape == (1000 * 3026, 100, 1)
    assert found[rd.CHUNKS].shape == (25_000, 125, 1)
    assert found[rd.CHUNK_STEPS].shape == (1000, 25, 125)


def test_reshape_framings_are_free_views_and_stacked_windows_are_not(data):
    series, _ = data
    found = {f.key: f for f in rd.framings(series)}
    for key in (rd.SERIES, rd.ASKER, rd.CHUNKS, rd.CHUNK_STEPS):
        assert found[key].extra_bytes == 0
        assert np.shares_memory(rd.framing_array(key, series, 100, 125), series)
    assert found[rd.WINDOWS].extra_bytes == 1000 * 3026 * 100 * 4
    assert "1.21 GB copy" in found[rd.WINDOWS].memory_text
    assert "nothing is copied" in found[rd.CHUNKS].memory_text
    assert np.shares_memory(rd.framing_array(rd.WINDOWS, series, 100, 125), series)


def test_chunks_are_consecutive_pieces_and_a_remainder_is_dropped():
    series = np.arange(2 * 1000, dtype=np.float32).reshape(2, 1000)
    chunks = rd.framing_array(rd.CHUNKS, series, 10, 300)
    assert chunks.shape == (6, 300, 1)
    np.testing.assert_array_equal(chunks[4, :, 0], series[1, 300:600])
    found = {f.key: f for f in rd.framings(series, 10, 300)}
    assert found[rd.CHUNKS].dropped_steps == 100
    assert found[rd.CHUNK_STEPS].shape == (2, 3, 300)


def test_the_asker_framing_is_one_timestep_of_every_value(data):
    series, _ = data
    asker = rd.framing_array(rd.ASKER, series, 100, 125)
    np.testing.assert_array_equal(asker[7, 0], series[7])


def test_format_bytes_reads_like_people_say_it():
    assert rd.format_bytes(0) == "0 bytes"
    assert rd.format_bytes(12_500_000) == "12.5 MB"
    assert rd.format_bytes(1_210_400_000) == "1.21 GB"


# --- the classifier -------------------------------------------------------------------------


def test_train_and_test_series_never_overlap():
    train, test = rd.split_series(1000)
    assert len(test) == 200 and len(train) == 800
    assert not set(train) & set(test)


def test_classifier_data_draws_windows_from_training_series_only(data):
    series, labels = data
    X_train, y_train, X_test, y_test, owner = rd.classifier_data(rd.WINDOWS, series, labels)
    train_rows, test_rows = rd.split_series(len(series))
    assert X_train.shape == (800 * rd.SAMPLES_PER_SERIES, 100, 1)
    assert X_test.shape == (200 * 31, 100, 1)  # every 100th window start: 0, 100, …, 3000
    # every test window is a real window of its own test series
    first = test_rows[owner[5]]
    start = 5 * 100
    np.testing.assert_array_equal(X_test[5, :, 0], series[first, start : start + 100])
    assert (y_test == labels[test_rows][owner]).all()
    assert np.bincount(y_train).min() > 0


@pytest.mark.slow
def test_a_small_lstm_tells_the_classes_apart_on_held_out_series(data):
    series, labels = data
    run = rd.train_classifier(rd.CHUNK_STEPS, series, labels, epochs=10)
    assert run.train_shape == (800, 25, 125)
    assert run.series_accuracy > 0.8  # chance is 1/3
    assert run.confusion.sum() == 200
    assert len(run.losses) == 10


def test_classifier_stop_leaves_the_queue_clean(data):
    series, labels = data

    def stop(done: int, total: int, losses: list[float]) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rd.train_classifier(rd.ASKER, series[:60], labels[:60], epochs=2, on_progress=stop)
    assert len(TRAINING_QUEUE) == 0


# --- CSV uploads ----------------------------------------------------------------------------


def test_csv_with_a_header_row_becomes_float_columns():
    frame = rd.parse_csv(b"a,b\n1,2\n3,4.5\n-1e-3,0\n")
    assert list(frame.columns) == ["a", "b"]
    assert frame.shape == (3, 2)
    assert frame["b"].tolist() == [2.0, 4.5, 0.0]


def test_csv_without_header_with_semicolons_and_a_byte_order_mark():
    frame = rd.parse_csv("\ufeff1;2;3\n4;5;6\n".encode())
    assert list(frame.columns) == ["column 1", "column 2", "column 3"]
    assert frame.to_numpy().tolist() == [[1, 2, 3], [4, 5, 6]]


def test_a_generated_table_round_trips_through_csv(data):
    series, _ = data
    small = series[:4, :50]
    frame = rd.parse_csv(rd.csv_bytes(small, "columns"))
    np.testing.assert_allclose(rd.table_to_series(frame, "columns"), small, atol=1e-4)
    frame = rd.parse_csv(rd.csv_bytes(small, "rows"))
    np.testing.assert_allclose(rd.table_to_series(frame, "rows"), small, atol=1e-4)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"date,value\n2024-01-01,1\n2024-01-02,2\n", "holds text"),
        (b"a,b\n1,2\n3,\n5,6\n", "missing value in row 3"),
        (b"a,b\n1,2\nNaN,4\n", "missing value"),
        (b"1,2,3\n", "1 row"),
        (b"a,b\n1,2\n", "1 row"),
        (b"a,b\n", "0 rows"),
        (b"1,2\n3,4,5\n6,7\n", "same number of cells"),
        (b"\xff\xfe\x00\x01", "UTF-8"),
        (b"", "empty"),
        (b"a\n1\ninf\n", "infinity"),
    ],
)
def test_bad_csv_gets_a_clear_message(content, words):
    with pytest.raises(InputError, match=words):
        rd.parse_csv(content)


def test_csv_with_too_many_cells_is_refused_before_parsing():
    columns = 2_000
    row = (",".join(["1"] * columns) + "\n").encode()
    content = row * (rd.MAX_CELLS // columns + 1)
    with pytest.raises(InputError, match="cells"):
        rd.parse_csv(content)


def test_csv_over_the_size_limit_is_refused():
    with pytest.raises(InputError, match="MB"):
        rd.parse_csv(b"1\n" * (rd.MAX_UPLOAD_BYTES // 2 + 1))


def test_upload_sizes_shrink_to_fit_a_short_series():
    assert rd.fitting_sizes(3125) == (100, 125)
    assert rd.fitting_sizes(40) == (20, 20)
    series = np.arange(80, dtype=np.float32).reshape(2, 40)
    assert {f.key for f in rd.framings(series, *rd.fitting_sizes(40))} == set(rd.FRAMING_KEYS)

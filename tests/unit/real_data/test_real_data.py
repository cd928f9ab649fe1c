"""The real-data lesson: generated series, framings, windows, the classifier and CSV uploads."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import real_data as rd
from lessons.core import InputError
from lessons.engine.queue import TRAINING_QUEUE


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


# --- one budget of updates for every framing ---------------------------------------------------


@pytest.mark.parametrize(
    "samples, updates, per_epoch, epochs, whole, partial",
    [
        (800, 100, 12, 9, 8, 4),  # whole series: 800 // 64 full batches an epoch, a 9th epoch begun
        (6400, 100, 100, 1, 1, 0),  # windows: the budget is exactly one epoch
        (6400, 250, 100, 3, 2, 50),
        (800, 12, 12, 1, 1, 0),
        (48, 10, 1, 10, 10, 0),  # fewer samples than a batch: one batch of all of them
    ],
)
def test_epochs_derive_from_the_budget_and_the_samples(samples, updates, per_epoch, epochs, whole, partial):
    plan = rd.plan_updates(samples, updates)
    assert plan.updates == updates
    assert plan.batch == min(rd.BATCH_SIZE, samples)
    assert plan.updates_per_epoch == per_epoch
    assert (plan.epochs, plan.whole_epochs, plan.partial_updates) == (epochs, whole, partial)
    assert plan.samples_seen == updates * plan.batch


def test_every_budget_is_whole_epochs_plus_one_partial_at_most():
    for samples in (64, 65, 127, 800, 6400):
        for updates in (rd.MIN_UPDATES, 11, 99, 100, 101, rd.MAX_UPDATES):
            plan = rd.plan_updates(samples, updates)
            assert plan.whole_epochs * plan.updates_per_epoch + plan.partial_updates == updates
            assert 0 <= plan.partial_updates < plan.updates_per_epoch
            assert plan.epochs == plan.whole_epochs + (plan.partial_updates > 0)
            assert plan.updates_per_epoch * plan.batch <= samples  # full batches only


def test_the_epochs_are_said_plainly():
    assert rd.plan_updates(6400, 100).epochs_text == "1 epoch"
    assert rd.plan_updates(800, 24).epochs_text == "2 epochs"
    assert rd.plan_updates(800, 100).epochs_text == "8 epochs, then 4 of the next one's 12 updates"
    assert rd.plan_updates(6400, 10).epochs_text == "part of one epoch: 10 of its 100 updates"


@pytest.mark.parametrize("updates", [0, rd.MIN_UPDATES - 1, rd.MAX_UPDATES + 1, 2.5, True, "100", None])
def test_a_bad_budget_gets_a_clear_message(updates):
    with pytest.raises(InputError, match=f"whole number from {rd.MIN_UPDATES:,} to {rd.MAX_UPDATES:,}"):
        rd.plan_updates(800, updates)


def test_no_training_samples_is_refused():
    with pytest.raises(InputError, match="at least 2 series"):
        rd.plan_updates(0, rd.DEFAULT_UPDATES)


def test_each_epoch_reshuffles_and_every_update_is_a_full_batch_of_distinct_samples():
    plan = rd.plan_updates(200, 10)  # 3 full batches an epoch (8 samples left over), 4 epochs begun
    order = rd.batch_order(plan, seed=3)
    assert order.shape == (10, 64)
    assert order.min() >= 0 and order.max() < 200
    epochs = [order[i : i + 3].ravel() for i in range(0, 9, 3)]
    for rows in epochs:
        assert len(set(rows.tolist())) == len(rows)  # no sample twice within an epoch
    assert not np.array_equal(epochs[0], epochs[1])
    np.testing.assert_array_equal(order, rd.batch_order(plan, seed=3))


@pytest.mark.parametrize("length, window, chunk", [(400, 40, 50), (400, 40, 100), (60, 55, 30)])
@pytest.mark.parametrize("key", rd.FRAMING_KEYS)
def test_training_samples_are_counted_without_making_them(key, length, window, chunk):
    series, labels = rd.generate_series(30, length, seed=2)
    X_train = rd.classifier_data(key, series, labels, window=window, chunk=chunk)[0]
    assert rd.training_samples(key, 30, length, window, chunk) == len(X_train)


def test_one_budget_gives_every_framing_the_same_updates_and_samples_seen_not_the_same_epochs():
    plans = rd.budget_plans(rd.N_SERIES, rd.LENGTH, rd.DEFAULT_UPDATES)
    assert set(plans) == set(rd.FRAMING_KEYS)
    assert {plan.updates for plan in plans.values()} == {rd.DEFAULT_UPDATES}
    assert len({plan.samples_seen for plan in plans.values()}) == 1
    n_train = len(rd.split_series(rd.N_SERIES)[0])
    assert plans[rd.SERIES].updates_per_epoch == n_train // rd.BATCH_SIZE
    assert plans[rd.WINDOWS].updates_per_epoch == n_train * rd.SAMPLES_PER_SERIES // rd.BATCH_SIZE
    assert plans[rd.WINDOWS].epochs < plans[rd.SERIES].epochs


def test_the_budget_table_says_it_for_every_framing(data):
    series, _ = data
    found = rd.framings(series)
    frame = rd.budget_frame(rd.budget_plans(*series.shape, 50), found)
    assert frame["framing"].tolist() == [f.title for f in found]
    assert frame["updates"].tolist() == [50] * len(found)
    assert frame["timesteps per sample"].tolist() == [f.shape[1] for f in found]


def test_losses_sit_at_the_updates_where_their_epochs_end():
    np.testing.assert_array_equal(rd.updates_at_epoch_ends(rd.plan_updates(800, 30)), [12, 24, 30])
    np.testing.assert_array_equal(rd.updates_at_epoch_ends(rd.plan_updates(6400, 100)), [100])


def test_still_falling_means_the_last_epoch_was_the_lowest_yet():
    assert rd.still_falling((1.0, 0.8, 0.5))
    assert not rd.still_falling((1.0, 0.4, 0.5))
    assert not rd.still_falling((0.5,))


def test_the_majority_baseline_counts_the_held_out_series_only():
    labels = np.zeros(50, dtype=np.int64)
    train_rows, test_rows = rd.split_series(50)
    labels[train_rows] = 1  # the training series' majority must not matter
    labels[test_rows[:4]] = 2  # held out: 6 of class 0, 4 of class 2
    baseline = rd.majority_baseline(labels)
    assert (baseline.label, baseline.series) == (0, len(test_rows))
    assert baseline.share == pytest.approx(6 / 10)
    assert baseline.name == rd.CLASS_NAMES[0]


# --- the classifier -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> tuple[np.ndarray, np.ndarray]:
    """100 series of 200 steps: 80 train, so every framing fills a batch of 64."""
    return rd.generate_series(100, 200, seed=1)


@pytest.mark.slow
def test_every_framing_trains_exactly_the_budget_and_reports_every_epoch(small):
    series, labels = small
    updates = 15
    runs = {}
    for key in rd.FRAMING_KEYS:
        calls = []

        def progress(done: int, total: int, losses: list[float]) -> None:
            calls.append((done, total, len(losses)))

        runs[key] = rd.train_classifier(key, series, labels, window=20, chunk=25, updates=updates,
                                        on_progress=progress)
        plan = runs[key].plan
        assert runs[key].updates == updates  # Adam's own count of the steps it applied
        assert len(runs[key].losses) == plan.epochs
        assert calls[-1] == (plan.epochs, plan.epochs, plan.epochs)
        assert [done for done, _, _ in calls] == sorted({done for done, _, _ in calls})
        assert all(total == plan.epochs for _, total, _ in calls)
    assert len({run.samples_seen for run in runs.values()}) == 1
    # 640 windows (10 updates an epoch): the budget ends 5 updates into a second epoch
    assert runs[rd.WINDOWS].plan.epochs == 2 and runs[rd.WINDOWS].plan.partial_updates == 5
    assert runs[rd.SERIES].plan.epochs == updates  # 80 series: one full batch an epoch


@pytest.mark.slow
def test_a_small_lstm_beats_the_majority_baseline_on_held_out_series(data):
    series, labels = data
    run = rd.train_classifier(rd.CHUNK_STEPS, series, labels, updates=30)
    assert run.train_shape == (800, 25, 125)
    assert run.series_accuracy > run.baseline.share
    assert run.baseline == rd.majority_baseline(labels)
    assert run.confusion.sum() == 200
    assert run.updates == 30


def test_a_seed_trains_the_same_again_on_the_kept_compiled_model(small):
    series, labels = small

    def run(seed: int, updates: int) -> rd.ClassifierRun:
        return rd.train_classifier(rd.CHUNKS, series, labels, chunk=25, updates=updates, seed=seed)

    first = run(0, 12)
    run(1, 20)  # another seed and budget on the same framing's compiled model
    again = run(0, 12)
    assert again.losses == first.losses and again.updates == first.updates == 12
    np.testing.assert_array_equal(again.confusion, first.confusion)
    assert again.sample_accuracy == first.sample_accuracy


def test_classifier_stop_leaves_the_queue_clean(data):
    series, labels = data

    def stop(done: int, total: int, losses: list[float]) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rd.train_classifier(rd.ASKER, series[:60], labels[:60], updates=rd.MIN_UPDATES, on_progress=stop)
    assert len(TRAINING_QUEUE) == 0


def test_bad_training_input_gets_a_message_before_any_training(data):
    series, labels = data
    with pytest.raises(InputError, match="whole number"):
        rd.train_classifier(rd.CHUNKS, series[:60], labels[:60], updates=rd.MAX_UPDATES + 1)
    with pytest.raises(InputError, match="one label per series"):
        rd.train_classifier(rd.CHUNKS, series[:60], labels[:59])
    with pytest.raises(InputError, match="at least 2 series"):
        rd.train_classifier(rd.CHUNKS, series[:1], labels[:1])
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

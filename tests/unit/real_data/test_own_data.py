"""A learner's own labelled series: labels (a column or a second file), the long-format pivot, the
stratified split, the confusion matrix, and the classifier as a job on that data.

The data is made by `labelled_series` (sine, square and noise) and written out as the files a
learner would upload.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from lessons import engine
from lessons import real_data as rd
from lessons.core import InputError
from tests.unit.real_data.labelled_series import CLASSES, labelled_series, labels_csv, long_csv


@pytest.fixture(scope="module")
def own() -> tuple[np.ndarray, list[str], list[str]]:
    return labelled_series(per_class=8, steps=40, channels=2, seed=3)


# --- labels ------------------------------------------------------------------------------------


def test_labels_become_classes_in_order_with_their_counts():
    labels = rd.make_labels(["noise", "sine", "sine", "noise", "square", "square"], 6, "here")
    assert labels.names == ("noise", "sine", "square")
    assert labels.codes.tolist() == [0, 1, 1, 0, 2, 2]
    assert labels.counts.tolist() == [2, 2, 2]
    assert labels.frame().to_dict("list") == {"class": ["noise", "sine", "square"], "series": [2, 2, 2]}


def test_numeric_labels_sort_by_value_and_one_point_oh_is_one():
    labels = rd.make_labels(["10", "2", "1.0", "1", "2", "10", " 2 "], 7, "here")
    assert labels.names == ("1", "2", "10")
    assert labels.codes.tolist() == [2, 1, 0, 0, 1, 2, 1]


def test_labels_from_a_column_one_per_series_row():
    table = rd.read_table(b"a,b,c,kind\n1,2,3,cat\n4,5,6,dog\n7,8,9,cat\n1,1,1,dog\n")
    labels = rd.labels_from_column(table, "kind")
    assert labels.names == ("cat", "dog") and labels.codes.tolist() == [0, 1, 0, 1]


def test_labels_from_a_column_of_a_long_table_one_per_id(own):
    values, names, ids = own
    table = rd.read_table(long_csv(values, ids, names))
    pivot = rd.pivot_long(table, "id", "step", ["ch1", "ch2"])
    labels = rd.labels_from_column(table, "label", pivot.ids, "id")
    by_id = dict(zip(ids, names))
    assert [labels.names[c] for c in labels.codes] == [by_id[i] for i in pivot.ids]


def test_a_series_with_two_labels_in_its_column_is_named():
    table = rd.read_table(b"id,t,x,label\na,0,1,cat\na,1,2,dog\nb,0,1,cat\nb,1,1,cat\nc,0,1,dog\nc,1,1,dog\n")
    with pytest.raises(InputError, match="Series 'a' has 2 different labels in column 'label' \\('cat', 'dog'\\)"):
        rd.labels_from_column(table, "label", ("a", "b", "c"), "id")


def test_labels_from_a_column_for_series_the_table_does_not_have_are_refused():
    table = rd.read_table(b"id,t,x,label\na,0,1,cat\na,1,2,cat\nb,0,1,dog\nb,1,1,dog\n")
    with pytest.raises(InputError, match="no rows for series 'c'"):
        rd.labels_from_column(table, "label", ("a", "b", "c"), "id")


def test_labels_from_a_second_file_matched_by_id_in_any_order(own):
    values, names, ids = own
    order = np.random.default_rng(0).permutation(len(ids))
    file = rd.read_table(labels_csv([ids[i] for i in order], [names[i] for i in order]))
    labels = rd.labels_from_file(file, "label", tuple(ids), "labels.csv", "id")
    assert [labels.names[c] for c in labels.codes] == names


def test_labels_from_a_second_file_in_the_order_of_the_series_even_without_a_header(own):
    _, names, ids = own
    with_header = rd.read_table(labels_csv(None, names))
    assert list(with_header.columns) == ["label"]
    no_header = rd.read_table("\n".join(names).encode())  # a bare list: its first label comes again below
    assert list(no_header.columns) == ["column 1"] and len(no_header) == len(names)
    for file, column in ((with_header, "label"), (no_header, "column 1")):
        labels = rd.labels_from_file(file, column, tuple(ids), "labels.csv", "id")
        assert [labels.names[c] for c in labels.codes] == names


def test_a_label_count_that_does_not_match_says_both_counts(own):
    _, names, ids = own
    file = rd.read_table(labels_csv(None, names[:-1]))
    with pytest.raises(InputError, match=f"There are {len(ids)} series but {len(ids) - 1} labels in labels.csv"):
        rd.labels_from_file(file, "label", tuple(ids), "labels.csv", "id")


def test_a_labels_file_matched_by_id_names_missing_and_unknown_ids(own):
    _, names, ids = own
    file = rd.read_table(labels_csv(ids[1:] + ["stranger"], names[1:] + ["sine"]))
    with pytest.raises(InputError, match=f"no label for series '{ids[0]}'.*'stranger', which the table does not have"):
        rd.labels_from_file(file, "label", tuple(ids), "labels.csv", "id")


def test_one_class_only_is_refused():
    with pytest.raises(InputError, match="Every series has the label 'sine'.*at least 2 classes"):
        rd.make_labels(["sine"] * 5, 5, "labels.csv")


def test_a_class_with_a_single_series_is_refused_by_name():
    with pytest.raises(InputError, match="Class 'noise' has only 1 series"):
        rd.make_labels(["sine", "sine", "square", "square", "noise"], 5, "labels.csv")


def test_an_empty_label_is_refused():
    with pytest.raises(InputError, match="Label 2 .* is empty"):
        rd.make_labels(["sine", " ", "sine"], 3, "labels.csv")


# --- the long-format pivot -----------------------------------------------------------------------


def test_a_shuffled_long_table_pivots_back_to_its_series(own):
    values, _, ids = own
    table = rd.read_table(long_csv(values, ids, seed=1))
    assert table["id"].tolist()[:len(ids)] != ids  # the rows really are shuffled
    pivot = rd.pivot_long(table, "id", "step", ["ch1", "ch2"])
    assert pivot.values.shape == (len(ids), 40, 2) and pivot.values.dtype == np.float32
    by_id = {i: n for n, i in enumerate(ids)}
    np.testing.assert_allclose(pivot.values, values[[by_id[i] for i in pivot.ids]], atol=1e-5)
    assert pivot.channels == ("ch1", "ch2") and pivot.note == ""


def test_ids_keep_the_order_they_first_appear_in_and_steps_sort_by_number_or_date():
    table = rd.read_table(b"who,when,x\nb,10,1\nb,9,2\na,2024-01-02,3\na,2024-01-01,4\n")
    with pytest.raises(InputError, match="numbers or dates, all of one kind; row 4 is '2024-01-02'"):
        rd.pivot_long(table, "who", "when", ["x"])
    table = rd.read_table(b"who,when,x\nb,2024-01-10,1\nb,2024-01-09,2\na,2024-01-02,3\na,2024-01-01,4\n")
    pivot = rd.pivot_long(table, "who", "when", ["x"])
    assert pivot.ids == ("b", "a")
    assert pivot.values[:, :, 0].tolist() == [[2, 1], [4, 3]]
    table = rd.read_table(b"who,t,x\na,10,1\na,9,2\na,100,3\n")
    assert rd.pivot_long(table, "who", "t", ["x"]).values.ravel().tolist() == [2, 1, 3]  # 9 < 10 < 100


UNEQUAL = b"id,t,x\na,0,1\na,1,2\na,2,3\nb,0,4\nb,1,5\nb,2,6\nc,0,7\nc,1,8\n"


def test_unequal_lengths_are_refused_naming_the_odd_series():
    table = rd.read_table(UNEQUAL)
    with pytest.raises(InputError, match="'c' has 2 steps, the other 2 have 3 steps.*pad.*truncate"):
        rd.pivot_long(table, "id", "t", ["x"])


def test_unequal_lengths_padded_at_the_start_or_truncated_to_the_last_steps():
    table = rd.read_table(UNEQUAL)
    padded = rd.pivot_long(table, "id", "t", ["x"], rd.PAD)
    assert padded.values[:, :, 0].tolist() == [[1, 2, 3], [4, 5, 6], [rd.PAD_VALUE, 7, 8]]
    assert padded.changed == ("c",) and "'c' was padded" in padded.note
    assert padded.padding[:, :, 0].tolist() == [[False] * 3, [False] * 3, [True, False, False]]
    cut = rd.pivot_long(table, "id", "t", ["x"], rd.TRUNCATE)
    assert cut.values[:, :, 0].tolist() == [[2, 3], [5, 6], [7, 8]]
    assert cut.changed == ("a", "b") and "last 2 steps" in cut.note
    assert cut.lengths.tolist() == [3, 3, 2]


def test_a_duplicated_id_and_step_is_named_with_its_rows():
    table = rd.read_table(b"id,t,x\na,0,1\na,1,2\nb,0,3\nb,1,4\na,1,9\n")
    with pytest.raises(InputError, match="Series 'a' has two rows for step '1' \\(rows 3 and 6\\)"):
        rd.pivot_long(table, "id", "t", ["x"])


@pytest.mark.parametrize(
    "content, columns, words",
    [
        (b"id,t,x\na,0,1\na,1,high\n", ("id", "t", ["x"]), "Column 'x' holds text: row 3 is 'high'"),
        (b"id,t,x\na,0,1\na,1,\n", ("id", "t", ["x"]), "Column 'x' has a missing value in row 3"),
        (b"id,t,x\na,0,1\n,1,2\n", ("id", "t", ["x"]), "no series id in row 3"),
        (b"id,t,x\na,0,1\na,,2\n", ("id", "t", ["x"]), "missing time step in row 3"),
        (b"id,t,x\na,0,1\na,1,2\n", ("id", "id", ["x"]), "two different columns"),
        (b"id,t,x\na,0,1\na,1,2\n", ("id", "t", []), "at least one channel"),
        (b"id,t,x\na,0,1\na,1,2\n", ("id", "t", ["x", "t"]), "cannot be a channel too"),
        (b"id,t,x\na,0,1\na,1,2\n", ("id", "t", ["y"]), "no column 'y'"),
    ],
)
def test_bad_long_tables_get_a_clear_message(content, columns, words):
    with pytest.raises(InputError, match=words.replace("(", "\\(").replace(")", "\\)")):
        rd.pivot_long(rd.read_table(content), *columns)


def test_the_columns_are_guessed_by_their_names():
    assert rd.guess_columns(["value", "id", "step", "label"]) == ("id", "step", "label")
    assert rd.guess_columns(["who", "when", "x"]) == ("who", "when", None)


def test_the_framings_of_a_pivot_keep_its_channels(own):
    values, _, _ = own
    shapes = {f.key: f.shape for f in rd.framings(values, 10, 8)}
    assert shapes == {rd.SERIES: (24, 40, 2), rd.ASKER: (24, 1, 80), rd.WINDOWS: (24 * 31, 10, 2),
                      rd.CHUNKS: (24 * 5, 8, 2), rd.CHUNK_STEPS: (24, 5, 16)}
    windows = rd.lstm_samples(rd.WINDOWS, values, 10, 8, np.arange(24))
    np.testing.assert_array_equal(windows[31 + 2], values[1, 2:12])  # series 1's third window, both channels
    steps = rd.lstm_samples(rd.CHUNK_STEPS, values, 10, 8, np.arange(24))
    np.testing.assert_array_equal(steps[1, 2], values[1, 16:24].ravel())  # a chunk's steps × channels in a row


# --- the stratified split ------------------------------------------------------------------------


def test_the_stratified_split_puts_every_class_on_both_sides():
    codes = np.array([0] * 10 + [1] * 3 + [2] * 2 + [3] * 25)
    train, test = rd.stratified_split(codes, seed=5)
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(len(codes)))  # each series once
    for code, n in enumerate(np.bincount(codes)):
        held = int((codes[test] == code).sum())
        assert held >= 1 and (codes[train] == code).sum() >= 1
        assert held == min(n - 1, max(1, round(n * rd.TEST_FRACTION)))


def test_the_stratified_split_is_seeded():
    codes = np.arange(60) % 3
    first = rd.stratified_split(codes, seed=1)
    again = rd.stratified_split(codes, seed=1)
    other = rd.stratified_split(codes, seed=2)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])


def test_the_stratified_split_refuses_a_class_of_one():
    with pytest.raises(InputError, match="at least 2"):
        rd.stratified_split(np.array([0, 0, 1]))


# --- the confusion matrix and the baseline -------------------------------------------------------


def _run(confusion: np.ndarray, names: tuple[str, ...]) -> rd.ClassifierRun:
    plan = rd.plan_updates(10, rd.MIN_UPDATES)
    baseline = rd.Baseline(0, 0.5, int(confusion.sum()), names)
    return rd.ClassifierRun(rd.CHUNKS, (10, 4, 1), (4, 4, 1), plan, rd.MIN_UPDATES, (1.0,), 0.5, 0.5, baseline,
                            confusion, 1.0, 1.0, names)


def test_the_confusion_counts_each_held_out_series_once_by_its_averaged_outputs():
    from lessons.real_data.classifier import _judge

    # Three held-out series of two samples each; series 1's samples disagree and their mean says class 2.
    probabilities = np.array([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.1, 0.5, 0.4], [0.0, 0.1, 0.9],
                              [0.1, 0.8, 0.1], [0.2, 0.7, 0.1]])
    y_test = np.array([0, 0, 1, 1, 1, 1])
    owner = np.array([0, 0, 1, 1, 2, 2])
    sample_accuracy, series_accuracy, confusion = _judge(probabilities, y_test, owner, 3)
    assert confusion.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 0]]
    assert series_accuracy == pytest.approx(2 / 3) and sample_accuracy == pytest.approx(5 / 6)


def test_the_confusion_figure_names_the_learners_classes():
    run = _run(np.array([[3, 1], [0, 2]]), ("cat", "dog"))
    figure = rd.confusion_figure(run)
    heatmap = figure.data[0]
    assert list(heatmap.x) == ["cat", "dog"] and list(heatmap.y) == ["cat", "dog"]
    assert np.asarray(heatmap.z).tolist() == [[3, 1], [0, 2]]
    assert "5 of 6 right" in figure.layout.title.text
    assert run.series_right == 5
    assert rd.confusion_frame(run).columns.tolist() == ["predicted: cat", "predicted: dog"]


def test_the_majority_baseline_uses_the_given_held_out_series_and_names():
    codes = np.array([0, 0, 0, 0, 1, 1, 2, 2, 2])
    baseline = rd.majority_baseline(codes, test_rows=np.array([4, 5, 6]), class_names=("a", "b", "c"))
    assert (baseline.name, baseline.series) == ("b", 3)
    assert baseline.share == pytest.approx(2 / 3)


# --- the classifier as a job on the learner's data ---------------------------------------------------


def test_the_classifier_request_and_job_are_plain_picklable_data(own):
    values, names, _ = own
    labels = rd.make_labels(names, len(names), "t")
    request = rd.classifier_request(rd.CHUNKS, values, labels.codes, chunk=8, updates=rd.MIN_UPDATES,
                                    class_names=labels.names, split=rd.stratified_split(labels.codes))
    again = pickle.loads(pickle.dumps(request))
    np.testing.assert_array_equal(again.series, values)
    assert pickle.loads(pickle.dumps(rd.classifier_job)) is rd.classifier_job  # a module-level function
    with pytest.raises(InputError, match="one label per series"):
        rd.classifier_request(rd.CHUNKS, values, labels.codes[:-1])


@pytest.mark.slow
def test_a_small_lstm_on_the_learners_labelled_series_beats_the_majority_baseline(own):
    values, names, _ = own
    labels = rd.make_labels(names, len(names), "t")
    split = rd.stratified_split(labels.codes, seed=0)
    request = rd.classifier_request(rd.CHUNKS, values, labels.codes, window=10, chunk=10, updates=40,
                                    class_names=labels.names, split=split)
    calls = []
    run = engine.run_job(rd.classifier_job, request, on_progress=lambda done, total, losses: calls.append(done))
    run = pickle.loads(pickle.dumps(run))  # what a worker process would hand back
    assert run.class_names == tuple(sorted(CLASSES)) and run.baseline.class_names == run.class_names
    assert run.confusion.shape == (3, 3) and run.confusion.sum() == len(split[1])
    assert run.confusion.sum(axis=1).tolist() == np.bincount(labels.codes[split[1]]).tolist()  # true classes
    assert run.train_shape == (len(split[0]) * 4, 10, 2)
    assert run.updates == 40 and calls[-1] == run.plan.epochs
    assert run.baseline == rd.majority_baseline(labels.codes, test_rows=split[1], class_names=labels.names)
    assert run.series_accuracy > run.baseline.share

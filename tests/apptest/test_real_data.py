"""The real-data page: framings of the generated table, a training, and uploads good and bad.

Uploads go through the page's own st.file_uploader (AppTest in Streamlit 1.67 can set files).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lessons import real_data as rd
from tests.apptest.helpers import badge_shapes, texts
from tests.unit.real_data.labelled_series import labelled_series, labels_csv, long_csv

PAGE = "pages/real_data.py"


@pytest.fixture
def open_real_data(open_page) -> Callable[[], AppTest]:
    return lambda: open_page(PAGE, timeout=180)


def test_the_framings_of_the_question_with_numpys_own_refusal(open_real_data):
    at = open_real_data()
    assert badge_shapes(at, "table.shape =") == [(1000, 3125)]
    assert badge_shapes(at, "X.shape =") == [
        (1000, 3125, 1), (1000, 1, 3125), (3_026_000, 100, 1), (25_000, 125, 1), (1000, 25, 125),
    ]
    assert "cannot reshape array of size 3125 into shape (3026,100,1)" in texts(at.error)
    assert "1.21 GB" in texts(at.markdown)  # the stacked windows


def test_a_new_window_size_changes_the_windows_framing(open_real_data):
    at = open_real_data()
    at.number_input(key="real_data_window_3125").set_value(50).run()
    assert (1000 * 3076, 50, 1) in badge_shapes(at, "X.shape =")
    assert "into shape (3076,50,1)" in texts(at.error)


def budget_table(at: AppTest) -> list[dict]:
    for element in at.dataframe:
        if "updates per epoch" in element.value.columns:
            return element.value.to_dict("records")
    raise AssertionError("no budget table on the page")


def comparison_table(at: AppTest) -> list[dict]:
    for element in at.dataframe:
        if "held-out series right" in element.value.columns:
            return element.value.to_dict("records")
    return []


def test_the_page_says_the_one_budget_every_framing_gets(open_real_data):
    at = open_real_data()
    assert at.number_input(key="real_data_updates").value == rd.DEFAULT_UPDATES
    series, labels = rd.generate_series()
    plans = rd.budget_plans(*series.shape, rd.DEFAULT_UPDATES)
    assert f"Every framing trains exactly {rd.DEFAULT_UPDATES:,} updates" in texts(at.markdown)
    assert f"{plans[rd.SERIES].samples_seen:,} training samples" in texts(at.markdown)
    rows = budget_table(at)
    assert [row["updates"] for row in rows] == [rd.DEFAULT_UPDATES] * len(rd.FRAMING_KEYS)
    assert [row["updates per epoch"] for row in rows] == [plans[key].updates_per_epoch for key in rd.FRAMING_KEYS]
    assert len({row["samples seen"] for row in rows}) == 1

    at.number_input(key="real_data_updates").set_value(250).run()
    assert "Every framing trains exactly 250 updates" in texts(at.markdown)
    assert [row["updates"] for row in budget_table(at)] == [250] * len(rd.FRAMING_KEYS)
    assert [row["epochs"] for row in budget_table(at)] == [
        rd.plan_updates(plans[key].samples, 250).epochs_text for key in rd.FRAMING_KEYS
    ]


@pytest.mark.slow
def test_trained_framings_are_compared_only_at_one_budget_beside_the_majority_baseline(open_real_data):
    at = open_real_data()
    at.number_input(key="real_data_updates").set_value(rd.MIN_UPDATES).run()
    at.selectbox(key="real_data_framing").set_value(rd.CHUNK_STEPS).run()
    at.button(key="real_data_train").click().run()
    assert not at.exception, at.exception
    assert f"1 of {len(rd.FRAMING_KEYS)} framings trained, each exactly {rd.MIN_UPDATES} updates" in texts(at.markdown)
    assert "(800, 25, 125)" in texts(at.markdown)

    at.button(key="real_data_train_all").click().run()
    assert not at.exception, at.exception
    rows = comparison_table(at)
    assert len(rows) == len(rd.FRAMING_KEYS)
    assert {row["updates"] for row in rows} == {rd.MIN_UPDATES}
    assert {row["samples seen"] for row in rows} == {rd.MIN_UPDATES * rd.BATCH_SIZE}
    baseline = rd.majority_baseline(rd.generate_series()[1])
    assert f"always answering *{baseline.name}*" in texts(at.markdown)
    assert f"gets {baseline.share:.1%} of them right" in texts(at.markdown)
    metrics = [(m.label, m.value) for m in at.metric]
    assert metrics.count((f"Baseline: always '{baseline.name}'", f"{baseline.share:.1%}")) == len(rd.FRAMING_KEYS)
    assert f"Whole series: {rd.MIN_UPDATES} updates took" in texts(at.markdown)

    # Another budget: the runs stay in the session but leave the comparison, which says so.
    at.number_input(key="real_data_updates").set_value(rd.MIN_UPDATES + 10).run()
    assert comparison_table(at) == []
    assert f"({rd.MIN_UPDATES} updates)" in texts(at.caption)
    at.number_input(key="real_data_updates").set_value(rd.MIN_UPDATES).run()
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()  # the budget and the runs both outlive a visit elsewhere
    assert at.number_input(key="real_data_updates").value == rd.MIN_UPDATES
    assert len(comparison_table(at)) == len(rd.FRAMING_KEYS)


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="real_data_upload").set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_an_uploaded_csv_gets_the_same_framings(open_real_data):
    at = open_real_data()
    at.radio(key="real_data_source").set_value("Your own CSV").run()
    assert "Upload a CSV" in texts(at.info)
    upload(at, "mine.csv", b"a,b,c\n" + b"".join(f"{i},{2 * i},{3 * i}\n".encode() for i in range(60)))
    assert badge_shapes(at, "table.shape =") == [(3, 60)]
    assert (3, 60, 1) in badge_shapes(at, "X.shape =")
    at.radio(key="real_data_layout").set_value("rows").run()
    assert badge_shapes(at, "table.shape =") == [(60, 3)]
    upload(at, "one_column.csv", b"x\n1\n2\n3\n")  # read as rows: 3 series of 1 step each
    assert "at least 2 steps" in texts(at.error)
    at.radio(key="real_data_layout").set_value("columns").run()
    assert not at.error
    assert badge_shapes(at, "table.shape =") == [(1, 3)]


@pytest.mark.parametrize(
    "content, words",
    [
        (b"when,value\nmonday,1\ntuesday,2\n", "holds text"),
        (b"a,b\n1,2\n3,\n", "missing value"),
        (b"1,2,3,4\n", "1 row"),
        (b"1,2\n3,4,5\n", "same number of cells"),
        (b"\xff\xfe\x00\x41", "UTF-8"),
        ((",".join(["1"] * 2000) + "\n").encode() * 1601, "cells"),
    ],
)
def test_a_bad_upload_gets_a_message_and_the_last_good_file_stays(open_real_data, content, words):
    at = open_real_data()
    at.radio(key="real_data_source").set_value("Your own CSV").run()
    upload(at, "good.csv", b"x,y\n1,2\n3,4\n5,6\n7,8\n")
    upload(at, "bad.csv", content)
    errors = texts(at.error)
    assert "bad.csv" in errors and words in errors
    assert "last good file, good.csv" in errors
    assert badge_shapes(at, "table.shape =") == [(2, 4)]


# --- the learner's own labelled series -----------------------------------------------------------

PER_CLASS, STEPS = 6, 30


@pytest.fixture(scope="module")
def own() -> tuple:
    return labelled_series(per_class=PER_CLASS, steps=STEPS, channels=2, seed=7)


def problems(at: AppTest) -> str:
    """The page's messages about the learner's input (not NumPy's own refusal in section 2)."""
    return "\n".join(e.value for e in at.error if "raised `" not in e.value)


def by_label(elements, label: str):
    found = [e for e in elements if e.label == label]
    assert found, f"no widget labelled {label!r}: {[e.label for e in elements]}"
    return found[0]


def own_long(at: AppTest, content: bytes, labels: str = "file") -> AppTest:
    at.radio(key="real_data_source").set_value("Your own CSV").run()
    at.radio(key="real_data_layout").set_value("long").run()
    at.radio(key="real_data_label_source").set_value(labels).run()
    return upload(at, "long.csv", content)


def upload_labels(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="real_data_labels_upload").set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def classes_text(at: AppTest) -> str:
    return next((m.value for m in at.markdown if "classes**:" in m.value), "")


def test_a_long_csv_and_a_labels_file_give_the_pivot_the_classes_and_a_stratified_split(open_real_data, own):
    values, names, ids = own
    at = own_long(open_real_data(), long_csv(values, ids))
    assert not problems(at), problems(at)
    n = len(ids)
    assert badge_shapes(at, "pivoted.shape =") == [(n, STEPS, 2)]
    assert badge_shapes(at, "long table:") == [(n * STEPS, 4)]
    assert (n, STEPS, 2) in badge_shapes(at, "X.shape =")  # each series one sample, each channel one feature
    picture = " ".join(h.value for h in at.get("html") if "sl-array" in h.value)
    first = rd.pivot_long(rd.read_table(long_csv(values, ids)), "id", "step", ["ch1", "ch2"]).values[0, 0, 1]
    assert f"sample 0, timestep 0, feature 1 = {first:.6g}" in picture  # the pivot, drawn
    assert "Upload the labels of your 18 series" in texts(at.info)
    upload_labels(at, "labels.csv", labels_csv(ids[::-1], names[::-1]))  # matched by id, in any order
    assert not problems(at), problems(at)
    assert classes_text(at) == "**3 classes**: noise (6 series), sine (6 series), square (6 series)."
    split = next(d.value for d in at.dataframe if "held out" in d.value.columns)
    assert split["class"].tolist() == ["noise", "sine", "square"]
    assert (split["held out"] >= 1).all() and (split["trained on"] >= 1).all()
    assert (split["held out"] + split["trained on"] == PER_CLASS).all()
    assert "held out **stratified**" in texts(at.markdown)
    script = next(c.value for c in at.code if rd.SCRIPT_NAME in c.value)  # the pipeline to take away
    assert "SERIES_FILE = 'long.csv'" in script and "LABELS_FILE = 'labels.csv'" in script
    assert "ID, STEP, CHANNELS = 'id', 'step', ['ch1', 'ch2']" in script


@pytest.mark.parametrize(
    "labels, words",
    [
        (lambda ids, names: labels_csv(None, names[:-1]), "There are 18 series but 17 labels in bad.csv"),
        (lambda ids, names: labels_csv(ids, ["sine"] * len(ids)), "Every series has the label 'sine'"),
        (lambda ids, names: labels_csv(ids, names[:-1] + ["odd"]), "Class 'odd' has only 1 series"),
    ],
)
def test_bad_labels_get_a_message_by_the_control_and_the_last_good_labels_stay(open_real_data, own, labels, words):
    values, names, ids = own
    at = own_long(open_real_data(), long_csv(values, ids))
    upload_labels(at, "labels.csv", labels_csv(ids, names))
    good = classes_text(at)
    upload_labels(at, "bad.csv", labels(ids, names))
    errors = texts(at.error)
    assert words in errors and "Showing your last good labels (3 classes)" in errors
    assert classes_text(at) == good


def test_labels_in_a_column_of_the_long_table(open_real_data, own):
    values, names, ids = own
    at = own_long(open_real_data(), long_csv(values, ids, names), labels="column")
    assert not problems(at), problems(at)
    assert by_label(at.selectbox, "Label column").value == "label"  # guessed from its name
    channels = by_label(at.multiselect, "Channel columns: the values at each step, one feature each")
    assert channels.value == ["ch1", "ch2"]  # the label column is not a channel
    assert badge_shapes(at, "pivoted.shape =") == [(len(ids), STEPS, 2)]
    assert classes_text(at).startswith("**3 classes**")


def test_a_label_column_when_each_row_is_one_series(open_real_data):
    at = open_real_data()
    at.radio(key="real_data_source").set_value("Your own CSV").run()
    at.radio(key="real_data_layout").set_value("rows").run()
    at.radio(key="real_data_label_source").set_value("column").run()
    rows = "".join(f"{i},{i + 1},{i + 2},{'up' if i % 2 else 'down'}\n" for i in range(8))
    upload(at, "rows.csv", f"a,b,c,kind\n{rows}".encode())
    assert not problems(at), problems(at)
    assert badge_shapes(at, "table.shape =") == [(8, 3)]
    assert classes_text(at) == "**2 classes**: down (4 series), up (4 series)."


def test_unequal_lengths_are_named_then_padded_on_request(open_real_data, own):
    values, names, ids = own
    table = long_csv(values, ids).decode().splitlines()
    # Series ids[2] keeps one step, and comes first: it is sample 0 of the pivot.
    short = table[:1] + [f"{ids[2]},0,0.5,0.5"] + [line for line in table[1:] if not line.startswith(f"{ids[2]},")]
    at = own_long(open_real_data(), "\n".join(short).encode())
    assert f"'{ids[2]}' has 1 step" in texts(at.error) and "pad" in texts(at.error)
    assert badge_shapes(at, "pivoted.shape =") == []  # nothing good yet: no pivot drawn
    at.radio(key="real_data_unequal").set_value(rd.PAD).run()
    assert not problems(at), problems(at)
    assert badge_shapes(at, "pivoted.shape =") == [(len(ids), STEPS, 2)]
    assert f"Series '{ids[2]}' was padded with 0 at the start" in texts(at.caption)
    picture = " ".join(h.value for h in at.get("html") if "sl-array" in h.value)
    assert "sample 0, timestep 0, feature 0 = 0 (padding)" in picture


@pytest.mark.parametrize(
    "spoil, words",
    [
        (lambda lines: lines + [lines[1]], "has two rows for step"),
        (lambda lines: lines[:1] + [lines[1].rsplit(",", 1)[0] + ",high"] + lines[2:], "Column 'ch2' holds text"),
    ],
)
def test_a_bad_long_table_gets_a_message_and_the_last_good_pivot_stays(open_real_data, own, spoil, words):
    values, names, ids = own
    at = own_long(open_real_data(), long_csv(values, ids))
    lines = long_csv(values, ids).decode().splitlines()
    upload(at, "bad.csv", "\n".join(spoil(lines)).encode())
    assert words in texts(at.error) and "Showing your last good pivot" in texts(at.error)
    assert badge_shapes(at, "pivoted.shape =") == [(len(ids), STEPS, 2)]


def plotly_specs(at: AppTest) -> list[dict]:
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.slow
def test_training_on_the_learners_series_shows_accuracy_the_confusion_and_the_baseline(open_real_data, own):
    values, names, ids = own
    at = own_long(open_real_data(), long_csv(values, ids, names), labels="column")
    at.number_input(key="real_data_updates").set_value(rd.MIN_UPDATES).run()
    assert at.selectbox(key="real_data_framing").value == rd.CHUNKS
    at.button(key="real_data_train").click().run()
    assert not at.exception, at.exception
    pivot_ids = rd.pivot_long(rd.read_table(long_csv(values, ids)), "id", "step", ["ch1", "ch2"]).ids
    by_id = dict(zip(ids, names))
    labels = rd.make_labels([by_id[i] for i in pivot_ids], len(ids), "test")
    _, test_rows = rd.stratified_split(labels.codes, seed=rd.DEFAULT_SEED)
    baseline = rd.majority_baseline(labels.codes, test_rows=test_rows, class_names=labels.names)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[f"Baseline: always '{baseline.name}'"] == f"{baseline.share:.1%}"
    assert "Held-out series right" in metrics
    confusion = [spec for spec in plotly_specs(at) if spec["data"][0].get("type") == "heatmap"]
    assert len(confusion) == 1
    heatmap = confusion[0]["data"][0]
    assert heatmap["x"] == list(labels.names) == ["noise", "sine", "square"]
    assert np.asarray(heatmap["z"]).sum() == len(test_rows)
    assert np.asarray(heatmap["z"]).sum(axis=1).tolist() == np.bincount(labels.codes[test_rows]).tolist()

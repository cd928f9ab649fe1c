"""The real-data page: framings of the generated table, a training, and uploads good and bad.

Uploads go through the page's own st.file_uploader (AppTest in Streamlit 1.67 can set files).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from lessons import real_data as rd
from tests.apptest.helpers import badge_shapes, texts

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

"""The real-data page: framings of the generated table, a training, and uploads good and bad.

Uploads go through the page's own st.file_uploader (AppTest in Streamlit 1.67 can set files).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lessons import real_data as rd
from tests.apptest.helpers import badge_shapes, open_page, texts

PAGE = "pages/real_data.py"


def open_real_data() -> AppTest:
    return open_page(PAGE, timeout=180)


def test_the_framings_of_the_question_with_numpys_own_refusal():
    at = open_real_data()
    assert badge_shapes(at, "table.shape =") == [(1000, 3125)]
    assert badge_shapes(at, "X.shape =") == [
        (1000, 3125, 1), (1000, 1, 3125), (3_026_000, 100, 1), (25_000, 125, 1), (1000, 25, 125),
    ]
    assert "cannot reshape array of size 3125 into shape (3026,100,1)" in texts(at.error)
    assert "1.21 GB" in texts(at.markdown)  # the stacked windows


def test_a_new_window_size_changes_the_windows_framing():
    at = open_real_data()
    at.number_input(key="real_data_window_3125").set_value(50).run()
    assert (1000 * 3076, 50, 1) in badge_shapes(at, "X.shape =")
    assert "into shape (3076,50,1)" in texts(at.error)


def test_training_a_framing_reports_held_out_accuracy_and_keeps_it():
    at = open_real_data()
    at.selectbox(key="real_data_framing").set_value(rd.CHUNK_STEPS).run()
    at.number_input(key=f"real_data_epochs_{rd.CHUNK_STEPS}").set_value(3).run()
    at.button(key="real_data_train").click().run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"Held-out series right", "Held-out samples right"}
    assert "(800, 25, 125)" in texts(at.markdown)
    at.switch_page("pages/home.py").run()
    at.switch_page(PAGE).run()
    assert {m.label for m in at.metric} == set(metrics)


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="real_data_upload").set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_an_uploaded_csv_gets_the_same_framings():
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
def test_a_bad_upload_gets_a_message_and_the_last_good_file_stays(content, words):
    at = open_real_data()
    at.radio(key="real_data_source").set_value("Your own CSV").run()
    upload(at, "good.csv", b"x,y\n1,2\n3,4\n5,6\n7,8\n")
    upload(at, "bad.csv", content)
    errors = texts(at.error)
    assert "bad.csv" in errors and words in errors
    assert "last good file, good.csv" in errors
    assert badge_shapes(at, "table.shape =") == [(2, 4)]

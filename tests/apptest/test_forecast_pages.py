"""The four forecasting pages in Streamlit's AppTest: edits change shapes, bad input is explained,
training shows a prediction, and results survive a page switch."""

from __future__ import annotations

import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lessons.forecasting import LESSONS
from tests.apptest.helpers import html_tables, open_tab

FEW_EPOCHS = 3  # the claim is "a prediction appears", not "it is accurate"


def _badge(at: AppTest, label: str, index: int = 0) -> tuple[int, ...]:
    """The numbers of the `index`-th shape badge captioned `label`, e.g. (6, 3) for X.shape = (6, 3)."""
    badges = [m.value for m in at.markdown if f">{label}</span>" in m.value]
    return tuple(int(n.replace(",", "")) for n in re.findall(r">([\d,]+)</b>", badges[index]))


def _errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


def _said(at: AppTest) -> str:
    """Errors and plain text together: a captured library error comes with its explanation as text."""
    return _errors(at) + " " + " ".join(m.value for m in at.markdown)


def _subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def _table(at: AppTest, column: str):
    """The first table on the page with this column: the results' HTML tables, then the data editors."""
    return next(t for t in html_tables(at) + [d.value for d in at.dataframe] if column in t.columns)


def _train(at: AppTest, key: str, epochs: int = FEW_EPOCHS) -> None:
    at.number_input(key=f"fc_{key}_epochs").set_value(epochs).run()
    at.button(key=f"fc_{key}_train").click().run()
    assert not at.exception


# --- univariate -----------------------------------------------------------------------------------


def test_univariate_preparation_follows_edits_and_keeps_the_last_good_data(open_page):
    at = open_page("pages/univariate.py")
    assert at.title[0].value == "Univariate models"
    assert _badge(at, "X.shape =") == (6, 3)
    assert _badge(at, "y.shape =") == (6,)

    at.number_input(key="fc_univariate_prep_n_in").set_value(4).run()
    assert _badge(at, "X.shape =") == (5, 4)

    at.text_area(key="fc_univariate_data").set_value("1 2 3 4 5 6 7").run()
    assert _badge(at, "X.shape =") == (3, 4)

    at.text_area(key="fc_univariate_data").set_value("1, 2, x").run()
    assert "not a number" in _errors(at)
    assert _badge(at, "X.shape =") == (3, 4)  # the last good series is still used

    at.number_input(key="fc_univariate_prep_n_in").set_value(0).run()
    assert "at least 1 timestep" in _errors(at)
    assert _badge(at, "X.shape =") == (3, 4)

    at.number_input(key="fc_univariate_prep_n_in").set_value(8).run()
    assert "Add values or shrink the window" in _errors(at)
    assert not at.exception


def test_a_vanilla_window_of_3_cannot_feed_a_cnn_lstm_and_numpy_says_why(open_page):
    at = open_page("pages/univariate.py", tab="Vanilla LSTM")
    at.selectbox(key="fc_vanilla_variant").set_value("cnn_lstm").run()
    assert at.number_input(key="fc_vanilla_n_seq").value == 2
    assert "cannot reshape array of size 18 into shape (6,2,1,1)" in _errors(at)  # NumPy's own words
    assert "A window of 3 timesteps cannot be cut into 2 subsequences" in _said(at)
    at.number_input(key="fc_vanilla_n_in").set_value(4).run()
    assert _badge(at, "X.shape =", 1) == (5, 2, 2, 1)
    assert not at.exception


def test_univariate_cnn_lstm_shows_the_4d_input_and_refuses_an_uneven_split(open_page):
    at = open_page("pages/univariate.py", tab="CNN-LSTM")
    assert _badge(at, "X.shape =", 1) == (5, 2, 2, 1)  # after the window badges: the variant's X
    at.number_input(key="fc_cnn_lstm_n_seq").set_value(3).run()
    assert "cannot be cut into 3 subsequences" in _said(at)
    assert "n_seq values that work for a window of 4: 1, 2" in _said(at)
    assert "3. The model" not in _subheaders(at)  # nothing below claims to work
    assert not at.exception


def test_univariate_vanilla_trains_and_the_result_survives_a_page_switch(open_page):
    at = open_page("pages/univariate.py", tab="Vanilla LSTM")
    assert "5. Predictions against expected values" not in _subheaders(at)
    _train(at, "vanilla")
    assert "5. Predictions against expected values" in _subheaders(at)
    assert any("Largest miss" in m.value for m in at.markdown)
    assert _table(at, "predicted")["expected"].tolist() == [100.0]

    at.switch_page("pages/multivariate.py").run()
    at.switch_page("pages/univariate.py").run()
    open_tab(at, "pages/univariate.py", "Vanilla LSTM")
    assert "5. Predictions against expected values" in _subheaders(at)
    assert at.number_input(key="fc_vanilla_epochs").value == FEW_EPOCHS
    assert not at.exception


def test_the_model_table_reads_every_layer_from_keras(open_page):
    at = open_page("pages/univariate.py", tab="Vanilla LSTM")
    at.number_input(key="fc_vanilla_units").set_value(7).run()
    at.toggle(key="fc_vanilla_layers").set_value(True).run()
    assert not at.exception
    table = next(m.value for m in at.markdown if "<table" in m.value)
    units, features = 7, 1
    lstm = 4 * (units * (features + units) + units)  # four gates, each with weights, recurrent weights, bias
    assert f">{lstm + units + 1:,}<" in table  # the total, Dense(1) included
    assert "<code>LSTM</code>" in table and "<code>Dense</code>" in table
    assert "layers.LSTM(7, activation='relu')" in at.code[0].value


def test_bad_training_settings_and_test_input_get_messages_and_no_training(open_page):
    at = open_page("pages/univariate.py", tab="Stacked LSTM")
    at.number_input(key="fc_stacked_epochs").set_value(10_000).run()
    assert "Epochs must be a whole number from 1 to 2,000" in _errors(at)
    assert at.button(key="fc_stacked_train").disabled
    at.number_input(key="fc_stacked_epochs").set_value(0).run()
    assert "Epochs must be" in _errors(at)
    at.number_input(key="fc_stacked_epochs").set_value(200).run()
    at.number_input(key="fc_stacked_rate").set_value(0.0).run()
    assert "learning rate must be above 0" in _errors(at)
    at.number_input(key="fc_stacked_rate").set_value(0.001).run()
    assert not at.button(key="fc_stacked_train").disabled

    at.text_area(key="fc_stacked_test_3").set_value("70, 80").run()
    assert "needs 3 values; it has 2" in _errors(at)
    assert at.button(key="fc_stacked_train").disabled
    at.number_input(key="fc_stacked_n_in").set_value(4).run()  # a new window gets a fitting test input
    assert at.text_area(key="fc_stacked_test_4").value == "60, 70, 80, 90"
    assert not at.button(key="fc_stacked_train").disabled
    at.number_input(key="fc_stacked_n_in").set_value(3).run()  # and the old one comes back as it was
    assert at.text_area(key="fc_stacked_test_3").value == "70, 80"
    at.number_input(key="fc_stacked_units").set_value(0).run()
    assert "Units must be a whole number" in _errors(at)
    assert not at.exception


# --- multivariate ---------------------------------------------------------------------------------


def test_multivariate_windows_and_the_multiple_input_quirk(open_page):
    at = open_page("pages/multivariate.py")
    assert _badge(at, "X.shape =") == (7, 3, 2)
    assert any("on the last row the model reads" in i.value for i in at.info)
    at.number_input(key="fc_multiple_input_n_in").set_value(2).run()
    assert _badge(at, "X.shape =") == (8, 2, 2)
    # The tutorial's 3-row test input cannot feed a 2-step model: a fitting one is offered instead.
    test_table = next(d.value for d in at.dataframe if list(d.value.columns) == ["in1", "in2"])
    assert test_table.to_numpy().tolist() == [[80.0, 85.0], [90.0, 95.0]]
    assert not _errors(at)
    at.number_input(key="fc_multiple_input_n_in").set_value(0).run()
    assert "at least 1 timestep" in _errors(at)
    assert _badge(at, "X.shape =") == (8, 2, 2)
    assert not at.exception


def test_multivariate_parallel_series_trains(open_page):
    at = open_page("pages/multivariate.py", tab=LESSONS["parallel"].title)
    assert _badge(at, "y.shape =") == (6, 3)
    _train(at, "parallel")
    assert _table(at, "predicted")["expected"].tolist() == [100.0, 105.0, 205.0]


# --- multi-step -----------------------------------------------------------------------------------


def test_multi_step_horizon_changes_y_and_zero_is_refused(open_page):
    at = open_page("pages/multi_step.py")
    assert _badge(at, "y.shape =") == (5, 2)
    at.number_input(key="fc_multi_step_prep_n_out").set_value(3).run()
    assert _badge(at, "y.shape =") == (4, 3)
    at.number_input(key="fc_multi_step_prep_n_out").set_value(0).run()
    assert "horizon must be at least 1" in _errors(at)
    assert _badge(at, "y.shape =") == (4, 3)
    assert not at.exception


def test_encoder_decoder_needs_a_3d_target_and_trains_with_a_spread(open_page):
    at = open_page("pages/multi_step.py", tab=LESSONS["encoder_decoder"].title)
    assert _badge(at, "y.shape =", 1) == (5, 2, 1)
    _train(at, "encoder_decoder")
    assert _table(at, "predicted")["expected"].tolist() == [100.0, 110.0]
    at.session_state["fc_encoder_decoder_spread_open"] = True  # what opening the expander does
    at.run()
    at.button(key="fc_encoder_decoder_spread_button").click().run()
    assert not at.exception
    assert any(m.value.startswith("Across 5 seeds") for m in at.markdown)
    assert _table(at, "seed")["seed"].tolist() == [1, 2, 3, 4, 5]


# --- multivariate multi-step ----------------------------------------------------------------------


def test_multivariate_multi_step_pages_shapes_and_training(open_page):
    at = open_page("pages/multivariate_multi_step.py")
    assert _badge(at, "y.shape =") == (6, 2)
    open_tab(at, "pages/multivariate_multi_step.py", LESSONS["parallel_multistep"].title)
    assert _badge(at, "y.shape =") == (5, 2, 3)
    at.number_input(key="fc_parallel_multistep_n_out").set_value(3).run()
    assert _badge(at, "y.shape =") == (4, 3, 3)
    at.number_input(key="fc_parallel_multistep_n_out").set_value(2).run()
    _train(at, "parallel_multistep")
    assert _table(at, "predicted")["expected"].tolist() == [90.0, 95.0, 185.0, 100.0, 105.0, 205.0]


@pytest.mark.parametrize("page", ["univariate", "multivariate", "multi_step", "multivariate_multi_step"])
def test_every_tab_of_every_page_renders_without_an_exception(open_page, page):
    at = open_page(f"pages/{page}.py")
    labels = [t.label for t in at.tabs]
    for label in labels:
        open_tab(at, f"pages/{page}.py", label)
        assert not at.exception, label
        assert "7. Take the code with you" in _subheaders(at) or "1. The data and its windows" in _subheaders(at)


# --- what the pages write is the lessons' own data ------------------------------------------------


def _numbers(text: str) -> tuple[float, ...]:
    return tuple(float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text))


@pytest.mark.parametrize("page", ["univariate", "multivariate", "multi_step", "multivariate_multi_step"])
def test_every_expected_value_and_test_input_the_page_writes_is_the_lessons_own(open_page, page):
    at = open_page(f"pages/{page}.py")
    text = " ".join(m.value for m in at.markdown)
    lessons = [lesson for lesson in LESSONS.values() if lesson.page == page]
    claims = (re.findall(r"expected ([^)]*)\)", text) + re.findall(r"answer about \*\*([^*]+)\*\*", text)
              + re.findall(r"predict (\d[^.]*\*\*and\*\* \d+)", text))
    assert claims, text
    known = {tuple(lesson.expected.ravel()) for lesson in lessons}
    for claim in claims:
        assert _numbers(claim) in known, claim
    for inputs in re.findall(r"(?:for the input|from) ((?:\d+, )+\d+)", text):
        assert _numbers(inputs) in {tuple(lesson.test_input.ravel()) for lesson in lessons}, inputs


@pytest.mark.parametrize("key", ["multiple_input", "multiple_input_multistep"])
def test_the_multiple_input_note_names_the_target_the_table_holds(open_page, key):
    lesson = LESSONS[key]
    at = open_page(f"pages/{lesson.page}.py")
    open_tab(at, f"pages/{lesson.page}.py", lesson.title)
    note = next(i.value for i in at.info if "Look where the target sits" in i.value)
    _, y = lesson.make_samples()
    last = lesson.n_in - 1
    said = dict((int(row), _numbers(values)) for row, values in re.findall(r"rows? (\d+)[–\d]* \(([^)]*)\)", note))
    assert said[last] == tuple(np.ravel(y[0]))  # the first sample's target(s), as the framing cuts them
    if lesson.n_out == 1:
        assert said[last + 1] == (lesson.data[last + 1, -1],)  # the row after it, as the table holds it


def test_the_data_is_one_thing_shared_by_every_tab_of_a_page(open_page):
    at = open_page("pages/univariate.py")
    at.text_area(key="fc_univariate_data").set_value("5 10 15 20 25 30 35 40 45 50 55").run()
    assert _badge(at, "X.shape =") == (8, 3)
    open_tab(at, "pages/univariate.py", "Vanilla LSTM")
    assert _badge(at, "X.shape =") == (8, 3)  # the edit reached the model tab
    assert at.text_area(key="fc_univariate_data").value == "5 10 15 20 25 30 35 40 45 50 55"
    open_tab(at, "pages/univariate.py", "CNN-LSTM")
    assert _badge(at, "X.shape =") == (7, 4)  # its own window of 4 on the same data
    assert not at.exception


# --- links ----------------------------------------------------------------------------------------


def test_a_link_opens_the_lesson_with_its_data_and_settings(open_page):
    lesson = LESSONS["vanilla"]
    data = ", ".join(str(v) for v in range(5, 65, 5))  # 12 values
    at = open_page("pages/univariate.py", query={
        "fc_tabs_univariate": "Vanilla LSTM", "fc_univariate_data": data, "fc_vanilla_n_in": "4",
        "fc_vanilla_epochs": "77", "fc_vanilla_seed": "9", "fc_vanilla_variant": "Stacked LSTM",
    })
    assert at.text_area(key="fc_univariate_data").value == data
    assert at.number_input(key="fc_vanilla_n_in").value == 4
    assert at.number_input(key="fc_vanilla_epochs").value == 77
    assert at.number_input(key="fc_vanilla_seed").value == 9
    assert at.selectbox(key="fc_vanilla_variant").value == "stacked"
    assert _badge(at, "X.shape =") == (12 - 4, 4)
    assert lesson.epochs != 77 and lesson.seed != 9  # the link, not the lesson's defaults


def test_a_malformed_link_falls_back_to_the_defaults_with_a_note(open_page):
    lesson = LESSONS["vanilla"]
    at = open_page("pages/univariate.py", query={
        "fc_tabs_univariate": "Vanilla LSTM", "fc_univariate_data": "1, two, 3", "fc_vanilla_seed": "-4",
    })
    assert not at.exception
    assert "could not be used" in " ".join(i.value for i in at.info)
    assert at.number_input(key="fc_vanilla_seed").value == lesson.seed
    shown = np.array([float(v) for v in at.text_area(key="fc_univariate_data").value.split(",")])
    np.testing.assert_array_equal(shown, lesson.data)


def test_a_window_longer_than_the_data_keeps_the_last_windows_that_fit(open_page):
    at = open_page("pages/univariate.py")
    at.number_input(key="fc_univariate_prep_n_in").set_value(4).run()
    assert _badge(at, "X.shape =") == (5, 4)
    at.number_input(key="fc_univariate_prep_n_in").set_value(50).run()
    assert "Showing your last good windows (window 4)" in _errors(at)
    assert _badge(at, "X.shape =") == (5, 4)

"""Guess the shape on an input-shape page and a forecasting page: hidden until guessed, verdicts, the tally."""

from __future__ import annotations

from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

from lessons.catalog import PAGES
from lessons.confusions import CONFUSIONS
from lessons.input_shape import ARRAY_SIZES

from tests.apptest.helpers import badge_shapes, texts


def _guess(at: AppTest, text: str) -> None:
    """Type into the open question's box and press Check."""
    (box,) = [t for t in at.text_input if t.key and "_guess_" in t.key]
    box.input(text).run()
    at.button(key=box.key.replace("_guess_", "_check_")).click().run()
    assert not at.exception, at.exception


def test_one_series_hides_shapes_until_guessed_and_counts_the_guesses(open_page):
    at = open_page("pages/one_series.py")
    assert badge_shapes(at, "X.shape =") == [(1, 10, 1)]
    at.toggle(key="guess_mode").set_value(True).run()
    assert badge_shapes(at, "X.shape =") == [] and badge_shapes(at, "data.shape =") == []
    assert "No guesses yet" in texts(at.markdown)

    _guess(at, "(1, ten)")  # malformed: explained, not counted, still hidden
    assert "'ten', is not a whole number" in texts(at.error)
    assert "No guesses yet" in texts(at.markdown) and badge_shapes(at, "data.shape =") == []
    _guess(at, "(1, 10)")  # data.shape: wrong
    assert "a plain list of numbers becomes a 1D array" in texts(at.warning)
    _guess(at, "(1, 10, 2)")  # X: wrong in the features axis only
    assert "your features axis is 2, but each timestep holds a single value" in texts(at.warning)
    assert "**0 right** of 2" in texts(at.markdown)
    assert badge_shapes(at, "X.shape =") == [(1, 10, 1)]  # revealed once guessed

    at.text_area(key="one_series_seq").input("1 2 3 4").run()  # new data, new questions
    assert badge_shapes(at, "X.shape =") == []
    _guess(at, "(4,)")
    _guess(at, "(1, 4, 1)")
    assert "Right: X is (1, 4, 1)" in texts(at.success)
    assert "**2 right** of 4" in texts(at.markdown)
    at.toggle(key="guess_mode").set_value(False).run()
    assert badge_shapes(at, "X.shape =") == [(1, 4, 1)]


def test_forecasting_windows_are_guessed_before_they_are_shown(open_page):
    at = open_page("pages/univariate.py", tab="Vanilla LSTM")
    at.toggle(key="guess_mode").set_value(True).run()
    assert badge_shapes(at, "X.shape =") == []
    _guess(at, "(6, 2, 1)")
    assert "your timesteps axis is 2, but the window is 3 values long" in texts(at.warning)
    _guess(at, "(6,)")  # y as the windows are cut: right too
    assert "Right too" in texts(at.success)
    assert "**1 right** of 2" in texts(at.markdown)
    assert (6, 3) in badge_shapes(at, "X.shape =")  # the windows, as cut, are shown now

    at.number_input(key="fc_vanilla_n_in").set_value(4).run()  # a new window asks again
    assert badge_shapes(at, "X.shape =") == []
    assert "n_steps = 4" in texts(at.markdown)
    _guess(at, "(5, 4, 1)")
    assert "Right: X is (5, 4, 1)" in texts(at.success)


def test_home_page_maps_all_18_confusions_and_opens_the_right_tab(open_page):
    at = open_page("pages/home.py")
    links = [link.proto for link in at.get("page_link")]
    questions, captions = texts(at.markdown), texts(at.caption)
    url_paths = {page.file: page.url_path for page in PAGES}
    assert len(links) >= len(CONFUSIONS)
    for confusion, link in zip(CONFUSIONS, links[-len(CONFUSIONS):]):  # the map comes last, in order
        assert f"**{confusion.number}.** {confusion.question}" in questions
        assert link.page == url_paths[confusion.page]
        assert confusion.where in captions
        query = parse_qs(link.query_string)
        if confusion.tab and confusion.page in ("pages/univariate.py", "pages/multivariate.py", "pages/multi_step.py"):
            assert query == {f"fc_tabs_{url_paths[confusion.page]}": [confusion.tab]}
    # Following a link with its query opens the page on that tab.
    cnn = next(c for c in CONFUSIONS if c.tab == "CNN-LSTM")
    at = open_page(cnn.page, query={"fc_tabs_univariate": cnn.tab})
    assert at.session_state["fc_tabs_univariate"] == cnn.tab
    assert any(n.key == "fc_cnn_lstm_n_seq" for n in at.number_input)


def test_the_mode_stays_on_from_page_to_page_until_turned_off(open_page):
    at = open_page("pages/one_series.py")
    at.toggle(key="guess_mode").set_value(True).run()
    at.switch_page("pages/parallel_series.py").run()
    assert badge_shapes(at, "X.shape =") == [] and "Your table has 10 rows" in texts(at.markdown)
    at.switch_page("pages/input_layer.py").run()
    assert "What goes in `keras.Input(shape=…)`?" in texts(at.markdown)
    whole = tuple(ARRAY_SIZES[name].default for name in ("samples", "timesteps", "features"))
    _guess(at, str(whole))  # the whole array: the samples axis does not belong in an Input
    assert "samples axis is left out" in texts(at.warning)
    at.toggle(key="guess_mode").set_value(False).run()
    at.switch_page("pages/parallel_series.py").run()
    assert badge_shapes(at, "X.shape =") == [(1, 10, 2), (1, 2, 10)]


def test_padding_page_asks_for_the_padded_shape_first(open_page):
    at = open_page("pages/padding.py")
    at.toggle(key="guess_mode").set_value(True).run()
    assert badge_shapes(at, "X.shape =") == []
    _guess(at, "(3, 4)")
    assert "pad_sequences returns, 2D" in texts(at.warning)
    assert badge_shapes(at, "X.shape =") == [(3, 4, 1)]

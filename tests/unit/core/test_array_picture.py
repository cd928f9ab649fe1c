import html
import re

import numpy as np
import pytest

from lessons.core.array_picture import MAX_GRID_ROWS, array_picture, cards_to_draw, cell_text
from lessons.core.axes import FEATURES, SAMPLES, SUBSEQUENCES, TIMESTEPS

TITLE = re.compile(r'<td title="([^"]*)"[^>]*>([^<]*)</td>')


def _cells(picture_html: str) -> list[tuple[dict[str, int], float, str]]:
    """Every drawn cell: its index by axis (from the hover title), its exact value, its text."""
    cells = []
    for title, text in TITLE.findall(picture_html):
        where, value = html.unescape(title).rsplit(" = ", 1)
        index = {name: int(i) for name, i in (part.rsplit(" ", 1) for part in where.split(", "))} if where else {}
        cells.append((index, float(value), html.unescape(text)))
    return cells


def test_every_cell_of_a_small_array_is_drawn_and_its_hover_names_every_axis():
    X = np.arange(12.0).reshape(2, 3, 2)
    picture = array_picture(X)
    cells = _cells(picture.html)
    assert len(cells) == X.size == picture.shown == picture.total
    for index, value, text in cells:
        assert list(index) == ["sample", "timestep", "feature"]
        assert value == X[index["sample"], index["timestep"], index["feature"]]
        assert float(text) == value
    assert picture.caption.startswith("All 12 values are drawn")


def test_one_card_per_sample_with_the_axes_named_in_their_colours():
    picture = array_picture(np.zeros((6, 3, 1)))
    for i in range(6):
        assert f'style="color:{SAMPLES.colour}">sample {i}</div>' in picture.html
    assert f'color:{TIMESTEPS.colour}">timesteps →' in picture.html
    assert f'color:{FEATURES.colour}">features →' in picture.html
    legend = re.sub(r"<[^>]+>", "", picture.html.split('class="sl-legend">', 1)[1].split("</div>", 1)[0])
    assert legend == "6 samples × 3 timesteps × 1 feature"


def test_a_big_array_shows_its_first_cards_whole_and_counts_the_rest():
    X = np.random.default_rng(0).normal(size=(5_000, 100, 3))
    picture = array_picture(X)
    cards = cards_to_draw(X.shape)
    assert 2 <= cards < 5_000
    assert f"… and {5_000 - cards:,} more samples" in picture.html
    assert f"… and {100 - MAX_GRID_ROWS} more timesteps" in picture.html
    cells = _cells(picture.html)
    assert len(cells) == picture.shown == cards * MAX_GRID_ROWS * 3
    assert {index["sample"] for index, _, _ in cells} == set(range(cards))
    for index, value, _ in cells:  # the hover keeps six significant digits
        assert value == pytest.approx(X[index["sample"], index["timestep"], index["feature"]], rel=1e-5)
    assert f"{picture.shown:,} of {picture.total:,} values are drawn" in picture.caption


def test_a_long_series_is_a_strip_that_says_how_many_values_follow():
    picture = array_picture(np.arange(100_000.0), ["timesteps"])
    cells = _cells(picture.html)
    assert [index["timestep"] for index, _, _ in cells] == list(range(len(cells)))
    assert f"… and {100_000 - len(cells):,} more timesteps" in picture.html


def test_cnn_lstm_samples_hold_one_grid_per_subsequence():
    X = np.arange(20.0).reshape(5, 2, 2, 1)
    picture = array_picture(X)
    assert f'style="color:{SUBSEQUENCES.colour}">subsequence 1</div>' in picture.html
    for index, value, _ in _cells(picture.html):
        assert list(index) == ["sample", "subsequence", "timestep", "feature"]
        assert value == X[index["sample"], index["subsequence"], index["timestep"], index["feature"]]
    assert picture.shown == X.size


def test_conv_lstm_subsequences_hold_their_rows():
    X = np.arange(20.0).reshape(5, 2, 1, 2, 1)
    cells = _cells(array_picture(X).html)
    assert len(cells) == X.size
    assert all(list(index) == ["sample", "subsequence", "row", "timestep", "feature"] for index, _, _ in cells)
    assert "row 0" in array_picture(X).html


def test_a_two_dimensional_table_is_one_grid_with_its_own_axis_names():
    table = np.arange(20.0).reshape(10, 2)
    cells = _cells(array_picture(table, ["timesteps", "features"]).html)
    assert len(cells) == 20 and all(list(index) == ["timestep", "feature"] for index, _, _ in cells)


def test_values_are_written_as_a_learner_reads_them():
    assert cell_text(0.1 + 0.2, "g") == "0.3"
    assert cell_text(30.0, "int") == "30"
    assert cell_text(123456.0, "int") == "123,456"
    one_hot = array_picture(np.eye(5)[[3, 0, 1, 2]].reshape(4, 1, 5))
    assert {text for _, _, text in _cells(one_hot.html)} == {"0", "1"}


def test_names_are_escaped():
    picture = array_picture(np.zeros((2, 2)), ["<b>rows", "x&y"])
    assert "<b>rows" not in picture.html and "&lt;b&gt;rows" in picture.html

"""The memory page as a learner uses it: shapes, bad sequences, training, tables, state picture."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from lessons import memory
from tests.apptest.helpers import badge_shapes, texts

PAGE = "pages/memory.py"


@pytest.fixture
def open_memory(open_page) -> Callable[[], AppTest]:
    return lambda: open_page(PAGE, timeout=180)


def test_the_page_shows_the_pairs_as_samples_of_one_timestep(open_memory):
    at = open_memory()
    assert badge_shapes(at, "X.shape =") == [(4, 1, 5)]
    assert badge_shapes(at, "y.shape =") == [(4, 5)]
    assert "2 → 3 and 2 → 4" in texts(at.info)
    assert "4 samples, each of 1 timestep with 5 features" in texts(at.markdown)
    assert len(at.table) == 2  # one one-hot grid per sequence


def test_bad_sequences_keep_the_last_good_ones(open_memory):
    at = open_memory()
    at.text_input(key="memory_seq1").input("1 0 1 2 1").run()
    for bad, words in [
        ("1 0 9 2 1", "outside the alphabet"),
        ("1 0 1.5 2 1", "whole numbers"),
        ("1 0 x 2 1", "not a number"),
        ("1 0 1 2", "equally long"),
        ("", "empty"),
    ]:
        at.text_input(key="memory_seq1").input(bad).run()
        assert not at.exception, bad
        errors = texts(at.error)
        assert words in errors and "last good sequences: `1 0 1 2 1`" in errors, bad
        assert badge_shapes(at, "X.shape =") == [(4, 1, 5)]
    at.number_input(key="memory_alphabet").set_value(10).run()
    at.text_input(key="memory_seq1").input("9 0 1 2 9").run()
    assert not at.error
    assert badge_shapes(at, "X.shape =") == [(4, 1, 10)]


def test_sequences_without_a_conflict_are_flagged(open_memory):
    at = open_memory()
    at.text_input(key="memory_seq2").input("4 1 2 3 0").run()
    assert "even a network without memory" in texts(at.warning)


def test_training_shows_every_step_and_survives_a_page_switch(open_memory):
    at = open_memory()
    at.button(key="memory_train").click().run()
    assert not at.exception, at.exception
    labels = [tab.label for tab in at.tabs]
    assert labels[0] == f"{memory.MODEL_TITLES[memory.STATEFUL]}: 100%"
    assert not labels[1].endswith("100%")  # the feed-forward network misses a conflicting step
    assert "8 of 8 steps right" in texts(at.markdown)
    tables = [d.value for d in at.dataframe if "predicted" in d.value.columns]
    assert len(tables) == 3
    assert tables[0]["predicted"].tolist() == [0, 1, 2, 3, 0, 1, 2, 4]
    assert "Distance between the two sequences' states" in texts(at.markdown)
    assert any(chart.proto.spec for chart in at.get("plotly_chart"))

    at.switch_page("pages/one_series.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == labels


def test_a_link_carries_the_sequences_and_settings(open_page):
    at = open_page(PAGE, timeout=180, query={
        "memory_alphabet": "6", "memory_seq1": "5 1 2 3 5", "memory_seq2": "4 1 2 3 4",
        "memory_epochs": "120", "memory_seed": "11",
    })
    assert at.number_input(key="memory_alphabet").value == 6
    assert at.number_input(key="memory_epochs").value == 120
    assert at.number_input(key="memory_seed").value == 11
    assert badge_shapes(at, "X.shape =") == [(4, 1, 6)]  # 4 pairs of the first sequence, 6 symbols
    assert at.text_input(key="memory_seq1").value == "5 1 2 3 5"

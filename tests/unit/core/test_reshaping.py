import numpy as np
import pytest

from lessons.core import format_shape, reshaping, shape_badge_html


def test_series_and_tables_become_one_sample():
    assert reshaping.to_samples_timesteps_features(np.arange(10)).shape == (1, 10, 1)
    table = np.column_stack([np.arange(10), np.arange(10)[::-1]])
    X = reshaping.to_samples_timesteps_features(table)
    assert X.shape == (1, 10, 2)
    np.testing.assert_array_equal(X[0, 3], table[3])  # timestep 3 holds row 3: both series' values


def test_try_reshape_returns_numpys_own_error():
    array, error = reshaping.try_reshape(np.arange(10.0), (1, 10, 2))
    assert array is None
    assert error.kind == "ValueError"
    assert "cannot reshape array of size 10 into shape (1,10,2)" in error.message
    array, error = reshaping.try_reshape(np.arange(10.0), (2, 5, 1))
    assert error is None and array.shape == (2, 5, 1)


def _factorisations(size: int) -> set[tuple[int, int, int]]:
    """Every (a, b, c) with a·b·c = size, counted the slow, obvious way."""
    return {(a, b, size // (a * b)) for a in range(1, size + 1) if size % a == 0
            for b in range(1, size // a + 1) if (size // a) % b == 0}


@pytest.mark.parametrize("size", [1, 6, 10, 12, 97, 360])
def test_three_d_shapes_are_every_factorisation_with_the_whole_series_first(size):
    suggestions = reshaping.three_d_shapes(size, limit=10_000)
    shapes = [s.shape for s in suggestions]
    assert shapes[0] == (1, size, 1)
    assert len(set(shapes)) == len(shapes)
    assert set(shapes) == _factorisations(size)


@pytest.mark.parametrize("size", [2, 10, 12, 97, 360, 20_000, 100_000])
def test_traps_are_the_shapes_with_time_in_features_and_come_last(size):
    suggestions = reshaping.three_d_shapes(size, limit=10_000)
    for s in suggestions:
        samples, timesteps, features = s.shape
        assert s.trap == (timesteps == 1 and features > 1), s
        assert (s.kind == reshaping.TIME_IN_FEATURES) == s.trap, s
    flags = [s.trap for s in suggestions]
    assert flags == sorted(flags)  # every trap after every shape that is not one
    kinds = [reshaping.KINDS.index(s.kind) for s in suggestions]
    assert kinds == sorted(kinds)  # ranked by meaning, kind by kind


@pytest.mark.parametrize("size, limit", [(10, 8), (12, 6), (20_000, 8), (100_000, 8), (97, 8)])
def test_a_short_list_shows_every_kind_before_a_second_of_any(size, limit):
    everything = reshaping.three_d_shapes(size, limit=10_000)
    shown = reshaping.three_d_shapes(size, limit=limit)
    assert len(shown) == min(limit, len(everything))
    assert all(int(np.prod(s.shape)) == size for s in shown)
    present = {s.kind for s in everything}
    assert {s.kind for s in shown} == present  # every limit here is at least the number of kinds
    assert shown[0].shape == (1, size, 1)
    if any(s.trap for s in everything):
        first_trap = next(s for s in shown if s.trap)
        assert first_trap.shape == (1, 1, size)  # the plainest trap, there and flagged


def test_twenty_thousand_values_do_not_suggest_two_timesteps_of_ten_thousand_features():
    shown = [s.shape for s in reshaping.three_d_shapes(20_000, limit=8)]
    assert (1, 2, 10_000) not in shown
    assert shown.index((1, 20_000, 1)) == 0


@pytest.mark.parametrize("shape, words", [
    ((1, 12, 1), ["1 sample of 12 timesteps, 1 feature", "whole series", "in order"]),
    ((12, 1, 1), ["12 samples of 1 timestep, 1 feature", "no sequence"]),
    ((3, 4, 1), ["3 samples of 4 timesteps", "3 non-overlapping chunks of 4", "sliding_window_view"]),
    ((1, 4, 3), ["4 timesteps, 3 features", "3 parallel series"]),
    ((2, 3, 2), ["2 non-overlapping chunks", "2 parallel series"]),
    ((1, 1, 12), ["1 sample of 1 timestep, 12 features", "time hidden in the features", "It runs"]),
    ((4, 1, 3), ["4 samples of 1 timestep, 3 features", "time hidden in the features"]),
])
def test_each_shape_says_what_it_means(shape, words):
    suggestion = reshaping.describe_3d(shape)
    for word in words:
        assert word in suggestion.meaning, (shape, word)


def test_lstm_accepts_only_3d_and_matching_declared_shape():
    assert reshaping.lstm_accepts((1, 10, 1)).accepted
    assert not reshaping.lstm_accepts((10, 1)).accepted
    assert not reshaping.lstm_accepts((1, 10, 1, 1)).accepted
    assert not reshaping.lstm_accepts((6, 3, 2), declared=(3, 1)).accepted
    verdict = reshaping.lstm_accepts((6, 1, 1), declared=(3, 1))
    assert not verdict.accepted and "silently" in verdict.reason


@pytest.mark.parametrize("shape, trap", [
    ((1, 1, 10), True), ((6, 1, 2), True), ((1, 10, 1), False), ((6, 1, 1), False),
    ((1, 1, 1), False), ((2, 5, 2), False),
])
def test_one_timestep_of_many_features_is_accepted_with_the_caveat(shape, trap):
    verdict = reshaping.lstm_accepts(shape)
    assert verdict.accepted
    assert verdict.trap == trap
    if trap:
        samples, _, features = shape
        assert verdict.caveat in verdict.reason  # every page that shows the verdict shows the caveat
        assert "no time axis" in verdict.caveat and "It runs" in verdict.caveat
        assert format_shape((samples, features, 1)) in verdict.caveat  # the shape to use instead
    else:
        assert verdict.caveat is None and "no time axis" not in verdict.reason


def test_badge_names_and_colours_every_axis():
    html = shape_badge_html((1, 10, 1))
    for name in ("samples", "timesteps", "features"):
        assert name in html
    assert "#1f77b4" in html and "#ff7f0e" in html and "#2ca02c" in html
    assert format_shape((10,)) == "(10,)" and format_shape((None, 3, 1)) == "(None, 3, 1)"


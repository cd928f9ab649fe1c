import numpy as np

from lessons.array_view import array_figure, slice_for_view


def test_small_arrays_are_drawn_whole_with_hover_positions():
    X = np.arange(6.0).reshape(1, 3, 2)
    figure, caption = array_figure(X)
    trace = figure.data[0]
    assert len(trace.x) == 6
    assert "sample 0, timestep 2, feature 1 = 5" in trace.hovertext
    assert caption.startswith("Every cell")
    assert figure.layout.scene.xaxis.title.text == "timesteps"


def test_big_arrays_are_sliced_and_the_caption_says_so():
    view = slice_for_view(np.zeros((50_000, 3, 1)))
    assert view.values.shape == (8, 3, 1)
    assert "first 8 of 50,000 samples" in view.notes
    _, caption = array_figure(np.zeros((1, 100_000, 1)))
    assert "first 24 of 100,000 timesteps" in caption


def test_four_and_five_dimensional_inputs_are_reduced_to_three_axes():
    view = slice_for_view(np.zeros((5, 2, 2, 1)))
    assert [a.name for a in view.axes] == ["subsequences", "timesteps", "features"]
    view = slice_for_view(np.zeros((5, 2, 1, 2, 1)))
    assert [a.name for a in view.axes] == ["subsequences", "timesteps", "features"]
    assert any("rows" in note for note in view.notes)


def test_one_and_two_dimensional_arrays_are_grids():
    figure, _ = array_figure(np.arange(10.0))
    assert figure.data[0].type == "heatmap"
    figure, _ = array_figure(np.arange(20.0).reshape(10, 2), ["timesteps", "features"])
    assert figure.layout.xaxis.title.text == "features"

"""Inside the LSTM on the lesson pages: step through the trained cell, change units, switch
return_sequences; and on the memory page, the unit that keeps the first value."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from lessons import inside, memory
from lessons.forecasting import LESSONS
from tests.apptest.helpers import badge_shapes, texts

PAGE = "pages/univariate.py"
FEW_EPOCHS = 5


def _train(at: AppTest, key: str) -> None:
    at.number_input(key=f"fc_{key}_epochs").set_value(FEW_EPOCHS).run()
    at.button(key=f"fc_{key}_train").click().run()
    assert not at.exception, at.exception


def _open(at: AppTest, key: str) -> None:
    at.session_state[key] = True  # what opening the expander does
    at.run()
    assert not at.exception, at.exception


def test_step_through_the_trained_vanilla_cell(open_page):
    at = open_page(PAGE, tab="Vanilla LSTM")
    _open(at, "fc_vanilla_inside_cell_open")
    assert "Train the model first" in texts(at.caption)
    _train(at, "vanilla")
    assert "the same, to float32 rounding" in texts(at.markdown)  # NumPy's forward pass = Keras' prediction
    steps = LESSONS["vanilla"].n_in
    slider = at.slider(key=f"fc_vanilla_inside_0_step_{steps}")
    assert (slider.min, slider.max, slider.value) == (1, steps, 1)
    assert f"step 1 of {steps}: timestep 1" in texts(at.markdown)
    assert len(at.latex) >= 1 and r"c_t &= f_t \odot c_{t-1}" in at.latex[0].value
    assert "σ = sigmoid, φ = relu" in texts(at.caption)
    slider.set_value(steps).run()
    assert f"step {steps} of {steps}: timestep {steps}" in texts(at.markdown)
    windows = 1 + len(LESSONS["vanilla"].make_samples()[0])  # the test input, then every sample
    at.selectbox(key=f"fc_vanilla_inside_window_{windows}").set_value(1).run()  # training sample 0
    assert not at.exception, at.exception
    assert "Check: the whole model" not in texts(at.markdown)  # only the test input has a Keras prediction


def test_stacked_picks_a_layer_and_bidirectional_shows_both_directions(open_page):
    at = open_page(PAGE, tab="Stacked LSTM")
    _train(at, "stacked")
    _open(at, "fc_stacked_inside_cell_open")
    layer = at.radio(key="fc_stacked_inside_layer_2")
    assert len(layer.options) == 2
    layer.set_value(1).run()
    assert "recurrent layer 1's h at every step" in texts(at.caption)
    assert at.slider(key="fc_stacked_inside_1_step_3").max == 3

    at.session_state["fc_tabs_univariate"] = "Bidirectional LSTM"
    at.run()
    _train(at, "bidirectional")
    _open(at, "fc_bidirectional_inside_cell_open")
    shown = texts(at.markdown)
    assert "forward: step 1 of 3 reads timestep 1 of 3" in shown
    assert "backward: step 1 of 3 reads timestep 3 of 3" in shown


def test_units_show_weight_shapes_count_and_output(open_page):
    at = open_page(PAGE, tab="Vanilla LSTM")
    _open(at, "fc_vanilla_inside_units_open")
    at.number_input(key="fc_vanilla_inside_units").set_value(7).run()
    assert not at.exception, at.exception
    shown = texts(at.markdown)
    assert "| `kernel` | (1, 28) |" in shown and "| `recurrent_kernel` | (7, 28) |" in shown
    assert "| `bias` | (28,) |" in shown
    formulas = texts(at.latex)
    assert r"4\cdot\big(7\cdot(1+7)+7\big)" in formulas and f"{inside.lstm_parameters(1, 7)}" in formulas
    assert badge_shapes(at, "LSTM output:") == [(None, 7)]
    assert "not the 3 timesteps" in shown and "not the 1 value to predict" in shown


def test_return_sequences_on_the_last_lstm_broadcasts_and_on_stacked_breaks(open_page):
    at = open_page(PAGE, tab="Vanilla LSTM")
    _open(at, "fc_vanilla_inside_rs_open")
    assert not at.toggle(key="fc_vanilla_rs_vanilla_0").value  # the tutorial's setting
    assert "lines up with y" in texts(at.success)
    at.toggle(key="fc_vanilla_rs_vanilla_0").set_value(True).run()
    assert not at.exception, at.exception
    warning = texts(at.warning)
    assert "No error, no warning" in warning and "(6, 3, 1)" in warning and "(6, 1)" in warning

    at.session_state["fc_tabs_univariate"] = "Stacked LSTM"
    at.run()
    _open(at, "fc_stacked_inside_rs_open")
    at.toggle(key="fc_stacked_rs_stacked_0").set_value(False).run()
    assert not at.exception, at.exception
    error = texts(at.error)
    assert "raised `ValueError`" in error and "ndim=3" in error


def test_memory_step_through_names_the_unit_that_keeps_the_first_value(open_page):
    at = open_page("pages/memory.py", timeout=300)
    at.button(key="memory_train").click().run()
    _open(at, "memory_inside_open")
    assert "Check: the largest difference" in texts(at.caption)
    run = at.session_state["memory_runs"][memory.STATEFUL]
    weights = inside.lstm_weights(run.layers[0])
    traces = [inside.run_lstm(weights, memory.stateful_arrays(s, memory.DEFAULT_ALPHABET)[0][:, 0, :])
              for s in run.sequences]
    np.testing.assert_allclose(traces[0].h, run.hidden_states[0], atol=1e-5)
    keeper = inside.memory_keeper(traces[0], traces[1])
    if keeper.smallest_gap >= 0.05:
        named = ", ".join(map(str, keeper.units))
        assert f"Where the first value is kept: {'unit' if len(keeper.units) == 1 else 'units'} {named}**" \
            in texts(at.markdown)
    else:
        assert "No unit keeps" in texts(at.markdown)
    at.slider(key="memory_inside_step_4").set_value(4).run()
    assert "step 4 of 4" in texts(at.markdown)


def test_cnn_lstm_conv_lstm_and_encoder_decoder_step_through_and_switch(open_page):
    at = open_page(PAGE, tab="CNN-LSTM")
    for key, tab, page in [("cnn_lstm", "CNN-LSTM", PAGE), ("conv_lstm", "ConvLSTM", PAGE),
                           ("encoder_decoder", "Encoder-decoder", "pages/multi_step.py")]:
        if page != PAGE:
            at = open_page(page, tab=tab)
        else:
            at.session_state["fc_tabs_univariate"] = tab
            at.run()
        _train(at, key)
        for part in ("cell", "units", "rs"):
            _open(at, f"fc_{key}_inside_{part}_open")
        shown = texts(at.markdown)
        assert "the same, to float32 rounding" in shown, key
        if key == "cnn_lstm":
            assert "the CNN's features of each subsequence" in texts(at.caption)
            assert "x_t = 64 numbers" in shown  # Conv1D(64, 1) → MaxPooling1D(2) → Flatten: 64 per subsequence
        if key == "conv_lstm":
            assert "convolutions" in shown and r"x_t\ast W_i" in texts(at.latex)  # ∗: a convolution
        if key == "encoder_decoder":
            assert len(at.radio(key="fc_encoder_decoder_inside_layer_2").options) == 2
            at.toggle(key="fc_encoder_decoder_rs_encoder_decoder_0").set_value(True).run()
            assert "raised `ValueError`" in texts(at.error)  # the decoder's RepeatVector gets a 3D input
            assert "`layers.RepeatVector(2)` cannot take" in texts(at.markdown)
        assert not at.exception, (key, at.exception)

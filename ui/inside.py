"""Inside the LSTM, on a lesson's page: step through the trained cell, what units are, return_sequences.

`forecast_inside` goes on every forecasting lesson after its result, `memory_step_through` on the
memory lesson after its training. Each part sits in an expander that costs nothing while closed,
so opening a page still never loads TensorFlow; the maths is NumPy on the trained weights the
training handed back (`lessons.inside`), and only the return_sequences probe runs Keras, as a job.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from lessons import engine, inside
from lessons.core import format_shape, shape_badge_html
from lessons.forecasting import VARIANTS, models, training
from ui import widgets

RELATIVE_TOLERANCE = 1e-4  # float32 training vs float64 NumPy: what "the same" means in the checks shown


# --- the equations ----------------------------------------------------------------------------------


def _equations(record: inside.LayerRecord, units: int) -> None:
    conv = record.kind == "ConvLSTM2D"
    op = r"\ast " if conv else ""
    phi = record.setting("activation", "tanh")
    sigma = record.setting("recurrent_activation", "sigmoid")
    lines = [
        rf"i_t &= \sigma(x_t{op}W_i + h_{{t-1}}{op}U_i + b_i)",
        rf"f_t &= \sigma(x_t{op}W_f + h_{{t-1}}{op}U_f + b_f)",
        rf"g_t &= \phi(x_t{op}W_c + h_{{t-1}}{op}U_c + b_c)",
        rf"o_t &= \sigma(x_t{op}W_o + h_{{t-1}}{op}U_o + b_o)",
        r"c_t &= f_t \odot c_{t-1} + i_t \odot g_t",
        r"h_t &= o_t \odot \phi(c_t)",
    ]
    st.latex(r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}")
    what = "filters" if conv else "units"
    st.caption(
        f"W = `kernel`, U = `recurrent_kernel`, b = `bias`: each holds 4 blocks of {units} {what}, "
        f"in Keras' order i, f, c, o. σ = {sigma}, φ = {phi} in this model; ⊙ multiplies unit by unit. "
        "c and h start at zeros."
        + (" Here ∗ is a convolution (ConvLSTM2D), not a matrix product: the kernel slides along "
           "the subsequence, and h keeps one value per position and filter." if conv else "")
    )


# --- one layer, one step -------------------------------------------------------------------------


def _step_panel(layer: inside.RecurrentLayer, window_steps: int, key: str, axis: str) -> None:
    traces = [trace for _, trace in layer.directions]
    scale = inside.value_range(traces)
    steps = traces[0].steps
    step = st.slider("Step", 1, steps, 1, key=f"{key}_step_{steps}",
                     help="The order the layer reads its input; a backward layer starts at the last timestep.") - 1
    picture, maths = st.columns([2, 1])
    with picture:
        for direction, trace in layer.directions:
            read = trace.timesteps[step]
            title = (f"{direction}: step {step + 1} of {steps} reads {axis} {read + 1} of {window_steps}"
                     if len(layer.directions) > 1 else f"step {step + 1} of {steps}: {axis} {read + 1}")
            st.markdown(f"**{title}** — x_t = {inside.vector_text(trace.x[step])}")
            st.plotly_chart(inside.step_figure(trace, step, layer.unit_labels, scale),
                            key=f"{key}_figure_{direction}", config={"displayModeBar": False})
    with maths:
        _equations(layer.record, traces[0].units if layer.record.kind != "ConvLSTM2D"
                   else int(layer.record.setting("filters")))
    st.caption(f"One colour scale for the whole window: gates from 0 to 1, the other values from "
               f"−{scale:.3g} to +{scale:.3g} (the largest |value| of this layer over every step).")


def _pick_layer(run: inside.ModelRun, key: str) -> inside.RecurrentLayer:
    layers = run.recurrent
    if len(layers) == 1:
        return layers[0]
    titles = [f"{inside.layer_title(layer, len(layers), k + 1)}: reads {layer.reads}"
              for k, layer in enumerate(layers)]
    # keyed by the count, so another model's layers never meet a choice made for this one
    chosen = st.radio("Layer", range(len(layers)), format_func=titles.__getitem__, key=f"{key}_layer_{len(layers)}")
    return layers[int(chosen)]


# --- forecasting lessons ------------------------------------------------------------------------


def forecast_inside(variant: str, prepared: models.Prepared | None, units: int, stored: dict[str, Any] | None,
                    p: str) -> None:
    """The three parts of "Inside the LSTM" on a forecasting lesson; each in a lazy expander."""
    st.subheader("Inside the LSTM")
    parts = [
        ("Step through the trained cell", f"{p}_inside_cell_open", lambda: _forecast_cell(stored, p)),
        ("What units are", f"{p}_inside_units_open", lambda: _units_part(variant, prepared, units, p)),
        ("return_sequences, seen", f"{p}_inside_rs_open", lambda: _sequences_part(variant, prepared, units, p)),
    ]
    for title, key, body in parts:
        part = st.expander(title, key=key, on_change="rerun")
        if part.open:
            with part:
                body()


def _forecast_cell(stored: dict[str, Any] | None, p: str) -> None:
    if stored is None:
        st.caption("Train the model first: this steps through the weights your training found.")
        return
    request: training.TrainRequest = stored["request"]
    result: training.TrainResult = stored["result"]
    if not result.layers:
        st.caption("This result has no weights kept; train again to step through its cell.")
        return
    st.markdown(
        f"The {VARIANTS[request.variant]} you trained ({request.units} units, seed {result.seed}), computed again "
        "in NumPy from its trained weights, one timestep at a time. Pick a window and a step: every unit is "
        "a row; the forget gate decides how much of the old c stays, the input gate how much of the "
        "candidate g is added, the output gate how much of φ(c) goes out as h."
    )
    windows = inside.forecast_windows(request.X, request.test_input)
    pick = st.selectbox("Window", range(len(windows)), format_func=lambda k: windows[k].label,
                        key=f"{p}_inside_window_{len(windows)}")
    window = windows[int(pick) if pick is not None and int(pick) < len(windows) else 0]
    try:
        run = inside.run_model(result.layers, window.sample)
    except inside.UnsupportedLayer as error:
        st.info(str(error))
        return
    if not run.recurrent:
        st.info("This model has no recurrent layer to step through.")
        return
    if window is windows[0]:
        keras_said = np.asarray(result.prediction, dtype=float).ravel()
        numpy_says = np.asarray(run.output, dtype=float).ravel()
        same = np.allclose(numpy_says, keras_said, rtol=RELATIVE_TOLERANCE, atol=1e-4)
        st.markdown(
            f"Check: the whole model in NumPy predicts **{inside.vector_text(numpy_says)}**; Keras predicted "
            f"**{inside.vector_text(keras_said)}** — "
            + ("the same, to float32 rounding." if same else "**they differ**: please report this.")
        )
    layer = _pick_layer(run, f"{p}_inside")
    st.caption(f"This layer reads {layer.reads}.")
    axis = "subsequence" if request.variant in models.SPLIT_VARIANTS else "timestep"
    _step_panel(layer, layer.directions[0][1].steps, f"{p}_inside_{layer.index}", axis)
    if layer.record.kind == "ConvLSTM2D":
        st.markdown("ConvLSTM2D is an LSTM whose four gates come from **convolutions** instead of matrix "
                    "products: each step reads one subsequence as a 1-row image, and its rows here are "
                    "(position, filter) pairs. The NumPy convolution is checked against Keras in the tests.")


# --- units ---------------------------------------------------------------------------------------


def _units_part(variant: str, prepared: models.Prepared | None, lesson_units: int, p: str) -> None:
    if prepared is None:
        st.caption("Fix the data above to see the model's weights.")
        return
    x_sample, y_sample = tuple(prepared.X.shape[1:]), tuple(prepared.y.shape[1:])
    units = int(st.number_input("units", min_value=1, max_value=training.MAX_UNITS, value=lesson_units, step=1,
                                key=f"{p}_inside_units",
                                help="Try a few: the weights grow, the output's last axis follows, nothing else does."))
    counts = inside.recurrent_counts(variant, x_sample, units)
    first = counts[0]
    conv = first.kind == "ConvLSTM2D"
    if conv:
        kh, kw = first.kernel_size
        st.markdown(
            f"`ConvLSTM2D({units}, {first.kernel_size})` has **{units} filters**: like units, but each is a "
            f"small {kh}×{kw} kernel slid along the subsequence. kernel {format_shape((kh, kw, first.features, 4 * units))}, "
            f"recurrent_kernel {format_shape((kh, kw, units, 4 * units))}, bias {format_shape((4 * units,))}."
        )
    else:
        rows = "\n".join(f"| `{name}` | {format_shape(shape)} | {what} |"
                         for name, shape, what in inside.weight_shapes(first.features, units))
        blocks = ", ".join(f"{inside.GATE_NAMES[g]} {k * units}–{(k + 1) * units - 1}"
                           for k, g in enumerate(inside.GATE_ORDER))
        st.markdown(
            f"**{first.label}** reads {first.features} feature{'s' if first.features != 1 else ''} per step and "
            f"keeps **{units} units**: {units} numbers of cell state c and {units} of hidden state h.\n\n"
            f"| weight | shape | multiplies |\n|---|---|---|\n{rows}\n\n"
            f"The 4·{units} = {4 * units} columns are four gates side by side (columns {blocks})."
        )
    for count in counts:
        st.markdown(f"{count.label}: **{count.parameters:,}** parameters")
        st.latex(count.formula())
    out = inside.recurrent_output(variant, x_sample, y_sample, units)
    st.markdown(shape_badge_html(out.shape, out.names, label=f"{out.label} output:"), unsafe_allow_html=True)
    steps = int(x_sample[0])
    what = "filters" if conv else "units"
    st.markdown(
        f"The output's last axis is **{out.width}**: {what}. It is not the {steps} "
        f"{'subsequences' if variant in models.SPLIT_VARIANTS else 'timesteps'} of a window "
        f"(without return_sequences only the last step's h comes out) and not the "
        f"{int(np.prod(y_sample))} value{'s' if int(np.prod(y_sample)) != 1 else ''} to predict: {out.after}."
    )
    if out.sequences is not None:
        label, shape = out.sequences
        st.markdown(f"{label} hands on h at every step instead — still {units} {what} last: "
                    + shape_badge_html(shape, ("samples", "timesteps", "units")), unsafe_allow_html=True)


# --- return_sequences ----------------------------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner="Building the model in Keras and running one training step…")
def _probe(variant: str, X: np.ndarray, y: np.ndarray, units: int, flags: tuple[bool, ...], seed: int) -> inside.Probe:
    return engine.run_job(inside.probe_job, variant, X, y, units, flags, seed)


def _sequences_part(variant: str, prepared: models.Prepared | None, units: int, p: str) -> None:
    if prepared is None:
        st.caption("Fix the data above to see the model's layers.")
        return
    x_sample, y_sample = tuple(prepared.X.shape[1:]), tuple(prepared.y.shape[1:])
    switches = inside.switches(variant, x_sample, y_sample, units)
    st.markdown("Switch `return_sequences` on a recurrent layer: on, it hands on h at **every** step "
                "(3D); off, only the **last** step's h (2D). Keras rebuilds the model and reports every "
                "layer's output shape.")
    columns = st.columns(len(switches))
    flags = tuple(
        bool(column.toggle(f"{s.label}: return_sequences", value=s.tutorial, key=f"{p}_rs_{variant}_{s.position}",
                           help=f"The tutorial sets it to {s.tutorial}."))
        for column, s in zip(columns, switches)
    )
    probe = _probe(variant, prepared.X, prepared.y, units, flags, 1)
    lines = [f"<code>keras.Input</code> → {shape_badge_html(probe.input_shape, probe.input_names)}"]
    lines += [f"<code>{layer.code}</code> → {shape_badge_html(layer.shape, layer.names)}" for layer in probe.layers]
    if probe.build_error is not None:
        lines.append(f"<code>{probe.failed_code}</code> → ✖")
    st.markdown("<br>".join(lines), unsafe_allow_html=True)
    _what_happened(probe, switches, flags)


def _what_happened(probe: inside.Probe, switches: list[inside.Switch], flags: tuple[bool, ...]) -> None:
    last_shape = probe.layers[-1].shape if probe.layers else probe.input_shape
    if probe.build_error is not None:
        widgets.captured_error(probe.build_error,
                               f"`{probe.failed_code}` cannot take what the layer before hands it, "
                               f"{format_shape(last_shape)}: Keras stops while building the model.")
        return
    prediction, y = probe.prediction_shape, probe.y_shape
    if probe.fit_error is not None:
        widgets.captured_error(
            probe.fit_error,
            f"The model builds, but its output for the data is {format_shape(prediction)} and y is "
            f"{format_shape(y)}: the loss cannot line them up, and training stops at its first step.")
        return
    if probe.silent_broadcast:
        same = (probe.broadcast_loss is not None
                and np.isclose(probe.fit_loss, probe.broadcast_loss, rtol=RELATIVE_TOLERANCE, atol=1e-6))
        steps = prediction[1]
        st.warning(
            f"**No error, no warning.** The last recurrent layer hands on {steps} steps, so the Dense layer "
            f"runs once per step: the output is {format_shape(prediction)}, while y is {format_shape(y)}. "
            f"The one training step reported loss {probe.fit_loss:.6g}"
            + (f", the same as NumPy's mean((prediction − y[:, None])²) = {probe.broadcast_loss:.6g}: Keras "
               f"broadcast each sample's target over all {steps} steps and trained every step to hit it."
               if same else
               "; NumPy's mean((prediction − y[:, None])²) would be "
               + (f"{probe.broadcast_loss:.6g}" if probe.broadcast_loss is not None else "impossible")
               + ": Keras lined the two arrays up some other way, silently.")
            + f" Predictions now come as {int(np.prod(prediction[1:]))} numbers per sample where "
              f"{int(np.prod(y[1:]))} {'was' if int(np.prod(y[1:])) == 1 else 'were'} meant."
        )
        return
    st.success(f"The output {format_shape(prediction)} lines up with y {format_shape(y)}; the training step "
               f"ran (loss {probe.fit_loss:.6g}).")
    changed = [s.label for s, flag in zip(switches, flags) if flag != s.tutorial]
    if changed:
        st.caption("Changed from the tutorial: " + ", ".join(changed) + ".")


# --- the memory lesson ---------------------------------------------------------------------------


def memory_step_through(run: Any, size: int) -> None:
    """Step through the memory lesson's trained stateful LSTM, and say which unit keeps the first value."""
    from lessons import memory

    part = st.expander("Step through the trained cell", key="memory_inside_open", on_change="rerun")
    if not part.open:
        return
    with part:
        records = [r for r in run.layers if r.kind == "LSTM"]
        if not records:
            st.caption("This result has no weights kept; train again to step through its cell.")
            return
        weights = inside.lstm_weights(records[0])
        size = weights.features  # the alphabet it was trained on, even if the page's has changed since
        sequences = run.sequences
        traces = [inside.run_lstm(weights, memory.stateful_arrays(s, size)[0][:, 0, :]) for s in sequences]
        st.markdown(
            "The stateful LSTM you trained, computed again in NumPy from its weights. Keras fed it one "
            "step per call and kept c and h between calls; running the same cell over the whole sequence "
            "from zeros is the same arithmetic."
        )
        if run.hidden_states is not None:
            gap = max(float(np.max(np.abs(t.h - run.hidden_states[k]))) for k, t in enumerate(traces))
            st.caption(f"Check: the largest difference between NumPy's h and the h Keras' stateful model "
                       f"kept after each step is {gap:.1e}.")
        pick = st.selectbox("Sequence", range(len(sequences)),
                            format_func=lambda k: f"sequence {k + 1}: {memory.sequence_text(sequences[k])}",
                            key="memory_inside_sequence")
        k = int(pick) if pick is not None and int(pick) < len(sequences) else 0
        keeper = inside.memory_keeper(traces[0], traces[1]) if len(sequences) >= 2 else None
        marked = set(keeper.units) if keeper is not None and keeper.smallest_gap >= 0.05 else set()
        layer = inside.RecurrentLayer(0, records[0], (("forward", traces[k]),), "the one-hot value of each step",
                                      tuple(f"unit {u}" + (" ★" if u in marked else "") for u in range(weights.units)))
        st.caption("x_t is the one-hot row of the value read at that step.")
        _step_panel(layer, traces[k].steps, "memory_inside", "value")
        if keeper is not None:
            _keeper_text(memory, sequences, keeper)


def _keeper_text(memory: Any, sequences: tuple, keeper: inside.Keeper) -> None:
    first, second = (memory.sequence_text(s) for s in sequences[:2])
    if keeper.smallest_gap < 0.05:
        st.markdown(f"No unit keeps `{first}` and `{second}` apart after every step (the closest any unit "
                    f"stays is {keeper.smallest_gap:.3f}): this training has not learned to carry the first value.")
        return
    row = lambda values: ", ".join(f"{v:.2f}" for v in values)  # noqa: E731
    named = ", ".join(f"unit {u} ({keeper.gaps[u]:.2f})" for u in keeper.units)
    same_middle = sequences[0][1:-1] == sequences[1][1:-1]
    st.markdown(
        (f"**Where the first value is kept: {'unit' if len(keeper.units) == 1 else 'units'} "
         f"{', '.join(map(str, keeper.units))}** (★ in the picture). " if same_middle else
         f"**The units that keep the two sequences apart at every step: {', '.join(map(str, keeper.units))}** "
         "(★ in the picture). ")
        + f"In brackets, the closest the two sequences' c ever come in that unit: {named}; no other unit "
        f"stays further apart than {keeper.runner_up_gap:.2f}. Unit {keeper.unit}'s c after each step is "
        f"{row(keeper.c_a[:, keeper.unit])} for `{first}` and {row(keeper.c_b[:, keeper.unit])} for `{second}`"
        + (", although after the first step both sequences read the same values." if same_middle else ".")
    )

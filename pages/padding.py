import numpy as np
import pandas as pd
import streamlit as st

from lessons import engine, exercises
from lessons.core import InputError, format_shape, plural
from lessons.padding import (
    DEFAULT_TEXT, MAX_LENGTH, SEED, SIDES, UNITS, compare_masking, keras_code, pad, pad_value_in_data, parse_sequences,
)
from ui import exercise, state, widgets

st.title("Sequences of different lengths")
st.markdown(
    "A batch is one 3D array, **samples × timesteps × features**, so every sample in it has the same "
    "number of timesteps. Real sequences rarely do: sentences, patient visits, user sessions. The usual "
    "fix: **pad** the short ones with a value that is not data, and put a **Masking** layer in front of "
    "the LSTM so it skips that value."
)

st.subheader("1. Your sequences")
text = st.text_area("One sequence per line", value=DEFAULT_TEXT, key="padding_text", height=130,
                    persist_state="session", bind="query-params",
                    help=f"Numbers separated by commas or spaces; at most {MAX_LENGTH} values on a line.")
sequences = state.last_good("padding_text", lambda: parse_sequences(text), parse_sequences(DEFAULT_TEXT),
                            lambda kept: f"sequences ({len(kept)} of them)")
lengths = [len(s) for s in sequences]
if len(set(lengths)) > 1:
    st.markdown(f"{plural(len(sequences), 'sequence')} of lengths {', '.join(map(str, lengths))}: "
                "NumPy cannot stack them into one array as they are.")
else:
    st.markdown(f"{plural(len(sequences), 'sequence')}, all {plural(lengths[0], 'value')} long: these stack as "
                "they are. Make one shorter to see padding.")

st.subheader("2. Pad them into one array")
left, middle, right = st.columns(3)
padding = left.radio("Pad", SIDES, key="padding_side", persist_state="session", bind="query-params",
                     horizontal=True,
                     format_func=lambda s: "before (pre)" if s == "pre" else "after (post)")
value = middle.number_input("Pad value", value=0.0, step=0.1, key="padding_value", persist_state="session",
                            bind="query-params",
                            help="Pick a value your data never takes: Masking skips every timestep equal to it.")
cut_to = int(right.number_input("Cut to at most this many timesteps (0: no cut)", min_value=0,
                                max_value=MAX_LENGTH, value=0, step=1, key="padding_maxlen", persist_state="session",
                                bind="query-params"))
truncating = "pre"
if cut_to:
    truncating = right.radio("Cut values from", SIDES, key="padding_truncating", persist_state="session",
                             bind="query-params",
                             horizontal=True,
                             format_func=lambda s: "the start (pre)" if s == "pre" else "the end (post)")
try:
    padded = pad(sequences, padding, cut_to or None, truncating, float(value))
except InputError as error:  # the controls keep the values in range; this is a last guard
    st.error(str(error))
    state.stop()

exercise.guess_first(exercises.padded(lengths, padded.maxlen), key="padding")
widgets.shape_badge(padded.X.shape, label="X.shape =")
widgets.array_view(padded.X, key="padding_view", mask=padded.mask)
where = "in front of" if padding == "pre" else "after"
if padded.padded_cells:
    st.markdown(f"Every sample now has {plural(padded.X.shape[1], 'timestep')}. The hatched cells are the "
                f"{plural(padded.padded_cells, 'padded cell')}: the value {value:g} {where} the shorter sequences.")
else:
    st.markdown(f"Every sample has {plural(padded.X.shape[1], 'timestep')} already: nothing is padded.")
cut = [(i, c) for i, c in enumerate(padded.cut) if c.size]
if cut:
    st.info("Cut off to fit: " + "; ".join(
        f"sample {i} lost {', '.join(f'{v:g}' for v in c)} from its {'start' if truncating == 'pre' else 'end'}"
        for i, c in cut) + ".")
clashes = pad_value_in_data(padded)
if clashes:
    st.warning(f"Your data holds the pad value {value:g} itself (sample {clashes[0][0]}, timestep {clashes[0][1]}"
               f"{f' and {len(clashes) - 1} more' if len(clashes) > 1 else ''}). Masking cannot tell it from "
               "padding and skips it too. Pick a pad value your data never takes, e.g. -1.")

st.subheader("3. The Keras way")
st.markdown("`keras.utils.pad_sequences` does the same padding. Mind its `dtype`: it defaults to whole "
            "numbers (`int32`), which silently rounds decimals towards zero. It returns 2D (samples, timesteps); "
            "the features axis is added afterwards.")
st.code(keras_code(padded, sequences, UNITS), language="python")

st.subheader("4. Masking: the LSTM skips the padding")
st.markdown(
    f"The same `LSTM({UNITS})` reads your padded array twice — behind a `Masking(mask_value={value:g})` layer "
    "and without it — and each sequence once more, **alone**, with no padding at all. Over a masked "
    "timestep the LSTM carries its state unchanged, so with the mask each final output should equal "
    "the sequence read alone. Without the mask the padding is read as data."
)
st.caption(f"The LSTM is untrained (seed {SEED}), with random biases as training leaves them. With a fresh "
           "LSTM's biases (zeros, and ones for the forget gate) a zero input leaves a zero state at zero, which "
           "would hide what pre-padding with zeros does.")
digest = engine.data_digest(padded.X, padded.mask) + f"|{padded.value!r}"
if st.button("Run the LSTM with and without the mask", key="padding_run", type="primary"):
    with st.spinner("Running Keras (loading TensorFlow the first time takes a few seconds)…"):
        result = engine.run_job(compare_masking, padded.X, padded.kept, padded.value)
    st.session_state["padding_result"] = (digest, result)
stored = st.session_state.get("padding_result")
if stored is None or stored[0] != digest:
    st.caption("Press the button to see the LSTM's final output for each sequence.")
    state.stop()
result = stored[1]


def vector(row: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:.3f}" for v in row) + "]"


with_gap, without_gap = result.largest_gap("with_mask"), result.largest_gap("without_mask")
st.dataframe(pd.DataFrame({
    "sample": range(len(padded.kept)),
    "real timesteps": padded.lengths,
    "alone (no padding)": [vector(r) for r in result.alone],
    "with Masking": [vector(r) for r in result.with_mask],
    "without Masking": [vector(r) for r in result.without_mask],
    "with: off by": [f"{g:.2g}" for g in with_gap],
    "without: off by": [f"{g:.2g}" for g in without_gap],
}), hide_index=True)
tolerance = 1e-5
if clashes:
    st.warning("Some real values equal the pad value, so the mask skipped data too; the samples holding them "
               "need not match their sequence alone.")
elif np.all(with_gap < tolerance):
    st.success(f"With the mask every output equals its sequence read alone: the largest difference is "
               f"{with_gap.max():.1e}, float32 rounding.")
else:  # the lesson's claim did not hold here: say so rather than stay silent
    st.error(f"With the mask, an output differs from its sequence read alone by {with_gap.max():.2g}, more than "
             f"float32 rounding ({tolerance:g}). Please report this set-up: the mask should make them equal.")
padded_samples = [i for i, n in enumerate(padded.lengths) if n < padded.X.shape[1]]
if padded_samples:
    worst = max(padded_samples, key=lambda i: without_gap[i])
    st.markdown(f"Without the mask, sample {worst} is off by up to **{without_gap[worst]:.3g}**: the LSTM read its "
                f"{plural(padded.X.shape[1] - padded.lengths[worst], 'padded timestep')} as real values. "
                f"The output of each sequence is {format_shape((UNITS,))}: `LSTM({UNITS})` hands on {UNITS} "
                "numbers per sample however many timesteps it reads.")
else:
    st.markdown("No sample is padded here (all sequences have the same length after cutting), so the mask "
                "changes nothing.")

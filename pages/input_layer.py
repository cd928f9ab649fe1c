import numpy as np
import streamlit as st

from lessons.axes import FEATURES, SAMPLES, TIMESTEPS, format_shape
from lessons.keras_probe import declare_lstm_input  # imports Keras only when called
from lessons.parsing import InputError, parse_shape
from ui import widgets

# The answer depends only on the shape and the pinned versions, so ask Keras once per shape.
ask_keras = st.cache_data(declare_lstm_input, show_spinner=False)

st.title("The LSTM input layer")
st.markdown(
    "Every batch an LSTM reads is a 3D array. Each axis answers one question:"
)
for axis in (SAMPLES, TIMESTEPS, FEATURES):
    st.markdown(f"- <b style='color:{axis.colour}'>{axis.name}</b>: {axis.meaning}.", unsafe_allow_html=True)

st.subheader("Build an array and look at it")
c1, c2, c3 = st.columns(3)
# Bound to the URL, so a teacher's link opens the same array. Streamlit drops a bad value
# from the link silently, so read what the link said first and tell the learner.
first_visit = "input_layer_link_read" not in st.session_state
st.session_state["input_layer_link_read"] = True
linked_sizes = {name: st.query_params.get(name) if first_visit else None
                for name in ("samples", "timesteps", "features")}
samples = c1.slider("samples", 1, 6, 2, key="samples", bind="query-params")
timesteps = c2.slider("timesteps", 1, 12, 5, key="timesteps", bind="query-params")
features = c3.slider("features", 1, 4, 2, key="features", bind="query-params")
# Values that say where they are: sample 1, timestep 4, feature 2 → 1.42 (the 0.01s digit is the feature).
s, t, f = np.meshgrid(range(samples), range(timesteps), range(features), indexing="ij")
X = np.round(s + (t + 1) / 10 + (f + 1) / 100, 2)
for name, value in (("samples", samples), ("timesteps", timesteps), ("features", features)):
    linked = linked_sizes[name]
    if linked is not None and linked != str(value):
        st.info(f"The link's {name}={linked[:20]!r} is outside the slider's range, so {value} is used.")
widgets.shape_badge(X.shape, label="X.shape =")
widgets.array_view(X, key="input_layer_view")
st.caption("Each value spells out its place: the whole number is the sample, the first decimal the "
           "timestep (from 1), the second the feature (from 1).")

st.subheader("Declaring the input shape")
st.markdown(
    f"A model is told the shape of **one sample**: `({timesteps}, {features})`. The samples axis is "
    "left out because the same model must take 1 sample or 10,000; Keras writes it as `None`."
)
old, new = st.columns(2)
old.markdown("**In the tutorials (Keras 2 era)**")
old.code(f"model = Sequential()\nmodel.add(LSTM(32, input_shape=({timesteps}, {features})))\n"
         "model.add(Dense(1))", language="python")
old.caption("Keras 3 still runs this, with a warning that `input_shape` belongs in an `Input`.")
new.markdown("**Keras 3 today**")
new.code(f"import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n"
         f"    keras.Input(shape=({timesteps}, {features})),\n    layers.LSTM(32),\n    layers.Dense(1),\n])",
         language="python")
new.caption(f"model.input.shape is (None, {timesteps}, {features}): None stands for any number of samples.")

st.subheader("Try it: what if the samples go into the input shape?")
st.markdown("A common first attempt declares the whole array's shape. Type a shape and ask Keras.")
typed = st.text_input("keras.Input(shape=…)", value=format_shape(X.shape), key="input_layer_declared")
try:
    declared = parse_shape(typed, max_rank=5, max_elements=10**7)
except InputError as error:
    st.error(str(error))
    st.stop()
if st.button("Build the model in Keras", key="input_layer_build"):
    with st.spinner("Asking Keras (loading TensorFlow the first time takes a few seconds)…"):
        result = ask_keras(declared)
    if result.error:
        widgets.captured_error(
            result.error,
            f"Keras put its own samples axis in front of your {len(declared)} numbers, so the LSTM "
            f"was handed a {len(declared) + 1}D input `{format_shape((None, *declared))}`. "
            "An LSTM reads exactly 3D: declare only (timesteps, features)."
            if len(declared) != 2 else None,
        )
    else:
        st.success(f"Keras accepts it. The model expects batches of shape "
                   f"{format_shape(result.model_input)}, and the LSTM outputs {format_shape(result.lstm_output)}.")
        widgets.shape_badge(result.model_input, label="model.input.shape =")

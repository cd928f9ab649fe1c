import streamlit as st

from lessons.core import FEATURES, SAMPLES, TIMESTEPS, InputError, format_shape, parse_shape
# the probe imports Keras only when a model is built
from lessons.input_shape import ARRAY_SIZES, LSTM_UNITS, declare_lstm_input, output_explained, place_coded, place_of
from lessons import exercises
from ui import exercise, state, widgets

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
samples, timesteps, features = (
    column.slider(name, ARRAY_SIZES[name].low, ARRAY_SIZES[name].high, ARRAY_SIZES[name].default,
                  key=name, bind="query-params")
    for column, name in zip((c1, c2, c3), ("samples", "timesteps", "features"))
)
X = place_coded(samples, timesteps, features)  # every value spells out its own place
for name, value in (("samples", samples), ("timesteps", timesteps), ("features", features)):
    linked = linked_sizes[name]
    if linked is not None and linked != str(value):
        st.info(f"The link's {name}={linked[:20]!r} is outside the slider's range, so {value} is used.")
widgets.shape_badge(X.shape, label="X.shape =")
widgets.array_view(X, key="input_layer_view")
first, last = place_of(X[0, 0, 0]), place_of(X[-1, -1, -1])
st.caption(f"Each value spells out its place, counted from 1: the whole number is the sample, the next "
           f"two digits the timestep, the last digit the feature. X[0, 0, 0] is {X[0, 0, 0]:.3f} (sample "
           f"{first[0]}, timestep {first[1]}, feature {first[2]}); X[{samples - 1}, {timesteps - 1}, "
           f"{features - 1}] is {X[-1, -1, -1]:.3f} (sample {last[0]}, timestep {last[1]}, feature {last[2]}).")

exercise.guess_first(exercises.input_layer(X.shape, LSTM_UNITS), key="input_layer")

st.subheader("Declaring the input shape")
st.markdown(
    f"A model is told the shape of **one sample**: `({timesteps}, {features})`. The samples axis is "
    "left out because the same model must take 1 sample or 10,000; Keras writes it as `None`."
)
old, new = st.columns(2)
old.markdown("**In the tutorials (Keras 2 era)**")
old.code(f"model = Sequential()\nmodel.add(LSTM({LSTM_UNITS}, input_shape=({timesteps}, {features})))\n"
         "model.add(Dense(1))", language="python")
old.caption("Keras 3 still runs this, with a warning that `input_shape` belongs in an `Input`.")
new.markdown("**Keras 3 today**")
new.code(f"import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n"
         f"    keras.Input(shape=({timesteps}, {features})),\n    layers.LSTM({LSTM_UNITS}),\n    layers.Dense(1),\n])",
         language="python")
new.caption(f"model.input.shape is (None, {timesteps}, {features}): None stands for any number of samples. "
            f"LSTM({LSTM_UNITS}) has {LSTM_UNITS} units: for each sample it hands on {LSTM_UNITS} numbers, "
            "however many timesteps it reads. Units are not timesteps.")

st.subheader("Try it: what if the samples go into the input shape?")
st.markdown("A common first attempt declares the whole array's shape. Type a shape and ask Keras.")
typed = st.text_input("keras.Input(shape=…)", value=format_shape(X.shape), key="input_layer_declared")
try:
    declared = parse_shape(typed, max_rank=5, max_elements=10**7, kind="input")
except InputError as error:
    st.error(str(error))
    state.stop()
# Keras' answer stays on screen until the learner types a different shape.
if st.button("Build the model in Keras", key="input_layer_build"):
    st.session_state["input_layer_built"] = declared
if st.session_state.get("input_layer_built") == declared:
    with st.spinner("Asking Keras (loading TensorFlow the first time takes a few seconds)…"):
        result = ask_keras(declared, LSTM_UNITS)
    if result.error:
        widgets.captured_error(
            result.error,
            f"Keras put its own samples axis in front of your {len(declared)} numbers, so the LSTM "
            f"was handed a {len(declared) + 1}D input `{format_shape((None, *declared))}`. "
            "An LSTM reads exactly 3D: declare only (timesteps, features)."
            if len(declared) != 2 else None,
        )
    else:
        st.success(output_explained(declared, result))
        widgets.shape_badge(result.model_input, label="model.input.shape =")

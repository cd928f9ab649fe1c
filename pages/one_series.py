import numpy as np
import streamlit as st

from lessons.core import InputError, format_shape, parse_numbers, parse_shape, reshaping
from lessons import exercises
from ui import exercise, state, widgets

DEFAULT = np.round(np.arange(1, 11) / 10, 1)  # 0.1 … 1.0

st.title("One series, one feature")
st.markdown(
    "Ten numbers in a row are a 1D array. An LSTM cannot read that: it wants **samples**, "
    "**timesteps** and **features**. Here the whole series is *one* sample, each value a timestep, "
    "and there is *one* feature per timestep. Edit the numbers and watch every shape follow."
)

start = state.query_value("seq", DEFAULT, lambda text: parse_numbers(text, min_count=2))
values = widgets.numbers_input(
    "Your sequence", key="one_series_seq", default=start, min_count=2,
    help="Numbers separated by commas, spaces or new lines. Paste up to 100,000.",
)
state.set_query("seq", widgets.format_numbers(values))
n = values.size

exercise.guess_first(exercises.one_series(values), key="one_series")

st.subheader("1. The series as it is")
widgets.shape_badge((n,), ["timesteps"], label="data.shape =")
st.caption("One axis only: NumPy does not know yet that these values are timesteps of one feature.")

st.subheader("2. Pick the 3D shape")
auto = format_shape((1, n, 1))
if "one_series_shape" not in st.session_state:
    st.session_state["one_series_shape"] = (
        auto if state.link_is_bad() else state.query_value("shape", auto, lambda t: format_shape(parse_shape(t)))
    )
elif st.session_state["one_series_shape"] in st.session_state.get("one_series_shape_autos", set()):
    # A shape the page filled in, not one the learner chose: follow the length. Every shape filled
    # in so far counts, since a quick second edit can send back one the browser had not yet replaced.
    st.session_state["one_series_shape"] = auto
st.session_state.setdefault("one_series_shape_autos", set()).add(auto)
shape_text = st.text_input("Target shape", key="one_series_shape",
                           help="For example (1, 10, 1). Try one that does not fit, like (1, 10, 2).",
                           persist_state="session")
try:
    target = parse_shape(shape_text)
except InputError as error:
    st.error(f"{error} Using {auto} until the shape is fixed.")
    target = (1, n, 1)
state.set_query("shape", format_shape(target))

reshaped, error = reshaping.try_reshape(values, target)
if error:
    size = int(np.prod(target))
    widgets.captured_error(
        error,
        f"Your sequence has **{n:,}** values, but a {format_shape(target)} array has "
        f"**{size:,}** slots. A reshape only rearranges values; it never adds or drops one, so the "
        "product of the dimensions must equal the number of values.",
    )
    st.markdown("3D shapes that hold exactly your values, best first. Click one to use it.")

    def use(shape: tuple[int, ...]) -> None:
        st.session_state["one_series_shape"] = format_shape(shape)

    for suggestion in reshaping.three_d_shapes(n, limit=8):
        button_col, meaning_col = st.columns([1, 4], vertical_alignment="center")
        button_col.button(format_shape(suggestion.shape), key=f"use_{suggestion.shape}", on_click=use,
                          args=(suggestion.shape,))
        # The trap in words, not only in colour or an emoji a browser may not draw.
        meaning_col.markdown((":red[**Trap:**] " if suggestion.trap else "") + suggestion.meaning)
    state.stop()

st.subheader("3. The result")
# Only a 3D array has LSTM axes; other ranks get neutral names rather than misleading ones.
names = None if reshaped.ndim == 3 else [f"axis {i}" for i in range(reshaped.ndim)]
widgets.shape_badge(reshaped.shape, names, label="X.shape =")
st.code(f"import numpy as np\n\ndata = np.array([{widgets.format_numbers(values[:12])}"
        f"{', …' if n > 12 else ''}])\n{reshaping.reshape_code('X', target).replace('X = X', 'X = data')}",
        language="python")
verdict = reshaping.lstm_accepts(reshaped.shape)
if verdict.accepted:
    timesteps, features = reshaped.shape[1:]
    st.markdown("The model declares one sample's shape — the samples axis is left out:")
    st.code(f"inputs = keras.Input(shape=({timesteps}, {features}))", language="python")
    (st.warning if verdict.trap else st.success)(verdict.reason)
    if not verdict.trap:  # a trap's verdict already says what the shape hides
        st.caption(reshaping.describe_3d(reshaped.shape).meaning)
else:
    st.warning(f"NumPy accepted {format_shape(target)}, but an LSTM would not: {verdict.reason}")
widgets.array_view(reshaped, names, key="one_series_view")

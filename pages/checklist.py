import numpy as np
import streamlit as st

from lessons import checklist, reshaping
from lessons.axes import format_shape
from lessons.parsing import InputError, parse_shape
from ui import widgets

st.title("Checklist")
st.markdown("The rules of LSTM input, each with something to try. Answers come from the rule itself.")

st.subheader("1. The input is always 3D")
st.markdown("Would an LSTM take each of these arrays as a batch? Decide, then reveal.")
for shape, story in checklist.QUIZ_SHAPES:
    left, mid, right = st.columns([3, 2, 4])
    with left:
        widgets.shape_badge(shape, [f"axis {i}" for i in range(len(shape))] if len(shape) != 3 else None)
        st.caption(story)
    guess = mid.segmented_control("Accepted?", ["yes", "no"], key=f"quiz_{shape}", label_visibility="collapsed")
    if guess:
        accepted, reason = checklist.quiz_answer(shape)
        # Words, not emoji: a browser without an emoji font would draw empty boxes.
        right.markdown((":green[**Right.**] " if (guess == "yes") == accepted else ":red[**Not quite.**] ") + reason)

st.subheader("2. Samples, timesteps, features: name them")
for i, story in enumerate(checklist.STORIES):
    st.markdown(story.text)
    cols = st.columns(4)
    guess = tuple(int(c.number_input(n, min_value=1, max_value=10**6, value=1, key=f"story_{i}_{n}"))
                  for c, n in zip(cols, ("samples", "timesteps", "features")))
    if cols[3].button("Check", key=f"story_{i}_check"):
        wrong = checklist.check_story(story, guess)
        (st.success if not wrong else st.warning)(
            f"Right. {story.why}" if not wrong else f"Not yet: look again at the {', '.join(wrong)}.")

st.subheader("3. The model's input shape leaves the samples out")
data_shape = (32, 10, 3)
st.markdown(f"Your data `X` has shape `{format_shape(data_shape)}`. What goes in `keras.Input(shape=…)`?")
typed = st.text_input("shape", value="(32, 10, 3)", key="check_input_shape")
try:
    ok, message = checklist.input_shape_feedback(parse_shape(typed), data_shape)
    (st.success if ok else st.warning)(message)
except InputError as error:
    st.error(str(error))

st.subheader("4. Any number of samples, 1 or more")
count = st.slider("samples in the batch", 1, 64, 1, key="check_samples")
widgets.shape_badge((count, 10, 3), label="X.shape =")
st.caption("The model declared (10, 3) takes every one of these batches unchanged.")

st.subheader("5. reshape() keeps the number of values")
values = np.arange(1, 13, dtype=float)
st.markdown(f"`data = np.arange(1, 13)` holds {values.size} values. Reshape it into something 3D.")
typed = st.text_input("target shape", value="(1, 12, 1)", key="check_reshape")
try:
    target = parse_shape(typed)
except InputError as error:
    st.error(str(error))
    st.stop()
reshaped, error = reshaping.try_reshape(values, target)
if error:
    widgets.captured_error(error, f"{format_shape(target)} has {int(np.prod(target))} slots for "
                           f"{values.size} values. Shapes that fit: "
                           + ", ".join(format_shape(s) for s in reshaping.three_d_shapes(values.size, 6)) + ".")
else:
    verdict = reshaping.lstm_accepts(reshaped.shape)
    (st.success if verdict.accepted else st.warning)(
        f"NumPy made {format_shape(reshaped.shape)}. LSTM: {verdict.reason}")

import numpy as np
import streamlit as st

from lessons.core import InputError, format_shape, parse_shape, reshaping
from lessons.input_shape import checklist
from ui import state, widgets

TONE_COLOURS = {checklist.RIGHT: "green", checklist.WRONG: "red", checklist.PARTLY: "orange"}


def suggestion_line(suggestion: reshaping.ShapeSuggestion) -> str:
    """One suggested shape as a list item: the shape, the trap in words, what it means."""
    trap = ":red[**Trap:**] " if suggestion.trap else ""
    return f"- `{format_shape(suggestion.shape)}` — {trap}{suggestion.meaning}"


st.title("Checklist")
st.markdown("The rules of LSTM input, each with something to try. Answers come from the rule itself.")

st.subheader("1. The input is always 3D")
st.markdown("Would an LSTM take each of these arrays as a batch? Decide, then reveal.")
for shape, story in checklist.QUIZ_SHAPES:
    left, mid, right = st.columns([3, 2, 4])
    with left:
        widgets.shape_badge(shape, [f"axis {i}" for i in range(len(shape))] if len(shape) != 3 else None)
        st.caption(story)
    guess = mid.segmented_control("Accepted?", ["yes", "no"], key=f"quiz_{shape}", label_visibility="collapsed",
                                  persist_state="session")
    if guess:
        feedback = checklist.quiz_feedback(shape, guess == "yes")
        # Words, not emoji: a browser without an emoji font would draw empty boxes.
        right.markdown(f":{TONE_COLOURS[feedback.tone]}[**{feedback.heading}**] {feedback.text}")

st.subheader("2. Samples, timesteps, features: name them")
for i, story in enumerate(checklist.STORIES):
    st.markdown(story.text)
    cols = st.columns(4)
    guess = tuple(int(c.number_input(n, min_value=1, max_value=10**6, value=1, key=f"story_{i}_{n}",
                                     persist_state="session"))
                  for c, n in zip(cols, ("samples", "timesteps", "features")))
    # The verdict stays until the learner changes the answer it judged.
    if cols[3].button("Check", key=f"story_{i}_check"):
        st.session_state[f"story_{i}_checked"] = guess
    if st.session_state.get(f"story_{i}_checked") == guess:
        wrong = checklist.check_story(story, guess)
        (st.success if not wrong else st.warning)(
            f"Right. {story.why}" if not wrong else f"Not yet: look again at the {', '.join(wrong)}.")

st.subheader("3. The model's input shape leaves the samples out")
data_shape = (32, 10, 3)
st.markdown(f"Your data `X` has shape `{format_shape(data_shape)}`. What goes in `keras.Input(shape=…)`?")
typed = st.text_input("shape", value=format_shape(data_shape), key="check_input_shape", persist_state="session",
                      bind="query-params")
try:
    ok, message = checklist.input_shape_feedback(parse_shape(typed, kind="input"), data_shape)
    (st.success if ok else st.warning)(message)
except InputError as error:
    st.error(str(error))

st.subheader("4. Any number of samples, 1 or more")
count = st.slider("samples in the batch", 1, 64, 1, key="check_samples", persist_state="session",
                  bind="query-params")
one_sample = data_shape[1:]
widgets.shape_badge((count, *one_sample), label="X.shape =")
st.caption(f"The model declared {format_shape(one_sample)} takes every one of these batches unchanged.")

st.subheader("5. reshape() keeps the number of values")
values = np.arange(1, 13, dtype=float)
st.markdown(f"`data = np.arange({values[0]:g}, {values[-1] + 1:g})` holds {values.size} values. "
            "Reshape it into something 3D.")
typed = st.text_input("target shape", value=format_shape((1, values.size, 1)), key="check_reshape",
                      persist_state="session", bind="query-params")
try:
    target = parse_shape(typed)
except InputError as error:
    st.error(str(error))
    state.stop()
reshaped, error = reshaping.try_reshape(values, target)
if error:
    widgets.captured_error(error, f"{format_shape(target)} has {int(np.prod(target)):,} slots for "
                           f"{values.size} values. 3D shapes that fit, best first:")
    st.markdown("\n".join(suggestion_line(s) for s in reshaping.three_d_shapes(values.size, 6)))
else:
    verdict = reshaping.lstm_accepts(reshaped.shape)
    (st.success if verdict.accepted and not verdict.trap else st.warning)(
        f"NumPy made {format_shape(reshaped.shape)}. LSTM: {verdict.reason}")
    if verdict.accepted and not verdict.trap:  # a trap's verdict already says what the shape hides
        st.caption(reshaping.describe_3d(reshaped.shape).meaning)

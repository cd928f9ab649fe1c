import streamlit as st

from lessons.forecasting.figures import expected_text, numbers_text
from lessons.forecasting import lessons_on_page
from ui import forecast

lessons = lessons_on_page("multi_step")
first = lessons[0]

st.title("Multi-step models")
st.markdown(
    f"Forecast more than one step at once: from {numbers_text(first.test_input)} predict "
    f"{expected_text(first).replace(', ', ' **and** ')}. The windows now have an input part (n_in) "
    "and an output part (n_out). Two ways to produce several outputs:"
)
st.markdown(
    "- **Vector output**: a Dense layer with n_out units gives all steps as one flat vector; y is 2D "
    "[samples, n_out].\n"
    "- **Encoder-decoder**: one LSTM reads the input, RepeatVector hands its summary to a second LSTM "
    "once per output step, and a TimeDistributed Dense gives one value per step; y is 3D "
    "[samples, n_out, 1]."
)
forecast.lesson_tabs(lessons, page="multi_step", preparation="Data preparation")

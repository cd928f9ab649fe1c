import streamlit as st

from lessons.forecasting import lessons_on_page
from ui import forecast

st.title("Multi-step models")
st.markdown(
    "Forecast more than one step at once: from 70, 80, 90 predict 100 **and** 110. The windows now "
    "have an input part (n_in) and an output part (n_out). Two ways to produce several outputs:"
)
st.markdown(
    "- **Vector output**: a Dense layer with n_out units gives all steps as one flat vector; y is 2D "
    "[samples, n_out].\n"
    "- **Encoder-decoder**: one LSTM reads the input, RepeatVector hands its summary to a second LSTM "
    "once per output step, and a TimeDistributed Dense gives one value per step; y is 3D "
    "[samples, n_out, 1]."
)
forecast.lesson_tabs(lessons_on_page("multi_step"), page="multi_step", preparation="Data preparation")

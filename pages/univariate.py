import streamlit as st

from lessons.forecasting import lessons_on_page
from ui import forecast

st.title("Univariate models")
st.markdown(
    "One series, 10, 20, … 90, and one question: given the last few values, what comes next? "
    "An LSTM cannot read the series as it is. It learns from **samples**, so the series is first cut "
    "into overlapping windows: each window is the input, the value after it the target. Then each "
    "LSTM variant wants those windows in its own shape: 3D for most, 4D for the CNN-LSTM, 5D for "
    "the ConvLSTM. Every model here should answer about **100** for the input 70, 80, 90."
)
st.caption(
    "Start with *Data preparation* to watch the windows being cut, then open a variant. "
    "Every tab trains a real Keras model; results stay when you visit another page."
)
forecast.lesson_tabs(lessons_on_page("univariate"), page="univariate", preparation="Data preparation")

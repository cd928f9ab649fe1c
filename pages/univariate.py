import streamlit as st

from lessons.forecasting.figures import expected_text, numbers_text
from lessons.forecasting import lessons_on_page
from ui import forecast

lessons = lessons_on_page("univariate")
vanilla = lessons[0]

st.title("Univariate models")
st.markdown(
    f"One series, {numbers_text(vanilla.data)}, and one question: given the last few values, what "
    "comes next? An LSTM cannot read the series as it is. It learns from **samples**, so the series is "
    "first cut into overlapping windows: each window is the input, the value after it the target. Then "
    "each LSTM variant wants those windows in its own shape: 3D for most, 4D for the CNN-LSTM, 5D for "
    f"the ConvLSTM. Every model here should answer about **{expected_text(vanilla)}** for the input "
    f"{numbers_text(vanilla.test_input)}."
)
st.caption(
    "Start with *Data preparation* to watch the windows being cut, then open a variant. The data is "
    "shared by every tab. Every tab trains a real Keras model; results stay when you visit another page."
)
forecast.lesson_tabs(lessons, page="univariate", preparation="Data preparation")

import streamlit as st

from lessons.forecasting import lessons_on_page
from ui import forecast

st.title("Multivariate multi-step models")
st.markdown(
    "Several series in, several steps out: the two ideas of the previous pages together, on the same "
    "table of in1, in2 and out = in1 + in2."
)
st.markdown(
    "- **Multiple input, multi-step output**: read in1 and in2, predict out on the last row read and "
    "the row after it (expected 185, 205).\n"
    "- **Multiple parallel input, multi-step output**: read all three columns, predict the next two "
    "rows of all three (expected [90, 95, 185] then [100, 105, 205]). The target is 3D "
    "[samples, steps, series], which the encoder-decoder's output matches exactly."
)
forecast.lesson_tabs(lessons_on_page("multivariate_multi_step"), page="multivariate_multi_step")

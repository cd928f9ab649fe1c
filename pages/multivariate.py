import streamlit as st

from lessons.forecasting import lessons_on_page
from ui import forecast

st.title("Multivariate models")
st.markdown(
    "Now there are several series side by side: in1 = 10, 20, … 90, in2 = 15, 25, … 95, and "
    "out = in1 + in2. Each series becomes a **feature**, so a window is a block of rows × columns "
    "and X is 3D straight away."
)
st.markdown(
    "- **Multiple input series**: read in1 and in2, predict out. The target is out on the *last row "
    "the model reads*, not the row after it, so this is really learning a sum (expected 205).\n"
    "- **Multiple parallel series**: read all three columns, predict the next row of all three "
    "(expected 100, 105, 205)."
)
forecast.lesson_tabs(lessons_on_page("multivariate"), page="multivariate")

import streamlit as st

from lessons.forecasting.figures import expected_text, numbers_text
from lessons.forecasting import lessons_on_page
from ui import forecast

multiple_input, parallel = lessons_on_page("multivariate")
in1, in2, out = multiple_input.data.T

st.title("Multivariate models")
st.markdown(
    f"Now there are several series side by side: in1 = {numbers_text(in1)}, in2 = {numbers_text(in2)}, "
    "and out = in1 + in2. Each series becomes a **feature**, so a window is a block of rows × columns "
    "and X is 3D straight away."
)
st.markdown(
    "- **Multiple input series**: read in1 and in2, predict out. The target is out on the *last row "
    "the model reads*, not the row after it, so this is really learning a sum "
    f"(expected {expected_text(multiple_input)}).\n"
    "- **Multiple parallel series**: read all three columns, predict the next row of all three "
    f"(expected {expected_text(parallel)})."
)
forecast.lesson_tabs([multiple_input, parallel], page="multivariate")

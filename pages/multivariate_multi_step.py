import streamlit as st

from lessons.forecasting.figures import expected_text
from lessons.forecasting import lessons_on_page
from ui import forecast

multiple_input, parallel = lessons_on_page("multivariate_multi_step")
later = multiple_input.n_out - 1  # target rows after the last row read

st.title("Multivariate multi-step models")
st.markdown(
    "Several series in, several steps out: the two ideas of the previous pages together, on the same "
    "table of in1, in2 and out = in1 + in2."
)
st.markdown(
    "- **Multiple input, multi-step output**: read in1 and in2, predict out on the last row read and "
    f"the {'row' if later == 1 else f'{later} rows'} after it (expected {expected_text(multiple_input)}).\n"
    "- **Multiple parallel input, multi-step output**: read all three columns, predict the next "
    f"{parallel.n_out} rows of all three (expected {expected_text(parallel)}). The target is 3D "
    "[samples, steps, series], which the encoder-decoder's output matches exactly."
)
forecast.lesson_tabs([multiple_input, parallel], page="multivariate_multi_step")

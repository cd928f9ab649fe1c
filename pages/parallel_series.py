import streamlit as st

from lessons.core import format_shape, plural, reshaping
from lessons.input_shape import parallel
from lessons import exercises
from ui import exercise, state, widgets

st.title("Parallel series as features")
st.markdown(
    "Two sensors read at the same moments give two series that run **in parallel**. Put them side "
    "by side as columns: each row is one moment (a **timestep**) and each column is one "
    "**feature**. The whole table is then one **sample**. Edit the table, add or remove a series."
)

start = state.query_value("series", parallel.default_frame(), parallel.frame_from_link)
frame = widgets.table_input("Your parallel series (one column each)", key="parallel_table",
                            default=start, min_rows=1, max_rows=10_000, max_columns=12)
state.set_query("series", parallel.frame_to_link(frame))
table = frame.to_numpy()
rows, series = table.shape

exercise.guess_first(exercises.parallel_series(rows, series), key="parallel")

st.subheader("The table")
widgets.shape_badge(table.shape, ["timesteps", "features"], label="data.shape =")

right = parallel.as_features(table)
wrong = parallel.as_timesteps_wrong_turn(table)
left_col, right_col = st.columns(2)
with left_col:
    st.subheader(":green[Right] — series as features")
    widgets.shape_badge(right.shape, label="X.shape =")
    st.code(f"X = data.reshape((1, {rows}, {series}))\ninputs = keras.Input(shape=({rows}, {series}))",
            language="python")
    st.markdown(f"The LSTM takes **{plural(rows, 'step')}**, and at each step it sees the {series} "
                f"series' values *at that moment* together. Timestep 0 is row 0: "
                f"`{format_shape(tuple(round(v, 4) for v in table[0]))}`.")
    if right.shape[1] == 1:
        st.warning("With one row there is one timestep: the LSTM sees a single moment and has no order "
                   "to learn from. Add rows, one per moment, to give it a sequence.")
with right_col:
    st.subheader(":red[Wrong turn] — series as timesteps")
    widgets.shape_badge(wrong.shape, label="X.shape =")
    st.code(f"X = np.array([series_1, series_2, …]).reshape((1, {series}, {rows}))\n"
            f"inputs = keras.Input(shape=({series}, {rows}))", language="python")
    st.markdown(f"Same numbers, but now the LSTM takes only **{plural(series, 'step')}**, and step 0 "
                f"holds all {plural(rows, 'value')} of the first series at once. Time runs across the "
                "features, where the LSTM cannot see it as time at all.")
    wrong_verdict = reshaping.lstm_accepts(wrong.shape)
    if wrong_verdict.caveat:  # one series: a single timestep holding the whole series
        st.warning(wrong_verdict.caveat)

# One picture above the other, at the page's full width: side by side, a wide table's cards
# would not fit a laptop screen, and the two are easiest to compare row against row.
st.markdown(":green[**Series as features**] — what the LSTM reads, one card per sample:")
widgets.array_view(right, key="parallel_right")
st.markdown(":red[**Series as timesteps**] — the same numbers, with time in the features:")
widgets.array_view(wrong, key="parallel_wrong")

st.info(
    f"Both arrays hold the same {table.size} numbers and both run in Keras — nothing warns you. "
    f"Ask: *what changes from one step to the next?* Here it is time, so time must be the "
    f"timesteps axis: {format_shape(right.shape)}."
)

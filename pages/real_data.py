import numpy as np
import streamlit as st

from lessons import real_data as rd
from lessons.parsing import InputError
from ui import widgets

st.title("From a real table to 3D")
st.markdown(
    "A real question: *1,000 time series, each 3,125 steps long, each labelled with one of three "
    "classes — how do I feed that to an LSTM?* The table is 2D, (series, steps). The LSTM wants "
    "(samples, timesteps, features), and the first decision is **what one sample is**. Below are "
    "the framings people try, built from real arrays, with what each one costs."
)


@st.cache_data(show_spinner="Generating 1,000 series…")
def generated(seed: int) -> tuple[np.ndarray, np.ndarray]:
    return rd.generate_series(seed=seed)


GENERATED, UPLOAD = "Generated: 1,000 series in three classes", "Your own CSV"
source = st.radio("Data", [GENERATED, UPLOAD], horizontal=True, key="real_data_source", persist_state="session")
labels = None
if source == GENERATED:
    series, labels = generated(rd.DEFAULT_SEED)
    st.plotly_chart(rd.examples_figure(series, labels), key="real_data_examples")
    st.caption("Made from a seed on the spot (no data set ships with the app): slow waves, fast waves and a "
               "wandering drift, all noisy, each series starting at a random phase.")
else:
    uploaded = st.file_uploader(f"A CSV of numbers (up to {rd.MAX_UPLOAD_MB} MB, {rd.MAX_CELLS:,} cells)",
                                type=["csv", "txt"], key="real_data_upload")
    layout = st.radio("In your table", ["columns", "rows"], horizontal=True, key="real_data_layout",
                      format_func=lambda v: f"each {v[:-1]} is one series", persist_state="session")
    if uploaded is not None:
        try:
            st.session_state["real_data_table"] = (uploaded.name, rd.parse_csv(uploaded.getvalue()))
        except InputError as error:
            kept = st.session_state.get("real_data_table")
            st.error(f"{uploaded.name}: {error}" + (f" Showing your last good file, {kept[0]}." if kept else ""))
    if "real_data_table" not in st.session_state:
        st.info("Upload a CSV: one column per series and one row per timestep (or the other way round). "
                "Text columns, gaps, and a single row are refused with a note on what to fix.")
        st.download_button("Sample CSV (12 generated series × 400 steps)",
                           rd.csv_bytes(generated(rd.DEFAULT_SEED)[0][:12, :400]), "sample_series.csv")
        st.stop()
    name, table = st.session_state["real_data_table"]
    series = rd.table_to_series(table, layout)
    st.markdown(f"**{name}**: {table.shape[0]:,} rows × {table.shape[1]:,} columns → "
                f"{series.shape[0]:,} series of {series.shape[1]:,} steps. No labels, so no training: "
                "the framings are what matter here.")

n_series, length = series.shape
widgets.shape_badge(series.shape, ["series", "steps"], label="table.shape =")
window_default, chunk_default = rd.fitting_sizes(length)
sizes = st.columns(2)
window = int(sizes[0].number_input("Rolling window (steps)", 1, length, window_default, key=f"real_data_window_{length}"))
chunk = int(sizes[1].number_input("Chunk (steps)", 1, length, chunk_default, key=f"real_data_chunk_{length}"))

st.subheader("1. The framings, side by side")
try:
    framings = rd.framings(series, window, chunk)
except InputError as error:
    st.error(f"{error} Each series needs at least 2 steps: try the other layout of the table.")
    st.stop()
for row in (framings[:2], framings[2:4], framings[4:]):
    for column, framing in zip(st.columns(2), row):
        with column.container(border=True):
            st.markdown(f"**{framing.title}**")
            widgets.shape_badge(framing.shape, ["samples", "timesteps", "features"], label="X.shape =")
            st.markdown(f"One sample: {framing.one_sample}. Its label: {framing.label}.")
            st.markdown(f"Memory: {framing.memory_text}")
            st.code(framing.code, language="python")
            st.caption(framing.note)

st.subheader("2. Why `reshape` cannot make rolling windows")
count = rd.reshape_versus_windows(length, window)
st.markdown(
    f"One series has **{count.have:,}** values. Its {rd.window_count(length, window):,} windows of {window} "
    f"hold **{count.need:,}** values together, because every value sits in up to {window} windows. A reshape "
    "only rearranges values — it never repeats one — so NumPy refuses:"
)
if count.error is not None:
    widgets.captured_error(count.error, "The tool that can is `sliding_window_view`: it makes every window "
                           "a *view* of the same memory, each window starting one value after the last, so it copies nothing.")
else:
    st.info(f"With a window of {window}, every window is the whole series, so here the counts happen to match.")
st.code(f"from numpy.lib.stride_tricks import sliding_window_view\n\nwindows = sliding_window_view(series, {window})"
        f"  # shape ({rd.window_count(length, window):,}, {window}), no copy\n\n# the tutorials' loop: "
        f"{rd.window_count(length, window):,} slices, then one big copy\nrows = [series[i:i + {window}] for i in "
        f"range(len(series) - {window - 1})]\nwindows = np.array(rows)", language="python")
st.caption("`benchmarks/bench_windows.py` times both at 10³ … 10⁶ values: the view takes microseconds "
           "and no memory; the loop grows with the data in both.")

st.subheader("3. Train a small classifier on one framing")
if labels is None:
    st.info("Training needs labels: switch to the generated data to train.")
    st.stop()
pick, how_long = st.columns([3, 1])
choice = pick.selectbox("Framing", [f.key for f in framings], index=rd.FRAMING_KEYS.index(rd.CHUNKS),
                        key="real_data_framing", persist_state="session",
                        format_func={f.key: f.title for f in framings}.get)
epochs = int(how_long.number_input("Epochs", 1, rd.MAX_EPOCHS, rd.default_epochs(choice),
                                   key=f"real_data_epochs_{choice}"))
st.markdown(f"LSTM({rd.CLASSIFIER_UNITS}) → Dense(3, softmax) on 800 series; 200 series are held out. Windows "
            f"and chunks: {rd.SAMPLES_PER_SERIES} random ones per training series; a held-out series is judged "
            f"by averaging its samples' outputs. Whole series take the longest: {length:,} steps per sample.")
if st.button("Train", type="primary", key="real_data_train"):
    with widgets.training_progress(epochs, key="real_data_progress", loss_name="cross-entropy") as progress:
        run = rd.train_classifier(choice, series, labels, window=window, chunk=chunk, epochs=epochs,
                                  on_progress=progress.on_progress, on_wait=progress.on_wait)
    st.session_state.setdefault("real_data_runs", {})[choice] = run
for key, run in st.session_state.get("real_data_runs", {}).items():
    title = next((f.title for f in framings if f.key == key), key)
    with st.container(border=True):
        st.markdown(f"**{title}** — trained on X {run.train_shape}, tested on X {run.test_shape}, "
                    f"{run.epochs} epochs in {run.seconds:.0f} s.")
        left, right = st.columns(2)
        left.metric("Held-out series right", f"{run.series_accuracy:.1%}")
        right.metric("Held-out samples right", f"{run.sample_accuracy:.1%}")
        st.dataframe(rd.confusion_frame(run), key=f"real_data_confusion_{key}")

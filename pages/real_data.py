import numpy as np
import pandas as pd
import streamlit as st

from lessons import real_data as rd
from lessons.core import InputError, format_shape
from ui import state, widgets

st.title("From a real table to 3D")
st.markdown(
    f"A real question: *{rd.N_SERIES:,} time series, each {rd.LENGTH:,} steps long, each labelled with one of "
    f"{len(rd.CLASS_NAMES)} classes — how do I feed that to an LSTM?* The table is 2D, (series, steps). The "
    "LSTM wants (samples, timesteps, features), and the first decision is **what one sample is**. Below are "
    "the framings people try, built from real arrays, with what each one costs."
)


@st.cache_data(show_spinner=f"Generating {rd.N_SERIES:,} series…")
def generated(seed: int) -> tuple[np.ndarray, np.ndarray]:
    return rd.generate_series(seed=seed)


@st.cache_data(max_entries=4, show_spinner="Reading your CSV…")
def parsed_csv(file_id: str, name: str, size: int, _data: bytes) -> pd.DataFrame:
    """A file is parsed once, not on every rerun: keyed by its upload, its bytes are not hashed."""
    return rd.parse_csv(_data)


GENERATED, UPLOAD = f"Generated: {rd.N_SERIES:,} series in {len(rd.CLASS_NAMES)} classes", "Your own CSV"
SAMPLE_SERIES, SAMPLE_STEPS = 12, 400  # the sample CSV offered to download: small enough to open anywhere
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
    named_table = state.good_value("real_data_table", None)
    if uploaded is not None:
        def read() -> tuple[str, pd.DataFrame]:
            try:
                return uploaded.name, parsed_csv(uploaded.file_id, uploaded.name, uploaded.size, uploaded.getvalue())
            except InputError as error:
                raise InputError(f"{uploaded.name}: {error}") from None

        named_table = state.last_good("real_data_table", read, None, lambda kept: f"file, {kept[0]}")
    if named_table is None:
        st.info("Upload a CSV: one column per series and one row per timestep (or the other way round). "
                "Text columns, gaps, and a single row are refused with a note on what to fix.")
        st.download_button(f"Sample CSV ({SAMPLE_SERIES} generated series × {SAMPLE_STEPS} steps)",
                           rd.csv_bytes(generated(rd.DEFAULT_SEED)[0][:SAMPLE_SERIES, :SAMPLE_STEPS]),
                           "sample_series.csv")
        st.stop()
    name, table = named_table
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
            widgets.shape_badge(framing.shape, label="X.shape =")  # 3D: samples, timesteps, features
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

st.subheader("3. Train a small classifier: every framing on the same budget")
if labels is None:
    st.info("Training needs labels: switch to the generated data to train.")
    st.stop()
titles = {f.key: f.title for f in framings}
train_rows, test_rows = rd.split_series(n_series)
baseline = rd.majority_baseline(labels)
st.markdown(
    f"LSTM({rd.CLASSIFIER_UNITS}) → Dense({len(rd.CLASS_NAMES)}, softmax), the same for every framing: Adam "
    f"(learning rate {rd.CLASSIFIER_LEARNING_RATE}, gradients clipped to norm {rd.CLASSIFIER_CLIPNORM:g}) on "
    f"{len(train_rows):,} series; "
    f"{len(test_rows):,} series are held out. Windows and chunks: {rd.SAMPLES_PER_SERIES} random ones per "
    "training series; a held-out series is judged by averaging its samples' outputs."
)
updates = int(st.number_input(
    "Updates for every framing (mini-batch steps)", rd.MIN_UPDATES, rd.MAX_UPDATES, rd.DEFAULT_UPDATES, step=10,
    key="real_data_updates", persist_state="session",  # the runs below are compared at this budget
    help="One update = one Adam step on one mini-batch. Every framing trains exactly this many.",
))
try:
    plans = rd.budget_plans(n_series, length, updates, window, chunk)
except InputError as error:
    st.error(str(error))
    st.stop()
batch = plans[rd.SERIES].batch
per_epoch = {key: plan.updates_per_epoch for key, plan in plans.items()}
most, fewest = max(per_epoch, key=per_epoch.get), min(per_epoch, key=per_epoch.get)
st.markdown(
    f"**Every framing trains exactly {updates:,} updates** of {batch} samples each, so each sees "
    f"{plans[rd.SERIES].samples_seen:,} training samples. The epochs differ, and that is why the budget is "
    f"counted in updates: an epoch of *{titles[most]}* is {per_epoch[most]} updates, of *{titles[fewest]}* only "
    f"{per_epoch[fewest]}, so equal epochs would give one framing {per_epoch[most] / per_epoch[fewest]:.1f}× "
    "the training of another."
)
st.dataframe(rd.budget_frame(plans, framings), hide_index=True, key="real_data_budget")
st.markdown(
    "Same updates is not the same time: an update walks every sample's timesteps one after another, so a "
    f"whole-series update ({length:,} timesteps) costs far more than any other. The default of "
    f"{rd.DEFAULT_UPDATES} updates is sized so that whole series, the slowest framing, train in about "
    f"{rd.DEFAULT_WAIT_SECONDS} s on {rd.MEASURED_ON} (longer while others train). We keep the budget equal "
    "rather than give the slow framing more: raise it, and every framing gets more."
)
pick, one, every = st.columns([3, 1, 1], vertical_alignment="bottom")
choice = pick.selectbox("Framing", [f.key for f in framings], index=rd.FRAMING_KEYS.index(rd.CHUNKS),
                        key="real_data_framing", persist_state="session", format_func=titles.get)
train_one = one.button("Train", type="primary", key="real_data_train")
train_all = every.button(f"Train all {len(framings)}", key="real_data_train_all")
runs = st.session_state.setdefault("real_data_runs", {})
for key in [f.key for f in framings] if train_all else [choice] if train_one else []:
    with widgets.training_progress(plans[key].epochs, key=f"real_data_progress_{key}",
                                   loss_name="cross-entropy") as progress:
        runs[key] = rd.train_classifier(key, series, labels, window=window, chunk=chunk, updates=updates,
                                        on_progress=progress.on_progress, on_wait=progress.on_wait)

compared = [runs[key] for key in rd.FRAMING_KEYS if key in runs and runs[key].updates == updates]
elsewhere = [run for run in runs.values() if run.updates != updates]
if elsewhere:
    st.caption("Trained at another budget, so left out of this comparison: "
               + ", ".join(f"{titles.get(run.framing, run.framing)} ({run.updates:,} updates)" for run in elsewhere)
               + ". Set that budget again to see them, or train them at this one.")
if not compared:
    st.stop()
st.markdown(
    f"**{len(compared)} of {len(framings)} framings trained, each exactly {compared[0].updates:,} updates, "
    f"{compared[0].samples_seen:,} samples seen.** The yardstick: always answering *{baseline.name}*, the most "
    f"common class among the {baseline.series:,} held-out series, gets {baseline.share:.1%} of them right. "
    "A framing has learned something only above that."
)
st.dataframe(rd.comparison_frame(compared, titles), hide_index=True, key="real_data_comparison")
st.plotly_chart(rd.losses_figure(compared, titles), key="real_data_losses")
by_key = {run.framing: run for run in compared}
if rd.SERIES in by_key:
    whole = by_key[rd.SERIES]
    quickest = min(compared, key=lambda run: run.train_seconds)
    note = (f"Whole series: {whole.updates:,} updates took {whole.train_seconds:.0f} s here, "
            f"{whole.train_seconds / quickest.train_seconds:.0f}× as long as *{titles[quickest.framing]}* "
            f"({quickest.train_seconds:.1f} s), because every sample walks {whole.train_shape[1]:,} steps.")
    if quickest is whole:
        note = f"Whole series: {whole.updates:,} updates took {whole.train_seconds:.0f} s here."
    if rd.still_falling(whole.losses):
        note += (f" Its last epoch's loss, {whole.losses[-1]:.3f}, was its lowest yet: it was still learning when "
                 "the budget ran out, so its score says what it reaches in this budget, not what it can reach.")
    st.markdown(note)
if rd.ASKER in by_key:
    st.markdown(
        f"*{titles[rd.ASKER]}* can score well on these series and still be the wrong framing: with one timestep "
        f"its LSTM is a dense layer over {length:,} inputs that never learns which step follows which, and it "
        f"takes only series of exactly {length:,} steps."
    )
for run in compared:
    with st.container(border=True):
        st.markdown(f"**{titles.get(run.framing, run.framing)}** — trained on X {format_shape(run.train_shape)}, "
                    f"tested on X {format_shape(run.test_shape)}: {run.updates:,} updates ({run.plan.epochs_text}), "
                    f"{run.samples_seen:,} samples seen, {run.train_seconds:.1f} s of training.")
        left, middle, right = st.columns(3)
        left.metric("Held-out series right", f"{run.series_accuracy:.1%}",
                    f"{(run.series_accuracy - run.baseline.share) * 100:+.1f} points over the baseline")
        middle.metric("Held-out samples right", f"{run.sample_accuracy:.1%}")
        right.metric(f"Baseline: always '{run.baseline.name}'", f"{run.baseline.share:.1%}")
        st.dataframe(rd.confusion_frame(run), key=f"real_data_confusion_{run.framing}")

import numpy as np
import pandas as pd
import streamlit as st

from lessons import engine
from lessons import real_data as rd
from lessons.core import InputError, format_shape, plural
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


@st.cache_data(max_entries=8, show_spinner="Reading your CSV…")
def text_table(file_id: str, name: str, size: int, _data: bytes) -> pd.DataFrame:
    """A table of text cells (ids, dates, labels and numbers), read once per upload."""
    return rd.read_table(_data)


@st.cache_data(max_entries=8, show_spinner="Pivoting your table…")
def pivoted(file_id: str, id_column: str, order_column: str, channels: tuple[str, ...], unequal: str,
            _table: pd.DataFrame) -> rd.Pivot:
    return rd.pivot_long(_table, id_column, order_column, channels, unequal)


@st.cache_data(max_entries=8, show_spinner=False)
def row_series(file_id: str, columns: tuple[str, ...], _table: pd.DataFrame) -> np.ndarray:
    return rd.numeric_columns(_table, list(columns))


def read_upload(upload, key: str, reader) -> tuple[str, pd.DataFrame] | None:
    """The upload read by `reader`, or the last good one (with a message) while it is bad."""
    named = state.good_value(key, None)
    if upload is not None:
        def read() -> tuple[str, pd.DataFrame]:
            try:
                return upload.name, reader(upload.file_id, upload.name, upload.size, upload.getvalue())
            except InputError as error:
                raise InputError(f"{upload.name}: {error}") from None

        named = state.last_good(key, read, None, lambda kept: f"file, {kept[0]}")
    return named


def checked_labels(make, ids: tuple[str, ...]) -> tuple[rd.Labels | None, bool]:
    """The labels `make()` gives, or the last good labels of these same series (with the message);
    and whether they are the ones just made (the files on the page are theirs)."""
    kept_by_series = st.session_state.setdefault("real_data_labels_good", {})
    try:
        labels = make()
    except InputError as error:
        kept = kept_by_series.get(ids)
        st.error(f"{error} Showing your last good labels ({len(kept.names)} classes)." if kept else str(error))
        return kept, False
    kept_by_series[ids] = labels
    while len(kept_by_series) > 8:
        kept_by_series.pop(next(iter(kept_by_series)))
    return labels, True


def noted(made: list, value):
    """`value`, after noting in `made` that it was made (it was not if making it raised)."""
    made.append(True)
    return value


def tag(columns) -> str:
    """A short name for a set of columns: the column pickers of another table are other widgets."""
    return engine.data_digest(np.array([str(c) for c in columns]))[:8]


GENERATED, UPLOAD = f"Generated: {rd.N_SERIES:,} series in {len(rd.CLASS_NAMES)} classes", "Your own CSV"
SAMPLE_SERIES, SAMPLE_STEPS = 12, 400  # the sample CSV offered to download: small enough to open anywhere
LAYOUTS = {"columns": "each column is one series", "rows": "each row is one series",
           "long": "one row per (series, step): long format"}
LABEL_SOURCES = {"none": "none (framings only)", "column": "a column of the table", "file": "a second file"}
UNEQUAL_TEXT = {rd.REFUSE: "refuse them (and say which)",
                rd.PAD: f"pad the short ones (with {rd.PAD_VALUE:g} at the start)",
                rd.TRUNCATE: "truncate all to the shortest (keep the last steps)"}
source = st.radio("Data", [GENERATED, UPLOAD], horizontal=True, key="real_data_source", persist_state="session",
                  bind="query-params")
labels: rd.Labels | None = None
script_files: dict | None = None  # the learner's files and choices, for the script to take away
if source == GENERATED:
    series, codes = generated(rd.DEFAULT_SEED)
    labels = rd.Labels(codes, rd.CLASS_NAMES)
    data_key = "generated"
    st.plotly_chart(rd.examples_figure(series, codes), key="real_data_examples")
    st.caption("Made from a seed on the spot (no data set ships with the app): slow waves, fast waves and a "
               "wandering drift, all noisy, each series starting at a random phase.")
else:
    uploaded = st.file_uploader(f"A CSV (up to {rd.MAX_UPLOAD_MB} MB, {rd.MAX_CELLS:,} cells)",
                                type=["csv", "txt"], key="real_data_upload")
    layout = st.radio("In your table", list(LAYOUTS), horizontal=True, key="real_data_layout",
                      format_func=LAYOUTS.get, persist_state="session")
    label_source = st.radio("Labels, one class per series (any text or numbers)", list(LABEL_SOURCES),
                            horizontal=True, key="real_data_label_source", format_func=LABEL_SOURCES.get,
                            persist_state="session")
    as_text = layout == "long" or (layout == "rows" and label_source == "column")
    named_table = read_upload(uploaded, "real_data_text" if as_text else "real_data_table",
                              text_table if as_text else parsed_csv)
    if named_table is None:
        st.info("Upload a CSV: one column per series and one row per timestep, or the other way round, or "
                "**long format** — one row per (series id, time step), a column per channel — as databases "
                "and sensor logs give it. Text in a value column, gaps, and a single row are refused with a "
                "note on what to fix.")
        wide, long = st.columns(2)
        wide.download_button(f"Sample CSV ({SAMPLE_SERIES} generated series × {SAMPLE_STEPS} steps)",
                             rd.csv_bytes(generated(rd.DEFAULT_SEED)[0][:SAMPLE_SERIES, :SAMPLE_STEPS]),
                             "sample_series.csv")
        long_sample, labels_sample = rd.sample_long_files()
        long.download_button("Sample long-format CSV (24 series, 2 channels)", long_sample, "sample_long.csv")
        long.download_button("…and its labels file", labels_sample, "sample_labels.csv")
        state.stop()
    name, table = named_table
    file_key = uploaded.file_id if uploaded is not None else name
    columns = list(table.columns)
    id_column = label_column = None
    made = [True]  # the series come from the choices on the page (see the pivot below)
    fresh = False  # labels made from the files on the page just now
    if layout == "long":
        st.markdown(f"**{name}**: {table.shape[0]:,} rows × {len(columns):,} columns. Say which column is which: "
                    "each series id becomes one sample, its rows are put in order by the time step, and each "
                    "channel becomes one feature.")
        guess_id, guess_order, guess_label = rd.guess_columns(columns)
        picks = st.columns(3)
        id_column = picks[0].selectbox("Series id column", columns, index=columns.index(guess_id),
                                       key=f"real_data_id_column_{tag(columns)}")
        order_column = picks[1].selectbox("Time step column (numbers or dates)", columns,
                                          index=columns.index(guess_order),
                                          key=f"real_data_order_column_{tag(columns)}")
        if label_source == "column":
            label_column = picks[2].selectbox("Label column", columns,
                                              index=columns.index(guess_label or columns[-1]),
                                              key=f"real_data_label_column_{tag(columns)}")
        free = [c for c in columns if c not in (id_column, order_column, label_column)]
        channels = st.multiselect("Channel columns: the values at each step, one feature each", free, default=free,
                                  key=f"real_data_channels_{tag([id_column, order_column, label_column, *free])}")
        unequal = st.radio("Series of unequal length", list(UNEQUAL_TEXT), format_func=UNEQUAL_TEXT.get,
                           horizontal=True, key="real_data_unequal", persist_state="session")
        made = []  # the pivot of the choices on the page (not the last good one kept while they are bad)
        pivot = state.last_good(
            "real_data_pivot",
            lambda: noted(made, pivoted(file_key, id_column, order_column, tuple(channels), unequal, table)),
            None,
            lambda kept: f"pivot, {len(kept.ids):,} series × {kept.steps:,} steps × {len(kept.channels)} channels",
        )
        if pivot is None:
            state.stop()
        series, ids = pivot.values, pivot.ids
        st.markdown(f"**The pivot**: {len(pivot.ids):,} series (ids {', '.join(pivot.ids[:6])}"
                    f"{', …' if len(pivot.ids) > 6 else ''}) of {pivot.steps:,} steps with "
                    f"{len(pivot.channels)} channel{'s' if len(pivot.channels) != 1 else ''} "
                    f"({', '.join(pivot.channels)}): one sample per series, one feature per channel.")
        widgets.shape_badge(table.shape, ["table rows", "table columns"], label="long table:")
        widgets.shape_badge(series.shape, label="pivoted.shape =")
        if pivot.note:
            st.caption(pivot.note + " An LSTM reads the padding as data unless a `Masking` layer hides it.")
        widgets.array_view(series, key="real_data_pivot_picture", mask=pivot.padding if pivot.changed else None)
        st.caption("In the framings below, `array` is this pivot: (series, steps, channels).")
    elif layout == "rows" and label_source == "column":
        label_column = st.selectbox("Label column", columns, index=len(columns) - 1,
                                    key=f"real_data_label_column_{tag(columns)}")
        value_columns = tuple(c for c in columns if c != label_column)
        made = []
        series = state.last_good("real_data_row_values",
                                 lambda: noted(made, row_series(file_key, value_columns, table)),
                                 None, lambda kept: f"table ({kept.shape[0]:,} series)")
        if series is None:
            state.stop()
        ids = tuple(str(i + 1) for i in range(len(series)))
        st.markdown(f"**{name}**: {table.shape[0]:,} rows × {len(columns):,} columns → {series.shape[0]:,} "
                    f"series of {series.shape[1]:,} steps, and their labels in '{label_column}'.")
    else:
        series = rd.table_to_series(table, layout)
        ids = tuple(str(c) for c in columns) if layout == "columns" else tuple(str(i + 1) for i in range(len(series)))
        st.markdown(f"**{name}**: {table.shape[0]:,} rows × {table.shape[1]:,} columns → "
                    f"{series.shape[0]:,} series of {series.shape[1]:,} steps.")

    if label_source == "column" and layout == "columns":
        st.info("With one series per column, a label cannot sit in a column of its own: give the labels as a "
                "second file, or pick the layout with one series per row.")
    elif label_source == "column":
        labels, fresh = checked_labels(
            lambda: rd.labels_from_column(table, label_column, ids if layout == "long" else None, id_column), ids)
    elif label_source == "file":
        labels_upload = st.file_uploader(
            "Labels file (CSV): one label per series in the order of the series"
            + (f", or a '{id_column}' column beside the labels to match them by id" if id_column else ""),
            type=["csv", "txt"], key="real_data_labels_upload")
        named_labels = read_upload(labels_upload, "real_data_labels_table", text_table)
        if named_labels is None:
            st.info(f"Upload the labels of your {len(ids):,} series (in the order {', '.join(ids[:4])}"
                    f"{', …' if len(ids) > 4 else ''}).")
        else:
            labels_name, labels_table = named_labels
            label_names = list(labels_table.columns)
            others = [c for c in label_names if c != id_column] or label_names
            labels_column = st.selectbox(f"Label column in {labels_name}", label_names,
                                         index=label_names.index(others[-1]),
                                         key=f"real_data_labels_file_column_{tag(label_names)}")
            labels, fresh = checked_labels(
                lambda: rd.labels_from_file(labels_table, labels_column, ids, labels_name, id_column), ids)
    if labels is not None and fresh and made:  # the script reproduces what the page shows
        header = (table.attrs.get("first_row") == 2 if as_text
                  else any(str(c) != f"column {i + 1}" for i, c in enumerate(columns)))
        script_files = dict(series_file=name, layout=layout, header=header, label_column=label_column,
                            id_column=id_column)
        if layout == "long":
            script_files.update(order_column=order_column, channels=tuple(channels), unequal=unequal)
        if label_source == "file":
            script_files.update(labels_file=labels_name, labels_header=labels_table.attrs.get("first_row") == 2,
                                labels_file_column=labels_column)
    if labels is not None:
        counts = labels.counts
        st.markdown(f"**{len(labels.names)} classes**: "
                    + ", ".join(f"{cls} ({count:,} series)" for cls, count in zip(labels.names, counts)) + ".")
    data_key = engine.data_digest(series, np.array(ids), *(
        (labels.codes, np.array(labels.names)) if labels is not None else ()))

n_series, length = series.shape[:2]
if series.ndim == 2:
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
    state.stop()
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
one_series = "One series" if series.ndim == 2 else "One channel of one series"
st.markdown(
    f"{one_series} has **{count.have:,}** values. Its {rd.window_count(length, window):,} windows of {window} "
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
    st.info("Training needs labels: give yours above (a column of the table or a second file), or switch to "
            "the generated data.")
    state.stop()
titles = {f.key: f.title for f in framings}
if data_key == "generated":
    split = rd.split_series(n_series)
    split_text = "held out at random"
else:  # a learner's classes may be few and uneven: every class on both sides, in its own proportion
    split = rd.stratified_split(labels.codes, seed=rd.DEFAULT_SEED)
    split_text = (f"held out **stratified**: {rd.TEST_FRACTION:.0%} of every class (at least one), drawn with "
                  f"seed {rd.DEFAULT_SEED}, so the same data always splits the same way")
train_rows, test_rows = split
baseline = rd.majority_baseline(labels.codes, test_rows=test_rows, class_names=labels.names)
st.markdown(
    f"LSTM({rd.CLASSIFIER_UNITS}) → Dense({len(labels.names)}, softmax), the same for every framing: Adam "
    f"(learning rate {rd.CLASSIFIER_LEARNING_RATE}, gradients clipped to norm {rd.CLASSIFIER_CLIPNORM:g}) on "
    f"{len(train_rows):,} series; "
    f"{len(test_rows):,} series are {split_text}. Windows and chunks: {rd.SAMPLES_PER_SERIES} random ones per "
    "training series; a held-out series is judged by averaging its samples' outputs."
)
if data_key != "generated":
    st.dataframe(rd.split_frame(labels.codes, labels.names, train_rows, test_rows), hide_index=True,
                 key="real_data_split")
updates = int(st.number_input(
    "Updates for every framing (mini-batch steps)", rd.MIN_UPDATES, rd.MAX_UPDATES, rd.DEFAULT_UPDATES, step=10,
    # every framing below is compared at this budget
    key="real_data_updates", persist_state="session", bind="query-params",
    help="One update = one Adam step on one mini-batch. Every framing trains exactly this many.",
))
try:
    plans = rd.budget_plans(n_series, length, updates, window, chunk, n_train=len(train_rows))
except InputError as error:
    st.error(str(error))
    state.stop()
batches = {plan.batch for plan in plans.values()}
per_epoch = {key: plan.updates_per_epoch for key, plan in plans.items()}
most, fewest = max(per_epoch, key=per_epoch.get), min(per_epoch, key=per_epoch.get)
if len(batches) == 1:
    seen = (f"of {plans[rd.SERIES].batch} samples each, so each sees {plans[rd.SERIES].samples_seen:,} training "
            "samples.")
else:  # a training set smaller than a batch is one batch: its framing sees fewer samples per update
    seen = (f"of up to {rd.BATCH_SIZE} samples each; a framing with fewer training samples than that reads all "
            "of them in every update, so the samples seen differ (see the table).")
if per_epoch[most] == per_epoch[fewest]:
    epochs = (f"Here every framing's epoch is {plural(per_epoch[most], 'update')}, but that is this data's "
              "accident: epochs differ with the samples a framing makes, which is why the budget is counted in "
              "updates.")
else:
    epochs = (f"The epochs differ, and that is why the budget is counted in updates: an epoch of *{titles[most]}* "
              f"is {per_epoch[most]} updates, of *{titles[fewest]}* only {per_epoch[fewest]}, so equal epochs would "
              f"give one framing {per_epoch[most] / per_epoch[fewest]:.1f}× the training of another.")
st.markdown(f"**Every framing trains exactly {updates:,} updates** {seen} {epochs}")
st.dataframe(rd.budget_frame(plans, framings), hide_index=True, key="real_data_budget")
st.markdown(
    "Same updates is not the same time: an update walks every sample's timesteps one after another, so a "
    f"whole-series update ({length:,} timesteps) costs more than any other. "
    + (f"The default of {rd.DEFAULT_UPDATES} updates is sized so that whole series, the slowest framing, train in "
       f"about {rd.DEFAULT_WAIT_SECONDS} s on {rd.MEASURED_ON} (longer while others train). "
       if data_key == "generated" else "")
    + "We keep the budget equal rather than give the slow framing more: raise it, and every framing gets more."
)
pick, one, every = st.columns([3, 1, 1], vertical_alignment="bottom")
choice = pick.selectbox("Framing", [f.key for f in framings], index=rd.FRAMING_KEYS.index(rd.CHUNKS),
                        key="real_data_framing", persist_state="session", format_func=titles.get,
                        bind="query-params")
train_one = one.button("Train", type="primary", key="real_data_train")
train_all = every.button(f"Train all {len(framings)}", key="real_data_train_all")
if script_files is not None:
    widgets.code_download(
        rd.classify_script(rd.ScriptChoices(**script_files, framing=choice, window=window, chunk=chunk,
                                             updates=updates)),
        rd.SCRIPT_NAME, label=f"Download this pipeline as a script (reads {script_files['series_file']} by name)")
# Runs belong to their data and sizes: another file, other labels or another window has its own.
runs = st.session_state.setdefault("real_data_runs", {}).setdefault((data_key, window, chunk), {})
for key in [f.key for f in framings] if train_all else [choice] if train_one else []:
    with widgets.training_progress(plans[key].epochs, key=f"real_data_progress_{key}",
                                   loss_name="cross-entropy") as progress:
        runs[key] = rd.train_classifier(key, series, labels.codes, window=window, chunk=chunk, updates=updates,
                                        class_names=labels.names, split=split,
                                        on_progress=progress.on_progress, on_wait=progress.on_wait)

compared = [runs[key] for key in rd.FRAMING_KEYS if key in runs and runs[key].updates == updates]
elsewhere = [run for run in runs.values() if run.updates != updates]
if elsewhere:
    st.caption("Trained at another budget, so left out of this comparison: "
               + ", ".join(f"{titles.get(run.framing, run.framing)} ({run.updates:,} updates)" for run in elsewhere)
               + ". Set that budget again to see them, or train them at this one.")
if not compared:
    state.stop()
st.markdown(
    f"**{len(compared)} of {len(framings)} framings trained, each exactly {compared[0].updates:,} updates, "
    + (f"{compared[0].samples_seen:,} samples seen.**" if len({run.samples_seen for run in compared}) == 1
       else "samples seen as the table says.**")
    + f" The yardstick: always answering *{baseline.name}*, the most "
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
        st.plotly_chart(rd.confusion_figure(run), key=f"real_data_confusion_{run.framing}")

"""The "Your data" tab of the forecasting pages: the learner's own series, honestly evaluated.

`render(page)` draws it: upload or paste a table, pick the columns, split by time, scale, look at
the windows of each part; then train two models through the jobs of `lessons.own_series.training`
and compare them with two baselines on the test windows; forecast past the end; sweep the
look-back; download the script. Nothing imports TensorFlow until a Train button is pressed.
Every widget is keyed by the page, so each forecasting page keeps its own data and results.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from lessons import engine
from lessons.core import CapturedError, InputError, keras_source
from lessons import own_series as own
from lessons.own_series import export, figures, pipeline, training
from lessons.own_series.data import numeric_columns, time_column_guess
from ui import state, widgets

MULTIVARIATE_PAGES = ("multivariate", "multivariate_multi_step")
NO_TIME = "(no time column: number the rows)"
PASTED_NAME = "my_series.csv"
DEFAULT_SWEEP = "6, 12, 24"
MAX_SWEEP = 6
T = TypeVar("T")


@st.cache_data(max_entries=8, show_spinner="Reading your table…")
def _read_upload(source: str, name: str, size: int, _data: bytes) -> pd.DataFrame:
    """Read once per upload (keyed by the upload and a digest of its bytes)."""
    return own.read_table(_data)


@st.cache_data(max_entries=8, show_spinner=False)
def _read_pasted(text: str) -> pd.DataFrame:
    return own.read_table(text)


def render(page: str) -> None:
    p = f"own_{page}"
    multivariate = page in MULTIVARIATE_PAGES
    st.subheader("1. The data and its windows")
    st.markdown(
        f"Bring a CSV with one row per timestep: a time column if you have one (dates such as "
        f"2024-01 or 2024-01-31), and columns of numbers. Up to **{own.MAX_ROWS:,} rows**, "
        f"{own.MAX_COLUMNS} columns and {own.MAX_CELLS:,} cells. Gaps and text in a number column are "
        "refused with the row to fix."
    )
    named = _source(p)
    if named is None:
        st.download_button("Sample CSV: 12 years of monthly sales with a trend and a season",
                           own.monthly_csv(), "monthly_sales.csv", key=f"{p}_sample")
        return
    file_name, raw, source = named
    chosen = _columns(raw, source, p, multivariate)
    if chosen is None:
        return
    ready = _settings(*chosen, p)
    if ready is None:
        return
    prepared, signature = ready
    _split_section(prepared, signature, p)
    model = _evaluate_section(prepared, signature, p)
    _future_section(prepared, p)
    _sweep_section(prepared, p)
    _download_section(prepared, raw, file_name, model, p)


def _remember(p: str, kind: str, signature: Hashable, make: Callable[[], T]) -> T:
    """`make()` once per signature: the tab's table, split and figures stay in this session (never
    copied, never shared), so a rerun that changed nothing rebuilds nothing. Plotly builds a figure
    of 5,000 dated points in a few hundred milliseconds; Streamlit only has to send it again."""
    memo = st.session_state.setdefault(f"{p}__memo", {})
    hit = memo.get(kind)
    if hit is not None and hit[0] == signature:
        return hit[1]
    value = make()
    memo[kind] = (signature, value)
    return value


# --- 1. the data ----------------------------------------------------------------------------------


def _source(p: str) -> tuple[str, pd.DataFrame, str] | None:
    """The file's name, its cells and a key that names this very upload or paste."""
    upload_col, paste_col = st.columns(2)
    uploaded = upload_col.file_uploader("Upload a CSV", type=["csv", "txt"], key=f"{p}_upload")
    pasted = paste_col.text_area("…or paste a table (a header row, then one row per timestep)",
                                 key=f"{p}_paste", height=110, persist_state="session")
    key = f"{p}_raw"
    if uploaded is not None:
        def read() -> tuple[str, pd.DataFrame, str]:
            try:
                data = uploaded.getvalue()
                # The upload's id alone is not enough: a file replaced in the uploader may keep it.
                source = f"upload {uploaded.file_id} {hashlib.blake2b(data, digest_size=16).hexdigest()}"
                raw = _remember(p, "raw", source, lambda: _read_upload(source, uploaded.name, uploaded.size, data))
                return uploaded.name, raw, source
            except InputError as error:
                raise InputError(f"{uploaded.name}: {error}") from None

        return state.last_good(key, read, state.good_value(key, None), lambda kept: f"table, {kept[0]}")
    if pasted.strip():
        source = f"paste {hash(pasted)}"
        return state.last_good(key, lambda: (PASTED_NAME, _remember(p, "raw", source, lambda: _read_pasted(pasted)),
                                             source), state.good_value(key, None),
                               lambda kept: f"table, {kept[0]}")
    kept = state.good_value(key, None)
    if kept is not None:
        st.caption(f"Showing your last table, {kept[0]}. Upload or paste another to replace it.")
    return kept


def _columns(raw: pd.DataFrame, source: str, p: str, multivariate: bool) -> tuple[own.OwnTable, tuple] | None:
    """The column pickers; the picked table and its signature (the source and the picks)."""
    names = [str(c) for c in raw.columns]
    signature = abs(hash(tuple(names))) % 10**8  # fresh pickers when the columns change
    numeric, guess = _remember(p, "guess", source, lambda: (numeric_columns(raw), time_column_guess(raw)))
    left, mid, right = st.columns(3)
    time_options = [NO_TIME] + names
    time_pick = left.selectbox("Time column", time_options, index=time_options.index(guess) if guess else 0,
                               key=f"{p}_time_{signature}")
    time_column = None if time_pick == NO_TIME else time_pick
    series_options = [n for n in names if n != time_column] or names
    default_target = next((n for n in numeric if n != time_column), series_options[0])
    target = mid.selectbox("Target: the series to forecast", series_options,
                           index=series_options.index(default_target) if default_target in series_options else 0,
                           key=f"{p}_target_{signature}")
    inputs: list[str] = []
    known: list[str] = []
    if multivariate:
        inputs = right.multiselect(
            "Other input columns", series_options,
            default=[n for n in numeric if n not in (target, time_column)][:4],
            key=f"{p}_inputs_{signature}",
            help="The model always reads the target's own past; these columns are read beside it.",
        )
        known = st.multiselect(
            "Inputs known ahead (their future values are known when you forecast: a calendar, a plan)",
            inputs, default=[], key=f"{p}_known_{signature}",
        )

    picks = (source, target, tuple(inputs), time_column, tuple(known))

    def make() -> tuple[own.OwnTable, tuple]:
        return _remember(p, "table", picks, lambda: own.choose(raw, target, inputs, time_column, known)), picks

    chosen = state.last_good(f"{p}_table", make, state.good_value(f"{p}_table", None),
                             lambda kept: f"columns ({', '.join(kept[0].columns)})")
    if chosen is not None:
        table = chosen[0]
        when = ""
        if table.times is not None:
            when = f", {_time_text(table.times[0])} to {_time_text(table.times[-1])}"
        st.caption(f"{table.rows:,} rows{when}; the model reads {', '.join(table.columns)} and forecasts "
                   f"{table.target}.")
    return chosen


def _time_text(value: Any) -> str:
    if isinstance(value, np.datetime64):
        return str(pd.Timestamp(value).date())
    return f"{value:g}"


def _settings(table: own.OwnTable, picks: tuple, p: str) -> tuple[pipeline.Prepared, tuple] | None:
    """The window, horizon, season, split and scaling; the prepared data and its signature."""
    a, b, c = st.columns(3)
    n_in = int(a.number_input("n_in: rows each window reads", min_value=0, max_value=500, value=12,
                              key=f"{p}_n_in", persist_state="session"))
    horizon = int(b.number_input("H: steps to forecast", min_value=0, max_value=100, value=6,
                                 key=f"{p}_horizon", persist_state="session"))
    season = int(c.number_input("Season length (rows), for the seasonal-naive baseline", min_value=0,
                                max_value=own.MAX_ROWS, value=12, key=f"{p}_season", persist_state="session"))
    d, e, f = st.columns(3)
    val = d.slider("Validation share of the rows (%)", 5, 40, 15, key=f"{p}_val", persist_state="session")
    test = e.slider("Test share of the rows (%) — the newest", 5, 40, 20, key=f"{p}_test", persist_state="session")
    scaling = f.radio("Scaling", list(own.SCALINGS), index=list(own.SCALINGS).index("minmax"),
                      format_func=own.SCALINGS.get, key=f"{p}_scaling", persist_state="session")
    settings = own.Settings(n_in, horizon, val / 100, test / 100, scaling, season)
    signature = (picks, settings)

    def make() -> tuple[pipeline.Prepared, tuple]:
        return _remember(p, "prepared", signature, lambda: own.prepare(table, settings)), signature

    return state.last_good(f"{p}_prepared", make, state.good_value(f"{p}_prepared", None),
                           lambda kept: f"split (window {kept[0].settings.n_in}, horizon {kept[0].settings.horizon})")


def _split_section(prepared: pipeline.Prepared, signature: tuple, p: str) -> None:
    s, table = prepared.settings, prepared.table
    st.plotly_chart(_remember(p, "split_figure", signature, lambda: figures.split_figure(prepared)),
                    key=f"{p}_split_figure")
    train, val, test = prepared.parts

    def span(part: pipeline.Part) -> str:
        if table.times is None:
            return f"rows {part.start}–{part.stop - 1}"
        return f"{_time_text(table.times[part.start])} to {_time_text(table.times[part.stop - 1])}"

    st.markdown(
        f"**An honest split, by time.** The oldest {train.rows} rows ({span(train)}) train the model, the next "
        f"{val.rows} ({span(val)}) choose its settings, the newest {test.rows} ({span(test)}) judge it once. "
        "Windows are cut **inside** each part: a training window whose "
        f"{s.horizon} target rows reached into the validation or test rows would teach the model the very "
        "values it is later tested on — the answer leaks, and the test error looks better than any real "
        f"forecast will be. So the last {s.n_in + s.horizon - 1} rows of each part start no window of their own "
        "(the dotted red window above is one that is never cut). A window that only *read* the last "
        "rows of the part before would not leak (they are the past), but keeping every window inside one part "
        "keeps the three sets of windows apart and easy to count."
    )
    cols = st.columns(3)
    for col, part in zip(cols, prepared.parts):
        w = prepared.windows[part.name]
        with col:
            st.markdown(f"**{own.PART_NAMES[part.name]}**: {part.rows} rows → {w.count} windows")
            widgets.shape_badge(w.X_direct.shape, ("samples", "timesteps", "features"), label="X.shape =")
            widgets.shape_badge(w.y_direct.shape, ("samples", "outputs"), label="y.shape =")
    train = prepared.windows["train"]
    st.caption(
        f"These are the direct model's windows: {s.n_in} rows read"
        + (f" plus the {s.horizon} known-ahead rows" if any(table.known) else "")
        + f", the target's next {s.horizon} values out. The one-step model reads the same {s.n_in} rows and "
        f"forecasts only the next row of every column, so each part gives it {s.horizon - 1} more windows "
        f"(X {tuple(train.X_step.shape)}, y {tuple(train.y_step.shape)} in training)."
    )
    if any(table.known):
        st.markdown("**One window of the direct model**, cell by cell:")
        st.html(figures.known_grid_html(table.columns, table.known, s.n_in, s.horizon))
    _scaling_note(prepared)


def _scaling_note(prepared: pipeline.Prepared) -> None:
    scaler, table = prepared.scaler, prepared.table
    if scaler.kind == "none":
        st.caption("No scaling: the model sees the data's own numbers. LSTMs learn best with values near 0–1; "
                   "try min-max or standard.")
        return
    words = {"minmax": ("minimum", "range (max − min)"), "standard": ("mean", "standard deviation")}[scaler.kind]
    rows = "".join(f"| {name} | {offset:,.4g} | {scale:,.4g} |\n"
                   for name, offset, scale in zip(table.columns, scaler.offset, scaler.scale))
    st.markdown(
        f"**Scaling**, fitted on the {prepared.parts[0].rows} training rows only: each column becomes "
        f"(value − {words[0]}) / {words[1]}, with the numbers below. The test rows' own {words[0]} would be a "
        "peek at the future. Predictions are turned back into your units before any error is measured."
    )
    st.markdown(f"| column | {words[0]} | {words[1]} |\n|---|---:|---:|\n{rows}")


# --- 2. train and evaluate ------------------------------------------------------------------------


def _run(call: Callable[[widgets.TrainingProgress], Any], epochs: int, key: str) -> Any | None:
    with widgets.training_progress(epochs, key=key) as progress:
        try:
            return call(progress)
        except InputError as error:
            st.error(str(error))
        except Exception as error:  # noqa: BLE001 - a real Keras/TensorFlow failure, shown as it is
            widgets.captured_error(CapturedError(type(error).__name__, str(error), keras_source()),
                                   "Training stopped with this error; your data and settings are unchanged.")
    return None


def _train_both(prepared: pipeline.Prepared, variant: str, units: int, epochs: int, seed: int,
                progress: widgets.TrainingProgress) -> training.Evaluation:
    requests = [training.recursive_request(prepared, variant, units, epochs, seed=seed),
                training.direct_request(prepared, variant, units, epochs, seed=seed)]
    for request in requests:
        training.check(request)
    results = []
    for index, request in enumerate(requests):
        def relay(done: int, _total: int, losses: list[float], before: int = index * epochs) -> None:
            progress.on_progress(before + done, 2 * epochs, losses)

        results.append(engine.run_job(training.forecast_job, request, on_progress=relay, on_wait=progress.on_wait,
                                      affinity=training.affinity(request)))
    return training.evaluate(prepared, *results)


def _evaluate_section(prepared: pipeline.Prepared, data_signature: tuple, p: str) -> tuple[str, int, int, int]:
    st.subheader("2. Is it any good?")
    s = prepared.settings
    st.markdown(
        f"Every forecast is scored on the same {prepared.test.count} test windows, {s.horizon} steps each, in "
        f"your units. Two baselines need no training: **persistence** (every step = the last value read) and "
        f"**seasonal-naive** (every step = the value one season, {s.season} rows, earlier). A model that does "
        "not beat them has not learned anything useful yet."
    )
    a, b, c, d, go = st.columns(5, vertical_alignment="bottom")
    variant = a.selectbox("LSTM", training.VARIANTS, format_func=lambda v: v.title(), key=f"{p}_variant",
                          persist_state="session")
    units = int(b.number_input("Units", min_value=1, max_value=512, value=50, key=f"{p}_units",
                               persist_state="session"))
    epochs = int(c.number_input("Epochs", min_value=1, max_value=2_000, value=300, step=50, key=f"{p}_epochs",
                                persist_state="session"))
    seed = int(d.number_input("Seed", min_value=0, max_value=2**31 - 1, value=1, key=f"{p}_seed",
                              persist_state="session"))
    signature = (data_signature, variant, units, epochs, seed)
    if go.button("Train both models", key=f"{p}_train", type="primary", width="stretch"):
        evaluation = _run(lambda progress: _train_both(prepared, variant, units, epochs, seed, progress),
                          2 * epochs, f"{p}_progress")
        if evaluation is not None:
            runs = st.session_state[f"{p}__runs"] = st.session_state.get(f"{p}__runs", 0) + 1
            st.session_state[f"{p}__result"] = {"signature": signature, "prepared": prepared,
                                                "evaluation": evaluation, "run": runs}
    stored = st.session_state.get(f"{p}__result")
    shown = stored["prepared"] if stored else prepared
    evaluation = stored["evaluation"] if stored else None
    if stored and stored["signature"] != signature:
        st.info("You changed the data or a setting since this training: the scores and forecasts below are "
                "from the earlier settings. Train again to update them.")
    table = pd.DataFrame(training.metrics_table(shown, evaluation))
    st.table(table.round(3).set_index("forecast"))
    best = table.loc[table["RMSE"].idxmin(), "forecast"]
    st.markdown(f"Lowest test RMSE: **{best}**.")
    forecasts = dict(shown.baselines("test"))
    if evaluation is not None:
        forecasts |= {"recursive": evaluation.recursive_test, "direct": evaluation.direct_test}
        if table["RMSE"].iloc[2:].min() > table["RMSE"].iloc[:2].min():
            st.caption("Neither model beats the best baseline yet. More epochs, another window size (section 4) "
                       "or another scaling may help; some series are simply hard to beat.")
    steps = 1
    if shown.settings.horizon > 1:
        steps = st.slider("Steps ahead to plot", 1, shown.settings.horizon, 1, key=f"{p}_steps_ahead")
    shown_signature = (stored["signature"], stored["run"]) if stored else signature
    st.plotly_chart(_remember(p, "test_figure", (shown_signature, steps),
                              lambda: figures.test_figure(shown, forecasts, steps)), key=f"{p}_test_figure")
    st.caption(f"The first {shown.settings.n_in} test rows are only read: the first forecast lands on the row "
               "after them.")
    if evaluation is None:
        st.caption("Train both models to add them to the table and the plot.")
    else:
        st.markdown("**The one-step model's forecasts back to your units.** It forecasts every column it reads, "
                    "so its output is 3D; a scaler works on 2D (rows × columns), so the forecasts are reshaped "
                    "to 2D, turned back, and reshaped to 3D:")
        for label, shape in evaluation.inverse_steps:
            names = ("samples", "timesteps", "features") if len(shape) == 3 else ("rows", "features")
            widgets.shape_badge(shape, names, label=f"{label}:")
        st.caption(f"Both models trained in {evaluation.seconds:.1f} s.")
    return variant, units, epochs, seed


# --- 3. past the end ------------------------------------------------------------------------------


def _future_section(prepared: pipeline.Prepared, p: str) -> None:
    st.subheader("3. Past the end of the data")
    stored = st.session_state.get(f"{p}__result")
    s = prepared.settings
    st.markdown(
        f"Two ways to forecast the {s.horizon} steps after the last row. **Recursive**: the one-step model "
        "predicts the next row, that prediction becomes the newest row of its window, and so on, so its own "
        "errors feed its later steps. **Direct**: the vector-output model forecasts all "
        f"{s.horizon} steps at once from the last {s.n_in} rows."
        + (" Known-ahead columns past the end take their values from one season earlier (right for a calendar "
           "column)." if any(prepared.table.known) else "")
    )
    if stored is None:
        st.caption("Train both models (section 2) to see their forecasts here.")
        return
    shown, evaluation = stored["prepared"], stored["evaluation"]
    st.plotly_chart(figures.future_figure(shown.table, evaluation.recursive_future, evaluation.direct_future),
                    key=f"{p}_future_figure")
    last = float(shown.table.values[-1, 0])
    parts = []
    for name, forecast in (("recursive", evaluation.recursive_future), ("direct", evaluation.direct_future)):
        moved = pipeline.drift(forecast, last)
        parts.append(f"the **{name}** forecast ends {abs(moved):,.2f} {'above' if moved >= 0 else 'below'} the last "
                     f"value ({last:,.2f})")
    gap = float(np.max(np.abs(evaluation.recursive_future - evaluation.direct_future)))
    st.markdown(f"After {len(evaluation.direct_future)} steps, " + "; ".join(parts)
                + f". The two forecasts are at most {gap:,.2f} apart.")


# --- 4. the look-back sweep -----------------------------------------------------------------------


def _sweep_section(prepared: pipeline.Prepared, p: str) -> None:
    box = st.expander("4. Choosing the look-back: a sweep over window sizes", key=f"{p}_sweep_open",
                      on_change="rerun")
    if not box.open:
        return
    with box:
        _sweep_body(prepared, p)


def _sweep_sizes(text: str, label: str) -> list[int]:
    try:
        values = [int(v) for v in text.replace(",", " ").split()]
    except ValueError:
        raise InputError(f"{label}: whole numbers separated by commas, e.g. {DEFAULT_SWEEP}.") from None
    if not values or len(values) > MAX_SWEEP or min(values) < 1:
        raise InputError(f"{label}: give 1 to {MAX_SWEEP} whole numbers of at least 1.")
    return sorted(set(values))


def _sweep_body(prepared: pipeline.Prepared, p: str) -> None:
    st.markdown(
        "How many rows should a window read? Train the direct model once per window size and compare the "
        "error on the **validation** rows: the test rows stay untouched until you have chosen. Windows are cut "
        "inside the validation part, so a longer window has fewer, later targets there; to compare like for "
        "like, every size and the seasonal-naive line are scored on the **same target rows**: those the largest "
        "window can forecast. Each size has its own compiled model; running the sweep again (another seed in "
        "section 2, more epochs) reuses them. The LSTM and seed are section 2's."
    )
    a, b, c = st.columns(3)
    sizes_text = a.text_input("Window sizes (n_in)", DEFAULT_SWEEP, key=f"{p}_sweep_sizes")
    units_text = b.text_input("Units (one line each)", str(st.session_state.get(f"{p}_units", 50)),
                              key=f"{p}_sweep_units")
    epochs = int(c.number_input("Epochs", 1, 2_000, 100, step=50, key=f"{p}_sweep_epochs"))
    current = []  # filled when this run's plan is good: a kept (older) plan is shown, not run

    def plan() -> tuple[list[tuple[pipeline.Prepared, int]], int, float]:
        sizes, units = _sweep_sizes(sizes_text, "Window sizes"), _sweep_sizes(units_text, "Units")
        if len(sizes) * len(units) > MAX_SWEEP:
            raise InputError(f"That is {len(sizes) * len(units)} trainings; the sweep takes at most {MAX_SWEEP}.")
        s = prepared.settings
        runs = []
        for n_in in sizes:
            try:
                one = pipeline.prepare(prepared.table, pipeline.Settings(n_in, s.horizon, s.val_share, s.test_share,
                                                                         s.scaling, s.season))
            except InputError as error:
                raise InputError(f"Window {n_in}: {error}") from None
            runs += [(one, u) for u in units]
        first = pipeline.sweep_first_target(runs[0][0].parts[1], sizes, s.season)
        current.append(True)
        return runs, first, training.sweep_baseline(runs[0][0], first)

    planned = state.last_good(f"{p}_sweep_plan", plan, None, lambda kept: f"sweep ({len(kept[0])} trainings)")
    runs, first, base = planned if planned else ([], 0, 0.0)
    variant = st.session_state.get(f"{p}_variant", training.VARIANTS[0])
    seed = int(st.session_state.get(f"{p}_seed", 1))
    if st.button(f"Run the sweep ({len(runs) if current else 0} trainings)", key=f"{p}_sweep_run",
                 disabled=not (runs and current)):
        def call(progress: widgets.TrainingProgress) -> list[training.SweepResult]:
            results = []
            for index, (one, units) in enumerate(runs):
                def relay(done: int, _total: int, losses: list[float], before: int = index * epochs) -> None:
                    progress.on_progress(before + done, len(runs) * epochs, losses)

                where = training.affinity(training.direct_request(one, variant, units, epochs, seed=seed,
                                                                   forecast="validation"))
                results.append(engine.run_job(training.sweep_job, one, variant, units, epochs, seed, first,
                                              on_progress=relay, on_wait=progress.on_wait, affinity=where))
            return results

        results = _run(call, len(runs) * epochs, f"{p}_sweep_progress")
        if results is not None:
            st.session_state[f"{p}__sweep"] = (results, base, _row_name(runs[0][0].table, first))
    kept = st.session_state.get(f"{p}__sweep")
    if not isinstance(kept, tuple):
        return
    results, base, first_name = kept  # the baseline and rows of that sweep: later settings don't change them
    st.plotly_chart(figures.sweep_figure(results, base), key=f"{p}_sweep_figure")
    best = min(results, key=lambda r: r.validation_rmse)
    st.markdown(f"Lowest validation RMSE: **{best.validation_rmse:,.3f}** with a window of {best.n_in} rows and "
                f"{best.units} units. Every size, and the seasonal-naive line ({base:,.3f}), is scored on the same "
                f"target rows: the {results[0].windows} validation windows whose forecasts start at {first_name} "
                f"or later, the first a window of {max(r.n_in for r in results)} rows can forecast inside the "
                "validation part.")


def _row_name(table: own.OwnTable, row: int) -> str:
    """A row as the split text names it: its date (or time) when the table has one, else its number."""
    return f"row {row}" if table.times is None else _time_text(table.times[row])


# --- 5. the script --------------------------------------------------------------------------------


def _download_section(prepared: pipeline.Prepared, raw: pd.DataFrame, file_name: str,
                      model: tuple[str, int, int, int], p: str) -> None:
    st.subheader("5. Take the code with you")
    variant, units, epochs, seed = model
    table = prepared.table
    facts = export.ScriptFacts(
        file_name=file_name, separator=raw.attrs.get("separator", ","), header=bool(raw.attrs.get("header", True)),
        names=tuple(str(c) for c in raw.columns), time_column=table.time_name, target=table.target,
        inputs=table.columns[1:], known=tuple(c for c, k in zip(table.columns, table.known) if k),
        settings=prepared.settings, variant=variant, units=units, epochs=epochs, learning_rate=0.001, seed=seed,
        n_columns=len(table.columns),
    )
    st.markdown(f"A script that does all of this again on **{file_name}** (put it next to the script): split, "
                "scaling, windows, both models, the scores against the baselines and the forecast past the end.")
    if file_name == PASTED_NAME:
        st.download_button(f"Your pasted table as {PASTED_NAME}", st.session_state.get(f"{p}_paste", ""),
                           PASTED_NAME, key=f"{p}_pasted_csv")
    widgets.code_download(export.standalone_script(facts), export.script_name(facts))

"""One forecasting lesson on a page: data and windows, variant, model, training, predictions, spread, code.

The four forecasting pages call `lesson_tabs` (or `render_lesson` / `render_windows`). Every
widget and result is keyed by the lesson, so two lessons on one page never share state, and
results live in `st.session_state` so they are still there after a page switch. Sections 4 to 7
(training settings, Train, results, code) are a fragment: pressing Train reruns only them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from lessons import engine, exercises
from lessons.catalog import OWN_DATA_TAB
from lessons.core import SUBSEQUENCES, TIMESTEPS, CapturedError, InputError, keras_source, reshaping
from lessons.forecasting import VARIANTS, ForecastLesson, export, models, training
from lessons.forecasting import figures as fv
from lessons.forecasting.framings import as_table
from ui import inside as inside_view
from ui import exercise, state, widgets

MAX_ROWS = 5_000  # the training engine takes at most 5,000 samples
MAX_WINDOW = 500
MAX_HORIZON = 100
SPREAD_SEEDS = 5


@dataclass(frozen=True)
class Setup:
    """The learner's data and windows, as the lesson's later sections use them."""

    data: np.ndarray  # 1D series or 2D rows × columns
    columns: tuple[str, ...]
    n_in: int
    n_out: int
    X: np.ndarray
    y: np.ndarray


def lesson_tabs(lessons: list[ForecastLesson], page: str, preparation: str | None = None) -> None:
    """One tab per lesson (plus a data-preparation tab); only the open tab's content runs."""
    labels = ([preparation] if preparation else []) + [lesson.title for lesson in lessons] + [OWN_DATA_TAB]
    tabs = st.tabs(labels, key=f"fc_tabs_{page}", on_change="rerun", bind="query-params")
    if preparation:
        with tabs[0]:
            if tabs[0].open is not False:
                render_windows(lessons[0], prefix=f"fc_{page}_prep")
        tabs = tabs[1:]
    for tab, lesson in zip(tabs, lessons):
        with tab:
            if tab.open is not False:
                render_lesson(lesson)
    with tabs[-1]:  # the learner's own CSV (ui/own_series.py), imported only when its tab is open
        if tabs[-1].open is not False:
            from ui import own_series

            own_series.render(page)


# --- 1. data and windows --------------------------------------------------------------------------


def render_windows(lesson: ForecastLesson, prefix: str | None = None) -> Setup:
    """Edit the data and the window sizes; see every sample cut, and X and y with their shapes."""
    p = prefix or f"fc_{lesson.key}"
    st.subheader("1. The data and its windows")
    # One data set per page: every tab reads the same table, so an edit on one tab is on all.
    data, columns = _data_input(lesson, f"fc_{lesson.page}")
    n_in, n_out = _window_inputs(lesson, p)

    def cut() -> Setup:
        X, y = replace(lesson, data=data, n_in=n_in, n_out=n_out).make_samples()  # WindowError: an InputError
        return Setup(data, tuple(columns), n_in, n_out, X, y)

    tutorial = Setup(lesson.data, tuple(lesson.framing.column_names(as_table(lesson.data).shape[1])), lesson.n_in,
                     lesson.n_out, *lesson.make_samples())  # the tutorial's own windows always fit
    setup = state.last_good(
        f"{p}__windows", cut, tutorial,
        lambda kept: f"windows (window {kept.n_in}{f', horizon {kept.n_out}' if lesson.framing.multistep else ''})",
    )
    exercise.guess_first(exercises.windows(lesson.framing, len(setup.data), setup.n_in, setup.n_out,
                                           list(setup.columns), setup.X, setup.y, lesson.variant, lesson.n_seq),
                         key=p)
    _windows_picture(lesson, setup, p)
    return setup


def _data_input(lesson: ForecastLesson, p: str) -> tuple[np.ndarray, list[str]]:
    framing = lesson.framing
    if not framing.table:
        values = widgets.numbers_input(
            "The series", key=f"{p}_data", default=lesson.data, min_count=2, max_count=MAX_ROWS,
            help="Numbers separated by commas, spaces or new lines.", link=f"{p}_data",
        )
        return values, ["series"]
    names = framing.column_names(lesson.data.shape[1])
    frame = widgets.table_input(
        "The series, one column each" + (" (the last column is the output)" if framing.output_column else ""),
        key=f"{p}_data", default=pd.DataFrame(lesson.data, columns=names), min_rows=2, max_rows=MAX_ROWS,
        min_columns=framing.min_columns, link=f"{p}_data",
    )
    return frame.to_numpy(dtype=float), [str(c) for c in frame.columns]


def _window_inputs(lesson: ForecastLesson, p: str) -> tuple[int, int]:
    multistep = lesson.framing.multistep
    left, right, _ = st.columns(3)
    n_in = left.number_input(
        "n_in: timesteps per sample" if multistep else "n_steps: timesteps per sample",
        min_value=0, max_value=MAX_WINDOW, value=lesson.n_in, step=1, key=f"{p}_n_in",
        persist_state="session", bind="query-params",
        help="How many rows the LSTM reads to make one prediction.",
    )
    n_out = lesson.n_out
    if multistep:
        n_out = right.number_input(
            "n_out: steps to forecast", min_value=0, max_value=MAX_HORIZON, value=lesson.n_out, step=1,
            key=f"{p}_n_out", persist_state="session", bind="query-params",
        )
    return int(n_in), int(n_out)


def _windows_picture(lesson: ForecastLesson, setup: Setup, p: str) -> None:
    count = len(setup.X)
    pick = 0
    if count > 1:
        pick = st.slider("Highlight sample", 0, count - 1, 0, key=f"{p}_pick_{count}")
    st.plotly_chart(
        fv.window_figure(setup.data, lesson.framing, setup.n_in, setup.n_out, pick, setup.columns),
        key=f"{p}_windows_figure",
    )
    st.caption(fv.ladder_caption(count, pick) + " Each sample's input rows and its target share a colour.")
    note = fv.framing_note(lesson.framing, setup.data, setup.n_in, setup.n_out, setup.columns)
    if note:
        st.info(note)
    x_names, y_names = fv.window_axes(lesson.framing, setup.X, setup.y)
    left, right = st.columns(2)
    with left:
        widgets.shape_badge(setup.X.shape, x_names, label="X.shape =")
        st.caption(f"Sample {pick}: " + np.array2string(setup.X[pick], precision=4, separator=", "))
    with right:
        widgets.shape_badge(setup.y.shape, y_names, label="y.shape =")
        st.caption("Its target: " + np.array2string(np.asarray(setup.y[pick]), precision=4, separator=", "))
    st.caption(f"{len(setup.data)} rows → {count} samples: each window slides one row at a time.")


# --- 2. the variant -------------------------------------------------------------------------------


def _variant_section(lesson: ForecastLesson, setup: Setup, p: str) -> tuple[str, int, models.Prepared | None]:
    st.subheader("2. Pick the LSTM variant")
    keys = list(VARIANTS)
    choose, split = st.columns([2, 1])
    variant = choose.selectbox(
        "Variant", keys, index=keys.index(lesson.variant), key=f"{p}_variant", persist_state="session",
        bind="query-params",
        format_func=lambda v: VARIANTS[v] + (" (the tutorial's choice)" if v == lesson.variant else ""),
    )
    n_seq = 1
    if variant in models.SPLIT_VARIANTS:
        default = lesson.n_seq if lesson.variant in models.SPLIT_VARIANTS else 2
        n_seq = int(split.number_input(
            "n_seq: subsequences per window", min_value=0, max_value=MAX_WINDOW, value=default, step=1,
            key=f"{p}_n_seq", persist_state="session", bind="query-params",
            help="The CNN reads each subsequence on its own; the LSTM then reads the subsequences in order.",
        ))
    try:
        prepared = models.prepare(variant, setup.X, setup.y, n_seq, n_out=lesson.framing.horizon(setup.n_out))
    except InputError as error:
        _explain_variant_error(variant, setup.X, n_seq, error)
        return variant, n_seq, None
    if variant in models.SPLIT_VARIANTS:
        n_steps = setup.n_in // n_seq
        st.markdown(
            f"<span style='color:{SUBSEQUENCES.colour}'><b>n_seq = {n_seq}</b></span> × "
            f"<span style='color:{TIMESTEPS.colour}'><b>n_steps = {n_steps}</b></span> = "
            f"window of <b>{setup.n_in}</b> timesteps", unsafe_allow_html=True,
        )
    left, right = st.columns(2)
    with left:
        widgets.shape_badge(prepared.X.shape, prepared.x_axes, label="X.shape =")
    with right:
        widgets.shape_badge(prepared.y.shape, prepared.y_axes, label="y.shape =")
    st.markdown(prepared.note)
    widgets.array_view(prepared.X, prepared.x_axes, key=f"{p}_x_view")
    return variant, n_seq, prepared


def _explain_variant_error(variant: str, X: np.ndarray, n_seq: int, error: InputError) -> None:
    """Why the variant cannot work and what would; with NumPy's own words when the reshape fails."""
    message = f"{VARIANTS[variant]} cannot take these windows. {error}"
    if variant in models.SPLIT_VARIANTS:
        shape = fv.naive_split_shape(variant, X.shape, n_seq)
        _, numpy_error = reshaping.try_reshape(X, shape)
        if numpy_error is not None:
            st.markdown(f"The reshape you would write, `X.reshape({shape})`, fails:")
            widgets.captured_error(numpy_error, message)
            return
    st.error(message)


# --- 3. the model ---------------------------------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner="Building the model in Keras…")
def _layer_rows(variant: str, x_shape: tuple[int, ...], y_shape: tuple[int, ...], units: int) -> list[dict]:
    """Keras' own layer shapes, from a model built seeded in the training turn (building draws
    from the process-wide random state, which a training at the same moment must have to itself)."""
    return engine.inspect_model(models.build_model, models.layer_rows, variant, x_shape, y_shape, units)


def _model_section(lesson: ForecastLesson, variant: str, prepared: models.Prepared, p: str) -> int:
    st.subheader("3. The model")
    settings, code = st.columns([1, 3])
    units = int(settings.number_input(
        "Units in each LSTM layer", min_value=0, max_value=100_000, value=lesson.units, step=10,
        key=f"{p}_units", persist_state="session", bind="query-params",
        help="The size of the LSTM's memory: how many numbers it passes from one timestep to the next. "
             "Not the number of timesteps, and not the number of outputs.",
    ))
    if not 1 <= units <= training.MAX_UNITS:
        settings.error(f"Units must be a whole number from 1 to {training.MAX_UNITS}; it is {units}. "
                       f"Showing the model with the tutorial's {lesson.units}.")
        units = lesson.units
    code.code(models.keras_code(variant, prepared.X.shape, prepared.y.shape, units), language="python",
              wrap_lines=True)
    if settings.toggle("Show every layer's output shape, as Keras builds it", key=f"{p}_layers",
                 persist_state="session", help="Loads Keras the first time; it takes a few seconds."):
        rows = _layer_rows(variant, tuple(prepared.X.shape), tuple(prepared.y.shape), units)
        st.markdown(fv.layer_table_html(rows), unsafe_allow_html=True)
    return units


# --- 4. training ----------------------------------------------------------------------------------


def _test_input(lesson: ForecastLesson, setup: Setup, p: str) -> np.ndarray | None:
    """The window to predict from. One input per window shape, so changing n_in (or the columns)
    offers a fitting window instead of a broken one: the tutorial's when it fits, else your data's tail."""
    n_columns = len(setup.columns)
    wanted = fv.test_input_shape(lesson.framing, setup.n_in, n_columns)
    fits = lesson.test_input.shape == wanted
    default = lesson.test_input if fits else fv.default_test_input(setup.data, lesson.framing, setup.n_in)
    key = f"{p}_test_{'x'.join(map(str, wanted))}"
    for stale in [name for name in st.query_params if name.startswith(f"{p}_test_") and name != key]:
        del st.query_params[stale]  # a link keeps the test input of the current window size only
    label = "Test input: the window to predict from"
    if len(wanted) == 1:
        values = widgets.numbers_input(label, key=key, default=default, max_count=MAX_WINDOW, link=key)
    else:
        names = [setup.columns[c] for c in lesson.framing.input_columns(n_columns)]
        values = widgets.table_input(label, key=key, default=pd.DataFrame(default, columns=names),
                                     max_rows=MAX_WINDOW, allow_add_columns=False,
                                     link=key).to_numpy(dtype=float)
    if not fits:
        st.caption(f"The tutorial's test input does not fit a window of {setup.n_in}; "
                   f"this one starts as the last {setup.n_in} rows of your data.")
    try:
        return fv.check_test_input(values, lesson.framing, setup.n_in, n_columns)
    except InputError as error:
        st.error(f"{error} For example, the last {setup.n_in} rows of your data: "
                 f"{np.array2string(default, separator=', ')}.")
        return None


def _request(lesson: ForecastLesson, setup: Setup, variant: str, n_seq: int, prepared: models.Prepared,
             units: int, p: str) -> tuple[training.TrainRequest | None, np.ndarray | None, bool]:
    """The training settings, test input and Train button; a request when they all make sense."""
    st.subheader("4. Train it")
    test = _test_input(lesson, setup, p)
    a, b, c, go = st.columns(4, vertical_alignment="bottom")
    epochs = a.number_input("Epochs", min_value=0, max_value=1_000_000, value=lesson.epochs, step=50,
                            key=f"{p}_epochs", persist_state="session", bind="query-params")
    rate = b.number_input("Learning rate (Adam)", min_value=0.0, max_value=100.0, value=lesson.learning_rate,
                          step=0.0005, format="%.4f", key=f"{p}_rate", persist_state="session",
                          bind="query-params")
    seed = c.number_input("Seed", min_value=0, max_value=2**31 - 1, value=lesson.seed, step=1,
                          key=f"{p}_seed", persist_state="session", bind="query-params")
    request = None
    if test is not None:
        try:
            request = training.make_request(variant, prepared.X, prepared.y, units, int(epochs), float(rate),
                                            int(seed), models.prepare_input(variant, test, n_seq))
        except InputError as error:
            st.error(str(error))
    pressed = go.button("Train", key=f"{p}_train", type="primary", disabled=request is None,
                        width="stretch")
    return request, test, pressed


def _run_training(call: Callable[[widgets.TrainingProgress], Any], epochs: int, key: str) -> Any | None:
    """Run a training with a progress bar; a failure is shown in the library's own words.

    Streamlit's own stop/rerun signals are BaseExceptions, so they still pass through.
    """
    with widgets.training_progress(epochs, key=key) as progress:
        try:
            return call(progress)
        except InputError as error:
            st.error(str(error))
        except engine.WorkerLost:  # not the learner's doing: widgets.training_progress says so
            raise
        except Exception as error:  # noqa: BLE001 - a real Keras/TensorFlow failure, shown as it is
            widgets.captured_error(CapturedError(type(error).__name__, str(error), keras_source()),
                                   "Training stopped with this error; your data and settings are unchanged.")
    return None


def _train(request: training.TrainRequest | None, pressed: bool, context: dict[str, Any], p: str) -> None:
    if pressed and request is not None:
        result = _run_training(lambda progress: training.train(request, progress.on_progress, progress.on_wait),
                               request.epochs, f"{p}_progress")
        if result is not None:  # the sections below draw it in this same run (no second page run to wait for)
            st.session_state[f"{p}__result"] = {"request": request, "result": result, **context}


# --- 5. predictions, 6. spread, 7. code -----------------------------------------------------------


def _show_result(lesson: ForecastLesson, request: training.TrainRequest | None, p: str) -> None:
    stored = st.session_state.get(f"{p}__result")
    if stored is None:
        st.caption("Train the model to see its prediction here.")
        return
    st.subheader("5. Predictions against expected values")
    result: training.TrainResult = stored["result"]
    if request != stored["request"]:
        st.info("You changed something since this training; the result below is from the earlier settings. "
                "Train again to update it.")
    labels, expected = stored["labels"], stored["expected"]
    prediction = np.asarray(result.prediction, dtype=float).ravel()
    left, right = st.columns(2)
    with left:
        st.plotly_chart(fv.forecast_figure(stored["test"], lesson.framing, stored["n_out"], prediction,
                                           expected, stored["columns"]), key=f"{p}_forecast_figure")
    with right:
        st.markdown(fv.table_html(fv.prediction_table(prediction, expected, labels)), unsafe_allow_html=True)
        st.markdown(fv.how_far_off(prediction, expected, labels))
        where = " (an identical earlier training, reused)" if result.from_cache else ""
        st.caption(f"{VARIANTS[stored['request'].variant]}, seed {result.seed}, "
                   f"{len(result.losses):,} epochs in {result.seconds:.1f} s{where}.")
    st.plotly_chart(widgets.loss_figure(result.losses), key=f"{p}_loss_figure")


def _spread(lesson: ForecastLesson, request: training.TrainRequest | None, context: dict[str, Any], p: str) -> None:
    spread = st.expander("6. How much does the seed matter?", key=f"{p}_spread_open", on_change="rerun")
    if spread.open:  # a closed expander costs nothing on a rerun
        with spread:
            _spread_body(lesson, request, context, p)


def _spread_body(lesson: ForecastLesson, request: training.TrainRequest | None, context: dict[str, Any],
                 p: str) -> None:
    st.markdown(
        f"The starting weights are random, so the same model on the same data lands somewhere different "
        f"for every seed. Train it with {SPREAD_SEEDS} seeds to see how far apart the answers fall."
        + (f" With only {lesson.epochs} epochs in the tutorial, this model is the one to try."
           if lesson.epochs <= 50 else "")
    )
    if st.button(f"Train with {SPREAD_SEEDS} seeds", key=f"{p}_spread_button", disabled=request is None):
        seeds = [request.seed + i for i in range(SPREAD_SEEDS)]
        results = _run_training(
            lambda progress: training.train_seeds(request, seeds, progress.on_progress, progress.on_wait),
            request.epochs * SPREAD_SEEDS, f"{p}_spread_progress",
        )
        if results is not None:
            st.session_state[f"{p}__spread"] = {
                "request": request, "seeds": seeds, "predictions": [r.prediction for r in results], **context,
            }
    stored = st.session_state.get(f"{p}__spread")
    if stored is None:
        return
    if request is None or stored["request"] != request:
        st.info("These seeds were trained with earlier settings; train them again to update.")
    labels, expected = stored["labels"], stored["expected"]
    st.plotly_chart(fv.spread_figure(stored["predictions"], stored["seeds"], expected, labels),
                    key=f"{p}_spread_figure")
    st.markdown(fv.spread_summary(stored["predictions"], labels))
    if expected is not None and not all(fv.within(one, expected) for one in stored["predictions"]):
        st.markdown("Some seeds miss by more than 5%. Try more epochs and train the seeds again: "
                    "a model that has really learned the pattern lands close whatever the seed.")
    st.markdown(fv.table_html(fv.spread_table(stored["predictions"], stored["seeds"], expected, labels)),
                unsafe_allow_html=True)


def _download(lesson: ForecastLesson, setup: Setup, variant: str, n_seq: int, units: int,
              request: training.TrainRequest | None, test: np.ndarray | None) -> None:
    st.subheader("7. Take the code with you")
    if request is None or test is None:
        st.caption("Fix the settings above to get a script that runs.")
        return
    facts = export.facts_for(
        lesson, data=setup.data, n_in=setup.n_in, n_out=setup.n_out, variant=variant, n_seq=n_seq,
        units=units, epochs=request.epochs, learning_rate=request.learning_rate, seed=request.seed,
        test_input=test,
    )
    st.markdown("A standalone script that does everything on this tab: data, windows, reshape, model, "
                "training and prediction. It needs only NumPy and Keras.")
    widgets.code_download(export.standalone_script(facts), export.script_name(facts))


def render_lesson(lesson: ForecastLesson) -> None:
    """Every section of one lesson, in order."""
    p = f"fc_{lesson.key}"
    setup = render_windows(lesson, p)
    variant, n_seq, prepared = _variant_section(lesson, setup, p)
    if prepared is None:
        return
    units = _model_section(lesson, variant, prepared, p)
    _train_and_results(lesson, setup, variant, n_seq, prepared, units, p)


@st.fragment
def _train_and_results(lesson: ForecastLesson, setup: Setup, variant: str, n_seq: int,
                       prepared: models.Prepared, units: int, p: str) -> None:
    """Sections 4 to 7. A fragment: Train and the settings beside it rerun only these sections, so a
    click starts the training at once and the browser redraws only what changes below the model."""
    request, test, pressed = _request(lesson, setup, variant, n_seq, prepared, units, p)
    if request is not None:  # on a server still warming up, the model this learner is about to train goes first
        training.warm_up_first(request)
    context = {
        "test": test, "n_out": setup.n_out, "columns": list(setup.columns),
        "labels": fv.output_labels(lesson.framing, setup.n_out, len(setup.columns), setup.columns),
        "expected": None if test is None else fv.expected_output(lesson, setup.data, setup.n_in, setup.n_out, test),
    }
    _train(request, pressed, context, p)
    _show_result(lesson, request, p)
    inside_view.forecast_inside(variant, prepared, units, st.session_state.get(f"{p}__result"), p)
    _spread(lesson, request, context, p)
    _download(lesson, setup, variant, n_seq, units, request, test)

"""The widgets every page reuses: shape badge, array view, number and table inputs, errors, training."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lessons import engine
from lessons.core import MAX_VALUES, CapturedError, InputError, array_picture, parse_numbers, shape_badge_html
from lessons.core.parsing import table_from_link, table_to_link
from ui import state

MAX_CELL_EDIT = 1_000  # beyond this many values the cell editor would be unusable


def shape_badge(shape: Sequence[int | None], names: Sequence[str] | None = None, label: str | None = None) -> None:
    """A shape tuple with each number coloured and captioned by its axis."""
    st.markdown(shape_badge_html(tuple(shape), names, label), unsafe_allow_html=True)


def array_view(array: np.ndarray, names: Sequence[str] | None = None, key: str | None = None,
               mask: np.ndarray | None = None) -> None:
    """The array as cards of cells (one card per sample), with a caption on what it leaves out.

    `key` names the picture's container (CSS class `st-key-<key>`), so a test can find it.
    `mask` (booleans, the array's shape) marks padded cells: drawn hatched and grey.
    """
    picture = array_picture(array, names, mask)
    with st.container(key=key):
        st.html(picture.html)
        st.caption(picture.caption)


def format_numbers(values: np.ndarray) -> str:
    """Numbers as a learner would type them: shortest exact form, comma-separated."""
    return ", ".join(f"{v:g}" if float(v) == float(f"{v:g}") else repr(float(v)) for v in np.ravel(values))


def numbers_input(
    label: str,
    key: str,
    default: Sequence[float] | np.ndarray,
    *,
    min_count: int = 1,
    max_count: int = MAX_VALUES,
    help: str | None = None,
    link: str | None = None,
) -> np.ndarray:
    """A sequence typed or pasted (commas, spaces, new lines) or edited cell by cell.

    Returns the last good values: while the text is bad, a message says why under the box and
    everything downstream keeps showing the previous sequence. With `link`, the sequence also lives
    in the page's URL as `?<link>=…` (a shared link opens with it; a malformed one falls back to the
    default with a note).
    """
    if link is not None:
        default = state.query_value(link, np.asarray(default, dtype=float),
                                    lambda text: parse_numbers(text, min_count=min_count, max_count=max_count))
    values = _numbers_input(label, key, default, min_count=min_count, max_count=max_count, help=help)
    if link is not None:
        state.set_query(link, format_numbers(values))
    return values


def _numbers_input(label: str, key: str, default: Sequence[float] | np.ndarray, *, min_count: int,
                   max_count: int, help: str | None) -> np.ndarray:
    good = state.good_value(key, np.asarray(default, dtype=float))
    if key not in st.session_state:  # first visit, or Streamlit dropped it on a page switch
        st.session_state[key] = format_numbers(good)

    mode = st.segmented_control(
        "Edit as", ["Text", "Cells"], default="Text", key=f"{key}__mode", label_visibility="collapsed",
    ) or "Text"
    if mode == "Cells":
        if good.size > MAX_CELL_EDIT:
            st.info(f"{good.size:,} values are too many to edit cell by cell; switch to Text to paste them.")
            return good
        frame = st.data_editor(
            pd.DataFrame({"value": good}), key=f"{key}__cells", num_rows="dynamic", hide_index=False,
            height=min(400, 38 + 35 * (good.size + 1)),
        )
        column = pd.to_numeric(frame["value"], errors="coerce").to_numpy(dtype=float)
        text = ", ".join("" if np.isnan(v) else format_numbers(np.array([v])) for v in column)
        empty_cells = bool(np.isnan(column).any())
    else:
        text = st.text_area(label, key=key, help=help, height=100, persist_state="session")
        empty_cells = False

    def parse() -> np.ndarray:
        if empty_cells:
            raise InputError("Some cells are empty or not numbers; fill them in.")
        return parse_numbers(text, min_count=min_count, max_count=max_count)

    values = state.last_good(key, parse, good, lambda kept: f"sequence ({kept.size:,} values)")
    if values is good:  # the input was bad: nothing new to hand on
        return good
    if mode == "Cells":
        st.session_state.pop(key, None)  # the text box picks up the cells' values next time
    return values


def table_input(
    label: str,
    key: str,
    default: pd.DataFrame,
    *,
    min_rows: int = 1,
    max_rows: int = 10_000,
    min_columns: int = 1,
    max_columns: int = 12,
    allow_add_columns: bool = True,
    link: str | None = None,
) -> pd.DataFrame:
    """An editable table of numbers, one column per series; returns the last good table.

    With `link`, the table also lives in the page's URL as `?<link>=1,2|3,4` (columns of numbers;
    columns beyond the default's are named "series N").
    """
    if link is not None:
        if not allow_add_columns:
            min_columns = max_columns = len(default.columns)
        default = state.query_value(link, default, lambda text: _table_from_link(text, default, min_rows, max_rows,
                                                                                  min_columns, max_columns))
    frame = _table_input(label, key, default, min_rows=min_rows, max_rows=max_rows, min_columns=min_columns,
                         max_columns=max_columns, allow_add_columns=allow_add_columns)
    if link is not None:
        state.set_query(link, table_to_link([frame[c].to_numpy(dtype=float) for c in frame.columns]))
    return frame


def _table_from_link(text: str, default: pd.DataFrame, min_rows: int, max_rows: int, min_columns: int,
                     max_columns: int) -> pd.DataFrame:
    columns = table_from_link(text, max_rows=max_rows)
    if not min_columns <= len(columns) <= max_columns:
        raise InputError(f"the table needs {min_columns} to {max_columns} columns; the link has {len(columns)}")
    if columns[0].size < min_rows:
        raise InputError(f"the table needs at least {min_rows} rows; the link has {columns[0].size}")
    names = [str(c) for c in default.columns][: len(columns)]
    names += [f"series {i + 1}" for i in range(len(names), len(columns))]
    return pd.DataFrame(dict(zip(names, columns)))


def _table_input(label: str, key: str, default: pd.DataFrame, *, min_rows: int, max_rows: int, min_columns: int,
                 max_columns: int, allow_add_columns: bool) -> pd.DataFrame:
    version_key = f"{key}__version"
    st.session_state.setdefault(version_key, 0)
    good: pd.DataFrame = state.good_value(key, default.astype(float))

    st.markdown(f"**{label}**")
    if allow_add_columns:
        add, remove, _ = st.columns([1, 1, 3])
        if add.button("Add a series", key=f"{key}__add", disabled=good.shape[1] >= max_columns):
            _change_columns(key, good, +1)
        if remove.button("Remove last series", key=f"{key}__remove", disabled=good.shape[1] <= min_columns):
            _change_columns(key, good, -1)
        good = state.good_value(key, good)
    frame = st.data_editor(
        good, key=f"{key}__editor{st.session_state[version_key]}", num_rows="dynamic",
        height=min(420, 38 + 35 * (len(good) + 1)),
    )
    numeric = frame.apply(pd.to_numeric, errors="coerce")

    def check() -> pd.DataFrame:
        problem = _table_problem(numeric, min_rows, max_rows)
        if problem:
            raise InputError(problem)
        return numeric.astype(float).reset_index(drop=True)

    return state.last_good(key, check, good,
                           lambda kept: f"table ({kept.shape[0]} rows × {kept.shape[1]} series)")


def _change_columns(key: str, good: pd.DataFrame, delta: int) -> None:
    frame = good.copy()
    if delta > 0:
        name = f"series {frame.shape[1] + 1}"
        while name in frame.columns:
            name += "'"
        frame[name] = frame.iloc[:, -1] if frame.shape[1] else 0.0
    else:
        frame = frame.iloc[:, :-1]
    state.keep_good(key, frame)
    st.session_state[f"{key}__version"] += 1  # a fresh editor: its pending edits were for the old columns


def _table_problem(frame: pd.DataFrame, min_rows: int, max_rows: int) -> str | None:
    if len(frame) < min_rows:
        return f"The table needs at least {min_rows} rows; it has {len(frame)}."
    if len(frame) > max_rows:
        return f"The table has {len(frame):,} rows; the limit here is {max_rows:,}."
    missing = frame.isna()
    if missing.to_numpy().any():
        row, col = np.argwhere(missing.to_numpy())[0]
        return f"Row {row} of '{frame.columns[col]}' is empty or not a number."
    if not np.isfinite(frame.to_numpy(dtype=float)).all():
        return "The table holds an infinite value; use finite numbers only."
    return None


def captured_error(error: CapturedError, explanation: str | None = None) -> None:
    """A real library error, word for word, then what it means in plain words."""
    st.error(f"**{error.source} raised `{error.kind}`:**\n\n```\n{error.headline()}\n```")
    if explanation:
        st.markdown(explanation)


CHART_SECONDS = 0.5  # the live loss curve is redrawn at most this often


@dataclass
class TrainingProgress:
    """The callbacks a training engine calls, drawing a progress bar and a live loss curve."""

    total_epochs: int
    bar: object
    chart: object
    status: object
    loss_name: str = "MSE"
    chart_drawn_at: float | None = field(default=None)  # time.monotonic() of the last loss curve drawn

    def on_wait(self, ahead: int) -> None:
        if engine.warming_up():
            self.status.info("The trainer is warming up (loading TensorFlow and preparing the lessons' models); "
                             "your training starts in a moment.")
            return
        self.status.info(
            f"Waiting for the trainer: {ahead} training{'s' if ahead != 1 else ''} ahead of you. "
            "Trainings take turns so that every seed gives the same result."
        )

    def on_progress(self, done: int, total: int, losses: list[float]) -> None:
        self.status.empty()
        self.bar.progress(min(1.0, done / max(total, 1)), text=f"Epoch {done:,} of {total:,}"
                          + (f" — loss {losses[-1]:.4g}" if losses else ""))
        now = time.monotonic()
        if losses and (self.chart_drawn_at is None or now - self.chart_drawn_at >= CHART_SECONDS):
            # The bar moves at every report; the curve, a whole Plotly figure for the browser to
            # draw, at most every CHART_SECONDS, so a quick training is not slowed by its own pictures.
            self.chart_drawn_at = now
            self.chart.plotly_chart(loss_figure(losses, total, self.loss_name), key=None)


def loss_figure(losses: Sequence[float], total_epochs: int | None = None, loss_name: str = "MSE") -> go.Figure:
    figure = go.Figure(go.Scatter(x=np.arange(1, len(losses) + 1), y=list(losses), mode="lines", name="loss"))
    figure.update_layout(
        height=220, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=f"Training loss ({loss_name})",
        xaxis={"title": "epoch", "range": [1, total_epochs or len(losses)]},
        yaxis={"type": "log", "title": "loss"},
    )
    return figure


@contextmanager
def training_progress(total_epochs: int, key: str, loss_name: str = "MSE") -> Iterator[TrainingProgress]:
    """A place on the page for a training's queue place, progress bar and loss curve."""
    status = st.empty()
    bar = st.progress(0.0, text="Starting…")
    chart = st.empty()
    status.info("Preparing the model…")
    lost = None
    try:
        yield TrainingProgress(total_epochs, bar, chart, status, loss_name)
    except engine.WorkerLost as error:  # its training process died: say so, keep the page's inputs
        lost = error
    finally:  # the result (or the error) takes the progress bar's place
        for placeholder in (status, bar, chart):
            placeholder.empty()
    if lost is not None:
        status.error(str(lost), icon=":material/restart_alt:")
        state.stop()


def code_download(code: str, file_name: str, label: str = "Download this script") -> None:
    """A script to take away: the download first, the full text folded so the page stays short."""
    st.download_button(label, code, file_name=file_name, mime="text/x-python", key=f"download_{file_name}",
                       icon=":material/download:")
    with st.expander(f"Read {file_name} ({code.count(chr(10)) + 1} lines)"):
        st.code(code, language="python", wrap_lines=True)

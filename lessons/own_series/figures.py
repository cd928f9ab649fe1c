"""Pictures of the learner's own series: the split on the windows, the known-ahead grid, forecasts.

Plotly figures and small HTML; every x-axis is the data's own time column (dates) when it has one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lessons.own_series.data import OwnTable
from lessons.own_series.pipeline import PART_NAMES, Prepared

PART_COLOURS = {"train": "#1f77b4", "validation": "#ff7f0e", "test": "#2ca02c"}
FORECAST_COLOURS = {"truth": "#222222", "recursive": "#d62728", "direct": "#9467bd",
                    "persistence": "#8c8c8c", "seasonal-naive": "#bcbd22"}
FORECAST_LABELS = {"recursive": "LSTM, recursive", "direct": "LSTM, direct",
                   "persistence": "persistence (next = last)", "seasonal-naive": "seasonal-naive"}
LEAK_COLOUR = "#d62728"


def _x(table: OwnTable, rows: np.ndarray | slice) -> np.ndarray | pd.DatetimeIndex:
    """The x positions of some rows. Dates go to Plotly as a DatetimeIndex: it validates a NumPy
    datetime64 array value by value, ten times slower (60 ms for 5,000 dates)."""
    values = table.x_axis[rows]
    return pd.DatetimeIndex(values) if np.issubdtype(values.dtype, np.datetime64) else values


def _at(table: OwnTable, row: int) -> object:
    """One row's x position as Plotly's shapes take it (a Timestamp, not a NumPy datetime64)."""
    value = table.x_axis[row]
    return pd.Timestamp(value) if isinstance(value, np.datetime64) else float(value)


def future_x(table: OwnTable, horizon: int) -> np.ndarray:
    """The x positions of the H rows after the data: the next dates at the data's own pace."""
    if table.times is None:
        return np.arange(table.rows, table.rows + horizon)
    times = table.times
    if np.issubdtype(times.dtype, np.datetime64):
        index = pd.DatetimeIndex(times)
        freq = pd.infer_freq(index[-min(len(index), 50):]) if len(index) >= 3 else None
        if freq is not None:
            return pd.date_range(index[-1], periods=horizon + 1, freq=freq)[1:].to_numpy()
    step = np.median(np.diff(times))
    return times[-1] + step * np.arange(1, horizon + 1)


def split_figure(prepared: Prepared, ladder: int = 3) -> go.Figure:
    """The target over time, each part in its colour, and under it a few windows of each part: the
    rows each reads (thin, light) and forecasts (thick, dark). One window that would cross from
    training into validation is drawn dashed in red: it is never cut."""
    table, s = prepared.table, prepared.settings
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.55, 0.45], vertical_spacing=0.06)
    target = table.values[:, 0]
    for part in prepared.parts:
        rows = slice(part.start, part.stop)
        figure.add_trace(go.Scatter(
            x=_x(table, rows), y=target[rows], mode="lines", name=f"{PART_NAMES[part.name]} rows ({part.rows})",
            line={"color": PART_COLOURS[part.name]}, legendgroup=part.name,
        ), row=1, col=1)
    labels = []
    for part in prepared.parts:
        starts = prepared.windows[part.name].starts
        picks = sorted({int(i) for i in np.linspace(0, len(starts) - 1, min(ladder, len(starts)))})
        for i in picks:
            label = f"{PART_NAMES[part.name]} window {i}"
            labels.append(label)
            _window_bar(figure, table, int(starts[i]), s.n_in, s.horizon, label, PART_COLOURS[part.name])
    leak = "never cut: crosses into validation"
    labels.append(leak)
    _window_bar(figure, table, prepared.parts[1].start - s.n_in, s.n_in, s.horizon, leak, LEAK_COLOUR, dash=True)
    for part in prepared.parts[1:]:
        figure.add_vline(x=_at(table, part.start), line_dash="dot", line_color="#888888")
    figure.update_yaxes(title_text=table.target, row=1, col=1)
    figure.update_yaxes(categoryorder="array", categoryarray=labels[::-1], row=2, col=1, tickfont={"size": 10})
    figure.update_xaxes(title_text=table.time_name or "row", row=2, col=1)
    figure.update_layout(
        height=520, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        title=f"{table.target}: split by time, windows cut inside each part (light: rows read, dark: forecast)",
        legend={"orientation": "h", "y": -0.12},
    )
    return figure


def _window_bar(figure: go.Figure, table: OwnTable, start: int, n_in: int, horizon: int, label: str,
                colour: str, dash: bool = False) -> None:
    read = slice(start, start + n_in)
    ahead = slice(start + n_in - 1, min(start + n_in + horizon, table.rows))  # joined to the last row read
    for rows, width, alpha in ((read, 6, 0.45), (ahead, 12, 1.0)):
        line = {"color": colour, "width": width, "dash": "dot" if dash else "solid"}
        x = _x(table, rows)[[0, -1]]  # a bar: its first and last row are enough
        figure.add_trace(go.Scatter(
            x=x, y=[label, label], mode="lines", line=line, opacity=alpha, showlegend=False,
            hovertemplate=f"{label}<br>%{{x}}<extra></extra>",
        ), row=2, col=1)


def known_grid_html(columns: Sequence[str], known: Sequence[bool], n_in: int, horizon: int, shown: int = 3) -> str:
    """One direct-model window as a grid: rows are timesteps, columns are the series. Read cells
    (the past), known-ahead cells (future values the model reads) and predicted cells (the target's
    future, what the model outputs) each get a colour; future cells of inputs not known ahead are 0."""
    styles = {"read": ("#dbe9f6", "read"), "known": ("#ffe7b3", "known ahead"),
              "predicted": ("#f4b6b6", "predicted"), "zero": ("#eeeeee", "0 (not known)")}
    has_known = any(known)
    steps = [f"t-{n_in - 1 - i}" if i < n_in - 1 else "t" for i in range(n_in)]
    steps += [f"t+{h}" for h in range(1, horizon + 1)]
    rows = []
    for i, step in enumerate(steps):
        if n_in > 2 * shown and shown <= i < n_in - shown:
            if i == shown:
                rows.append(f"<tr><td colspan='{len(columns) + 1}' style='text-align:center'>"
                            f"… {n_in - 2 * shown} more rows read …</td></tr>")
            continue
        future = i >= n_in
        cells = []
        for c, name in enumerate(columns):
            if not future:
                kind = "read"
            elif c == 0:
                kind = "predicted"
            else:
                kind = "known" if known[c] else "zero"
            colour, word = styles[kind]
            cells.append(f"<td style='background:{colour};padding:2px 8px' title='{name} at {step}: {word}'>{word}</td>")
        rows.append(f"<tr><th style='padding:2px 8px'>{step}</th>{''.join(cells)}</tr>")
    head = "".join(f"<th style='padding:2px 8px'>{name}</th>" for name in columns)
    note = ("The model reads the rows down to t, then the known-ahead cells of t+1 … "
            f"t+{horizon}: its input has {n_in + horizon} timesteps." if has_known else
            f"No column is known ahead: the model reads the {n_in} rows down to t only.")
    return (f"<table style='border-collapse:collapse;font-size:0.85em'><tr><th></th>{head}</tr>{''.join(rows)}</table>"
            f"<p style='font-size:0.85em'>{note} Red cells are what it forecasts.</p>")


def test_figure(prepared: Prepared, forecasts: dict[str, np.ndarray], steps_ahead: int = 1) -> go.Figure:
    """The test rows' truth and each forecast `steps_ahead` steps after its window, in the data's units."""
    table, s = prepared.table, prepared.settings
    test = prepared.test
    h = max(1, min(steps_ahead, s.horizon))
    rows = test.starts + s.n_in + h - 1
    figure = go.Figure()
    part = prepared.parts[2]
    context = slice(max(0, part.start - 2 * s.n_in), table.rows)
    figure.add_trace(go.Scatter(x=_x(table, context), y=table.values[context, 0], mode="lines", name="truth",
                                line={"color": FORECAST_COLOURS["truth"]}))
    for name, forecast in forecasts.items():
        figure.add_trace(go.Scatter(x=_x(table, rows), y=np.asarray(forecast)[:, h - 1], mode="lines+markers",
                                    name=FORECAST_LABELS.get(name, name), marker={"size": 4},
                                    line={"color": FORECAST_COLOURS.get(name)}))
    figure.add_vrect(x0=_at(table, part.start), x1=_at(table, table.rows - 1), fillcolor=PART_COLOURS["test"],
                     opacity=0.07, line_width=0, annotation_text="test rows", annotation_position="top left")
    figure.update_layout(height=380, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         title=f"Test windows: each forecast {h} step{'s' if h > 1 else ''} ahead",
                         xaxis={"title": table.time_name or "row"}, yaxis={"title": table.target},
                         legend={"orientation": "h", "y": -0.2})
    return figure


def future_figure(table: OwnTable, recursive: np.ndarray, direct: np.ndarray, context: int = 36) -> go.Figure:
    """The data's last rows and the H steps after them, forecast both ways."""
    horizon = len(recursive)
    tail = slice(max(0, table.rows - max(context, 2 * horizon)), table.rows)
    later = future_x(table, horizon)
    last_x, last_y = table.x_axis[-1], table.values[-1, 0]
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=_x(table, tail), y=table.values[tail, 0], mode="lines", name="your data",
                                line={"color": FORECAST_COLOURS["truth"]}))
    for name, values in (("recursive", recursive), ("direct", direct)):
        figure.add_trace(go.Scatter(x=np.concatenate([[last_x], later]), y=np.concatenate([[last_y], values]),
                                    mode="lines+markers", name=f"{name} forecast",
                                    line={"color": FORECAST_COLOURS[name], "dash": "dot"}))
    figure.update_layout(height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         title=f"Past the end of the data: {horizon} steps",
                         xaxis={"title": table.time_name or "row"}, yaxis={"title": table.target},
                         legend={"orientation": "h", "y": -0.2})
    return figure


def sweep_figure(results: Sequence, baseline: float | None = None) -> go.Figure:
    """Validation RMSE per look-back (one line per number of units), all on the same target rows."""
    figure = go.Figure()
    for units in sorted({r.units for r in results}):
        chosen = sorted((r for r in results if r.units == units), key=lambda r: r.n_in)
        figure.add_trace(go.Scatter(x=[r.n_in for r in chosen], y=[r.validation_rmse for r in chosen],
                                    mode="lines+markers", name=f"{units} units"))
    if baseline is not None:
        figure.add_hline(y=baseline, line_dash="dot", annotation_text="seasonal-naive, same rows")
    figure.update_layout(height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         title="Validation error per look-back", xaxis={"title": "n_in (rows read)"},
                         yaxis={"title": "validation RMSE"})
    return figure

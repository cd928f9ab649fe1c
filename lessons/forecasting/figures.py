"""Pictures and tables for the forecasting lessons: windows on the series, predictions, spread.

Everything here is pure: NumPy in, Plotly figures, pandas tables and plain sentences out.
Which rows and columns a sample reads and forecasts comes from its `framings.Framing`, the same
object that cuts X and y, so a picture cannot disagree with the arrays.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lessons.core.axes import shape_badge_html
from lessons.core.parsing import InputError
from lessons.forecasting.framings import Framing, as_table
from lessons.forecasting.tutorial import ForecastLesson

# One colour per window; a window's input band and its target share it (the "linked colour").
WINDOW_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4")
# Series lines stay muted so the coloured windows stand out on top of them.
COLUMN_COLOURS = ("#444444", "#7f8fa6", "#b08968", "#6c757d", "#8d99ae", "#a68a64")
MAX_LADDER = 30  # windows drawn in the ladder; more would be an unreadable stripe
EXPECTED_COLOUR = "#2ca02c"
PREDICTED_COLOUR = "#d62728"


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def ladder_range(count: int, selected: int, limit: int = MAX_LADDER) -> range:
    """Which windows the ladder draws: all of them, or `limit` around the selected one."""
    if count <= limit:
        return range(count)
    start = max(0, min(selected - limit // 2, count - limit))
    return range(start, start + limit)


def window_figure(
    data: np.ndarray,
    framing: Framing,
    n_in: int,
    n_out: int,
    selected: int = 0,
    columns: Sequence[str] | None = None,
) -> go.Figure:
    """The series with one window highlighted (top) and every window as a rung of a ladder (bottom).

    A window's input rows and its target rows share one colour in both panels. Raises
    `WindowError` when the window does not fit, as `framing.cut` does.
    """
    table = as_table(data)
    n_rows, n_cols = table.shape
    names = list(columns) if columns is not None else framing.column_names(n_cols)
    count = framing.sample_count(n_rows, n_in, n_out)
    selected = min(max(selected, 0), count - 1)
    inputs, targets = framing.input_columns(n_cols), framing.target_columns(n_cols)
    shown = ladder_range(count, selected)

    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.55, 0.45],
        subplot_titles=(f"The data, sample {selected} highlighted", "Every sample: input rows ━ and target ★"),
    )
    rows_x = np.arange(n_rows)
    for c in range(n_cols):
        figure.add_trace(
            go.Scatter(x=rows_x, y=table[:, c], mode="lines+markers", name=names[c],
                       line={"color": COLUMN_COLOURS[c % len(COLUMN_COLOURS)], "width": 1.5},
                       marker={"size": 5},
                       hovertemplate=f"{names[c]}, row %{{x}}: %{{y:.4g}}<extra></extra>"),
            row=1, col=1,
        )
    span = framing.span(selected, n_in, n_out)
    colour = WINDOW_COLOURS[selected % len(WINDOW_COLOURS)]
    figure.add_vrect(x0=span.start - 0.45, x1=span.stop - 0.55, fillcolor=_rgba(colour, 0.15),
                     line_width=0, row=1, col=1)
    in_rows = np.arange(span.start, span.stop)
    for c in inputs:
        figure.add_trace(
            go.Scatter(x=in_rows, y=table[span.start : span.stop, c], mode="markers",
                       name=f"X[{selected}]" if c == inputs[0] else None, showlegend=c == inputs[0],
                       marker={"size": 11, "color": _rgba(colour, 0.35), "line": {"color": colour, "width": 2}},
                       hovertemplate=f"input {names[c]}, row %{{x}}: %{{y:.4g}}<extra></extra>"),
            row=1, col=1,
        )
    target_rows = np.arange(span.target_start, span.target_stop)
    for c in targets:
        figure.add_trace(
            go.Scatter(x=target_rows, y=table[span.target_start : span.target_stop, c], mode="markers",
                       name=f"y[{selected}]" if c == targets[0] else None, showlegend=c == targets[0],
                       marker={"size": 16, "symbol": "star", "color": colour, "line": {"color": "#222", "width": 1}},
                       hovertemplate=f"target {names[c]}, row %{{x}}: %{{y:.4g}}<extra></extra>"),
            row=1, col=1,
        )
    if framing.overlap:
        figure.add_annotation(
            x=span.target_start, y=float(table[span.target_start, targets[0]]), row=1, col=1,
            text="target = out at the last input row", showarrow=True, arrowhead=2, ax=-60, ay=-35,
            font={"color": colour},
        )

    for i in shown:
        s = framing.span(i, n_in, n_out)
        c = WINDOW_COLOURS[i % len(WINDOW_COLOURS)]
        strong = i == selected
        figure.add_trace(
            go.Scatter(x=list(range(s.start, s.stop)), y=[i] * (s.stop - s.start), mode="lines+markers",
                       line={"color": c, "width": 9 if strong else 5}, opacity=1.0 if strong else 0.55,
                       marker={"size": 7}, showlegend=False,
                       hovertemplate=f"sample {i}: input rows {s.start}–{s.stop - 1}<extra></extra>"),
            row=2, col=1,
        )
        figure.add_trace(
            go.Scatter(x=list(range(s.target_start, s.target_stop)), y=[i] * (s.target_stop - s.target_start),
                       mode="markers", marker={"size": 15 if strong else 11, "symbol": "star", "color": c,
                                               "line": {"color": "#222", "width": 1 if strong else 0}},
                       opacity=1.0 if strong else 0.7, showlegend=False,
                       hovertemplate=f"sample {i}: target rows {s.target_start}–{s.target_stop - 1}<extra></extra>"),
            row=2, col=1,
        )
    figure.update_yaxes(title_text="value", row=1, col=1)
    figure.update_yaxes(title_text="sample", autorange="reversed", dtick=1 if len(shown) <= 12 else None,
                        row=2, col=1)
    figure.update_xaxes(title_text="row (timestep in the data)", dtick=1 if n_rows <= 30 else None, row=2, col=1)
    figure.update_layout(height=440, margin={"l": 10, "r": 10, "t": 70, "b": 10},
                         legend={"orientation": "h", "y": 0.99, "yanchor": "top", "yref": "container"})
    return figure


def number_text(value: float) -> str:
    """A value as page text writes it: 65, 0.5, 1,250 (no float noise such as 65.00000001)."""
    rounded = round(float(value), 4)
    return f"{rounded:,.0f}" if rounded == int(rounded) else f"{rounded:,g}"


def numbers_text(values: np.ndarray, most: int = 6) -> str:
    """A few values as a list in words: "70, 80, 90", or "10, 20, …, 90" when there are many."""
    flat = [number_text(v) for v in np.ravel(values)]
    return ", ".join(flat) if len(flat) <= most else f"{flat[0]}, {flat[1]}, …, {flat[-1]}"


def expected_text(lesson: ForecastLesson) -> str:
    """The lesson's expected answer in words, step by step: "100", "185, 205", "[90, 95, 185] then [100, 105, 205]"."""
    expected = np.asarray(lesson.expected, dtype=float)
    if expected.ndim == 2 and expected.shape[1] > 1:  # several steps of several series
        return " then ".join(f"[{numbers_text(row)}]" for row in expected)
    return numbers_text(expected)


def framing_note(framing: Framing, data: np.ndarray, n_in: int, n_out: int, columns: Sequence[str]) -> str | None:
    """Where the multiple-input target sits, told with the first sample's own rows and values.

    Readers of the tutorial often expect the row after the window; the target is the output
    column on the window's last row, so the numbers come from the data on the page.
    """
    if not framing.overlap:
        return None
    table = as_table(data)
    out = columns[framing.target_columns(table.shape[1])[0]]
    last = n_in - 1  # the first sample's last input row
    steps = framing.horizon(n_out)
    if last + steps > len(table):
        return None
    values = ", ".join(number_text(table[r, -1]) for r in range(last, last + steps))
    if steps == 1:
        target = f"its target is {out} on row {last} ({values})"
        if last + 1 < len(table):
            target += f", not {out} on row {last + 1} ({number_text(table[last + 1, -1])})"
    else:
        target = f"its targets are {out} on rows {last}–{last + steps - 1} ({values})"
    return (f"Look where the target sits: on the last row the model reads, not the row after it. "
            f"The first sample reads rows 0–{last}, and {target}. The model learns {out} from the "
            "inputs at the same timestep it reads them.")


def ladder_caption(count: int, selected: int) -> str:
    shown = ladder_range(count, selected)
    if len(shown) == count:
        return f"{count} samples, every one drawn."
    return f"{count:,} samples; drawing samples {shown.start}–{shown.stop - 1} around the highlighted one."


def output_labels(framing: Framing, n_out: int, n_columns: int, columns: Sequence[str] | None = None) -> list[str]:
    """A name for each value one prediction holds, in the order of the flattened expected array.

    t is the last input row, so "series at t+1" is the next value and "out at t" is the
    multiple-input target on the last input row.
    """
    names = list(columns) if columns is not None else framing.column_names(n_columns)
    target_names = [names[c] for c in framing.target_columns(n_columns)]
    first = 0 if framing.overlap else 1
    steps = [f"t+{first + k}" if first + k else "t" for k in range(framing.horizon(n_out))]
    return [f"{name} at {step}" for step in steps for name in target_names]


def expected_output(
    lesson: ForecastLesson, data: np.ndarray, n_in: int, n_out: int, test_input: np.ndarray
) -> np.ndarray | None:
    """The tutorial's expected value, or None when the learner's data or windows make it unknown."""
    same = (
        np.shape(data) == lesson.data.shape
        and np.allclose(data, lesson.data)
        and n_in == lesson.n_in
        and lesson.framing.horizon(n_out) == lesson.framing.horizon(lesson.n_out)
        and np.shape(test_input) == lesson.test_input.shape
        and np.allclose(test_input, lesson.test_input)
    )
    return lesson.expected if same else None


def test_input_shape(framing: Framing, n_in: int, n_columns: int) -> tuple[int, ...]:
    """The shape one test input must have: n_in values, or n_in rows of the input columns."""
    if not framing.table:
        return (n_in,)
    return (n_in, len(framing.input_columns(n_columns)))


def check_test_input(values: np.ndarray, framing: Framing, n_in: int, n_columns: int) -> np.ndarray:
    """The test input as a float array, or an InputError saying what length it must have."""
    array = np.asarray(values, dtype=float)
    wanted = test_input_shape(framing, n_in, n_columns)
    if array.shape == wanted:
        return array
    if len(wanted) == 1:
        raise InputError(
            f"The model reads {n_in} timesteps, so the test input needs {n_in} values; it has {array.size}."
        )
    raise InputError(
        f"The model reads {n_in} timesteps of {wanted[1]} input series, so the test input needs "
        f"{wanted[0]} rows × {wanted[1]} columns; it has {' × '.join(map(str, array.shape))}."
    )


def default_test_input(data: np.ndarray, framing: Framing, n_in: int) -> np.ndarray:
    """A test input that fits the window: the last n_in rows of the input columns."""
    table = as_table(data)
    rows = table[-n_in:, framing.input_columns(table.shape[1])]
    return rows[:, 0] if not framing.table else rows


def prediction_table(
    prediction: np.ndarray, expected: np.ndarray | None, labels: Sequence[str]
) -> pd.DataFrame:
    """One row per predicted value: expected, predicted, error and error as a share of expected.

    The share has no value (None) where the expected value is 0; a NaN is a NaN the model predicted."""
    predicted = np.asarray(prediction, dtype=float).ravel()
    frame = pd.DataFrame({"output": list(labels), "predicted": predicted})
    if expected is None:
        return frame
    wanted = np.asarray(expected, dtype=float).ravel()
    frame.insert(1, "expected", wanted)
    frame["error"] = predicted - wanted
    frame["error %"] = pd.Series([100 * (p - w) / abs(w) if w != 0 else None for p, w in zip(predicted, wanted)],
                                 dtype=object)
    return frame


def how_far_off(prediction: np.ndarray, expected: np.ndarray | None, labels: Sequence[str]) -> str:
    """One sentence on the largest miss, as a share of the expected value."""
    predicted = np.asarray(prediction, dtype=float).ravel()
    if expected is None:
        return ("Your data or window differs from the tutorial's, so there is no known right answer "
                "to compare with; judge the prediction against the pattern in your data.")
    wanted = np.asarray(expected, dtype=float).ravel()
    errors = predicted - wanted
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(wanted != 0, np.abs(errors) / np.abs(wanted) * 100, np.inf)
    worst = int(np.argmax(shares))  # judged by share, so 5 off 205 is not worse than 5 off 100
    share = float(shares[worst])
    verdict = "within 5%" if share <= 5 else "more than 5% off"
    where = f" on {labels[worst]}" if len(labels) > 1 else ""
    return (f"Largest miss{where}: predicted {predicted[worst]:.2f}, expected {wanted[worst]:g} "
            f"({errors[worst]:+.2f}, {share:.1f}%): {verdict}.")


def naive_split_shape(variant: str, x_shape: tuple[int, ...], n_seq: int) -> tuple[int, ...]:
    """The reshape a learner would write for CNN-LSTM / ConvLSTM: n_steps = window // n_seq.

    When n_seq does not divide the window this shape holds fewer values than X, and NumPy says so.
    """
    samples, window = x_shape[0], x_shape[1]
    features = x_shape[2] if len(x_shape) > 2 else 1
    n_steps = window // n_seq if n_seq > 0 else 0
    if variant == "conv_lstm":
        return (samples, n_seq, 1, n_steps, features)
    return (samples, n_seq, n_steps, features)


def within(prediction: np.ndarray, expected: np.ndarray, share: float = 0.05) -> bool:
    """Whether every predicted value is within `share` of its expected value."""
    predicted = np.asarray(prediction, dtype=float).ravel()
    wanted = np.asarray(expected, dtype=float).ravel()
    return bool(np.all(np.abs(predicted - wanted) <= share * np.abs(wanted)))


def forecast_figure(
    test_input: np.ndarray,
    framing: Framing,
    n_out: int,
    prediction: np.ndarray | None,
    expected: np.ndarray | None,
    columns: Sequence[str],
) -> go.Figure:
    """The test input as history, then expected and predicted values continuing it.

    x is the step relative to the last input row (0). Multi-step forecasts are drawn as a
    continuation of the series they forecast; the multiple-input target sits at step 0.
    """
    history = as_table(test_input)
    n_in = history.shape[0]
    n_columns = len(columns)
    ins, outs = framing.input_columns(n_columns), framing.target_columns(n_columns)
    steps = framing.horizon(n_out)
    first = 0 if framing.overlap else 1
    future_x = list(range(first, first + steps))
    history_x = list(range(-n_in + 1, 1))
    figure = go.Figure()
    for j, c in enumerate(ins):
        figure.add_trace(go.Scatter(
            x=history_x, y=history[:, j], mode="lines+markers", name=f"input {columns[c]}",
            line={"color": COLUMN_COLOURS[c % len(COLUMN_COLOURS)], "width": 2},
            hovertemplate=f"input {columns[c]}, step %{{x}}: %{{y:.4g}}<extra></extra>",
        ))

    def add_outputs(values: np.ndarray, label: str, colour: str, symbol: str, dash: str) -> None:
        grid = np.asarray(values, dtype=float).reshape(steps, len(outs))
        for k, c in enumerate(outs):
            xs, ys = list(future_x), list(grid[:, k])
            if c in ins and first == 1:  # continue the input line from its last point
                xs, ys = [0] + xs, [float(history[-1, ins.index(c)])] + ys
            named = len(outs) > 1  # several series: name each line at its end
            figure.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines+markers+text" if named else "lines+markers", name=label,
                legendgroup=label, showlegend=k == 0,
                text=["" for _ in xs[:-1]] + [columns[c]] if named else None, textposition="middle right",
                textfont={"color": colour},
                line={"color": colour, "dash": dash, "width": 2},
                marker={"symbol": ["circle-open" if x <= 0 and first == 1 else symbol for x in xs],
                        "size": [6 if x <= 0 and first == 1 else 12 for x in xs], "color": colour},
                hovertemplate=f"{label} {columns[c]}, step %{{x}}: %{{y:.4g}}<extra></extra>",
            ))

    if expected is not None:
        add_outputs(expected, "expected", EXPECTED_COLOUR, "circle-open", "dot")
    if prediction is not None:
        add_outputs(prediction, "predicted", PREDICTED_COLOUR, "x", "dash")
    figure.add_vline(x=0.5 if first else -0.5, line={"color": "#999", "dash": "dot"})
    figure.update_layout(
        height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"title": "step (0 = last input row)", "dtick": 1, "range": [-n_in + 0.7, first + steps - 0.3 + 0.5]},
        yaxis={"title": "value"}, legend={"orientation": "h", "y": 1.15},
    )
    return figure


def spread_figure(
    predictions: Sequence[np.ndarray], seeds: Sequence[int], expected: np.ndarray | None, labels: Sequence[str]
) -> go.Figure:
    """Each seed's prediction as a dot per output value, with the expected value as a bar across."""
    figure = go.Figure()
    for i, (seed, values) in enumerate(zip(seeds, predictions)):
        flat = np.asarray(values, dtype=float).ravel()
        figure.add_trace(go.Scatter(
            x=list(labels), y=flat, mode="markers", name=f"seed {seed}",
            marker={"size": 13, "color": WINDOW_COLOURS[i % len(WINDOW_COLOURS)], "opacity": 0.85,
                    "line": {"color": "#222", "width": 1}},
            hovertemplate=f"seed {seed}, %{{x}}: %{{y:.2f}}<extra></extra>",
        ))
    if expected is not None:
        figure.add_trace(go.Scatter(
            x=list(labels), y=np.asarray(expected, dtype=float).ravel(), mode="markers", name="expected",
            marker={"symbol": "line-ew", "size": 44, "line": {"color": EXPECTED_COLOUR, "width": 4}},
            hovertemplate="expected %{x}: %{y:g}<extra></extra>",
        ))
    figure.update_layout(height=340, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         yaxis={"title": "predicted value"}, legend={"orientation": "h", "y": 1.15})
    return figure


def spread_table(
    predictions: Sequence[np.ndarray], seeds: Sequence[int], expected: np.ndarray | None, labels: Sequence[str]
) -> pd.DataFrame:
    """One row per seed: its prediction for each output, and its largest miss when expected is known."""
    rows = []
    for seed, values in zip(seeds, predictions):
        flat = np.asarray(values, dtype=float).ravel()
        row: dict[str, float | int] = {"seed": seed, **{label: v for label, v in zip(labels, flat)}}
        if expected is not None:
            row["largest miss"] = float(np.max(np.abs(flat - np.asarray(expected, dtype=float).ravel())))
        rows.append(row)
    return pd.DataFrame(rows)


def spread_summary(predictions: Sequence[np.ndarray], labels: Sequence[str]) -> str:
    """How far apart the seeds landed, in one sentence per output (the widest first)."""
    stacked = np.array([np.asarray(p, dtype=float).ravel() for p in predictions])
    low, high = stacked.min(axis=0), stacked.max(axis=0)
    order = np.argsort(low - high)  # widest range first
    parts = [f"{labels[i]} from {low[i]:.2f} to {high[i]:.2f} (a range of {high[i] - low[i]:.2f})" for i in order]
    return f"Across {len(predictions)} seeds, the same model and data predicted " + "; ".join(parts) + "."


def window_axes(framing: Framing, X: np.ndarray, y: np.ndarray) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Axis names of X and y as `framing.cut` returns them (before any variant reshape)."""
    x_names = ("samples", "timesteps", "features")[: np.ndim(X)]
    if np.ndim(y) == 1:
        y_names: tuple[str, ...] = ("samples",)
    elif np.ndim(y) == 3:
        y_names = ("samples", "timesteps", "features")
    else:  # 2D: several steps of one series, or one step of several series
        y_names = ("samples", "timesteps" if framing.multistep else "features")
    return x_names, y_names


def layer_axes(kind: str, rank: int, is_last: bool) -> tuple[str, ...]:
    """Axis names for a layer's output shape, so model tables use the same colours as the data."""
    last = "outputs" if is_last else "features"
    if rank == 2:
        return ("samples", last)
    if rank == 3:  # after TimeDistributed(Flatten) the subsequences become the LSTM's timesteps
        return ("samples", "subsequences" if kind == "TimeDistributed(Flatten)" else "timesteps", last)
    if rank == 4:  # ConvLSTM2D gives rows × steps × filters; TimeDistributed CNN keeps subsequences
        return ("samples", "rows", "timesteps", last) if "ConvLSTM" in kind else (
            "samples", "subsequences", "timesteps", last)
    if rank == 5:
        return ("samples", "subsequences", "rows", "timesteps", last)
    return tuple("axis" for _ in range(rank))


def table_html(frame: pd.DataFrame, digits: int = 2) -> str:
    """A small table as static HTML: numbers right-aligned to `digits` places, a value that has no
    meaning (None) as "—", and a NaN as "NaN" (a diverged training shows as what it is).

    The result tables are drawn this way rather than as a data grid: a few rows read at a glance, and
    the page draws them with the text around them instead of loading the grid's code on first use.
    """
    def is_number(value: object) -> bool:
        return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)

    def cell(value: object) -> str:
        if value is None:
            return "<td style='text-align:right'>—</td>"
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return f"<td style='text-align:right'>{value}</td>"
        if is_number(value):
            text = "NaN" if np.isnan(value) else f"{value:,.{digits}f}"
            return f"<td style='text-align:right'>{text}</td>"
        return f"<td>{html.escape(str(value))}</td>"

    numeric = [any(is_number(value) or value is None for value in frame[name]) for name in frame.columns]
    head = "".join(f"<th style='text-align:{'right' if right else 'left'}'>{html.escape(str(name))}</th>"
                   for name, right in zip(frame.columns, numeric))
    body = "".join("<tr>" + "".join(cell(value) for value in row) + "</tr>"
                   for row in frame.itertuples(index=False, name=None))
    return f"<table style='border-collapse:collapse'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def layer_table_html(rows: Sequence[dict]) -> str:
    """The model's layers as an HTML table with each output shape drawn as a coloured badge."""
    body = []
    for i, row in enumerate(rows):
        shape = tuple(row["output_shape"])
        badge = shape_badge_html(shape, layer_axes(row["layer"], len(shape), i == len(rows) - 1))
        body.append(
            f"<tr><td>{html.escape(row['name'])}</td><td><code>{html.escape(row['layer'])}</code></td>"
            f"<td>{badge}</td><td style='text-align:right'>{row['params']:,}</td></tr>"
        )
    total = sum(int(row["params"]) for row in rows)
    return (
        "<table style='border-collapse:collapse;width:100%'><thead><tr><th>layer</th><th>type</th>"
        "<th>output shape (None = any number of samples)</th><th style='text-align:right'>parameters</th>"
        f"</tr></thead><tbody>{''.join(body)}</tbody><tfoot><tr><td colspan='3'><b>total</b></td>"
        f"<td style='text-align:right'><b>{total:,}</b></td></tr></tfoot></table>"
    )

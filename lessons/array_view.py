"""A Plotly picture of an array's cells, with every axis named and coloured as everywhere else.

Big arrays are drawn as a slice (the first few along each axis) and the caption says so,
so the picture stays readable and a rerun stays fast at 100,000 values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from lessons.axes import Axis, axes_for

SHOWN_PER_AXIS = {"samples": 8, "subsequences": 8, "rows": 8, "timesteps": 24, "features": 8}
SHOWN_OTHER = 24
MAX_LABELLED_CELLS = 240  # beyond this, values are in the hover only
# Light shades only, so a value printed on any cell stays readable.
CELL_COLOURS = [[0.0, "#f7fbff"], [1.0, "#9ecae1"]]


@dataclass(frozen=True)
class ArraySlice:
    values: np.ndarray
    axes: tuple[Axis, ...]
    notes: tuple[str, ...]  # what was left out, in words


def slice_for_view(array: np.ndarray, names: tuple[str, ...] | list[str] | None = None) -> ArraySlice:
    """Cut an array down to at most three drawable axes and a few cells along each."""
    values = np.asarray(array)
    axes = list(axes_for(names, values.ndim))
    notes: list[str] = []
    # Ranks above 3 (CNN-LSTM, ConvLSTM): drop size-1 axes first, then fix leading axes at 0.
    while values.ndim > 3:
        squeezable = [i for i, a in enumerate(axes) if a.name == "rows" and values.shape[i] == 1]
        if squeezable:
            i = squeezable[0]
            notes.append(f"the {axes[i].name} axis (size 1) is not drawn")
        else:
            i = 0
            notes.append(f"{_label(axes[0])} 0 of {values.shape[0]:,} only")
        values = np.take(values, 0, axis=i)
        del axes[i]
    for i, axis in enumerate(axes):
        keep = SHOWN_PER_AXIS.get(axis.name, SHOWN_OTHER)
        if values.shape[i] > keep:
            notes.append(f"first {keep} of {values.shape[i]:,} {axis.name}")
            values = np.take(values, range(keep), axis=i)
    return ArraySlice(values, tuple(axes), tuple(notes))


def caption(view: ArraySlice) -> str:
    if not view.notes:
        return "Every cell is drawn. Hover a cell to read its position and value."
    return "To keep the picture readable: " + "; ".join(view.notes) + ". Hover a cell to read it."


def _label(axis: Axis) -> str:
    return axis.name[:-1] if axis.name.endswith("s") else axis.name


def array_figure(array: np.ndarray, names: tuple[str, ...] | list[str] | None = None) -> tuple[go.Figure, str]:
    """The figure and its caption for an array of any rank from 1 to 5."""
    view = slice_for_view(array, names)
    if view.values.ndim == 3:
        figure = _cube(view)
    else:
        figure = _grid(view)
    return figure, caption(view)


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def _cube(view: ArraySlice) -> go.Figure:
    s_axis, t_axis, f_axis = view.axes
    n_s, n_t, n_f = view.values.shape
    s, t, f = np.meshgrid(range(n_s), range(n_t), range(n_f), indexing="ij")
    values = view.values.ravel().astype(float)
    hover = [
        f"{_label(s_axis)} {i}, {_label(t_axis)} {j}, {_label(f_axis)} {k} = {_fmt(v)}"
        for i, j, k, v in zip(s.ravel(), t.ravel(), f.ravel(), values)
    ]
    labelled = values.size <= MAX_LABELLED_CELLS
    # One unit of scene length per cell along every axis, so cells never crowd each other.
    unit = 2.2 / max(n_s, n_t, n_f, 3)
    marker_size = int(min(30, max(8, 110 * unit)))
    figure = go.Figure(
        go.Scatter3d(
            # Timesteps run left to right, samples stack away from the viewer like sheets of
            # paper, features go down each sheet: the long axes stay horizontal.
            x=t.ravel(), y=s.ravel(), z=f.ravel(),
            mode="markers+text" if labelled else "markers",
            text=[_fmt(v) for v in values] if labelled else None,
            textfont={"size": 12, "color": "#111"},
            hovertext=hover, hoverinfo="text",
            marker={"symbol": "square", "size": marker_size, "color": values, "colorscale": CELL_COLOURS,
                    "line": {"width": 1, "color": "#555"}, "opacity": 0.95},
        )
    )
    figure.update_layout(
        height=480, margin={"l": 0, "r": 0, "t": 0, "b": 0},
        scene={
            "xaxis": _scene_axis(t_axis, n_t), "yaxis": _scene_axis(s_axis, n_s, reverse=True),
            "zaxis": _scene_axis(f_axis, n_f, reverse=True),
            "camera": {"eye": {"x": 0.8, "y": -1.9, "z": 0.9}},
            "aspectmode": "manual",
            "aspectratio": {"x": max(n_t, 1.5) * unit, "y": max(n_s, 1.5) * unit, "z": max(n_f, 1.5) * unit},
        },
    )
    return figure


def _scene_axis(axis: Axis, size: int, reverse: bool = False) -> dict:
    return {
        "title": {"text": axis.name, "font": {"color": axis.colour, "size": 14}},
        "tickvals": list(range(size)), "tickfont": {"color": axis.colour},
        "autorange": "reversed" if reverse else True,
    }


def _grid(view: ArraySlice) -> go.Figure:
    values = view.values.astype(float)
    if values.ndim == 0:
        values = values.reshape(1, 1)
        row_axis, col_axis = None, view.axes[0] if view.axes else None
    elif values.ndim == 1:
        row_axis, col_axis = None, view.axes[0]
        values = values.reshape(1, -1)
    else:
        row_axis, col_axis = view.axes
    rows, cols = values.shape
    hover = [
        [
            ", ".join(
                ([f"{_label(row_axis)} {i}"] if row_axis else []) + [f"{_label(col_axis)} {j}"]
            ) + f" = {_fmt(values[i, j])}"
            for j in range(cols)
        ]
        for i in range(rows)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=values, text=[[_fmt(v) for v in row] for row in values] if values.size <= MAX_LABELLED_CELLS else None,
            texttemplate="%{text}", hovertext=hover, hoverinfo="text",
            colorscale=CELL_COLOURS, showscale=False, xgap=2, ygap=2, textfont={"color": "#111"},
        )
    )
    figure.update_layout(
        height=min(420, 90 + 34 * rows), margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"title": {"text": col_axis.name, "font": {"color": col_axis.colour}}, "side": "top",
               "tickfont": {"color": col_axis.colour}, "dtick": 1},
        yaxis={"title": {"text": row_axis.name if row_axis else "", "font": {"color": row_axis.colour if row_axis else "#000"}},
               "autorange": "reversed", "dtick": 1, "showticklabels": row_axis is not None},
    )
    return figure

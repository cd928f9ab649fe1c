"""One step of an LSTM as a picture: units as rows; the gates on a fixed 0-to-1 scale, the candidate,
c and h on one diverging scale around 0 that stays the same for every step of the window.

Plotly is imported inside the function, as in the other lessons' figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from lessons.inside.cell import CellTrace

if TYPE_CHECKING:
    import plotly.graph_objects as go

GATE_COLUMNS = (("f", "forget f"), ("i", "input i"), ("o", "output o"))
VALUE_COLUMNS = (("c_prev", "c(t−1)"), ("g", "candidate g"), ("c", "c(t)"), ("h", "h(t)"))
TEXT_MAX_UNITS = 32  # write the numbers into the cells up to this many units


def step_figure(trace: CellTrace, step: int, unit_labels: Sequence[str], scale: float,
                title: str = "") -> go.Figure:
    """Step `step` (0-based, in the order the layer read the window) of a trace as two heatmaps."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    units = trace.units
    labels = list(unit_labels)[:units]
    gates = np.column_stack([getattr(trace, key)[step] for key, _ in GATE_COLUMNS])
    values = np.column_stack([getattr(trace, key)[step] for key, _ in VALUE_COLUMNS])
    text = units <= TEXT_MAX_UNITS
    figure = make_subplots(rows=1, cols=2, column_widths=[0.42, 0.58], horizontal_spacing=0.12)
    figure.add_trace(go.Heatmap(
        z=gates, x=[name for _, name in GATE_COLUMNS], y=labels, zmin=0, zmax=1, colorscale="Greens",
        colorbar={"title": {"text": "gate<br>0 shut<br>1 open"}, "x": 0.37, "len": 0.9, "thickness": 12},
        text=np.round(gates, 2) if text else None, texttemplate="%{text}" if text else None,
        hovertemplate="%{y}, %{x}: %{z:.4f}<extra></extra>",
    ), row=1, col=1)
    figure.add_trace(go.Heatmap(
        z=values, x=[name for _, name in VALUE_COLUMNS], y=labels, zmin=-scale, zmax=scale, zmid=0,
        colorscale="RdBu", reversescale=True, colorbar={"title": {"text": f"value<br>±{scale:.3g}"}, "len": 0.9, "thickness": 12},
        text=np.round(values, 2) if text else None, texttemplate="%{text}" if text else None,
        hovertemplate="%{y}, %{x}: %{z:.4f}<extra></extra>",
    ), row=1, col=2)
    for col in (1, 2):  # the rows are the same units on both sides: label them once, on the left
        figure.update_yaxes(autorange="reversed", row=1, col=col, showticklabels=col == 1)
        figure.update_xaxes(side="top", row=1, col=col)
    figure.update_layout(
        title=title or None, height=int(min(900, max(280, 20 * units + 120))),
        margin={"l": 10, "r": 10, "t": 80 if title else 50, "b": 10},
    )
    return figure


def vector_text(values: np.ndarray, limit: int = 12) -> str:
    """A short vector written out; a long one summarised (how many, smallest, largest)."""
    values = np.asarray(values, dtype=float).ravel()
    if values.size <= limit:
        return "[" + ", ".join(f"{v:.4g}" for v in values) + "]"
    return (f"{values.size} numbers, from {values.min():.4g} to {values.max():.4g} "
            f"({int(np.count_nonzero(values))} not zero)")

"""What the memory page shows of the data and of a run: the one-hot grid, the input/output pairs,
every step's prediction, and the LSTM's state over the steps.

Plotly is imported inside `state_figure`, so the tables need no plotting library.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lessons.memory.data import io_pairs, one_hot, sequence_text
from lessons.memory.results import MemoryRun

if TYPE_CHECKING:  # hints only: Plotly is imported when a figure is drawn
    import plotly.graph_objects as go


def step_table(run: MemoryRun) -> pd.DataFrame:
    """Every step of every sequence: input, expected, predicted, how sure, right or wrong."""
    rows = []
    for s, sequence in enumerate(run.sequences):
        for t, (value, after) in enumerate(io_pairs(sequence)):
            guess = int(run.predicted[s, t])
            rows.append(
                {
                    "sequence": sequence_text(sequence),
                    "step": t + 1,
                    "input": value,
                    "expected": after,
                    "predicted": guess,
                    "output for predicted": round(float(run.probabilities[s, t, guess]), 3),
                    "right": "✓ right" if guess == after else "✗ wrong",
                }
            )
    return pd.DataFrame(rows)


def state_figure(run: MemoryRun, which: str = "cell") -> go.Figure:
    """Heatmaps of the LSTM's state (units × steps), one per sequence, plus their difference.

    Where the inputs are the same in every sequence (0, 1, 2 in the default pair) the states still
    differ: that difference is the first value, carried along.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    states = run.cell_states if which == "cell" else run.hidden_states
    if states is None:
        raise ValueError("only the stateful LSTM's run records its state")
    titles = [f"sequence {sequence_text(s)}" for s in run.sequences]
    panels = list(states)
    if len(panels) == 2:
        titles.append("difference (first − second)")
        panels.append(states[0] - states[1])
    limit = float(np.abs(states).max()) or 1.0
    figure = make_subplots(rows=1, cols=len(panels), subplot_titles=titles, horizontal_spacing=0.04)
    for column, (sequence, panel) in enumerate(zip(list(run.sequences) + [None], panels), start=1):
        source = sequence if sequence is not None else run.sequences[0]
        steps = [f"{t + 1}: in {v}" if sequence is not None else f"step {t + 1}" for t, v in enumerate(source[:-1])]
        figure.add_trace(
            go.Heatmap(
                z=panel.T,
                x=steps,
                y=[f"unit {u + 1}" for u in range(panel.shape[1])],
                zmin=-limit,
                zmax=limit,
                colorscale="RdBu",
                showscale=column == len(panels),
                hovertemplate="%{y}, %{x}: %{z:.3f}<extra></extra>",
            ),
            row=1,
            col=column,
        )
        if column > 1:
            figure.update_yaxes(showticklabels=False, row=1, col=column)
    name = "cell state c" if which == "cell" else "hidden state h"
    figure.update_layout(
        title=f"The LSTM's {name} after each step", height=420, margin=dict(l=10, r=10, t=70, b=10)
    )
    return figure


def state_gap(run: MemoryRun, which: str = "cell") -> np.ndarray:
    """Per step, how far apart the first two sequences' states are (Euclidean distance)."""
    states = run.cell_states if which == "cell" else run.hidden_states
    if states is None or len(states) < 2:
        raise ValueError("needs the stateful LSTM's run over at least two sequences")
    return np.linalg.norm(states[0] - states[1], axis=-1)


def one_hot_frame(sequence: Sequence[int], alphabet_size: int) -> pd.DataFrame:
    """The one-hot grid as a table: one row per step (labelled by its value), one column per value."""
    return pd.DataFrame(
        one_hot(sequence, alphabet_size).astype(int),
        index=[f"step {t + 1}: {v}" for t, v in enumerate(sequence)],
        columns=[str(v) for v in range(alphabet_size)],
    )


def pairs_frame(sequence: Sequence[int], alphabet_size: int) -> pd.DataFrame:
    """The input/output pairs of one sequence, as values and as the one-hot rows the model reads."""
    def vector(value: int) -> str:
        return "[" + " ".join(str(int(v)) for v in one_hot([value], alphabet_size)[0]) + "]"

    return pd.DataFrame(
        [
            {"sample": i + 1, "input": a, "expected output": b, "X row (1 timestep)": vector(a), "y row": vector(b)}
            for i, (a, b) in enumerate(io_pairs(sequence))
        ]
    )

"""What the real-data page draws: example series, the budget and the runs as tables, the losses.

Plotly is imported inside the figures, so the tables need no plotting library.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from lessons.real_data.classifier import ClassifierRun, UpdatePlan
from lessons.real_data.data import CLASS_NAMES
from lessons.real_data.framing import Framing


def examples_figure(series: np.ndarray, labels: np.ndarray, steps: int = 400) -> Any:
    """The first `steps` steps of one series of each class, one line each."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for label, name in enumerate(CLASS_NAMES):
        rows = np.flatnonzero(labels == label)
        if len(rows):
            shown = series[rows[0], :steps]
            figure.add_trace(go.Scatter(x=np.arange(len(shown)), y=shown, mode="lines",
                                        name=f"class {label}: {name} (series {rows[0]})"))
    figure.update_layout(height=260, margin=dict(l=10, r=10, t=30, b=10), xaxis_title="step",
                         title=f"One series of each class, first {steps} of {series.shape[1]:,} steps")
    return figure


def confusion_frame(run: ClassifierRun) -> pd.DataFrame:
    """Held-out series by true class (rows) and predicted class (columns)."""
    names = list(run.class_names[: run.confusion.shape[0]])
    return pd.DataFrame(run.confusion, index=[f"true: {n}" for n in names],
                        columns=[f"predicted: {n}" for n in names])


def confusion_figure(run: ClassifierRun) -> Any:
    """The confusion matrix as a heatmap: held-out series by true class (rows, top to bottom) and
    predicted class (columns), each cell's count written in; the diagonal is what was right."""
    import plotly.graph_objects as go

    names = [str(n) for n in run.class_names[: run.confusion.shape[0]]]
    counts = run.confusion
    figure = go.Figure(go.Heatmap(
        z=counts.tolist(), x=names, y=names, text=counts.tolist(), texttemplate="%{text}", colorscale="Blues",
        showscale=False,
        hovertemplate="true %{y}, predicted %{x}: %{z} series<extra></extra>",
    ))
    figure.update_layout(
        height=120 + 40 * len(names), margin=dict(l=10, r=10, t=40, b=10),
        title=f"Held-out series: {run.series_right} of {int(counts.sum())} right (the diagonal)",
        xaxis=dict(title="predicted class", type="category", side="bottom"),
        yaxis=dict(title="true class", type="category", autorange="reversed"),
    )
    return figure


def split_frame(codes: np.ndarray, names: tuple[str, ...], train_rows: np.ndarray,
                test_rows: np.ndarray) -> pd.DataFrame:
    """Series of each class on each side of the split: every class on both sides."""
    n = len(names)
    return pd.DataFrame({
        "class": list(names),
        "series": np.bincount(codes, minlength=n).tolist(),
        "trained on": np.bincount(codes[train_rows], minlength=n).tolist(),
        "held out": np.bincount(codes[test_rows], minlength=n).tolist(),
    })


def budget_frame(plans: dict[str, UpdatePlan], found: list[Framing]) -> pd.DataFrame:
    """What one budget means for each framing: same updates and samples seen, different epochs.

    The timesteps column is what makes the same update cost more for one framing than another.
    """
    by_key = {framing.key: framing for framing in found}
    return pd.DataFrame(
        [
            {
                "framing": by_key[key].title,
                "timesteps per sample": by_key[key].shape[1],
                "training samples": plan.samples,
                "updates per epoch": plan.updates_per_epoch,
                "updates": plan.updates,
                "samples seen": plan.samples_seen,
                "epochs": plan.epochs_text,  # the long text last, so a narrow screen cuts it, not a number
            }
            for key, plan in plans.items()
        ]
    )


def comparison_frame(runs: list[ClassifierRun], titles: dict[str, str]) -> pd.DataFrame:
    """Finished runs side by side: their budget, their cost, their held-out scores."""
    return pd.DataFrame(
        [
            {
                "framing": titles.get(run.framing, run.framing),
                "updates": run.updates,
                "samples seen": run.samples_seen,
                "seconds training": round(run.train_seconds, 1),
                "held-out series right": f"{run.series_accuracy:.1%}",
                "held-out samples right": f"{run.sample_accuracy:.1%}",
                "last epoch's loss": round(run.losses[-1], 3),
                "epochs": run.plan.epochs_text,
            }
            for run in runs
        ]
    )


def updates_at_epoch_ends(plan: UpdatePlan) -> np.ndarray:
    """Updates done when each epoch ends: where each epoch's loss belongs on an updates axis."""
    return np.minimum(np.arange(1, plan.epochs + 1) * plan.updates_per_epoch, plan.updates)


def losses_figure(runs: list[ClassifierRun], titles: dict[str, str]) -> Any:
    """Every run's loss against updates, not epochs: the axis every framing shares."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for run in runs:
        figure.add_trace(go.Scatter(x=updates_at_epoch_ends(run.plan), y=list(run.losses), mode="lines+markers",
                                    name=titles.get(run.framing, run.framing)))
    figure.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), xaxis_title="updates",
                         yaxis=dict(type="log", title="cross-entropy"),
                         title="Training loss, each point the mean over one epoch's updates")
    return figure


def still_falling(losses: tuple[float, ...]) -> bool:
    """Was the last epoch's loss the lowest yet, i.e. was it still learning when the budget ran out?"""
    return len(losses) >= 2 and losses[-1] < min(losses[:-1])

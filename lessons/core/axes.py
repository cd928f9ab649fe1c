"""The app's visual grammar for array axes: one name and one colour per axis, everywhere."""

from __future__ import annotations

import html
from dataclasses import dataclass


Shape = tuple[int | None, ...]  # a shape as Keras prints it: None where any size goes (the batch axis)


@dataclass(frozen=True)
class Axis:
    name: str
    colour: str
    meaning: str


SAMPLES = Axis("samples", "#1f77b4", "independent examples the model learns from, one prediction each")
TIMESTEPS = Axis("timesteps", "#ff7f0e", "positions in time inside one sample, read in order by the LSTM")
FEATURES = Axis("features", "#2ca02c", "values observed at one timestep, e.g. one per parallel series")
# Extra axes used by the CNN-LSTM (4D) and ConvLSTM (5D) inputs.
SUBSEQUENCES = Axis("subsequences", "#9467bd", "pieces a window is cut into, each read by the CNN")
ROWS = Axis("rows", "#8c564b", "the image height ConvLSTM2D expects; 1 for a sequence")
OUTPUTS = Axis("outputs", "#7f7f7f", "values the model predicts for one sample")
OTHER = Axis("axis", "#7f7f7f", "an axis without a name in this lesson")

LSTM_AXES: tuple[Axis, Axis, Axis] = (SAMPLES, TIMESTEPS, FEATURES)
CNN_LSTM_AXES = (SAMPLES, SUBSEQUENCES, TIMESTEPS, FEATURES)
CONV_LSTM_AXES = (SAMPLES, SUBSEQUENCES, ROWS, TIMESTEPS, FEATURES)

BY_NAME = {a.name: a for a in (SAMPLES, TIMESTEPS, FEATURES, SUBSEQUENCES, ROWS, OUTPUTS)}


def default_axes(rank: int) -> tuple[Axis, ...]:
    """The axes a shape of this rank has in an LSTM lesson (3D, 4D, 5D; else generic)."""
    if rank == 3:
        return LSTM_AXES
    if rank == 4:
        return CNN_LSTM_AXES
    if rank == 5:
        return CONV_LSTM_AXES
    if rank == 2:
        return (SAMPLES, OTHER)
    if rank == 1:
        return (OTHER,)
    return tuple(OTHER for _ in range(rank))


def axes_for(names: list[str] | tuple[str, ...] | None, rank: int) -> tuple[Axis, ...]:
    if names is None:
        return default_axes(rank)
    if len(names) != rank:
        raise ValueError(f"{len(names)} axis names for a shape of rank {rank}")
    return tuple(BY_NAME.get(n, Axis(n, OTHER.colour, "")) for n in names)


def format_shape(shape: Shape) -> str:
    """Python's spelling of a shape tuple: (10,), (1, 10, 1), (None, 3, 1)."""
    parts = ["None" if d is None else str(d) for d in shape]
    return "(" + parts[0] + ",)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def shape_badge_html(
    shape: tuple[int | None, ...],
    names: list[str] | tuple[str, ...] | None = None,
    label: str | None = None,
) -> str:
    """A shape tuple as HTML: each number coloured and captioned by its axis."""
    axes = axes_for(names, len(shape))
    cells = []
    for dim, axis in zip(shape, axes):
        value = "None" if dim is None else f"{dim:,}"
        cells.append(
            f'<span class="sl-dim" title="{html.escape(axis.name)}: {html.escape(axis.meaning)}" '
            f'style="display:inline-flex;flex-direction:column;align-items:center;margin:0 .25em">'
            f'<b style="color:{axis.colour};font-size:1.25em;font-family:monospace">{value}</b>'
            f'<small style="color:{axis.colour};white-space:nowrap">{html.escape(axis.name)}</small></span>'
        )
    body = '<span style="font-size:1.25em;font-family:monospace">,</span>'.join(cells)
    if len(shape) == 1:
        body += '<span style="font-size:1.25em;font-family:monospace">,</span>'
    prefix = f'<span style="margin-right:.4em">{html.escape(label)}</span>' if label else ""
    return (
        f'<span class="sl-shape" style="display:inline-flex;flex-wrap:wrap;align-items:center">{prefix}'
        f'<span style="font-size:1.25em;font-family:monospace">(</span>{body}'
        f'<span style="font-size:1.25em;font-family:monospace">)</span></span>'
    )

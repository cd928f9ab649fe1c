"""What a diagnosis says: the cause, the wrong axis, the two shapes side by side, the fix.

`Diagnosis` is what the debugger page shows for a pasted message, a described model or a
gallery entry; `comparison_html` draws its picture and `cause_html` colours the axis names.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

from lessons.axes import BY_NAME, OTHER, default_axes, format_shape

Shape = tuple[int | None, ...]
MISSING = "—"  # an axis one shape has and the other lacks

WINDOWS_CODE = """import numpy as np

def make_windows(table, n_steps):
    \"\"\"Overlapping windows of n_steps rows: X (windows, n_steps, features), y the next row.\"\"\"
    table = np.asarray(table, dtype="float32").reshape((len(table), -1))
    X = np.stack([table[i : i + n_steps] for i in range(len(table) - n_steps)])
    y = table[n_steps:]
    return X, y

X, y = make_windows(data, n_steps={n_steps})"""


@dataclass(frozen=True)
class AxisCell:
    """One column of the picture: an axis and its size in each shape."""

    name: str
    yours: str
    expected: str
    wrong: bool


@dataclass(frozen=True)
class Diagnosis:
    title: str
    cause: str  # one or two plain sentences
    axis: str | None  # the wrong axis: samples, timesteps, features, subsequences, rows, outputs
    cells: tuple[AxisCell, ...]  # the learner's shape aligned with the expected one
    fix_code: str  # paste-able Python
    fix_note: str = ""  # when a reshape cannot be right, what to do instead
    silent: bool = False  # Keras 3 runs this without an error: a warning, not an error
    labels: tuple[str, str] = ("yours", "expected")


def dim_text(dim: int | None) -> str:
    return "any" if dim is None else f"{dim:,}"


def axis_names(rank: int) -> tuple[str, ...]:
    """Axis names of a shape with its samples axis, by rank (3D LSTM, 4D CNN-LSTM, 5D ConvLSTM)."""
    if rank == 2:
        return ("samples", "features")
    return tuple(a.name for a in default_axes(rank))


def aligned_cells(yours: Shape, expected: Shape, names: tuple[str, ...] | None = None) -> tuple[AxisCell, ...]:
    """Cells for two shapes of one rank; an axis is wrong when both sizes are known and differ."""
    names = names or axis_names(len(expected))
    return tuple(
        AxisCell(n, dim_text(a), dim_text(b), a is not None and b is not None and a != b)
        for n, a, b in zip(names, yours, expected)
    )


def inserted_cells(yours: Shape, expected: Shape, at: int, names: tuple[str, ...] | None = None) -> tuple[AxisCell, ...]:
    """Cells when `yours` lacks the axis `expected` has at position `at`."""
    names = names or axis_names(len(expected))
    padded = yours[:at] + (MISSING,) + yours[at:]
    return tuple(
        AxisCell(n, MISSING if a == MISSING else dim_text(a), dim_text(b), a == MISSING or (a is not None and b is not None and a != b))
        for n, a, b in zip(names, padded, expected)
    )


def missing_axis_at(yours: Shape, expected: Shape) -> int | None:
    """Where one axis of size 1 (or any size) would turn `yours` into `expected`, if anywhere."""
    if len(expected) != len(yours) + 1:
        return None
    for at in range(len(expected)):
        candidate = yours[:at] + (expected[at],) + yours[at:]
        if all(a is None or b is None or a == b for a, b in zip(candidate, expected)) and (expected[at] in (1, None)):
            return at
    return None


def padded_cells(yours: Shape, expected: Shape, names: tuple[str, ...] | None = None) -> tuple[AxisCell, ...]:
    """Cells for a shorter `yours`: samples stay first, its other axes line up from the right."""
    names = names or axis_names(len(expected))
    gap = len(expected) - len(yours)
    padded = yours[:1] + (MISSING,) * gap + yours[1:]
    return tuple(
        AxisCell(n, a if a == MISSING else dim_text(a), dim_text(b),  # type: ignore[arg-type]
                 a == MISSING or (a is not None and b is not None and a != b))
        for n, a, b in zip(names, padded, expected)
    )


def conform(yours: Shape, expected: Shape) -> Shape | None:
    """`yours` reshaped to `expected` (keeping its samples) when each sample holds the same values."""
    if any(d is None for d in expected[1:]) or any(d is None for d in yours[1:]):
        return None
    if math.prod(yours[1:]) != math.prod(expected[1:]):  # type: ignore[arg-type]
        return None
    return (yours[0],) + tuple(expected[1:])


def reshape_line(name: str, shape: tuple[int | None, ...]) -> str:
    dims = [f"{name}.shape[0]" if d is None else str(d) for d in shape]
    return f"{name} = {name}.reshape(({', '.join(dims)}))"


def first_wrong(cells: tuple[AxisCell, ...]) -> str | None:
    return next((c.name for c in cells if c.wrong), None)


def comparison_html(diagnosis: Diagnosis) -> str:
    """The picture: the learner's shape above the expected one, one column per axis.

    Each column is captioned by its axis in the app's colour; a mismatching column is boxed
    in red and its sizes marked, so the eye goes straight to the axis to fix.
    """
    if not diagnosis.cells:
        return ""
    head = '<td style="padding:.2em .6em;color:#555;text-align:right">{}</td>'
    rows = {0: [head.format(html.escape(diagnosis.labels[0]))],
            1: [head.format(html.escape(diagnosis.labels[1]))], 2: ["<td></td>"]}
    for cell in diagnosis.cells:
        colour = BY_NAME.get(cell.name, OTHER).colour
        box = "border:2px solid #d62728;background:#fde8e8;" if cell.wrong else "border:1px solid #ddd;"
        for row, value in ((0, cell.yours), (1, cell.expected)):
            rows[row].append(
                f'<td style="{box}padding:.2em .7em;text-align:center;font-family:monospace;'
                f'font-size:1.2em;color:{colour}"><b>{html.escape(value)}</b></td>'
            )
        mark = " ✗" if cell.wrong else ""
        rows[2].append(f'<td style="text-align:center;color:{colour}"><small>{html.escape(cell.name)}{mark}</small></td>')
    body = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows.values())
    return f'<table class="sl-compare" style="border-collapse:separate;border-spacing:3px">{body}</table>'


_AXIS_WORDS = re.compile(r"\b(samples|timesteps|features|subsequences|rows)\b")


def cause_html(text: str) -> str:
    """The text with every axis name set in bold in its axis colour (the rest escaped)."""
    def paint(match: re.Match[str]) -> str:
        return f'<b style="color:{BY_NAME[match.group(1)].colour}">{match.group(1)}</b>'

    return _AXIS_WORDS.sub(paint, html.escape(text))


def shape_text(shape: Shape) -> str:
    return format_shape(shape)

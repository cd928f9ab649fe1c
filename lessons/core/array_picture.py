"""The array picture: an array drawn the way a teacher draws it on a whiteboard, as HTML.

Each **sample** is one card: a grid of **timesteps** (rows) × **features** (columns) with the
values written in the cells, the way NumPy prints `X[i]`. The cards stand side by side, each a
little lower than the one before, so the samples axis reads as depth. A 4D (CNN-LSTM) sample
holds one small grid per subsequence; a 5D (ConvLSTM) subsequence holds one grid per row.
1D and 2D arrays are a strip and a grid. Every axis carries its name and colour from
`lessons.core.axes`, and every cell's `title` names its index on every axis (shown on hover).

Plain HTML and CSS: no WebGL and no plotting library, so it draws at once in any browser and
its text stays the page's own size. Big arrays show their first cards, rows and columns in full
and say how many more there are, instead of shrinking the text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from lessons.core.axes import Axis, axes_for

MAX_CARDS = 8  # samples drawn at most; the rest are counted
CELL_BUDGET = 160  # cells a picture draws before it shows fewer cards (at least two)
MAX_GROUPS = 6  # subsequences (or rows) drawn inside one sample
MAX_GRID_ROWS = 12  # timesteps drawn in one grid
MAX_GRID_COLUMNS = 8  # features drawn in one grid
MAX_STRIP = 24  # values drawn for a 1D array
CARD_DROP_PX = 6  # each card sits this much lower than the one before: depth
SHADE = (158, 202, 225)  # a light blue, so dark text stays readable on every cell

STYLE = """<style>
.sl-array{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:14px;color:#111;
  margin:.25rem 0 .5rem;max-width:100%;overflow-x:auto;padding-bottom:4px}
.sl-array .sl-deck{display:flex;flex-wrap:wrap;align-items:flex-start;gap:14px 12px}
.sl-array .sl-card{border:1px solid #9aa7b4;border-radius:6px;background:#fff;padding:4px 8px 8px;
  box-shadow:3px 3px 0 #dfe6ee}
.sl-array .sl-groups{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start}
.sl-array .sl-stack{display:flex;flex-direction:column;gap:4px}
.sl-array .sl-group{border:1px dashed;border-radius:4px;padding:2px 5px 5px}
.sl-array .sl-head{font-size:12px;font-weight:600;white-space:nowrap;margin-bottom:2px}
.sl-array table{border-collapse:collapse;margin:0}
.sl-array td{border:1px solid #c3ccd5;padding:2px 6px;text-align:right;white-space:nowrap;min-width:2.2em}
.sl-array th{font-size:11px;font-weight:400;padding:0 4px;text-align:center;white-space:nowrap}
.sl-array .sl-edges{display:flex;align-items:flex-start;gap:2px}
.sl-array .sl-vlabel{writing-mode:vertical-rl;font-size:11px;font-weight:600;white-space:nowrap;
  padding-top:1.6em}
.sl-array .sl-hlabel{font-size:11px;font-weight:600;white-space:nowrap;padding-left:1.8em}
.sl-array .sl-more{align-self:center;color:#555;font-style:italic;white-space:nowrap;padding:0 4px}
.sl-array .sl-legend{font-size:12px;margin-bottom:6px;color:#444}
.sl-array td.sl-masked{color:#777;background:repeating-linear-gradient(135deg,#eceff3 0 4px,#d5dbe2 4px 6px)!important}
</style>"""


@dataclass(frozen=True)
class Picture:
    """The picture's HTML and one sentence on what it leaves out (empty when it shows every cell)."""

    html: str
    shown: int  # cells drawn
    total: int  # cells in the array

    @property
    def caption(self) -> str:
        if self.shown == self.total:
            return f"All {self.total:,} values are drawn. Hover a cell to see its index on every axis."
        return (f"{self.shown:,} of {self.total:,} values are drawn; the picture says what it leaves out. "
                "Hover a cell to see its index on every axis.")


def array_picture(array: np.ndarray, names: tuple[str, ...] | list[str] | None = None,
                  mask: np.ndarray | None = None) -> Picture:
    """The picture of an array of any rank from 0 to 5, its axes named (LSTM names by default).

    `mask` (booleans, the array's shape) marks cells that are padding, not data: they are drawn
    hatched and grey, their hover title says so, and the legend says how many there are.
    """
    values = np.asarray(array, dtype=float)
    axes = axes_for(names, values.ndim)
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != values.shape:
            raise ValueError(f"a mask of shape {mask.shape} for an array of shape {values.shape}")
    drawing = _Drawing(values, axes, _number_format(values), mask)
    body = drawing.draw()
    legend = _legend(values.shape, axes)
    if mask is not None and mask.any():
        count = int(mask.sum())
        legend += (f'<div class="sl-legend"><span class="sl-masked-key" style="display:inline-block;width:1.4em;'
                   'height:.9em;vertical-align:middle;background:repeating-linear-gradient(135deg,#eceff3 0 4px,'
                   f'#d5dbe2 4px 6px);border:1px solid #c3ccd5"></span> hatched: {count:,} padded '
                   f'{"cell" if count == 1 else "cells"}, not data</div>')
    return Picture(f'<div class="sl-array">{STYLE}{legend}{body}</div>', drawing.cells, values.size)


def cards_to_draw(shape: tuple[int, ...]) -> int:
    """How many sample cards fit the cell budget: all of a small array, at least two of a big one."""
    limits = [MAX_GROUPS] * (len(shape) - 3) + [MAX_GRID_ROWS, MAX_GRID_COLUMNS]
    per_card = int(np.prod([min(size, limit) for size, limit in zip(shape[1:], limits)]))
    return max(2, min(MAX_CARDS, CELL_BUDGET // max(per_card, 1)))


def cell_text(value: float, fmt: str) -> str:
    """A value as a cell shows it: whole numbers plainly, others to four significant digits."""
    if fmt == "int":
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    text = f"{value:.4g}"
    return text if "e" not in text else f"{value:.3e}"


def _number_format(values: np.ndarray) -> str:
    """One format for the whole array, so a column of numbers lines up."""
    finite = values[np.isfinite(values)] if values.size else values
    if finite.size and np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 1e12):
        return "int"
    return "g"


def _label(axis: Axis) -> str:
    """An axis name in the singular: "samples" → "sample", for one index along it."""
    return axis.name[:-1] if axis.name.endswith("s") else axis.name


def _legend(shape: tuple[int, ...], axes: tuple[Axis, ...]) -> str:
    """The shape in words above the picture, each axis in its colour: `2 samples × 5 timesteps × 2 features`."""
    if not shape:
        return '<div class="sl-legend">a single value (0 axes)</div>'
    parts = [f'<b style="color:{a.colour}">{size:,} {html.escape(a.name if size != 1 else _label(a))}</b>'
             for size, a in zip(shape, axes)]
    return f'<div class="sl-legend">{" × ".join(parts)}</div>'


def _more(count: int, axis: Axis) -> str:
    name = axis.name if count != 1 else _label(axis)
    return (f'<div class="sl-more" style="color:{axis.colour}">… and {count:,} more '
            f"{html.escape(name)}</div>")


class _Drawing:
    """Builds the nested HTML, counting the cells it draws."""

    def __init__(self, values: np.ndarray, axes: tuple[Axis, ...], fmt: str, mask: np.ndarray | None = None) -> None:
        self.values, self.axes, self.fmt, self.mask = values, axes, fmt, mask
        finite = values[np.isfinite(values) & (True if mask is None else ~mask)]  # padding does not set the shades
        self.low = float(finite.min()) if finite.size else 0.0
        self.high = float(finite.max()) if finite.size else 0.0
        self.cells = 0

    def draw(self) -> str:
        rank = self.values.ndim
        if rank == 0:
            return self._table(self.values.reshape(1, 1), (), None, None)
        if rank == 1:
            return self._strip()
        if rank == 2:
            return self._grid(self.values, ())
        return self._deck()

    # --- the samples: cards side by side, each a little lower -----------------------------------

    def _deck(self) -> str:
        axis = self.axes[0]
        count = self.values.shape[0]
        shown = min(count, cards_to_draw(self.values.shape))
        cards = []
        for i in range(shown):
            head = f'<div class="sl-head" style="color:{axis.colour}">{html.escape(_label(axis))} {i}</div>'
            inner = self._inner(self.values[i], (i,), 1, labelled=i == 0)
            cards.append(f'<div class="sl-card" style="margin-top:{i * CARD_DROP_PX}px;'
                         f'border-top:3px solid {axis.colour}">{head}{inner}</div>')
        if count > shown:
            cards.append(_more(count - shown, axis))
        return f'<div class="sl-deck">{"".join(cards)}</div>'

    def _inner(self, block: np.ndarray, index: tuple[int, ...], depth: int, labelled: bool) -> str:
        """What one card (or group) holds: a grid, or groups of grids for 4D and 5D arrays.

        Only the first card (and its first group) names the axes on its edges, as a teacher
        labels one drawing; the others show their indices in the same colours.
        """
        if block.ndim == 2:
            return self._grid(block, index, labelled)
        axis = self.axes[depth]
        count = block.shape[0]
        shown = min(count, MAX_GROUPS)
        groups = []
        for j in range(shown):
            head = f'<div class="sl-head" style="color:{axis.colour}">{html.escape(_label(axis))} {j}</div>'
            inner = self._inner(block[j], index + (j,), depth + 1, labelled and j == 0)
            groups.append(f'<div class="sl-group" style="border-color:{axis.colour}">{head}{inner}</div>')
        if count > shown:
            groups.append(_more(count - shown, axis))
        # Rows of an image stack downwards; subsequences stand side by side, like time.
        layout = "sl-stack" if axis.name == "rows" else "sl-groups"
        return f'<div class="{layout}">{"".join(groups)}</div>'

    # --- the last two axes: a grid with named edges -----------------------------------------------

    def _grid(self, block: np.ndarray, index: tuple[int, ...], labelled: bool = True) -> str:
        row_axis, col_axis = self.axes[len(index)], self.axes[len(index) + 1]
        n_rows, n_cols = block.shape
        shown = block[:MAX_GRID_ROWS, :MAX_GRID_COLUMNS]
        table = self._table(shown, index, row_axis, col_axis)
        more_rows = _more(n_rows - shown.shape[0], row_axis) if n_rows > shown.shape[0] else ""
        more_cols = _more(n_cols - shown.shape[1], col_axis) if n_cols > shown.shape[1] else ""
        if not labelled:
            return f'<div class="sl-edges"><div>{table}{more_rows}</div>{more_cols}</div>'
        left = f'<div class="sl-vlabel" style="color:{row_axis.colour}">{html.escape(row_axis.name)} →</div>'
        top = f'<div class="sl-hlabel" style="color:{col_axis.colour}">{html.escape(col_axis.name)} →</div>'
        return f'<div class="sl-edges">{left}<div>{top}{table}{more_rows}</div>{more_cols}</div>'

    def _strip(self) -> str:
        axis = self.axes[0]
        count = self.values.shape[0]
        shown = self.values[:MAX_STRIP].reshape(1, -1)
        table = self._table(shown, (), None, axis)
        top = f'<div class="sl-hlabel" style="color:{axis.colour}">{html.escape(axis.name)} →</div>'
        more = _more(count - shown.shape[1], axis) if count > shown.shape[1] else ""
        return f'<div class="sl-edges"><div>{top}{table}</div>{more}</div>'

    def _table(self, block: np.ndarray, index: tuple[int, ...], row_axis: Axis | None, col_axis: Axis | None) -> str:
        """The cells, with each row and column numbered in its axis' colour."""
        n_rows, n_cols = block.shape
        parts = ["<table>"]
        if col_axis is not None:
            corner = "<th></th>" if row_axis is not None else ""
            heads = "".join(f'<th style="color:{col_axis.colour}">{k}</th>' for k in range(n_cols))
            parts.append(f"<tr>{corner}{heads}</tr>")
        for r in range(n_rows):
            row_head = f'<th style="color:{row_axis.colour}">{r}</th>' if row_axis is not None else ""
            cells = "".join(
                self._cell(block[r, c], index + ((r,) if row_axis else ()) + ((c,) if col_axis else ()))
                for c in range(n_cols)
            )
            parts.append(f"<tr>{row_head}{cells}</tr>")
        parts.append("</table>")
        return "".join(parts)

    def _cell(self, value: float, index: tuple[int, ...]) -> str:
        self.cells += 1
        where = ", ".join(f"{_label(a)} {i}" for a, i in zip(self.axes, index))
        exact = f"{value:.6g}"
        title = f"{where} = {exact}" if where else exact
        if self.mask is not None and self.mask[index]:
            return (f'<td title="{html.escape(title)} (padding)" class="sl-masked">'
                    f"{html.escape(cell_text(value, self.fmt))}</td>")
        return (f'<td title="{html.escape(title)}" style="background:{self._shade(value)}">'
                f"{html.escape(cell_text(value, self.fmt))}</td>")

    def _shade(self, value: float) -> str:
        """A light background that grows with the value, so patterns (a one-hot 1) stand out."""
        if not np.isfinite(value) or self.high == self.low:
            return "#f4f8fb"
        share = (value - self.low) / (self.high - self.low)
        r, g, b = SHADE
        return f"rgba({r},{g},{b},{0.12 + 0.7 * share:.2f})"

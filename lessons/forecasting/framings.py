"""The forecasting framings, each described once: its table layout, its (X, y) and its pictures' rows.

A framing says which columns are inputs and which are targets, whether the target is one row or
n_out rows, and whether the first target row is the last input row (the tutorial's choice for
multiple input series). From that one description `Framing.cut` cuts (X, y), `Framing.span`
says which rows one sample reads and forecasts (the figures draw them), and the column helpers
name and pick the columns.

`cut` uses NumPy's `sliding_window_view`: every sample at once, as views of the learner's data,
with no Python loop and no copy, so re-cutting 5,000 rows on every rerun costs microseconds. The
views are read-only, so nothing downstream can write into the learner's data through X or y.
A window that does not fit raises `WindowError` with a message written for the learner.
The readable loop a learner would write lives in `export.WINDOW_CODE`, tested against `cut`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lessons.core.parsing import InputError


class WindowError(InputError):
    """A window size (or data) that does not fit the framing."""


@dataclass(frozen=True)
class Span:
    """The rows one sample comes from: input rows [start, stop), target rows [target_start, target_stop)."""

    start: int
    stop: int
    target_start: int
    target_stop: int


def as_table(data: np.ndarray) -> np.ndarray:
    """A series as one column, a table as it is: always rows × columns."""
    values = np.asarray(data, dtype=float)
    return values.reshape(-1, 1) if values.ndim == 1 else values


@dataclass(frozen=True)
class Framing:
    """How one forecasting problem turns a series or a table into samples."""

    name: str  # its key in FRAMINGS
    table: bool  # rows × columns of series, rather than one series
    output_column: bool  # the last column is the output: never an input, and the only target
    multistep: bool  # the target is n_out rows; else one row, whatever n_out says
    overlap: int  # 1 when the first target row is the last input row, else 0 (the row after it)

    @property
    def min_columns(self) -> int:
        """Columns a table needs: an output column needs at least one input column beside it."""
        return 2 if self.output_column else 1

    @property
    def single_target(self) -> bool:
        """Whether only one column is forecast, so y has no axis of target columns (as in the tutorial)."""
        return self.output_column or not self.table

    def horizon(self, n_out: int) -> int:
        """The number of target rows per sample: n_out for multi-step framings, else 1."""
        return n_out if self.multistep else 1

    def column_names(self, n_columns: int) -> list[str]:
        """The tutorial's names: one series; or in1, in2, …, out for a table whose last column is the sum."""
        if not self.table:
            return ["series"]
        return [f"in{i + 1}" for i in range(n_columns - 1)] + ["out"]

    def input_columns(self, n_columns: int) -> list[int]:
        return list(range(n_columns - 1 if self.output_column else n_columns))

    def target_columns(self, n_columns: int) -> list[int]:
        return [n_columns - 1] if self.output_column else list(range(n_columns))

    def sample_count(self, n_rows: int, n_in: int, n_out: int) -> int:
        """How many samples `n_rows` rows give, sliding one row at a time; WindowError when none fits."""
        steps = self.horizon(n_out)
        if n_in < 1:
            raise WindowError("The input window must be at least 1 timestep.")
        if steps < 1:
            raise WindowError("The forecast horizon must be at least 1 step.")
        needed = n_in + steps - self.overlap
        if n_rows < needed:
            raise WindowError(
                f"The series has {n_rows} rows, but one sample needs {needed} "
                f"({n_in} in + {steps} out{' sharing 1' if self.overlap else ''}). "
                "Add values or shrink the window."
            )
        return n_rows - needed + 1

    def span(self, sample: int, n_in: int, n_out: int) -> Span:
        """The input and target rows of sample number `sample`."""
        target_start = sample + n_in - self.overlap
        return Span(sample, sample + n_in, target_start, target_start + self.horizon(n_out))

    def cut(self, data: np.ndarray, n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
        """Every sample's X and y, as read-only views of `data`.

        X is (samples, n_in) for a series, (samples, n_in, input columns) for a table. y is
        (samples,) or (samples, n_out) when one column is forecast, else (samples, columns) or
        (samples, n_out, columns).
        """
        rows = self._rows(data)
        count = self.sample_count(len(rows), n_in, n_out)
        inputs = rows[:, :-1] if self.output_column else rows
        targets = (rows[:, -1:] if self.output_column else rows)[n_in - self.overlap :]
        # sliding_window_view puts the window axis last, (windows, columns, length): move it to axis 1.
        # It also yields windows at the end that have no target; [:count] drops them.
        X = np.moveaxis(sliding_window_view(inputs, n_in, axis=0)[:count], -1, 1)
        if self.multistep:
            y = np.moveaxis(sliding_window_view(targets, self.horizon(n_out), axis=0)[:count], -1, 1)
        else:
            y = targets[:count]
        if not self.table:
            X = X[..., 0]
        return X, y[..., 0] if self.single_target else y

    def _rows(self, data: np.ndarray) -> np.ndarray:
        """The data as a read-only rows × columns view, or a WindowError saying what form it needs."""
        values = np.asarray(data, dtype=float)
        if self.table and values.ndim != 2:
            raise WindowError(f"Expected a table of rows × columns, got an array of {values.ndim} dimensions.")
        if not self.table and values.ndim != 1:
            raise WindowError(f"Expected one series of values, got an array of {values.ndim} dimensions.")
        if self.table and values.shape[1] < self.min_columns:
            raise WindowError(
                f"This framing needs at least {self.min_columns} columns (inputs and the output); "
                f"the table has {values.shape[1]}."
            )
        rows = as_table(values).view()  # a new view, so the learner's own array stays writeable
        rows.flags.writeable = False
        return rows


FRAMINGS: dict[str, Framing] = {
    framing.name: framing
    for framing in (
        Framing("univariate", table=False, output_column=False, multistep=False, overlap=0),
        Framing("univariate_multistep", table=False, output_column=False, multistep=True, overlap=0),
        Framing("multiple_input", table=True, output_column=True, multistep=False, overlap=1),
        Framing("multiple_input_multistep", table=True, output_column=True, multistep=True, overlap=1),
        Framing("parallel", table=True, output_column=False, multistep=False, overlap=0),
        Framing("parallel_multistep", table=True, output_column=False, multistep=True, overlap=0),
    )
}

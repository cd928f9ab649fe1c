"""NumPy arrays that do not line up: joined, compared, or cut into windows.

After training, an LSTM's predictions meet the other arrays again: they are put beside the features
to undo the scaling (`np.concatenate((predictions, X[:, 1:]), axis=1)`), and compared with y to
score the model (`predictions - y`). The windows have one axis more than the table, and fewer rows
(the first rows start no window), so these are where the shapes stop lining up. Cutting the windows
is the other place: a window longer than the series.
"""

from __future__ import annotations

from lessons.core.axes import format_shape
from lessons.debugger import parse as P
from lessons.debugger.explain import AxisCell, Diagnosis, dim_text

LABELS = ("first array", "second array")


def joined_diagnosis(p: P.ParsedError) -> Diagnosis:
    """Arrays that NumPy could not join or combine."""
    if p.op == "rank":
        a, b = p.sizes or (2, 3)
        return _windows_beside_rows(a, b) if {a, b} == {2, 3} else _ranks_differ(a, b)
    if p.op == "size":
        a, b = p.sizes or (None, None)
        return _joined_sizes(p.axis or 0, a, b)
    return _compared(p.got or (), p.expected or ())


def window_diagnosis(p: P.ParsedError) -> Diagnosis:
    """A window longer than the series it is cut from."""
    return Diagnosis(
        "The window is longer than the series",
        "sliding_window_view was asked for windows longer than the series it cuts them from: not even one "
        "window fits. Each window of n_steps needs n_steps consecutive values, plus one more for its target.",
        "timesteps", (AxisCell("timesteps", "series", "≥ n_steps", True),),
        "n_steps = min(n_steps, len(series) - 1)  # a window and its next value fit in the series\n"
        "windows = np.lib.stride_tricks.sliding_window_view(series, n_steps)[:-1]  # (len(series) - n_steps, n_steps)",
        "Or use more data: an LSTM learns little from a handful of windows.",
        culprit="data", fix_kind="windows",
    )


def _windows_beside_rows(a: int, b: int) -> Diagnosis:
    return Diagnosis(
        f"A {min(a, b)}D array joined to a {max(a, b)}D one",
        f"np.concatenate joins arrays with the same number of axes; here one has {a} and the other {b}. In an LSTM's "
        "workflow it is most often the predictions, 2D (samples, 1), put beside the windows, 3D (samples, "
        "timesteps, features), to undo the scaling. The scaler reads one row per sample: take each window's last "
        "timestep, X[:, -1, :], which is 2D (samples, features).",
        "timesteps",
        (AxisCell("samples", "samples", "samples", False), AxisCell("timesteps", "timesteps", "—", True),
         AxisCell("features", "features", "features", False)),
        "# The windows' last timestep: one row per sample, (samples, features)\n"
        "rows = X[:, -1, :]\n"
        "table = np.concatenate((predictions.reshape((-1, 1)), rows[:, 1:]), axis=1)  # the target in column 0",
        "`predictions` is what model.predict gave, `X` the windows it read. Simpler: a scaler fitted on the "
        "target column alone undoes the predictions without the other columns.",
        labels=("yours", "concatenate joins"), culprit="data", fix_kind="reshape",
    )


def _ranks_differ(a: int, b: int) -> Diagnosis:
    return Diagnosis(
        f"A {min(a, b)}D array joined to a {max(a, b)}D one",
        f"np.concatenate (and hstack, vstack) joins arrays with the same number of axes; here one has {a} and the other "
        f"{b}. A 1D array of predictions or targets beside a table needs a columns axis: (samples,) becomes "
        "(samples, 1).",
        "features", (AxisCell("features", "—", "1", True),),
        "column = column.reshape((-1, 1))  # (samples, 1): one column\n"
        "joined = np.concatenate((column, table), axis=1)",
        "`column` is the 1D array, `table` the 2D one.",
        labels=("yours", "concatenate joins"), culprit="data", fix_kind="reshape",
    )


def _joined_sizes(axis: int, a: int | None, b: int | None) -> Diagnosis:
    if axis == 0:
        return Diagnosis(
            "The arrays hold different numbers of rows",
            f"The arrays are joined side by side, so they must have the same rows: one has {dim_text(a)}, the other "
            f"{dim_text(b)}. Predictions of windows have fewer rows than the table they were cut from: the first "
            "n_steps rows start no window. Keep the rows that have a prediction.",
            "samples", (AxisCell("samples", dim_text(a), dim_text(b), True),),
            "n = min(len(predictions), len(table))\n"
            "joined = np.concatenate((predictions[-n:].reshape((n, -1)), table[-n:]), axis=1)  # the last n rows of each",
            "Line them up by time, not by position: the prediction of a window belongs to the row after it.",
            labels=LABELS, culprit="samples", fix_kind="match_samples",
        )
    return Diagnosis(
        "The arrays differ on an axis they are not joined along",
        f"Joined along another axis, the arrays must agree on axis {axis}: one has {dim_text(a)}, the other "
        f"{dim_text(b)}. Stacking rows (axis 0) needs the same columns in each; check both with .shape.",
        "features", (AxisCell("features", dim_text(a), dim_text(b), True),),
        "print(first.shape, second.shape)  # join along the axis where they differ, or give them the same columns",
        labels=LABELS, culprit="data", fix_kind="reshape",
    )


def _compared(first: tuple, second: tuple) -> Diagnosis:
    rows_differ = len(first) == len(second) >= 1 and first[0] != second[0] and 1 not in (first[0], second[0])
    if rows_differ:
        return Diagnosis(
            "Predictions and targets of different lengths",
            f"NumPy combines the values one by one, and the arrays {format_shape(first)} and {format_shape(second)} hold "
            "different numbers of rows. Scoring predictions against y needs one target per prediction: the windows "
            "have fewer rows than the series (its first n_steps values start no window).",
            "samples", (AxisCell("samples", dim_text(first[0]), dim_text(second[0]), True),),
            "n = min(len(predictions), len(y))\n"
            "error = predictions[-n:].reshape(-1) - y[-n:].reshape(-1)  # the same n targets, one per prediction",
            "Better: keep the y that make_windows gives with X; then every window has its target.",
            labels=LABELS, culprit="samples", fix_kind="match_samples",
        )
    return Diagnosis(
        "Arrays of other widths combined value by value",
        f"NumPy combines the values one by one, and {format_shape(first)} and {format_shape(second)} differ on an axis "
        "where neither is 1. Predictions and y must be as wide as each other: as many columns as steps predicted.",
        "outputs", (AxisCell("outputs", dim_text(first[-1] if first else None), dim_text(second[-1] if second else None),
                             True),),
        "print(predictions.shape, y.shape)  # the same shape: (samples, steps predicted)",
        "(samples, 1) against (samples,) does not fail: NumPy makes it (samples, samples), a silent wrong error. "
        "Reshape both to (samples, steps) before subtracting.",
        labels=LABELS, culprit="output", fix_kind="output_units",
    )

"""Arrays that do not line up: joined, compared, assigned, indexed, merged, or cut into windows.

After training, an LSTM's predictions meet the other arrays again: they are put beside the features
to undo the scaling (`np.concatenate((predictions, X[:, 1:]), axis=1)`), compared with y to score
the model (`predictions - y`), put into a DataFrame or an array of results. The windows have one axis
more than the table, and fewer rows (the first rows start no window), so these are where the shapes
stop lining up. Cutting the windows is another place (a window longer than the series), and a model
of two branches a third: Keras's merge layers join branches that must agree on their other axes.
"""

from __future__ import annotations

import math

from lessons.core.axes import format_shape
from lessons.debugger import parse as P
from lessons.debugger.explain import (
    MISSING,
    AxisCell,
    Diagnosis,
    aligned_cells,
    axis_names,
    code_dim,
    dim_text,
    windows_code,
)

LABELS = ("first array", "second array")


def joined_diagnosis(p: P.ParsedError) -> Diagnosis:
    """Arrays that NumPy could not join or combine."""
    if p.op == "rank":
        a, b = p.sizes or (2, 3)
        return _windows_beside_rows(a, b) if {a, b} == {2, 3} else _ranks_differ(a, b)
    if p.op == "size":
        a, b = p.sizes or (None, None)
        return _joined_sizes(p.axis or 0, a, b)
    if p.op == "broadcast" and p.wording == P.SKLEARN:
        return _metric_widths(p.got or (None, None), p.expected or (None, None))
    if p.op == "merge":
        return _branches_not_joined(p.got or (), p.expected or (), p.detail)
    if p.op == "assign":
        return _value_for_its_place(p.got or (), p.expected or ())
    if p.op == "index":
        have, indexed = p.sizes or (None, None)
        return _index_with_more_axes(have, indexed)
    if p.op == "frame_rank":
        return _frame_of_windows(p.got or ())
    if p.op == "frame_shape":
        return _frame_shape(p.got or (), p.expected or ())
    if p.op == "frame_column":
        return _one_column(p.got or ())
    if p.op == "frame_rows":
        values, rows = p.sizes or (None, None)
        return _column_rows(values, rows)
    return _compared(p.got or (), p.expected or ())


def window_diagnosis(p: P.ParsedError) -> Diagnosis:
    """Cutting the windows: a window longer than the series, a table without axis=0, a loop past the end."""
    if p.op == "axis":
        return _table_without_axis()
    if p.op == "index":
        index, size = p.sizes or (None, None)
        return _loop_past_the_end(index, size)
    if p.op == "batch":
        return _short_windows_in_a_batch(p.got or (), p.expected or ())
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


def _table_without_axis() -> Diagnosis:
    return Diagnosis(
        "Windows of a table need axis=0",
        "sliding_window_view slides over every axis unless it is told one: on a table, (rows, features), it wants a "
        "window size for each axis. Windows of consecutive rows slide along axis 0 only, and sliding_window_view puts "
        "the window's steps last, so they must move before the features (make_windows below does both).",
        "timesteps", (AxisCell("samples", "windows", "windows", False), AxisCell("timesteps", "last", "n_steps", True),
                      AxisCell("features", "features", "features", False)),
        windows_code(None, "table"),
        "`table` is your (rows, features) array: sliding_window_view(table, n_steps, axis=0) gives (windows, features, "
        "n_steps), and np.moveaxis(…, -1, 1) the (windows, n_steps, features) an LSTM reads.",
        labels=("yours", "an LSTM reads"), culprit="data", fix_kind="windows",
    )


def _short_windows_in_a_batch(window: tuple, batch: tuple) -> Diagnosis:
    return Diagnosis(
        "Windows of other lengths in one batch",
        f"A batch stacks windows of one shape, and one window is {format_shape(window)} where the batch holds "
        f"{format_shape(batch)}. Dataset.window() gives the last windows shorter, as the series runs out, unless it "
        "drops them.",
        "timesteps", (AxisCell("timesteps", dim_text(window[0] if window else None), dim_text(batch[0] if batch else None),
                               True),),
        "windows = dataset.window(n_steps, shift=1, drop_remainder=True)  # only whole windows\n"
        "windows = windows.flat_map(lambda window: window.batch(n_steps))  # each window as one tensor",
        "keras.utils.timeseries_dataset_from_array makes whole windows without these steps.",
        labels=("a window", "the batch"), culprit="data", fix_kind="windows",
    )


def _loop_past_the_end(index: int | None, size: int | None) -> Diagnosis:
    return Diagnosis(
        "An index past the end of the array",
        f"The code asked for position {dim_text(index)} of an array of {dim_text(size)} values (positions 0 to "
        f"{dim_text(size - 1 if size else None)}). If it comes from a loop that cuts windows, the last window's target "
        "is past the end: stop the loop where the last target is the series' last value.",
        "samples", (AxisCell("samples", dim_text(index), f"< {dim_text(size)}", True),),
        "X, y = [], []\n"
        "for i in range(len(series) - n_steps):  # the last window's target is the last value\n"
        "    X.append(series[i : i + n_steps])\n"
        "    y.append(series[i + n_steps])\n"
        "X, y = np.array(X), np.array(y)  # (windows, n_steps) and (windows,)",
        "`series` is the values in time order, `n_steps` the window length. NumPy cuts the same windows without a "
        "loop: np.lib.stride_tricks.sliding_window_view(series, n_steps)[:-1].",
        labels=("index", "the array"), culprit="data", fix_kind="windows",
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
            f"{dim_text(b)}. Predictions of windows have fewer rows than the table they were cut from: no window "
            "comes before the first n_steps rows, so nothing predicts them. Keep the rows that have a prediction.",
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


def _metric_widths(predictions: tuple, y: tuple) -> Diagnosis:
    """A scikit-learn metric given predictions and targets of other widths."""
    return Diagnosis(
        "Predictions and targets of other widths",
        f"scikit-learn scores the predictions against y_true column by column: y_true has {dim_text(y[-1])} columns "
        f"(steps ahead) and the predictions {dim_text(predictions[-1])}. The model predicts "
        f"{dim_text(predictions[-1])} value{'s' if predictions[-1] != 1 else ''} per sample where y holds "
        f"{dim_text(y[-1])}: give its last layer one unit per column of y.",
        "outputs", (AxisCell("outputs", dim_text(y[-1]), dim_text(predictions[-1]), True),),
        "layers.Dense(y.shape[1]),  # one unit per step ahead: the model's last layer",
        "Or score only the steps the model predicts: mean_squared_error(y[:, :1], predictions).",
        labels=("y_true", "predictions"), culprit="output", fix_kind="output_units",
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
        f"The values are compared one by one, and {format_shape(first)} and {format_shape(second)} differ on an axis "
        "where neither is 1. Predictions and y must be as wide as each other: as many columns as steps predicted.",
        "outputs", (AxisCell("outputs", dim_text(first[-1] if first else None), dim_text(second[-1] if second else None),
                             True),),
        "print(predictions.shape, y.shape)  # the same shape: (samples, steps predicted)",
        "(samples, 1) against (samples,) does not fail: NumPy makes it (samples, samples), a silent wrong error. "
        "Reshape both to (samples, steps) before subtracting.",
        labels=LABELS, culprit="output", fix_kind="output_units",
    )


def _branches_not_joined(first: tuple, second: tuple, layer: str) -> Diagnosis:
    """Two branches of a functional model that a merge layer (Concatenate, Add, …) cannot join.

    `layer` is "Concatenate", or "Add" for the layers that combine value by value (Add, Multiply,
    Average, …: their message does not say which)."""
    cells = _branch_cells(first, second)
    both = f"{format_shape(first)} and {format_shape(second)}"
    if {len(first), len(second)} == {2, 3}:
        steps = (first if len(first) == 3 else second)[1]
        return Diagnosis(
            "One branch hands on every timestep, the other only the last",
            f"{_named(layer)} joins two branches, {both}: one hands on every timestep (an LSTM with "
            "return_sequences=True) and the other one vector per sample (an LSTM without it, or a Dense on features "
            "that do not change over time). Both must hand on the same thing: the last step of each "
            "(return_sequences off, in the code below), or every step of each.",
            "timesteps", cells,
            _two_branches_code(layer, (first[-1], second[-1])),
            "`first_input` and `second_input` are what each branch reads (the same keras.Input if they share one). "
            "If the other branch is not an LSTM, keep it, and make one vector of the sequence instead: "
            f"layers.GlobalAveragePooling1D() on the branch of {dim_text(steps)} timesteps.",
            labels=("first branch", "second branch"), culprit="layer", fix_kind="return_sequences",
        )
    if len(first) == len(second) == 3 and first[1] != second[1] and first[2] == second[2]:
        return Diagnosis(
            "The branches have different numbers of timesteps",
            f"{_named(layer)} joins two branches, {both}, that hand on {dim_text(first[1])} and {dim_text(second[1])} "
            "timesteps: their inputs are windows of other lengths (or a pooling shortened one). Steps of two "
            "lengths cannot be put side by side; the last step of each can.",
            "timesteps", cells,
            _two_branches_code(layer, (first[-1], second[-1])),
            "`first_input` and `second_input` are what each branch reads. Or cut the windows of both inputs to "
            "the same n_steps, and keep return_sequences on.",
            labels=("first branch", "second branch"), culprit="layer", fix_kind="return_sequences",
        )
    if layer == "Concatenate" and len(first) == len(second) and first[:-1] == second[:-1]:
        # they differ only on the last axis, which Concatenate's default joins along: axis= named another one
        return Diagnosis(
            "Concatenate joins along another axis than the one that differs",
            f"Concatenate joins its branches along one axis (the last, unless axis= names another), and they must agree "
            f"on every other. {both} differ only on the last axis, the units: so the layer was given another axis, "
            "such as axis=1, the timesteps. Join them side by side, along the last axis, where any widths go.",
            "features", cells,
            "joined = layers.Concatenate(axis=-1)([first, second])  # side by side: the units add up",
            "`first` and `second` are the two branches. To join along the timesteps instead, give both branches the "
            "same units.",
            labels=("first branch", "second branch"), culprit="layer", fix_kind="reshape",
        )
    if len(first) == len(second) and first[:-1] == second[:-1]:
        width = first[-1]
        return Diagnosis(
            "The branches have different widths",
            f"{_named(layer)} combines two branches value by value, so their shapes must be equal; {both} end with "
            f"{dim_text(first[-1])} and {dim_text(second[-1])} units. Give both last layers the same units, or put "
            "them side by side with Concatenate, which takes any widths.",
            "features", cells,
            f"first = layers.LSTM({code_dim(width)})(first_input)\n"
            f"second = layers.LSTM({code_dim(width)})(second_input)  # the same units: {code_dim(width)}\n"
            "joined = layers.Add()([first, second])  # or the merge layer you use\n"
            "# or side by side, any widths: joined = layers.Concatenate()([first, second])",
            "`first_input` and `second_input` are what each branch reads.",
            labels=("first branch", "second branch"), culprit="layer", fix_kind="output_units",
        )
    return Diagnosis(
        "The branches differ on an axis they are not joined along",
        f"{_named(layer)} joins two branches, {both}; they must agree on every axis but the one they are joined along "
        "(the last one, unless axis= says another). Print each branch's shape to see which layer makes them differ.",
        None, cells,
        "print(first.shape, second.shape)  # the two branches, before they are joined",
        labels=("first branch", "second branch"), culprit="layer", fix_kind="reshape",
    )


def _named(layer: str) -> str:
    return layer if layer == "Concatenate" else "The merge layer (Add, Multiply, Average, …)"


def _branch_cells(first: tuple, second: tuple) -> tuple[AxisCell, ...]:
    if len(first) == len(second):
        return aligned_cells(first, second, axis_names(len(first)) if len(first) in (2, 3) else None)
    longer, shorter = (first, second) if len(first) > len(second) else (second, first)
    if len(longer) != 3 or len(shorter) != 2:
        return ()
    padded = (shorter[0], None, shorter[1])
    cells = tuple(AxisCell(n, dim_text(a), dim_text(b), False) for n, a, b in
                  zip(("samples", "timesteps", "features"), longer, padded))
    gap = AxisCell("timesteps", dim_text(longer[1]), MISSING, True)
    cells = (cells[0], gap, cells[2])
    return cells if longer is first else tuple(AxisCell(c.name, c.expected, c.yours, c.wrong) for c in cells)


def _two_branches_code(layer: str, widths: tuple) -> str:
    first, second = (code_dim(w) for w in widths)
    return (f"first = layers.LSTM({first})(first_input)  # return_sequences off: (None, {first}), the last step\n"
            f"second = layers.LSTM({second})(second_input)  # (None, {second})\n"
            f"joined = layers.{layer}()([first, second])")


def _value_for_its_place(value: tuple, slot: tuple) -> Diagnosis:
    """A value put where the same values fit in another shape: an axis of 1 too many or too few."""
    extra = len(value) > len(slot)
    longer = value if extra else slot
    at = next((i for i in range(len(longer)) if longer[: i] + longer[i + 1:] == (slot if extra else value)
               and longer[i] == 1), len(longer) - 1)
    names = _names(len(longer))
    cells = tuple(AxisCell(n, dim_text(v) if v is not None else MISSING, dim_text(s) if s is not None else MISSING,
                           i == at) for i, (n, v, s) in
                  enumerate(zip(names, _with_gap(value, at, not extra), _with_gap(slot, at, extra))))
    what = "an extra axis of 1" if extra else "one axis of 1 fewer"
    return Diagnosis(
        f"A value with one axis of 1 too {'many' if extra else 'few'} for its place",
        f"NumPy was asked to put an array of shape {format_shape(value)} where {format_shape(slot)} fits: the same "
        f"values, with {what}. It happens when predictions, (samples, 1), go into a 1D row or column: "
        "results[i] = model.predict(window).",
        names[at] if names[at] in ("samples", "timesteps", "features") else None, cells,
        f"value = np.reshape(value, {format_shape(slot)})  # the shape of its place: the same values",
        "`value` is what you assign (`results[i] = value`). np.ravel(value) does the same for a 1D place.",
        labels=("the value", "its place"), culprit="data", fix_kind="reshape",
    )


def _names(rank: int) -> tuple[str, ...]:
    """The axes of an array of windows (2D or 3D) by name, of any other rank by number."""
    return axis_names(rank) if rank in (2, 3) else tuple(f"axis {i}" for i in range(rank))


def _with_gap(shape: tuple, at: int, gap: bool) -> tuple:
    return shape[:at] + (None,) + shape[at:] if gap else shape


def _index_with_more_axes(have: int | None, indexed: int | None) -> Diagnosis:
    """An index with more axes than the array has: X[:, :, 0] on a 2D array."""
    names = _names(indexed or 0)
    cells = tuple(AxisCell(n, "yes" if i < (have or 0) else MISSING, "indexed", i >= (have or 0))
                  for i, n in enumerate(names))
    fix = "print(X.shape)  # index only the axes it has"
    if (have, indexed) == (2, 3):
        fix += "\nX = X.reshape((X.shape[0], X.shape[1], 1))  # windows of 1 feature: add the features axis first"
    elif (have, indexed) == (1, 2):
        fix += "\nX = X.reshape((-1, 1))  # one column: (samples, 1)"
    return Diagnosis(
        f"The array has {_axes(have)}, the index {indexed}" if have and indexed else "The index has more axes than the array",
        "An index like X[:, :, 0] names one position per axis, and here it names "
        + (f"{indexed} of an array that has {_axes(have)}." if have and indexed else "more than the array has.")
        + " Around an LSTM: windows still 2D (samples, timesteps) before the reshape that "
        "adds their features axis; predictions of a model whose last LSTM hands on only its last step, (samples, "
        "units), indexed as if per timestep; or a 1D y indexed y[:, 0].",
        names[-1] if names and names[-1] in ("timesteps", "features") else None, cells, fix,
        "`X` is the array you index; print its shape next to the index to see which axis it lacks.",
        labels=("the array", "the index"), culprit="data", fix_kind="reshape",
    )


def _axes(count: int) -> str:
    return f"{count} axis" if count == 1 else f"{count} axes"


def _frame_of_windows(shape: tuple) -> Diagnosis:
    """A 3D array (windows, or predictions per timestep) given to pandas, which holds tables."""
    rank = len(shape)
    names = _names(rank)
    cells = tuple(AxisCell(n, dim_text(d), MISSING if i == 1 else ("rows" if i == 0 else "columns"), i == 1)
                  for i, (n, d) in enumerate(zip(names, shape))) if rank == 3 else ()
    return Diagnosis(
        "A DataFrame holds a table, not windows",
        f"pandas makes a DataFrame from a 2D array, (rows, columns); {format_shape(shape)} has {rank} axes: windows "
        "(samples, timesteps, features), or predictions made at every timestep. Give it one row per sample.",
        "timesteps" if rank == 3 else None, cells,
        "table = pd.DataFrame(values.reshape((len(values), -1)))  # one row per sample, a column per value"
        + ("\n# or one row per sample from each window's last timestep:\n"
           "# table = pd.DataFrame(values[:, -1, :])" if rank == 3 else ""),
        "`values` is the array you gave DataFrame.",
        labels=("yours", "a DataFrame"), culprit="data", fix_kind="reshape",
    )


def _column_rows(values: int | None, rows: int | None) -> Diagnosis:
    """A column of another length than the DataFrame's rows: most often the predictions of the windows."""
    fewer = values is not None and rows is not None and values < rows
    return Diagnosis(
        "The column has another length than the table",
        f"The new column holds {dim_text(values)} values and the DataFrame {dim_text(rows)} rows; pandas puts one "
        "value in each row. "
        + ("Predictions of windows are fewer than the rows: no window comes before the first n_steps rows, so "
           "nothing predicts them. Put each prediction in the row it predicts; the others stay empty."
           if fewer else "Check which rows the values belong to: a column made from every timestep of every window "
           "holds more values than the table has rows."),
        "samples", (AxisCell("samples", dim_text(values), dim_text(rows), True),),
        "df[\"prediction\"] = np.nan  # rows no window predicts stay empty\n"
        "df.iloc[-len(predictions):, df.columns.get_loc(\"prediction\")] = np.ravel(predictions)  # the last rows"
        if fewer else "print(np.shape(predictions), len(df))  # one value per row: which rows do they belong to?",
        "The last rows are the ones the windows predict when the windows were cut from the whole table, in order.",
        labels=("the column", "the table"), culprit="samples", fix_kind="match_samples",
    )


def _one_column(shape: tuple) -> Diagnosis:
    """A 2D array of predictions made into one column of a DataFrame (or a Series)."""
    if len(shape) == 3 and shape[-1] == 1:  # predictions per step with a features axis of 1: (samples, steps, 1)
        shape = tuple(shape[:2])
        squeeze = "predictions = predictions[:, :, 0]  # (samples, steps): the features axis of 1 dropped\n"
    else:
        squeeze = ""
    width = shape[-1] if len(shape) == 2 else None
    cells = (AxisCell("samples", dim_text(shape[0]), dim_text(shape[0]), False),
             AxisCell("outputs", dim_text(width), MISSING, True)) if len(shape) == 2 else ()
    several = width is not None and width > 1
    return Diagnosis(
        "A column holds one value per row",
        f"A column (or a Series) is 1D: one value per row. {format_shape(shape)} has "
        + (f"{dim_text(width)} values per row: a forecast of {dim_text(width)} steps. Give each step its own column."
           if several else "an axis of 1 at the end, as model.predict gives it: flatten it first."),
        "outputs" if several else "features", cells,
        squeeze + (("table = pd.DataFrame(predictions, columns=[f\"t+{i + 1}\" for i in range(predictions.shape[1])])  "
                    "# one column per step ahead") if several else
                   "predictions = np.ravel(predictions)  # (samples,): one value per row"),
        "`predictions` is the array you put in the column.",
        labels=("yours", "a column"), culprit="data", fix_kind="reshape",
    )


def _frame_shape(values: tuple, index: tuple) -> Diagnosis:
    """A DataFrame whose values have another shape than its index and columns say."""
    known = None not in values + index and len(values) == len(index) == 2
    transposed = known and tuple(values) == tuple(index)[::-1]
    same = known and not transposed and index[1] == 1 and values[1] > 1 and math.prod(values) == math.prod(index)
    cells = aligned_cells(values, index, ("rows", "outputs")) if len(values) == len(index) == 2 else ()
    return Diagnosis(
        "The values have another shape than the table's rows and columns",
        f"The values are {format_shape(values)} and the index and columns make a table of {format_shape(index)}. "
        + ("They hold the same number of values: a forecast of several steps per window, (windows, steps), put "
           "against one date per row. Flatten it into one column, in order, or keep one row per window."
           if same else "The values are the other way round: transpose them (values.T) or swap the index and the "
           "columns." if transposed else "Give the DataFrame as many rows as the values have, and one column name per "
           "column."),
        "outputs", cells,
        "table = pd.DataFrame(np.reshape(values, (-1, 1)), index=dates)  # one value per date, in order"
        if same else "print(np.shape(values), len(index), len(columns))  # rows and columns must match the values",
        "`values` is the array, `dates` the index you gave. With overlapping forecasts, one date gets a value from "
        "several windows: keep one row per window (pd.DataFrame(values)) instead." if same else "",
        labels=("the values", "the table"), culprit="data", fix_kind="reshape",
    )

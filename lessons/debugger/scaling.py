"""A scikit-learn scaler given what it cannot read: windows, a 1D series, or other columns.

A scaler (MinMaxScaler, StandardScaler) reads a table, (rows, columns), learns each column's range
when it is fitted, and after that takes tables with exactly those columns. An LSTM's data meets it
twice: before the windows are cut (the table of features over time) and after training, when the
predictions are turned back into real units with `inverse_transform`. The walls are the same every
time: 3D windows given to it, a 1D series, or predictions of one column given to a scaler fitted on
all the features.
"""

from __future__ import annotations

from lessons.debugger import parse as P
from lessons.debugger.explain import AxisCell, Diagnosis, counted, dim_text

FIT_ON_TRAINING = "Fit a scaler on the training rows only; transform the test rows with that same scaler."


def scaler_diagnosis(p: P.ParsedError) -> Diagnosis:
    """What to do when a scaler (or another scikit-learn estimator) refuses the array it was given."""
    if p.detail == "columns":
        given, fitted = p.sizes or (None, None)
        if p.op == "transform":
            return _transform_other_columns(given, fitted, p.layer or "The scaler")
        return _other_columns(given, fitted, p.layer or "The scaler")
    if (p.found_rank or 0) >= 3:
        if p.layer and not p.layer.endswith("Scaler"):
            return _windows_to_estimator(p.found_rank or 3, p.layer)
        return _windows_to_scaler(p.found_rank or 3)
    return _series_to_scaler()


def _windows_to_scaler(rank: int) -> Diagnosis:
    return Diagnosis(
        "A scaler reads a table, not windows",
        f"The scaler was given a {rank}D array: windows, (samples, timesteps, features). A scaler reads a table, "
        "(rows, columns), and scales each column, each feature, on its own. Scale the table before the windows "
        "are cut; or, with windows already cut, give it their rows and put the windows back together.",
        "timesteps",
        (AxisCell("samples", "samples", "rows", True), AxisCell("timesteps", "timesteps", "—", True),
         AxisCell("features", "features", "columns", False)),
        "# Windows already cut: scale their rows, then put the windows back together\n"
        "from sklearn.preprocessing import MinMaxScaler\n\n"
        "scaler = MinMaxScaler()  # or the one you fitted on the training rows\n"
        "X = scaler.fit_transform(X.reshape((-1, X.shape[-1]))).reshape(X.shape)  # each feature over every timestep",
        "Better: scale the 2D table first and cut the windows from the scaled table. " + FIT_ON_TRAINING,
        labels=("yours", "a scaler reads"), culprit="data", fix_kind="reshape",
    )


def _windows_to_estimator(rank: int, estimator: str) -> Diagnosis:
    return Diagnosis(
        f"{estimator} reads one row per sample, not windows",
        f"{estimator} was given a {rank}D array: windows, (samples, timesteps, features). scikit-learn's models read a "
        "table, one row per sample: flatten each window into one row, its timesteps side by side.",
        "timesteps",
        (AxisCell("samples", "samples", "rows", False), AxisCell("timesteps", "timesteps", "—", True),
         AxisCell("features", "features", "timesteps × features", True)),
        "X = X.reshape((len(X), -1))  # one row per window: (samples, timesteps × features)",
        "The model then sees every timestep's features as its own column, in order.",
        labels=("yours", "it reads"), culprit="data", fix_kind="reshape",
    )


def _series_to_scaler() -> Diagnosis:
    return Diagnosis(
        "A scaler reads a table, not a 1D series",
        "The scaler (or another scikit-learn estimator) was given a 1D array: one series of values. It reads a table, "
        "(rows, columns), with one column per feature. A single series is one column: give it a columns axis of 1.",
        "features",
        (AxisCell("samples", "values", "rows", False), AxisCell("features", "—", "1", True)),
        "series = np.asarray(series, dtype=\"float32\").reshape((-1, 1))  # (rows, 1 column)\n"
        "from sklearn.preprocessing import MinMaxScaler\n\n"
        "scaler = MinMaxScaler()\n"
        "series = scaler.fit_transform(series)  # later, scaler.inverse_transform(predictions) takes (rows, 1) too",
        FIT_ON_TRAINING,
        labels=("yours", "a scaler reads"), culprit="data", fix_kind="reshape",
    )


def _transform_other_columns(given: int | None, fitted: int | None, scaler: str) -> Diagnosis:
    """transform given a table with other columns than fit saw."""
    return Diagnosis(
        "The scaler was fitted on other columns",
        f"{scaler} was fitted on {counted(fitted, 'column')} and transform now gets {counted(given, 'column')}. A fitted scaler transforms "
        "tables with the same columns, in the same order, as the one it was fitted on: a column added or dropped since, "
        "or the scaler of all the features used on the target alone (or the other way round).",
        "features", (AxisCell("features", dim_text(given), dim_text(fitted), True),),
        "# One scaler for the input columns, one for the target, each fitted on the training rows\n"
        "from sklearn.preprocessing import MinMaxScaler\n\n"
        "x_scaler = MinMaxScaler().fit(train[:, input_columns])\n"
        "y_scaler = MinMaxScaler().fit(train[:, [target_column]])\n"
        "scaled = x_scaler.transform(table[:, input_columns])  # the same columns, in the same order, every time",
        "`train` is the training table before scaling, `table` the one to scale, `input_columns` the model's input "
        "columns. y_scaler.inverse_transform(predictions.reshape((-1, 1))) turns predictions back into real units. "
        + FIT_ON_TRAINING,
        labels=("given", "fitted on"), culprit="data", fix_kind="reshape",
    )


def _other_columns(given: int | None, fitted: int | None, scaler: str) -> Diagnosis:
    """inverse_transform given other columns than fit saw: NumPy's arithmetic fails inside it."""
    if given is not None and fitted is not None and given < fitted:
        cause = (f"{scaler} was fitted on {counted(fitted, 'column')}, every feature of the table, and now gets "
                 f"{dim_text(given)}. Most often these are the model's predictions being turned back into real units "
                 f"with inverse_transform: the scaler only knows how to undo all {counted(fitted, 'column')} at once.")
    else:
        cause = (f"{scaler} was fitted on {counted(fitted, 'column')} and now gets {dim_text(given)}, most often in "
                 "inverse_transform. A fitted scaler takes tables with the same columns it was fitted on: often the "
                 "scaler of the target alone is used on all the features, or the other way round.")
    return Diagnosis(
        "The scaler was fitted on other columns",
        cause,
        "features", (AxisCell("features", dim_text(given), dim_text(fitted), True),),
        "# A scaler for the target column alone (the same kind as yours), fitted on the same training rows\n"
        "from sklearn.preprocessing import MinMaxScaler\n\n"
        "target_scaler = MinMaxScaler().fit(train[:, [target_column]])\n"
        "predictions = target_scaler.inverse_transform(predictions.reshape((-1, 1)))\n\n"
        "# or put the predictions in the target's column of a table as wide as the scaler's, and undo them all\n"
        "table = np.zeros((len(predictions), scaler.n_features_in_))\n"
        "table[:, target_column] = predictions.reshape(-1)\n"
        "predictions = scaler.inverse_transform(table)[:, [target_column]]",
        "`train` is the training table before scaling, `target_column` the column the model predicts. "
        + FIT_ON_TRAINING,
        labels=("given", "fitted on"), culprit="data", fix_kind="reshape",
    )

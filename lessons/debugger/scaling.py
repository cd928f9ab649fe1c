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
from lessons.debugger.explain import AxisCell, Diagnosis, dim_text

FIT_ON_TRAINING = "Fit a scaler on the training rows only; transform the test rows with that same scaler."


def scaler_diagnosis(p: P.ParsedError) -> Diagnosis:
    """What to do when a scaler refuses the array it was given."""
    if p.detail == "columns":
        given, fitted = p.sizes or (None, None)
        return _other_columns(given, fitted, p.layer or "The scaler")
    if (p.found_rank or 0) >= 3:
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


def _series_to_scaler() -> Diagnosis:
    return Diagnosis(
        "A scaler reads a table, not a 1D series",
        "The scaler was given a 1D array: one series of values. A scaler reads a table, (rows, columns), with one "
        "column per feature. A single series is one column: give it a columns axis of 1.",
        "features",
        (AxisCell("samples", "values", "rows", False), AxisCell("features", "—", "1", True)),
        "series = np.asarray(series, dtype=\"float32\").reshape((-1, 1))  # (rows, 1 column)\n"
        "from sklearn.preprocessing import MinMaxScaler\n\n"
        "scaler = MinMaxScaler()\n"
        "series = scaler.fit_transform(series)  # later, scaler.inverse_transform(predictions) takes (rows, 1) too",
        FIT_ON_TRAINING,
        labels=("yours", "a scaler reads"), culprit="data", fix_kind="reshape",
    )


def _other_columns(given: int | None, fitted: int | None, scaler: str) -> Diagnosis:
    if given is not None and fitted is not None and given < fitted:
        cause = (f"{scaler} was fitted on {dim_text(fitted)} columns, every feature of the table, and now gets "
                 f"{dim_text(given)}. Most often these are the model's predictions, one column, being turned back "
                 "into real units with inverse_transform: the scaler only knows how to undo all "
                 f"{dim_text(fitted)} columns at once.")
    else:
        cause = (f"{scaler} was fitted on {dim_text(fitted)} column{'s' if fitted != 1 else ''} and now gets "
                 f"{dim_text(given)}. A fitted scaler takes tables with the same columns it was fitted on: "
                 "often the scaler of the target alone is used on all the features, or the other way round.")
    return Diagnosis(
        "The scaler was fitted on other columns",
        cause,
        "features", (AxisCell("features", dim_text(given), dim_text(fitted), True),),
        "# A scaler for the target column alone, fitted on the same training rows\n"
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

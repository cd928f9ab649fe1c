"""Forecasting your own series: upload, an honest split, scaling, baselines, two ways past the end.

- `data`: read a CSV (uploaded or pasted) as text cells, pick the time, target and input columns;
- `pipeline`: split the rows, scale on the training rows, cut windows per part, baselines, metrics,
  the recursive forecast;
- `training`: the jobs (`forecast_job`, `sweep_job`) for `engine.run_job`;
- `figures`: the split on the window picture, the known-ahead grid, forecasts in the data's dates;
- `export`: the script that does it all again on the learner's file.
"""

from lessons.own_series.data import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, OwnTable, choose, monthly_csv, read_table
from lessons.own_series.pipeline import (
    PART_NAMES,
    PARTS,
    SCALINGS,
    Prepared,
    Settings,
    fit_scaler,
    inverse_3d,
    prepare,
)

__all__ = [
    "MAX_CELLS", "MAX_COLUMNS", "MAX_ROWS", "PARTS", "PART_NAMES", "SCALINGS", "OwnTable", "Prepared", "Settings",
    "choose", "fit_scaler", "inverse_3d", "monthly_csv", "prepare", "read_table",
]

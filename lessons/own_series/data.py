"""The learner's own table: read from a CSV (uploaded or pasted), then the columns they pick.

Reading keeps every cell as text (`read_table`), so a time column of dates survives; picking
(`choose`) turns the time column into dates (or numbers) and the series columns into floats, and
refuses what a forecast cannot use with a message that names the column and the row: text in a
numeric column, a gap, a repeated or out-of-order date, a single row, too many cells, the target
listed as an input as well. The separator and header rules, and the words for missing cells, are
the real-data page's (`lessons.real_data.upload`), so both pages read a file the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lessons.core import InputError, plural
from lessons.real_data import upload
from lessons.real_data.data import format_bytes

MAX_ROWS = 5_000  # what the forecasting pages take
MAX_COLUMNS = 20
MAX_CELLS = 50_000
MAX_BYTES = 5 * 1024 * 1024


def _separator(text: str) -> str:
    """The separator the real-data reader picks (the first of , ; tab in the first line), for the script."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return next((s for s in (",", ";", "\t") if s in first), ",")


def read_table(data: bytes | str) -> pd.DataFrame:
    """A CSV's cells as text, with column names (from its header row, or "column 1", …): the
    real-data page's reader (`lessons.real_data.upload.read_table`), within this tab's limits.

    `attrs` keeps what the exported script needs to read the file the same way: "separator",
    "header" and "first_row". Raises InputError for a file that is not UTF-8 text, empty, ragged
    or over the limits.
    """
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_BYTES:
        raise InputError(f"The file is {format_bytes(len(data))}; the limit here is {format_bytes(MAX_BYTES)}.")
    head = data[:4096].decode("utf-8", errors="replace")
    separator = _separator(head)
    first = next((line for line in head.splitlines() if line.strip()), "")
    columns = first.count(separator) + 1
    if columns > MAX_COLUMNS:
        raise InputError(f"The table has {columns} columns; the limit here is {MAX_COLUMNS}.")
    lines = data.count(b"\n") + 1
    if lines * columns > MAX_CELLS:
        raise InputError(
            f"The table has about {lines * columns:,} cells ({lines:,} rows × {columns} columns); "
            f"the limit here is {MAX_CELLS:,}. Keep fewer rows or drop columns you do not use."
        )
    raw = upload.read_table(data)
    if len(raw) > MAX_ROWS:
        raise InputError(f"The table has {len(raw):,} rows; the limit here is {MAX_ROWS:,}. Keep the latest rows.")
    if len(raw) < 2:
        raise InputError(
            f"The table has {plural(len(raw), 'row')} of data; a forecast needs a series: one row per "
            "timestep, many rows."
        )
    raw.attrs["separator"] = separator
    raw.attrs["header"] = raw.attrs.get("first_row", 1) == 2
    return raw


def _numbers_mask(cells: pd.Series) -> pd.Series:
    """Which cells read as numbers."""
    return pd.to_numeric(cells, errors="coerce").notna()


def time_column_guess(raw: pd.DataFrame) -> str | None:
    """The first column whose cells are not all numbers but parse as dates: a likely time column."""
    for name in raw.columns:
        column = raw[name]
        if _numbers_mask(column).all():
            continue
        if _parse_dates(column.head(20)).notna().all():
            return str(name)
    return None


def numeric_columns(raw: pd.DataFrame) -> list[str]:
    """The columns whose first cells are numbers: the likely series."""
    return [str(name) for name in raw.columns if _numbers_mask(raw[name].head(20)).all()]


@dataclass(frozen=True)
class OwnTable:
    """The series a learner picked: the target first, then the other inputs, row by row in time."""

    values: np.ndarray = field(repr=False)  # rows × columns, float; column 0 is the target
    columns: tuple[str, ...]  # names, target first
    known: tuple[bool, ...]  # per column: its future values are known when the forecast is made
    times: np.ndarray | None = field(default=None, repr=False)  # datetime64 or numbers, one per row
    time_name: str | None = None

    @property
    def rows(self) -> int:
        return len(self.values)

    @property
    def target(self) -> str:
        return self.columns[0]

    @property
    def x_axis(self) -> np.ndarray:
        """What plots put on the x-axis: the dates (or times) when there are some, else row numbers."""
        return self.times if self.times is not None else np.arange(self.rows)


def _parse_dates(column: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(column, errors="coerce", format="ISO8601")
    if parsed.isna().any():
        parsed = pd.to_datetime(column, errors="coerce", format="mixed", dayfirst=False)
    return parsed


def _numbers(raw: pd.DataFrame, name: str) -> np.ndarray:
    """One column as float64 numbers, checked first by the real-data reader (its messages name the
    column and row of a gap, text or infinity; its float32 values would round the learner's units)."""
    upload.numeric_columns(raw, [name])
    return pd.to_numeric(raw[name]).to_numpy(dtype=float)


def _times(raw: pd.DataFrame, name: str, first_row: int) -> np.ndarray:
    column = raw[name]
    if _numbers_mask(column).all():
        times = pd.to_numeric(column).to_numpy(dtype=float)
        shown = [f"{t:g}" for t in times]
    else:
        parsed = _parse_dates(column)
        if parsed.isna().any():
            row = int(np.flatnonzero(parsed.isna().to_numpy())[0])
            raise InputError(
                f"Time column '{name}': row {row + first_row} is '{column.iloc[row][:30]}', not a date. "
                "Write dates as 2024-01-31 (or 2024-01 for months)."
            )
        times = parsed.to_numpy(dtype="datetime64[ns]")
        shown = list(column)
    steps = np.diff(times)
    zero = steps == steps.dtype.type(0)
    if zero.any():
        row = int(np.flatnonzero(zero)[0]) + 1
        raise InputError(
            f"Time column '{name}': row {row + first_row} repeats {shown[row]!r} of the row before. "
            "One row per timestep: combine or drop the repeated rows."
        )
    backwards = steps < steps.dtype.type(0)
    if backwards.any():
        row = int(np.flatnonzero(backwards)[0]) + 1
        raise InputError(
            f"Time column '{name}': row {row + first_row} ({shown[row]!r}) comes before the row above it "
            f"({shown[row - 1]!r}). Sort the table by time, oldest first."
        )
    return times


def choose(
    raw: pd.DataFrame,
    target: str,
    inputs: tuple[str, ...] | list[str] = (),
    time_column: str | None = None,
    known_ahead: tuple[str, ...] | list[str] = (),
) -> OwnTable:
    """The picked columns as an OwnTable (target first), or an InputError naming what to fix."""
    inputs = tuple(inputs)
    names = [str(c) for c in raw.columns]
    for name in (target, *inputs, *((time_column,) if time_column else ())):
        if name not in names:
            raise InputError(f"The table has no column '{name}'; its columns are {', '.join(names)}.")
    if target in inputs:
        raise InputError(
            f"'{target}' is the target and also an input. The model always reads the target's own past; "
            "list only the other columns as inputs."
        )
    if time_column and (time_column == target or time_column in inputs):
        raise InputError(f"'{time_column}' is the time column; it cannot also be a series.")
    if len(set(inputs)) != len(inputs):
        raise InputError("An input is listed twice.")
    for name in known_ahead:
        if name not in inputs:
            raise InputError(
                f"'{name}' is marked known ahead but is not an input"
                + (" (the target is what is forecast, so it is never known ahead)." if name == target else ".")
            )
    first_row = int(raw.attrs.get("first_row", 1))
    values = np.column_stack([_numbers(raw, name) for name in (target, *inputs)])
    times = _times(raw, time_column, first_row) if time_column else None
    known = (False,) + tuple(name in known_ahead for name in inputs)
    return OwnTable(values, (target, *inputs), known, times, time_column)


def monthly_csv(months: int = 144, seed: int = 0, start: str = "2010-01", extra: bool = True) -> str:
    """A monthly series with a trend, a yearly season and noise, as CSV text (a sample for learners
    and the tests' data). With `extra`: a `temperature` input that leads the season and the
    `month` number, a calendar column known ahead."""
    rng = np.random.default_rng(seed)
    t = np.arange(months)
    dates = pd.period_range(start, periods=months, freq="M")
    season = np.sin(2 * np.pi * t / 12)
    temperature = 12 + 8 * np.sin(2 * np.pi * (t + 1) / 12) + rng.normal(0, 1.0, months)
    sales = 100 + 0.5 * t + 20 * season + rng.normal(0, 3.0, months)
    frame = pd.DataFrame({"month": dates.strftime("%Y-%m"), "sales": sales.round(2)})
    if extra:
        frame["temperature"] = temperature.round(2)
        frame["month_of_year"] = dates.month
    return frame.to_csv(index=False)

"""The learner's own CSV: read strictly into a float32 table, or refused with what to fix.

A first row of names is a header; commas, semicolons or tabs separate cells. A clean file takes
pandas' fast path; anything else is read cell by cell as text so the message can name the column,
the row and the reason (text, a gap, infinity, ragged rows, not UTF-8, too big).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from lessons.core import InputError, plural
from lessons.real_data.data import DTYPE, format_bytes

# Uploads. The lead sets Streamlit's server.maxUploadSize to MAX_UPLOAD_MB in .streamlit/config.toml;
# the parser checks again, because a parser must not trust its caller.
MAX_UPLOAD_MB = 50
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_CELLS = 3_200_000  # the question's own table (3,125,000 values) fits
MISSING_MARKERS = {"", "nan", "na", "n/a", "null", "none", "-"}


def parse_csv(data: bytes) -> pd.DataFrame:
    """A CSV of numbers as a float32 DataFrame, or an InputError that says what to fix.

    A first row of names is a header; commas, semicolons or tabs separate cells.
    """
    text, separator = _decode(data)
    fast = _all_numbers(text, separator)
    if fast is not None:
        return fast
    # Something is off: read every cell as text to say exactly which cell and why.
    table = _text_table(text, separator)
    if len(table) < 2:
        raise InputError(
            f"The table has {plural(len(table), 'row')} of numbers; it needs at least 2. "
            "Put one timestep per row (or one series per row, with its steps across the columns)."
        )
    values = numeric_columns(table, list(table.columns))
    return pd.DataFrame(values, columns=list(table.columns))


def read_table(data: bytes) -> pd.DataFrame:
    """A CSV as a table of text cells (stripped), for tables that hold more than numbers: series
    ids, dates, labels. A first row of names is a header (see `_has_header`); without one the
    columns are called 'column 1', 'column 2', …

    `table.attrs["first_row"]` is the file's line number of the first data row (2 after a
    header), so messages can name rows as a spreadsheet would.
    """
    text, separator = _decode(data)
    table = _text_table(text, separator)
    if len(table) < 1:
        raise InputError("The file has column names but no rows under them.")
    return table


def numeric_columns(table: pd.DataFrame, names: list[str]) -> np.ndarray:
    """The named columns of a `read_table` table as a float32 (rows, columns) array, or an
    InputError naming the first cell that is missing, text or infinite (column and row)."""
    first_row = table.attrs.get("first_row", 1)
    values = np.empty((len(table), len(names)), dtype=DTYPE)
    for j, name in enumerate(names):
        column = table[name]
        missing = _missing_mask(column)
        if missing.any():
            row = int(np.flatnonzero(missing.to_numpy())[0])
            raise InputError(
                f"Column '{name}' has a missing value in row {row + first_row}. An LSTM cannot "
                "take gaps: fill them (e.g. with the previous value) or drop those rows first."
            )
        numbers = pd.to_numeric(column, errors="coerce")
        bad = numbers.isna().to_numpy()
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"Column '{name}' holds text: row {row + first_row} is '{column.iloc[row][:30]}'. "
                "Only numbers go into an LSTM: drop text columns such as names or dates, or "
                "encode categories as numbers first."
            )
        if not np.isfinite(numbers.to_numpy(dtype=float)).all():
            raise InputError(f"Column '{name}' holds infinity; use finite numbers only.")
        values[:, j] = numbers.to_numpy(dtype=float)
    return values


def _decode(data: bytes) -> tuple[str, str]:
    """The file's text and its separator, after the checks every upload gets (size, UTF-8, cells)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(f"The file is {format_bytes(len(data))}; the limit is {MAX_UPLOAD_MB} MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("That is not a text file in UTF-8: save the table as CSV (UTF-8) and try again.") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("The file is empty.")
    separator = next((s for s in (",", ";", "\t") if s in lines[0]), ",")
    columns = lines[0].count(separator) + 1
    if len(lines) * columns > MAX_CELLS:
        raise InputError(
            f"The file has about {len(lines) * columns:,} cells ({len(lines):,} rows × {columns:,} "
            f"columns); the limit is {MAX_CELLS:,}. Cut it down, e.g. fewer series or fewer steps."
        )
    return text, separator


def _text_table(text: str, separator: str) -> pd.DataFrame:
    """Every cell as stripped text, the header (if any) as column names."""
    try:
        raw = pd.read_csv(
            io.StringIO(text), sep=separator, header=None, dtype=str, keep_default_na=False,
            skip_blank_lines=True, engine="c",
        )
    except pd.errors.ParserError as error:
        raise InputError(
            f"The rows do not all have the same number of cells ({_parser_detail(error)}). "
            "Every row of the table needs one cell per column."
        ) from None
    raw = raw.fillna("").apply(lambda column: column.str.strip())
    header = None
    if _has_header(raw):
        header = [name or f"column {i + 1}" for i, name in enumerate(raw.iloc[0])]
        raw = raw.iloc[1:].reset_index(drop=True)
    names = header or [f"column {i + 1}" for i in range(raw.shape[1])]
    raw.columns = _unique(names)
    raw.attrs["first_row"] = 2 if header else 1  # what a spreadsheet would call the first data row
    return raw


def _has_header(raw: pd.DataFrame) -> bool:
    """Is the first row names? Not when it holds a number or only gaps; and in a table of text
    only (a file of labels), not when one of its cells comes again below it (it is a label then)."""
    if not len(raw):
        return False
    first, rest = raw.iloc[0], raw.iloc[1:]
    if _numeric_mask(first).any() or _missing_mask(first).all():
        return False
    if len(rest) == 0 or any(_numeric_mask(rest[column]).any() for column in rest.columns):
        return True
    return not any((rest[column] == first[column]).any() for column in rest.columns)


def _all_numbers(text: str, separator: str) -> pd.DataFrame | None:
    """The fast path for a clean file (no header, or a header of names): NumPy floats, or None."""
    for header in (None, 0):
        try:
            frame = pd.read_csv(io.StringIO(text), sep=separator, header=header, dtype=np.float64, engine="c")
        except (ValueError, pd.errors.ParserError):
            continue
        names = [str(c) for c in frame.columns]
        values = frame.to_numpy()
        if header == 0 and _numeric_mask(pd.Series(names)).any():
            return None  # a "header" with numbers in it is data with text in it: let the check say so
        if len(frame) < 2 or not np.isfinite(values).all():
            return None
        if header is None:
            names = [f"column {i + 1}" for i in range(values.shape[1])]
        return pd.DataFrame(values.astype(DTYPE), columns=_unique(names))
    return None


def _numeric_mask(cells: pd.Series) -> pd.Series:
    return pd.to_numeric(cells, errors="coerce").notna()


def _missing_mask(cells: pd.Series) -> pd.Series:
    return cells.str.lower().isin(MISSING_MARKERS)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def _parser_detail(error: Exception) -> str:
    text = str(error).strip().splitlines()[-1]
    return text.removeprefix("Error tokenizing data. C error: ").rstrip(".").lower()


def table_to_series(frame: pd.DataFrame, series_in: str = "columns") -> np.ndarray:
    """The uploaded table as (series, steps): each column a series, or each row a series."""
    values = frame.to_numpy(dtype=DTYPE)
    if series_in == "columns":
        return np.ascontiguousarray(values.T)
    if series_in == "rows":
        return np.ascontiguousarray(values)
    raise InputError("Say whether each column or each row of the table is one series.")


def csv_bytes(series: np.ndarray, series_in: str = "columns", rows: int | None = None) -> bytes:
    """A table as CSV bytes (used to offer a sample file and by the tests)."""
    table = series.T if series_in == "columns" else series
    if rows is not None:
        table = table[:rows]
    name = "series" if series_in == "columns" else "step"
    frame = pd.DataFrame(table, columns=[f"{name} {i + 1}" for i in range(table.shape[1])])
    return frame.to_csv(index=False, float_format="%.4f").encode()

"""Series in long format — one row per (series id, time step), one column per channel — pivoted to
the LSTM's (samples, timesteps, features): one sample per series id, its rows put in order by the
time column, each channel one feature.

This is how a database or a sensor log hands series over (learners.md #6, many entities). The pivot
refuses what would silently give a wrong array: a channel that is not numbers, two rows for the same
(id, step), series of unequal length (unless the learner chose to pad the short ones with zeros at
the start, as `keras.utils.pad_sequences` does by default, or to keep only every series' last steps).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lessons.core import InputError, plural
from lessons.real_data.data import DTYPE
from lessons.real_data.upload import _missing_mask, numeric_columns

REFUSE, PAD, TRUNCATE = "refuse", "pad", "truncate"
UNEQUAL = (REFUSE, PAD, TRUNCATE)
PAD_VALUE = 0.0
SHOWN = 5  # ids a message names before "and 3 more"


@dataclass(frozen=True)
class Pivot:
    """A long table pivoted: one row of `values` per series id."""

    values: np.ndarray  # (series, steps, channels), float32
    ids: tuple[str, ...]  # series ids, in the order they first appear in the table
    channels: tuple[str, ...]  # the channel columns, one feature each
    lengths: np.ndarray  # each series' own number of steps, before any padding or truncating
    unequal: str  # REFUSE, PAD or TRUNCATE: what was done to series of unequal length

    @property
    def steps(self) -> int:
        return self.values.shape[1]

    @property
    def changed(self) -> tuple[str, ...]:
        """Ids of the series that were padded or truncated to `steps`."""
        return tuple(i for i, n in zip(self.ids, self.lengths) if n != self.steps)

    @property
    def padding(self) -> np.ndarray:
        """True where a cell is padding, not data (the same shape as `values`)."""
        missing = np.maximum(self.steps - self.lengths, 0) if self.unequal == PAD else np.zeros_like(self.lengths)
        padded = np.arange(self.steps)[None, :] < missing[:, None]
        return np.broadcast_to(padded[:, :, None], self.values.shape)

    @property
    def note(self) -> str:
        """What was done to unequal lengths, said plainly ('' when every series had `steps` steps)."""
        changed = self.changed
        if not changed:
            return ""
        what = (f"padded with {PAD_VALUE:g} at the start" if self.unequal == PAD
                else f"cut to their last {plural(self.steps, 'step')}")
        return f"{_listed(changed).capitalize()} {'was' if len(changed) == 1 else 'were'} {what}."


def order_values(table: pd.DataFrame, column: str) -> np.ndarray:
    """The time/order column as sortable numbers: numbers as they are, dates as nanoseconds."""
    cells = table[column]
    first_row = table.attrs.get("first_row", 1)
    missing = _missing_mask(cells)
    if missing.any():
        row = int(np.flatnonzero(missing.to_numpy())[0])
        raise InputError(f"Column '{column}' has a missing time step in row {row + first_row}; every row needs one.")
    numbers = pd.to_numeric(cells, errors="coerce")
    if numbers.notna().all():
        return numbers.to_numpy(dtype=float)
    dates = pd.to_datetime(cells, errors="coerce", format="mixed")
    if dates.notna().all():
        return dates.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)
    # Neither kind throughout: name the first cell that is not of the column's more common kind.
    bad = numbers.isna() if numbers.notna().sum() >= dates.notna().sum() else dates.isna()
    row = int(np.flatnonzero(bad.to_numpy())[0])
    raise InputError(
        f"Column '{column}' puts the steps in order, so it must hold numbers or dates, all of one kind; "
        f"row {row + first_row} is '{cells.iloc[row][:30]}'."
    )


def pivot_long(
    table: pd.DataFrame, id_column: str, order_column: str, channels: list[str] | tuple[str, ...],
    unequal: str = REFUSE,
) -> Pivot:
    """(series, steps, channels) from a long table, or an InputError that says what to fix."""
    channels = list(channels)
    for name in [id_column, order_column, *channels]:
        if name not in table.columns:
            raise InputError(f"The table has no column '{name}'.")
    if id_column == order_column:
        raise InputError("The series id and the time step must be two different columns.")
    if not channels:
        raise InputError("Pick at least one channel column: the values the LSTM reads at each step.")
    clash = [c for c in channels if c in (id_column, order_column)]
    if clash:
        raise InputError(f"Column '{clash[0]}' is the series id or the time step; it cannot be a channel too.")
    if unequal not in UNEQUAL:
        raise InputError(f"Unequal lengths are refused, padded or truncated, not '{unequal}'.")
    first_row = table.attrs.get("first_row", 1)
    ids = table[id_column].astype(str)
    missing = _missing_mask(ids)
    if missing.any():
        row = int(np.flatnonzero(missing.to_numpy())[0])
        raise InputError(f"Column '{id_column}' has no series id in row {row + first_row}; every row needs one.")
    values = numeric_columns(table, channels)
    order = order_values(table, order_column)
    codes, names = pd.factorize(ids, sort=False)  # ids in the order they first appear

    rows = np.lexsort((order, codes))  # by series, then by step
    codes, order, values = codes[rows], order[rows], values[rows]
    same = (codes[1:] == codes[:-1]) & (order[1:] == order[:-1])
    if same.any():
        at = int(np.flatnonzero(same)[0])
        series_id = names[codes[at]]
        step = table[order_column].iloc[rows[at]]
        lines = sorted(int(rows[i]) + first_row for i in (at, at + 1))
        count = int(same.sum())
        raise InputError(
            f"Series '{series_id}' has two rows for step '{step}' (rows {lines[0]} and {lines[1]})"
            + (f", and {count - 1:,} more repeated steps follow" if count > 1 else "")
            + ". Each (series, step) needs exactly one row: drop the repeats, or average them first."
        )

    n = len(names)
    lengths = np.bincount(codes, minlength=n)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    position = np.arange(len(codes)) - starts[codes]  # each row's step number within its series
    longest, shortest = int(lengths.max()), int(lengths.min())
    if longest != shortest and unequal == REFUSE:
        raise InputError(_unequal_message(names, lengths))
    if unequal == TRUNCATE:
        steps = shortest
        shift = position - (lengths[codes] - steps)  # keep each series' last `steps` steps
    else:
        steps = longest
        shift = position + (steps - lengths[codes])  # shorter series start later: zeros before them
    keep = shift >= 0
    pivoted = np.full((n, steps, len(channels)), PAD_VALUE, dtype=DTYPE)
    pivoted[codes[keep], shift[keep]] = values[keep]
    return Pivot(pivoted, tuple(str(i) for i in names), tuple(channels), lengths, unequal)


def _unequal_message(names: pd.Index, lengths: np.ndarray) -> str:
    values, counts = np.unique(lengths, return_counts=True)
    common = int(values[counts.argmax()])
    odd = [(str(names[i]), int(n)) for i, n in enumerate(lengths) if n != common]
    shown = ", ".join(f"'{i}' has {plural(n, 'step')}" for i, n in odd[:SHOWN])
    more = f" and {len(odd) - SHOWN:,} more" if len(odd) > SHOWN else ""
    return (
        f"The series are not all the same length: {shown}{more}, the other "
        f"{len(lengths) - len(odd):,} have {common:,} steps. One array needs one length: pad the short "
        f"series (with {PAD_VALUE:g} at the start) to {int(lengths.max()):,} steps, or truncate every "
        f"series to its last {int(lengths.min()):,}."
    )


def _listed(ids: tuple[str, ...]) -> str:
    shown = ", ".join(f"'{i}'" for i in ids[:SHOWN])
    return f"series {shown}" + (f" and {len(ids) - SHOWN:,} more" if len(ids) > SHOWN else "")


def long_csv_bytes(values: np.ndarray, ids: list[str], channels: list[str], id_column: str = "id",
                   order_column: str = "step") -> bytes:
    """(series, steps, channels) as a long CSV, one row per (id, step) (a sample file, and the tests)."""
    n, steps, _ = values.shape
    frame = pd.DataFrame({id_column: np.repeat(ids, steps), order_column: np.tile(np.arange(steps), n)})
    for j, name in enumerate(channels):
        frame[name] = values[:, :, j].ravel()
    return frame.to_csv(index=False, float_format="%.4f").encode()


ID_NAMES = ("id", "series", "series_id", "entity", "unit", "sensor", "user", "name")
ORDER_NAMES = ("step", "t", "time", "timestep", "date", "timestamp", "order", "index", "day")
LABEL_NAMES = ("label", "class", "target", "y", "category")


def guess_columns(columns: list[str]) -> tuple[str, str, str | None]:
    """A first guess at the id, time-step and label columns of a long table, by their names (else
    the first two columns and no label); the learner picks again if it is wrong."""
    lowered = [str(c).strip().lower() for c in columns]

    def named(candidates: tuple[str, ...], taken: tuple[str, ...]) -> str | None:
        for candidate in candidates:
            for column, low in zip(columns, lowered):
                if low == candidate and column not in taken:
                    return column
        return None

    id_column = named(ID_NAMES, ()) or columns[0]
    order_column = named(ORDER_NAMES, (id_column,)) or next((c for c in columns if c != id_column), id_column)
    return id_column, order_column, named(LABEL_NAMES, (id_column, order_column))


def sample_long_files(n_series: int = 24, steps: int = 120, seed: int = 0) -> tuple[bytes, bytes]:
    """A long CSV (id, step, value, change) of generated series in three classes, and its labels
    file (id, label): the sample files the page offers, and a shape to copy."""
    from lessons.real_data.data import CLASS_NAMES, generate_series

    series, codes = generate_series(n_series, steps + 1, seed)
    # Two channels: the value, and its change from the step before.
    values = np.stack([series[:, 1:], np.diff(series, axis=1)], axis=-1)
    ids = [f"s{i + 1:02d}" for i in range(n_series)]
    labels = pd.DataFrame({"id": ids, "label": [CLASS_NAMES[c] for c in codes]}).to_csv(index=False).encode()
    return long_csv_bytes(values, ids, ["value", "change"]), labels

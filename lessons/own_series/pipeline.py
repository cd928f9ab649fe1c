"""From the learner's table to honest numbers: split, scale, cut windows, baselines, forecasts, metrics.

The order matters and is the lesson:

1. **Split the rows**, oldest first: training, then validation, then test (`split_rows`). Windows are
   cut *inside* each part (`cut_part`), so no window reads rows of one part and forecasts rows of
   the next: a training window whose targets reach into the test rows has seen the answer.
2. **Scale** with numbers from the training rows only (`fit_scaler`): the minimum, maximum, mean
   or spread of the test rows is the future, which the model must not know.
3. Two models, two ways to forecast H steps: a **one-step** model (reads n_in rows of every column,
   predicts the next row of every column) run **recursively**, fed its own predictions; and a
   **direct** model with a vector output (predicts the target's next H values at once), which also
   reads the columns marked *known ahead* over the horizon (a calendar, a weather forecast).
4. Everything is judged on the **test windows** in the data's own units, next to two baselines on
   the same windows: persistence ("next = last") and seasonal-naive ("next = one season ago").
5. The look-back is chosen on the **validation** rows, every window size (and the baseline) scored on
   the same target rows: those the largest window can forecast (`sweep_first_target`).

All NumPy: the windows are `sliding_window_view` cuts of the framing registry
(`lessons.forecasting.framings`), so a page rerun with 5,000 rows costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from lessons.core import InputError
from lessons.forecasting.framings import FRAMINGS
from lessons.own_series.data import OwnTable

PARTS = ("train", "validation", "test")
PART_NAMES = {"train": "training", "validation": "validation", "test": "test"}
SCALINGS = {"none": "No scaling", "minmax": "Min-max (0 to 1)", "standard": "Standard (mean 0, spread 1)"}
ONE_STEP = FRAMINGS["parallel"]  # n_in rows of every column → the next row of every column
MULTI_STEP = FRAMINGS["parallel_multistep"]  # n_in rows → the next H rows


@dataclass(frozen=True)
class Settings:
    n_in: int  # rows each window reads
    horizon: int  # H: steps forecast at once (and past the end)
    val_share: float  # of the rows, for validation
    test_share: float  # of the rows, for testing (the newest rows)
    scaling: str = "minmax"  # a key of SCALINGS
    season: int = 12  # rows per season, for the seasonal-naive baseline


# --- 1. the split ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    name: str  # "train", "validation" or "test"
    start: int  # first row
    stop: int  # one past the last row

    @property
    def rows(self) -> int:
        return self.stop - self.start


def window_rows(n_in: int, horizon: int) -> int:
    """Rows one window needs: n_in to read and H to forecast."""
    return n_in + horizon


def split_rows(n_rows: int, val_share: float, test_share: float, n_in: int, horizon: int) -> tuple[Part, Part, Part]:
    """Training, validation and test rows, in time order; InputError when a part has no whole window."""
    if n_in < 1:
        raise InputError("The window must read at least 1 row.")
    if horizon < 1:
        raise InputError("The horizon must be at least 1 step.")
    for name, share in (("validation", val_share), ("test", test_share)):
        if not 0 < share < 1:
            raise InputError(f"The {name} share must be between 0 and 1; it is {share}.")
    if val_share + test_share >= 0.9:
        raise InputError("Validation and test together take 90% of the rows or more; keep most rows for training.")
    n_test = round(n_rows * test_share)
    n_val = round(n_rows * val_share)
    b = n_rows - n_test
    a = b - n_val
    parts = (Part("train", 0, a), Part("validation", a, b), Part("test", b, n_rows))
    need = window_rows(n_in, horizon)
    for part in parts:
        if part.rows < need:
            smallest = min(p.rows for p in parts)
            fits = (f" With these shares, n_in can be at most {smallest - horizon}." if smallest > horizon else "")
            raise InputError(
                f"The {PART_NAMES[part.name]} part has {part.rows} rows, but one window needs {need} "
                f"({n_in} to read + {horizon} to forecast), so it would have no window. Give it a larger "
                f"share, shrink the window or the horizon, or bring more rows.{fits}"
            )
    return parts


# --- 2. scaling -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scaler:
    """x_scaled = (x - offset) / scale, per column; offset and scale come from the training rows."""

    kind: str
    offset: np.ndarray = field(repr=False)
    scale: np.ndarray = field(repr=False)

    def transform(self, values: np.ndarray) -> np.ndarray:
        """Columns on the last axis; any number of axes before it."""
        return (np.asarray(values, dtype=float) - self.offset) / self.scale

    def inverse(self, values: np.ndarray) -> np.ndarray:
        """Back to the data's units: a 2D (rows, columns) array, as scikit-learn's scalers want it."""
        values = np.asarray(values, dtype=float)
        if values.ndim != 2 or values.shape[1] != len(self.offset):
            raise InputError(
                f"inverse wants 2D (rows, {len(self.offset)} columns); this array is {values.shape}. "
                "Reshape a 3D prediction to 2D first."
            )
        return values * self.scale + self.offset

    def inverse_column(self, values: np.ndarray, column: int = 0) -> np.ndarray:
        """One column's values (any shape) back to the data's units."""
        return np.asarray(values, dtype=float) * self.scale[column] + self.offset[column]


def fit_scaler(kind: str, train_rows: np.ndarray) -> Scaler:
    """A scaler fitted on the training rows only (rows × columns)."""
    rows = np.asarray(train_rows, dtype=float)
    columns = rows.shape[1]
    if kind == "none":
        return Scaler(kind, np.zeros(columns), np.ones(columns))
    if kind == "minmax":
        low, high = rows.min(axis=0), rows.max(axis=0)
        return Scaler(kind, low, np.where(high > low, high - low, 1.0))
    if kind == "standard":
        spread = rows.std(axis=0)
        return Scaler(kind, rows.mean(axis=0), np.where(spread > 0, spread, 1.0))
    raise InputError(f"Scaling must be one of {', '.join(SCALINGS)}; it is '{kind}'.")


def inverse_3d(scaler: Scaler, values: np.ndarray) -> tuple[np.ndarray, list[tuple[str, tuple[int, ...]]]]:
    """A 3D (samples, steps, columns) prediction back to the data's units, the way a 2D scaler needs:
    3D → 2D (samples × steps, columns) → inverse → 3D. Returns the result and each step's shape."""
    values = np.asarray(values, dtype=float)
    samples, steps, columns = values.shape
    flat = values.reshape(samples * steps, columns)
    back = scaler.inverse(flat).reshape(samples, steps, columns)
    return back, [("prediction (scaled)", values.shape), ("reshape(-1, columns)", flat.shape),
                  ("scaler.inverse", flat.shape), ("reshape back", back.shape)]


# --- 3. windows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Windows:
    """The windows of one part, scaled. `starts` are absolute row numbers of each window's first row."""

    part: Part
    starts: np.ndarray = field(repr=False)  # direct windows
    X_step: np.ndarray = field(repr=False)  # (s', n_in, F): one-step model's inputs (s' = s + H - 1)
    y_step: np.ndarray = field(repr=False)  # (s', F): the next row
    X_past: np.ndarray = field(repr=False)  # (s, n_in, F): the rows each direct window reads
    future: np.ndarray = field(repr=False)  # (s, H, F): the H rows after it (truth, scaled)
    X_direct: np.ndarray = field(repr=False)  # (s, n_in [+ H], F): with the known-ahead rows
    y_direct: np.ndarray = field(repr=False)  # (s, H): the target's next H values

    @property
    def count(self) -> int:
        return len(self.starts)


def known_block(future: np.ndarray, known: tuple[bool, ...]) -> np.ndarray:
    """The H future rows as the direct model may read them: known-ahead columns kept, the rest 0."""
    mask = np.asarray(known, dtype=bool)
    return np.where(mask, future, 0.0)


def direct_input(past: np.ndarray, future: np.ndarray, known: tuple[bool, ...]) -> np.ndarray:
    """The direct model's input: the n_in rows read, then (when a column is known ahead) the H future
    rows with only the known columns filled in (the cells to predict are 0)."""
    if not any(known):
        return past
    return np.concatenate([past, known_block(future, known)], axis=1)


def cut_part(scaled: np.ndarray, part: Part, n_in: int, horizon: int, known: tuple[bool, ...]) -> Windows:
    """The windows of one part, cut from that part's rows only: none reads or forecasts a row outside it."""
    rows = scaled[part.start : part.stop]
    X_step, y_step = ONE_STEP.cut(rows, n_in, 1)
    X_past, future = MULTI_STEP.cut(rows, n_in, horizon)
    starts = part.start + np.arange(len(X_past))
    return Windows(part, starts, X_step, y_step, X_past, future, direct_input(X_past, future, known),
                   future[:, :, 0])


# --- 4. baselines and metrics ---------------------------------------------------------------------


def check_season(season: int, first_test_end: int, n_rows: int) -> None:
    if season < 1:
        raise InputError("The season must be at least 1 row.")
    if season >= n_rows:
        raise InputError(f"A season of {season} rows is longer than the data ({n_rows} rows).")
    if season > first_test_end + 1:
        raise InputError(
            f"A season of {season} rows reaches back before the first row from the first test window "
            f"(it ends at row {first_test_end}); the season can be at most {first_test_end + 1} rows here."
        )


def persistence(target: np.ndarray, starts: np.ndarray, n_in: int, horizon: int) -> np.ndarray:
    """"Next = last": every step of each window's horizon is the last value the window read. (s, H)."""
    last = np.asarray(target)[starts + n_in - 1]
    return np.repeat(last[:, None], horizon, axis=1)


def seasonal_naive(target: np.ndarray, starts: np.ndarray, n_in: int, horizon: int, season: int) -> np.ndarray:
    """"Next = one season ago": step h after the window's last row t is the value at
    t + h - season × ceil(h / season), the latest row of the same phase known at time t. (s, H)."""
    t = starts + n_in - 1
    h = np.arange(1, horizon + 1)
    back = season * np.ceil(h / season).astype(int)
    rows = t[:, None] + h[None, :] - back[None, :]
    if rows.min() < 0:
        raise InputError(f"A season of {season} rows reaches back before the first row.")
    return np.asarray(target)[rows]


def rmse(prediction: np.ndarray, truth: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.asarray(prediction) - np.asarray(truth)) ** 2)))


def mae(prediction: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean(np.abs(np.asarray(prediction) - np.asarray(truth))))


# --- 5. forecasts ---------------------------------------------------------------------------------


Predict = Callable[[np.ndarray], np.ndarray]


def recursive(predict: Predict, windows: np.ndarray, horizon: int, future_known: np.ndarray | None = None,
              known: tuple[bool, ...] = ()) -> np.ndarray:
    """H steps from a one-step model: predict the next row, append it, drop the oldest row, repeat.

    `windows` (s, n_in, F); `predict` maps it to (s, F). Columns marked known ahead take their known
    values (`future_known`, (s, H, F)) instead of the model's guess. Returns (s, H, F).
    """
    window = np.array(windows, dtype=float)
    mask = np.asarray(known, dtype=bool) if any(known) else None
    steps = []
    for h in range(horizon):
        row = np.asarray(predict(window), dtype=float).reshape(len(window), window.shape[2])
        if mask is not None and future_known is not None:
            row = np.where(mask, future_known[:, h], row)
        steps.append(row)
        window = np.concatenate([window[:, 1:], row[:, None]], axis=1)
    return np.stack(steps, axis=1)


def future_known_rows(values: np.ndarray, horizon: int, season: int, known: tuple[bool, ...]) -> np.ndarray:
    """The known-ahead columns' values for the H rows after the data: each one season earlier (exact
    for a calendar column such as the month); the other columns are 0. (H, F)."""
    n = len(values)
    h = np.arange(horizon)
    rows = n + h - season * np.ceil((h + 1) / season).astype(int)
    rows = np.clip(rows, 0, n - 1)
    return np.where(np.asarray(known, dtype=bool), values[rows], 0.0)


# --- everything a page shows before any training --------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    table: OwnTable
    settings: Settings
    parts: tuple[Part, Part, Part]
    scaler: Scaler
    scaled: np.ndarray = field(repr=False)
    windows: dict[str, Windows] = field(repr=False)
    last_past: np.ndarray = field(repr=False)  # (1, n_in, F): the data's last n_in rows, scaled
    last_future_known: np.ndarray = field(repr=False)  # (1, H, F): known-ahead values past the end, scaled
    last_direct: np.ndarray = field(repr=False)  # (1, n_in [+ H], F)

    @property
    def test(self) -> Windows:
        return self.windows["test"]

    def scored(self, part: str = "test", first_target: int | None = None) -> np.ndarray:
        """Which of the part's windows are scored (a boolean mask): all of them, or with `first_target`
        only those whose first target row is `first_target` or later (see `sweep_first_target`)."""
        starts = self.windows[part].starts
        if first_target is None:
            return np.ones(len(starts), dtype=bool)
        return starts + self.settings.n_in >= first_target

    def truth(self, part: str = "test", first_target: int | None = None) -> np.ndarray:
        """The target over each scored window's horizon, in the data's units: (s, H)."""
        starts = self.windows[part].starts[self.scored(part, first_target)]
        return self.table.values[starts[:, None] + self.settings.n_in + np.arange(self.settings.horizon)[None, :], 0]

    def baselines(self, part: str = "test", first_target: int | None = None) -> dict[str, np.ndarray]:
        s = self.settings
        starts = self.windows[part].starts[self.scored(part, first_target)]
        target = self.table.values[:, 0]
        return {
            "persistence": persistence(target, starts, s.n_in, s.horizon),
            "seasonal-naive": seasonal_naive(target, starts, s.n_in, s.horizon, s.season),
        }

    def target_units(self, scaled: np.ndarray) -> np.ndarray:
        return self.scaler.inverse_column(scaled, 0)


def prepare(table: OwnTable, settings: Settings) -> Prepared:
    """Split, scale and cut: everything before training. InputError for settings that cannot work."""
    s = settings
    parts = split_rows(table.rows, s.val_share, s.test_share, s.n_in, s.horizon)
    check_season(s.season, parts[2].start + s.n_in - 1, table.rows)
    scaler = fit_scaler(s.scaling, table.values[: parts[0].stop])
    scaled = scaler.transform(table.values)
    windows = {part.name: cut_part(scaled, part, s.n_in, s.horizon, table.known) for part in parts}
    last_past = scaled[None, -s.n_in:]
    future = scaler.transform(future_known_rows(table.values, s.horizon, s.season, table.known))
    future = known_block(future, table.known)[None]
    return Prepared(table, s, parts, scaler, scaled, windows, last_past, future,
                    direct_input(last_past, future, table.known))


# --- the look-back sweep: every window size scored on the same target rows ----------------------------


def sweep_first_target(validation: Part, sizes: Sequence[int], season: int) -> int:
    """The first validation row every swept window size can forecast: `validation.start + max(sizes)`.

    Windows are cut inside the validation part, so a window reading n_in rows has its first target at
    `validation.start + n_in`: a larger n_in loses the earliest targets. Scoring every size (and the
    baselines) from this row on compares them on the same target rows. InputError when the
    seasonal-naive baseline would reach back before the first row from there.
    """
    first = validation.start + max(sizes)
    if season > first:
        raise InputError(
            f"A season of {season} rows reaches back before the first row from the sweep's first validation "
            f"target (row {first}, the first one a window of {max(sizes)} rows can forecast), so the "
            f"seasonal-naive baseline has no value there. Make the season at most {first} rows (section 1) or "
            "give validation a later start (a smaller test share)."
        )
    return first


def drift(forecast: np.ndarray, last_value: float) -> float:
    """How far a forecast past the end moves from the last value seen, at its last step."""
    return float(np.asarray(forecast).ravel()[-1] - last_value)

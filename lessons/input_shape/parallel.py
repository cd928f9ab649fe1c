"""Parallel series: the right framing (rows are timesteps, series are features) and the wrong turn."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lessons.core.parsing import table_from_link, table_to_link

DEFAULT_SERIES = {
    "series 1": np.round(np.arange(1, 11) / 10, 1),  # 0.1 … 1.0
    "series 2": np.round(np.arange(10, 0, -1) / 10, 1),  # 1.0 … 0.1
}


def default_frame() -> pd.DataFrame:
    return pd.DataFrame(DEFAULT_SERIES)


def frame_to_link(frame: pd.DataFrame) -> str:
    """Series as `0.1,0.2|1,0.9`: one group of numbers per column."""
    return table_to_link([frame[c].to_numpy(dtype=float) for c in frame.columns])


def frame_from_link(text: str) -> pd.DataFrame:
    return pd.DataFrame({f"series {i + 1}": c for i, c in enumerate(table_from_link(text, max_rows=10_000))})


def as_features(table: np.ndarray) -> np.ndarray:
    """Right: one sample; each row a timestep; each series a feature → (1, rows, series)."""
    return table.reshape((1, table.shape[0], table.shape[1]))


def as_timesteps_wrong_turn(table: np.ndarray) -> np.ndarray:
    """The wrong turn: each series a row, so 'series' timesteps of 'rows' features → (1, series, rows)."""
    return table.T.reshape((1, table.shape[1], table.shape[0]))

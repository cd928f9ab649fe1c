"""The learner's labels: one per series, any text or numbers, checked before anything trains; and
the stratified held-out split that keeps every class on both sides.

Labels come from a column of the table (one value per series row, or per series id in a long
table, where it must not change within a series) or from a second file (matched by series id
when that file has the id column, else taken in the order of the series). `make_labels` turns the
values into class numbers 0, 1, … and refuses what a classifier cannot learn from or be judged
on: a count that does not match the series, a single class, a class with a single series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lessons.core import InputError, plural
from lessons.real_data.data import DEFAULT_SEED, TEST_FRACTION

MIN_PER_CLASS = 2  # one series to learn the class from, one held out to judge it
SHOWN = 5  # ids or values a message names before "and 3 more"


@dataclass(frozen=True)
class Labels:
    """One class number per series, and what each number stands for."""

    codes: np.ndarray  # (series,) int64: an index into `names`
    names: tuple[str, ...]  # the class names, as the learner wrote them

    @property
    def counts(self) -> np.ndarray:
        return np.bincount(self.codes, minlength=len(self.names))

    def frame(self) -> pd.DataFrame:
        """Classes and how many series each has, as a table for the page."""
        return pd.DataFrame({"class": list(self.names), "series": self.counts.tolist()})


def _class_name(value: str) -> str:
    return value.strip()


def _sorted_classes(values: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """The distinct classes in a natural order (numbers by value, else text), and each raw value's class.

    When every label is a number, '1' and '1.0' are one class, named '1'.
    """
    texts = [_class_name(v) for v in values]
    numbers = pd.to_numeric(pd.Series(texts, dtype=str), errors="coerce")
    if len(texts) and numbers.notna().all():
        def name(number: float) -> str:
            return str(int(number)) if float(number).is_integer() else repr(float(number))

        by_value = {text: name(number) for text, number in zip(texts, numbers)}
        order = sorted(set(by_value.values()), key=float)
        return order, by_value
    return sorted(set(texts)), {text: text for text in texts}


def make_labels(values: Sequence[str], n_series: int, where: str, order_note: str = "") -> Labels:
    """Class numbers for `n_series` series from their label `values` (text), or an InputError.

    `where` names the labels' source in messages ("column 'label'", "labels.csv"); `order_note`
    says how labels were matched to series, for the count message.
    """
    values = [str(v) for v in values]
    blank = [i for i, v in enumerate(values) if not v.strip()]
    if blank:
        raise InputError(f"Label {blank[0] + 1} in {where} is empty; every series needs a label.")
    if len(values) != n_series:
        raise InputError(
            f"There are {n_series:,} series but {plural(len(values), 'label')} in {where}: "
            f"give exactly one label per series{order_note}."
        )
    names, class_of = _sorted_classes(values)
    if len(names) < 2:
        raise InputError(
            f"Every series has the label '{names[0]}' ({where}): a classifier needs at least 2 classes "
            "to tell apart."
        )
    index = {name: code for code, name in enumerate(names)}
    codes = np.array([index[class_of[_class_name(v)]] for v in values], dtype=np.int64)
    counts = np.bincount(codes, minlength=len(names))
    lonely = [names[c] for c in np.flatnonzero(counts < MIN_PER_CLASS)]
    if lonely:
        said = ", ".join(f"'{name}'" for name in lonely[:SHOWN]) + (
            f" and {len(lonely) - SHOWN} more" if len(lonely) > SHOWN else "")
        raise InputError(
            f"{'Class' if len(lonely) == 1 else 'Classes'} {said} {'has' if len(lonely) == 1 else 'have'} only "
            f"1 series ({where}): a held-out split needs at least {MIN_PER_CLASS} series of every class, one to "
            "learn from and one to judge with. Add series of that class, or drop it."
        )
    return Labels(codes, tuple(names))


def labels_from_column(table: pd.DataFrame, column: str, ids: Sequence[str] | None = None,
                       id_column: str | None = None) -> Labels:
    """Labels from a column of the table: one per row (one series per row), or, in a long table
    (`ids` and `id_column` given), one per series id, which must be the same on all its rows."""
    if column not in table.columns:
        raise InputError(f"The table has no column '{column}'.")
    where = f"column '{column}'"
    if ids is None:
        return make_labels(table[column].tolist(), len(table), where)
    if column == id_column:
        raise InputError("The labels column cannot be the series id column: pick the column with each series' class.")
    per_id = table.groupby(table[id_column].astype(str), sort=False)[column].unique()
    mixed = [(i, values) for i, values in per_id.items() if len(values) > 1]
    if mixed:
        series_id, values = mixed[0]
        shown = ", ".join(f"'{v}'" for v in values[:SHOWN])
        others = f" So do {len(mixed) - 1:,} other series." if len(mixed) > 1 else ""
        raise InputError(
            f"Series '{series_id}' has {len(values)} different labels in {where} ({shown}); a series has "
            f"one class.{others}"
        )
    missing = [i for i in ids if str(i) not in per_id.index]
    if missing:
        raise InputError(f"The table's column '{id_column}' has no rows for {_listed(missing)}; pick the "
                         "id column the series were made from.")
    return make_labels([per_id[str(i)][0] for i in ids], len(ids), where)


def labels_from_file(labels_table: pd.DataFrame, column: str, ids: Sequence[str], file_name: str,
                     id_column: str | None = None) -> Labels:
    """Labels from a second file: matched by series id when that file has the id column too, else
    one per row in the order of the series."""
    if column not in labels_table.columns:
        raise InputError(f"{file_name} has no column '{column}'.")
    where = file_name
    if id_column is not None and id_column in labels_table.columns and id_column != column:
        keys = labels_table[id_column].astype(str)
        repeated = keys[keys.duplicated()].unique().tolist()
        if repeated:
            raise InputError(
                f"Series '{repeated[0]}' has more than one row in {file_name}; give each series one label.")
        by_id = dict(zip(keys, labels_table[column]))
        missing = [i for i in ids if str(i) not in by_id]
        extra = sorted(set(by_id) - {str(i) for i in ids})
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"no label for {_listed(missing)}")
            if extra:
                parts.append(f"labels for {_listed(extra)}, which the table does not have")
            raise InputError(f"{file_name} matches series by '{id_column}', and has " + "; ".join(parts) + ".")
        return make_labels([by_id[str(i)] for i in ids], len(ids), where)
    note = " (one row per series, in the order the series are listed above)"
    if id_column is not None:
        note += f", or add a '{id_column}' column to match them by id"
    return make_labels(labels_table[column].tolist(), len(ids), where, note)


def _listed(ids: Sequence[str]) -> str:
    shown = ", ".join(f"'{i}'" for i in list(ids)[:SHOWN])
    return f"series {shown}" + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


# --- the stratified split ----------------------------------------------------------------------


def stratified_split(
    codes: np.ndarray, test_fraction: float = TEST_FRACTION, seed: int = DEFAULT_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Train and held-out series indices with every class on both sides, in its own proportion.

    Each class holds out round(its series × `test_fraction`) of its series, at least 1 and at most
    all but 1, drawn by a seeded shuffle: the same codes and seed give the same split.
    """
    codes = np.asarray(codes)
    rng = np.random.default_rng(seed)
    train, test = [], []
    for code in np.unique(codes):
        rows = np.flatnonzero(codes == code)
        if len(rows) < MIN_PER_CLASS:
            raise InputError(f"Class {code} has {len(rows):,} series; a split needs at least {MIN_PER_CLASS}.")
        n_test = min(len(rows) - 1, max(1, round(len(rows) * test_fraction)))
        shuffled = rng.permutation(rows)
        test.append(shuffled[:n_test])
        train.append(shuffled[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))

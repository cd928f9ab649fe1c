"""Reading the learner's CSV and picking its columns: good tables, and every bad one refused clearly."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import own_series as own
from lessons.core import InputError
from lessons.own_series.data import numeric_columns, time_column_guess


def test_a_monthly_csv_reads_with_dates_and_numbers():
    raw = own.read_table(own.monthly_csv(months=30))
    assert list(raw.columns) == ["month", "sales", "temperature", "month_of_year"]
    assert time_column_guess(raw) == "month"
    assert numeric_columns(raw) == ["sales", "temperature", "month_of_year"]
    table = own.choose(raw, "sales", ["temperature"], "month")
    assert table.columns == ("sales", "temperature") and table.known == (False, False)
    assert table.values.shape == (30, 2) and table.values.dtype == np.float64
    assert table.values[0, 0] == float(raw["sales"].iloc[0])  # the learner's units, not float32-rounded
    assert str(table.times[0])[:10] == "2010-01-01" and str(table.times[-1])[:10] == "2012-06-01"
    assert raw.attrs["separator"] == "," and raw.attrs["header"] is True


def test_semicolons_no_header_and_a_numeric_time_column():
    raw = own.read_table("1;5\n2;6\n3;7\n")
    assert list(raw.columns) == ["column 1", "column 2"] and raw.attrs["header"] is False
    table = own.choose(raw, "column 2", time_column="column 1")
    assert table.times.tolist() == [1.0, 2.0, 3.0] and table.values[:, 0].tolist() == [5, 6, 7]


@pytest.mark.parametrize(("text", "kwargs", "message"), [
    ("month,sales\n2020-01,1\n2020-02,x\n2020-03,3\n", {}, "Column 'sales' holds text: row 3 is 'x'"),
    ("month,sales\n2020-01,1\n2020-02,NaN\n2020-03,3\n", {}, "Column 'sales' has a missing value in row 3"),
    ("month,sales\n2020-01,1\n2020-02,2\n2020-02,3\n", {}, "row 4 repeats '2020-02'"),
    ("month,sales\n2020-01,1\n2020-05,2\n2020-03,3\n", {}, "row 4 ('2020-03') comes before"),
    ("month,sales\n2020-01,1\nlater,2\n", {}, "row 3 is 'later', not a date"),
    ("month,sales,x\n2020-01,1,2\n2020-02,2,3\n", {"inputs": ["sales"]}, "is the target and also an input"),
    ("month,sales,x\n2020-01,1,2\n2020-02,2,3\n", {"known": ["x"]}, "'x' is marked known ahead but is not an input"),
    ("month,sales\n2020-01,1\n2020-02,2\n", {"target": "price"}, "no column 'price'"),
])
def test_bad_tables_name_the_column_and_row(text, kwargs, message):
    raw = own.read_table(text)
    target = kwargs.pop("target", "sales")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        own.choose(raw, target, kwargs.get("inputs", ()), "month", kwargs.get("known", ()))


def test_one_row_too_many_rows_too_many_cells_and_ragged_rows_are_refused():
    with pytest.raises(InputError, match="1 row of data"):
        own.read_table("a,b\n1,2\n")
    with pytest.raises(InputError, match=f"limit here is {own.MAX_ROWS:,}"):
        own.read_table("a\n" + "\n".join(str(i) for i in range(own.MAX_ROWS + 1)))
    with pytest.raises(InputError, match="cells"):
        own.read_table("\n".join(",".join(["1"] * 15) for _ in range(4000)))
    with pytest.raises(InputError, match="columns; the limit"):
        own.read_table(",".join(["1"] * (own.MAX_COLUMNS + 1)) + "\n")
    with pytest.raises(InputError, match="same number of cells"):
        own.read_table("a,b\n1,2\n3,4,5\n")
    with pytest.raises(InputError, match="UTF-8"):
        own.read_table(b"a,b\n\xff\xfe,1\n")

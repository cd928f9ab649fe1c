import numpy as np
import pytest

from lessons.parsing import MAX_VALUES, InputError, parse_numbers, parse_shape


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0.1, 0.2, 0.3", [0.1, 0.2, 0.3]),
        ("1 2\n3\t4", [1, 2, 3, 4]),
        ("[1, 2, 3]", [1, 2, 3]),
        ("-1.5e-3; +2; .5", [-0.0015, 2, 0.5]),
    ],
)
def test_numbers_in_every_separator_style(text, expected):
    np.testing.assert_allclose(parse_numbers(text), expected)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("1, two, 3", "'two', is not a number"),
        ("1, nan", "NaN or infinity"),
        ("-inf", "NaN or infinity"),
        ("1e400", "too large"),
        ("__import__('os')", "is not a number"),
    ],
)
def test_bad_numbers_are_explained(text, fragment):
    with pytest.raises(InputError, match=None) as info:
        parse_numbers(text)
    assert fragment in str(info.value)


def test_count_limits():
    with pytest.raises(InputError, match="at least 2"):
        parse_numbers("5", min_count=2)
    assert parse_numbers(" ".join(["1"] * MAX_VALUES)).size == MAX_VALUES
    with pytest.raises(InputError, match="at most 100,000"):
        parse_numbers(" ".join(["1"] * (MAX_VALUES + 1)))


def test_shapes():
    assert parse_shape("(1, 10, 1)") == (1, 10, 1)
    assert parse_shape("[6 3 1]") == (6, 3, 1)
    assert parse_shape("10,") == (10,)
    assert parse_shape("None, 3, 1", allow_none=True) == (None, 3, 1)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("(0, 10, 1)", "1 or more"),
        ("(-3, 10, 1)", "1 or more"),
        ("(-1, 10, 1)", "-1"),
        ("(1, 2.5, 1)", "not a whole number"),
        ("(None, 3, 1)", "not a whole number"),
        ("(1, 1, 1, 1, 1, 1, 1)", "at most 6"),
        ("(100000, 100000, 1000)", "elements"),
        ("", "Type a shape"),
        ("1" * 300, "too long"),
    ],
)
def test_bad_shapes_are_explained(text, fragment):
    with pytest.raises(InputError) as info:
        parse_shape(text)
    assert fragment in str(info.value)

import numpy as np
import pytest

from lessons.core.parsing import MAX_VALUES, InputError, parse_numbers, parse_shape


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


@pytest.mark.parametrize("text", ["(None, 8, 2)", "none, 8, 2", "[? 8 2]"])
def test_none_in_an_input_shape_is_explained_as_the_batch_axis(text):
    with pytest.raises(InputError) as info:
        parse_shape(text, kind="input")
    message = str(info.value)
    assert "samples (batch) axis" in message
    assert "Keras adds that axis itself" in message
    assert "Type (8, 2)" in message  # what the learner meant, without the batch axis
    assert "not a whole number" not in message


def test_none_in_an_array_shape_asks_for_the_number_of_samples():
    with pytest.raises(InputError) as info:
        parse_shape("(None, 10, 1)")
    message = str(info.value)
    assert "samples (batch) axis" in message
    assert "e.g. (1, 10, 1) for one sample" in message
    assert "Type (10, 1)" not in message  # an array needs its samples; only keras.Input leaves them out


def test_none_elsewhere_is_explained_without_a_wrong_suggestion():
    with pytest.raises(InputError) as info:
        parse_shape("(None, 2)", kind="input")
    assert "any length" in str(info.value)  # a None timesteps is legal in keras.Input
    assert "Type (2,)" not in str(info.value)
    with pytest.raises(InputError) as info:
        parse_shape("(8, None)", kind="input")
    assert "Dimension 2 is None" in str(info.value)
    with pytest.raises(InputError) as info:
        parse_shape("(None, x, 2)", kind="input")
    assert "Dimension 1 is None" in str(info.value) and "Type" not in str(info.value)


def test_none_is_still_allowed_where_a_shape_may_hold_it():
    assert parse_shape("(None, 8, 2)", allow_none=True, kind="input") == (None, 8, 2)
    assert parse_shape("(?, 3)", allow_none=True) == (None, 3)

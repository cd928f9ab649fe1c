import numpy as np

from lessons.core.captured import capture, numpy_source, strip_ansi


def test_capture_keeps_the_librarys_own_words():
    result, error = capture(lambda: np.arange(10).reshape((3, 4)), numpy_source())
    assert result is None
    assert error.kind == "ValueError"
    assert error.message == "cannot reshape array of size 10 into shape (3,4)"
    assert error.source.startswith("NumPy ")


def test_capture_returns_the_result_when_nothing_is_raised():
    result, error = capture(lambda: 42, "test")
    assert (result, error) == (42, None)


def test_terminal_colour_codes_are_stripped_from_captured_messages():
    def raise_bold():
        raise ValueError("\x1b[1mInvalid input shape\x1b[0m for input")

    _, error = capture(raise_bold, "test")
    assert error.message == "Invalid input shape for input"
    assert strip_ansi("[1mpasted without ESC[0m") == "pasted without ESC"

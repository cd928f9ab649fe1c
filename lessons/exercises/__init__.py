"""Guess the shape: questions made from a page's current data, and the checker of a guess.

- `checker`: `Question` (prompt, true shape, axis names, a reason per axis, explanation) and
  `check(question, text)`, which parses the guess strictly and names every axis that is off;
- `questions`: the generators for the input-shape pages, the padding page and the forecasting windows.
"""

from lessons.exercises.checker import MALFORMED, RIGHT, WRONG, Question, Verdict, check
from lessons.exercises.questions import input_layer, one_series, padded, parallel_series, windows

__all__ = [
    "MALFORMED", "RIGHT", "WRONG", "Question", "Verdict", "check", "input_layer", "one_series", "padded",
    "parallel_series", "windows",
]

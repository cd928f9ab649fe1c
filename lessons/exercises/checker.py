"""A shape question and the checker of a learner's guess: right or wrong, and why, axis by axis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from lessons.core.axes import format_shape
from lessons.core.parsing import InputError, ShapeKind, parse_shape

RIGHT, WRONG, MALFORMED = "right", "wrong", "malformed"
Outcome = Literal["right", "wrong", "malformed"]


@dataclass(frozen=True)
class Question:
    """One "guess the shape" question, made from a page's current data.

    `reasons[i]` says why axis i has its size, as a clause that can follow "but": "the window
    is 3 values long". `also_right` lists other shapes that are just as right, each with a note
    (y as (6,) or (6, 1) for a Dense(1) output).
    """

    prompt: str
    shape: tuple[int, ...]
    axes: tuple[str, ...]
    reasons: tuple[str, ...]
    explanation: str  # Markdown: one line per axis, shown under the verdict
    what: str = "the array"  # how the messages name it: "X", "y", "keras.Input(shape=…)"
    kind: ShapeKind = "array"  # what a typed None is answered with (see parsing.parse_shape)
    extra_first_axis: str = ""  # said when the guess is the answer with one more axis in front
    also_right: tuple[tuple[tuple[int, ...], str], ...] = field(default=())
    known_wrong: tuple[tuple[tuple[int, ...], str], ...] = field(default=())  # a classic mistake, explained

    def __post_init__(self) -> None:
        if not len(self.shape) == len(self.axes) == len(self.reasons):
            raise ValueError("a question needs one axis name and one reason per dimension")

    @property
    def identity(self) -> str:
        """Equal for the same question on the same data; different when the data changes it."""
        return f"{self.prompt}|{self.shape}"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    message: str
    wrong_axes: tuple[str, ...] = ()  # the axes the guess got wrong, by name
    guess: tuple[int, ...] | None = None

    @property
    def right(self) -> bool:
        return self.outcome == RIGHT


def _axes_list(question: Question) -> str:
    return ", ".join(question.axes)


def check(question: Question, text: str) -> Verdict:
    """Parse the guess strictly and compare it with the true shape, naming every axis that is off."""
    if not text.strip():
        return Verdict(MALFORMED, "Type your guess first: one whole number per axis, in brackets, e.g. (a, b).")
    try:
        guess = tuple(parse_shape(text, kind=question.kind))
    except InputError as error:
        return Verdict(MALFORMED, f"Your guess could not be read as a shape: {error}")
    true = question.shape
    name = question.what
    if guess == true:
        return Verdict(RIGHT, f"Right: {name} is {format_shape(true)}.\n\n{question.explanation}", (), guess)
    for other, note in question.also_right:
        if guess == tuple(other):
            return Verdict(RIGHT, f"Right too: {format_shape(guess)}. {note}", (), guess)
    wrong = [i for i, (g, t) in enumerate(zip(guess, true)) if g != t] if len(guess) == len(true) else []
    wrong_axes = tuple(question.axes[i] for i in wrong)
    for other, note in question.known_wrong:
        if guess == tuple(other):
            return Verdict(WRONG, f"Not quite: {note} {name} is {format_shape(true)}.", wrong_axes, guess)
    if len(guess) != len(true):
        return Verdict(WRONG, _rank_message(question, guess), (), guess)
    if len(wrong) > 1 and sorted(guess) == sorted(true):
        order = " → ".join(f"{a} ({s})" for a, s in zip(question.axes, true))
        return Verdict(WRONG, (f"Right numbers, wrong order: {name} is {format_shape(true)}, read as {order}.\n\n"
                               f"{question.explanation}"), wrong_axes, guess)
    parts = [f"your {question.axes[i]} axis is {guess[i]:,}, but {question.reasons[i]}" for i in wrong]
    message = "Not quite: " + "; ".join(parts) + f". So {name} is {format_shape(true)}."
    return Verdict(WRONG, message, wrong_axes, guess)


def _rank_message(question: Question, guess: tuple[int, ...]) -> str:
    true, name = question.shape, question.what
    said = (f"Your guess has {len(guess)} {'axis' if len(guess) == 1 else 'axes'}; {name} has {len(true)}: "
            f"{_axes_list(question)}.")
    if len(guess) == len(true) - 1:
        for i in range(len(true)):
            if true[:i] + true[i + 1:] == guess:
                return (f"{said} You left out the {question.axes[i]} axis ({true[i]:,}): {question.reasons[i]}. "
                        f"So {name} is {format_shape(true)}.")
    if len(guess) == len(true) + 1:
        if guess[1:] == true and question.extra_first_axis:
            return f"{said} {question.extra_first_axis}"
        for i in range(len(guess)):
            if guess[:i] + guess[i + 1:] == true:
                return (f"{said} Drop the extra {guess[i]:,} at position {i + 1}: {name} is "
                        f"{format_shape(true)}.\n\n{question.explanation}")
    return f"{said} {name} is {format_shape(true)}.\n\n{question.explanation}"

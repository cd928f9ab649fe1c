"""Strict parsing of what learners type: numbers, shapes. Nothing typed is ever executed."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Literal

import numpy as np

from lessons.core.axes import format_shape

MAX_TEXT_CHARS = 2_000_000  # ~100,000 numbers with room to spare
MAX_VALUES = 100_000
MAX_RANK = 6
MAX_ELEMENTS = 10**9  # described shapes (debugger) are never allocated at this size

_SEPARATORS = re.compile(r"[,\s;]+")
_WHOLE = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class InputError(ValueError):
    """Learner input that cannot be used; the message is written for the learner."""


def parse_numbers(text: str, *, min_count: int = 1, max_count: int = MAX_VALUES) -> np.ndarray:
    """Numbers separated by commas, spaces, semicolons or new lines, as a float array.

    Brackets around the list (as pasted from Python) are allowed. Everything else that is
    not a finite decimal number is refused with a message that says which token and why.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"That is {len(text):,} characters; paste at most {MAX_TEXT_CHARS:,}.")
    stripped = text.strip().strip("[]()").strip()
    if not stripped:
        raise InputError("The sequence is empty: type some numbers, e.g. 0.1, 0.2, 0.3.")
    tokens = [t for t in _SEPARATORS.split(stripped) if t]
    if len(tokens) > max_count:
        raise InputError(f"That is {len(tokens):,} values; this lesson takes at most {max_count:,}.")
    values = []
    for position, token in enumerate(tokens, start=1):
        if not _NUMBER.fullmatch(token):
            lowered = token.lower().lstrip("+-")
            if lowered in ("nan", "inf", "infinity"):
                raise InputError(
                    f"Value {position} is '{token}': a network cannot learn from NaN or infinity. "
                    "Use finite numbers only."
                )
            raise InputError(
                f"Value {position}, '{_short(token)}', is not a number. "
                "Use digits, a decimal point and an optional exponent, like 0.5 or 1e-3."
            )
        value = float(token)
        if not math.isfinite(value):
            raise InputError(
                f"Value {position}, '{_short(token)}', is too large for a 64-bit float "
                "(it overflows to infinity)."
            )
        values.append(value)
    if len(values) < min_count:
        raise InputError(
            f"This needs at least {min_count} values; you gave {len(values)}."
        )
    return np.asarray(values, dtype=float)


ShapeKind = Literal["array", "input"]


def parse_shape(
    text: str,
    *,
    max_rank: int = MAX_RANK,
    max_elements: int = MAX_ELEMENTS,
    allow_none: bool = False,
    kind: ShapeKind = "array",
) -> tuple[int | None, ...]:
    """A shape such as `(1, 10, 1)`, `1,10,1` or `[1 10 1]` as a tuple of positive ints.

    `None` (or `?`) is accepted for a dimension only with `allow_none`, as in Keras'
    `(None, 3, 1)`. A `-1` is refused: the learner should see the real size.
    `kind` says what the box asks for, so a refused `None` gets the right advice: the shape
    of an array ("array", every size written out) or of `keras.Input(shape=...)` ("input",
    one sample's shape, the samples axis left out).
    """
    if len(text) > 200:
        raise InputError("A shape is a few numbers, like (1, 10, 1); that text is too long.")
    stripped = text.strip().strip("[]()").strip()
    if not stripped:
        raise InputError("Type a shape, like (1, 10, 1).")
    tokens = [t for t in _SEPARATORS.split(stripped) if t]
    if len(tokens) > max_rank:
        raise InputError(f"That shape has {len(tokens)} dimensions; at most {max_rank} are allowed here.")
    dims: list[int | None] = []
    for position, token in enumerate(tokens, start=1):
        if _is_none(token):
            if allow_none:
                dims.append(None)
                continue
            raise InputError(none_explained(tokens, position, kind))
        if not _WHOLE.fullmatch(token):
            raise InputError(
                f"Dimension {position}, '{_short(token)}', is not a whole number."
            )
        value = int(token)
        if value == -1:
            raise InputError(
                f"Dimension {position} is -1. NumPy would work it out for you, but here every "
                "size is written out, so you can see what it is."
            )
        if value <= 0:
            raise InputError(
                f"Dimension {position} is {value}: every dimension is a count, 1 or more."
            )
        dims.append(value)
    known = [d for d in dims if d is not None]
    total = math.prod(known) if known else 1
    if total > max_elements:
        raise InputError(
            f"That shape holds {total:,} elements; the limit here is {max_elements:,}."
        )
    return tuple(dims)


def _is_none(token: str) -> bool:
    return token.lower() == "none" or token == "?"


def none_explained(tokens: list[str], position: int, kind: ShapeKind) -> str:
    """Why a typed `None` is refused, and what to type instead (the batch axis, learners' #16)."""
    typed = "None" if tokens[position - 1].lower() == "none" else "'?', an unknown size (None)"
    said = f"Dimension {position} is {typed}"
    rest = tokens[:position - 1] + tokens[position:]
    whole = rest and all(_WHOLE.fullmatch(t) and int(t) >= 1 for t in rest)
    rest_shape = tuple(int(t) for t in rest) if whole else None
    if kind == "input" and position == 1 and len(tokens) == 2:
        return (f"{said}. Inside keras.Input(shape=…) a None in the timesteps place means "
                "sequences of any length, which Keras allows; the samples axis is never typed there. "
                "Here, type how many timesteps your data has.")
    if position != 1:
        return (f"{said}. Keras writes None for a size it leaves open, most often "
                "the samples (batch) axis in front of the shapes it prints. Here every size is a whole "
                "number: type how many.")
    like = f", like your {format_shape((None, *rest_shape))}," if rest_shape else ""
    meaning = (f"{said}. In a shape as Keras prints it{like} the None in front is the samples (batch) "
               "axis: any number of samples, because the same model takes one sample or thousands. "
               "Keras adds that axis itself.")
    if kind == "input":
        advice = " So keras.Input(shape=…) leaves it out and declares one sample: (timesteps, features)"
        if rest_shape is not None and len(rest_shape) == 2:
            advice += f". Type {format_shape(rest_shape)}"
        return meaning + advice + "."
    advice = " An array, though, always holds a definite number of samples: write it in place of None"
    if rest_shape:
        advice += f", e.g. {format_shape((1, *rest_shape))} for one sample"
    return meaning + advice + "."


def _short(token: str, limit: int = 20) -> str:
    return token if len(token) <= limit else token[:limit] + "…"


MAX_LINK_COLUMNS = 12


def table_to_link(columns: "Sequence[np.ndarray]") -> str:
    """Columns of numbers as link text, `0.1,0.2|1,0.9`: one group of numbers per column."""
    return "|".join(",".join(f"{v:g}" if float(v) == float(f"{v:g}") else repr(float(v)) for v in column)
                    for column in columns)


def table_from_link(text: str, *, max_rows: int = MAX_VALUES) -> list[np.ndarray]:
    """The columns `table_to_link` wrote, parsed strictly; `InputError` says what is wrong."""
    parts = text.split("|")
    if len(parts) > MAX_LINK_COLUMNS:
        raise InputError(f"A link holds at most {MAX_LINK_COLUMNS} columns; this one has {len(parts)}.")
    columns = [parse_numbers(part, max_count=max_rows) for part in parts]
    if len({column.size for column in columns}) != 1:
        raise InputError("every column in the link must have the same length")
    return columns

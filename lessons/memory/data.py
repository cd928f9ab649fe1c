"""The memory lesson's data: the sequences, what the learner types, and the arrays each model reads.

Values are symbols from a small alphabet (0 to size − 1), one-hot encoded; a sequence becomes
input/output pairs of consecutive values. `conflicts` finds the inputs only memory can decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lessons.core import InputError, parse_numbers

DEFAULT_SEQUENCES: tuple[tuple[int, ...], ...] = ((3, 0, 1, 2, 3), (4, 0, 1, 2, 4))
DEFAULT_ALPHABET = 5  # the values 0..4
MIN_ALPHABET, MAX_ALPHABET = 2, 10
MIN_LENGTH, MAX_LENGTH = 3, 12  # 2+ input/output pairs; longer gets slow to unroll
MAX_SEQUENCES = 4


def parse_sequence(text: str, alphabet_size: int, label: str = "The sequence") -> tuple[int, ...]:
    """A typed sequence such as `3 0 1 2 3` as whole numbers in 0..alphabet_size-1."""
    _check_alphabet(alphabet_size)
    values = parse_numbers(text, min_count=MIN_LENGTH, max_count=MAX_LENGTH) if text.strip() else None
    if values is None:
        raise InputError(f"{label} is empty: type {MIN_LENGTH} to {MAX_LENGTH} values, e.g. 3 0 1 2 3.")
    for position, value in enumerate(values, start=1):
        if value != int(value):
            raise InputError(
                f"{label}: value {position} is {value:g}, but these values are symbols (like letters), "
                f"so they must be whole numbers from 0 to {alphabet_size - 1}."
            )
        if not 0 <= value < alphabet_size:
            raise InputError(
                f"{label}: value {position} is {int(value)}, outside the alphabet 0 to "
                f"{alphabet_size - 1}. Use a smaller value or a larger alphabet."
            )
    return tuple(int(v) for v in values)


def parse_sequences(texts: Sequence[str], alphabet_size: int) -> tuple[tuple[int, ...], ...]:
    """Several typed sequences; they must be equally long (the stateless model stacks them)."""
    if not 1 <= len(texts) <= MAX_SEQUENCES:
        raise InputError(f"Give 1 to {MAX_SEQUENCES} sequences; there are {len(texts)}.")
    sequences = tuple(
        parse_sequence(text, alphabet_size, f"Sequence {i}") for i, text in enumerate(texts, start=1)
    )
    lengths = {len(s) for s in sequences}
    if len(lengths) > 1:
        described = ", ".join(f"sequence {i} has {len(s)}" for i, s in enumerate(sequences, start=1))
        raise InputError(
            f"The sequences must be equally long ({described}): the stateless model stacks them "
            "into one array, and one array has one length."
        )
    return sequences


def sequence_text(sequence: Sequence[int]) -> str:
    """A sequence as the learner types it: `3 0 1 2 3`."""
    return " ".join(str(v) for v in sequence)


def one_hot(sequence: Sequence[int], alphabet_size: int) -> np.ndarray:
    """Each value as a row of zeros with a single 1 in its own column: (len, alphabet_size)."""
    return np.eye(alphabet_size, dtype="float32")[list(sequence)]


def io_pairs(sequence: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive values as (input, expected output): 3 0 1 2 3 → (3,0), (0,1), (1,2), (2,3)."""
    return list(zip(sequence[:-1], sequence[1:]))


def stateful_arrays(sequence: Sequence[int], alphabet_size: int) -> tuple[np.ndarray, np.ndarray]:
    """One sequence for the stateful LSTM: X (pairs, 1, alphabet) and y (pairs, alphabet).

    Each input/output pair is one sample of one timestep; the LSTM's state, not the sample,
    carries what came before.
    """
    encoded = one_hot(sequence, alphabet_size)
    return encoded[:-1, np.newaxis, :], encoded[1:]


def feed_forward_arrays(
    sequences: Sequence[Sequence[int]], alphabet_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of every sequence as one row: X and y are (all pairs, alphabet)."""
    encoded = [one_hot(s, alphabet_size) for s in sequences]
    return np.concatenate([e[:-1] for e in encoded]), np.concatenate([e[1:] for e in encoded])


def stateless_arrays(
    sequences: Sequence[Sequence[int]], alphabet_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each whole sequence as one sample: X and y are (sequences, pairs, alphabet)."""
    encoded = np.stack([one_hot(s, alphabet_size) for s in sequences])
    return encoded[:, :-1, :], encoded[:, 1:, :]


@dataclass(frozen=True)
class Conflict:
    """An input value that is followed by different values in different places."""

    input: int
    outputs: tuple[int, ...]
    solvable: bool  # False when even the whole history up to the input is identical

    def describe(self) -> str:
        arrows = " and ".join(f"{self.input} → {o}" for o in self.outputs)
        if self.solvable:
            return f"{arrows}: the input alone cannot decide; only what came before can."
        return f"{arrows} after exactly the same history: no model can tell these apart."


def conflicts(sequences: Sequence[Sequence[int]]) -> list[Conflict]:
    """Inputs that need memory (or that nothing can resolve), in order of first appearance."""
    followers: dict[int, dict[int, set[tuple[int, ...]]]] = {}
    for sequence in sequences:
        for step, (value, after) in enumerate(io_pairs(sequence)):
            history = tuple(sequence[: step + 1])
            followers.setdefault(value, {}).setdefault(after, set()).add(history)
    found = []
    for value, by_output in followers.items():
        if len(by_output) > 1:
            histories = [h for hs in by_output.values() for h in hs]
            solvable = len(histories) == len(set(histories))
            found.append(Conflict(value, tuple(sorted(by_output)), solvable))
    return found


def _check_alphabet(alphabet_size: int) -> None:
    if not MIN_ALPHABET <= alphabet_size <= MAX_ALPHABET:
        raise InputError(
            f"The alphabet must have {MIN_ALPHABET} to {MAX_ALPHABET} values; it has {alphabet_size}."
        )

"""The shape debugger: bring an error message or a description of your arrays, get the cause and fix.

This package's `__init__` is the page's and the tests' one entry point; the work lives in
`parse` (reading messages), `messages` and `targets` (explaining them; the second for y and
sample counts), `explain` (the Diagnosis, its picture and the fix snippets), `model` (the
described model: what Keras 3 will do, and the fix), `run` (building and running it for real) and
`gallery` (classic mistakes, run live). Nothing here imports Keras at module level.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.debugger.explain import Diagnosis, cause_html, comparison_html
from lessons.debugger.gallery import BY_KEY, GALLERY, GalleryEntry, GalleryResult, fixed_entry, run_entry
from lessons.debugger.messages import explain
from lessons.debugger.model import (
    FIRST_LAYERS,
    LAST_LAYERS,
    MAX_RECURRENT,
    ModelDescription,
    apply_fix,
    changes,
    check,
    describe,
    fixed_description,
    model_code,
)
from lessons.debugger.run import Outcome, run_described
from lessons.debugger.parse import MAX_MESSAGE_CHARS, ParsedError, parse_error_message
from lessons.core.parsing import InputError

__all__ = [
    "BY_KEY", "FIRST_LAYERS", "GALLERY", "LAST_LAYERS", "MAX_MESSAGE_CHARS", "MAX_RECURRENT",
    "Diagnosis", "GalleryEntry", "GalleryResult", "ModelDescription", "Outcome", "ParsedError",
    "PasteResult", "apply_fix", "cause_html", "changes", "check", "comparison_html", "describe", "diagnose_message",
    "explain", "fixed_description", "fixed_entry", "model_code", "parse_error_message", "run_described",
    "run_entry",
]

NOT_RECOGNISED = (
    "This message is not one the debugger recognises. It reads the shape errors of NumPy "
    "(cannot reshape …), Keras 2 / old tf.keras (Error when checking input …, Found 1 input samples …) "
    "and Keras 3 (Invalid input shape …, expected ndim=3 …, Data cardinality is ambiguous, "
    "Dimensions must be equal …). Try the last line of the traceback, or describe your arrays and "
    "model in the second tab: the debugger will build it and see what really happens."
)


@dataclass(frozen=True)
class PasteResult:
    diagnosis: Diagnosis | None
    parsed: ParsedError | None
    problem: str  # for the learner when there is no diagnosis: too long, not recognised, ...


def diagnose_message(text: str) -> PasteResult:
    """Parse and explain a pasted message; a clear `problem` instead when that is not possible."""
    if not text.strip():
        return PasteResult(None, None, "Paste an error message first, e.g. the last line of the traceback.")
    try:
        parsed = parse_error_message(text)
    except InputError as error:
        return PasteResult(None, None, str(error))
    if parsed is None:
        return PasteResult(None, None, NOT_RECOGNISED)
    return PasteResult(explain(parsed), parsed, "")

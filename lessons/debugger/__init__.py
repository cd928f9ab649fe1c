"""The shape debugger: bring an error message or a description of your arrays, get the cause and fix.

This package's `__init__` is the page's and the tests' one entry point; the work lives in
`parse` (reading messages), `messages` and `targets` (explaining them; the second for y and
sample counts), `explain` (the Diagnosis, its picture and the fix snippets), `model` (the
described model: what Keras 3 will do, and the fix), `run` (building and running it for real) and
`gallery` (classic mistakes, run live). A pasted message also gets `cases` (the smallest model
and arrays it implies, `Diagnosis.case`, for reproducing it) and `clues` (its shapes, layer names
and a describe-tab pre-fill, `PasteResult.clues`, even when it is not recognised). Nothing here
imports Keras at module level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lessons.debugger.cases import case_for
from lessons.debugger.clues import Clues, ShapeClue, find_clues
from lessons.debugger.explain import CULPRITS, FIX_KINDS, Diagnosis, cause_html, comparison_html
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
from lessons.debugger.code_reader import CodeCheck, ReadCode, check_code, output_axes, read_code
from lessons.debugger.reproduction import Reproduction, reproduce, reproducible
from lessons.debugger.parse import MAX_MESSAGE_CHARS, ParsedError, parse_error_message
from lessons.core.parsing import InputError

__all__ = [
    "BY_KEY", "FIRST_LAYERS", "GALLERY", "LAST_LAYERS", "MAX_MESSAGE_CHARS", "MAX_RECURRENT",
    "CULPRITS", "Clues", "FIX_KINDS", "ShapeClue", "find_clues",
    "Diagnosis", "GalleryEntry", "GalleryResult", "ModelDescription", "Outcome", "ParsedError",
    "PasteResult", "apply_fix", "cause_html", "changes", "check", "comparison_html", "describe", "diagnose_message",
    "explain", "fixed_description", "fixed_entry", "model_code", "parse_error_message", "run_described",
    "run_entry",
    "CodeCheck", "ReadCode", "Reproduction", "check_code", "output_axes", "read_code", "reproduce", "reproducible",
]

NOT_RECOGNISED = (
    "This message is not one the debugger recognises. It reads the shape errors of NumPy "
    "(cannot reshape …, inhomogeneous shape …), Keras 2 / old tf.keras (Error when checking input/target …, "
    "Found 1 input samples …), tf.keras 2.x and Keras 3 (Invalid input shape …, expected ndim=3 …, "
    "expected shape=…, Data cardinality is ambiguous, Arguments target and output …) and TensorFlow "
    "(Dimensions must be equal …, Incompatible shapes …, Matrix size-incompatible …, label values), scikit-learn "
    "(Found array with dim 3 …, X has 1 features …, inconsistent numbers of samples) and pandas around the windows "
    "(Must pass 2-d input, Length of values …). Try the last lines of the traceback, "
    "or describe your arrays and model in the second tab: the debugger will build it and see what really happens."
)

# PyTorch's own words for its recurrent layers and tensors (its messages are not read, but named as such)
_PYTORCH = re.compile(r"torch\.|input\.size\(-1\) must be equal to input_size|Expected hidden\[?\d?\]? size|"
                      r"mat1 and mat2 shapes cannot be multiplied|batch_first|size mismatch, m1:|too many indices for tensor")
PYTORCH = (
    "This is a PyTorch message: the debugger reads Keras, TensorFlow, NumPy, pandas and scikit-learn. The axes are "
    "the same idea in PyTorch, with two differences. nn.LSTM(input_size=…) is the number of features, the last axis; "
    "and nn.LSTM reads (timesteps, samples, features) unless it is built with batch_first=True, when it reads "
    "(samples, timesteps, features) as Keras does. Its states h0 and c0 are (layers, samples, units) either way. "
    "The describe tab shows the Keras shapes of the same model."
)


@dataclass(frozen=True)
class PasteResult:
    diagnosis: Diagnosis | None
    parsed: ParsedError | None
    problem: str  # for the learner when there is no diagnosis: too long, not recognised, ...
    # What the message holds (shapes with ranks, layer names, wording family, a describe-tab
    # pre-fill), for every message the parser could read; None for empty or over-long text.
    clues: Clues | None = None


def diagnose_message(text: str) -> PasteResult:
    """Parse and explain a pasted message; a clear `problem` instead when that is not possible."""
    if not text.strip():
        return PasteResult(None, None, "Paste an error message first, e.g. the last line of the traceback.")
    try:
        parsed = parse_error_message(text)
    except InputError as error:
        clues = find_clues(text) if len(text) <= MAX_MESSAGE_CHARS else None
        return PasteResult(None, None, str(error), clues)
    clues = find_clues(text)
    if parsed is None:
        return PasteResult(None, None, (PYTORCH if _PYTORCH.search(text) else NOT_RECOGNISED) + _held(clues), clues)
    diagnosis = explain(parsed)
    others = tuple(replace(other, case=case_for(parsed, other)) for other in diagnosis.others)
    return PasteResult(replace(diagnosis, case=case_for(parsed, diagnosis), others=others), parsed, "", clues)


def _held(clues: Clues) -> str:
    """What an unclassified message still holds, in one sentence (empty when nothing)."""
    parts = []
    if clues.shapes:
        parts.append("the shape" + ("s " if len(clues.shapes) > 1 else " ")
                     + ", ".join(f"{c.text} ({c.rank}D)" for c in clues.shapes[:6]))
    if clues.layers:
        parts.append("the layer" + ("s " if len(clues.layers) > 1 else " ") + ", ".join(clues.layers[:6]))
    if not parts:
        return ""
    return " It names " + " and ".join(parts) + ": the describe tab starts from them."

"""Running a described model for real: small stand-in sizes, one training step, what happened.

`run_described` builds the model `lessons.debugger.model` describes, runs one real training step
on zero arrays as a job (`train_step_job` through `lessons.engine.run_job`), and sets Keras'
outcome beside the shapes-only prediction of `model.check`. The step is Keras' own `model.fit`,
not the lessons' engine, because the point is the message `model.fit` raises for the learner.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from lessons.debugger import parse as P
from lessons.core.captured import CapturedError, capture, keras_source
from lessons.debugger.explain import Diagnosis
from lessons.debugger.messages import explain
from lessons.debugger.model import (
    MAX_RUN_ELEMENTS,
    SMALL,
    ModelDescription,
    Shape,
    layer_plan,
    check,
    model_code,
    validate,
)
from lessons.engine import ProgressCallback, build_seeded, run_job
from lessons.forecasting.models import make_layer
from lessons.core.parsing import InputError


@dataclass(frozen=True)
class Outcome:
    trained: bool
    error: CapturedError | None
    diagnoses: tuple[Diagnosis, ...]  # what is wrong: errors first, then silent warnings
    prediction_held: bool  # the shapes-only prediction agreed with what Keras really did
    loss: float | None
    ran_with: tuple[tuple[int, ...], tuple[int, ...]] | None  # the zero arrays' shapes (X, y)
    notes: tuple[str, ...]
    code: str  # the Keras 3 code of the model that ran


def stand_in_sizes(sizes: set[int]) -> dict[int, int]:
    """Each size over 16 mapped to a small stand-in (17, 18, ... in order): equal sizes stay equal."""
    return {s: SMALL + 1 + i for i, s in enumerate(sorted(s for s in sizes if s > SMALL))}


def stand_in(desc: ModelDescription) -> tuple[ModelDescription, dict[int, int]]:
    """The same description with every size over 16 replaced by a small stand-in (`stand_in_sizes`).

    Stand-ins keep which sizes are equal and which are 1, the only things Keras' shape checks
    look at, so the run raises (or not) as the full-size one would, on a few kB of zeros.
    """
    mapping = stand_in_sizes(set(desc.x_shape) | set(desc.y_shape) | {d for d in desc.input_shape if d} | {desc.units})

    def small(shape: Shape) -> Shape:
        return tuple(None if d is None else mapping.get(d, d) for d in shape)

    return replace(desc, x_shape=small(desc.x_shape), y_shape=small(desc.y_shape),  # type: ignore[arg-type]
                   input_shape=small(desc.input_shape), units=mapping.get(desc.units, desc.units)), mapping


def run_described(desc: ModelDescription, on_wait: Callable[[int], None] | None = None, seed: int = 0) -> Outcome:
    """Build the described model in Keras and run one training step on zero arrays of its shapes."""
    validate(desc)
    problems = check(desc)
    small, mapping = stand_in(desc)
    notes = []
    if mapping:
        pairs = ", ".join(f"{k:,} → {v}" for k, v in mapping.items())
        notes.append(f"Sizes over {SMALL} ran as small stand-ins ({pairs}): only the shapes matter, "
                     "so a Keras message shows the stand-ins.")
    elements = max(math.prod(small.x_shape), math.prod(small.y_shape))
    code = model_code(desc)
    if elements > MAX_RUN_ELEMENTS:
        notes.append("Not run: even with stand-ins these arrays are too large; the diagnosis comes from the shapes.")
        return Outcome(False, None, tuple(p.diagnosis for p in problems), True, None, None, tuple(notes), code)
    error, loss = run_job(train_step_job, small, seed, on_wait=on_wait)
    predicted_raise = any(p.raises for p in problems)
    held = predicted_raise == (error is not None)
    diagnoses = [p.diagnosis for p in problems if p.raises] + [p.diagnosis for p in problems if not p.raises]
    if error is not None and not predicted_raise:
        parsed = _parse_quietly(error.message)
        diagnoses.insert(0, explain(parsed) if parsed else Diagnosis(
            "Keras raised an error the debugger did not predict",
            "The message above is Keras' own; the debugger has no plain-words reading of it yet.",
            None, (), "print(X.shape, y.shape, model.input_shape, model.output_shape)"))
    return Outcome(error is None, error, tuple(diagnoses), held, loss,
                   (small.x_shape, small.y_shape), tuple(notes), code)  # type: ignore[arg-type]


def _parse_quietly(message: str) -> P.ParsedError | None:
    try:
        return P.parse_error_message(message)
    except InputError:
        return None


def train_step_job(desc: ModelDescription, seed: int = 0, eager: bool = False,
                   on_progress: ProgressCallback | None = None) -> tuple[CapturedError | None, float | None]:
    """A job: build the described model (seeded) and run one `model.fit` step on zero arrays.

    Returns (the error Keras raised, or None; the step's loss, or None). Run it through
    `lessons.engine.run_job`; `desc` should already hold small sizes (`stand_in`). `eager=True`
    skips compiling a graph (same maths, faster): for checking that a fix trains, not for
    the wording of an error, which is the graph's, as `fit` runs by default.
    """
    import keras
    from keras import layers

    def build() -> keras.Model:
        return keras.Sequential([keras.Input(shape=desc.input_shape)]
                                + [make_layer(layers, s) for s in layer_plan(desc)])

    def build_and_fit() -> float:
        model = build_seeded(build, seed)
        model.compile(optimizer="adam", loss=desc.loss, jit_compile=False,  # XLA would only add compile time
                      run_eagerly=eager)
        X = np.zeros(desc.x_shape, dtype="float32")
        y = np.zeros(desc.y_shape, dtype="float32")
        history = model.fit(X, y, epochs=1, batch_size=len(X), verbose=0, shuffle=False)
        return float(history.history["loss"][-1])

    loss, error = capture(build_and_fit, keras_source())
    if on_progress is not None:
        on_progress(1, 1, [] if loss is None else [loss])
    return error, loss

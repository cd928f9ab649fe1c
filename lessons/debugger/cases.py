"""The smallest set-up a message implies: a `ModelDescription` to rebuild and run for real.

`case_for(parsed, diagnosis)` returns a description (X and y shapes, first layer, declared input,
last layer, units, return_sequences, loss) that makes the installed Keras raise the same kind of
error (or, where Keras 3 accepts the shapes without a word, run silently: `model.check` says
which), and whose `model.fixed_description` trains. It is None when the message lacks the
numbers, or when the described models cannot express the set-up (a batch size fixed in the
model, label values out of range, NumPy-only messages, ragged data).

Sizes the message leaves open (None) get small stand-ins: SAMPLES samples, STEPS timesteps.
"""

from __future__ import annotations

from dataclasses import replace

from lessons.core.parsing import InputError
from lessons.debugger import parse as P
from lessons.debugger.explain import Diagnosis
from lessons.debugger.model import (
    CNN_LSTM,
    CONV_LSTM,
    LSTM,
    ModelDescription,
    check,
    validate,
)
from lessons.debugger.shapes import permuted_to
from lessons.debugger.targets import one_column_against_several

SAMPLES = 8  # samples when the message does not say how many
STEPS = 3  # timesteps when the message does not say how many


def _n(d: int | None, default: int = SAMPLES) -> int:
    return default if d is None else d


def _sample(shape: tuple) -> tuple[int, ...]:
    """A shape with its samples axis (first) and every open size made concrete."""
    return (_n(shape[0]),) + tuple(_n(d, STEPS) for d in shape[1:])


def case_for(parsed: P.ParsedError, diagnosis: Diagnosis) -> ModelDescription | None:
    """The smallest model and arrays behind a message, or None (see the module's docstring)."""
    try:
        case = _build(parsed, diagnosis)
        if case is None:
            return None
        validate(case)
        if not check(case) and case.loss == "mse":  # nothing wrong with it: not the learner's error
            return None  # (check reads shapes only: a classification case is left to the real run)
        return case
    except (InputError, ValueError, TypeError, IndexError, KeyError):
        return None


def _build(p: P.ParsedError, d: Diagnosis) -> ModelDescription | None:
    got = tuple(p.got or ())
    expected = tuple(p.expected or ())
    if not p.with_batch:
        got, expected = ((None,) + got if got else got), ((None,) + expected if expected else expected)
    kind = d.fix_kind
    if d.culprit == "samples" or (kind == "match_samples" and p.kind == P.SAMPLES):
        if len(p.x_samples) != 1 or len(p.y_samples) != 1:
            return None
        a, b = p.x_samples[0], p.y_samples[0]
        if a == 1:  # the whole table as one sample
            return ModelDescription((1, b, 1), (b, 1), LSTM, (b, 1))
        return ModelDescription((a, STEPS, 1), (b, 1), LSTM, (STEPS, 1))
    if p.role == "target" and p.kind in (P.SHAPE, P.DIMS_EQUAL, P.RANK):
        return _target_case(p, d, got, expected)
    if d.culprit == "layer" and kind == "return_sequences" and d.axis == "timesteps" and p.kind == P.RANK \
            and (p.expected_rank or 3) == 3:
        return ModelDescription((SAMPLES, STEPS, 1), (SAMPLES, 1), LSTM, (STEPS, 1), return_sequences=(False, False))
    if p.role != "input" or not got:
        return None
    if kind == "channels_axis" and len(got) == 4:  # frames without a channels axis, for a ConvLSTM2D
        x = _sample(got)
        return ModelDescription(x, (x[0], 1), CONV_LSTM, tuple(x[1:]) + (1,), return_sequences=(False,))
    if p.kind == P.RANK and len(got) == 2 and (p.expected_rank or 3) == 3 and d.culprit == "X" and d.axis != "samples":
        x = _sample(got)  # (one whole sequence without its samples axis is not a described model's set-up)
        if d.axis == "features":  # one window whose values are the timesteps: (1, values) for (values, 1)
            return ModelDescription(x, (x[0], 1), LSTM, (x[1], 1))
        return ModelDescription(x, (x[0], 1), LSTM, (STEPS, x[1]))
    if p.kind == P.RANK and len(got) == 3 and d.axis == "subsequences":
        x = _sample(got)
        steps = next((s for s in range(2, x[1]) if x[1] % s == 0 and s * s >= x[1]), x[1])
        if p.expected_rank == 4:
            return ModelDescription(x, (x[0], 1), CNN_LSTM, (x[1] // steps, steps, x[2]))
        return ModelDescription(x, (x[0], 1), CONV_LSTM, (x[1] // steps, 1, steps, x[2]))
    if p.kind in (P.SHAPE, P.AXIS_VALUE, P.DIMS_EQUAL) and len(got) == 3 and d.culprit in ("X", "declared") \
            and kind in ("swap_axes", "input_shape", "reshape", "windows"):
        x = _sample(got)
        if p.kind == P.AXIS_VALUE:
            declared = tuple(x[1:-1]) + (_n((expected or (None,))[0], 1),)
        elif p.kind == P.DIMS_EQUAL:
            declared = (x[1], _n(p.sizes[1] if p.sizes else None, 1))
        elif kind == "swap_axes" and None in expected[1:]:

            declared = permuted_to(tuple(x[1:]), tuple(expected[1:])) or ()
        else:
            declared = tuple(_n(e, x[i + 1]) for i, e in enumerate(expected[1:]))
        if len(declared) != 2:
            return None
        return ModelDescription(x, (x[0], 1), LSTM, declared)
    if p.kind == P.SHAPE and len(got) == 2 and len(expected) == 3 and d.culprit == "X":
        x = _sample(got)
        declared = tuple(_n(e, STEPS) for e in expected[1:])
        return ModelDescription(x, (x[0], 1), LSTM, declared)
    return None


def _target_case(p: P.ParsedError, d: Diagnosis, y: tuple, out: tuple) -> ModelDescription | None:
    """y against the model's output: an LSTM model whose last layer gives `out`."""
    kind = d.fix_kind
    if p.op in ("Equal", "negative", "confusion") or kind in ("pad", "input_shape"):
        return None  # an accuracy's labels, a metric, sequence lengths or a fixed batch: not a described model
    if p.kind == P.RANK:  # "expected dense_1 to have 3 dimensions, but got array with shape (118, 1)"
        if len(y) == 2 and (p.expected_rank or 0) == 3 and d.culprit != "y":  # (y flattened: no described model)
            ys = _sample(y)
            return ModelDescription((ys[0], STEPS, 1), ys, LSTM, (STEPS, 1), units=ys[1], return_sequences=(True,),
                                    last_layer="TimeDistributed(Dense)")
        if len(y) == 3 and (p.expected_rank or 0) == 2 and kind == "return_sequences":
            ys = _sample(y)
            return ModelDescription((ys[0], ys[1], 1), ys, LSTM, (ys[1], 1), units=ys[2])
        return None
    if not y or not out or len(out) > 3 or len(y) > 3:
        return None
    if p.order_unsaid and one_column_against_several(y, out) and (kind == "labels") != (y[-1] == 1):
        y, out = out, y  # the message does not say which is y: this reading takes the other one
    ys = _sample(y)
    n = ys[0]
    loss = {P.CROSSENTROPY: "categorical_crossentropy", P.SPARSE: "sparse_categorical_crossentropy",
            P.BINARY: "binary_crossentropy"}.get(p.loss, "mse")
    if kind == "labels" and out[-1] is None:
        return None
    if len(out) == 3:
        steps = _n(out[1], STEPS)
        return ModelDescription((n, steps, 1), ys, LSTM, (steps, 1), units=_n(out[2], 1), return_sequences=(True,),
                                last_layer="TimeDistributed(Dense)", loss=loss)
    if len(out) == 2 and kind == "return_sequences" and d.axis == "timesteps" and p.output_squeezed:
        # a Dense(1) at each of X's timesteps, which the loss saw without its last axis of 1 (a cross-entropy
        # the message does not name is the binary one: a softmax over one unit is not a model)
        steps = _n(out[1], STEPS)
        return ModelDescription((n, steps, 1), ys, LSTM, (steps, 1), return_sequences=(True,),
                                loss="binary_crossentropy" if loss == "categorical_crossentropy" else loss)
    units = _n(out[-1], 1) if len(out) == 2 else 1
    case = ModelDescription((n, STEPS, 1), ys, LSTM, (STEPS, 1), units=units, loss=loss)
    if kind == "labels" and loss == "mse":  # the message did not name the loss: the one that fits labels
        case = replace(case, loss="sparse_categorical_crossentropy" if ys[-1] == units and len(ys) == 2
                       else "categorical_crossentropy")
    return case

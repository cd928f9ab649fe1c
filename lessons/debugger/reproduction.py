"""Right means checked: rebuild what a pasted message implies, run it for real, then run the fix.

(The module is `reproduction`, not `reproduce`: the package exports the function `reproduce`.)

For a diagnosis with a `case` (the smallest model and arrays the message implies, a
`ModelDescription`), `reproduce` builds that model in the installed Keras and runs ONE training
step on zero arrays (a job, `lessons.debugger.run.train_step_job`, through `lessons.engine.run_job`). The
real message is read by the debugger's own parser and set beside the pasted one:

- "reproduced": the installed Keras raises an error the debugger reads the same way (same culprit
  and axis);
- "worded differently": it raises, but its message reads differently (both are shown);
- "runs silently": Keras 3 trains on these shapes without a word (the danger is then a warning).

Then the fix is applied to the case and one training step must run (eagerly: the same maths
without compiling a graph, as only whether it trains matters there). NumPy-only messages (reshape
sizes, ragged lists) are reproduced with the real NumPy call, without TensorFlow; only the ragged
list's fix, Keras' `pad_sequences`, runs as a job.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from lessons.core.axes import Shape, format_shape
from lessons.core.captured import CapturedError, capture, keras_source, numpy_source
from lessons.core.parsing import InputError
from lessons.debugger import parse as P
from lessons.debugger.explain import Diagnosis
from lessons.debugger.messages import explain
from lessons.debugger.model import (
    MAX_RUN_ELEMENTS,
    ModelDescription,
    changes,
    check,
    fixed_description,
    model_code,
    validate,
)
from lessons.debugger.run import stand_in, stand_in_sizes, train_step_job
from lessons.debugger.weights import kernel_permutation
from lessons.engine import ProgressCallback, WaitCallback, run_job

REPRODUCED = "reproduced"
WORDED_DIFFERENTLY = "worded differently"
RUNS_SILENTLY = "runs silently"
NOT_RUN = "not run"
VERDICTS = (REPRODUCED, WORDED_DIFFERENTLY, RUNS_SILENTLY, NOT_RUN)

SAMPLES_RUN = 4  # samples in a reproduction when X and y agree on them: their number never matters
RAGGED_LENGTHS = (3, 4)  # two sequences of different lengths, the smallest ragged list


@dataclass(frozen=True)
class Reproduction:
    verdict: str  # one of VERDICTS
    real: CapturedError | None  # the installed library's own message for the same set-up
    real_reading: Diagnosis | None  # how the debugger reads that real message (None: not read)
    ran: str  # what ran: the model code and arrays, or the NumPy call
    fixed_ran: str  # the fixed version that ran
    fixed_error: CapturedError | None  # the fixed version's error (None: it ran)
    fixed_loss: float | None  # its one training step's loss (model cases)
    fixed_result: str  # what the fixed call gave (NumPy cases), e.g. "shape (10, 1, 2)"
    changes: tuple[str, ...]  # what the fix changed in the case
    notes: tuple[str, ...]

    @property
    def fix_ran(self) -> bool:
        return self.fixed_error is None and bool(self.fixed_ran)

    @property
    def label(self) -> str:
        return {REPRODUCED: "reproduced", WORDED_DIFFERENTLY: "worded differently",
                RUNS_SILENTLY: "runs silently", NOT_RUN: "not run"}[self.verdict]


def reproducible(diagnosis: Diagnosis | None, parsed: P.ParsedError | None) -> bool:
    """Whether `reproduce` has what it needs: a case, a NumPy reshape / ragged list message, or both
    sizes of a saved weight and the one it is loaded into."""
    if diagnosis is None or parsed is None:
        return False
    return (getattr(diagnosis, "case", None) is not None or _numpy_kind(parsed, diagnosis) is not None
            or parsed.kind == P.WEIGHTS and None not in (parsed.got or (None,)) + (parsed.expected or (None,)))


def reproduce(
    diagnosis: Diagnosis,
    parsed: P.ParsedError,
    on_wait: WaitCallback | None = None,
    seed: int = 0,
) -> Reproduction | None:
    """Run the message's case for real and its fix; None when there is nothing to run."""
    kind = _numpy_kind(parsed, diagnosis)
    if kind == "reshape":
        return _reshape(diagnosis, parsed)
    if parsed.kind == P.WEIGHTS:
        return _weights(diagnosis, parsed, on_wait)
    case = getattr(diagnosis, "case", None)
    if kind == "ragged" and case is None:
        return _ragged(diagnosis, parsed, on_wait)
    if case is None:
        return None
    return _model_case(diagnosis, case, on_wait, seed)


# --- Model cases ------------------------------------------------------------------------------

def _model_case(diagnosis: Diagnosis, case: ModelDescription, on_wait: WaitCallback | None, seed: int) -> Reproduction:
    try:
        validate(case)
    except InputError as error:
        return _not_run(f"The set-up the message implies cannot be built here: {error}")
    small, notes = run_sizes(case)
    if small is None:
        return _not_run(*notes)
    quick, mapping = stand_in(small)
    # Stand-ins keep which sizes are equal (all Keras' shape checks look at), so they raise or run
    # as the message's sizes do, faster. A raise is run again with the message's own sizes, so the
    # real message names the learner's numbers.
    error, _loss = _step(quick, seed, False, on_wait)
    ran_with = quick
    if error is not None and quick != small:
        error, _loss = _step(small, seed, False, on_wait)
        ran_with = small
    elif mapping:
        pairs = ", ".join(f"{k:,} → {v}" for k, v in mapping.items())
        notes.append(f"Ran with small stand-in sizes ({pairs}): they keep which sizes are equal, which is "
                     "all Keras' shape checks look at.")
    ran = _case_code(case, ran_with)
    reading = _read(error.message, diagnosis) if error is not None else None
    if error is None:
        verdict = RUNS_SILENTLY
        silent = [p.diagnosis for p in check(case) if not p.raises]
        if silent:
            notes.append(f"What Keras 3 does instead, without a word: {silent[0].title}.")
    else:
        verdict = REPRODUCED if reading is not None and same_kind(diagnosis, reading) else WORDED_DIFFERENTLY
    fixed = fixed_case(case, diagnosis)
    fixed_small, fixed_notes = run_sizes(fixed)
    if fixed_small is None:
        return Reproduction(verdict, error, reading, ran, "", None, None, "", tuple(changes(case, fixed)),
                            tuple(notes + fixed_notes))
    fixed_quick, _ = stand_in(fixed_small)
    fixed_error, fixed_loss = _step(fixed_quick, seed, True, on_wait)
    return Reproduction(verdict, error, reading, ran, _case_code(fixed, fixed_quick), fixed_error, fixed_loss, "",
                        tuple(changes(case, fixed)), tuple(notes))


_STEPS: dict[tuple[ModelDescription, int, bool], tuple[CapturedError | None, float | None]] = {}
MAX_REMEMBERED = 256


def _step(small: ModelDescription, seed: int, eager: bool, on_wait: WaitCallback | None,
          ) -> tuple[CapturedError | None, float | None]:
    """One training step of `small` as a job; remembered per process (plain results only: they
    depend on the description, the seed and the installed versions, never on a session)."""
    key = (small, seed, eager)
    if key not in _STEPS:
        if len(_STEPS) >= MAX_REMEMBERED:
            _STEPS.pop(next(iter(_STEPS)))
        _STEPS[key] = run_job(train_step_job, small, seed, eager, on_wait=on_wait)
    return _STEPS[key]


def run_sizes(case: ModelDescription) -> tuple[ModelDescription | None, list[str]]:
    """The case with sizes small enough to run, and a note on what was shrunk (None: too large).

    The samples axis only matters when X and y disagree on it, so agreeing counts run as 4; every
    other size stays the message's own, so the real message names the same numbers. Only when that
    is still too large do all sizes over 16 become stand-ins (`run.stand_in`).
    """
    x, y = case.x_shape, case.y_shape
    notes: list[str] = []
    if x[0] == y[0]:
        n = min(x[0], SAMPLES_RUN)
        small = replace(case, x_shape=(n,) + x[1:], y_shape=(n,) + y[1:])
        if n != x[0]:
            notes.append(f"Ran with {n} samples: X and y agree on their number, so only one sample's shape matters.")
    else:
        small = case
    if max(math.prod(small.x_shape), math.prod(small.y_shape)) <= MAX_RUN_ELEMENTS // 20:
        return small, notes
    small, mapping = stand_in(case)
    if max(math.prod(small.x_shape), math.prod(small.y_shape)) > MAX_RUN_ELEMENTS:
        return None, ["Not run: even with small stand-in sizes these arrays are too large."]
    pairs = ", ".join(f"{k:,} → {v}" for k, v in mapping.items())
    return small, [f"Sizes over 16 ran as small stand-ins ({pairs}), so the real message shows the stand-ins."]


def _case_code(case: ModelDescription, small: ModelDescription) -> str:
    arrays = (f'X = np.zeros({format_shape(small.x_shape)}, dtype="float32")  # your X: {format_shape(case.x_shape)}\n'
              f'y = np.zeros({format_shape(small.y_shape)}, dtype="float32")  # your y: {format_shape(case.y_shape)}\n')
    return ("import numpy as np\nimport keras\nfrom keras import layers\n\n" + arrays + model_code(small)
            + "\nmodel.fit(X, y, epochs=1, batch_size=len(X), verbose=0)")


def same_kind(pasted: Diagnosis, real: Diagnosis) -> bool:
    """The two readings blame the same thing: same culprit (when both say) and same axis."""
    a, b = getattr(pasted, "culprit", None), getattr(real, "culprit", None)
    if a is not None and b is not None and a != b:
        return False
    return pasted.axis == real.axis


def _read(message: str, pasted: Diagnosis) -> Diagnosis | None:
    """How the debugger reads Keras' real message: the reading of the same kind as the pasted one when the
    real message allows several (it is as ambiguous as the pasted one), else its first."""
    try:
        parsed = P.parse_error_message(message)
    except InputError:
        return None
    if parsed is None:
        return None
    readings = explain(parsed).readings
    return next((r for r in readings if same_kind(pasted, r)), readings[0])


CLASSIFICATION = ("categorical_crossentropy", "sparse_categorical_crossentropy")


def fixed_case(case: ModelDescription, diagnosis: Diagnosis | None = None) -> ModelDescription:
    """The case with the diagnosis' fix applied: labels and loss for classification, else `fixed_description`.

    One-hot targets have the shapes of regression targets (one column per class), so the shapes are
    fixed as `fixed_description` fixes them; class numbers, one per sample, need the sparse loss.
    """
    if case.loss not in CLASSIFICATION:
        return fixed_description(case)
    n, y = case.y_shape[0], case.y_shape
    labels = len(y) == 1 or (len(y) == 2 and y[1] == 1)  # one class number per sample
    if labels:  # the X side on a twin whose y is what the output will be, then the sparse loss
        twin = fixed_description(replace(case, loss="mse", y_shape=(n, case.units)))
        fixed = replace(case, x_shape=twin.x_shape, input_shape=twin.input_shape,
                        return_sequences=twin.return_sequences, last_layer=twin.last_layer)
        if twin.y_shape[0] != n:
            fixed = replace(fixed, y_shape=(twin.y_shape[0],) + y[1:])
        return replace(fixed, loss="sparse_categorical_crossentropy")
    twin = fixed_description(replace(case, loss="mse"))
    return replace(twin, loss="categorical_crossentropy")


def _not_run(*notes: str) -> Reproduction:
    return Reproduction(NOT_RUN, None, None, "", "", None, None, "", (), tuple(notes))


# --- NumPy cases ------------------------------------------------------------------------------

_RAGGED_WORDS = ("inhomogeneous", "setting an array element with a sequence", "Failed to convert a NumPy array")


def _numpy_kind(parsed: P.ParsedError, diagnosis: Diagnosis | None = None) -> str | None:
    """"reshape" or "ragged" for the NumPy calls `reproduce` runs; None for the others, and for a ragged
    message read as another mistake (windows, a text column, text labels) whose fix is not the padding run here."""
    if parsed.kind == P.RESHAPE_SIZE and parsed.size is not None and parsed.expected:
        return "reshape"
    if any(word in parsed.excerpt for word in _RAGGED_WORDS) or parsed.kind == getattr(P, "RAGGED", "ragged"):
        pads = diagnosis is None or (diagnosis.culprit, diagnosis.fix_kind) in (("data", "pad"), ("data", "dtype"))
        return "ragged" if pads else None
    return None


def _zero_copy(size: int) -> np.ndarray:
    """`size` zeros that take no memory (one value seen through a stride of 0): any size reshapes."""
    return np.broadcast_to(np.zeros((), dtype=np.int8), (size,))


def _reshape(diagnosis: Diagnosis, parsed: P.ParsedError) -> Reproduction:
    size, asked = int(parsed.size or 0), tuple(-1 if d is None else d for d in parsed.expected or ())
    call = _reshape_code(size, asked)
    _, error = capture(lambda: _zero_copy(size).reshape(asked), numpy_source())
    # read with the call beside it, as a pasted traceback shows it: NumPy's message leaves a leading -1 out
    reading = _read(f"{call}\n{error.message}", diagnosis) if error is not None else None
    if error is None:
        verdict = RUNS_SILENTLY
    else:
        verdict = REPRODUCED if reading is not None and same_kind(diagnosis, reading) else WORDED_DIFFERENTLY
    fitted = reshape_in_fix(diagnosis.fix_code, size)
    if fitted is None:
        return Reproduction(verdict, error, reading, call, "", None, None, "", (),
                            ("The fix cuts windows instead of reshaping; the windows code is run in the tests."
                             if diagnosis.fix_kind == "windows" else
                             "No shape holds exactly these values in whole rows: the fix checks the layout first.",))
    fixed_call = _reshape_code(size, fitted)
    result, fixed_error = capture(lambda: _zero_copy(size).reshape(fitted).shape, numpy_source())
    done = f"shape {format_shape(tuple(result))}" if result is not None else ""
    return Reproduction(verdict, error, reading, call, fixed_call, fixed_error, None, done,
                        (f"shape: {format_shape(asked)} → {format_shape(fitted)}",), ())


def _reshape_code(size: int, shape: tuple[int, ...]) -> str:
    """The NumPy call as code that runs on its own (the zeros take no memory when there are many)."""
    if size <= MAX_RUN_ELEMENTS:
        values = f"X = np.zeros({size})  # {size:,} values, as in your array"
    else:
        values = f"X = np.broadcast_to(np.float32(0), ({size},))  # {size:,} zeros, seen through one value"
    return f"import numpy as np\n\n{values}\nX = X.reshape({format_shape(shape)})"


_RESHAPE = re.compile(r"X = X\.reshape\(\(([\d,\s]+)\)\)")


def reshape_in_fix(fix_code: str, size: int) -> tuple[int, ...] | None:
    """The first whole-number reshape in the fix whose sizes multiply to `size`, if there is one."""
    for found in _RESHAPE.finditer(fix_code):
        shape = tuple(int(d) for d in re.findall(r"\d+", found.group(1)))
        if shape and math.prod(shape) == size:
            return shape
    return None


def _ragged_pieces(features: int = 1) -> list[np.ndarray]:
    return [np.zeros((steps, features), dtype="float32") for steps in RAGGED_LENGTHS]


def _ragged(diagnosis: Diagnosis, parsed: P.ParsedError, on_wait: WaitCallback | None) -> Reproduction:
    call = ("import numpy as np\n\n"
            "pieces = [np.zeros((3, 1)), np.zeros((4, 1))]  # sequences of different lengths\n"
            'X = np.asarray(pieces, dtype="float32")')
    _, error = capture(lambda: np.asarray(_ragged_pieces(), dtype="float32"), numpy_source())
    reading = _read(error.message, diagnosis) if error is not None else None
    if error is None:
        verdict = RUNS_SILENTLY
    else:
        verdict = REPRODUCED if reading is not None and same_kind(diagnosis, reading) else WORDED_DIFFERENTLY
    fixed_call = ("import numpy as np\nimport keras\n\n"
                  "pieces = [np.zeros((3, 1)), np.zeros((4, 1))]  # sequences of different lengths\n"
                  'X = keras.utils.pad_sequences(pieces, padding="post", dtype="float32")  # zeros after the shorter ones')
    shape, fixed_error = run_job(pad_job, RAGGED_LENGTHS, on_wait=on_wait)
    note = ("The pasted message comes from TensorFlow converting an object array; the NumPy call that "
            "makes that object array is run here." if "Failed to convert" in parsed.excerpt else "")
    return Reproduction(verdict, error, reading, call, fixed_call, fixed_error, None,
                        f"shape {format_shape(shape)}" if shape else "", (), (note,) if note else ())


def pad_job(lengths: tuple[int, ...], on_progress: ProgressCallback | None = None,
            ) -> tuple[Shape | None, CapturedError | None]:
    """A job: pad sequences of these lengths with Keras' `pad_sequences`; the padded array's shape."""
    import keras

    pieces = [np.zeros((steps, 1), dtype="float32") for steps in lengths]
    padded, error = capture(lambda: keras.utils.pad_sequences(pieces, padding="post", dtype="float32"),
                            keras_source())
    return (tuple(padded.shape) if padded is not None else None), error


# --- Saved weights ----------------------------------------------------------------------------

def _weights(diagnosis: Diagnosis, parsed: P.ParsedError, on_wait: WaitCallback | None) -> Reproduction:
    """Assign the saved weight's shape to a variable of the built one, as loading does; then the fix.

    Loading assigns each saved array to the variable the layer built, so one Keras variable shows
    the same check. Sizes over 16 run as stand-ins when the weights are large (equal sizes stay equal).
    """
    built, saved = tuple(parsed.got or ()), tuple(parsed.expected or ())
    if not built or not saved or None in built + saved:
        return _not_run("The message does not give both weights' sizes.")
    notes: list[str] = []
    if max(math.prod(built), math.prod(saved)) > MAX_RUN_ELEMENTS // 20:
        mapping = stand_in_sizes(set(built + saved))
        built, saved = (tuple(mapping.get(d, d) for d in built), tuple(mapping.get(d, d) for d in saved))
        notes.append("Sizes over 16 ran as small stand-ins ("
                     + ", ".join(f"{k:,} → {v}" for k, v in mapping.items()) + "): equal sizes stay equal.")
    swap = diagnosis.fix_kind == "swap_axes"
    ran = _weights_code(built, saved)
    fixed_ran = _weights_code(built, saved, transposed=True) if swap else _weights_code(saved, saved, rebuilt=True)
    error, fixed_error, loaded = run_job(assign_job, built, saved, swap, on_wait=on_wait)
    reading = _read(error.message, diagnosis) if error is not None else None
    if error is None:
        verdict = RUNS_SILENTLY
    else:
        verdict = REPRODUCED if reading is not None and same_kind(diagnosis, reading) else WORDED_DIFFERENTLY
    done = f"loaded: a weight of {format_shape(loaded)}" if loaded else ""
    return Reproduction(verdict, error, reading, ran, fixed_ran, fixed_error, None, done, (), tuple(notes))


def _weights_code(built: Shape, saved: Shape, transposed: bool = False, rebuilt: bool = False) -> str:
    what = "the layer built with the saved sizes" if rebuilt else "the weight as your model built it"
    value = f"np.zeros({format_shape(saved)})"
    if transposed:
        value = f"np.transpose({value}, {kernel_permutation(saved, built)})"
    return (f"import numpy as np\nimport keras\n\nweight = keras.Variable(np.zeros({format_shape(built)}))  # {what}\n"
            f"weight.assign({value})  # the saved weight, as loading assigns it")


def assign_job(built: Shape, saved: Shape, transpose: bool, on_progress: ProgressCallback | None = None,
               ) -> tuple[CapturedError | None, CapturedError | None, Shape | None]:
    """A job: assign a saved weight to a variable of the built shape (the error), then the fix (its shape)."""
    import keras

    _, error = capture(lambda: keras.Variable(np.zeros(built, dtype="float32")).assign(np.zeros(saved, dtype="float32")),
                       keras_source())
    if transpose:
        target, value = built, np.transpose(np.zeros(saved, dtype="float32"), kernel_permutation(saved, built))
    else:
        target, value = saved, np.zeros(saved, dtype="float32")
    variable = keras.Variable(np.zeros(target, dtype="float32"))
    _, fixed_error = capture(lambda: variable.assign(value), keras_source())
    return error, fixed_error, (tuple(variable.shape) if fixed_error is None else None)

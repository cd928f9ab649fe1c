"""Right means checked: a pasted message's set-up run for real, set beside the message, then fixed."""

from __future__ import annotations

import json
import math
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from lessons import debugger as D
from lessons.debugger import reproduction as R
from lessons.debugger.model import LSTM, ModelDescription

CORPUS = Path(__file__).parent / "corpus" / "messages.json"


def _pasted(message: str, case: ModelDescription | None = None):
    result = D.diagnose_message(message)
    assert result.diagnosis is not None, message
    diagnosis = result.diagnosis if case is None else replace(result.diagnosis, case=case)
    return diagnosis, result.parsed


def _exec_printed(code: str) -> dict:
    namespace: dict = {}
    exec(compile(code, "<printed>", "exec"), namespace)  # our own generated code, never learner input
    return namespace


# --- NumPy cases: the real NumPy call, no TensorFlow ------------------------------------------

def test_a_reshape_message_is_reproduced_by_numpy_and_the_fixed_reshape_runs(monkeypatch):
    monkeypatch.setattr(R, "run_job", lambda *a, **k: pytest.fail("a NumPy case ran a Keras job"))
    diagnosis, parsed = _pasted("ValueError: cannot reshape array of size 20 into shape (10,3,2)")
    rep = D.reproduce(diagnosis, parsed)
    assert rep.verdict == R.REPRODUCED
    assert rep.real.message == "cannot reshape array of size 20 into shape (10,3,2)" and "NumPy" in rep.real.source
    assert rep.fix_ran and rep.fixed_result == "shape (10, 1, 2)"
    assert _exec_printed(rep.fixed_ran)["X"].shape == (10, 1, 2)  # the code the page prints runs
    with pytest.raises(ValueError, match=r"cannot reshape array of size 20 into shape \(10,3,2\)"):
        _exec_printed(rep.ran)


def test_a_minus_one_reshape_is_reproduced_with_its_minus_one():
    diagnosis, parsed = _pasted("X = X.reshape((-1, 3, 2))\nValueError: cannot reshape array of size 100 into shape (3,2)")
    rep = D.reproduce(diagnosis, parsed)
    assert "X.reshape((-1, 3, 2))" in rep.ran and rep.real.message == "cannot reshape array of size 100 into shape (3,2)"
    assert rep.verdict == R.REPRODUCED  # read with its call, the real message gets the same windows reading


def test_a_huge_reshape_is_reproduced_without_allocating_it():
    diagnosis, parsed = _pasted("X = X.reshape((100, 100, 7))\n"
                                "ValueError: cannot reshape array of size 2400000000 into shape (100,100,7)")
    rep = D.reproduce(diagnosis, parsed)
    assert rep.verdict == R.REPRODUCED and "2400000000" in rep.real.message
    assert rep.fix_ran
    shape = _exec_printed(rep.fixed_ran)["X"].shape  # runs as printed, without allocating 19 GB
    assert math.prod(shape) == 2_400_000_000 and rep.fixed_result == f"shape {shape}"
    # No reshape fits 1,304,626,176 values into (100, 100, 3) blocks: the fix is windows, and it says so.
    rep = D.reproduce(*_pasted("X = X.reshape((100, 100, 3))\n"
                               "ValueError: cannot reshape array of size 1304626176 into shape (100,100,3)"))
    assert rep.verdict == R.REPRODUCED and not rep.fix_ran and "windows" in rep.notes[0]
    # Without the call, values for many samples that neither (24, 1) nor 24 divides: the -1 NumPy does not print
    rep = D.reproduce(*_pasted("ValueError: cannot reshape array of size 8761 into shape (24,1)"))
    assert rep.verdict == R.REPRODUCED and "X.reshape((-1, 24, 1))" in rep.ran


def test_a_ragged_list_is_reproduced_by_numpy_and_padding_runs():
    diagnosis, parsed = _pasted("ValueError: setting an array element with a sequence. The requested array has an "
                                "inhomogeneous shape after 1 dimensions. The detected shape was (2,) + inhomogeneous part.")
    rep = D.reproduce(diagnosis, parsed)
    assert rep.verdict == R.REPRODUCED and "inhomogeneous" in rep.real.message
    assert rep.fix_ran and rep.fixed_result == f"shape (2, {max(R.RAGGED_LENGTHS)}, 1)"
    with pytest.raises(ValueError, match="inhomogeneous"):
        _exec_printed(rep.ran)
    assert _exec_printed(rep.fixed_ran)["X"].shape == (2, max(R.RAGGED_LENGTHS), 1)


# --- Model cases ----------------------------------------------------------------------------

@pytest.mark.slow
def test_model_cases_reproduce_say_when_keras_3_differs_and_the_fix_trains():
    features = ModelDescription((6, 3, 2), (6, 1), LSTM, (3, 1))
    # 1. The same kind of error: the installed Keras blames the features, as the pasted message does.
    rep = D.reproduce(*_pasted("Error when checking input: expected lstm_1_input to have shape (3, 1) but got "
                               "array with shape (3, 2)", features))
    assert rep.verdict == R.REPRODUCED and rep.real is not None
    assert rep.real_reading.axis == "features"
    assert rep.fix_ran and rep.fixed_loss is not None and np.isfinite(rep.fixed_loss)
    assert rep.changes == ("keras.Input(shape=...): (3, 1) → (3, 2)",)
    # 2. Keras 2 refused windows shorter than declared; Keras 3 runs them without a word.
    rep = D.reproduce(*_pasted("expected lstm_2_input to have shape (3, 1) but got array with shape (1, 1)",
                               ModelDescription((6, 1, 1), (6, 1), LSTM, (3, 1))))
    assert rep.verdict == R.RUNS_SILENTLY and rep.real is None
    assert any("without a word" in note for note in rep.notes) and rep.fix_ran
    # 3. A set-up that raises another kind of error is not called "reproduced".
    diagnosis, parsed = _pasted("Error when checking input: expected lstm_1_input to have 3 dimensions, but got "
                                "array with shape (6, 10)", features)
    rep = D.reproduce(diagnosis, parsed)
    assert diagnosis.axis == "timesteps" and rep.real_reading.axis == "features"
    assert rep.verdict == R.WORDED_DIFFERENTLY and rep.real is not None
    # 4. Class numbers against a softmax: the loss is the fix, and it trains.
    rep = D.reproduce(*_pasted(
        "ValueError: Arguments `target` and `output` must have the same rank (ndim). Received: "
        "target.shape=(None,), output.shape=(None, 3)",
        ModelDescription((6, 3, 1), (6,), LSTM, (3, 1), units=3, loss="categorical_crossentropy")))
    assert rep.verdict == R.REPRODUCED
    assert rep.changes == ("loss: categorical_crossentropy → sparse_categorical_crossentropy",) and rep.fix_ran
    # The code printed under "What ran" and "The fixed run" is what ran.
    printed = _exec_printed(rep.fixed_ran)
    assert np.isfinite(printed["model"].evaluate(printed["X"], printed["y"], verbose=0))


@pytest.mark.slow
def test_huge_sizes_run_small_and_say_so():
    case = ModelDescription((107904, 10), (107904, 2), LSTM, (1, 10), units=2)
    small, notes = R.run_sizes(case)
    assert small.x_shape == (4, 10) and small.y_shape == (4, 2) and "Ran with 4 samples" in notes[0]
    apart = ModelDescription((923, 5, 3), (4615, 1), LSTM, (5, 3))
    assert R.run_sizes(apart)[0] == apart  # the sample counts are the error: kept as they are


def _problems(rep, diagnosis) -> list[str]:
    """What is untrue or unfinished in a reproduction ([] when the verdict is true and the fix ran)."""
    if rep is None or rep.verdict == R.NOT_RUN:
        return [f"not run: {rep and rep.notes}"]
    problems = []
    if rep.verdict == R.RUNS_SILENTLY:
        case = getattr(diagnosis, "case", None)
        if rep.real is not None:
            problems.append("called silent but raised")
        elif case is not None and any(p.raises for p in D.check(case)):
            problems.append("Keras 3 ran it, but the shapes-only prediction says it raises")
    else:
        reading = rep.real_reading
        same = reading is not None and reading.axis == diagnosis.axis and (
            not getattr(diagnosis, "culprit", "") or not getattr(reading, "culprit", "")
            or reading.culprit == diagnosis.culprit)
        if rep.real is None or same != (rep.verdict == R.REPRODUCED):
            problems.append(f"verdict {rep.verdict} but readings {diagnosis.axis} / {reading and reading.axis}")
    # A NumPy fix that is not one reshape (windows, or a layout check first) says so instead of running.
    not_one_reshape = not rep.fixed_ran and any("windows" in note or "layout" in note for note in rep.notes)
    if not rep.fix_ran and not not_one_reshape:
        problems.append(f"the fix did not run: {rep.fixed_error and rep.fixed_error.message[:300]}")
    if rep.fixed_loss is not None and not np.isfinite(rep.fixed_loss):
        problems.append(f"the fix's loss is {rep.fixed_loss}")
    problems += _printed_code_problems(rep)
    return problems


def _printed_code_problems(rep) -> list[str]:
    """The code the page prints under "What ran" and "The fixed run" runs as printed.

    NumPy calls run whole; model code is built and compiled (its training step is the job's).
    """
    problems = []
    for label, code, raises in (("what ran", rep.ran, rep.real is not None), ("the fixed run", rep.fixed_ran, False)):
        if not code:
            continue
        model_code = "model.fit(" in code
        try:
            namespace = _exec_printed(code.rsplit("\n", 1)[0] if model_code else code)
        except Exception as error:  # noqa: BLE001 - reported below
            if raises and type(error).__name__ == rep.real.kind:
                continue  # it raises as the real message says (a NumPy call, or a model that cannot build)
            problems.append(f"{label} does not run as printed: {error}")
            continue
        if raises and not model_code:
            problems.append(f"{label} ran, but it should raise")
        elif model_code and namespace["X"].shape[0] != namespace["y"].shape[0] and not raises:
            problems.append(f"{label}: X and y disagree on the samples")
    return problems


def _corpus_cases():
    entries = json.loads(CORPUS.read_text()) if CORPUS.exists() else []
    cases = []
    for entry in entries:
        result = D.diagnose_message(entry["message"])
        for i, reading in enumerate(result.diagnosis.readings if result.diagnosis else ()):
            if D.reproducible(reading, result.parsed):  # every reading the page offers can be reproduced
                cases.append((entry["id"] + (f" (reading {i + 1})" if i else ""), reading, result.parsed))
    return cases


def test_every_corpus_entry_with_a_case_or_a_numpy_message_counts_as_reproducible():
    """The slow test below runs `_corpus_cases()`; an empty list there would prove nothing."""
    assert CORPUS.exists(), CORPUS
    entries = json.loads(CORPUS.read_text())
    with_case, numpy = set(), set()
    for entry in entries:
        result = D.diagnose_message(entry["message"])
        if result.diagnosis is not None and result.diagnosis.case is not None:
            with_case.add(entry["id"])
        elif result.parsed is not None and R._numpy_kind(result.parsed) is not None:
            numpy.add(entry["id"])
    assert with_case and numpy, "the corpus should hold model cases and NumPy messages to reproduce"
    keys = {key for key, _, _ in _corpus_cases()}
    assert with_case <= keys, sorted(with_case - keys)[:5]
    assert numpy <= keys, sorted(numpy - keys)[:5]


@pytest.mark.slow
def test_every_corpus_case_is_reproduced_or_honestly_reported_and_its_fix_trains(capsys):
    """All corpus entries with a case, in one process: the verdict is true to what ran, the fix trains."""
    cases = _corpus_cases()
    assert cases, "no corpus entry is reproducible: reproducible() or the corpus is broken"
    start = time.perf_counter()
    seen, lines, wrong = {}, [], []
    for key, diagnosis, parsed in cases:
        rep = D.reproduce(diagnosis, parsed)
        problems = _problems(rep, diagnosis)
        if problems:
            wrong.append(f"{key}: {'; '.join(problems)}")
        else:
            seen[rep.verdict] = seen.get(rep.verdict, 0) + 1
        lines.append(f"{rep.verdict if rep else None!s:18} {key}")
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n{len(cases)} corpus cases reproduced in {seconds:.1f} s: {seen}")
        print("\n".join(lines))
    assert not wrong, "\n".join(wrong)


# --- Saved weights: one Keras variable assigned the saved array, as loading does -------------------

@pytest.mark.slow
@pytest.mark.parametrize("message, fixed_shape", [
    ("InvalidArgumentError: Assign requires shapes of both tensors to match. lhs shape= [7,7,15,16] rhs shape= "
     "[7,7,9,16]", (7, 7, 9, 16)),
    ("Dimension 0 in both shapes must be equal, but are 3 and 64. Shapes are [3,3,2,64] and [64,2,3,3]. for "
     "'Assign' (op: 'Assign') with input shapes: [3,3,2,64], [64,2,3,3].", (3, 3, 2, 64)),  # moved into Keras' order
    ("model.load_weights('vgg16.h5')\nValueError: Shapes (165888, 4096) and (25088, 4096) are incompatible",
     (18, 17)),  # 680 million floats run as stand-ins
])
def test_saved_weights_are_reproduced_by_a_keras_assign_and_the_fix_loads(message, fixed_shape):
    diagnosis, parsed = _pasted(message)
    assert D.reproducible(diagnosis, parsed)
    rep = D.reproduce(diagnosis, parsed)
    assert rep.verdict == R.REPRODUCED, (rep.real, rep.real_reading and rep.real_reading.title)
    assert "variable.assign(value)" in rep.real.message and "Keras 3" in rep.real.source
    assert rep.fix_ran and rep.fixed_result == f"loaded: a weight of {fixed_shape}"
    assert not _printed_code_problems(rep)
    assert ("stand-ins" in " ".join(rep.notes)) == (fixed_shape == (18, 17))


def test_a_weight_message_without_both_sizes_offers_no_reproduction():
    diagnosis, parsed = _pasted("Assign requires shapes of both tensors to match. lhs shape= [7,7,batch] rhs shape= [7,7,9,16]")
    assert not D.reproducible(diagnosis, parsed)


def test_a_ragged_message_read_as_another_mistake_is_not_reproduced_by_padding():
    diagnosis, parsed = _pasted("ValueError: setting an array element with a sequence. The requested array has an "
                                "inhomogeneous shape after 1 dimensions. The detected shape was (20,) + inhomogeneous part.")
    padded, loop, per_series = diagnosis.readings
    assert padded.fix_kind == "pad" and D.reproducible(padded, parsed)
    assert loop.fix_kind == per_series.fix_kind == "windows"
    assert not D.reproducible(loop, parsed) and not D.reproducible(per_series, parsed)  # the run pads: not their fix

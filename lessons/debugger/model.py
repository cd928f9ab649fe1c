"""The described-model path: the learner's shapes and layers, as data.

`check` predicts from the shapes alone what Keras 3 will do (raise, or run silently with a
wrong reading); `apply_fix` rewrites the description so the model trains as meant.
`lessons.debugger.run.run_described` builds the model and runs it for real to confirm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from lessons.core.axes import Shape, format_shape
from lessons.debugger import parse as P
from lessons.debugger.explain import (
    DEFAULT_STEPS,
    AxisCell,
    Diagnosis,
    aligned_cells,
    axis_names,
    conform,
    dim_text,
    inserted_cells,
    reshape_line,
)
from lessons.debugger.messages import explain
from lessons.debugger.ranks import no_timesteps
from lessons.forecasting.models import layer_code
from lessons.core.parsing import MAX_RANK, InputError, parse_shape

LSTM, BILSTM, CNN_LSTM, CONV_LSTM, DENSE = (
    "LSTM", "Bidirectional LSTM", "Conv1D in TimeDistributed", "ConvLSTM2D", "Dense",
)
FIRST_LAYERS = (LSTM, BILSTM, CNN_LSTM, CONV_LSTM, DENSE)
LAST_LAYERS = ("Dense", "TimeDistributed(Dense)")
LOSSES = ("mse", "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy")
# The shape of one sample each first layer reads, and the names of its axes.
DECLARED_AXES = {
    LSTM: ("timesteps", "features"),
    BILSTM: ("timesteps", "features"),
    CNN_LSTM: ("subsequences", "timesteps", "features"),
    CONV_LSTM: ("subsequences", "rows", "timesteps", "features"),
    DENSE: ("features",),
}
MAX_RECURRENT = {LSTM: 3, BILSTM: 3, CNN_LSTM: 3, CONV_LSTM: 1, DENSE: 0}
HIDDEN_UNITS = 8  # every hidden layer: only shapes matter here, so keep the model tiny
SMALL = 16  # sizes up to this run as they are; larger ones get small stand-ins
MAX_RUN_ELEMENTS = 2_000_000  # zeros allocated for one run, X and y each



@dataclass(frozen=True)
class ModelDescription:
    x_shape: tuple[int, ...]
    y_shape: tuple[int, ...]
    first_layer: str
    input_shape: Shape  # what keras.Input(shape=...) declares: one sample, no samples axis
    last_layer: str = "Dense"
    units: int = 1  # of the last layer
    return_sequences: tuple[bool, ...] = (False,)  # one per recurrent layer, first to last
    loss: str = "mse"  # what model.compile gets; cross-entropies for the classification cases


@dataclass(frozen=True)
class Problem:
    diagnosis: Diagnosis
    raises: bool  # the prediction: Keras raises (True) or runs silently (False)


def describe(
    x_text: str, y_text: str, first_layer: str, input_text: str,
    last_layer: str = "Dense", units: int = 1, return_sequences: tuple[bool, ...] = (False,),
) -> ModelDescription:
    """A checked description from what the learner typed; `InputError` says what is wrong."""
    shapes = []
    for label, text, allow_none in (("X.shape", x_text, False), ("y.shape", y_text, False),
                                    ("keras.Input shape", input_text, True)):
        try:
            shapes.append(parse_shape(text, allow_none=allow_none))
        except InputError as error:
            raise InputError(f"{label}: {error}") from None
    x, y, declared = shapes
    desc = ModelDescription(x, y, first_layer, declared, last_layer, int(units), tuple(return_sequences))  # type: ignore[arg-type]
    validate(desc)
    return desc


def validate(desc: ModelDescription) -> None:
    """Refuse descriptions this page cannot build, with a message for the learner."""
    if desc.first_layer not in FIRST_LAYERS:
        raise InputError(f"Pick the first layer from: {', '.join(FIRST_LAYERS)}.")
    if desc.last_layer not in LAST_LAYERS:
        raise InputError(f"Pick the last layer from: {', '.join(LAST_LAYERS)}.")
    for name, shape in (("X", desc.x_shape), ("y", desc.y_shape), ("keras.Input", desc.input_shape)):
        if not shape or len(shape) > MAX_RANK:
            raise InputError(f"{name}'s shape needs 1 to {MAX_RANK} dimensions.")
        if any(d is not None and d < 1 for d in shape):
            raise InputError(f"Every size in {name}'s shape is a count, 1 or more.")
    want = len(DECLARED_AXES[desc.first_layer])
    if len(desc.input_shape) != want:
        names = ", ".join(DECLARED_AXES[desc.first_layer])
        raise InputError(
            f"keras.Input for a {desc.first_layer} first layer declares one sample: {want} "
            f"number{'s' if want > 1 else ''} ({names}), without the samples axis."
        )
    if None in desc.input_shape[1:] or (desc.first_layer == DENSE and None in desc.input_shape):
        raise InputError("Only the first axis of keras.Input (the time axis) may be None, and not for Dense.")
    if desc.loss not in LOSSES:
        raise InputError(f"Pick the loss from: {', '.join(LOSSES)}.")
    if not 1 <= desc.units <= 100_000:
        raise InputError("The last layer's units must be between 1 and 100,000.")
    count, most = len(desc.return_sequences), MAX_RECURRENT[desc.first_layer]
    if desc.first_layer == DENSE and count:
        raise InputError("A Dense first layer has no recurrent layers, so no return_sequences.")
    if desc.first_layer != DENSE and not 1 <= count <= most:
        raise InputError(f"Give return_sequences for 1 to {most} recurrent layer(s).")
    if math.prod(desc.x_shape) > 10**9 or math.prod(desc.y_shape) > 10**9:
        raise InputError("X and y are limited to 1,000,000,000 elements each here.")


def layer_plan(desc: ModelDescription) -> list[tuple]:
    """The layers after keras.Input, in the form `lessons.forecasting.models` builds and prints."""
    relu = {"activation": "relu"}
    rs = desc.return_sequences

    def lstm(flag: bool) -> tuple:
        return ("LSTM", (HIDDEN_UNITS,), {"return_sequences": flag} if flag else {})

    plan: list[tuple] = []
    if desc.first_layer == LSTM:
        plan = [lstm(f) for f in rs]
    elif desc.first_layer == BILSTM:
        plan = [("Bidirectional", (lstm(f),), {}) for f in rs]
    elif desc.first_layer == CNN_LSTM:
        plan = [("TimeDistributed", (("Conv1D", (HIDDEN_UNITS, 1), relu),), {}),
                ("TimeDistributed", (("Flatten", (), {}),), {})] + [lstm(f) for f in rs]
    elif desc.first_layer == CONV_LSTM:
        flags = {"return_sequences": True} if rs[0] else {}
        plan = [("ConvLSTM2D", (HIDDEN_UNITS, (1, 1)), flags), ("Flatten", (), {})]
    else:
        plan = [("Dense", (HIDDEN_UNITS,), relu)]
    activation = {"mse": {}, "binary_crossentropy": {"activation": "sigmoid"}}.get(desc.loss, {"activation": "softmax"})
    dense = ("Dense", (desc.units,), activation)
    plan.append(dense if desc.last_layer == "Dense" else ("TimeDistributed", (dense,), {}))
    return plan


def model_code(desc: ModelDescription) -> str:
    """Keras 3 code for exactly the model `run_described` builds."""
    lines = ["model = keras.Sequential([", f"    keras.Input(shape={format_shape(desc.input_shape)}),"]
    lines += [f"    {layer_code(step)}," for step in layer_plan(desc)]
    return "\n".join(lines + ["])", f'model.compile(optimizer="adam", loss="{desc.loss}")'])


def effective_x(desc: ModelDescription) -> Shape | None:
    """X as Keras 3 feeds it to the first layer (it adds or drops a last axis of 1), or None."""
    x, in_rank = desc.x_shape, len(desc.input_shape) + 1
    if len(x) == in_rank:
        return x
    if len(x) == in_rank + 1 and x[-1] == 1:
        return x[:-1]
    if len(x) == in_rank - 1 and desc.input_shape[-1] == 1:
        return x + (1,)
    return None


def output_shape(desc: ModelDescription, x: Shape) -> Shape | None:
    """The model's output for an input shaped `x` (samples first), or None if it cannot build."""
    rs = desc.return_sequences
    if desc.first_layer in (LSTM, BILSTM, CNN_LSTM):
        body: Shape = (x[1], HIDDEN_UNITS) if rs[-1] else (HIDDEN_UNITS,)
    elif desc.first_layer == CONV_LSTM:
        body = (HIDDEN_UNITS,)
    else:
        body = tuple(x[1:-1]) + (HIDDEN_UNITS,)
    if desc.last_layer != "Dense" and len(body) < 2:
        return None
    return (x[0],) + tuple(body[:-1]) + (desc.units,)


def keras_loss_shapes(y: Shape, out: Shape) -> tuple[Shape, Shape]:
    """y and the output as the Keras 3 loss compares them: ranks 1 apart lose or gain a last 1."""
    if len(y) == len(out) + 1 and y[-1] == 1:
        if len(out) == 1:
            out = out + (1,)
        else:
            y = y[:-1]
    if len(out) == len(y) + 1 and out[-1] == 1:
        if len(y) == 1:
            y = y + (1,)
        else:
            out = out[:-1]
    return y, out


def check(desc: ModelDescription) -> list[Problem]:
    """What is wrong with these shapes, and whether Keras 3 will say so (from shapes alone)."""
    problems: list[Problem] = []
    rs = desc.return_sequences
    if any(not flag for flag in rs[:-1]):
        problems.append(Problem(_stacked_diagnosis(desc), True))
        return problems
    x = effective_x(desc)
    declared = (None,) + tuple(desc.input_shape)
    layer = "dense_input" if desc.first_layer == DENSE else "lstm_input"  # the described first layer: no question to ask
    if x is None:
        parsed = P.ParsedError(P.SHAPE, P.KERAS3, "", got=desc.x_shape, expected=declared, layer=layer)
        return problems + [Problem(explain(parsed), True)]
    if x != desc.x_shape:
        problems.append(Problem(_rank_adjusted(desc, x), False))
    names = ("samples",) + DECLARED_AXES[desc.first_layer]
    flexible = {1} if desc.first_layer != DENSE else set(range(1, len(x) - 1))
    said = {1} if _rows_of_one_value(desc) else set()  # its no-timesteps diagnosis covers the length
    for i, (have, want) in enumerate(zip(x[1:], desc.input_shape), start=1):
        if want is None or have == want or i in said:
            continue
        if i in flexible:
            problems.append(Problem(_length_ignored(desc, x, i, names), False))
        else:
            parsed = P.ParsedError(P.SHAPE, P.KERAS3, "", got=x, expected=declared, layer=layer)
            problems.append(Problem(explain(parsed), True))
            break
    if desc.x_shape[0] != desc.y_shape[0]:
        parsed = P.ParsedError(P.SAMPLES, P.KERAS3, "", x_samples=(desc.x_shape[0],), y_samples=(desc.y_shape[0],))
        problems.append(Problem(explain(parsed), True))
        return problems
    out = output_shape(desc, x)
    if out is None:
        problems.append(Problem(_time_distributed_diagnosis(desc), True))
        return problems
    seen, compared = keras_loss_shapes(desc.y_shape, out)
    if seen == compared:
        return problems
    try:
        np.broadcast_shapes(seen, compared)  # type: ignore[arg-type]
    except ValueError:
        diagnosis = explain(P.ParsedError(P.DIMS_EQUAL, P.TENSORFLOW, "", role="target",
                                          sizes=(0, 0), got=desc.y_shape, expected=out))
        problems.append(Problem(diagnosis, True))
        return problems
    diagnosis = _broadcast_diagnosis(desc.y_shape, out)
    if desc.return_sequences and desc.return_sequences[-1] and len(desc.y_shape) < len(out):
        diagnosis = replace(diagnosis, title="return_sequences=True left on the last LSTM")
    problems.append(Problem(diagnosis, False))
    return problems


def _stacked_diagnosis(desc: ModelDescription) -> Diagnosis:
    return Diagnosis(
        "A stacked LSTM gets no timesteps",
        "An LSTM without return_sequences hands on only its last output, (samples, units), so the "
        "LSTM above it gets no timesteps axis. Every recurrent layer except the last needs "
        "return_sequences=True.",
        "timesteps", (AxisCell("samples", "any", "any", False), AxisCell("timesteps", "—", "all", True),
                      AxisCell("features", str(HIDDEN_UNITS), str(HIDDEN_UNITS), False)),
        "layers.LSTM(50, return_sequences=True),  # every LSTM but the last\nlayers.LSTM(50),",
        labels=("LSTM hands on", "next LSTM wants"),
    )


def _rows_of_one_value(desc: ModelDescription) -> bool:
    """X (n, 1) before an LSTM: Keras 3 reads each sample as 1 timestep of that one value."""
    return desc.first_layer in (LSTM, BILSTM) and len(desc.x_shape) == 2 and desc.x_shape[1] == 1


def _rank_adjusted(desc: ModelDescription, x: Shape) -> Diagnosis:
    if _rows_of_one_value(desc):
        found = no_timesteps(desc.x_shape, tuple(desc.input_shape))
        cause = (f"X is {format_shape(desc.x_shape)} but the model reads {format_shape(x)}: Keras 3 added a features "
                 "axis of 1 without a word (Keras 2 refused this), so each sample is 1 timestep of one value "
                 "and the LSTM has no sequence to read.")
        return replace(found, title="Keras 3 changed X's shape without a word", cause=cause, silent=True)
    names = ("samples",) + DECLARED_AXES[desc.first_layer]
    if len(x) > len(desc.x_shape):
        cells = inserted_cells(desc.x_shape, x, len(x) - 1, names)
        what = (f"added a {names[-1]} axis of 1, reading each sample's {dim_text(x[-2])} values as "
                f"{dim_text(x[-2])} {names[-2]} of one {names[-1][:-1]}")
    else:
        cells = aligned_cells(x, x, names) + (AxisCell("axis", dim_text(desc.x_shape[-1]), "—", True),)
        what = "dropped X's last axis, of size 1"
    return Diagnosis(
        "Keras 3 changed X's shape without a word",
        f"X is {format_shape(desc.x_shape)} but the model reads {format_shape(x)}: Keras 3 {what}. "
        "Keras 2 refused this; say what you mean, so the reading is yours and not a guess.",
        names[-1], cells, reshape_line("X", x), silent=True, labels=("your X", "Keras reads"),
    )


def _length_ignored(desc: ModelDescription, x: Shape, i: int, names: tuple[str, ...]) -> Diagnosis:
    have, want = x[i], desc.input_shape[i - 1]
    cells = aligned_cells(x, (None,) + tuple(desc.input_shape), names)
    declared = list(desc.input_shape)
    declared[i - 1] = have
    axis = names[i]
    caveat = ""
    if axis == "timesteps" and have == 1:
        caveat = " Declaring 1 timestep also runs, but then each sample is one timestep: the LSTM has no sequence to read."
    return Diagnosis(
        f"X has {dim_text(have)} {axis}, the model declares {dim_text(want)}",
        f"keras.Input declares {dim_text(want)} {axis} per sample, X has {dim_text(have)}. Keras 3 runs "
        f"anyway (the layer loops over whatever {axis} it gets), so the model that trains is not the one "
        "you declared, and windows of another length will be read without a word.",
        axis, cells,
        f"keras.Input(shape={format_shape(tuple(declared))})  # declare what X holds",
        f"Or, if the model is right, build windows of {dim_text(want)} {axis}: a reshape cannot add "
        "the missing values." + caveat,
        silent=True,
    )


def _time_distributed_diagnosis(desc: ModelDescription) -> Diagnosis:
    return Diagnosis(
        "TimeDistributed needs timesteps",
        "TimeDistributed(Dense) applies the Dense layer at every timestep, but the last recurrent layer "
        "hands on one output per sample. Give it return_sequences=True, or use a plain Dense.",
        "timesteps", (), "layers.LSTM(50, return_sequences=True),\nlayers.TimeDistributed(layers.Dense(1)),",
    )


def _broadcast_diagnosis(y: Shape, out: Shape) -> Diagnosis:
    names = ("samples", "timesteps", "outputs")[-len(out):] if len(out) <= 3 else axis_names(len(out))
    names = ("samples",) + tuple(names[1:])
    if len(y) == len(out):
        cells = aligned_cells(y, out, names)
    elif len(y) < len(out):
        cells = inserted_cells(y, out, 1, names) if len(out) == len(y) + 1 else ()
    else:
        cells = ()
    fix = (f"layers.LSTM(50),  # last LSTM without return_sequences: output {format_shape((out[0], out[-1]))}"
           if len(out) == 3 and (len(y) < 3 or y[1] == 1) else
           f"layers.Dense({dim_text(y[-1]) if len(y) > 1 else 1}),  # one unit per value in y")
    return Diagnosis(
        "y was stretched to the output's shape",
        f"The model outputs {format_shape(out)} and y is {format_shape(y)}. Keras 3 doesn't complain: the loss "
        "broadcasts y, copying its values along the mismatching axis, so the model learns targets you "
        "never gave it.",
        next((c.name for c in cells if c.wrong), "outputs"), cells, fix, silent=True,
        labels=("y", "model output"),
    )


def apply_fix(desc: ModelDescription) -> ModelDescription:
    """The description with the first problem `check` finds fixed the way the diagnosis says.

    Call it again until `check` is empty (`fixed_description` does that).
    """
    x, y, rs = desc.x_shape, desc.y_shape, desc.return_sequences
    if any(not flag for flag in rs[:-1]):
        return replace(desc, return_sequences=tuple(True for _ in rs[:-1]) + rs[-1:])
    per_sample = (None,) + tuple(desc.input_shape)
    fitted = conform(x, per_sample)
    if fitted is not None and tuple(x[1:]) != tuple(desc.input_shape):
        return replace(desc, x_shape=fitted)  # type: ignore[arg-type]
    steps = _window_steps(desc)
    if steps is not None:
        return _rows_to_windows(desc, steps, desc.input_shape[0])
    ex = effective_x(desc)
    if ex is None:
        per_sample = math.prod(x[1:])
        known = [d for d in desc.input_shape if d is not None]
        if None not in desc.input_shape and per_sample == math.prod(known):
            return replace(desc, x_shape=(x[0],) + tuple(desc.input_shape))  # type: ignore[arg-type]
        return _declare_for(desc, x)
    if ex != x:
        return replace(desc, x_shape=ex)  # type: ignore[arg-type]
    if any(w is not None and h != w for h, w in zip(x[1:], desc.input_shape)):
        return replace(desc, input_shape=tuple(x[1:]))
    if x[0] != y[0]:
        a, b = x[0], y[0]
        if b > a and b % a == 0 and a > 1:
            return replace(desc, y_shape=(a,) + y[1:])
        if a == 1 and len(x) == 3 and x[1] == b:  # the whole table as one sample: windows of its rows
            table = replace(desc, x_shape=(b, x[2]))
            if b >= DEFAULT_STEPS:
                return _rows_to_windows(table, DEFAULT_STEPS, DEFAULT_STEPS)
            return replace(desc, x_shape=(b, 1, x[2]), input_shape=(1, x[2]))
        n = min(a, b)
        return replace(desc, x_shape=(n,) + x[1:], y_shape=(n,) + y[1:])
    out = output_shape(desc, x)
    if out is None:
        if len(y) >= 3 and desc.first_layer in (LSTM, BILSTM, CNN_LSTM):
            return replace(desc, return_sequences=rs[:-1] + (True,))
        return replace(desc, last_layer="Dense")
    seen, compared = keras_loss_shapes(y, out)
    if seen == compared:
        return desc
    return _fit_output_to_y(desc, out)


def _window_steps(desc: ModelDescription) -> int | None:
    """The window length when an LSTM's 1D or 2D X should become windows of consecutive rows, else None.

    None too when a reshape gives the model's reading (e.g. each row is already a window, or
    the model declares 1 timestep of these features), or when X has too few rows.
    """
    x, declared = desc.x_shape, desc.input_shape
    if desc.first_layer not in (LSTM, BILSTM) or len(x) > 2 or conform(x, (None,) + tuple(declared)):
        return None
    steps = declared[0] if declared[0] and declared[0] > 1 else DEFAULT_STEPS
    return steps if x[0] >= steps else None


def _rows_to_windows(desc: ModelDescription, steps: int, declared_steps: int | None) -> ModelDescription:
    """X's rows cut into windows of `steps` (one per window end); y keeps one target per window."""
    x, y = desc.x_shape, desc.y_shape
    count = x[0] - steps + 1
    features = x[1] if len(x) == 2 else 1
    y_shape = (count,) + y[1:] if y[0] == x[0] else y
    steps_in = declared_steps if declared_steps != 1 else steps
    return replace(desc, x_shape=(count, steps, features), y_shape=y_shape, input_shape=(steps_in, features))


def _declare_for(desc: ModelDescription, x: tuple[int, ...]) -> ModelDescription:
    """X regrouped (same values per sample) into the rank the first layer reads, declared as it is."""
    want = len(DECLARED_AXES[desc.first_layer])
    per = tuple(x[1:])
    if len(per) < want:
        per = (1,) * (want - len(per)) + per  # axes of 1 in front, e.g. 1 subsequence of 1 timestep
    else:
        per = per[:want - 1] + (math.prod(per[want - 1:]),)
    return replace(desc, x_shape=(x[0],) + per, input_shape=per)


def _fit_output_to_y(desc: ModelDescription, out: Shape) -> ModelDescription:
    y, rs = desc.y_shape, desc.return_sequences
    if len(y) == 1:
        return replace(desc, units=1, return_sequences=rs[:-1] + (False,) if rs else rs, last_layer="Dense")
    if len(y) == 2:
        if len(out) == 3 and rs:
            return replace(desc, return_sequences=rs[:-1] + (False,), units=y[1], last_layer="Dense")
        return replace(desc, units=y[-1])
    if len(y) == 3 and y[1] == 1:
        return replace(desc, y_shape=(y[0], y[2]))
    if len(y) == 3 and rs and desc.first_layer != CONV_LSTM and y[1] == desc.x_shape[1]:
        return replace(desc, return_sequences=rs[:-1] + (True,), units=y[2], last_layer="TimeDistributed(Dense)")
    flat = math.prod(y[1:])
    return replace(desc, y_shape=(y[0], flat), units=flat,
                   return_sequences=rs[:-1] + (False,) if rs else rs, last_layer="Dense")


def changes(before: ModelDescription, after: ModelDescription) -> list[str]:
    """What a fix changed, one line each, e.g. "X.shape: (6, 3) → (6, 3, 1)"."""
    fields = [("X.shape", "x_shape"), ("y.shape", "y_shape"), ("keras.Input(shape=...)", "input_shape"),
              ("last layer", "last_layer"), ("units of the last layer", "units"),
              ("return_sequences", "return_sequences"), ("loss", "loss")]
    lines = []
    for label, name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            show = format_shape if name.endswith("shape") else str
            lines.append(f"{label}: {show(old)} → {show(new)}")
    return lines


def fixed_description(desc: ModelDescription, rounds: int = 6) -> ModelDescription:
    """`apply_fix` until the shapes hold no problem (or nothing changes)."""
    for _ in range(rounds):
        if not check(desc):
            break
        fixed = apply_fix(desc)
        if fixed == desc:
            break
        desc = fixed
    return desc

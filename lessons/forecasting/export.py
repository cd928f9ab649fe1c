"""A standalone Python script that reproduces one forecasting lesson exactly as the page shows it.

The script is generated from the same facts the page uses: the lesson (or the learner's edits),
the shapes `models.prepare` gives, and the model code `models.keras_code` writes. Nothing here
imports Keras; the script does, when the learner runs it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.core import format_shape
from lessons.forecasting import models
from lessons.forecasting.figures import expected_output
from lessons.forecasting.tutorial import VARIANTS, ForecastLesson

NUMBERS_PER_LINE = 12

# One readable window function per framing (keyed by `Framing.name`), written the way a learner
# would write it: a loop is easier to read than sliding_window_view. tests/unit/forecasting/test_export.py
# checks that each cuts exactly what `Framing.cut` cuts.
WINDOW_CODE: dict[str, tuple[str, str]] = {
    "univariate": ("split_sequence(data, n_in)", '''
def split_sequence(sequence, n_steps):
    """Slide a window of n_steps along the series; the value right after it is the target."""
    X, y = [], []
    for start in range(len(sequence) - n_steps):
        X.append(sequence[start : start + n_steps])
        y.append(sequence[start + n_steps])
    return np.array(X), np.array(y)
'''),
    "univariate_multistep": ("split_sequence(data, n_in, n_out)", '''
def split_sequence(sequence, n_in, n_out):
    """n_in values in, the n_out values right after them out."""
    X, y = [], []
    for start in range(len(sequence) - n_in - n_out + 1):
        X.append(sequence[start : start + n_in])
        y.append(sequence[start + n_in : start + n_in + n_out])
    return np.array(X), np.array(y)
'''),
    "multiple_input": ("split_sequences(data, n_in)", '''
def split_sequences(rows, n_steps):
    """Inputs: every column but the last. Target: the last column on the window's LAST row."""
    X, y = [], []
    for start in range(len(rows) - n_steps + 1):
        end = start + n_steps
        X.append(rows[start:end, :-1])
        y.append(rows[end - 1, -1])
    return np.array(X), np.array(y)
'''),
    "multiple_input_multistep": ("split_sequences(data, n_in, n_out)", '''
def split_sequences(rows, n_in, n_out):
    """Inputs: every column but the last. Targets: the last column from the window's last row on."""
    X, y = [], []
    for start in range(len(rows) - n_in - n_out + 2):
        end = start + n_in
        X.append(rows[start:end, :-1])
        y.append(rows[end - 1 : end - 1 + n_out, -1])
    return np.array(X), np.array(y)
'''),
    "parallel": ("split_sequences(data, n_in)", '''
def split_sequences(rows, n_steps):
    """n_steps rows of every column in, the whole next row out."""
    X, y = [], []
    for start in range(len(rows) - n_steps):
        X.append(rows[start : start + n_steps])
        y.append(rows[start + n_steps])
    return np.array(X), np.array(y)
'''),
    "parallel_multistep": ("split_sequences(data, n_in, n_out)", '''
def split_sequences(rows, n_in, n_out):
    """n_in rows of every column in, the next n_out rows (every column) out."""
    X, y = [], []
    for start in range(len(rows) - n_in - n_out + 1):
        X.append(rows[start : start + n_in])
        y.append(rows[start + n_in : start + n_in + n_out])
    return np.array(X), np.array(y)
'''),
}


@dataclass(frozen=True)
class ScriptFacts:
    """Everything the script reproduces; `None` in `facts_for` means the lesson's own value."""

    lesson: ForecastLesson
    data: np.ndarray
    n_in: int
    n_out: int
    variant: str
    n_seq: int
    units: int
    epochs: int
    learning_rate: float
    seed: int
    test_input: np.ndarray


def facts_for(lesson: ForecastLesson, **changes: object) -> ScriptFacts:
    """The lesson's facts with the learner's changes (keyword arguments of ScriptFacts) applied."""
    values = {
        "data": lesson.data, "n_in": lesson.n_in, "n_out": lesson.n_out, "variant": lesson.variant,
        "n_seq": lesson.n_seq, "units": lesson.units, "epochs": lesson.epochs,
        "learning_rate": lesson.learning_rate, "seed": lesson.seed, "test_input": lesson.test_input,
    }
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"unknown facts: {', '.join(sorted(unknown))}")
    values.update({k: v for k, v in changes.items() if v is not None})
    return ScriptFacts(lesson=lesson, **values)  # type: ignore[arg-type]


def _number(value: float) -> str:
    """The shortest text that reads back as exactly this float; whole numbers without '.0'."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def array_literal(values: np.ndarray, indent: str = "    ") -> str:
    """`np.array([...], dtype=float)` for a 1D or 2D array, wrapped so long data stays readable."""
    array = np.asarray(values, dtype=float)
    if array.ndim == 1:
        items = [_number(v) for v in array]
        chunks = [", ".join(items[i : i + NUMBERS_PER_LINE]) for i in range(0, len(items), NUMBERS_PER_LINE)]
    else:
        chunks = ["[" + ", ".join(_number(v) for v in row) + "]" for row in array]
    if len(chunks) == 1 and array.ndim == 1:
        return f"np.array([{chunks[0]}], dtype=float)"
    body = (",\n" + indent).join(chunks)
    return f"np.array([\n{indent}{body},\n], dtype=float)"


def _reshape_line(name: str, before: tuple[int, ...], after: tuple[int, ...], why: str) -> str:
    if before == after:
        return f"# {name} already has the shape the model needs: {format_shape(after)}."
    target = "(" + ", ".join([f"{name}.shape[0]"] + [str(d) for d in after[1:]]) + ")"
    return f"# {why}\n{name} = {name}.reshape({target})"


def _model_lines(code: str) -> str:
    """keras_code without its import lines: the script imports once, at the top."""
    kept = [line for line in code.splitlines() if not line.startswith(("import ", "from "))]
    return "\n".join(kept).strip("\n")


def standalone_script(facts: ScriptFacts) -> str:
    """A complete, runnable Python script: data, windows, reshape, model, training, prediction.

    Raises `models.VariantError` (an InputError) when the variant cannot take these windows,
    exactly as the page would.
    """
    lesson, framing = facts.lesson, facts.lesson.framing
    steps = framing.horizon(facts.n_out)
    X, y = framing.cut(facts.data, facts.n_in, facts.n_out)
    ready = models.prepare(facts.variant, X, y, facts.n_seq, n_out=steps)
    x_input = models.prepare_input(facts.variant, facts.test_input, facts.n_seq)
    call, function = WINDOW_CODE[framing.name]
    data_name = "rows" if framing.table else "series"
    columns = ", ".join(framing.column_names(np.shape(facts.data)[1])) if framing.table else None
    model_code = _model_lines(models.keras_code(facts.variant, ready.X.shape, ready.y.shape, facts.units))
    n_args = f"n_in = {facts.n_in}" + (f"\nn_out = {steps}" if framing.multistep else "")
    split_note = {
        "cnn_lstm": f"# CNN-LSTM: each window of {facts.n_in} steps becomes {facts.n_seq} subsequences "
                    f"× {facts.n_in // max(facts.n_seq, 1)} steps.",
        "conv_lstm": f"# ConvLSTM: {facts.n_seq} subsequences × 1 row × {facts.n_in // max(facts.n_seq, 1)} "
                     "steps, the image-like input ConvLSTM2D reads.",
    }.get(facts.variant, "# An LSTM reads 3D input: [samples, timesteps, features].")
    expected = (
        f'print("expected:", {np.asarray(lesson.expected).tolist()!r})'
        if _is_lessons_own(facts) else
        "# Your data or window differs from the tutorial's, so there is no known expected value."
    )
    return f'''"""{_title(facts)}, exported from Shape Lab for LSTMs.

Runs on its own with the pinned requirements (numpy, keras on tensorflow-cpu):
    python {script_name(facts)}
Training is random: the seed below makes it repeatable on one machine, but another machine or
library version may land a little differently.
"""

import numpy as np
import keras
from keras import layers

# 1. The data{f" (columns: {columns})" if columns else ""}
{data_name} = {array_literal(facts.data)}
{n_args}


# 2. Cut it into samples: X holds the input windows, y their targets.
{function.strip()}


X, y = {call.replace("data", data_name)}
print("windows: X", X.shape, "y", y.shape)
print("first sample: X[0] =", X[0].tolist(), "-> y[0] =", y[0].tolist())

# 3. Shape X and y for the model.
{split_note}
{_reshape_line("X", X.shape, ready.X.shape, "Give X the axes this model reads.")}
{_reshape_line("y", y.shape, ready.y.shape, "Give y the shape of the model's output layer.")}
print("model input: X", X.shape, "y", y.shape)

# 4. The model. The seed makes the starting weights (and so the result) repeatable.
keras.utils.set_random_seed({facts.seed})
{model_code}
model.compile(optimizer=keras.optimizers.Adam(learning_rate={facts.learning_rate!r}), loss="mse")
model.summary()

# 5. Train: Adam on all {ready.X.shape[0]} samples at once, {facts.epochs} times.
history = model.fit(X, y, epochs={facts.epochs}, batch_size={ready.X.shape[0]}, verbose=0)
loss = history.history["loss"][-1]
print(f"final loss: {{loss:.4g}}")  # 4 significant digits are plenty to watch it fall

# 6. Predict from one new window, shaped like one sample of X.
x_input = {array_literal(facts.test_input)}
x_input = x_input.reshape({format_shape(x_input.shape)})
prediction = model.predict(x_input, verbose=0)
print("prediction shape:", prediction.shape)
{_prediction_lines(y.shape[1:], ready.y.shape[1:])}
{expected}
'''


def _title(facts: ScriptFacts) -> str:
    lesson = facts.lesson
    if facts.variant == lesson.variant:
        return f"{lesson.title} ({VARIANTS[facts.variant]})" if lesson.title != VARIANTS[facts.variant] else lesson.title
    return f"{lesson.title}, with a {VARIANTS[facts.variant]} instead of the tutorial's {VARIANTS[lesson.variant]}"


def _prediction_lines(one_y: tuple[int, ...], one_output: tuple[int, ...]) -> str:
    """Script lines that print the prediction, read from the shape the model really outputs.

    `one_y` is one target as the windows cut it, `one_output` one sample of the model's output
    (y after the variant's reshape). Printing follows `one_output`, so every variant prints what it
    predicts, whatever its rank: the encoder-decoder on a one-step framing outputs (1, 1, 1).
    """
    lines = []
    if len(one_y) > len(one_output):
        # The script flattened y for a Dense layer; undo it so the prediction reads like y[0].
        lines += [f"# The Dense layer gives all {int(np.prod(one_output))} values in one row; "
                  f"give them back the shape of one target, {format_shape(one_y)}.",
                  f"prediction = prediction.reshape({format_shape((1, *one_y))})"]
        one_output = one_y
    if int(np.prod(one_output)) == 1:
        lines += ["# One number, however many axes hold it: .item() takes it out.",
                  'print("prediction:", round(prediction.item(), 2))']
    else:
        # Keras predicts float32; rounding it in float32 would print 100.37000274658203.
        lines += ["# Drop the samples axis, and round in float64 so 100.37 prints as 100.37.",
                  'print("prediction:", np.round(prediction[0].astype(float), 2).tolist())']
    return "\n".join(lines)


def _is_lessons_own(facts: ScriptFacts) -> bool:
    return expected_output(facts.lesson, facts.data, facts.n_in, facts.n_out, facts.test_input) is not None


def script_name(facts: ScriptFacts) -> str:
    return f"shape_lab_{facts.lesson.key}_{facts.variant}.py"

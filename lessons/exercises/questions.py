"""Shape questions made from a page's current data: change the data and the questions change.

Each generator returns `Question`s whose true shape comes from the same code the page uses to
make the array (the reshape rule, the framing's cut, `models.prepare`), and whose reasons are
worded from the learner's own sizes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lessons.core.axes import format_shape
from lessons.core.parsing import InputError
from lessons.core.reshaping import plural, to_samples_timesteps_features
from lessons.exercises.checker import Question
from lessons.forecasting import VARIANTS, Framing, models


def _explained(shape: Sequence[int], axes: Sequence[str], reasons: Sequence[str]) -> str:
    """Every axis with its size and why, one Markdown list item each: "- **timesteps 3**: the window is …"."""
    return "\n".join(f"- **{axis} {size:,}**: {reason}" for size, axis, reason in zip(shape, axes, reasons))


def _question(prompt: str, shape: Sequence[int], axes: Sequence[str], reasons: Sequence[str], **more) -> Question:
    shape = tuple(int(d) for d in shape)
    return Question(prompt, shape, tuple(axes), tuple(reasons), _explained(shape, axes, reasons), **more)


# --- the input-shape pages ---------------------------------------------------------------------


def one_series(values: np.ndarray) -> list[Question]:
    """The series as NumPy holds it, then as one LSTM sample."""
    n = int(np.asarray(values).size)
    data = _question(
        f"Your sequence has {n:,} values. Before any reshape, what is `data.shape`?",
        (n,), ("timesteps",), (f"the sequence holds {n:,} values in a single row",),
        what="data", known_wrong=tuple(
            (shape, f"{format_shape(shape)} is 2D; a plain list of numbers becomes a 1D array, with one axis.")
            for shape in {(1, n), (n, 1)}),
    )
    X = to_samples_timesteps_features(values)
    lstm = _question(
        "An LSTM reads 3D arrays. The whole sequence is to be ONE sample, read value by value. What shape is X?",
        X.shape, ("samples", "timesteps", "features"),
        ("the whole sequence is one sample", f"each of the {n:,} values is one timestep",
         "each timestep holds a single value: one feature"),
        what="X", known_wrong=(((1, 1, n), (
            f"(1, 1, {n}) runs in Keras, and that is the trap: one timestep holding all {n:,} values as "
            "features, so the LSTM has no order to read.")),) if n > 1 else (),
    )
    return [data, lstm]


def parallel_series(rows: int, series: int) -> list[Question]:
    """Parallel series as one sample: rows are timesteps, series are features."""
    return [_question(
        f"Your table has {plural(rows, 'row')} (moments in time) and {plural(series, 'series column')}. "
        "As one sample for an LSTM, what shape is X?",
        (1, rows, series), ("samples", "timesteps", "features"),
        ("the whole table is one sample", f"each of the {rows:,} rows is one moment in time",
         f"each of the {series:,} series gives one value at every moment"),
        what="X", known_wrong=(((1, series, rows), (
            "that is the wrong turn shown below: the series as timesteps, and time hidden in the features.")),)
        if rows != series else (),
    )]


def input_layer(x_shape: Sequence[int], units: int) -> list[Question]:
    """What `keras.Input(shape=…)` declares for X, and what `LSTM(units)` hands on."""
    samples, timesteps, features = (int(d) for d in x_shape)
    declared = _question(
        f"Your X has shape {format_shape((samples, timesteps, features))}. What goes in `keras.Input(shape=…)`?",
        (timesteps, features), ("timesteps", "features"),
        (f"each sample is {plural(timesteps, 'timestep')} long", f"each timestep holds {plural(features, 'feature')}"),
        what="keras.Input(shape=…)", kind="input",
        extra_first_axis=("That is the whole array, samples included. keras.Input declares ONE sample's shape: "
                          "the samples axis is left out, because the same model takes 1 sample or 10,000 "
                          f"(Keras prints it as None: (None, {timesteps}, {features}))."),
    )
    output = _question(
        f"This X goes into `layers.LSTM({units})`. What shape comes out?",
        (samples, units), ("samples", "units"),
        (f"the LSTM gives one output per sample, and there are {samples:,}",
         f"LSTM({units}) hands on {units} numbers per sample, however many timesteps it reads"),
        what=f"LSTM({units})'s output",
        known_wrong=(((samples, timesteps, units), (
            "that is what return_sequences=True gives, one output per timestep. By default an LSTM hands on "
            "only its last step's output.")),) if timesteps > 1 else (),
    )
    return [declared, output]


def padded(lengths: Sequence[int], maxlen: int | None = None) -> list[Question]:
    """Sequences of these lengths padded (and cut to `maxlen`) into one 3D array."""
    count, longest = len(lengths), max(int(n) for n in lengths)
    timesteps = maxlen or longest
    why = (f"every sequence is cut or padded to maxlen = {maxlen}" if maxlen
           else f"every sequence is padded to the longest, which has {longest} values")
    return [_question(
        f"Your {plural(count, 'sequence')} of lengths {', '.join(str(int(n)) for n in lengths)} are padded "
        + (f"and cut to at most {maxlen} timesteps " if maxlen else "") + "into one array for an LSTM. What shape is X?",
        (count, timesteps, 1), ("samples", "timesteps", "features"),
        (f"each of the {count} sequences is one sample", why, "each timestep holds a single value: one feature"),
        what="X", known_wrong=(((count, timesteps), (
            "that is what keras.utils.pad_sequences returns, 2D. The LSTM also needs the features axis.")),),
    )]


# --- the forecasting pages ----------------------------------------------------------------------


def _rows_reason(framing: Framing, n_rows: int, n_in: int, n_out: int, count: int) -> str:
    steps = framing.horizon(n_out)
    needed = n_in + steps - framing.overlap
    if framing.overlap:
        target = ("its target on its last input row" if steps == 1
                  else f"its {steps} target rows starting on its last input row")
    else:
        target = "the row after it as target" if steps == 1 else f"the {steps} rows after it as targets"
    return (f"a window needs {needed} rows ({n_in} in, {target}) and slides one row at a time, "
            f"so {n_rows} rows give {n_rows} − {needed} + 1 = {count} windows")


def _features_reason(framing: Framing, columns: Sequence[str]) -> str:
    if not framing.table:
        return "a single series gives one value per timestep"
    inputs = [columns[c] for c in framing.input_columns(len(columns))]
    left_out = f" (the output column {columns[-1]} is not an input)" if framing.output_column else ""
    if len(inputs) == 1:
        return f"the one input series ({inputs[0]}) gives one value per timestep{left_out}"
    return f"{len(inputs)} input series ({', '.join(inputs)}) give {len(inputs)} values per timestep{left_out}"


def _targets_reason(framing: Framing, n_out: int, columns: Sequence[str], width: int) -> str:
    steps = framing.horizon(n_out)
    targets = len(framing.target_columns(len(columns)))
    if framing.output_column:
        if steps == 1:
            return f"each window predicts one value of {columns[-1]}, on its last input row"
        return f"each window predicts {steps} values of {columns[-1]} (n_out = {n_out}), starting on its last input row"
    if targets == 1:
        if steps == 1:
            return "each window predicts one value"
        return f"each window predicts the next {steps} values (n_out = {n_out})"
    if steps == 1:
        return f"each window predicts the next row of all {targets} series"
    return (f"each window predicts {steps} rows × {targets} series = {width} values, flattened into one row "
            "for the Dense layer")


def windows(framing: Framing, n_rows: int, n_in: int, n_out: int, columns: Sequence[str], X: np.ndarray,
            y: np.ndarray, variant: str, n_seq: int = 1) -> list[Question]:
    """X as the lesson's variant reads it (the CNN-LSTM's reshape target too), and y as it trains on it."""
    try:
        prepared = models.prepare(variant, X, y, n_seq, n_out=framing.horizon(n_out))
    except InputError:  # e.g. n_seq no longer divides the window: ask about the plain LSTM's 3D input
        variant = "vanilla"
        prepared = models.prepare(variant, X, y, n_out=framing.horizon(n_out))
    count = int(prepared.X.shape[0])
    split = variant in models.SPLIT_VARIANTS
    x_reasons = []
    for axis in prepared.x_axes:
        if axis == "samples":
            x_reasons.append(_rows_reason(framing, n_rows, n_in, n_out, count))
        elif axis == "timesteps":
            x_reasons.append(f"each of the {n_seq} subsequences holds {n_in} ÷ {n_seq} = {n_in // n_seq} of the "
                             f"window's {n_in} steps" if split
                             else f"the window is {n_in} {'rows' if framing.table else 'values'} long")
        elif axis == "subsequences":
            x_reasons.append(f"the lesson cuts each window into n_seq = {n_seq} subsequences")
        elif axis == "rows":
            x_reasons.append("ConvLSTM2D reads each subsequence as an image 1 row high")
        else:
            x_reasons.append(_features_reason(framing, columns))
    window = f"n_in = {n_in}, n_out = {n_out}" if framing.multistep else f"n_steps = {n_in}"
    reader = VARIANTS[variant] + (f" with n_seq = {n_seq}" if split else "")
    x_question = _question(
        f"Your {n_rows} rows are cut into windows ({window}). What shape is X as the {reader} reads it?",
        prepared.X.shape, prepared.x_axes, x_reasons, what="X",
    )
    y_shape = tuple(int(d) for d in prepared.y.shape)
    if variant == "encoder_decoder":
        targets = len(framing.target_columns(len(columns)))
        y_reasons = (f"there is one target per window, as many as X's {count} samples",
                     f"the decoder gives one output per forecast step: {framing.horizon(n_out)}",
                     "one value per step" if targets == 1 else f"each step forecasts all {targets} series")
    else:
        y_reasons = (f"there is one target per window, as many as X's {count} samples",
                     _targets_reason(framing, n_out, columns, y_shape[1]))
    cut = tuple(int(d) for d in np.shape(y))
    also = ((cut, f"That is y as the windows are cut (shown below); Keras reads it as {format_shape(y_shape)} "
                  f"for the {VARIANTS[variant]}."),) if cut != y_shape else ()
    y_question = _question("And y, the targets, as the model trains on them?", y_shape, prepared.y_axes, y_reasons,
                           what="y", also_right=also)
    return [x_question, y_question]

"""Diagnoses about y and about sample counts: y against the model's output, X against y."""

from __future__ import annotations

from dataclasses import replace

from lessons.core.axes import Shape, format_shape
from lessons.debugger import parse as P
from lessons.debugger.explain import (
    MISSING,
    AxisCell,
    Diagnosis,
    aligned_cells,
    ask,
    axis_names,
    code_dim,
    counted,
    dim_text,
    inserted_cells,
    one_timestep_caveat,
    one_timestep_code,
    row_windows_code,
)



RETURN_SEQUENCES_CODE = """# One output per timestep: every LSTM hands on all its steps, Dense runs on each step
layers.LSTM(50, return_sequences=True),
layers.TimeDistributed(layers.Dense({k})),"""


def target_rank(got: Shape, want: int) -> Diagnosis:
    n = got[0] if got else None
    if not got:  # the message names the output's rank only
        return Diagnosis(
            f"y does not have the output's {want} axes",
            f"The model's output has {want} axes"
            + (" (samples, timesteps, values): TimeDistributed or return_sequences=True gives a value at every timestep. "
               "y needs the same axes, e.g. a last axis of 1 for one value per step." if want == 3 else ".")
            + " Print y.shape to see which axis is missing.",
            "outputs", (),
            "y = y.reshape(y.shape + (1,))  # (samples, timesteps) → (samples, timesteps, 1), the same values"
            if want == 3 else "print(y.shape)",
            culprit="y", fix_kind="reshape",
        )
    if len(got) == 3 and want == 2 and got[1] == got[2] and (got[1] or 0) >= 8:
        # y holds a square grid per sample (a picture, a map), the Dense output one flat row
        _, r, c = got
        cells = (AxisCell("samples", dim_text(n), dim_text(n), False),
                 AxisCell("outputs", f"{r} × {c}", "units", True))
        return Diagnosis(
            "y holds a grid per sample, the Dense output a row",
            f"y {format_shape(got)} holds a {r} × {c} grid of values per sample (a picture or map), but the last Dense layer "
            f"gives one flat row of units per sample. Give the output {r} × {c} = {r * c:,} units and shape them like y, "
            "or flatten y into rows.",
            "outputs", cells,
            f"layers.Dense({r} * {c}),  # one unit per value of y's {r} × {c} grid\n"
            f"layers.Reshape(({r}, {c})),  # the output shaped like y\n\n"
            f"# or flatten y into one row per sample, with layers.Dense({r * c}) last\n"
            "y = y.reshape((len(y), -1))",
            labels=("y", "model output"), culprit="output", fix_kind="output_units",
        )
    if len(got) == 3 and want == 2:
        _, t, k = got
        if got[0] == 1 and (t or 0) > 1:
            cells = aligned_cells(got, (t, 1, k), ("samples", "timesteps", "outputs"))
            return Diagnosis(
                "The whole table became one sample",
                f"y is {format_shape(got)}: one sample holding {t} rows. Each window of consecutive rows should "
                "be its own sample with its own target, and X needs the same samples.",
                "samples", cells,
                table_windows_fix(t, f"y.reshape(({t}, {k}))")
                + f"\n\n{one_timestep_code(f'X = X.reshape(({t}, 1, X.shape[-1]))', 'X.shape[-1]')}"
                f"\ny = y.reshape(({t}, {k}))",
                one_timestep_caveat(None), culprit="X", fix_kind="windows",
            )
        cells = inserted_cells((n, k), got, 1, ("samples", "timesteps", "outputs"))
        cells = tuple(AxisCell(c.name, c.expected, c.yours, c.wrong) for c in cells)
        if t == 1:  # one timestep: the same values without that axis
            return Diagnosis(
                "y has an extra axis of 1",
                f"y {format_shape(got)} holds {k} value{'s' if k != 1 else ''} per sample inside an extra timesteps "
                f"axis of 1; the last Dense layer gives (samples, {k}).",
                "timesteps", cells, f"y = y.reshape((-1, {k}))  # the same values, without the axis of 1",
                "An axis of 1 in the middle often comes from to_categorical on labels shaped (samples, 1): "
                "one-hot the flat labels instead, to_categorical(y.ravel()).",
                culprit="y", fix_kind="reshape",
            )
        every_step = Diagnosis(
            "y has timesteps the Dense output does not",
            f"y {format_shape(got)} holds {t} rows of {k} values per sample, but the last Dense layer gives "
            "one row per sample, with no timesteps axis. To predict a value at every timestep, the last LSTM "
            "must hand on all its timesteps.",
            "timesteps", cells,
            RETURN_SEQUENCES_CODE.format(k=k) + "\n\n"
            f"# or predict all {dim_text(t)} steps as one flat row, reshape predictions back later\n"
            f"y = y.reshape((y.shape[0], -1))  # and layers.Dense(y.shape[1])",
            culprit="output", fix_kind="return_sequences",
        )
        one_target = Diagnosis(
            "y holds a target per timestep, the task one per window",
            f"y {format_shape(got)} gives every sample {t} rows of {k} values: a target for each timestep. The model "
            f"gives one row of {k} per sample, and so does the task: one label or value for the whole window. "
            "Keep one row of y per window: the target of its last step.",
            "timesteps", cells,
            f"y = y[:, -1, :]  # ({dim_text(n)}, {dim_text(k)}): the last step's target of each window",
            "To forecast the step after each window instead, cut X and y together, as the tutorials' split_sequence "
            "does: each window's target is the row that follows it.",
            culprit="y", fix_kind="labels",
        )
        return ask("What should the model give for each sample?",
                   ("A value (or label) at every timestep", every_step),
                   ("One value (or label) for the whole window", one_target))
    if len(got) == want + 1 and want >= 3:
        # y keeps a time axis the output does not have (e.g. a ConvLSTM2D without return_sequences)
        return Diagnosis(
            "y has timesteps the output does not",
            f"y {format_shape(got)} holds a sequence per sample ({dim_text(got[1])} steps), but the model's output has "
            f"{want} axes: the last recurrent layer hands on only its last step. Turn return_sequences on to predict "
            "every step, or keep one step of y.",
            "timesteps", (), "layers.ConvLSTM2D(8, (3, 3), padding=\"same\", return_sequences=True),  # every step\n\n"
            "# or one target per sample: the last step\ny = y[:, -1]",
            culprit="output", fix_kind="return_sequences",
        )
    if len(got) in (1, 2) and want == 3:
        one_per_sample = Diagnosis(
            "The model's output has timesteps y does not",
            "The output layer gives 3D (samples, timesteps, values) because the last LSTM has "
            f"return_sequences=True; y is {format_shape(got)}.",
            "timesteps", inserted_cells(got if len(got) == 2 else got + (1,), (None, None, None), 1,
                                        ("samples", "timesteps", "outputs")),
            "layers.LSTM(50),  # last LSTM: return_sequences off, one output per sample\n"
            f"layers.Dense({got[1] if len(got) == 2 and got[1] else 1}),  # a plain Dense, not TimeDistributed(Dense): "
            "no timesteps are left to spread it over",
            "A model that labels every timestep (a tag for every word, say) keeps return_sequences=True; then y needs "
            "a row per timestep, (samples, timesteps, values)." if len(got) == 2 else "",
            culprit="output", fix_kind="return_sequences",
        )
        if len(got) != 2:
            return one_per_sample
        return ask("What should the model give for each sample?",
                   ("One output for the whole window", one_per_sample),
                   ("An output at every timestep (a tag for every word, say)", _y_flattened(got)))
    return Diagnosis(
        f"y is {len(got)}D, the output {want}D",
        f"The model's output has {want} axes; y {format_shape(got)} has {len(got)}.",
        None, (), "print(y.shape, model.output_shape)", culprit="y", fix_kind="reshape",
    )


def _y_flattened(got: Shape) -> Diagnosis:
    """A 2D y for a model that labels every timestep: one row per timestep, the samples axis flattened away."""
    rows, k = got
    return Diagnosis(
        "y has lost its timesteps axis",
        f"The model gives an output at every timestep, (samples, timesteps, values), and that is the task. y "
        f"{format_shape(got)} is 2D: either its rows are every sample's timesteps one after another (the samples and "
        "timesteps axes flattened into one), or it is (samples, timesteps) with one value per step and no last axis.",
        "timesteps", inserted_cells(got, (None, None, k), 1, ("samples", "timesteps", "outputs")),
        "# One row per timestep, all samples one after another: len(y) = samples × timesteps\n"
        "y = y.reshape((len(X), X.shape[1], -1))  # (samples, timesteps, values)\n\n"
        "# One row per sample, one value per timestep: add the last axis\n"
        "y = y[..., np.newaxis]  # (samples, timesteps, 1)",
        "For class numbers per step with sparse_categorical_crossentropy, Keras 3 also takes y as (samples, timesteps).",
        culprit="y", fix_kind="reshape",
    )


def table_windows_fix(rows: int, targets: str) -> str:
    """X holds the whole table as one sample, (1, rows, features): windows of its rows instead."""
    return ("# The rows are consecutive timesteps: cut the table into windows of consecutive rows\n"
            + row_windows_code(None, rows=f"X.reshape(({rows}, -1))", targets=targets)
            + "\n# and declare the windows in the model: keras.Input(shape=(n_steps, X.shape[-1]))")


def inputs_diagnosis(p: P.ParsedError) -> Diagnosis:
    """A model with several inputs or outputs given another number of arrays."""
    if p.detail == "inputs":
        return _inputs_count(*(p.sizes or (1, 2)))
    return Diagnosis(
        "The model has several outputs, y is one array",
        "The model was built with several outputs (one Dense per target, say), and Keras matches the losses to "
        "y output by output: y must be a list with one array per output, in the order of the outputs.",
        "outputs", (),
        "y = [y[:, i : i + 1] for i in range(len(model.outputs))]  # one column of y per output\n"
        "# model.fit(X, y): the list, in the order of the model's outputs",
        "Or build one output as wide as y: layers.Dense(y.shape[1]).",
        culprit="y", fix_kind="reshape",
    )


def samples_diagnosis(p: P.ParsedError) -> Diagnosis:
    xs, ys = p.x_samples, p.y_samples
    if 1 < len(xs) <= 4 and 1 in xs and not ys:
        n = max(xs)
        return Diagnosis(
            "One sample passed without its samples axis",
            f"Keras got inputs with {', '.join(f'{x:,}' for x in xs)} samples. One input holds 1 sample, so this is ONE "
            f"example: the input with {n:,} has lost its samples axis, and its {n:,} steps are read as samples. "
            "Give it a samples axis of 1.",
            "samples", tuple(AxisCell("samples", f"{x:,}", "1", x != 1) for x in xs),
            "X = [a if len(a) == 1 else a[np.newaxis] for a in X]  # every input: (1, ...) for one sample",
            culprit="X", fix_kind="reshape", labels=("input", "one sample"),
        )
    listed_samples = len(ys) == 1 and ys[0] == len(xs)  # as many arrays as y has samples: one array per sample
    if 1 < len(xs) <= 4 and len(set(xs)) > 1 and not listed_samples:
        return Diagnosis(
            "The inputs hold different numbers of samples",
            f"X is a list of {len(xs)} arrays with {', '.join(f'{x:,}' for x in xs)} samples: Keras reads a list as "
            "separate model inputs, and every input (and y) needs the same number of samples, one per example.",
            "samples", tuple(AxisCell("samples", f"{x:,}", f"{(ys or xs)[0]:,}", x != (ys or xs)[0]) for x in xs),
            "n = min(len(a) for a in X)  # or build the inputs from the same rows\nX = [a[:n] for a in X]",
            "If X was meant to be ONE array (not several inputs), stack or reshape it instead.",
            labels=("input", "y"), culprit="samples", fix_kind="match_samples",
        )
    if 1 < len(xs) <= 4 and len(ys) == 1 and ys[0] != xs[0] and ys[0] != len(xs):
        # a few model inputs that agree with each other, and y with another count: y (or the
        # inputs) built from other rows; a list of windows would have as many arrays as y has samples
        n = min(xs[0], ys[0])
        return Diagnosis(
            "The inputs and y hold different numbers of samples",
            f"X is a list of {len(xs)} model inputs with {xs[0]:,} samples each, and y has {ys[0]:,}. Every input "
            "and y need one sample per example, in the same order: build them from the same rows.",
            "samples", tuple(AxisCell("samples", f"{x:,}", f"{ys[0]:,}", True) for x in xs),
            f"n = min(len(y), *(len(a) for a in X))  # {n:,} here; better: build the inputs and y from the same rows\n"
            "X = [a[:n] for a in X]\ny = y[:n]",
            "When y has a whole multiple of the inputs' samples (two sets stacked, say), split it the way the inputs "
            "were built instead of cutting it.",
            labels=("input", "y"), culprit="samples", fix_kind="match_samples",
        )
    if len(xs) > 1:
        same = len(set(xs)) == 1
        return Diagnosis(
            "X is a list of arrays",
            f"X is a Python list of {len(xs)} arrays, and Keras 3 reads a list as {len(xs)} separate "
            + (f"model inputs, with {xs[0]:,} samples each. " if same else
               f"model inputs, of {', '.join(f'{x:,}' for x in xs[:6])}{' …' if len(xs) > 6 else ''} samples. ")
            + "Stack the arrays into one float array: the list becomes the samples axis.",
            "samples", (AxisCell("samples", f"{len(xs)} arrays", f"{len(xs):,}", True),),
            'X = np.stack(X).astype("float32")' if same else
            'X = keras.utils.pad_sequences(X, padding="post", dtype="float32")  # then a Masking layer',
            "" if same else "The arrays have different lengths, so they are padded to one length first.",
            culprit="data", fix_kind="dtype" if same else "pad",
        )
    if not xs or not ys:
        return Diagnosis(
            "X and y have different numbers of samples",
            "X and y must hold the same number of samples: one target for every sample.",
            "samples", (), "print(X.shape, y.shape)", culprit="samples", fix_kind="match_samples",
        )
    a, b = xs[0], ys[0]
    if p.wording == P.SKLEARN:
        return _rows_passed(a, b)
    cells = (AxisCell("samples", f"{a:,}", f"{b:,}", True),)
    labels = ("X", "y")
    if a == 1:
        return Diagnosis(
            "The whole table became one sample",
            f"X has 1 sample and y has {b:,}: X was reshaped so the whole table is one sample. "
            "Each window of consecutive rows should be a sample with its own target.",
            "samples", cells,
            table_windows_fix(b, "y") + "\n\n"
            + one_timestep_code(f"X = X.reshape(({b}, 1, X.shape[-1]))  # one row per sample", "X.shape[-1]"),
            one_timestep_caveat(None), labels=labels, culprit="X", fix_kind="match_samples",
        )
    if b > a and b % a == 0:
        k = b // a
        return Diagnosis(
            "X was cut into blocks, y was not",
            f"X has {a:,} samples and y {b:,} = {k} × {a:,}: X was reshaped into blocks of {k} rows, "
            "while y still has one target per row.",
            "samples", cells,
            f"y = y[{k - 1}::{k}]  # the target of the last row of each block\n\n"
            "# Or, for a window ending at every row: cut overlapping windows from X's rows\n"
            + row_windows_code(k, rows="X.reshape((-1, X.shape[-1]))", why="the length of your blocks"),
            "Blocks that do not overlap give one sample per block. Overlapping windows give one per row "
            f"(from row {k} on): more samples from the same data, cut with sliding_window_view.",
            labels=labels, culprit="samples", fix_kind="match_samples",
        )
    if b > a:
        return Diagnosis(
            "y has more samples than X",
            f"X has {a:,} samples and y {b:,}. Windowing usually does this: the first rows only ever "
            "appear inside windows and have no window of their own.",
            "samples", cells, f"y = y[{b - a}:]  # drop the {b - a} targets that have no window",
            "Safer: build X and y in the same loop so every window keeps its target.", labels=labels,
            culprit="samples", fix_kind="match_samples",
        )
    if a >= 1.5 * b:
        # far more samples than targets: not rows lost to windowing, X (or y) was built from something else
        return Diagnosis(
            "X has more samples than y",
            f"X has {a:,} samples and y {b:,}, {a / b:.1f} times as many: not a few rows lost to windowing. The step "
            "that built X made the extra samples (a reshape such as .reshape((-1, 1)) that turned values into samples, "
            "text read character by character, features extracted from another set), or X and y come from different "
            "sets. Cutting X to y's length would pair the wrong rows.",
            "samples", cells,
            f"print(len(X), len(y))  # find the step where X got {a:,} rows: one row per target is what it needs\n"
            f"X = X[:{b}]  # ONLY if X's first {b:,} rows really are the samples of y's targets",
            "Build X and y from the same items, in the same loop, so every sample keeps its target.", labels=labels,
            culprit="samples", fix_kind="match_samples",
        )
    return Diagnosis(
        "X has more samples than y",
        f"X has {a:,} samples and y {b:,}; every sample needs exactly one target.",
        "samples", cells, f"X = X[:{b}]  # or build X and y in the same loop", labels=labels,
        culprit="samples", fix_kind="match_samples",
    )


def _grid_flattened(y: Shape, out: Shape, loss: str) -> Diagnosis:
    """y of (samples, steps, targets) against a flat output of steps × targets units: the same values."""
    steps, targets = y[1], y[2]
    return Diagnosis(
        "The output holds y's values in one row",
        f"y {format_shape(y)} holds {dim_text(steps)} steps of {dim_text(targets)} targets; the last Dense gives "
        f"{format_shape(out)}, {dim_text(out[1])} = {dim_text(steps)} × {dim_text(targets)} values in one row. The "
        "values are the same: give the output y's shape with a Reshape (or flatten y).",
        "outputs", (AxisCell("samples", dim_text(y[0]), dim_text(out[0]), False),
                    AxisCell("timesteps", dim_text(steps), MISSING, True),
                    AxisCell("outputs", dim_text(targets), dim_text(out[1]), True)),
        f"layers.Dense({code_dim(out[1])}),\n"
        f"layers.Reshape(({steps}, {targets})),  # (samples, {steps}, {targets}), as y"
        + ("\nlayers.Softmax(),  # the classes of each step (a softmax over all the values would mix the steps)"
           if loss in (P.CROSSENTROPY, P.SPARSE) else ""),
        f"Or flatten y instead: y = y.reshape((len(y), {out[1]})), and reshape the predictions back the same way.",
        labels=("y", "model output"), culprit="output", fix_kind="reshape",
    )


def _rows_passed(a: int, b: int) -> Diagnosis:
    """scikit-learn given arrays of other lengths: it names them only by their order in the call."""
    return Diagnosis(
        "The arrays hold different numbers of rows",
        f"scikit-learn got arrays of {a:,} and {b:,} rows, in the order they were passed: X and y to "
        "train_test_split, or y_true and the predictions to a metric. Each window needs its own target, and each "
        "prediction the target of its window. Windows are fewer than the rows of the series they are cut from: "
        "no window comes before the first n_steps rows.",
        "samples", (AxisCell("samples", f"{a:,}", f"{b:,}", True),),
        "print(len(X), len(y))  # the arrays you passed, in order\n"
        "# cut every window and its target together, from the series in time order:\n"
        "X = np.lib.stride_tricks.sliding_window_view(series, n_steps)[:-1]  # (windows, n_steps): each has a next value\n"
        "y = series[n_steps:]  # the value after each window",
        "Cutting one of the two arrays to the other's length pairs windows with the wrong targets unless you know "
        "where they line up; cut both from the series instead (make_windows does it for a table).",
        labels=("first array", "second array"), culprit="samples", fix_kind="match_samples",
    )


def _width(shape: Shape) -> int | None:
    """Values per sample: the last axis of a 2D+ shape, 1 for a 1D shape."""
    return shape[-1] if len(shape) >= 2 else 1


def target_vs_output(y: Shape, out: Shape, loss: str = "", keras2_check: bool = False) -> Diagnosis:
    """y against the model's output as a loss compares them; `loss` as `lessons.debugger.parse` names it."""
    names = ("samples", "timesteps", "outputs") if len(out) == 3 or len(y) == 3 else ("samples", "outputs")
    labels = ("y", "model output")
    if len(y) == len(out) == 4 and y[1:3] == out[1:3] and y[-1] != out[-1] and out[-1] == 1 and y[-1] in (3, 4):
        return Diagnosis(
            "Colour masks where the model gives one channel",
            f"y {format_shape(y)} holds pictures with {y[-1]} channels (colour images of the masks); the model gives "
            f"{format_shape(out)}, one value per pixel. Each mask needs one channel.",
            "channels", aligned_cells(y, out, ("samples", "rows", "columns", "channels")),
            "y = y[..., :1]  # one channel per mask (for 0/1 masks the channels are equal)",
            labels=labels, culprit="y", fix_kind="reshape",
        )
    if len(y) in (1, 2) and len(out) == 4:
        return _dense_on_a_map(y, out, loss)
    if loss == P.CROSSENTROPY and len(y) >= 2 and y[-1] == 1 and out[-1] is None:
        return _class_numbers(y, out, loss)  # "a target array of shape (32, 1) while using categorical_crossentropy"
    if len(y) == len(out) and len(y) >= 2 and y[0] is not None and out[0] is not None and y[0] != out[0] \
            and tuple(y[1:]) == tuple(out[1:]):
        return fixed_batch(y, out)
    if len(y) == 1 and len(out) == 1 and y[0] != out[0]:
        return fixed_batch(y, out)
    if len(y) == len(out) == 3 and y[1] == 1 and (out[1] or 0) > 1:
        cells = aligned_cells(y, out, names)
        return Diagnosis(
            "The model predicts every timestep, y one value",
            f"The model outputs {format_shape(out)}: a prediction at each of {dim_text(out[1])} timesteps (return_sequences=True "
            f"with TimeDistributed); y {format_shape(y)} has one per sample.",
            "timesteps", cells, "layers.LSTM(50),  # the last LSTM: no return_sequences\nlayers.Dense(1),",
            labels=labels, culprit="output", fix_kind="return_sequences",
        )
    if len(y) == len(out) == 3 and y[1] != out[1] and y[0] == out[0] and y[2] == out[2] and None not in (y[1], out[1]):
        return sequence_lengths(y, out)
    if len(y) == 3 and len(out) == 2 and None not in (y[1], y[2], out[1]) and min(y[1], y[2]) > 1 \
            and y[1] * y[2] == out[1]:
        return _grid_flattened(y, out, loss)  # (samples, steps, targets) against steps × targets units
    if len(y) == 3 and len(out) == 2:
        # A loss comparing them: y keeps its timesteps (no "whole table" reading without X's shape)
        d = target_rank((None,) + tuple(y[1:]), 2)
        return replace(d, labels=labels)
    if loss in (P.CROSSENTROPY, P.BINARY) and len(y) == 2 and len(out) == 3 and y[1] == out[1] and (out[2] or 0) > 1:
        # one class number per timestep against a softmax per timestep: labels, not the output
        d = _class_numbers(tuple(y) + (1,), out, loss)
        return replace(d, cause=f"y {format_shape(y)} holds one class number per timestep, but the model gives "
                       f"{dim_text(out[2])} probabilities per timestep, {format_shape(out)}: y must be one-hot per step, "
                       "or the loss must read class numbers (sparse_categorical_crossentropy).")
    if len(y) == 2 and len(out) == 3 and tuple(y) == tuple(out[:2]) and out[2] == 1:
        cells = inserted_cells(y, out, 2, names)
        return Diagnosis(
            "y lacks the last axis of 1",
            f"The model outputs {format_shape(out)}: one value at each of {dim_text(out[1])} timesteps. y {format_shape(y)} "
            "holds the same values without the last axis, so the loss cannot line them up.",
            "outputs", cells, "y = y[..., np.newaxis]  # (samples, timesteps, 1), as the output", labels=labels,
            culprit="y", fix_kind="reshape",
        )
    if len(y) == 2 and len(out) == 1 and (y[1] or 0) > 1 and loss != P.REGRESSION:
        return _one_hot_for_class_numbers(y, out)  # (a TensorFlow 1 placeholder of labels, or a sparse loss)
    if len(y) <= 2 and len(out) == 3:
        cells = inserted_cells(y if len(y) == 2 else y + (1,), out, 1, names)
        if loss == P.SPARSE and len(y) == 1:  # one class number per sample against the classes: as it should be
            cells = tuple(replace(c, wrong=False) if c.name == "outputs" else c for c in cells)
        softmax = ', activation="softmax"' if loss in (P.CROSSENTROPY, P.SPARSE) else ""
        return Diagnosis(
            "return_sequences=True left on the last LSTM",
            f"The model outputs {format_shape(out)}: a prediction at every timestep, because the last LSTM "
            f"has return_sequences=True. y {format_shape(y)} has one target per sample.",
            "timesteps", cells, "layers.LSTM(50),  # the last LSTM: no return_sequences\n"
            f"layers.Dense({out[2] or 1}{softmax}),  # a plain Dense, not TimeDistributed(Dense)\n\n"
            "# or, after a Conv1D or a pooling layer: one row per sample before the Dense\n"
            f"layers.Flatten(),\nlayers.Dense({out[2] or 1}{softmax}),", labels=labels,
            culprit="output", fix_kind="return_sequences",
        )
    classify = loss in (P.CROSSENTROPY, P.BINARY, P.SPARSE)
    have, give = _width(y), _width(out)
    if loss == P.SPARSE and len(y) == len(out) and have == give and (give or 0) > 1:
        return _one_hot_for_sparse(y, out)
    if loss == P.SPARSE and len(y) == len(out) == 2 and (have or 0) > 1 and (give or 0) > 1 and have != give:
        return _class_per_timestep(y, out)
    if loss in ("", P.SPARSE) and give == 1 and (have or 0) > 1 and len(y) == len(out) and keras2_check \
            and all(d is None for d in out[:-1]):
        # Keras 2 checks y against (None, ..., 1) for a sparse loss, knowing no size but the last:
        # one-hot rows arrive as (..., k). A size it does know is the model's real output shape.
        return _one_hot_for_sparse(y, tuple(out[:-1]) + (have,))
    if have == 1 and (give or 0) > 1 and (classify or (loss == "" and len(out) == 2)):
        return _class_numbers(y, out, loss)
    if have != give and len(y) in (1, len(out)):
        cells = (aligned_cells(y, out, names if len(y) == len(names) else axis_names(len(y))) if len(y) == len(out)
                 else (AxisCell("samples", dim_text(y[0]), dim_text(out[0]), False),
                       AxisCell("outputs", "1", dim_text(give), True)))
        if loss == "" and len(y) == len(out) == 2 and (have or 0) > 1 and (give or 0) > 1:
            return _columns_unsaid(y, out, cells)
        what = "classes" if classify else "outputs"
        cells = tuple(replace(c, name=what) if c.name == "outputs" else c for c in cells)  # the axis the text names
        per = "classes in y" if classify else "values per sample in y"
        activation = {P.BINARY: ', activation="sigmoid"'}.get(loss, ', activation="softmax"' if classify else "")
        return Diagnosis(
            "The last Dense layer has the wrong number of units",
            f"y has {dim_text(have)} value{'s' if have != 1 else ''} per sample, the last Dense layer gives {dim_text(give)}. "
            f"Its units must equal the {per}.",
            what, cells, f"layers.Dense({code_dim(have)}{activation}),  # one unit per value in y", labels=labels,
            culprit="output", fix_kind="output_units",
        )
    return Diagnosis(
        "y and the model's output differ",
        f"y is {format_shape(y)} and the model outputs {format_shape(out)}; the loss compares them value by value.",
        None, aligned_cells(y, out, axis_names(len(out))) if len(y) == len(out) else (),
        "print(y.shape, model.output_shape)", labels=labels, culprit="y", fix_kind="reshape",
    )


def loss_comparison(y: Shape, out: Shape, p: P.ParsedError) -> Diagnosis:
    """y against the output as a loss saw them, which may be after Keras dropped the output's last axis of 1.

    A Dense(1) after an LSTM with return_sequences=True gives (samples, timesteps, 1); tf.keras 2 and
    Keras 3 squeeze it to (samples, timesteps) when y has one axis fewer. The output's width is then X's
    timesteps, not the last layer's units. An op's operand named …/Squeeze says so; otherwise only the
    learner's last layer does, so the page asks.
    """
    if p.order_unsaid:
        return _either_is_y(y, out, p.loss)
    wide = len(y) == len(out) == 2 and None not in (y[1], out[1]) and out[1] > 1 and y[1] != out[1]
    if not wide or p.output_squeezed == "":
        return target_vs_output(y, out, p.loss)
    if p.output_squeezed == "squeezed":
        return _value_per_timestep(y, out)
    if y[1] == 1 and p.op != "crossentropy":
        # one target against every step: the errors and tf.keras's cross-entropy broadcast it without a word,
        # only Keras 3's cross-entropy checks (it words the binary one as the categorical one)
        return target_vs_output(y, out, p.loss)
    return ask("What does the model end with?",
               ("A Dense layer of several units", target_vs_output(y, out, p.loss)),
               ("Dense(1), after an LSTM with return_sequences=True", _value_per_timestep(y, out)))


def confusion_metric(y: Shape, out: Shape) -> Diagnosis:
    """Precision, Recall, AUC… (which line y up with the output value by value) against other widths."""
    if _width(y) == 1 and (_width(out) or 0) > 1:
        return _confusion_metric_on_class_numbers(out[0], out[-1])
    return target_vs_output(y, out, P.CROSSENTROPY)  # one-hot rows against another number of units


def _confusion_metric_on_class_numbers(samples: int | None, classes: int | None) -> Diagnosis:
    """Precision, Recall or AUC given one class number per sample against k class probabilities."""
    return Diagnosis(
        "Precision, Recall or AUC given class numbers",
        f"The error comes from a metric that counts hits column by column (Precision, Recall, AUC, TruePositives…): "
        "it lines y up with the model's output value by value. y holds one class number per sample, the output "
        f"{dim_text(classes)} class probabilities per sample"
        + (f" ({dim_text(samples)} against {samples * classes:,} values in this batch)" if samples and classes else "")
        + ". The sparse loss reads class numbers; these metrics read one column per class.",
        "classes", (AxisCell("samples", dim_text(samples), dim_text(samples), False),
                    AxisCell("classes", "1 class number", dim_text(classes), True)),
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  '
        "# class numbers as they are\n\n"
        "# or one-hot labels, which Precision and Recall read column by column\n"
        f"y = keras.utils.to_categorical(y, num_classes={code_dim(classes)})\n"
        'model.compile(optimizer="adam", loss="categorical_crossentropy",\n'
        "              metrics=[keras.metrics.Precision(), keras.metrics.Recall()])",
        "Over one-hot columns, Precision and Recall count every class together; keras.metrics.Precision(class_id=0) "
        "scores one class.",
        labels=("y", "model output"), culprit="y", fix_kind="labels",
    )


def _value_per_timestep(y: Shape, out: Shape) -> Diagnosis:
    """A Dense(1) on every timestep, which the loss saw as (samples, timesteps) against y (samples, values)."""
    steps, k = out[1], y[1]
    return Diagnosis(
        "One value per input timestep, where y has one row per sample",
        f"The model gives {format_shape((out[0], steps, 1))}: the last LSTM hands on all its "
        f"{dim_text(steps)} timesteps (return_sequences=True) and Dense(1) gives a value at each of them. Keras "
        f"drops that last axis of 1 before the loss, which then compares {format_shape(out)} with y "
        f"{format_shape(y)}: the {dim_text(steps)} is X's timesteps, not a number of units. To predict y's "
        f"{counted(k, 'value')} per sample, let the last LSTM hand on its last step only and give the Dense "
        f"{counted(k, 'unit')}.",
        "timesteps", (AxisCell("samples", dim_text(y[0]), dim_text(out[0]), False),
                      AxisCell("timesteps", MISSING, dim_text(steps), True),
                      AxisCell("outputs", dim_text(k), "1", k != 1)),
        "layers.LSTM(50),  # the last LSTM: no return_sequences, one output per sample\n"
        f"layers.Dense({code_dim(k)}),  # one unit per value of y",
        "With as many values in y as X has timesteps, the same model trains without a word, and still predicts "
        "one value per input timestep, not the values y holds.",
        labels=("y", "model output"), culprit="output", fix_kind="return_sequences",
    )


def one_column_against_several(first: Shape, second: Shape) -> bool:
    """Two 2D shapes, one a column: class numbers against a softmax, or one-hot rows against one unit."""
    a, b = _width(first), _width(second)
    return len(first) == len(second) == 2 and 1 in (a, b) and max(a or 0, b or 0) > 1


def _either_is_y(first: Shape, second: Shape, loss: str) -> Diagnosis:
    """"Shapes A and B are incompatible" with no frame that says which is y (see `lessons.debugger.parse`).

    The categorical cross-entropy prints y first, Precision, Recall and AUC print the output first. One
    width of 1 against several is class numbers against a softmax, or one-hot rows against a Dense(1):
    y's own shape tells them apart, and the learner can print it.
    """
    if not one_column_against_several(first, second):
        return target_vs_output(first, second, loss)
    a = _width(first)
    narrow, wide = (first, second) if a == 1 else (second, first)
    readings = [("(samples, 1) or (samples,): one class number per sample", target_vs_output(narrow, wide, loss)),
                (f"(samples, {wide[1]}): one-hot rows", target_vs_output(wide, narrow, loss))]
    if a != 1:  # the message's own order first: y, as the loss prints it
        readings.reverse()
    return ask("What is y.shape?", *readings)


def shapes_unsaid(loss: str) -> Diagnosis:
    """A loss that could not line y up with the model's output, in a message that names neither shape."""
    last = {P.SPARSE: 'layers.Dense(int(y.max()) + 1, activation="softmax"),  # one unit per class number',
            P.CROSSENTROPY: 'layers.Dense(y.shape[-1], activation="softmax"),  # one unit per one-hot column',
            P.BINARY: 'layers.Dense(y.shape[-1], activation="sigmoid"),  # one unit per column of y'}.get(
        loss, "layers.Dense(y.shape[-1]),  # one unit per column of y")
    return Diagnosis(
        "y and the model's output cannot be compared",
        "The loss compares the model's output with y value by value, and TensorFlow could not line their shapes up; "
        "the message does not print them. In an LSTM model the usual cause is return_sequences=True left on the last "
        "LSTM: the output then has a timesteps axis, (samples, timesteps, units), that y (samples, outputs) does not "
        "have. The other is a last Dense layer with another number of units than y has columns.",
        "timesteps",
        (AxisCell("samples", "samples", "samples", False), AxisCell("timesteps", "timesteps", "—", True),
         AxisCell("outputs", "units", "columns", False)),
        "print(model.output_shape, y.shape)  # the two shapes the loss compares\n"
        "# (None, timesteps, units) against (samples, columns): the last LSTM hands on every step\n"
        "layers.LSTM(50),  # the last LSTM: no return_sequences\n"
        f"{last}",
        "If model.output_shape has no timesteps axis, compare its last size with y's: they must be equal. If y is the "
        "one with timesteps (a sequence of targets per sample), keep return_sequences=True and give y the output's shape.",
        labels=("model output", "y"), culprit="output", fix_kind="return_sequences",
    )


def _columns_unsaid(y: Shape, out: Shape, cells: tuple[AxisCell, ...]) -> Diagnosis:
    """y and the output, one row per sample, several columns each but not as many, the loss not named.

    Every real message of this kind in tests/unit/debugger/corpus came from a classifier: one-hot
    labels against a last layer built for another number of classes (a head left from another data
    set, a hard-coded class count). A multi-output regression is the other reading; the fix is the same.
    """
    have, give = y[-1], out[-1]
    return Diagnosis(
        "The last Dense layer has the wrong number of units",
        f"y has {dim_text(have)} columns per sample, the last Dense layer gives {dim_text(give)}. Its units must equal "
        f"y's columns: the classes when y is one-hot (check that every label set was encoded with the same "
        f"{dim_text(have)} classes), the values to predict when it is a regression.",
        "classes", tuple(replace(c, name="classes") if c.name == "outputs" else c for c in cells),
        f'layers.Dense({code_dim(have)}, activation="softmax"),  # one unit per class in y (no activation for values to predict)',
        labels=("y", "model output"), culprit="output", fix_kind="output_units",
    )


def sequence_lengths(y: Shape, out: Shape) -> Diagnosis:
    """y's sequences against the model's output sequences, which the loss lines up step by step: other lengths.

    X is not in the loss: the targets are longer or shorter than what the model gives (or the model
    is built to give another length, e.g. a decoder's maximum number of steps).
    """
    steps = out[1] if out[1] is not None else y[1]  # the length the model gives
    return Diagnosis(
        "Sequences of different lengths",
        f"The loss lines up y with the model's output step by step, but one has {dim_text(out[1])} timesteps and the "
        f"other {dim_text(y[1])}. Pad or cut y's sequences to the length the model gives, or build the model to give "
        "y's length (an encoder-decoder: RepeatVector(n) sets its output steps; a decoder: its maximum number of steps).",
        "timesteps", aligned_cells(y, out, ("samples", "timesteps", "features")),
        f"steps = {steps}  # one length for every target sequence: cut the longer ones, pad the shorter with zeros\n"
        "y = np.stack([np.pad(np.asarray(s, dtype=\"float32\")[:steps], [(0, steps - len(s[:steps]))] + [(0, 0)] * (np.ndim(s) - 1))\n"
        "              for s in y])",
        labels=("one", "the other"), culprit="y", fix_kind="pad",
    )


def fixed_batch(y: Shape, out: Shape) -> Diagnosis:
    fixed = out[0]  # the batch the model was built for (the model's side of the two)
    return Diagnosis(
        "The batch size is fixed in the model",
        f"Two tensors of one batch disagree on the samples axis ({dim_text(out[0])} against {dim_text(y[0])}): the "
        "model was built for batches of one fixed size (batch_input_shape=, batch_size= or a stateful LSTM) and "
        "got another, often the last, smaller batch.",
        "samples", (AxisCell("samples", dim_text(y[0]), dim_text(out[0]), True),),
        "keras.Input(shape=(None, 1))  # (timesteps, features) of one sample; no batch size fixed\n"
        "# a stateful LSTM needs a fixed batch: make the number of samples a multiple of it"
        + (f"\n# X, y = X[: len(X) // {fixed} * {fixed}], y[: len(y) // {fixed} * {fixed}]  # whole batches of {fixed}"
           if fixed else ""),
        labels=("one", "the other"), culprit="declared", fix_kind="input_shape",
    )


def _class_numbers(y: Shape, out: Shape, loss: str) -> Diagnosis:
    """y holds one class number per sample; the output one probability per class."""
    classes = dim_text(out[-1])
    samples = (y[0] if y else None)
    to_categorical = (f"y = keras.utils.to_categorical(y, num_classes={out[-1]})" if out[-1] else
                      "y = keras.utils.to_categorical(y)  # one column per class")
    return Diagnosis(
        "Class numbers where the loss wants one column per class",
        f"y {format_shape(y)} holds one class number per sample, but the model gives {classes} values per sample, "
        f"{format_shape(out)}, and the loss compares them column by column: y must be one-hot ({classes} columns), "
        "or the loss must read class numbers.",
        "classes", (AxisCell("samples", dim_text(samples), dim_text(out[0]), False),
                    AxisCell("classes", "1", classes, True)),
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # class numbers as they are\n'
        f"# or make y one-hot:\n{to_categorical}",
        "If y really is one number to predict (regression), the last layer needs Dense(1) instead."
        if loss != P.CROSSENTROPY else "",
        labels=("y", "model output"), culprit="y", fix_kind="labels",
    )


def _dense_on_a_map(y: Shape, out: Shape, loss: str) -> Diagnosis:
    """A 4D output (a map per sample) against y of one row (or one class number) per sample."""
    # one unit per column of y (a sparse loss: one class number per sample, as many units as the output's classes)
    width = (y[1] if len(y) == 2 and loss != P.SPARSE else None) or out[3]
    classify = loss in (P.CROSSENTROPY, P.SPARSE)
    softmax, per = (', activation="softmax"', "one unit per class") if classify else ("", "one value per column of y")
    cells = (AxisCell("samples", dim_text(out[0]), dim_text(y[0]), False),
             AxisCell("rows", dim_text(out[1]), MISSING, True), AxisCell("columns", dim_text(out[2]), MISSING, True),
             AxisCell("outputs", dim_text(out[3]), dim_text(y[1]) if len(y) == 2 else "1 class number",
                      len(y) == 2 and None not in (out[3], y[1]) and out[3] != y[1]))
    values = "value" if out[3] == 1 else "values"
    return Diagnosis(
        "The output keeps two axes y does not have",
        f"The model outputs {format_shape(out)}, two axes more than y {format_shape(y)}, which holds one "
        f"{'row' if len(y) == 2 else 'class number'} per sample. The layers before the last hand on a map (a "
        f"picture's rows and columns, or subsequences and steps), and a Dense layer works on the last axis only: it "
        f"gives {dim_text(out[3])} {values} at each place of the map. Flatten the map before the last Dense.",
        None, cells,
        "layers.Flatten(),  # one row per sample (GlobalAveragePooling2D() also works on a picture's map)\n"
        f"layers.Dense({code_dim(width) if width else 'y.shape[-1]'}{softmax}),  # then {per}",
        "If the model ends with a convolution (no Dense), y must be the same map as the output instead.",
        labels=("model output", "y"), culprit="layer", fix_kind="return_sequences",
    )


def _one_hot_for_class_numbers(y: Shape, out: Shape) -> Diagnosis:
    return Diagnosis(
        "One-hot y where class numbers are wanted",
        f"y {format_shape(y)} is one-hot, {dim_text(y[1])} columns per sample, but the target takes "
        f"{format_shape(out)}: one class number per sample. Turn each one-hot row into its class number.",
        "classes", (AxisCell("samples", dim_text(y[0]), dim_text(out[0]), False),
                    AxisCell("classes", dim_text(y[1]), MISSING, True)),
        "y = np.argmax(y, axis=-1)  # one class number per sample",
        labels=("y", "target takes"), culprit="y", fix_kind="labels",
    )


def _class_per_timestep(y: Shape, out: Shape) -> Diagnosis:
    """One class number per timestep in y, one set of class probabilities per sample from the model."""
    return Diagnosis(
        "A class per timestep, the model gives one per sample",
        f"y {format_shape(y)} holds {dim_text(y[1])} class numbers per sample, one per timestep, and the model gives "
        f"{format_shape(out)}: {dim_text(out[1])} class probabilities for the whole sample, because its last LSTM hands "
        f"on only its last step. Tagging every timestep needs an output per timestep. (If y's rows are one-hot "
        f"instead, y has {dim_text(y[1])} classes and the model {dim_text(out[1])}: give the last layer "
        f"Dense({code_dim(y[1])}, activation=\"softmax\") and compile with categorical_crossentropy.)",
        "timesteps", (AxisCell("samples", dim_text(y[0]), dim_text(out[0]), False),
                      AxisCell("timesteps", dim_text(y[1]), MISSING, True),
                      AxisCell("classes", "1 class number", dim_text(out[1]), False)),
        "layers.LSTM(50, return_sequences=True),  # an output at every timestep\n"
        f'layers.TimeDistributed(layers.Dense({code_dim(out[1])}, activation="softmax")),  # classes at each step',
        labels=("y", "model output"), culprit="output", fix_kind="return_sequences",
    )


def _one_hot_for_sparse(y: Shape, out: Shape) -> Diagnosis:
    classes = dim_text(out[-1])
    return Diagnosis(
        "One-hot y with a sparse loss",
        f"y {format_shape(y)} is one-hot ({classes} columns), but sparse_categorical_crossentropy reads one class "
        "number per sample. Use the categorical loss, or turn y back into class numbers.",
        "classes", aligned_cells(y, tuple(out[:-1]) + (1,), axis_names(len(y)) if len(y) != 2 else ("samples", "classes")),
        'model.compile(optimizer="adam", loss="categorical_crossentropy")  # y one-hot as it is\n'
        "# or class numbers for the sparse loss:\ny = np.argmax(y, axis=-1)",
        labels=("y", "sparse loss reads"), culprit="y", fix_kind="labels",
    )


def _inputs_count(given: int, wanted: int) -> Diagnosis:
    """A model with several inputs (one per head) given another number of arrays."""
    return Diagnosis(
        f"The model has {wanted} inputs, it got {given}",
        f"The model was built with {wanted} inputs (keras.Input each: a multi-headed model, one head per series) and "
        f"was given {given} array{'s' if given != 1 else ''}. Give it a list of {wanted} arrays, one per input, in "
        "the order of the inputs, each with the same samples.",
        "features", (AxisCell("inputs", str(given), str(wanted), True),),
        f"X = [X[:, :, i : i + 1] for i in range({wanted})]  # one series per head: {wanted} arrays of (samples, timesteps, 1)\n"
        "# model.fit(X, y): the list, in the order of the model's inputs",
        labels=("given", "model's inputs"), culprit="X", fix_kind="reshape",
    )


def _token_past_the_embedding(token: int | None, rows: int | None, layer: str | None) -> Diagnosis:
    """X holds a token id the Embedding has no row for: it was built with input_dim too small, or the id is negative."""
    if token is not None and token < 0:
        return Diagnosis(
            "A negative token id",
            f"X holds the token id {token}, but an Embedding's ids start at 0: row 0 to row {dim_text((rows or 1) - 1)} "
            f"of {layer or 'the Embedding'}. A -1 usually marks padding or an unknown word; a bigger input_dim does "
            "not help. Give those places an id the Embedding has: 0 for padding (with mask_zero=True), or a row "
            "kept for unknown words. (Keras 3 raises nothing here: it reads -1 as the last row, silently.)",
            None, (AxisCell("token ids", str(token), f"0 … {dim_text((rows or 1) - 1)}", True),),
            "X = np.where(X < 0, 0, X)  # padding and unknown words: id 0\n"
            "embedding = layers.Embedding(input_dim=int(X.max()) + 1, output_dim=32, mask_zero=True)  # 0 is skipped",
            labels=("X holds", "Embedding has rows for"), culprit="X", fix_kind="labels",
        )
    return Diagnosis(
        "A token id past the Embedding's vocabulary",
        f"X holds the token id {dim_text(token)}, but {layer or 'the Embedding'} was built with input_dim={dim_text(rows)}: "
        f"rows for the ids 0 to {dim_text((rows or 1) - 1)} only. input_dim must be the largest id + 1 (the vocabulary "
        "size, + 1 when 0 is kept for padding).",
        None, (AxisCell("token ids", f"… {dim_text(token)}", f"0 … {dim_text((rows or 1) - 1)}", True),),
        "vocabulary = int(X.max()) + 1  # every id in X has a row\n"
        "embedding = layers.Embedding(input_dim=vocabulary, output_dim=32)",
        "An Embedding reads whole numbers that stand for words or categories. Measurements (prices, "
        "temperatures) are not ids: for them leave the Embedding out, and give the LSTM (samples, timesteps, "
        "features) directly.",
        labels=("X holds", "Embedding has rows for"), culprit="declared", fix_kind="input_shape",
    )


def labels_diagnosis(p: P.ParsedError) -> Diagnosis:
    """Sparse cross-entropy refusing y: a label outside [0, classes), or one-hot rows."""
    k = p.classes
    if p.detail == "token":
        return _token_past_the_embedding(p.label, k, p.layer)
    if p.detail == "one-hot" or p.label is None:
        return _one_hot_for_sparse((None, k), (None, k))
    label = p.label
    if label < 0:
        cause = (f"y holds the label {label}, but sparse cross-entropy reads class numbers 0 to {k - 1}"
                 " (k classes are numbered 0 … k-1).")
        code = "y = y - y.min()  # class numbers from 0"
        return Diagnosis("A label below 0", cause, "classes", (AxisCell("classes", str(label), f"0 … {k - 1}", True),),
                         code, culprit="y", fix_kind="labels", labels=("y holds", "loss reads"))
    if label == k and p.detail == "from 1":
        # Labels 1 … k (no 0 among the values TensorFlow lists): numbered from 1.
        return Diagnosis(
            "The labels are numbered from 1",
            f"y holds the label {label} and the last layer has {k} units, so the loss reads class numbers 0 to {k - 1}. "
            f"Labels numbered 1 … {k} need to start at 0.",
            "classes", (AxisCell("classes", f"… {label}", f"0 … {k - 1}", True),),
            "y = y - 1  # labels 1 … k become 0 … k-1\n"
            f"# or, if there really are {k + 1} classes: layers.Dense({k + 1}, activation=\"softmax\")",
            labels=("y holds", "loss reads"), culprit="y", fix_kind="labels",
        )
    return Diagnosis(
        "More classes in y than units in the last layer",
        f"y holds the label {label}, but the last layer has {k} units: class numbers 0 to {k - 1}. The last "
        "layer needs one unit per class, as many as the largest label + 1.",
        "classes", (AxisCell("classes", f"… {label}", f"0 … {k - 1}", True),),
        f"n_classes = int(y.max()) + 1  # {label + 1} here\n"
        "# and the last layer: layers.Dense(n_classes, activation=\"softmax\")",
        "If the labels are codes with gaps, number them 0 … k-1 first: np.unique(y, return_inverse=True)[1].",
        labels=("y holds", "loss reads"), culprit="output", fix_kind="output_units",
    )

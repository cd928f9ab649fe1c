"""Diagnoses about y and about sample counts: y against the model's output, X against y."""

from __future__ import annotations

from lessons.core.axes import Shape, format_shape
from lessons.debugger import parse as P
from lessons.debugger.explain import (
    AxisCell,
    Diagnosis,
    aligned_cells,
    axis_names,
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
                one_timestep_caveat(None),
            )
        cells = inserted_cells((n, k), got, 1, ("samples", "timesteps", "outputs"))
        cells = tuple(AxisCell(c.name, c.expected, c.yours, c.wrong) for c in cells)
        return Diagnosis(
            "y has timesteps the Dense output does not",
            f"y {format_shape(got)} holds {t} rows of {k} values per sample, but the last Dense layer gives "
            "one row per sample, with no timesteps axis.",
            "timesteps", cells,
            "# one target per window: keep the last step\ny = y[:, -1, :]\n\n"
            f"# or predict all {t} steps as one flat row, reshape predictions back later\n"
            f"y = y.reshape(({'y.shape[0]' if n is None else n}, {(t or 0) * (k or 0)}))"
            f"  # and layers.Dense({(t or 0) * (k or 0)})\n\n"
            + RETURN_SEQUENCES_CODE.format(k=k),
        )
    if len(got) in (1, 2) and want == 3:
        return Diagnosis(
            "The model's output has timesteps y does not",
            "The output layer gives 3D (samples, timesteps, values) because the last LSTM has "
            f"return_sequences=True; y is {format_shape(got)}.",
            "timesteps", inserted_cells(got if len(got) == 2 else got + (1,), (None, None, None), 1,
                                        ("samples", "timesteps", "outputs")),
            "layers.LSTM(50),  # last LSTM: return_sequences off, one output per sample",
        )
    return Diagnosis(
        f"y is {len(got)}D, the output {want}D",
        f"The model's output has {want} axes; y {format_shape(got)} has {len(got)}.",
        None, (), "print(y.shape, model.output_shape)",
    )


def table_windows_fix(rows: int, targets: str) -> str:
    """X holds the whole table as one sample, (1, rows, features): windows of its rows instead."""
    return ("# The rows are consecutive timesteps: cut the table into windows of consecutive rows\n"
            + row_windows_code(None, rows=f"X.reshape(({rows}, -1))", targets=targets)
            + "\n# and declare the windows in the model: keras.Input(shape=(n_steps, X.shape[-1]))")


def samples_diagnosis(p: P.ParsedError) -> Diagnosis:
    xs, ys = p.x_samples, p.y_samples
    if len(xs) > 1:
        same = len(set(xs)) == 1
        return Diagnosis(
            "X is a list of arrays",
            f"X is a Python list of {len(xs)} arrays, and Keras 3 reads a list as {len(xs)} separate "
            f"model inputs, with {xs[0]} samples each. Stack the arrays into one float array: "
            "the list becomes the samples axis.",
            "samples", (AxisCell("samples", f"{len(xs)} arrays", f"{len(xs):,}", True),),
            'X = np.stack(X).astype("float32")' if same else
            'X = keras.utils.pad_sequences(X, padding="post", dtype="float32")  # then a Masking layer',
            "" if same else "The arrays have different lengths, so they are padded to one length first.",
        )
    if not xs or not ys:
        return Diagnosis(
            "X and y have different numbers of samples",
            "X and y must hold the same number of samples: one target for every sample.",
            "samples", (), "print(X.shape, y.shape)",
        )
    a, b = xs[0], ys[0]
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
            one_timestep_caveat(None), labels=labels,
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
            labels=labels,
        )
    if b > a:
        return Diagnosis(
            "y has more samples than X",
            f"X has {a:,} samples and y {b:,}. Windowing usually does this: the first rows only ever "
            "appear inside windows and have no window of their own.",
            "samples", cells, f"y = y[{b - a}:]  # drop the {b - a} targets that have no window",
            "Safer: build X and y in the same loop so every window keeps its target.", labels=labels,
        )
    return Diagnosis(
        "X has more samples than y",
        f"X has {a:,} samples and y {b:,}; every sample needs exactly one target.",
        "samples", cells, f"X = X[:{b}]  # or build X and y in the same loop", labels=labels,
    )


def target_vs_output(y: Shape, out: Shape) -> Diagnosis:
    names = ("samples", "timesteps", "outputs") if len(out) == 3 or len(y) == 3 else ("samples", "outputs")
    labels = ("y", "model output")
    if len(y) == 3 and len(out) == 2:
        d = target_rank(y, 2)
        return Diagnosis(d.title, d.cause, d.axis, d.cells, d.fix_code, d.fix_note, labels=labels)
    if len(y) == 2 and len(out) == 3:
        cells = inserted_cells(y, out, 1, names)
        return Diagnosis(
            "return_sequences=True left on the last LSTM",
            f"The model outputs {format_shape(out)}: a prediction at every timestep, because the last LSTM "
            f"has return_sequences=True. y {format_shape(y)} has one target per sample.",
            "timesteps", cells, "layers.LSTM(50),  # the last LSTM: no return_sequences", labels=labels,
        )
    if len(y) == 1 and len(out) == 2:
        cells = (AxisCell("samples", dim_text(y[0]), dim_text(out[0]), False),
                 AxisCell("outputs", "1", dim_text(out[1]), True))
        return Diagnosis(
            "The last Dense layer has the wrong number of units",
            f"y {format_shape(y)} holds one value per sample, but the last Dense layer gives {dim_text(out[1])}. "
            "Its units must equal the values you predict per sample.",
            "outputs", cells, "layers.Dense(1),  # one value per sample, as in y", labels=labels,
        )
    if len(y) == len(out) and y[-1] != out[-1]:
        cells = aligned_cells(y, out, names if len(y) == len(names) else axis_names(len(y)))
        return Diagnosis(
            "The last Dense layer has the wrong number of units",
            f"y has {dim_text(y[-1])} values per sample, the last Dense layer gives {dim_text(out[-1])}. "
            "Its units must equal the values you predict.",
            "outputs", cells, f"layers.Dense({dim_text(y[-1])}),  # one unit per value in y", labels=labels,
        )
    return Diagnosis(
        "y and the model's output differ",
        f"y is {format_shape(y)} and the model outputs {format_shape(out)}; the loss compares them value by value.",
        None, aligned_cells(y, out, axis_names(len(out))) if len(y) == len(out) else (),
        "print(y.shape, model.output_shape)", labels=labels,
    )

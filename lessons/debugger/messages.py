"""From a parsed error message to a Diagnosis: the cause, the wrong axis and the fix."""

from __future__ import annotations

import math

from lessons.core.axes import Shape, format_shape
from lessons.debugger import parse as P
from lessons.debugger.explain import (
    MISSING,
    AxisCell,
    Diagnosis,
    aligned_cells,
    axis_names,
    conform,
    dim_text,
    first_wrong,
    inserted_cells,
    missing_axis_at,
    one_timestep_caveat,
    one_timestep_code,
    padded_cells,
    reshape_line,
    row_windows_code,
    windows_code,
)
from lessons.debugger.targets import samples_diagnosis, target_rank, target_vs_output



def explain(parsed: P.ParsedError) -> Diagnosis:
    """The diagnosis for a recognised message (see `lessons.debugger.parse`)."""
    handler = {
        P.RESHAPE_SIZE: _reshape_size,
        P.RANK: _rank,
        P.SHAPE: _shape,
        P.AXIS_VALUE: _axis_value,
        P.SAMPLES: samples_diagnosis,
        P.DIMS_EQUAL: _dims_equal,
        P.DATA_TYPE: _data_type,
        P.KEYWORD: _keyword,
    }[parsed.kind]
    return handler(parsed)


def _reshape_size(p: P.ParsedError) -> Diagnosis:
    size, asked = p.size or 0, p.expected or ()
    known = [d for d in asked if d is not None]
    need = math.prod(known)
    names = axis_names(len(asked)) if len(asked) >= 2 else ("axis",) * len(asked)
    fitted = _one_axis_fit(size, asked)
    if fitted is None and asked and asked[0] and size % asked[0] == 0:
        # No single axis fits: keep the samples, give each one window of its values.
        per_sample = size // asked[0]
        fitted = (asked[0],) + (1,) * max(len(asked) - 3, 0) + (per_sample, 1)[: len(asked) - 1]
    cause = (
        f"Your array holds {size:,} values, but the shape {format_shape(asked)} needs "
        f"{' × '.join(dim_text(d) for d in known)} = {need:,}. A reshape only rearranges the values "
        "it has, so the sizes must multiply to exactly the same count."
    )
    note = (
        "If you wanted overlapping windows, no reshape can make them: overlapping windows hold more "
        "values than the data. Cut them with sliding_window_view (code above)."
    )
    if len(asked) >= 4:
        note += " For a CNN-LSTM or ConvLSTM, subsequences × steps must equal the window length."
    steps = asked[-2] if len(asked) >= 3 and asked[-2] else None
    if fitted is None:
        return Diagnosis("The sizes don't multiply to the array's size", cause, None, (),
                         windows_code(asked[1] if len(asked) > 1 else None, data="X"), note)
    cells = aligned_cells(asked, fitted, names)
    if len(fitted) == 3 and fitted[1] == 1 and asked[1] != 1:
        # The reshape that fits drops the windows the learner asked for: windows first.
        code = (f"# You asked for windows of {dim_text(asked[1])} timesteps. Overlapping windows are cut, not reshaped:\n"
                + windows_code(steps, data="X") + "\n\n"
                + one_timestep_code(reshape_line("X", fitted), dim_text(fitted[2])))
        note += " " + one_timestep_caveat(fitted[2])
    else:
        code = reshape_line("X", fitted) + "\n\n# or, for overlapping windows:\n" + windows_code(steps, data="X")
    return Diagnosis("The sizes don't multiply to the array's size", cause, first_wrong(cells),
                     cells, code, note, labels=("you asked for", f"fits {size:,} values"))


def _one_axis_fit(size: int, asked: Shape) -> tuple[int, ...] | None:
    """The shape with one axis changed so the sizes multiply to `size` (samples tried last)."""
    if any(d is None for d in asked):
        return None
    order = list(range(1, len(asked))) + [0]
    for i in order:
        rest = math.prod(d for j, d in enumerate(asked) if j != i)
        if rest and size % rest == 0 and size // rest >= 1:
            return tuple(size // rest if j == i else d for j, d in enumerate(asked))  # type: ignore[misc]
    return None


def _rank(p: P.ParsedError) -> Diagnosis:
    got, want = p.got or (), p.expected_rank or 3
    if p.role == "target":
        return target_rank(got, want)
    if len(got) == want + 1 and len(got) >= 2 and got[0] is None and got[1] is None:
        inner = got[2:]
        cells = (AxisCell("samples", "any", "any", False), AxisCell("samples", "any", MISSING, True))
        cells += aligned_cells(inner, inner, axis_names(want)[1:])
        return Diagnosis(
            "The samples axis is inside keras.Input",
            f"The layer received {len(got)} axes, {format_shape(got)}: two of them are samples. "
            "keras.Input(shape=...) takes the shape of ONE sample; Keras adds the samples axis itself.",
            "samples", cells, f"keras.Input(shape={format_shape(tuple(inner))})",
        )
    if len(got) == 2 and want == 3:
        return no_timesteps(got)
    if len(got) + 1 == want or len(got) + 2 == want:
        return _more_axes_needed(got, want)
    cells = tuple(AxisCell(n, dim_text(d), "", False) for n, d in zip(axis_names(len(got)), got))
    return Diagnosis(
        f"{want}D expected, {len(got)}D received",
        f"The layer reads arrays of {want} axes; it received {len(got)} axes {format_shape(got)}. "
        "An LSTM reads (samples, timesteps, features); a CNN-LSTM 4D; a ConvLSTM2D 5D.",
        None, cells, "print(X.shape)  # then describe X and your model in the second tab",
    )


def no_timesteps(got: Shape, declared: Shape | None = None) -> Diagnosis:
    """A 2D X (samples, values) where an LSTM reads 3D; `declared`: the model's (timesteps, features).

    The fixes come in the order of what the rows most often are: consecutive timesteps (cut
    windows), then windows already (a reshape to timesteps of 1 feature), and last independent
    samples (1 timestep, with its caveat). When the model itself declares 1 timestep of these
    features, that reshape is what it asks for and comes first, still with the caveat.
    """
    n, v = got
    steps = declared[0] if declared else None
    model_asks = declared is not None and tuple(declared) == (1, v)
    given = steps if steps and steps > 1 else None  # a window length the model fixes
    note = one_timestep_caveat(v) if given is None else (
        "Overlapping windows hold more values than the data, so they are cut, never reshaped.")
    if n is None and declared is None:
        note += (" If this LSTM sits on top of another LSTM, the one below must hand on every timestep: "
                 "give it return_sequences=True.")
    expected = (None,) + tuple(declared) if declared else (None, None, v)
    return Diagnosis(
        "X is 2D, the model wants 3D" if model_asks else "X has no timesteps axis",
        _no_timesteps_cause(got, declared), "timesteps", inserted_cells(got, expected, 1),
        "\n\n".join(_no_timesteps_fixes(got, declared)), note,
    )


def _counted(count: int | None, noun: str) -> str:
    return f"{dim_text(count)} {noun}{'' if count == 1 else 's'}"


def _no_timesteps_cause(got: Shape, declared: Shape | None) -> str:
    n, v = got
    cause = (f"X {format_shape(got)} is 2D: samples with {_counted(v, 'value')} each, but no timesteps axis. "
             "An LSTM reads 3D (samples, timesteps, features), and the timesteps are the sequence it learns from.")
    if declared is None:
        return cause
    steps, features = declared
    if tuple(declared) == (1, v):
        cause += (f" Your model declares {format_shape((None,) + tuple(declared))}: 1 timestep of "
                  f"{_counted(v, 'feature')}, so a reshape to {format_shape((n, 1, v))} is what it asks for.")
    elif steps and steps > 1:
        cause += (f" Your model reads windows of {steps} timesteps; no reshape can make them, because each row "
                  "holds the values of one timestep.")
    if features not in (None, v):
        cause += f" X's rows have {_counted(v, 'value')} where the model declares {_counted(features, 'feature')}."
    return cause


def _no_timesteps_fixes(got: Shape, declared: Shape | None) -> list[str]:
    """The fix snippets for `no_timesteps`, in order; each one runs on its own, given X and y."""
    n, v = got
    steps, features = tuple(declared) if declared else (None, None)
    model_asks = declared is not None and tuple(declared) == (1, v)
    other_features = features not in (None, v)
    given = steps if steps and steps > 1 else None
    rows_are = "one series over time" if v == 1 else "consecutive timesteps (a table over time)"
    windows = f"# If the rows are {rows_are}: cut windows of consecutive rows\n" + row_windows_code(
        given, why="the model's window length" if given else "")
    if declared is None or steps == 1 or other_features:
        windows += f"\n# and declare the windows in the model: keras.Input(shape=(n_steps, {dim_text(v)}))"
    one_step = one_timestep_code(reshape_line("X", (n, 1, v)), dim_text(v), model_asks)
    if other_features:
        one_step += f"  # with keras.Input(shape=(1, {dim_text(v)}))"
    if model_asks:
        return [one_step, windows]
    fixes = [windows]
    if declared is None and v != 1:
        fixes.append(f"# If each row is already one window of a single series: {dim_text(v)} timesteps of 1 feature\n"
                     + reshape_line("X", (n, v, 1)))
    if given is None:
        fixes.append(one_step)
    return fixes


def _more_axes_needed(got: Shape, want: int) -> Diagnosis:
    """A 3D X where a CNN-LSTM (4D) or ConvLSTM2D (5D) wants the window cut into subsequences."""
    if len(got) == 1:
        n = got[0]
        target = (n, 1, 1) if want == 3 else (n,) + (1,) * (want - 1)
        cause = (f"A 1D array of {dim_text(n)} values reached a layer that reads {want}D. Keras needs "
                 "the samples, timesteps and features axes even when one of them holds a single value.")
        cells = padded_cells(got, (None,) * want)
        if want != 3:
            return Diagnosis("The array is 1D", cause, "timesteps", cells, reshape_line("X", target))
        code = ("# If the values are one series over time: cut windows of consecutive values\n"
                + windows_code(None, data="X") + "\n\n"
                + one_timestep_code(reshape_line("X", target), "1", items="values"))
        return Diagnosis("The array is 1D", cause, "timesteps", cells, code, one_timestep_caveat(1, items="values"))
    n, t, f = (got + (1,))[:3] if len(got) == 2 else got[:3]
    if want == 4:
        shape = f"({'X.shape[0]' if n is None else n}, n_seq, {t} // n_seq, {f})"
        expected: Shape = (None, None, None, f)
    else:
        shape = f"({'X.shape[0]' if n is None else n}, n_seq, 1, {t} // n_seq, {f})"
        expected = (None, None, 1, None, f)
    cells = inserted_cells(got, expected, 1)
    return Diagnosis(
        "The window is not cut into subsequences",
        f"This model reads {want}D input: each window of {dim_text(t)} timesteps cut into subsequences. "
        f"X is {format_shape(got)}, without that axis.",
        "subsequences", cells,
        f"n_seq = 2  # subsequences per window; n_seq × steps must equal {dim_text(t)}\nX = X.reshape({shape})",
    )


def _shape(p: P.ParsedError) -> Diagnosis:
    got, expected = p.got or (), p.expected or ()
    if not p.with_batch:
        got, expected = (None,) + got, (None,) + expected
    names = axis_names(len(expected))
    if p.layer and "conv_lstm_cell" in p.layer:
        names = ("samples", "rows", "timesteps", "features")
    if len(got) != len(expected):
        fixed = conform(got, expected)
        if len(got) == 2 and len(expected) == 3 and (fixed is None or fixed[1] == 1):
            return no_timesteps(got, tuple(expected[1:]))
        at = missing_axis_at(got, expected)
        if at is not None:
            cells = inserted_cells(got, expected, at, names)
        elif len(got) < len(expected):
            cells = padded_cells(got, expected, names)
        else:
            cells = padded_cells(expected, got, axis_names(len(got)))
            cells = tuple(AxisCell(c.name, c.expected, c.yours, c.wrong) for c in cells)
        if fixed is None:
            return Diagnosis(
                "Each sample holds the wrong number of values",
                f"The model wants samples shaped {format_shape(expected[1:])}; X is {format_shape(got)}, "
                "so its samples hold a different number of values and no reshape can fix it.",
                first_wrong(cells), cells, _rebuild_code(got, expected),
                "Build the windows again with the model's sizes, or build the model for your data.",
            )
        one_step = len(fixed) == 3 and fixed[1] == 1
        return Diagnosis(
            f"X is {len(got)}D, the model wants {len(expected)}D",
            f"X {format_shape(got)} has {len(got)} axes; the model was built for {format_shape(expected)}. "
            "Each sample holds the same number of values, so a reshape regroups them into the axes "
            "the model reads.",
            first_wrong(cells), cells, reshape_line("X", fixed),
            one_timestep_caveat(fixed[2], "values" if len(got) == 1 else "rows") if one_step else "",
        )
    cells = aligned_cells(got, expected, names)
    wrong = first_wrong(cells)
    diffs = [c for c in cells if c.wrong]
    fixed = conform(got, expected)
    if wrong == "timesteps" and len(expected) == 3:
        t_got, t_want = got[1], expected[1]
        return Diagnosis(
            "Windows of the wrong length",
            f"The model was built for windows of {dim_text(t_want)} timesteps; X's windows have {dim_text(t_got)}. "
            "A reshape cannot change a window's length: the values of the other steps are not there.",
            "timesteps", cells,
            windows_code(t_want) + "\n\n# or build the model for your windows:\n"
            f"keras.Input(shape=({dim_text(t_got)}, {dim_text(got[2])}))",
            "Rebuild the windows with the model's length, or declare the length your windows have.",
        )
    if wrong == "features":
        return _features(got[-1], expected[-1], cells, tuple(got[1:-1]))
    code = reshape_line("X", fixed) if fixed else f"keras.Input(shape={format_shape(got[1:])})"
    if fixed and p.layer and "conv_lstm_cell" in p.layer:
        # The cell sees one subsequence at a time: (samples, rows, steps, features).
        code = reshape_line("X", (None, None) + tuple(fixed[1:])).replace(
            "(X.shape[0], X.shape[0]", "(X.shape[0], X.shape[1]") + "  # (samples, subsequences, rows, steps, features)"
    return Diagnosis(
        f"The {wrong or 'shape'} size differs",
        f"X is {format_shape(got)}; the model expects {format_shape(expected)}: "
        + ", ".join(f"{c.name} {c.yours} instead of {c.expected}" for c in diffs) + ".",
        wrong, cells, code,
    )


def _rebuild_code(got: Shape, expected: Shape) -> str:
    """The fix when X's samples hold the wrong number of values for the model's (samples, timesteps, features)."""
    if len(expected) != 3:
        return "print(X.shape)"
    if len(got) == 1:  # one value per sample: a series, its windows cut from consecutive values
        steps = expected[1] if expected[1] and expected[1] > 1 else None
        return ("# If the values are one series over time: cut windows of consecutive values\n"
                + row_windows_code(steps, rows="X.reshape((-1, 1))", why="the model's window length" if steps else ""))
    return windows_code(expected[1])


def _features(have: int | None, want: int | None, cells: tuple[AxisCell, ...], middle: Shape | None = None) -> Diagnosis:
    """`middle`: the axes between samples and features (None when the message does not say)."""
    declared = "n_steps, " if middle is None else "".join(f"{dim_text(d)}, " for d in middle)
    return Diagnosis(
        "The number of features differs",
        f"X has {dim_text(have)} features at each timestep, but the model was built for {dim_text(want)}. "
        "The features are the columns you measured, so no reshape can turn one count into the other.",
        "features", cells,
        f"keras.Input(shape=({declared}{dim_text(have)}{',' if middle == () else ''}))  # the features X has\n"
        f"# or keep only the {dim_text(want)} columns the model was built for:\n"
        f"X = X[..., :{dim_text(want)}]",
    )


def _axis_value(p: P.ParsedError) -> Diagnosis:
    got = p.got or ()
    want = (p.expected or (None,))[0]
    names = axis_names(len(got))
    expected = tuple(got[:-1]) + (want,)
    return _features(got[-1] if got else None, want, aligned_cells(got, expected, names), tuple(got[1:-1]))


def _dims_equal(p: P.ParsedError) -> Diagnosis:
    if p.sizes is None:
        return Diagnosis(
            "Two sizes that should match don't",
            "TensorFlow tried to combine two tensors whose sizes differ: usually X's features differ "
            "from keras.Input, or y's shape differs from the model's output. Paste the whole line "
            "(with the numbers), or describe your arrays and model in the second tab.",
            None, (), "print(X.shape, y.shape, model.input_shape, model.output_shape)",
        )
    got, other = p.got or (), p.expected or ()
    if p.role == "input":
        have, want = (got[-1] if got else p.sizes[0]), (other[0] if other else p.sizes[1])
        cells = (AxisCell("features", dim_text(have), dim_text(want), True),)
        return _features(have, want, cells)
    if p.op == "crossentropy" and len(got) == len(other) - 1:
        classes = dim_text(other[-1])
        return Diagnosis(
            "Class labels where the loss wants one-hot rows",
            f"y {format_shape(got)} holds one class number per sample, but categorical cross-entropy compares "
            f"y with the model's {classes} probabilities per sample, {format_shape(other)}, so y must be one-hot.",
            "outputs", inserted_cells(got, other, len(got), ("samples", "outputs")[-len(other):]),
            'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # class numbers as they are\n'
            f"# or make y one-hot:\ny = keras.utils.to_categorical(y, num_classes={classes})",
            labels=("y", "model output"),
        )
    return target_vs_output(got, other)


def _data_type(p: P.ParsedError) -> Diagnosis:
    if p.detail in ("list", "object", "tuple"):
        return Diagnosis(
            "X is not one float array",
            f"Keras got a {p.detail} where it needs one NumPy array of numbers. Stack the pieces into one "
            "float array; if they have different lengths, pad them first.",
            "samples", (),
            'X = np.stack(X).astype("float32")  # same-length pieces\n'
            '# pieces of different lengths: pad, then put layers.Masking() first\n'
            'X = keras.utils.pad_sequences(X, padding="post", dtype="float32")',
        )
    return Diagnosis(
        "X is not an array of numbers",
        f"Keras got a {p.detail or 'value'} where it needs a NumPy array of numbers.",
        None, (), 'X = np.asarray(X, dtype="float32")',
    )


def _keyword(p: P.ParsedError) -> Diagnosis:
    return Diagnosis(
        f"{p.detail} is gone from Keras 3 layers",
        f"Keras 3 layers no longer take {p.detail}=. Start the model with keras.Input, whose shape is "
        "one sample (timesteps, features); a fixed batch size, as a stateful LSTM needs, goes in batch_size.",
        None, (),
        "model = keras.Sequential([\n    keras.Input(shape=(1, 5), batch_size=1),\n"
        "    layers.LSTM(20, stateful=True),\n    layers.Dense(5),\n])",
    )

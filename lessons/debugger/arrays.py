"""Arrays NumPy cannot build or reshape: sizes that do not multiply out, ragged pieces, object arrays."""

from __future__ import annotations

import math
from dataclasses import replace

from lessons.core.axes import Shape, format_shape
from lessons.debugger import parse as P
from lessons.debugger.explain import (
    AxisCell,
    Diagnosis,
    aligned_cells,
    ask,
    axis_names,
    code_dim,
    counted,
    dim_text,
    first_wrong,
    inserted_cells,
    one_timestep_caveat,
    one_timestep_code,
    reshape_line,
    windows_code,
)


# Said with every reshape whose sizes were typed in
TYPED_SIZES = ("Compute the sizes from the data (X.shape) instead of writing them in: a new file with another "
               "length breaks numbers that were typed in.")


def reshape_diagnosis(p: P.ParsedError) -> Diagnosis:
    size, asked = p.size or 0, p.expected or ()
    if p.detail == "layer":
        return _reshape_layer_size(p.got or (), tuple(asked[1:]), size)
    if p.detail == "two unknown":
        return Diagnosis(
            "Two sizes left for NumPy to work out",
            "A reshape can leave one size to NumPy, written -1: it divides the values by the others. With two -1 "
            "there is no single answer. Write every size but one.",
            None, (),
            "n_steps, n_features = 3, 1  # the window's timesteps and the features of each step\n"
            "X = X.reshape((-1, n_steps, n_features))  # samples = what is left: X.size // (n_steps * n_features)",
            culprit="data", fix_kind="reshape",
        )
    if len(asked) >= 2 and asked[0] is None and None not in asked[1:]:
        printed = tuple(asked[1:]) if p.detail == "-1 not printed" else None
        return _whole_samples(size, asked, printed)  # type: ignore[arg-type]
    known = [d for d in asked if d is not None]
    need = math.prod(known)
    names = axis_names(len(asked)) if len(asked) >= 2 else ("features",) * len(asked)  # a row of values
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
    if len(asked) == 3 and asked[0] == 1 and None not in asked and size < need and size % asked[2] == 0:
        return _short_window(size, asked)  # type: ignore[arg-type]  # whole rows, fewer than the window
    if None not in asked and need and size % need and len(asked) >= 2 and asked[0] != 1:
        cause += (f" (NumPy leaves a leading -1 out of the shape it prints. If your call was "
                  f"reshape(-1, {', '.join(map(str, asked))}), the count must be a whole multiple of {need:,} instead, "
                  f"and {size:,} is not.)")
    note = (
        "If you wanted overlapping windows, no reshape can make them: overlapping windows hold more "
        "values than the data. Cut them with sliding_window_view (code above)."
    )
    if len(asked) >= 4:
        note += " For a CNN-LSTM or ConvLSTM, subsequences × steps must equal the window length."
    steps = asked[-2] if len(asked) >= 3 and asked[-2] else None
    rows = size // (asked[-1] or 1) if asked and asked[-1] else size
    if steps and rows <= steps:  # fewer rows than one window: the windows code starts from the default length
        steps = None
    last = asked[-1] if asked else None
    if fitted is None and last and size % last:
        # Not even whole rows of the last axis: that size does not fit these values at all
        rows, left = divmod(size, last)
        return Diagnosis(
            "The sizes don't multiply to the array's size",
            cause + f" {size:,} values are not whole rows of {last:,} either ({rows:,} rows and {left:,} value{'s' if left > 1 else ''} left "
            f"over), so each row of this data holds another number of values than {last:,}.",
            names[-1], (AxisCell(names[-1], f"{size:,} ÷ {last:,} = {size / last:,.2f}", f"{last:,}", True),),
            f"# Check how the data is laid out: {last:,} values per row leaves {left:,} over\n"
            f"print(X.shape, X.size % {last})  # 0 when X holds whole rows of {last:,}\n\n"
            f"# If the values past the last whole row are padding, drop them (otherwise: find the real row length)\n"
            f"X = X.reshape(-1)[: X.size // {last} * {last}].reshape((-1, {last}))",
            TYPED_SIZES,
            labels=("you asked for", "the data gives"), culprit="data", fix_kind="divisible",
        )
    if fitted is None:
        return Diagnosis("The sizes don't multiply to the array's size", cause, None, (),
                         windows_code(asked[1] if len(asked) > 1 else None, data="X"), note,
                         culprit="data", fix_kind="windows")
    cells = aligned_cells(asked, fitted, names)
    if len(fitted) == 3 and fitted[1] == 1 and asked[1] != 1:
        # The reshape that fits drops the windows the learner asked for: windows first.
        code = (f"# You asked for windows of {dim_text(asked[1])} timesteps. Overlapping windows are cut, not reshaped:\n"
                + windows_code(steps, data="X") + "\n\n"
                + one_timestep_code(reshape_line("X", fitted), dim_text(fitted[2])))
        note += " " + one_timestep_caveat(fitted[2])
        kind = "windows"
    else:
        kind = "divisible"
        code = reshape_line("X", fitted) + "\n\n# or, for overlapping windows:\n" + windows_code(steps, data="X")
    return Diagnosis("The sizes don't multiply to the array's size", cause, first_wrong(cells),
                     cells, code, note, labels=("you asked for", f"fits {size:,} values"),
                     culprit="data", fix_kind=kind)


def _short_window(size: int, asked: tuple[int, int, int]) -> Diagnosis:
    """One window, (1, steps, features), asked of fewer values than it holds: usually a prediction input."""
    _, steps, features = asked
    need = steps * features
    cells = (AxisCell("samples", "1", "1", False),
             AxisCell("timesteps", f"{steps:,}", f"{size // features:,}", True),
             AxisCell("features", f"{features:,}", f"{features:,}", False))
    cause = (f"The shape {format_shape(asked)} is one window of {steps:,} timesteps × {features:,} "
             f"feature{'s' if features > 1 else ''} = {need:,} values, and the array holds {size:,}. A model trained on "
             f"windows of {steps:,} steps needs {steps:,} for every prediction, so a shorter window cannot be the fix: "
             "the values were cut short before the reshape (a date range, a slice or a filter that ended early).")
    code = (f"# Take the window from a stretch of the series long enough: its last {steps:,} rows\n"
            f"X = data[-{steps}:].reshape((1, {steps}, {features}))  # data: the series, one row per timestep\n"
            f"print(len(data))  # at least {steps:,} rows")
    return Diagnosis("One window needs more values than the array has", cause, "timesteps", cells, code,
                     "Print the length of the data right before the reshape and follow it back to where it was selected.",
                     labels=("the window", "the values give"), culprit="data", fix_kind="windows")


def _whole_samples(size: int, asked: tuple, printed: Shape | None = None) -> Diagnosis:
    """reshape(-1, ...) of values that do not make a whole number of samples of the asked shape.

    `printed` is the shape as the message gives it when the -1 is inferred: NumPy leaves a leading -1 out.
    """
    sample: tuple[int, ...] = tuple(asked[1:])
    per_sample = math.prod(sample)
    names = axis_names(len(asked))
    asked_code = f"(-1, {', '.join(map(str, sample))})"
    product = f"{' × '.join(f'{d:,}' for d in sample)} = {per_sample:,}" if len(sample) > 1 else f"{per_sample:,}"
    asked_for = (f"You asked for {asked_code}: the -1 lets NumPy count the samples (it leaves the -1 out when it prints "
                 "the shape).") if printed is None else (
        f"The shape printed, {format_shape(printed)}, holds {per_sample:,} values and the array {size:,}: NumPy leaves a "
        f"leading -1 out of the shape it prints, so the call was most likely reshape{asked_code}, the samples left "
        "for NumPy to count.")
    cause = (f"{asked_for} Each sample takes {product} values, so the array's {size:,} values must make whole "
             f"samples, and they make {size / per_sample:,.2f}.")
    # The innermost axis whose whole blocks stop fitting the values is the one to look at.
    at = max(i for i in range(1, len(asked)) if size % math.prod(sample[i - 1:]))
    blocks = size // math.prod(sample[at:])  # whole blocks of the axes after it: rows of features, ...
    # The samples axis: -1 against the samples the values make; the axis to look at: its blocks ÷ its size.
    cells = (AxisCell(names[0], "-1", f"{size / per_sample:,.2f}", True),) + tuple(
        AxisCell(name, f"{dim:,}", f"{blocks:,} ÷ {dim:,} = {blocks / dim:,.2f}" if i == at else f"{dim:,}", i == at)
        for i, (name, dim) in enumerate(zip(names[1:], sample), start=1))
    labels = ("you asked for", "the values make")
    if len(asked) == 3 and at == 1:
        steps, features = sample
        left = blocks % steps
        cause += (f" They do make {blocks:,} rows of {features:,} feature{'s' if features > 1 else ''}, but "
                  f"{blocks:,} rows do not split into windows of {steps:,} ({left:,} row{'s' if left > 1 else ''} left over).")
        code = (f"# Overlapping windows of {steps:,} rows, one starting at every row, as the tutorials cut them:\n"
                + windows_code(steps, data=f"X.reshape((-1, {features}))") + "\n\n"
                + f"# or back-to-back windows of {steps:,} rows, dropping the {left:,} row{'s' if left > 1 else ''} left over\n"
                + f"X = X.reshape((-1, {features}))[: {blocks - left}].reshape({asked_code})")
        return Diagnosis("The rows don't make whole windows", cause, names[at], cells, code, TYPED_SIZES,
                         labels=labels, culprit="data", fix_kind="windows")
    code = (f"# Check how the data is laid out: how many values each sample really holds\n"
            f"print(X.shape, X.size / {per_sample})  # a whole number when X holds whole samples of {per_sample:,} values")
    if size < per_sample:
        cause += " That is less than one sample: the array holds only part of what each sample needs."
    else:
        left = size - size // per_sample * per_sample
        code += (f"\n\n# or, if the values past the last whole sample are padding, drop them ({left:,} value{'s' if left > 1 else ''})\n"
                 f"X = X.reshape(-1)[: X.size // {per_sample} * {per_sample}].reshape({asked_code})")
    return Diagnosis("The values don't make whole samples", cause, names[at], cells, code, TYPED_SIZES,
                     labels=labels, culprit="data", fix_kind="divisible")


def _reshape_layer_size(got: Shape, target: Shape, size: int) -> Diagnosis:
    """A Reshape layer whose target holds another number of values than each sample it gets."""
    asked = math.prod(d or 1 for d in target)
    shown_target = "(" + ", ".join("-1" if d is None else str(d) for d in target) + ("," if len(target) == 1 else "") + ")"
    if None in target:  # a -1 (read as None): the other sizes must divide the values; the largest that do
        fitted = tuple(d if d is None else max(x for x in range(1, d + 1) if size % x == 0) for d in target)
        suggestion = "(" + ", ".join("-1" if d is None else str(d) for d in fitted) + ("," if len(fitted) == 1 else "") + ")"
    else:
        fitted = _one_axis_fit(size, target) if len(target) >= 2 else None
        if fitted is None:  # keep the last size when it divides the values, else 1 feature per step
            last = target[-1] if target and target[-1] and size % target[-1] == 0 else 1
            fitted = (size // last, last)
        suggestion = format_shape(fitted)
    return Diagnosis(
        "The Reshape layer's target holds another number of values",
        f"Reshape regroups each sample's values: it gets {format_shape(got)}, {dim_text(size)} values per sample, and was "
        f"asked for {shown_target}, " + (f"{dim_text(asked)} values. " if None not in target else
                                         f"sizes that do not divide {dim_text(size)}. ")
        + "The sizes of the target must multiply to the values it gets; -1 lets Keras work out one of them.",
        None, (AxisCell("values per sample", dim_text(size), dim_text(asked) if None not in target else f"÷ {dim_text(asked)}",
                        True),),
        f"layers.Reshape({suggestion}),  # {dim_text(size)} values per sample, regrouped",
        "The samples axis is not part of the target: Reshape((timesteps, features)), never (samples, …).",
        labels=("the layer gets", "the target holds"), culprit="layer", fix_kind="divisible",
    )


def _one_axis_fit(size: int, asked: Shape) -> tuple[int, ...] | None:
    """The shape with one axis changed so the sizes multiply to `size` (samples tried last)."""
    if any(d is None for d in asked):
        return None
    order = list(range(1, len(asked))) + [0]  # the window's own axes first, the samples last
    if len(asked) >= 3 and asked[-1] == 1:
        # a last axis of 1 is a placeholder (one feature, one channel): values per sample that are a
        # whole multiple of the rest mean that many features or channels, the window kept as asked
        order = [len(asked) - 1] + order[:-2] + [0]
    for i in order:
        rest = math.prod(d for j, d in enumerate(asked) if j != i)
        if rest and size % rest == 0 and size // rest >= 1:
            return tuple(size // rest if j == i else d for j, d in enumerate(asked))  # type: ignore[misc]
    return None


def data_type_diagnosis(p: P.ParsedError) -> Diagnosis:
    if p.detail in ("list", "tuple") and p.got and len(p.got) >= 2:
        return _nested_list(p.got, p.detail)
    if p.detail in ("list", "object", "tuple"):
        pieces = Diagnosis(
            "X is not one float array",
            f"Keras got a {p.detail} where it needs one NumPy array of numbers: usually a list of windows "
            "(or an array of arrays). Stack the pieces into one float array; if they have different "
            "lengths, pad them to one length first."
            + (" An object array also comes from a table with a column of text (a date, a name) kept among the "
               "features: keep the number columns only, df.select_dtypes(\"number\")." if p.detail == "object" else ""),
            None, (),
            'X = np.stack(X).astype("float32")  # pieces of one length\n'
            '# pieces of different lengths: pad, then put layers.Masking() first\n'
            '# X = keras.utils.pad_sequences(X, padding="post", dtype="float32")',
            culprit="data", fix_kind="dtype",
        )
        if p.detail != "object":
            return pieces
        return ask("Where do X and y come from?",
                   ("A list of windows or sequences, made into one array", replace(pieces, cause=pieces.cause.split(
                       " An object array also comes")[0])),
                   ("A table that has a text column (a date, a name, an id)", _text_column()),
                   ("y is a column of class names (text labels)", _text_labels()))
    if p.detail == "pandas":
        return Diagnosis(
            "A pandas table is not a NumPy array",
            "reshape, and indexing by position like X[:, 1], belong to NumPy arrays; a DataFrame or a Series is a table "
            "with labels (df.iloc[:, 1] by position). Take its values as one NumPy array of numbers first, (rows, "
            "columns), then reshape, index or cut windows.",
            None, (),
            'X = X.to_numpy(dtype="float32")  # the values: (rows, columns) for a DataFrame, (rows,) for a Series\n'
            "print(X.shape)  # then reshape it, or cut windows from it",
            "A column of text (a date, a name) will not convert: keep the number columns, df.select_dtypes(\"number\").",
            culprit="data", fix_kind="dtype",
        )
    if p.detail.startswith("python "):
        kind = p.detail.split()[1]
        return Diagnosis(
            f"A Python {kind} is not a NumPy array",
            f"reshape and shape belong to NumPy arrays; a Python {kind} (of windows, of values) has neither. Make it one "
            "NumPy array of numbers first, then reshape it.",
            None, (),
            'X = np.asarray(X, dtype="float32")  # one array of the same values\n'
            "print(X.shape)  # then reshape it",
            "If the pieces have different lengths, np.asarray cannot make one array of them: pad them to one length "
            "first (keras.utils.pad_sequences).",
            culprit="data", fix_kind="dtype",
        )
    if p.detail == "words":
        return Diagnosis(
            "Words where token ids belong",
            "pad_sequences (and an Embedding) read whole numbers, one id per token; the sequences hold words. Give "
            "each word an id first (0 stays free for the padding).",
            None, (),
            "vocabulary = {word: i + 1 for i, word in enumerate(sorted({w for s in sequences for w in s}))}\n"
            "sequences = [[vocabulary[w] for w in s] for s in sequences]  # ids 1 … len(vocabulary)\n"
            "X = keras.utils.pad_sequences(sequences)  # then layers.Embedding(len(vocabulary) + 1, 8)",
            "layers.StringLookup does the same inside the model.",
            culprit="data", fix_kind="dtype",
        )
    if p.detail == "text":
        in_x = replace(_text_column(), title="X holds text, not numbers", culprit="data", axis=None, cause=(
            "Some values in X are text: a date, a name, or a number written with a comma or a unit. An LSTM "
            "computes with numbers only. Keep the columns that are numbers (or turn the text into numbers) "
            "before the windows are cut."))
        if p.wording != P.KERAS3:  # NumPy's and pandas' conversions name the text of the array they convert
            return in_x
        return ask("Which array holds the text?",  # Keras 3 names neither: fit checks X and y alike
                   ("X: a column of text among the features", in_x),
                   ("y: class names, such as \"up\" and \"down\"", _text_labels()))
    if p.wording == P.KERAS3 and "." in p.detail:  # an object of another library, named by its module
        keras2 = p.detail.startswith("tf_keras.") or ".preprocessing." in p.detail
        return Diagnosis(
            "Keras 3 cannot read this kind of data",
            f"Keras 3 reads NumPy arrays, tensors, a tf.data dataset, a keras.utils.PyDataset or a Python generator; "
            f"it got a {p.detail.rsplit('.', 1)[-1]} ({p.detail})."
            + (" This looks like a Keras 2 generator (tf_keras or the old tf.keras: ImageDataGenerator, "
               "TimeseriesGenerator), which feeds Keras 2 models, not Keras 3 ones." if keras2 else ""),
            None, (),
            'X = np.asarray(X, dtype="float32")  # array-like data: one NumPy array\n'
            "# a generator of batches: keras.utils.PyDataset, or tf.data.Dataset.from_tensor_slices((X, y)).batch(32)",
            culprit="data", fix_kind="dtype",
        )
    return Diagnosis(
        "X is not an array of numbers",
        f"Keras got a {p.detail or 'value'} where it needs a NumPy array of numbers (often a table column "
        "read as text, or an array of Python objects).",
        None, (), 'X = np.stack([np.asarray(v, dtype="float32") for v in X])  # one float array, every value a number',
        culprit="data", fix_kind="dtype",
    )


def _nested_list(shape: Shape, kind: str) -> Diagnosis:
    """X handed to Keras 3 as nested Python lists of numbers (the message prints them): one array of that shape."""
    window = len(shape) == 2
    rows, per_row = shape[0], shape[-1]
    cause = (f"Keras 3 reads NumPy arrays (or tensors, or a tf.data dataset), not a Python {kind}. The {kind} it printed "
             f"holds numbers in the shape {format_shape(shape)}, so np.asarray makes one float array of it.")
    if window:
        cause += (f" As an LSTM's input, {format_shape(shape)} is one sample without its samples axis: {counted(rows, 'timestep')} "
                  f"of {counted(per_row, 'feature')}, one window, as when the last window is taken for a forecast. Keras "
                  f"would read its {dim_text(rows)} rows as {dim_text(rows)} samples: give it a samples axis of 1.")
        code = (f"X = np.asarray(X, dtype=\"float32\")[np.newaxis]  # (1, {code_dim(rows)}, {code_dim(per_row)}): one window\n\n"
                f"# or, if the rows are {dim_text(rows)} samples of {counted(per_row, 'value')} (a Dense model's rows):\n"
                "X = np.asarray(X, dtype=\"float32\")")
    else:
        cause += f" It is {counted(rows, 'sample')} of {format_shape(tuple(shape[1:]))}."
        code = f"X = np.asarray(X, dtype=\"float32\")  # {format_shape(shape)}"
    cells = inserted_cells(shape, (1,) + tuple(shape), 0, ("samples", "timesteps", "features")) if window else \
        tuple(AxisCell(name, dim_text(d), dim_text(d), False) for name, d in zip(axis_names(len(shape)), shape))
    return Diagnosis(
        f"X is a Python {kind}, not an array" + (": one window without its samples axis" if window else ""),
        cause, "samples" if window else None, cells, code,
        "Lists of different lengths make no single array: pad them first (keras.utils.pad_sequences).",
        culprit="X", fix_kind="dtype",
    )


def _text_column() -> Diagnosis:
    """An object array from a table whose text column (a date, a name) was kept among the features."""
    return Diagnosis(
        "A text column among the features",
        "X was built from a table with a column of text, a date, a name or an id, so NumPy kept every value as a Python "
        "object. An LSTM computes with numbers only: keep the number columns (a date belongs in the index), or turn a "
        "column of categories into numbers, before the windows are cut.",
        "features", (),
        "# Which features hold text? Keep the number features, the other axes as they were\n"
        "import pandas as pd\n\n"
        "table = pd.DataFrame(X.reshape((-1, X.shape[-1])))  # one row per timestep, one column per feature\n"
        "numbers = table.apply(pd.to_numeric, errors=\"coerce\")  # text becomes NaN (a NaN already there stays)\n"
        "text = (numbers.isna() & table.notna()).any().to_numpy()\n"
        "print(\"features with text:\", list(table.columns[text]))\n"
        "X = X[..., ~text].astype(\"float32\")  # the number features only",
        "Reading a CSV: pd.read_csv(path, index_col=\"date\", parse_dates=True).select_dtypes(\"number\") keeps the dates "
        "as the index and only the number columns. A column of categories becomes numbers with one-hot columns "
        "(pd.get_dummies).",
        culprit="X", fix_kind="dtype",
    )


def _text_labels() -> Diagnosis:
    """y holds class names: text, which Keras cannot turn into a tensor."""
    return Diagnosis(
        "y holds class names, not numbers",
        "y is a column of class names (\"sunny\", \"rain\"), text that Keras cannot compute a loss with. Number the "
        "classes 0, 1, 2, … and train with sparse_categorical_crossentropy, one softmax unit per class.",
        "classes", (),
        "names, y = np.unique(y, return_inverse=True)  # y: class numbers 0 … len(names) - 1; names[k] is class k\n"
        "# and: layers.Dense(len(names), activation=\"softmax\"), loss=\"sparse_categorical_crossentropy\"",
        "Keep names: a prediction's class number k is names[k].",
        culprit="y", fix_kind="labels",
    )


def ragged_diagnosis(p: P.ParsedError, one_d: bool = False) -> Diagnosis:
    if p.detail == "features":
        return _steps_of_other_features(p.got[0] if p.got else None, p.expected[0] if p.expected else None)
    after = p.axis or 1
    seen = f" NumPy got as far as {format_shape(p.got)}." if p.got else ""
    stacked = (f"NumPy was asked to stack pieces into one array, but after {after} axis{'es' if after > 1 else ''} "
               f"they have different lengths.{seen}")
    if p.detail == "list":  # Keras 3 printed the list: the lengths are there to count
        shown = ", ".join(str(n) for n in p.got[:8]) + (", …" if len(p.got) > 8 else "")
        stacked = (f"Keras 3 reads arrays, not Python lists, and this list holds {counted(len(p.got), 'sequence')} of "
                   f"different lengths ({shown}): no one array holds them as they are.")
    if one_d:
        seen = (f" X reached Keras as {dim_text(p.got[0] if p.got else None)} items with nothing inside: a 1D array, which "
                "is what np.array makes of sequences of different lengths (an object array).")
    padded = Diagnosis(
        "The pieces have different lengths",
        (stacked if not one_d else f"The layer reads sequences, but{seen}")
        + " One array needs one size per axis: make every sequence (or window) the same length first.",
        "timesteps", (),
        "# Pad (or cut) every sequence to one length; Masking tells the LSTM to skip the padding\n"
        "longest = max(len(s) for s in X)\n"
        "X = np.stack([np.pad(np.asarray(s, dtype=\"float32\").reshape((len(s), -1)),\n"
        "                     ((longest - len(s), 0), (0, 0))) for s in X])  # (samples, longest, features)",
        "Keras does the same with keras.utils.pad_sequences(X, dtype=\"float32\"); then start the model "
        "with layers.Masking(mask_value=0.0). Or cut windows of one length from each sequence."
        + (" (If X is one series of single values instead, cut it into windows: (windows, steps, 1).)" if one_d else ""),
        culprit="data", fix_kind="pad",
    )
    if p.detail == "list" and p.found_rank == 1:  # sequences of single numbers: token ids, or one series' values
        padded = replace(padded, fix_code=(
            "# Pad every sequence with zeros at its end, to the longest; mask_zero=True in an Embedding (or a Masking\n"
            "# layer) makes the model skip them\n"
            'X = keras.utils.pad_sequences(X, padding="post")  # (samples, longest): token ids, for an Embedding\n\n'
            "# or, values of a series (no Embedding): a features axis of 1 for the LSTM\n"
            'X = keras.utils.pad_sequences(X, padding="post", dtype="float32")[..., np.newaxis]  # (samples, longest, 1)'),
            fix_note="Or cut windows of one length from each sequence.")
    if one_d or after != 1:  # (loop windows and per-series arrays differ right after the first axis)
        return padded
    readings = [("Sequences of their own lengths (sentences, recordings, sessions)", padded),
                ("Windows a loop cut from one series", _loop_cut_short_windows())]
    if p.detail != "list" or p.found_rank == 3:  # (a printed list shows its depth: windows of a series are 3D pieces)
        readings.append(("Arrays of windows, one per sensor, user or file", _windows_per_entity()))
    return ask("What are the pieces?", *readings)


def _loop_cut_short_windows() -> Diagnosis:
    """Windows from a loop that runs to the end of the series: the last ones are shorter."""
    return Diagnosis(
        "The loop's last windows are shorter",
        "A slice past the end of a series gives what is left, without an error: a loop that runs to the end cuts its "
        "last windows short, so they cannot stack with the others. Stop the loop at the last whole window, or let "
        "NumPy cut the windows, which never makes a short one.",
        "timesteps", (),
        windows_code(None),
        "In a loop: for i in range(len(series) - n_steps), so that window i is series[i : i + n_steps] and its "
        "target series[i + n_steps].",
        culprit="data", fix_kind="windows",
    )


def _windows_per_entity() -> Diagnosis:
    """Windows cut per sensor or user, then wrapped in np.array: each entity has another number of windows."""
    return Diagnosis(
        "Windows of several series, wrapped instead of joined",
        "Each piece holds the windows of one sensor, user or file, (its windows, timesteps, features), and each has "
        "another number of windows. Wrapping them in np.array asks for an axis of series, which they cannot fill "
        "evenly. Their windows are all samples of the same kind: join them along the samples axis.",
        "samples", (),
        "X = np.concatenate(X)  # (every series' windows, timesteps, features); y the same way: np.concatenate(y)",
        "Cut windows within each series only, so that no window runs across two series, then join them. To keep which "
        "series a window came from, join an id array the same way.",
        culprit="data", fix_kind="windows",
    )


def _steps_of_other_features(have: int | None, want: int | None) -> Diagnosis:
    return Diagnosis(
        "Sequences whose steps hold other features",
        f"pad_sequences pads the timesteps, and every step of every sequence must hold the same features: one "
        f"sequence has {dim_text(have)} values per step where the first had {dim_text(want)}. One table was exported "
        "with another column (or one column fewer).",
        "features", (AxisCell("features", dim_text(have), dim_text(want), True),),
        "print(sorted({np.shape(s)[-1] for s in sequences}))  # the feature counts: one is different\n"
        "n_features = min(np.shape(s)[-1] for s in sequences)\n"
        "sequences = [np.asarray(s)[:, :n_features] for s in sequences]  # ONLY if the first columns are the same "
        "features in each",
        "Better: select the same named columns from every table before the arrays are made.",
        labels=("a sequence", "the others"), culprit="data", fix_kind="pad",
    )

"""Arrays of the right rank whose sizes differ from what the model declares (`expected shape=(None, 24, 1), found shape=(None, 24)`)."""

from __future__ import annotations

from lessons.core.axes import Shape, format_shape
from lessons.debugger import parse as P
from lessons.debugger.arrays import ragged_diagnosis
from lessons.debugger.explain import (
    AxisCell,
    Diagnosis,
    aligned_cells,
    ask,
    axis_names,
    code_dim,
    conform,
    counted,
    dim_text,
    first_wrong,
    inserted_cells,
    missing_axis_at,
    one_timestep_caveat,
    padded_cells,
    reshape_line,
    row_windows_code,
    windows_code,
)
from lessons.debugger.layer_names import layer_kind
from lessons.debugger.ranks import (
    LONG_DECLARED,
    no_channels_axis,
    no_timesteps,
    one_sample_without_samples_axis,
    settled_by_layer,
)
from lessons.debugger.targets import target_vs_output


def shape_diagnosis(p: P.ParsedError) -> Diagnosis:
    got, expected = p.got or (), p.expected or ()
    if p.role == "target":
        y = got if p.with_batch else (None,) + got
        out = expected if p.with_batch else (None,) + expected
        return target_vs_output(y, out, p.loss, keras2_check=p.wording == P.KERAS2 and p.excerpt.startswith("expected"))
    if not p.with_batch:
        got, expected = (None,) + got, (None,) + expected
    if "embedding" in (p.layer or "").lower() and len(got) == len(expected) == 2 and None not in (got[1], expected[1]) \
            and got[1] != expected[1]:
        return _token_sequence_length(got, expected)
    names = axis_names(len(expected))
    if len(expected) == 4 and expected[1] == expected[2] and (expected[1] or 0) >= 8 and expected[3] in (1, 3, 4):
        names = ("samples", "rows", "columns", "channels")  # the model reads square pictures, channels last
    if p.layer and "conv_lstm_cell" in p.layer:
        names = ("samples", "rows", "timesteps", "features")
    if _looks_like_images(got, expected) and len(got) == 5:  # frames of pictures: (samples, time, ..., rows, columns)
        names = ("samples", "timesteps", "channels", "rows", "columns") if got[2] in (1, 3, 4) else \
            ("samples", "timesteps", "rows", "columns", "channels")
    if len(got) == len(expected) + 1 and got[0] is None and got[1] is None and got[-1] == expected[-1] \
            and p.wording != P.KERAS2:  # (two sizes unknown in front: batches of a dataset or generator)
        return batched_twice(got, expected)
    if len(got) != len(expected):
        fixed = conform(got, expected)
        if len(expected) == len(got) + 1 and len(expected) == 5 and expected[-1] == 1 and fixed is not None \
                and tuple(fixed[1:-1]) == tuple(got[1:]):
            return no_channels_axis(got)
        if p.excerpt and len(got) + 1 == len(expected) and None not in expected[1:] and tuple(got) == tuple(expected[1:]):
            # A message printing one sample's shape where Keras wants (samples, ...): a sample passed alone.
            # (Described models, with an empty excerpt, always give X with its samples.)
            return one_sample_without_samples_axis(got, expected)
        if p.excerpt and len(got) + 1 < len(expected) and None not in expected[1:] and None not in got \
                and tuple(got) == tuple(d for d in expected[1:] if d != 1):
            # one window of 10 values, (10,), where the model reads (samples, 10, 1): the sample's values, no axes of 1
            return one_sample_without_samples_axis(got, expected)
        if len(got) == 2 and len(expected) == 3 and (expected[1] or 0) >= LONG_DECLARED and got[0] is None:
            return _rows_declared_as_timesteps(got, expected)
        if p.excerpt and len(got) == 2 and len(expected) == 3 and expected[1] is None and got[1] is not None \
                and expected[2] == got[1]:  # (a described model names its first layer: no guessing there)
            return _none_written_for_the_batch(got, expected)
        if len(got) == 2 and len(expected) == 3 and (fixed is None or fixed[1] == 1):
            return settled_by_layer(no_timesteps(got, tuple(expected[1:])), p.layer)
        at = missing_axis_at(got, expected)
        if at is not None:
            cells = inserted_cells(got, expected, at, names)
        elif len(got) < len(expected):
            cells = padded_cells(got, expected, names)
        else:
            cells = padded_cells(expected, got, axis_names(len(got)))
            cells = tuple(AxisCell(c.name, c.expected, c.yours, c.wrong) for c in cells)
        if len(got) == len(expected) + 1 and got[1:] and tuple(got[2:]) == tuple(expected[1:]):
            return _extra_leading_axis(got, expected)
        if len(got) + 1 == len(expected) and _matches(got, expected[1:]):
            return one_sample_without_samples_axis(got, expected)
        if fixed is None:
            return Diagnosis(
                "Each sample holds the wrong number of values",
                f"The model wants samples shaped {format_shape(expected[1:])}; X is {format_shape(got)}, "
                "so its samples hold a different number of values and no reshape can fix it.",
                first_wrong(cells), cells, _rebuild_code(got, expected),
                "Build the windows again with the model's sizes, or build the model for your data.",
                culprit="X", fix_kind="windows",
            )
        one_step = len(fixed) == 3 and fixed[1] == 1
        return Diagnosis(
            f"X is {len(got)}D, the model wants {len(expected)}D",
            f"X {format_shape(got)} has {len(got)} axes; the model was built for {format_shape(expected)}. "
            "Each sample holds the same number of values, so a reshape regroups them into the axes "
            "the model reads.",
            first_wrong(cells), cells, reshape_line("X", fixed),
            one_timestep_caveat(fixed[2], "values" if len(got) == 1 else "rows") if one_step else "",
            culprit="X", fix_kind="reshape",
        )
    swapped = _swapped(got, expected)
    if swapped is not None:
        return swapped
    if len(got) == len(expected) >= 3 and tuple(got[2:]) == tuple(expected[1:-1]) and expected[-1] == 1 \
            and got[1:] != expected[1:] and not p.with_batch:
        return _declared_shifted(got, expected)
    if p.with_batch and len(got) == len(expected) >= 3 and tuple(got[1:]) == tuple(expected[:-1]) and expected[-1] == 1 \
            and None not in expected:
        return _batch_shape_shifted(got, expected)
    if len(got) == 2 and got[1] == 1 and expected[1] not in (None, 1) and (
            not p.with_batch or got[0] in (None, expected[1])):
        # a 1D array of the k values of ONE sample: Keras read it as k samples of 1 value
        return one_sample_without_samples_axis((expected[1],), expected)
    if p.wording == P.KERAS2 and len(got) == 2 and got[1] == 1 and (expected[1] or 0) > 1 and got[0] is not None:
        # Keras 2 turns a 1D object array of sequences (n,) into (n, 1): ragged sequences
        return ragged_diagnosis(P.ParsedError(P.RAGGED, P.KERAS2, p.excerpt, axis=1, got=(got[0],)))
    if _looks_like_images(got, expected) and len(got) == 4 and got[-1] != expected[-1] \
            and tuple(got[1:-1]) == tuple(expected[1:-1]):
        return image_channels_count(got, expected)
    cells = aligned_cells(got, expected, names)
    wrong = first_wrong(cells)
    diffs = [c for c in cells if c.wrong]
    fixed = conform(got, expected)
    if wrong == "timesteps" and len(expected) == 3 and not any(c.name == "features" for c in diffs):
        t_got, t_want = got[1], expected[1]
        windows = Diagnosis(
            "Windows of the wrong length",
            f"The model was built for windows of {dim_text(t_want)} timesteps; X's windows have {dim_text(t_got)}. "
            "A reshape cannot change a window's length: the values of the other steps are not there. Cut windows "
            "of the model's length from the series (a trained model keeps its length), or declare the length your "
            "windows have.",
            "timesteps", cells,
            windows_code(t_want) + "\n\n# or build the model for your windows (an LSTM reads any length):\n"
            f"# keras.Input(shape=({code_dim(t_got)}, {code_dim(got[2])}))",
            "Rebuild the windows with the model's length, or declare the length your windows have.",
            culprit="X", fix_kind="windows",
        )
        if t_got is None or t_want is None:
            return windows
        return ask("What is one sample of X?",
                   ("A window cut from one long series", windows),
                   ("A whole sequence of its own (a sentence of word vectors, a recording, a session)",
                    _sequences_not_padded(got, expected)))
    if wrong == "features" or (len(diffs) == 1 and diffs[0].name == "features") or \
            (len(expected) >= 3 and diffs and diffs[-1].name == "features" and fixed is None):
        features = features_differ(got[-1], expected[-1], cells, tuple(got[1:-1]))
        if len(expected) == 2 and None not in (got[1], expected[1]) and layer_kind(p.layer) in ("", "input"):
            # rows of features, or of token numbers (a named Dense or recurrent layer settles it)
            return ask("What does the model start with?",
                       ("A Dense layer: the columns of X are features", features),
                       ("An Embedding: each row of X is a sequence of token numbers",
                        _token_sequence_length(got, expected)))
        return features
    if wrong == "samples" and len(diffs) == 1:
        return Diagnosis(
            "The batch size is fixed in the model",
            f"The model was built for batches of exactly {dim_text(expected[0])} samples (batch_input_shape= or "
            f"batch_size=), and got {dim_text(got[0])}. Let the batch size be free, or feed batches of that size.",
            "samples", cells, f"keras.Input(shape={format_shape(expected[1:])})  # no fixed batch size",
            culprit="declared", fix_kind="input_shape",
        )
    code = reshape_line("X", fixed) if fixed else f"keras.Input(shape={format_shape(got[1:])})"
    if fixed and p.layer and "conv_lstm_cell" in p.layer:
        # The cell sees one subsequence at a time: (samples, rows, steps, features).
        code = reshape_line("X", (None, None) + tuple(fixed[1:])).replace(
            "(X.shape[0], X.shape[0]", "(X.shape[0], X.shape[1]") + "  # (samples, subsequences, rows, steps, features)"
    return Diagnosis(
        f"The {wrong or 'shape'} size differs",
        f"X is {format_shape(got)}; the model expects {format_shape(expected)}: "
        + ", ".join(f"{c.name} {c.yours} instead of {c.expected}" for c in diffs) + ".",
        wrong, cells, code, culprit="X" if fixed else "declared", fix_kind="reshape" if fixed else "input_shape",
    )


def _token_sequence_length(got: Shape, expected: Shape) -> Diagnosis:
    """An Embedding input (samples, tokens) padded to another length than the model was built for."""
    have, want = got[1], expected[1]
    return Diagnosis(
        "The sequences have another length than the model's",
        f"The Embedding reads sequences of {dim_text(want)} tokens (samples, sequence length); X's sequences were padded "
        f"to {dim_text(have)}. Each position is a timestep, so this is not a reshape: pad or cut the sequences to "
        f"{dim_text(want)}, or build the model for {dim_text(have)}.",
        "timesteps", aligned_cells(got, expected, ("samples", "timesteps")),
        f'X = keras.utils.pad_sequences(X, maxlen={want}, padding="post", truncating="post")  # {dim_text(want)} tokens each\n'
        f"# or build the model for your length: keras.Input(shape=({have},)) before the Embedding",
        "A saved model keeps the length it was trained with: pad new texts the same way as the training texts.",
        culprit="X", fix_kind="pad",
    )


def _sequences_not_padded(got: Shape, expected: Shape) -> Diagnosis:
    """3D X of whole sequences (sentences, recordings) of another length than the model was built for."""
    have, want = got[1], expected[1]
    if have > want:  # type: ignore[operator]
        return _sequences_longer(got, expected)
    return Diagnosis(
        "The sequences are not padded to the model's length",
        f"Each sample is a whole sequence, and the model was built for {counted(want, 'timestep')}; X's sequences have "
        f"{dim_text(have)}. Sequences of their own lengths are padded to one length before they go into one array: pad "
        f"them with zeros to {dim_text(want)}, the length the model was built for, and a Masking layer tells the LSTM "
        "to skip the zeros.",
        "timesteps", aligned_cells(got, expected),
        f"X = keras.utils.pad_sequences(X, maxlen={code_dim(want)}, dtype=\"float32\", padding=\"post\")"
        f"  # (samples, {code_dim(want)}, features)\n"
        "# padded steps are zeros: layers.Masking(mask_value=0.0) first in the model skips them",
        "pad_sequences takes the list of sequences as they are, each (its length, features). Or build the model for any "
        "length, keras.Input(shape=(None, features)), and pad each batch to its longest sequence.",
        culprit="X", fix_kind="pad",
    )


def _sequences_longer(got: Shape, expected: Shape) -> Diagnosis:
    """3D X of whole sequences longer than the model's length: cut into consecutive pieces, never truncated."""
    have, want = got[1], expected[1]
    return Diagnosis(
        "The sequences are longer than the model's length",
        f"Each sample is a whole sequence of {counted(have, 'timestep')}, and the model was built for pieces of "
        f"{dim_text(want)}. Cutting every sequence to its first {dim_text(want)} steps would throw the rest away: cut "
        f"each one into consecutive pieces of {dim_text(want)} steps instead, and give each piece its own sample.",
        "timesteps", aligned_cells(got, expected),
        f"steps = {code_dim(want)}  # the length the model was built for\n"
        "whole = X.shape[1] // steps * steps  # the steps that fill whole pieces\n"
        "pieces = X[:, :whole].reshape((len(X), -1, steps, X.shape[2]))  # (sequences, pieces, steps, features)\n"
        "X = pieces.reshape((-1, steps, X.shape[2]))  # every piece its own sample, in order",
        "Each piece needs a target: targets at every step are cut from y the same way; one label per sequence is "
        "repeated for each of its pieces, y = np.repeat(y, whole // steps, axis=0). A stateful LSTM reads piece i of "
        "every sequence together, in order: train on pieces[:, i] for i = 0, 1, … and reset the states between "
        "passes. Or build the model for any length, keras.Input(shape=(None, features)), and feed the whole sequences.",
        culprit="X", fix_kind="windows",
    )


def _matches(shape: Shape, wanted: Shape) -> bool:
    return len(shape) == len(wanted) and all(a is None or b is None or a == b for a, b in zip(shape, wanted))


def _rows_declared_as_timesteps(got: Shape, expected: Shape) -> Diagnosis:
    steps, features = expected[1], expected[2]
    return Diagnosis(
        "The number of rows is declared as timesteps",
        f"The model was declared for samples of {dim_text(steps)} timesteps × {dim_text(features)} features: that is the "
        f"whole table, X.shape, written into the input shape. X {format_shape(got)} gives rows of {dim_text(got[1])} values. "
        "Declare ONE sample: a window of a few timesteps (and cut X into such windows), or (features,) for a Dense model.",
        "timesteps", inserted_cells(got, expected, 1),
        f"keras.Input(shape=(None, {code_dim(features)}))  # one sample: any number of timesteps, {dim_text(features)} features\n"
        "# then cut X's rows into windows (samples, n_steps, features) before fit",
        culprit="declared", fix_kind="input_shape",
    )


def _none_written_for_the_batch(got: Shape, expected: Shape) -> Diagnosis:
    """2D X (samples, v) against a declared shape=(None, v): a None written first, for the batch axis
    Keras adds by itself (learners' confusion #16). An LSTM reading windows of any length is the
    other reading, and the second fix."""
    v = got[1]
    return Diagnosis(
        "The declared shape has an axis X does not",
        f"The model was declared with shape=(None, {code_dim(v)}), so it reads {format_shape(expected)}: samples of any "
        f"number of timesteps × {counted(v, 'feature')}. X {format_shape(got)} has one row of {counted(v, 'value')} "
        "per sample. A None written first in input_shape= or keras.Input(shape=...) is usually meant as the batch "
        "axis, but Keras adds that axis by itself: the model then waits for one axis more than X has.",
        "timesteps", inserted_cells(got, expected, 1),
        f"# If the rows are samples of {dim_text(v)} features (Dense layers first): one sample's shape, no batch axis\n"
        f"inputs = keras.Input(shape=({code_dim(v)},))\n\n"
        "# If the first layer is an LSTM and the rows are consecutive timesteps: keep the declaration, cut windows\n"
        + row_windows_code(None),
        "shape=(None, features) is right only for a recurrent first layer fed 3D windows: there the None means "
        "any number of timesteps.",
        culprit="declared", fix_kind="input_shape",
    )


def _declared_shifted(got: Shape, expected: Shape) -> Diagnosis:
    """The declared shape is X's shifted by one axis: a batch-sized first entry in batch_input_shape missing."""
    per = tuple(got[1:])
    return Diagnosis(
        "The declared shape is shifted by one axis",
        f"The model was declared for samples shaped {format_shape(tuple(expected[1:]))}; X's are {format_shape(per)}. "
        "The same sizes moved one place: batch_input_shape= starts with the batch size, and input_shape= (or "
        "keras.Input(shape=...)) leaves it out. Here the sequence length went where the batch size belongs.",
        "samples", aligned_cells(got, expected, axis_names(len(expected))),
        f"keras.Input(shape={format_shape(tuple(per[1:]))})  # one sample: (timesteps, features), no batch axis",
        culprit="declared", fix_kind="input_shape",
    )


def _batch_shape_shifted(got: Shape, expected: Shape) -> Diagnosis:
    """batch_input_shape= written as one sample's shape plus 1: X's sample sizes sit one place to the left."""
    per = tuple(got[1:])
    return Diagnosis(
        "The declared shape is shifted by one axis",
        f"The model was declared with batch_input_shape={format_shape(expected)}: batches of {dim_text(expected[0])} samples, "
        f"each {format_shape(tuple(expected[1:]))}. X {format_shape(got)} holds {dim_text(got[0])} samples of "
        f"{format_shape(per)}: the same sizes moved one place, the sequence length where the batch size belongs. "
        "batch_input_shape= starts with the batch size; input_shape= (or keras.Input(shape=...)) leaves it out.",
        "samples", aligned_cells(got, expected, axis_names(len(expected))),
        f"keras.Input(shape={format_shape(per)})  # one sample: (timesteps, features), no batch axis",
        culprit="declared", fix_kind="input_shape",
    )


def _looks_like_images(got: Shape, expected: Shape) -> bool:
    """4D shapes of pictures: rows and columns of equal, large size (or a channels axis of 1 or 3)."""
    if len(expected) != len(got) or len(got) not in (4, 5):
        return False
    if len(got) == 5:
        return got[-1] == got[-2] and (got[-1] or 0) >= 16
    return got[1] == got[2] and (got[1] or 0) >= 16 and (got[-1] in (1, 3, 4) or expected[-1] in (1, 3, 4))


def image_channels_count(got: Shape, expected: Shape, names: tuple[str, ...] | None = None) -> Diagnosis:
    return Diagnosis(
        "The number of channels differs",
        f"X's pictures have {dim_text(got[-1])} channel{'s' if got[-1] != 1 else ''} (1 grey, 3 colour, 4 colour with "
        "transparency); the model "
        f"was declared for {dim_text(expected[-1])}. Declare the channels the pictures have, or convert the pictures.",
        "channels", aligned_cells(got, expected, names or ("samples", "rows", "columns", "channels")),
        f"keras.Input(shape={format_shape(tuple(got[1:]))})  # the channels X has\n"
        + ("# or grey pictures from colour ones:\nX = X.mean(axis=-1, keepdims=True)" if expected[-1] == 1 else
           f"# or repeat the grey channel (e.g. for pretrained colour weights):\nX = np.repeat(X, {code_dim(expected[-1])}, axis=-1)"
           if got[-1] == 1 else "# or drop the transparency (RGBA → RGB):\nX = X[..., :3]" if (got[-1], expected[-1]) == (4, 3)
           else "# or convert the pictures to the declared channels"),
        culprit="declared", fix_kind="input_shape",
    )


def _extra_leading_axis(got: Shape, expected: Shape) -> Diagnosis:
    """X has one axis more than the model, right after samples: e.g. the whole set wrapped once more."""
    return Diagnosis(
        "X has one axis too many",
        f"X is {format_shape(got)}; the model reads {format_shape(expected)}. The extra axis of {dim_text(got[1])} "
        "after the samples is not one the model declares.",
        "samples", padded_cells(expected, got, axis_names(len(got))),
        f"X = X.reshape((-1,) + X.shape[2:])  # {dim_text(got[1])} × more samples, each {format_shape(expected[1:])}",
        "Then y needs one target per new sample; or declare the extra axis in the model.",
        culprit="X", fix_kind="reshape",
    )


def _swapped(got: Shape, expected: Shape) -> Diagnosis | None:
    """X holds the right sizes in the wrong axis order, e.g. (1, 8) per sample where the model wants (8, 1)."""
    a, b = tuple(got[1:]), tuple(expected[1:])
    if len(a) < 2 or a == b or None in a:
        return None
    if None in b:  # the model leaves some sizes open: swapped when only another order of X's sizes fits
        if all(w is None or d == w for d, w in zip(a, b)):
            return None
        b = permuted_to(a, b)
        if b is None:
            return None
        expected = (expected[0],) + b
    elif sorted(a) != sorted(b):  # type: ignore[type-var]
        return None
    names = axis_names(len(expected))
    image = len(a) == 3 and (a[0] in (1, 3, 4) or a[-1] in (1, 3, 4)) and a[0] != a[-1]
    # frames of pictures, (frames, rows, columns, channels), with their channels first
    frames = len(a) == 4 and a[0] in (1, 3, 4) and b[-1] == a[0] and a[0] != a[-1]
    # (channels in the middle, (32, 3, 32), where the model reads square pictures with their channels last)
    middle = len(a) == 3 and b[-1] in (1, 3, 4) and b[0] == b[1] and a[1] == b[-1] and a[0] == a[-1] == b[0]
    image = image or middle or frames
    if image:
        names = ("samples", "timesteps", "rows", "columns", "channels") if frames else ("samples", "rows", "columns", "channels")
    cells = aligned_cells(got, expected, names)
    same_order = [d for d in a if d != 1] == [d for d in b if d != 1]
    dims = ", ".join(str(d) for d in b)
    if same_order:  # only axes of size 1 move: a reshape keeps every value in its place
        code = f"X = X.reshape((-1, {dims}))  # the same values, axes in the model's order"
    else:
        used: set[int] = set()
        order = []
        for size in b:
            j = next(j for j, d in enumerate(a) if d == size and j not in used)
            used.add(j)
            order.append(j + 1)
        code = (f"X = np.transpose(X, (0, {', '.join(map(str, order))}))  # move the axes; "
                f"a reshape would mix the values up")
    wrong = [c.name for c in cells if c.wrong]
    if image:
        first = a[0] in (1, 3, 4) and a[0] != a[-1]
        where = "in the middle" if middle else "first" if first else "last"
        return Diagnosis(
            "The channels axis is in the wrong place",
            f"X's {'frames' if frames else 'pictures'} are {format_shape(a)} per sample, channels {where}; the model reads "
            f"{format_shape(b)}, channels {'last (the Keras default)' if first or middle else 'first'}. Move the channels axis: "
            "the same pixels, another order.",
            "channels", cells, code, culprit="X", fix_kind="swap_axes",
        )
    return Diagnosis(
        "The axes are swapped",
        f"X's samples are {format_shape(a)}; the model reads {format_shape(b)}: the same sizes in another order, "
        f"so {' and '.join(wrong)} are swapped: each sample is "
        + (f"{dim_text(a[0])} timestep{'s' if a[0] != 1 else ''} of {dim_text(a[-1])} feature{'s' if a[-1] != 1 else ''}"
           if len(a) == 2 else format_shape(a))
        + (f" instead of {dim_text(b[0])} timesteps of {dim_text(b[-1])} feature{'s' if b[-1] != 1 else ''}." if len(b) == 2 else "."),
        wrong[0] if wrong else "timesteps", cells, code,
        "A series of values in time goes down the timesteps axis, one value per step; "
        "each measured quantity is a feature.",
        culprit="X", fix_kind="swap_axes",
    )


def permuted_to(a: Shape, b: Shape) -> Shape | None:
    """`a`'s sizes in an order that fits the pattern `b` (None: any size), if one exists."""
    from itertools import permutations

    for order in permutations(range(len(a))):
        candidate = tuple(a[i] for i in order)
        if candidate != a and all(w is None or c == w for c, w in zip(candidate, b)):
            return candidate
    return None


def _rebuild_code(got: Shape, expected: Shape) -> str:
    """The fix when X's samples hold the wrong number of values for the model's (samples, timesteps, features)."""
    if len(expected) != 3:
        return "print(X.shape)"
    if len(got) == 1:  # one value per sample: a series, its windows cut from consecutive values
        steps = expected[1] if expected[1] and expected[1] > 1 else None
        return ("# If the values are one series over time: cut windows of consecutive values\n"
                + row_windows_code(steps, rows="X.reshape((-1, 1))", why="the model's window length" if steps else ""))
    return windows_code(expected[1])


def features_differ(have: int | None, want: int | None, cells: tuple[AxisCell, ...], middle: Shape | None = None) -> Diagnosis:
    """`middle`: the axes between samples and features (None when the message does not say)."""
    declared = "n_steps, " if middle is None else "".join(f"{code_dim(d)}, " for d in middle)
    declared = declared.replace("n_steps, ", "None, ")  # any number of timesteps
    if want == 1 and have is not None and have > 1 and middle in (None, (1,)):
        # a univariate model fed many values per timestep: more features, or the classic swap, (samples, 1, n)
        # where (samples, n, 1) was meant. The message cannot tell them apart: both readings, features first.
        more_features = Diagnosis(
            "The number of features differs",
            f"X has {dim_text(have)} values at each timestep, but the model was built for 1 feature. X has "
            f"{dim_text(have)} features, the columns measured together, so the model must be declared for them.",
            "features", cells,
            f"keras.Input(shape=({declared}{code_dim(have)}))  # the features X has",
            culprit="declared", fix_kind="input_shape",
        )
        laid_across = Diagnosis(
            "One window laid across the features axis",
            f"X has {dim_text(have)} values at each timestep, but the model reads a single series: 1 feature. Each sample "
            f"is one window of that series laid out as (1, {dim_text(have)}), one timestep of {dim_text(have)} values, "
            f"where the model reads {dim_text(have)} timesteps of 1 feature. Move the values down the timesteps axis.",
            "features", cells,
            "X = X.reshape((X.shape[0], -1, 1))  # (samples, timesteps, 1): the same values in the same order",
            "print(X.shape) shows it: (samples, 1, n) is one window laid across.",
            culprit="X", fix_kind="swap_axes",
        )
        return ask("What are the values of one timestep of X?",
                   ("Different quantities measured together (columns of a table)", more_features),
                   ("Values of one series, one after another in time", laid_across))
    return Diagnosis(
        "The number of features differs",
        f"X has {dim_text(have)} features{' at each timestep' if middle != () else ''}, but the model was built for "
        f"{dim_text(want)}. "
        "The features are the columns you measured, so no reshape can turn one count into the other.",
        "features", cells,
        f"keras.Input(shape=({declared}{code_dim(have)}{',' if middle == () else ''}))  # the features X has"
        + (f"\n# or keep only the {dim_text(want)} columns the model was built for:\nX = X[..., :{code_dim(want)}]"
           if have is not None and want is not None and have > want else ""),
        "" if have is None or want is None or have > want else
        f"X has fewer columns than the model reads: a trained model needs the same {dim_text(want)} columns it was "
        "trained on, so build X from them (or train the model again for your columns).",
        culprit="declared", fix_kind="input_shape",
    )


def _windows_of_the_trained_length(sample: Shape, longer: bool) -> Diagnosis:
    """A trained model (predict, evaluate) given windows of another length than it was trained on.

    The Flatten's width grows with the window, but not always in proportion (a Conv1D or a pooling
    before it takes steps off), so the length the model learnt is read from the model itself.
    """
    have = sample[1]
    return Diagnosis(
        f"The windows are {'longer' if longer else 'shorter'} than the ones the model was trained on",
        f"The model's Dense reads its windows flattened, and X {format_shape(sample)}, windows of {dim_text(have)} "
        f"timesteps, flattens {'wider' if longer else 'narrower'} than the windows it was trained on. A trained model "
        "reads the window length it learnt (model.input_shape[1]); declaring another one means a new model, trained "
        "again.",
        "timesteps", (AxisCell("samples", dim_text(sample[0]), dim_text(sample[0]), False),
                      AxisCell("timesteps", dim_text(have), "as trained", True),
                      AxisCell("features", dim_text(sample[2]), dim_text(sample[2]), False)),
        ("X = X[:, -model.input_shape[1]:, :]  # the last timesteps of each window, as many as the model learnt"
         if longer else
         "n_steps = model.input_shape[1]  # the window length the model learnt: cut windows this long from the series"),
        f"To read windows of {dim_text(have)} instead, build and train a model declared "
        f"keras.Input(shape={format_shape(tuple(sample[1:]))}).",
        culprit="X", fix_kind="windows",
    )


def _flattened_width(got: Shape, want: int | None, sample: Shape, layer: str | None,
                     cells: tuple[AxisCell, ...]) -> Diagnosis:
    """A Dense layer behind a Flatten (the model reads 3D or 4D, this layer 2D) fed another width than
    it was built for: a Flatten's width follows the size of each sample, so X's samples are another
    size than the model was declared with. Its columns are not what is wrong."""
    have = got[-1]
    image = len(sample) == 4
    what = "pictures" if image else "windows"
    other = "" if have is None or want is None else (" larger" if have > want else " smaller")
    per_sample = tuple(sample[1:])
    return Diagnosis(
        f"X's {what} are another size than the model was built for",
        f"{layer or 'This Dense layer'} reads what the layers before it hand on, flattened: the model was built "
        f"for {dim_text(want)} values per sample there, and X {format_shape(sample)} gives {dim_text(have)}. "
        f"A Flatten is as wide as what it flattens, so X's {what} are{other} than the shape the model was "
        "declared with. Declare the shape one sample of X really has (the layers after it are then built "
        f"for it), or bring the {what} to the declared size.",
        "rows" if image else "timesteps", cells,
        f"keras.Input(shape={format_shape(per_sample)})  # one sample of X, as it is: the Dense after the Flatten is "
        "built for it\n"
        + ("# or resize the pictures to the declared size first, e.g. layers.Resizing(rows, columns)" if image else
           "# or cut windows of the length the model was declared with"),
        culprit="declared", fix_kind="input_shape",
    )


def axis_value_diagnosis(p: P.ParsedError) -> Diagnosis:
    got = p.got or ()
    want = (p.expected or (None,))[0]
    at = (p.axis or -1) % len(got) if got else None
    if at is not None and at != len(got) - 1 and want in got[1:] and got[at] != want:
        # the size the model wants on this axis sits on another one: the axes are in another order
        order = list(range(1, len(got)))
        j = next(i for i in order if got[i] == want)
        perm = list(got)
        perm[at], perm[j] = perm[j], perm[at]
        swapped = _swapped(tuple(got), tuple(perm))
        if swapped is not None:
            return swapped
    if at == len(got) - 1 and len(got) >= 4 and got[1] == want and got[-1] != want:
        # pictures or frames with their channels first, (samples, channels, ...), where Keras reads them last:
        # the channels move to the end, every other axis keeps its order
        moved = _swapped(tuple(got), (got[0],) + tuple(got[2:]) + (got[1],))
        if moved is not None:
            return moved
    names = axis_names(len(got))
    expected = tuple(got[:-1]) + (want,)
    if len(got) == 4 and got[1] == got[2] and (got[1] or 0) >= 8 and got[-1] in (1, 3, 4) and want in (1, 3, 4):
        # square pictures whose channels differ: 4 (RGBA) or 1 (grey) where the model reads 3, say
        return image_channels_count(tuple(got), expected, ("samples", "rows", "columns", "channels"))
    sample = p.model_input
    if len(got) == 2 and sample and len(sample) in (3, 4) and layer_kind(p.layer) == "dense":
        if p.predicting and len(sample) == 3 and None not in (got[-1], want) and got[-1] != want:
            return _windows_of_the_trained_length(sample, got[-1] > want)
        return _flattened_width(got, want, sample, p.layer, aligned_cells(got, expected, names))
    # A Dense layer reads any rank >= 2 and checks only its last axis: (None, 5, 32) against 64 is a
    # width of 32 where 64 was built, which return_sequences (it changes the axes before) never fixes.
    diagnosis = features_differ(got[-1] if got else None, want, aligned_cells(got, expected, names), tuple(got[1:-1]))
    if len(got) == 3 and got[1] == want and got[-1] != want and want != 1:
        # the model's feature count sits on the timesteps axis: X laid out features first (as EEG and sensor
        # loaders give it), or more features per step than the model was built for
        swapped = _swapped(tuple(got), (got[0], got[2], got[1]))
        if swapped is not None:
            readings = [(f"(samples, features, timesteps): the {dim_text(want)} features or channels come first", swapped),
                        (f"(samples, timesteps, features): {dim_text(got[-1])} features at each step", diagnosis)]
            if got[-1] < got[1]:  # type: ignore[operator]  # time is most often the longer axis: here the middle one
                readings.reverse()
            return ask("How is X laid out?", *readings)
    return diagnosis


def batched_twice(got: Shape, expected: Shape) -> Diagnosis:
    """A tf.data dataset batched twice: an extra leading axis of batches."""
    return Diagnosis(
        "The dataset is batched twice",
        f"The model reads {format_shape(expected)} and gets {format_shape(got)}: one axis more, in front, with no size "
        "known. A tf.data dataset batched twice gives batches of batches: keras.utils.timeseries_dataset_from_array "
        "already batches (batch_size=128 unless told), so a second .batch() is one too many.",
        "samples", padded_cells(expected, got, ("batches",) + axis_names(len(expected))),
        "dataset = dataset.unbatch()  # one level of batches left; or drop the second .batch()",
        "In fit, a batched dataset takes no batch_size=: its batches are the ones it makes.",
        labels=("model reads", "yours"), culprit="data", fix_kind="reshape",
    )

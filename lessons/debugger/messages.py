"""From a parsed error message to a Diagnosis: the cause, the wrong axis and the fix.

Every diagnosis names what has to change (`culprit`), the kind of fix (`fix_kind`) and the axis,
in the vocabulary of `lessons.debugger.explain` (CULPRITS, FIX_KINDS, AXES). The smallest set-up a
pasted message implies (`Diagnosis.case`) is added by `lessons.debugger.diagnose_message` (see
`lessons.debugger.cases`; the described-model path calls `explain` without one).
"""

from __future__ import annotations

import math
import re
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
    conform,
    code_dim,
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
from lessons.debugger.targets import (
    inputs_diagnosis,
    labels_diagnosis,
    samples_diagnosis,
    shapes_unsaid,
    target_rank,
    target_vs_output,
)
from lessons.debugger.joining import joined_diagnosis, window_diagnosis
from lessons.debugger.scaling import scaler_diagnosis
from lessons.debugger.weights import saved_weights_diagnosis

# Said with every reshape whose sizes were typed in
TYPED_SIZES = ("Compute the sizes from the data (X.shape) instead of writing them in: a new file with another "
               "length breaks numbers that were typed in.")
RECURRENT = ("lstm", "gru", "simple_rnn", "simplernn", "rnn", "bidirectional")
IMAGE_LAYERS = ("conv2d", "conv_2d", "convolution2d", "convolution3d", "conv_lst_m2d", "convlstm2d", "conv_lstm2d", "conv_lstm_2d", "conv3d",
                "max_pooling2d", "maxpooling2d")


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
        P.RAGGED: _ragged,
        P.LABELS: labels_diagnosis,
        P.EMPTY: _empty,
        P.WEIGHTS: saved_weights_diagnosis,
        P.SCALER: scaler_diagnosis,
        P.JOIN: joined_diagnosis,
        P.WINDOW: window_diagnosis,
        P.INPUTS: inputs_diagnosis,
    }[parsed.kind]
    diagnosis = handler(parsed)
    if parsed.op == "crossentropy" and parsed.detail:  # shapes the message gives only flattened
        diagnosis = replace(diagnosis, cause=f"{parsed.detail} {diagnosis.cause}")
    return diagnosis


def _model_input(name: str | None) -> bool:
    """Whether a layer name is the model's input (X as fed), e.g. lstm_1_input, input_3, sequential."""
    low = (name or "").lower()
    return bool(re.search(r"input", low)) or low.startswith(("sequential", "model", "functional"))


def _kind_of_layer(name: str | None) -> str:
    """"recurrent", "image", "conv1d", "dense", "time_distributed" or "" from a Keras layer name."""
    low = (name or "").lower()
    if low.startswith(("sequential", "model", "functional")) or re.fullmatch(r"input(?:_\d+)?|input_layer(?:_\d+)?", low):
        return "input"  # the model's own input: X as fed
    if any(k in low for k in IMAGE_LAYERS) or re.search(r"(?:^|_)conv\d+(?!d)", low):
        return "image"  # (Keras Applications name their Conv2D layers "block1_conv1", "conv1_conv", …)
    if "time_distributed" in low or "timedistributed" in low:
        return "time_distributed"
    if "conv1d" in low or "conv_1d" in low:
        return "conv1d"
    if any(low.startswith(k) or f"/{k}" in low for k in RECURRENT):
        return "recurrent"
    if low.startswith("dense") or low.startswith("flatten"):
        return "dense"
    return ""


def _reshape_size(p: P.ParsedError) -> Diagnosis:
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
        return _whole_samples(size, asked)  # type: ignore[arg-type]
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


def _whole_samples(size: int, asked: tuple) -> Diagnosis:
    """reshape(-1, ...) of values that do not make a whole number of samples of the asked shape."""
    sample: tuple[int, ...] = tuple(asked[1:])
    per_sample = math.prod(sample)
    names = axis_names(len(asked))
    asked_code = f"(-1, {', '.join(map(str, sample))})"
    product = f"{' × '.join(f'{d:,}' for d in sample)} = {per_sample:,}" if len(sample) > 1 else f"{per_sample:,}"
    cause = (
        f"You asked for {asked_code}: the -1 lets NumPy count the samples (it leaves the -1 out when it prints "
        f"the shape). Each sample takes {product} values, so the array's {size:,} values must make whole "
        f"samples, and they make {size / per_sample:,.2f}."
    )
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


def _rank(p: P.ParsedError) -> Diagnosis:
    got, want = p.got or (), p.expected_rank or 3
    found = p.found_rank or len(got)
    kind = _kind_of_layer(p.layer)
    if p.role == "target":
        return target_rank(got, want)
    if (p.layer or "").lower().startswith(("flatten", "global_")) and not _model_input(p.layer) and 0 < found < want:
        return _nothing_to_flatten(p.layer or "Flatten", found)
    if p.layer == "time_distributed" and p.wording == P.KERAS3 and found == 2 and want == 3:
        return _no_sequence_handed_on("TimeDistributed")  # Keras 3 checks the wrapper's input while it is built
    if "repeat_vector" in (p.layer or "").lower() and want == 2 and found == 3:
        return _encoder_hands_on_every_step(got or (None, None, None))
    if got and len(got) == 1 and want == 2:
        return _one_feature(got)
    if got and (_one_picture(got, want, kind, p.layer) or kind in ("image", "input", "") and _colour_picture(got, want)):
        return _one_sample_without_samples_axis(got, (None,) + tuple(got))
    if p.detail == "previous" and found > want:  # e.g. a Dense (Keras 1) after an LSTM that hands on every step
        return _dense_fed_more_axes(got or (None,) * found, None)
    if p.detail == "previous" and found == want - 1 or (kind == "recurrent" and len(got) == 2 and want == 3
                                                       and _recurrent_position(p.layer, p.wording) == "later"):
        return _no_sequence_handed_on(p.layer if p.detail != "previous" else None)
    if not got:
        return _rank_without_shape(p, want, found, kind)
    if len(got) == want + 1 and len(got) >= 2 and got[0] is None and got[1] is None:
        return _batch_in_input(got, want)
    if kind == "recurrent" and not _model_input(p.layer) and len(got) == want + 1 and want == 3 and got[-1] != 1:
        # Raised by the LSTM itself while the model is built: the declared input is 4D, or a layer before it
        # hands on 4D (the convolutions of a CNN-LSTM, an Embedding fed features)
        return ask(BELOW.format(name=p.layer or "the LSTM"),
                   ("Nothing: it is the model's first layer", _declared_one_axis_too_many(got, want, cnn_lstm=False)),
                   ("Convolutions wrapped in TimeDistributed (a CNN-LSTM)", _maps_not_flattened(got, p.layer)),
                   *([("An Embedding", _embedding_fed_features(got))] if None not in got[1:] else []))
    if (kind == "conv1d" and want == 3 or kind == "image" and want == 4 and "conv" in (p.layer or "")) \
            and len(got) == want + 1:
        return _convolution_fed_sequences(got)
    if kind == "recurrent" and not _model_input(p.layer) and want == 3 and len(got) == 4 and got[0] is None \
            and got[-1] == 1 and None not in got[1:3] and got[2] > 1 and got[1] >= 4 * got[2]:  # type: ignore[operator]
        # (None, 400, 10, 1): input_shape=X.shape for windows of 1 feature. A series cut into windows gives
        # many more windows than steps in each; (None, 240, 94, 1) reads better as X with an axis of 1 too many
        return _batch_in_input(got, want)
    if len(got) == want + 1 and 1 in got[1:]:
        return _trailing_one(got, want)
    if p.wording == P.KERAS2 and len(got) == 2 and got[1] == 1 and got[0] is not None and want >= 3 \
            and kind in ("recurrent", "time_distributed", "image", ""):
        # Keras 2 turns a 1D array (n,) into (n, 1): here a 1D array of sequences of different lengths
        return _ragged(P.ParsedError(P.RAGGED, P.KERAS2, p.excerpt, axis=1, got=(got[0],)), one_d=True)
    if kind == "dense" and len(got) == 2 and want >= 3 and p.role == "input":
        return _dense_declared_more_axes(got, want)
    if kind == "recurrent" and len(got) == want + 1 and want == 3 and not _model_input(p.layer):
        return _declared_one_axis_too_many(got, want)
    if _is_image_channels(got, want, kind):
        return _channels(got)
    if kind == "conv1d" and len(got) == 2 and want == 3:
        return _conv1d_features(got)
    if kind == "dense" and len(got) > want and p.detail != "min_":
        return _dense_fed_more_axes(got, p.layer)
    if len(got) == 2 and want == 3:
        return no_timesteps(got)
    if len(got) + 1 == want or len(got) + 2 == want:
        return _more_axes_needed(got, want)
    if len(got) == want + 1 and want >= 2:
        return _merge_last_axes(got, want, p.layer)
    cells = tuple(AxisCell(n, dim_text(d), "", False) for n, d in zip(axis_names(len(got)), got))
    return Diagnosis(
        f"{want}D expected, {len(got)}D received",
        f"The layer reads arrays of {want} axes; it received {len(got)} axes {format_shape(got)}. "
        "An LSTM reads (samples, timesteps, features); a CNN-LSTM 4D; a ConvLSTM2D 5D.",
        None, cells, "print(X.shape)  # then describe X and your model in the second tab",
        culprit="X", fix_kind="reshape",
    )


def _layer_position(layer: str | None, wording: str) -> str | None:
    """"first" or "later" layer of its kind (any kind), from Keras' automatic names, else None."""
    m = re.fullmatch(r"[a-z][a-z0-9_]*?(?:_(\d{1,6}))?", (layer or "").lower())
    if not m:
        return None
    number = int(m.group(1)) if m.group(1) else 0
    first = 1 if wording == P.KERAS2 else 0
    return "first" if number == first else ("later" if number > first else None)


def _recurrent_position(layer: str | None, wording: str) -> str | None:
    """"first" or "later" recurrent layer of the model, from Keras' automatic names, else None.

    Keras 2 numbers layers from 1 (the first LSTM is lstm_1); tf.keras 2.x and Keras 3 name
    the first one lstm and the next lstm_1, lstm_2, ...
    """
    import re

    m = re.fullmatch(r"(?:lstm|gru|simple_rnn|simplernn|bidirectional)(?:_(\d{1,6}))?", (layer or "").lower())
    if not m:
        return None
    number = int(m.group(1)) if m.group(1) else 0
    first = 1 if wording == P.KERAS2 else 0
    return "first" if number == first else ("later" if number > first else None)


HANDED_ON_CELLS = (AxisCell("samples", "any", "any", False), AxisCell("timesteps", MISSING, "all", True),
                   AxisCell("features", "units", "units", False))
BELOW = "What comes just before {name}?"
LSTM_BELOW = "Another LSTM or GRU"
VECTOR_BELOW = "A Dense or a Flatten"


def _no_sequence_handed_on(layer: str | None) -> Diagnosis:
    """A recurrent layer fed 2D by the layer before it, (samples, units), while the model is built."""
    name = layer or "the recurrent layer"
    return ask(BELOW.format(name=name), (LSTM_BELOW, _last_output_only(name)), (VECTOR_BELOW, _one_vector_below(name)))


def _last_output_only(name: str) -> Diagnosis:
    """The recurrent layer below hands on its last output only: return_sequences is off."""
    return Diagnosis(
        "The layer below hands on no timesteps",
        f"{name} reads 3D (samples, timesteps, features) but gets 2D, (samples, units): the LSTM or GRU before it "
        "hands on only its last output, unless return_sequences=True. A recurrent layer that feeds another one must "
        "hand on all its timesteps.",
        "timesteps", HANDED_ON_CELLS,
        "layers.LSTM(50, return_sequences=True),  # every LSTM but the last hands on all its timesteps\n"
        "layers.LSTM(50),",
        "",
        labels=("layer below hands on", "next layer wants"), culprit="layer", fix_kind="return_sequences",
    )


def _one_vector_below(name: str) -> Diagnosis:
    """A Dense or Flatten below the recurrent layer: one vector per sample, the time axis gone."""
    return Diagnosis(
        "The layer below made one vector per sample",
        f"{name} reads 3D (samples, timesteps, features) but gets 2D, (samples, units): a Flatten, or a Dense fed 2D, "
        "leaves one vector per sample, so the time axis is gone before the LSTM. (A Dense fed 3D keeps the timesteps: "
        "it works step by step.) Read the vector as a sequence, or repeat it once per output step.",
        "timesteps", HANDED_ON_CELLS,
        "layers.Dense(64),\n"
        "layers.Reshape((64, 1)),  # the vector read as 64 timesteps of 1 feature\n"
        "layers.LSTM(50),\n\n"
        "# or repeat the vector once per output step, as an encoder-decoder does\n"
        "layers.RepeatVector(5),  # (samples, 5, units)\n"
        "layers.LSTM(50, return_sequences=True),",
        "When the time axis was there before a Flatten (frames, say), keep it instead: drop the Flatten, or wrap each "
        "frame's layers in TimeDistributed so the LSTM reads one vector per frame.",
        labels=("layer below hands on", "next layer wants"), culprit="layer", fix_kind="reshape",
    )


def _nothing_to_flatten(layer: str, found: int) -> Diagnosis:
    """A Flatten or a global pooling fed what is already one row per sample (after a Dense, an LSTM, a pooling)."""
    pooling = layer.lower().startswith("global_")
    what = "global pooling" if pooling else "Flatten"
    return Diagnosis(
        "Nothing left to " + ("pool" if pooling else "flatten"),
        f"{layer} gets {found}D, (samples, values): each sample is already one row. A {what} "
        + ("averages (or takes the largest of) the timesteps or the rows and columns, so it needs 3D or 4D; "
           if pooling else "joins the axes after the samples into one, so it needs at least 3D; ")
        + "the layer before it (a Dense, a Flatten, an LSTM without return_sequences, a pretrained model's pooled "
        f"output) has made one row per sample already. Leave the {what} out, or put it before the layer that "
        "flattens.",
        None, (),
        "layers.GlobalAveragePooling2D(),  # already (samples, channels): one row per sample\n"
        f"layers.Dense(1),  # straight on: no {what} after it",
        "Keras 3's Flatten takes a 2D input as it is, so only older Keras raises this for a Flatten." if not pooling
        else "",
        culprit="layer", fix_kind="return_sequences",
    )


def _encoder_hands_on_every_step(got: Shape) -> Diagnosis:
    """RepeatVector fed a sequence: the encoder LSTM before it kept return_sequences=True."""
    return Diagnosis(
        "The encoder hands on every timestep",
        f"RepeatVector repeats ONE vector per sample, (samples, units), once per output step; it gets {format_shape(got)}, "
        "a vector for every input timestep. The encoder LSTM before it must hand on only its last output: "
        "return_sequences off. (The decoder LSTM after RepeatVector is the one with return_sequences=True.)",
        "timesteps",
        (AxisCell("samples", dim_text(got[0]), "any", False), AxisCell("timesteps", dim_text(got[1]), MISSING, True),
         AxisCell("features", dim_text(got[2]), "units", False)),
        "layers.LSTM(100),  # the encoder: its last output only\n"
        "layers.RepeatVector(2),  # once per output step\n"
        "layers.LSTM(100, return_sequences=True),  # the decoder: every step\n"
        "layers.TimeDistributed(layers.Dense(1)),",
        labels=("RepeatVector gets", "it reads"), culprit="layer", fix_kind="return_sequences",
    )


def _convolution_fed_sequences(got: Shape) -> Diagnosis:
    """A Conv1D fed (samples, subsequences, timesteps, features), or a Conv2D fed frames: one axis more than it reads."""
    pictures = len(got) == 5
    outer = "frames" if pictures else "subsequences"
    one = "picture (rows, columns, channels)" if pictures else "sequence (timesteps, features)"
    inner = "layers.Conv2D(16, (3, 3), activation=\"relu\")" if pictures else "layers.Conv1D(64, kernel_size=1, activation=\"relu\")"
    cells = tuple(AxisCell(n, dim_text(d), dim_text(d) if i != 1 else MISSING, i == 1) for i, (n, d) in enumerate(zip(
        ("samples", outer, "rows", "columns", "channels") if pictures else ("samples", outer, "timesteps", "features"), got)))
    joined = ("X = X.reshape((-1,) + X.shape[2:])  # every frame its own sample: (samples × frames, rows, columns, channels)"
              if pictures else
              "X = X.reshape((X.shape[0], -1, X.shape[-1]))  # (samples, subsequences × timesteps, features)")
    return Diagnosis(
        f"{'Conv2D' if pictures else 'Conv1D'} gets {outer}",
        f"The convolution reads one {one} per sample, {len(got) - 1}D, but gets {format_shape(got)}: each sample is a "
        f"run of {outer}. That is the {'video' if pictures else 'CNN-LSTM'} layout: the convolution must run on each "
        f"of the {outer} (TimeDistributed) and an LSTM read them in order. For a plain convolution, give it one "
        f"{one.split(' (')[0]} per sample instead.",
        "timesteps" if pictures else outer, cells,
        ("# Pictures on their own: every frame one sample (y then needs one target per frame)\n" if pictures else
         "# A plain Conv1D: join the subsequences back into one sequence per sample\n") + joined + "\n\n"
        f"# or keep the {outer}: run the convolution on each one, then an LSTM over them\n"
        f"layers.TimeDistributed({inner}),\n"
        "layers.TimeDistributed(layers.Flatten()),\n"
        "layers.LSTM(50),",
        "ConvLSTM2D reads frames directly: (samples, frames, rows, columns, channels)." if pictures else
        "The tutorials' CNN-LSTM wraps Conv1D, MaxPooling1D and Flatten in TimeDistributed.",
        culprit="X", fix_kind="reshape",
    )


def _trailing_one(got: Shape, want: int) -> Diagnosis:
    """X has an axis of 1 more than the layer reads (e.g. left from an image layout)."""
    at = max(i for i, d in enumerate(got) if d == 1 and i > 0)
    fixed = tuple(got[:at]) + tuple(got[at + 1:])
    names = axis_names(want)
    where = "last " if at == len(got) - 1 else ""
    axis = "timesteps" if at == 1 and len(got) > 3 else names[-1]
    return Diagnosis(
        f"X has an extra {where}axis of 1",
        f"X {format_shape(got)} has {len(got)} axes; the layer reads {want}D, e.g. {format_shape(fixed)}. The axis of 1 "
        "holds nothing extra: drop it, and every value stays where it is.",
        axis, padded_cells(fixed, got, axis_names(len(got))),
        f"X = np.squeeze(X, axis={at})  # {format_shape(fixed)}, the same values",
        culprit="X", fix_kind="reshape",
    )


def _merge_last_axes(got: Shape, want: int, layer: str | None) -> Diagnosis:
    """One axis too many, none of size 1: the last two axes hold the features of one step."""
    merged = tuple(got[:-2]) + ((got[-2] * got[-1]) if None not in got[-2:] else None,)  # type: ignore[operator]
    inner = (layer or "").lower()
    from_layer = bool(inner) and not any(k in inner for k in ("input", "sequential", "model", "functional"))
    return Diagnosis(
        f"{want}D expected, {len(got)}D received",
        f"{layer or 'The layer'} reads {want}D and gets {format_shape(got)}: one axis too many. When the last two axes "
        f"are the values of one step, merge them into the features: {format_shape(merged)}."
        + (" The array comes from the layer before it: reshape there (layers.Reshape) or change that layer."
           if from_layer else ""),
        "features", padded_cells(merged, got, axis_names(len(got))),
        f"X = X.reshape(X.shape[:{want - 1}] + (-1,))  # {format_shape(merged)}: the last two axes merged",
        culprit="layer" if from_layer else "X", fix_kind="reshape",
    )


def _dense_declared_more_axes(got: Shape, want: int) -> Diagnosis:
    """A Dense first layer declared with more than one axis, fed rows of features."""
    return Diagnosis(
        "The Dense input is declared with too many axes",
        f"The first Dense layer was declared for {want}D input, but X {format_shape(got)} is rows of "
        f"{dim_text(got[1])} features. A Dense layer reads one row of features per sample: declare just that.",
        "features", (), f"keras.Input(shape=({code_dim(got[1])},))  # one row of features per sample",
        culprit="declared", fix_kind="input_shape",
    )


def _declared_one_axis_too_many(got: Shape, want: int, cnn_lstm: bool = True) -> Diagnosis:
    """A recurrent layer fed 4D: the declared input (or the layer before) has an axis too many.

    `cnn_lstm`: name the CNN-LSTM's unflattened maps in the cause (False where they are a reading of their own).
    """
    per = tuple(got[1:])
    merged = per[:-2] + ((per[-2] * per[-1]) if None not in per[-2:] else None,)  # type: ignore[operator]
    if per[0] == 1 or (got[0] is None and None not in per[:2] and per[0] > per[1]):  # type: ignore[operator]
        # the samples (batch) axis written into the declared shape: input_shape=X.shape (the sample
        # count, usually more than a window's steps, comes first), or a stateful LSTM's batch size of 1
        return _batch_in_input(got, want)
    return Diagnosis(
        "The LSTM gets one axis too many",
        f"The LSTM reads 3D (samples, timesteps, features) and gets {format_shape(got)}: each sample is "
        f"{format_shape(per)}, one axis more than (timesteps, features). Declare one sample as (timesteps, features): "
        "merge the last two axes into the features (or leave out a batch size written into the shape)."
        + (" In a CNN-LSTM the convolutions hand on a map per subsequence: put layers.TimeDistributed(layers.Flatten()) "
           "before the LSTM." if cnn_lstm else ""),
        "features", padded_cells((None,) + tuple(merged), got, axis_names(len(got))),
        f"keras.Input(shape={format_shape(merged) if None not in merged else '(timesteps, features)'})  # one sample\n"
        "X = X.reshape((X.shape[0], X.shape[1], -1))  # the data in the same layout",
        culprit="declared", fix_kind="input_shape",
    )


def _maps_not_flattened(got: Shape, layer: str | None) -> Diagnosis:
    """A CNN-LSTM whose TimeDistributed convolutions hand the LSTM a map per subsequence, not a vector."""
    _, _, steps, filters = got
    return Diagnosis(
        "The convolutions' maps are not flattened",
        f"In a CNN-LSTM the TimeDistributed convolutions hand on a map for each subsequence, ({_counted(steps, 'step')} × "
        f"{_counted(filters, 'filter')}): 4D, {format_shape(got)}. {layer or 'The LSTM'} reads one vector of features "
        f"per timestep, here one per subsequence, so each map must be flattened first, still per subsequence.",
        "features", (),
        "layers.TimeDistributed(layers.Flatten()),  # each subsequence's map → one vector: (samples, subsequences, features)\n"
        "layers.LSTM(50),",
        culprit="layer", fix_kind="reshape",
    )


def _embedding_fed_features(got: Shape) -> Diagnosis:
    """An Embedding fed (samples, timesteps, features): it gives every value its own vector, 4D."""
    _, steps, per_step, width = got
    ids = per_step == 1
    return Diagnosis(
        "The Embedding is fed a features axis",
        f"An Embedding turns each token id into a vector of {dim_text(width)}: it reads ids as (samples, timesteps) and "
        f"hands on (samples, timesteps, {dim_text(width)}). Fed X with a features axis, "
        f"{dim_text(per_step)} value{'s' if per_step != 1 else ''} per step, every value gets its own vector and the LSTM "
        f"gets 4D. " + ("X holds ids with an axis of 1 after them: drop it." if ids else
                        "When X holds measured values rather than token ids, it needs no Embedding: the LSTM reads them."),
        "features", (),
        ("X = X.reshape((len(X), -1))  # token ids: (samples, timesteps), no features axis" if ids else
         "# X holds features: no Embedding, the LSTM reads (samples, timesteps, features) itself\n"
         f"keras.Input(shape=({code_dim(steps)}, {code_dim(per_step)})),\n"
         "layers.LSTM(50),"),
        "An Embedding is for whole-number ids of words or categories; it would read the values of measured "
        "features as ids." if ids else
        "If the values are ids of categories (one per step and column), give each column its own Embedding and "
        "join the vectors, or use one id per step.",
        culprit="X" if ids else "layer", fix_kind="reshape",
    )


def _one_feature(got: Shape) -> Diagnosis:
    return Diagnosis(
        "X is 1D, the layer reads (samples, features)",
        f"X {format_shape(got)} is a flat list of numbers; the first layer reads 2D (samples, features). Give each "
        "number its own features axis of size 1: one sample per number, one feature each.",
        "features", inserted_cells(got, (got[0], 1), 1, ("samples", "features")),
        "X = X.reshape((-1, 1))  # (samples, 1 feature), the same values",
        culprit="X", fix_kind="reshape",
    )


def _one_picture(got: Shape, want: int, kind: str, layer: str | None) -> bool:
    """X is ONE picture, (rows, columns[, channels]), where the model reads a batch of them."""
    if len(got) != want - 1 or None in got or kind not in ("image", "dense"):
        return False
    if kind == "dense" and not (layer or "").lower().startswith("flatten"):
        return False
    if len(got) == 3:  # (rows, columns, channels)
        return got[-1] in (1, 3, 4) and got[0] == got[1] and got[0] >= 8
    return len(got) == 2 and got[0] == got[1] and got[0] >= 8  # (rows, columns), one grey picture


def _colour_picture(got: Shape, want: int) -> bool:
    """(rows, columns, 3) with picture-sized sides, fed whole where a batch of pictures is read.

    Shapes printed with every size known are the array as fed (a symbolic batch prints None). A CNN-LSTM's
    3D windows have far more samples than timesteps; a picture's rows and columns are of one scale.
    """
    if want != 4 or len(got) != 3 or None in got or got[-1] != 3:
        return False
    rows, columns = got[0], got[1]
    return min(rows, columns) >= 32 and max(rows, columns) <= 10 * min(rows, columns)  # type: ignore[operator]


def _is_image_channels(got: Shape, want: int, kind: str) -> bool:
    """A Conv2D (4D) or ConvLSTM2D (5D) fed images or frames without their channels axis."""
    if len(got) != want - 1:
        return False
    if want == 5:  # ConvLSTM2D: (samples, frames, rows, columns, channels); 4D X lacks the channels
        return True
    return want == 4 and (kind == "image" or (kind == "" and len(got) == 3 and got[1] == got[2] and (got[1] or 0) > 4))


def _rank_without_shape(p: P.ParsedError, want: int, found: int, kind: str) -> Diagnosis:
    """`expected ndim=N, found ndim=M` with no shape printed: the layer says what it was fed."""
    name = p.layer or "the layer"
    if found == want - 1 and want == 3 and _recurrent_position(p.layer, p.wording) == "first":
        declared = Diagnosis(
            "The declared input has no timesteps axis",
            f"{name} is the first LSTM and reads 3D (samples, timesteps, features), but the input declared before it "
            "is 2D: its shape names one number, the features. Declare one sample as (timesteps, features).",
            "timesteps", (), "keras.Input(shape=(None, 8))  # (timesteps, features): any length, 8 features",
            "If a Flatten or a Dense fed 2D sits before this LSTM, that layer removed the time axis: see \"The layer "
            "below hands on no timesteps\" (drop the Flatten, or wrap the per-frame layers in TimeDistributed).",
            culprit="declared", fix_kind="input_shape",
        )
        declared = replace(declared, fix_note="")  # the layers below are readings of their own
        return ask(BELOW.format(name=name), ("Nothing: it is the model's first layer", declared),
                   (LSTM_BELOW, _last_output_only(name)), (VECTOR_BELOW, _one_vector_below(name)))
    if found == want - 1 and want == 3 and kind in ("recurrent", ""):
        # A recurrent layer handed 2D while the model is being built: the LSTM below it gave only
        # its last output, (samples, units). (X itself is checked against the declared input first.)
        return Diagnosis(
            "The LSTM below hands on no timesteps",
            f"{name} reads 3D (samples, timesteps, features) but gets 2D: the recurrent layer before it "
            "returns only its last output, (samples, units). Every LSTM that feeds another LSTM needs "
            "return_sequences=True to hand on all its timesteps. (If it is the first layer, X is 2D: "
            "give it a timesteps axis.)",
            "timesteps",
            (AxisCell("samples", "any", "any", False), AxisCell("timesteps", MISSING, "all", True),
             AxisCell("features", "units", "units", False)),
            "layers.LSTM(50, return_sequences=True),  # every LSTM but the last hands on all its timesteps\n"
            "layers.LSTM(50),",
            labels=("LSTM hands on", "next layer wants"), culprit="layer", fix_kind="return_sequences",
        )
    if found == want + 1 and kind in ("recurrent", "image", "conv1d", ""):
        return _batch_in_input((None,) * found, want)
    if found == want - 1 and want == 4 and kind == "image" and _layer_position(p.layer, p.wording) == "later":
        # Not the first convolution: the layer before it (a Reshape, a Dense) hands on no channels axis
        d = _channels((None,) * found)
        return replace(d, culprit="layer", title=f"The layer before {name} hands on no channels axis",
                       cause=(f"{name} reads 4D (samples, rows, columns, channels) and was given 3D while the model was "
                              "built. It is not the model's first convolution, so the layer before it hands on "
                              "(samples, rows, columns): a Reshape without the channels axis, say. Give that layer's "
                              "output a channels axis of 1."),
                       fix_code="layers.Reshape((28, 28, 1)),  # e.g. 28 × 28 pictures: (rows, columns, channels), one channel added",
                       fix_note="Keras 3 reads channels last; with data_format=\"channels_first\" the 1 goes first.")
    if found == want - 1 and (want in (4, 5) and kind == "image" or want == 5 and kind == "recurrent"):
        # (a recurrent layer that reads 5D is a ConvLSTM2D, e.g. inside Bidirectional)
        d = _channels((None,) * found)
        # Raised while the model is built: the declared input (or the layer before) lacks the axis.
        missing = "channels" if want == 4 else "timesteps"
        return replace(d, culprit="declared", fix_kind="input_shape", axis=missing,
                       title=f"The declared input lacks the {missing} axis",
                       cause=(f"{name} reads {want}D and was given {found}D while the model was built: the declared "
                              "input shape (or the layer before) has one axis too few. "
                              + ("Conv2D reads (samples, rows, columns, channels): a grey picture has 1 channel."
                                 if want == 4 else "ConvLSTM2D reads (samples, time, rows, columns, channels): "
                                 "input_shape= declares 4 numbers, (time, rows, columns, channels).")),
                       fix_code=("keras.Input(shape=(28, 28, 1))  # (rows, columns, channels): one picture"
                                 if want == 4 else
                                 "keras.Input(shape=(10, 32, 32, 1))  # (time, rows, columns, channels): one sample"))
    if kind == "dense" and want == 2 and found == 4:
        return Diagnosis(
            f"{name} is fed feature maps",
            f"{name} reads 2D (samples, features) but the layer before it hands on 4D (samples, rows, columns, channels): "
            "the feature maps of a convolution or pooling. Flatten them (or pool them) into one row per sample first.",
            None, (), "layers.Flatten(),  # before the Dense layer: (samples, rows × columns × channels)\n"
            "# or: layers.GlobalAveragePooling2D(),  # (samples, channels)",
            culprit="layer", fix_kind="return_sequences",
        )
    if kind == "dense" or kind == "conv1d" or kind == "time_distributed":
        verb = "Flatten" if found > want else "a timesteps/features axis"
        fed = f"{found}D" if found else "another number of axes"  # (0: the message was cut before the shape)
        return Diagnosis(
            f"{name} is fed {fed}, it reads {want}D",
            f"{name} reads {want}D input but {'the layer before it hands on' if found else 'it is given'} {fed}. "
            + ("It gets a value per timestep: the LSTM before it hands on every timestep (return_sequences=True). "
               "Turn that off for the last LSTM, or put a Flatten before the Dense layer, so each sample is one row."
               if found > want else "Give the input the axes this layer reads."),
            "timesteps", (),
            "layers.Flatten(),  # before the Dense layer: one row per sample" if found > want
            else "X = X[..., np.newaxis]  # add a last axis of size 1",
            culprit="layer" if found > want else "X",
            fix_kind="return_sequences" if found > want else "reshape",
            fix_note=f"Or change the layer so it gets {verb}.",
        )
    return Diagnosis(
        f"{want}D expected, {found}D received",
        f"{name} reads arrays of {want} axes and received {found}. An LSTM reads (samples, timesteps, features); "
        "a CNN-LSTM 4D; a ConvLSTM2D 5D. Describe X and your model in the second tab to see every layer's shape.",
        "timesteps" if want == 3 else None, (), "print(X.shape)  # then describe X and your model in the second tab",
        culprit="X", fix_kind="reshape",
    )


def _batch_in_input(got: Shape, want: int) -> Diagnosis:
    """The declared input has one axis too many: the batch (samples) axis written into it."""
    inner = tuple(got[2:])
    shown = format_shape(inner) if inner and all(d is not None for d in inner) else "(timesteps, features)"
    cells = (AxisCell("samples", "any", "any", False), AxisCell("samples", dim_text(got[1]) if len(got) > 1 else "any", MISSING, True))
    cells += aligned_cells(inner, inner, axis_names(want)[1:]) if len(inner) == want - 1 else ()
    code = (f"keras.Input(shape={shown})" if shown != "(timesteps, features)" else
            "keras.Input(shape=X.shape[1:])") + "  # one sample: no samples (batch) axis"
    return Diagnosis(
        "The samples axis is inside the declared input",
        f"The layer received {len(got)} axes{' ' + format_shape(got) if any(d is not None for d in got) else ''}: "
        "two of them are samples. keras.Input(shape=...) and input_shape= take the shape of ONE sample; Keras "
        "adds the samples (batch) axis itself. A fixed batch size goes in batch_size=, not in the shape.",
        "samples", cells, code,
        "A model with no keras.Input builds itself from X: there, X is the array with an axis too many "
        "(print X.shape).",
        culprit="declared", fix_kind="input_shape",
    )


def _channels(got: Shape) -> Diagnosis:
    """Images (samples, rows, cols) or frames (samples, frames, rows, cols) without a channels axis."""
    want = (tuple(got) + (1,))
    names = ("samples", "rows", "columns", "channels") if len(got) == 3 else \
        ("samples", "frames", "rows", "columns", "channels")
    cells = tuple(AxisCell(n, dim_text(a) if i < len(got) else MISSING, dim_text(b), i == len(got))
                  for i, (n, a, b) in enumerate(zip(names, tuple(got) + (None,), want)))
    layer = "ConvLSTM2D" if len(got) == 4 else "Conv2D"
    shape = format_shape(want)
    return Diagnosis(
        "The channels axis is missing",
        f"{layer} reads {len(want)}D: {', '.join(names)}. X {format_shape(got)} has the "
        f"{'frames and ' if len(got) == 4 else ''}pixels but no channels axis: a grey picture still has "
        "1 channel (colour has 3), and it goes last.",
        "channels", cells,
        f"X = X[..., np.newaxis]  # {shape}: the same pixels, 1 channel",
        f"Declare the same in the model: keras.Input(shape={format_shape(want[1:]) if all(d is not None for d in want[1:]) else '(..., 1)'}). "
        "No frame is cut or merged: only the last axis of 1 is added.",
        culprit="X", fix_kind="channels_axis",
    )


def _conv1d_features(got: Shape) -> Diagnosis:
    return _no_features_axis(got, "Conv1D")


def _dense_fed_more_axes(got: Shape, layer: str | None) -> Diagnosis:
    return Diagnosis(
        "Dense gets more axes than it was built for",
        f"{layer or 'The Dense layer'} gets {format_shape(got)}: a value per timestep, because the LSTM before it "
        "hands on every timestep (return_sequences=True) or nothing flattens the steps.",
        "timesteps", (), "layers.LSTM(50),  # the last LSTM: return_sequences off, one output per sample\n"
        "# or: layers.Flatten(), before the Dense layer",
        culprit="layer", fix_kind="return_sequences",
    )


def no_timesteps(got: Shape, declared: Shape | None = None) -> Diagnosis:
    """A 2D X (samples, values) where an LSTM reads 3D; `declared`: the model's (timesteps, features).

    The fixes come in the order of what the rows most often are: consecutive timesteps (cut
    windows), then windows already (a reshape to timesteps of 1 feature), and last independent
    samples (1 timestep, with its caveat). When the model itself declares 1 timestep of these
    features, that reshape is what it asks for and comes first, still with the caveat.
    """
    n, v = got
    if n == 1 and declared is None and (v or 0) > 1:
        # ONE sample: a single row cannot be cut into windows; its values are the window's timesteps
        return Diagnosis(
            "One window without its features axis",
            f"X {format_shape(got)} is one sample: a window of {_counted(v, 'value')}. An LSTM reads 3D (samples, timesteps, "
            f"features): the {dim_text(v)} values are its timesteps, each with 1 feature, and the features axis is missing.",
            "features", inserted_cells(got, (1, v, 1), 2),
            f"X = X.reshape((1, {code_dim(v)}, 1))  # 1 window of {dim_text(v)} timesteps, 1 feature each",
            "If the values are the features of one timestep instead (columns measured together), "
            f"use X.reshape((1, 1, {code_dim(v)})) and a model declared for (1, {code_dim(v)}).",
            culprit="X", fix_kind="reshape",
        )
    steps = declared[0] if declared else None
    model_asks = declared is not None and tuple(declared) == (1, v)
    given = steps if steps and steps > 1 else None  # a window length the model fixes
    note = one_timestep_caveat(v) if given is None else (
        "Overlapping windows hold more values than the data, so they are cut, never reshaped.")
    if n is None and declared is None:
        note += (" If this LSTM sits on top of another LSTM, the one below must hand on every timestep: "
                 "give it return_sequences=True.")
    expected = (None,) + tuple(declared) if declared else (None, None, v)
    first = Diagnosis(
        "X is 2D, the model wants 3D" if model_asks else "X has no timesteps axis",
        _no_timesteps_cause(got, declared), "timesteps", inserted_cells(got, expected, 1),
        "\n\n".join(_no_timesteps_fixes(got, declared)), note,
        culprit="X", fix_kind="windows" if given else "reshape",
    )
    if model_asks:  # (1, v) declared: an LSTM that asks for one timestep, or a Dense declared with one
        return ask("What is the model's first layer?",
                   ("An LSTM, GRU or another recurrent layer", first),
                   ("A Dense layer (the model has no recurrent layer)", _dense_declared_with_timesteps(got, v)))
    if declared is not None or v == 1:
        return first
    readings = [("The values measured at one moment (the rows follow one another in time)", first),
                ("One window of a single series, its values in time order", _no_features_axis(got))]
    if n is not None and n <= LONG_DECLARED:
        readings.append(("One whole sequence: the rows are its timesteps", _one_sequence(got)))
    return ask("What does one row of X hold?", *readings)


def _settled_by_layer(diagnosis: Diagnosis, layer: str | None) -> Diagnosis:
    """The reading a named first layer picks (Keras 2 names the input after it: lstm_2_input, dense_1_input)."""
    kind = _kind_of_layer(layer)
    if not diagnosis.others or kind not in ("recurrent", "dense"):
        return diagnosis
    picked = diagnosis if kind == "recurrent" else next(
        (d for d in diagnosis.others if d.culprit == "declared"), diagnosis)
    return replace(picked, question="", answer="", others=())


def _no_features_axis(got: Shape, reader: str = "An LSTM") -> Diagnosis:
    """2D X whose rows are windows of one series: the timesteps are there, the features axis of 1 is not."""
    n, v = got
    return Diagnosis(
        "X has no features axis",
        f"Each row of X {format_shape(got)} is one window of {_counted(v, 'value')}. {reader} reads 3D (samples, timesteps, "
        f"features): the {dim_text(v)} values of a window are its timesteps, each with 1 feature, so a last axis of 1 "
        "is missing. The values stay in their order.",
        "features", inserted_cells(got, (n, v, 1), 2),
        reshape_line("X", (n, v, 1)) + f"  # {dim_text(v)} timesteps of 1 feature\n"
        f"# and declare one window in the model: keras.Input(shape=({code_dim(v)}, 1))",
        culprit="X", fix_kind="reshape",
    )


def _one_sequence(got: Shape) -> Diagnosis:
    """2D X that is one whole sequence (one sample): its rows are timesteps, its columns features."""
    n, v = got
    return Diagnosis(
        "X is one sequence without its samples axis",
        f"X {format_shape(got)} is ONE sequence: {_counted(n, 'timestep')} of {_counted(v, 'feature')}. Keras reads the "
        f"first axis as samples, so it sees {dim_text(n)} samples and no timesteps. Give the sequence a samples axis of 1.",
        "samples", inserted_cells(got, (1, n, v), 0, ("samples", "timesteps", "features")),
        f"X = X.reshape((1, {code_dim(n)}, {code_dim(v)}))  # 1 sample of {dim_text(n)} timesteps × {dim_text(v)} features\n"
        "# several sequences of different lengths: pad them into one array, (sequences, timesteps, features)",
        "Training needs many samples: cut the sequence into windows, or collect several sequences (padded to one length).",
        culprit="X", fix_kind="reshape",
    )


def _dense_declared_with_timesteps(got: Shape, v: int | None) -> Diagnosis:
    """A Dense first layer declared as (1, v): the data is right, the declaration has an axis too many."""
    return Diagnosis(
        "The Dense input is declared with a timesteps axis",
        f"X {format_shape(got)} is rows of {_counted(v, 'feature')}, which is what a Dense layer reads. The model's "
        f"input was declared as (1, {code_dim(v)}): a timesteps axis no Dense model needs. Declare one row instead.",
        "timesteps", inserted_cells(got, (None, 1, v), 1),
        f"keras.Input(shape=({code_dim(v)},))  # one row of {dim_text(v)} features per sample; X stays as it is",
        culprit="declared", fix_kind="input_shape",
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
        windows += f"\n# and declare the windows in the model: keras.Input(shape=(n_steps, {code_dim(v)}))"
    one_step = one_timestep_code(reshape_line("X", (n, 1, v)), dim_text(v), model_asks)
    if other_features:
        one_step += f"  # with keras.Input(shape=(1, {code_dim(v)}))"
    if model_asks:
        return [one_step, windows]
    fixes = [windows] if n is None or n > (given or 3) else []  # too few rows for a window: no windows
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
            return Diagnosis("The array is 1D", cause, "timesteps", cells, reshape_line("X", target),
                             culprit="X", fix_kind="reshape")
        code = ("# If the values are one series over time: cut windows of consecutive values\n"
                + windows_code(None, data="X") + "\n\n"
                + one_timestep_code(reshape_line("X", target), "1", items="values"))
        return Diagnosis("The array is 1D", cause, "timesteps", cells, code, one_timestep_caveat(1, items="values"),
                         culprit="X", fix_kind="reshape")
    n, t, f = (got + (1,))[:3] if len(got) == 2 else got[:3]
    steps = _a_divisor(t)
    seq = f"{t} // n_steps" if t else "X.shape[1] // n_steps"
    if want == 4:
        shape = f"(-1, {seq}, n_steps, {f})"
        expected: Shape = (None, None, None, f)
    else:
        shape = f"(-1, {seq}, 1, n_steps, {f})"
        expected = (None, None, 1, None, f)
    cells = inserted_cells(got, expected, 1)
    return Diagnosis(
        "The window is not cut into subsequences",
        f"This model reads {want}D input: each window of {dim_text(t)} timesteps cut into subsequences. "
        f"X is {format_shape(got)}, without that axis.",
        "subsequences", cells,
        f"n_steps = {steps}  # timesteps per subsequence: it must divide the window's {dim_text(t)} timesteps\n"
        f"X = X.reshape({shape})",
        "Declare the same in the model: subsequences × steps per subsequence = the window length.",
        culprit="X", fix_kind="reshape",
    )


def _a_divisor(t: int | None) -> int:
    """A subsequence length that divides a window of `t` steps: the smallest divisor over 1, else 1."""
    if not t:
        return 1
    for d in range(2, t):
        if t % d == 0 and d * d >= t:
            return d
    return t if t > 1 else 1


def _shape(p: P.ParsedError) -> Diagnosis:
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
        return _batched_twice(got, expected)
    if len(got) != len(expected):
        fixed = conform(got, expected)
        if len(expected) == len(got) + 1 and len(expected) == 5 and expected[-1] == 1 and fixed is not None \
                and tuple(fixed[1:-1]) == tuple(got[1:]):
            return _channels(got)
        if p.excerpt and len(got) + 1 == len(expected) and None not in expected[1:] and tuple(got) == tuple(expected[1:]):
            # A message printing one sample's shape where Keras wants (samples, ...): a sample passed alone.
            # (Described models, with an empty excerpt, always give X with its samples.)
            return _one_sample_without_samples_axis(got, expected)
        if p.excerpt and len(got) + 1 < len(expected) and None not in expected[1:] and None not in got \
                and tuple(got) == tuple(d for d in expected[1:] if d != 1):
            # one window of 10 values, (10,), where the model reads (samples, 10, 1): the sample's values, no axes of 1
            return _one_sample_without_samples_axis(got, expected)
        if len(got) == 2 and len(expected) == 3 and (expected[1] or 0) >= LONG_DECLARED and got[0] is None:
            return _rows_declared_as_timesteps(got, expected)
        if p.excerpt and len(got) == 2 and len(expected) == 3 and expected[1] is None and got[1] is not None \
                and expected[2] == got[1]:  # (a described model names its first layer: no guessing there)
            return _none_written_for_the_batch(got, expected)
        if len(got) == 2 and len(expected) == 3 and (fixed is None or fixed[1] == 1):
            return _settled_by_layer(no_timesteps(got, tuple(expected[1:])), p.layer)
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
            return _one_sample_without_samples_axis(got, expected)
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
        return _one_sample_without_samples_axis((expected[1],), expected)
    if p.wording == P.KERAS2 and len(got) == 2 and got[1] == 1 and (expected[1] or 0) > 1 and got[0] is not None:
        # Keras 2 turns a 1D object array of sequences (n,) into (n, 1): ragged sequences
        return _ragged(P.ParsedError(P.RAGGED, P.KERAS2, p.excerpt, axis=1, got=(got[0],)))
    if _looks_like_images(got, expected) and len(got) == 4 and got[-1] != expected[-1] \
            and tuple(got[1:-1]) == tuple(expected[1:-1]):
        return _image_channels_count(got, expected)
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
        features = _features(got[-1], expected[-1], cells, tuple(got[1:-1]))
        if len(expected) == 2 and None not in (got[1], expected[1]) and _kind_of_layer(p.layer) in ("", "input"):
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
    """3D X of whole sequences (sentences, recordings) padded to another length than the model was built for."""
    have, want = got[1], expected[1]
    longer = have > want  # type: ignore[operator]
    return Diagnosis(
        "The sequences are not padded to the model's length",
        f"Each sample is a whole sequence, and the model was built for {_counted(want, 'timestep')}; X's sequences have "
        f"{dim_text(have)}. Sequences of their own lengths are {'cut' if longer else 'padded'} to one length before they "
        f"go into one array: {'cut them' if longer else 'pad them with zeros'} to {dim_text(want)}, the length the model "
        f"was built for{'' if longer else ', and a Masking layer tells the LSTM to skip the zeros'}.",
        "timesteps", aligned_cells(got, expected),
        f"X = keras.utils.pad_sequences(X, maxlen={code_dim(want)}, dtype=\"float32\", padding=\"post\", "
        f"truncating=\"post\")  # (samples, {code_dim(want)}, features)\n"
        "# padded steps are zeros: layers.Masking(mask_value=0.0) first in the model skips them",
        "pad_sequences takes the list of sequences as they are, each (its length, features). Or build the model for any "
        "length, keras.Input(shape=(None, features)), and pad each batch to its longest sequence.",
        culprit="X", fix_kind="pad",
    )


def _matches(shape: Shape, wanted: Shape) -> bool:
    return len(shape) == len(wanted) and all(a is None or b is None or a == b for a, b in zip(shape, wanted))


LONG_DECLARED = 1000  # declared timesteps this long, with 2D X: the number of rows written into the shape


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
        f"number of timesteps × {_counted(v, 'feature')}. X {format_shape(got)} has one row of {_counted(v, 'value')} "
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


def _image_channels_count(got: Shape, expected: Shape, names: tuple[str, ...] | None = None) -> Diagnosis:
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


def _one_sample_without_samples_axis(got: Shape, expected: Shape) -> Diagnosis:
    """One sample passed without its samples axis: its first axis is read as samples."""
    per = tuple(expected[1:])
    dims = ", ".join(code_dim(d) for d in per)
    return Diagnosis(
        "One sample without its samples axis",
        f"X {format_shape(got)} is ONE sample shaped {format_shape(per)}, but Keras reads the first axis as samples: "
        f"it sees {dim_text(got[0])} samples of {format_shape(tuple(got[1:]) or (1,))}. Give it a samples axis of 1.",
        "samples", padded_cells(got, expected),
        f"X = X.reshape((-1, {dims}{',' if len(per) == 1 else ''}))  # samples first: (1, {dims}) for one sample",
        "From a tf.data dataset: from_tensor_slices yields one window at a time; add .batch(32) before fit.",
        culprit="X", fix_kind="reshape",
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
        b = _permuted_to(a, b)
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


def _permuted_to(a: Shape, b: Shape) -> Shape | None:
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


def _features(have: int | None, want: int | None, cells: tuple[AxisCell, ...], middle: Shape | None = None) -> Diagnosis:
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


def _axis_value(p: P.ParsedError) -> Diagnosis:
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
        return _image_channels_count(tuple(got), expected, ("samples", "rows", "columns", "channels"))
    sample = p.model_input
    if len(got) == 2 and sample and len(sample) in (3, 4) and _kind_of_layer(p.layer) == "dense":
        return _flattened_width(got, want, sample, p.layer, aligned_cells(got, expected, names))
    # A Dense layer reads any rank >= 2 and checks only its last axis: (None, 5, 32) against 64 is a
    # width of 32 where 64 was built, which return_sequences (it changes the axes before) never fixes.
    diagnosis = _features(got[-1] if got else None, want, aligned_cells(got, expected, names), tuple(got[1:-1]))
    if len(got) == 3 and got[1] == want and got[-1] != want and want != 1:
        # the model's feature count sits on the timesteps axis: more features, or (samples, features, timesteps)
        diagnosis = replace(
            diagnosis,
            fix_code=f"{diagnosis.fix_code}\n\n# or, if X is (samples, features, timesteps): the axes the other way round\n"
                     "X = np.swapaxes(X, 1, 2)  # (samples, timesteps, features)",
            fix_note=(f"{diagnosis.fix_note} " if diagnosis.fix_note else "") + f"X's axis 1 holds {dim_text(want)}, the "
                     f"features the model reads: if X was laid out channels first, (samples, {dim_text(want)} features, "
                     f"{dim_text(got[-1])} timesteps), swap its axes instead.")
    return diagnosis


def _dims_equal(p: P.ParsedError) -> Diagnosis:
    if p.sizes is None and p.role == "target":
        return shapes_unsaid(p.loss)
    if p.sizes is None:
        return Diagnosis(
            "Two sizes that should match don't",
            "TensorFlow tried to combine two tensors whose sizes differ: usually X's features differ "
            "from keras.Input, or y's shape differs from the model's output. Paste the whole line "
            "(with the numbers), or describe your arrays and model in the second tab.",
            None, (), "print(X.shape, y.shape, model.input_shape, model.output_shape)",
            culprit="X", fix_kind="input_shape",
        )
    got, other = p.got or (), p.expected or ()
    if p.op == "batch" and "stateful" in p.excerpt:
        return _stateful_batch_size(p.sizes[0], p.sizes[1])
    if p.op == "negative":
        return _kernel_too_large(p)
    if p.op == "bias_axis":
        return _bias_channels_first(got, other, p.layer)
    if p.op == "state_units":
        return _state_units(p.sizes[0], (other[0] if other else p.sizes[1]))
    if p.op == "sample_weight":
        return _sample_weight_per_step(tuple(got), tuple(other))
    if p.op == "Conv":
        return _conv_channels(got, other)
    if got and other and len(got) == len(other) and got[0] != other[0] and tuple(got[1:]) == tuple(other[1:]):
        from lessons.debugger.targets import fixed_batch

        return fixed_batch(got, other)
    if p.detail == "decoder" and len(got) == len(other) == 3 and got[1] != other[1] and None not in (got[1], other[1]):
        return _decoder_steps(tuple(got), tuple(other))
    if p.role == "input":
        have, want = (got[-1] if got else p.sizes[0]), (other[0] if other else p.sizes[1])
        cells = (AxisCell("features", dim_text(have), dim_text(want), True),)
        dense = p.op == "MatMul" and p.layer is not None and p.layer.startswith("dense")  # a Dense reads one row
        return _features(have, want, cells, () if dense else None)
    if not got or not other:
        a, b = p.sizes
        return target_vs_output((None, a), (None, b), p.loss)
    if p.op == "Equal":
        return _accuracy_mismatch(got, other)
    return target_vs_output(got, other, p.loss)


def _state_units(state: int | None, units: int | None) -> Diagnosis:
    """A recurrent layer started from states of another number of units (an encoder-decoder's initial_state)."""
    return Diagnosis(
        "The initial state has other units than the layer",
        f"The layer was started from states of {dim_text(state)} units (initial_state=, an encoder's states) but "
        f"has {dim_text(units)} units itself: its states must be as wide as its units. Give the encoder and the "
        "decoder the same units (the code shows LSTMs; a GRU hands on one state, [h]).",
        None, (AxisCell("features", dim_text(state), dim_text(units), True),),
        f"encoder_out, state_h, state_c = layers.LSTM({code_dim(units)}, return_state=True)(encoder_inputs)\n"
        f"decoder_out = layers.LSTM({code_dim(units)})(decoder_inputs, initial_state=[state_h, state_c])",
        "`encoder_inputs` and `decoder_inputs` are the two keras.Input of the encoder-decoder.",
        labels=("the states", "the layer's units"), culprit="layer", fix_kind="output_units",
    )


def _sample_weight_per_step(weights: Shape, losses: Shape) -> Diagnosis:
    """sample_weight of (samples, timesteps) for a model with one loss per sample."""
    return Diagnosis(
        "sample_weight has a weight per timestep",
        f"Keras multiplies the loss of each sample, {format_shape(losses)}, by its weight; the weights given are "
        f"{format_shape(weights)}, one per timestep. A model with one loss per sample takes one weight per sample. "
        "(Weights per timestep go with a model that predicts every timestep.)",
        "timesteps", (AxisCell("samples", dim_text(weights[0]), dim_text(losses[0]), False),
                      AxisCell("timesteps", dim_text(weights[1]), MISSING, True)),
        "sample_weight = sample_weight[:, -1]  # the weight of each window's last step: (samples,)",
        "Or the mean over the window: sample_weight.mean(axis=1).",
        labels=("weights", "losses"), culprit="data", fix_kind="reshape",
    )


def _decoder_steps(y: Shape, out: Shape) -> Diagnosis:
    """A model that outputs a sequence through TimeDistributed, of another number of steps than y has."""
    return Diagnosis(
        "The model gives another number of steps than y has",
        f"The model ends with TimeDistributed and gives {dim_text(out[1])} steps per sample; y holds {dim_text(y[1])}. "
        "In an encoder-decoder, RepeatVector(n) sets the steps it predicts: make n the steps y holds (the horizon "
        "your windows were cut with). Without a RepeatVector, the output has X's timesteps: y then needs one target "
        "per step of X's windows.",
        "timesteps", aligned_cells(y, out, ("samples", "timesteps", "features")),
        f"layers.RepeatVector({y[1]}),  # an encoder-decoder: one decoder step per step of y",
        f"Or cut y with {dim_text(out[1])} steps per window, if that is the horizon you want.",
        labels=("y", "model output"), culprit="output", fix_kind="output_units",
    )


def _conv_channels(got: Shape, kernel: Shape) -> Diagnosis:
    """A convolution whose kernel was built for another number of input channels than its input has."""
    have, want = got[-1], kernel[-2]
    if len(got) == 4 and got[1] == 1 and kernel[0] == 1:
        # Conv1D runs as a Conv2D over (samples, 1, steps, features): the features differ
        cells = (AxisCell("features", dim_text(have), dim_text(want), True),)
        return _features(have, want, cells)
    fixed = tuple(got[:-1]) + (want,)
    names = ("samples", "rows", "columns", "channels") if len(got) == 4 else axis_names(len(got))[:-1] + ("channels",)
    return _image_channels_count(tuple(got), fixed, names)


def _stateful_batch_size(fed: int, built: int) -> Diagnosis:
    """A stateful LSTM, whose states hold one row per sample of a fixed batch, fed another batch size."""
    return Diagnosis(
        "A stateful LSTM fed another batch size",
        f"A stateful LSTM keeps its states from one batch to the next, one row per sample, so its batch size is "
        f"fixed when it is built: {dim_text(built)}. It was given {dim_text(fed)} samples at once. fit, predict and "
        f"evaluate take batch_size={built} too, and the number of samples must be a multiple of it.",
        "samples", (AxisCell("samples", dim_text(fed), dim_text(built), True),),
        f"model.predict(X, batch_size={built})  # the batch the stateful LSTM was built for; fit and evaluate too\n"
        f"# model.fit(X, y, batch_size={built}, shuffle=False)  # keep the order: the states carry on between batches",
        f"Or build it for the batch you feed: keras.Input(shape=(timesteps, features), batch_size={fed}).",
        labels=("fed", "built for"), culprit="declared", fix_kind="input_shape",
    )


def _bias_channels_first(values: Shape, bias: Shape, layer: str | None) -> Diagnosis:
    """A bias added along axis 1 (channels first) to values whose channels are last."""
    channels = bias[1]
    # axis 1 and the last axis disagree on where the channels are; the axes between them are the layout's own
    names = ("samples", "axis 1") + tuple(f"axis {i}" for i in range(2, len(values) - 1)) + ("channels",)
    cells = tuple(AxisCell(n, dim_text(v), dim_text(b), i in (1, len(values) - 1)) for i, (n, v, b) in
                  enumerate(zip(names, values, bias)))
    return Diagnosis(
        "The bias is added channels first",
        f"{layer or 'A layer'} adds its {dim_text(channels)} biases along axis 1, as a channels-first layout does "
        f"(the bias is shaped {format_shape(bias)}), but its values {format_shape(values)} hold the {dim_text(channels)} "
        "on their last axis, as channels last does. Keras 2 laid a bias out channels first whenever the image data "
        "format was set to \"channels_first\" (in ~/.keras/keras.json), even for a Dense layer. Keras reads "
        "channels last by default: make the setting and the data agree.",
        "channels", cells,
        "# Check the setting (Keras 2 and 3 alike): Keras reads channels last unless it is told otherwise\n"
        "from keras import backend\n\n"
        "print(backend.image_data_format())  # \"channels_first\" here: set it back, before the model is built\n"
        "backend.set_image_data_format(\"channels_last\")  # or \"image_data_format\" in ~/.keras/keras.json"
        + ("" if (layer or "").lower().startswith("dense") else
           "\n\n# or, if the model is meant to read channels first, move X's channels to axis 1\nX = np.moveaxis(X, -1, 1)"),
        "Set the data format before the model is built. In Keras 3 a Dense layer adds its bias on the last axis "
        "whatever the setting; convolutions take data_format=\"channels_last\" or \"channels_first\" one by one.",
        labels=("values", "bias laid out for"), culprit="declared", fix_kind="swap_axes",
    )


def _kernel_too_large(p: P.ParsedError) -> Diagnosis:
    kernel, size = p.sizes or (None, None)
    got = p.got or ()
    one_d = re.search(r"1d", p.layer or "", re.I)
    if "time_distributed" in (p.layer or "") and len(got) == 4 and got[1] == 1 and got[2] == 1:
        # TimeDistributed(Conv1D) runs on each subsequence as (1, steps, features): whole windows give it 1 step each
        window = p.model_input[1] if p.model_input and len(p.model_input) >= 3 else None
        return _windows_not_split(kernel, window)
    if len(got) == 3 or len(got) == 4 and got[1] == 1 and one_d:  # (TensorFlow runs a Conv1D as (samples, 1, steps, features))
        return _window_longer_than_timesteps(kernel, size, p.detail, tuple(got))
    if len(got) == 4 and got[-1] in (1, 3, 4) and size is not None and size in got[1:3]:
        return _kernel_larger_than_picture(kernel, size, tuple(got), p.layer)  # channels last already
    seen = f" The layer got {format_shape(p.got)}." if p.got else ""
    return Diagnosis(
        "An axis is smaller than the kernel",
        f"A convolution or pooling window of {dim_text(kernel)} slid over an axis of only {dim_text(size)}.{seen} Most often "
        "the channels axis sits where the layer expects rows or columns: Keras reads images channels last, "
        "(rows, columns, channels), and channels-first data puts the 3 colours where the rows should be.",
        "channels", (),
        "X = np.moveaxis(X, -3, -1)  # channels first → channels last: (..., rows, columns, channels)",
        "If the channels are already last, the pictures are too small for the stacked convolutions and poolings: "
        "use fewer poolings, padding=\"same\", or larger pictures.",
        culprit="X", fix_kind="swap_axes",
    )


def _kernel_larger_than_picture(kernel: int | None, size: int, got: Shape, layer: str | None) -> Diagnosis:
    """A 2D kernel (Conv2D, ConvLSTM2D) taller or wider than the pictures, whose channels are last."""
    on_rows = got[1] == size
    span = f"({size}, {kernel})" if on_rows else f"({kernel}, {size})"
    side = "rows" if on_rows else "columns"
    cells = tuple(AxisCell(n, dim_text(d), f"≥ {kernel}" if n == side else dim_text(d), n == side)
                  for n, d in zip(("samples", "rows", "columns", "channels"), got))
    return Diagnosis(
        "The kernel is larger than the picture",
        f"{layer or 'The convolution'} slides a kernel of {dim_text(kernel)} over {side} of only {dim_text(size)}: it "
        f"gets {format_shape(got)}, channels last, and the kernel does not fit even once. A kernel of at most "
        f"{dim_text(size)} {side} fits: kernel_size={span}.",
        "rows" if on_rows else None, cells,
        f"kernel_size={span},  # a kernel that fits the {side}\n\n"
        "# or keep the kernel and pad the edges: the output keeps the input's size\n"
        'padding="same",',
        "Stacked convolutions and poolings shrink the map further: each must still fit what the one before hands on.",
        labels=("yours", "the kernel needs"), culprit="layer", fix_kind="kernel",
    )


def _windows_not_split(kernel: int | None, window: int | None) -> Diagnosis:
    """A CNN-LSTM (TimeDistributed convolutions, then an LSTM) given whole windows, not subsequences."""
    n_seq = next((n for n in range(2, (window or 0) + 1) if window % n == 0 and window // n >= (kernel or 1)), None)
    sizes = (f"n_seq, n_steps = {n_seq}, {window // n_seq}  # subsequences × timesteps = {window}, each window's length"
             if window and n_seq else "n_seq = 2  # subsequences per window; n_seq × n_steps = the window's length\n"
             "n_steps = X.shape[1] // n_seq\n"
             "X = X[:, -n_seq * n_steps:]  # whole subsequences: drop an oldest step left over")
    return Diagnosis(
        "The windows are not cut into subsequences",
        "A CNN-LSTM reads each window as subsequences, (samples, subsequences, timesteps, features): TimeDistributed "
        "runs the convolution on each subsequence, and the LSTM reads their results in order. X came as whole windows, "
        f"so each subsequence is a single value, and a kernel of {dim_text(kernel)} cannot slide over 1 timestep. Split "
        "each window into n_seq subsequences of n_steps, with n_seq × n_steps equal to the window's length.",
        "subsequences", (AxisCell("samples", "samples", "samples", False),
                         AxisCell("subsequences", MISSING, dim_text(n_seq) if window and n_seq else "n_seq", True),
                         AxisCell("timesteps", dim_text(window) if window else "window",
                                  dim_text(window // n_seq) if window and n_seq else "n_steps", True),
                         AxisCell("features", "features", "features", False)),
        f"{sizes}\n"
        "X = X.reshape((X.shape[0], n_seq, n_steps, X.shape[-1]))  # (samples, subsequences, timesteps, features)\n"
        "# and declare the same: keras.Input(shape=(n_seq, n_steps, n_features))",
        f"Each subsequence needs at least {dim_text(kernel)} timesteps for the kernel.",
        culprit="X", fix_kind="reshape",
    )


def _window_longer_than_timesteps(kernel: int | None, size: int | None, what: str, got: Shape) -> Diagnosis:
    """A Conv1D kernel or a pooling window longer than the timesteps it slides over."""
    pooling = "pool" in what.lower()
    window = "pooling window" if pooling else "kernel"
    fits = (f"layers.MaxPooling1D(pool_size={code_dim(size)})" if pooling
            else f"layers.Conv1D(64, kernel_size={code_dim(size)}, activation=\"relu\")")
    same = (f"layers.MaxPooling1D(pool_size={code_dim(kernel)}, padding=\"same\")" if pooling
            else f"layers.Conv1D(64, kernel_size={code_dim(kernel)}, padding=\"same\", activation=\"relu\")")
    steps = tuple(got[-2:-1])
    return Diagnosis(
        f"The {window} is longer than the timesteps",
        f"A {window} of {dim_text(kernel)} timesteps slides along each sample, but only {_counted(size, 'timestep')} reach "
        f"this layer{' (it got ' + format_shape(got) + ')' if got else ''}: there is no place to put it. Every Conv1D "
        "without padding takes kernel_size - 1 timesteps off, and every pooling divides them.",
        "timesteps", tuple(AxisCell("timesteps", dim_text(d), f"≥ {dim_text(kernel)}", True) for d in steps),
        f"# A {window} no longer than the {_counted(size, 'timestep')} that reach this layer\n{fits},\n\n"
        f"# or padding=\"same\": {'the pooling keeps a last, partial window' if pooling else 'the length stays as it is'}\n"
        f"{same},",
        "Or cut longer windows: the timesteps a layer gets are X's timesteps minus what the layers before it took "
        "off. In a CNN-LSTM, the Conv1D slides inside each subsequence: it needs subsequences at least as long as "
        "its kernel.",
        culprit="layer", fix_kind="kernel",
    )


def _accuracy_mismatch(y: Shape, predicted: Shape) -> Diagnosis:
    """An accuracy metric's Equal: y's labels against the predicted labels (the output's argmax)."""
    from lessons.debugger.targets import sequence_lengths

    flattened = len(predicted) == 1 and len(y) >= 2 and None not in y and predicted[0] == math.prod(y)  # type: ignore[arg-type]
    if len(y) == len(predicted) + 1 and tuple(y[:-1]) == tuple(predicted) or len(predicted) == len(y) + 1 or flattened:
        return Diagnosis(
            "y's labels lack the last axis",
            f"The accuracy compares y {format_shape(y)} with the predicted labels {format_shape(predicted)}: the model "
            "predicts a label at every timestep, and sparse labels per step need a last axis of 1.",
            "outputs", (), "y = y[..., np.newaxis]  # (samples, timesteps, 1): one label per step",
            culprit="y", fix_kind="reshape",
        )
    if len(y) == len(predicted) == 2 and y[1] != predicted[1]:
        d = sequence_lengths((y[0], y[1], 1), (predicted[0], predicted[1], 1))
        return replace(d, culprit="y", cause=d.cause + " (The accuracy compares one label per timestep.)")
    from lessons.debugger.targets import target_vs_output

    return target_vs_output(y, predicted)


def _data_type(p: P.ParsedError) -> Diagnosis:
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
        return replace(_text_column(), title="X holds text, not numbers", culprit="data", axis=None, cause=(
            "Some values in X are text: a date, a name, or a number written with a comma or a unit. An LSTM "
            "computes with numbers only. Keep the columns that are numbers (or turn the text into numbers) "
            "before the windows are cut."))
    return Diagnosis(
        "X is not an array of numbers",
        f"Keras got a {p.detail or 'value'} where it needs a NumPy array of numbers (often a table column "
        "read as text, or an array of Python objects).",
        None, (), 'X = np.stack([np.asarray(v, dtype="float32") for v in X])  # one float array, every value a number',
        culprit="data", fix_kind="dtype",
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


def _ragged(p: P.ParsedError, one_d: bool = False) -> Diagnosis:
    if p.detail == "features":
        return _steps_of_other_features(p.got[0] if p.got else None, p.expected[0] if p.expected else None)
    after = p.axis or 1
    seen = f" NumPy got as far as {format_shape(p.got)}." if p.got else ""
    if one_d:
        seen = (f" X reached Keras as {dim_text(p.got[0] if p.got else None)} items with nothing inside: a 1D array, which "
                "is what np.array makes of sequences of different lengths (an object array).")
    padded = Diagnosis(
        "The pieces have different lengths",
        (f"NumPy was asked to stack pieces into one array, but after {after} axis{'es' if after > 1 else ''} "
         f"they have different lengths.{seen}" if not one_d else f"The layer reads sequences, but{seen}")
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
    if one_d or after != 1:  # (loop windows and per-series arrays differ right after the first axis)
        return padded
    return ask("What are the pieces?",
               ("Sequences of their own lengths (sentences, recordings, sessions)", padded),
               ("Windows a loop cut from one series", _loop_cut_short_windows()),
               ("Arrays of windows, one per sensor, user or file", _windows_per_entity()))


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


def _batched_twice(got: Shape, expected: Shape) -> Diagnosis:
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


def _keyword(p: P.ParsedError) -> Diagnosis:
    if p.detail in ("predict_classes", "predict_proba"):
        return Diagnosis(
            f"{p.detail} is gone from Keras models",
            f"Keras models have had no {p.detail}() since TensorFlow 2.6. predict() gives the probabilities: the class "
            "of each sample is the column with the largest one (a softmax), or a probability above 0.5 (one sigmoid unit).",
            "classes", (),
            "probabilities = model.predict(X)  # a stateful model: pass batch_size=, the size it was built for\n"
            "classes = np.argmax(probabilities, axis=-1)  # softmax: the most likely class\n"
            "# one sigmoid unit: classes = (probabilities > 0.5).astype(\"int32\")",
            culprit="output", fix_kind="labels",
        )
    if p.detail == "return_state":
        given = (p.sizes or (3, 1))[0]
        kind = {"lstm": "an LSTM hands on [output, state_h, state_c]",
                "bidirectional gru": "a Bidirectional GRU hands on [output, forward h, backward h]",
                "bidirectional lstm": "a Bidirectional LSTM hands on [output, forward h, c, backward h, c]"}[p.op]
        return Diagnosis(
            "A layer given a list of tensors",
            f"{p.layer or 'The layer'} reads one tensor and got a list of {given}, shaped as what a recurrent layer "
            f"with return_state=True hands on: {kind}. The next layer takes the output; the states go to a decoder's "
            "initial_state. (If the list is branches of the model instead, join them with a merge layer first: "
            "layers.Concatenate()([a, b, c]).)",
            None, (),
            "output, state_h, state_c = layers.LSTM(8, return_state=True)(inputs)  # a GRU: output, state = …\n"
            "hidden = layers.Dense(1)(output)  # the next layer takes the output only",
            "`inputs` is what the recurrent layer reads. Without a decoder, drop return_state=True instead.",
            culprit="layer", fix_kind="return_sequences",
        )
    if p.detail == "initial_state":
        given, wanted = p.sizes or (1, 2)
        return Diagnosis(
            f"The {p.layer or 'recurrent'} layer keeps {wanted} state{'s' if wanted > 1 else ''}, it got {given}",
            f"initial_state must hold the states the layer keeps: an LSTM keeps two, [h, c]; a GRU one, [h]. It got "
            f"{given}. An encoder LSTM with return_state=True gives output, h, c: pass [h, c]. A Bidirectional encoder "
            "gives four (forward and backward h and c): join the forward and backward states, and give the decoder "
            "twice the units.",
            None, (),
            "encoder_out, state_h, state_c = layers.LSTM(16, return_state=True)(encoder_inputs)\n"
            "decoder_out = layers.LSTM(16)(decoder_inputs, initial_state=[state_h, state_c])  # the same units\n\n"
            "# a Bidirectional encoder: forward and backward states side by side, a decoder of 2 × 8 units\n"
            "encoder_out, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(8, return_state=True))(encoder_inputs)\n"
            "initial_state = [layers.Concatenate()([fh, bh]), layers.Concatenate()([fc, bc])]\n"
            "decoder_out = layers.LSTM(16)(decoder_inputs, initial_state=initial_state)",
            "`encoder_inputs` and `decoder_inputs` are the two keras.Input of the encoder-decoder.",
            culprit="layer", fix_kind="output_units",
        )
    if p.detail == "dataset and y":
        return Diagnosis(
            "A dataset carries its own targets",
            "fit reads x and y from one tf.data dataset when it is given one: y must not be passed as well. A dataset "
            "of windows made without targets has none to read: make it with them.",
            None, (),
            "dataset = keras.utils.timeseries_dataset_from_array(series.reshape((-1, 1)), targets=series[n_steps:], "
            "sequence_length=n_steps)\n"
            "# model.fit(dataset, epochs=10): no y, the dataset yields (window, target) pairs",
            "`series` is the values in time order, `n_steps` the window length.",
            culprit="data", fix_kind="labels",
        )
    if p.detail == "input names":
        return Diagnosis(
            "The dictionary's keys are not the inputs' names",
            f"A model of named inputs reads a dictionary by the names of its keras.Input layers, and no key is named "
            f"\"{p.layer}\". Name each key as its input (or each input as its key).",
            None, (),
            f"keras.Input(shape=(n_steps, n_features), name=\"{p.layer}\")  # the name the dictionary's key has\n"
            "# or rename the keys to the inputs' names: print([t.name for t in model.inputs])",
            culprit="X", fix_kind="input_shape",
        )
    if p.detail == "permute":
        given = p.sizes or ()
        shifted = tuple(d - 1 for d in given) if given and min(given) == 0 else ()
        valid = bool(shifted) and sorted(shifted) == list(range(1, len(shifted) + 1))
        return Diagnosis(
            "Permute counts the axes from 1",
            "Permute never moves the samples axis, so its dims leave it out: they name each of the other axes once, "
            "counted from 1. For (samples, timesteps, features), Permute((2, 1)) swaps timesteps and features."
            + (f" {format_shape(given)} counts from 0: the same order counted from 1 is {format_shape(shifted)}."
               if valid else f" {format_shape(given)} is not such an order." if given else ""),
            None, (),
            f"layers.Permute({format_shape(shifted)}),  # the same order, counted from 1" if valid else
            "layers.Permute((2, 1)),  # (samples, timesteps, features) → (samples, features, timesteps)",
            culprit="layer", fix_kind="swap_axes",
        )
    if p.detail == "attention":
        return Diagnosis(
            "Attention takes a query and a value",
            "Attention compares a query with a value: it is called on a list, [query, value]. On an LSTM's steps (self-"
            "attention), both are the sequence it hands on, so that LSTM needs return_sequences=True.",
            "timesteps", (),
            "sequence = layers.LSTM(32, return_sequences=True)(inputs)  # (samples, timesteps, 32)\n"
            "attended = layers.Attention()([sequence, sequence])  # a query and a value",
            "`inputs` is what the LSTM reads. layers.MultiHeadAttention(num_heads=2, key_dim=16)(sequence, sequence) "
            "works the same way.",
            culprit="layer", fix_kind="return_sequences",
        )
    if p.detail == "TimeseriesGenerator":
        return Diagnosis(
            "Keras 3 has no TimeseriesGenerator",
            "The tutorials cut windows with TimeseriesGenerator; Keras 3 removed it. Cut the windows with NumPy "
            "(below), which gives the X and y arrays every page of this app shows, or make a dataset with "
            "keras.utils.timeseries_dataset_from_array.",
            "timesteps", (), windows_code(None, "series"),
            "As a dataset: keras.utils.timeseries_dataset_from_array(series.reshape((-1, 1)), targets=series[n_steps:], "
            "sequence_length=n_steps) pairs each window, (n_steps, 1), with the value after it.",
            culprit="data", fix_kind="windows",
        )
    if p.detail == "stateful batch":
        sample = tuple(p.got[1:]) if p.got else ()
        return Diagnosis(
            "A stateful LSTM needs a fixed batch size",
            "A stateful LSTM keeps one row of states per sample from one batch to the next, so it must know the batch "
            "size when it is built: keras.Input(shape=…) leaves it open. Give it batch_size=, and fit and predict "
            "with the same batch_size.",
            "samples", (AxisCell("samples", "any", "batch_size", True),),
            f"keras.Input(shape={format_shape(sample) if sample and None not in sample else '(n_steps, n_features)'}, "
            "batch_size=1)  # the batch the states are kept for\n"
            "# model.fit(X, y, batch_size=1, shuffle=False): the same batch, in time order",
            "A batch_size other than 1 works too, if the number of samples is a multiple of it.",
            culprit="declared", fix_kind="input_shape",
        )
    if p.detail == "features left open":
        return Diagnosis(
            "The number of features is left open",
            f"Keras builds a layer's weights ({p.layer or 'the layer'}'s kernel) from the number of features it reads, "
            "one row of weights per feature, and here that number is None. The timesteps may be None (windows of any "
            "length); the features must be a number: the columns of X.",
            "features", (AxisCell("features", "None", "X.shape[-1]", True),),
            "keras.Input(shape=(X.shape[-1],))  # a Dense reads one row of X's features per sample"
            if (p.layer or "").startswith("dense") else
            "keras.Input(shape=(None, X.shape[-1]))  # any number of timesteps, X's features",
            "If the layer is not the first, the layer before it hands on an open last axis (a Reshape with -1 there): "
            "give that layer a number instead.",
            culprit="declared", fix_kind="input_shape",
        )
    if p.detail == "reset_states":
        return Diagnosis(
            "reset_states is gone from Keras 3 models",
            "Keras 3 models have no reset_states(). The states belong to the stateful layer: reset that layer, "
            "where an epoch (or a sequence) ends.",
            None, (),
            "for layer in model.layers:\n"
            "    if getattr(layer, \"stateful\", False):\n"
            "        layer.reset_state()  # the stateful LSTM starts its next sequence from zeros",
            culprit="layer", fix_kind="input_shape",
        )
    if p.detail in ("shape", "negative shape"):
        written = re.search(r"Cannot convert '([^'\n]{1,80})'", p.excerpt)
        shown = written.group(1) if written else "it"
        if p.detail == "negative shape":
            return Diagnosis(
                "A size left open is None, not -1",
                f"Keras could not read {shown} as a shape: a size a shape leaves open is written None, not -1 (-1 is "
                "NumPy's reshape word). keras.Input(shape=(None, 3)) reads windows of any number of timesteps, 3 "
                "features each.",
                "timesteps", (),
                "keras.Input(shape=(None, 3))  # (timesteps, features): any length, 3 features",
                culprit="declared", fix_kind="input_shape",
            )
        return Diagnosis(
            "A shape is a tuple of whole numbers",
            f"Keras could not read {shown} as a shape. A shape is a tuple of whole numbers: keras.Input(shape=(3,)) "
            "for 3 features (the comma makes a tuple), (timesteps, features) for an LSTM. A size computed with / is a "
            "float: compute it with // or int().",
            None, (),
            "keras.Input(shape=(3,))  # a tuple, even for one number\n"
            "keras.Input(shape=(10, 1))  # an LSTM: (timesteps, features)\n"
            "units = 64 // 4  # sizes computed with / are floats; // keeps them whole",
            culprit="declared", fix_kind="input_shape",
        )
    return Diagnosis(
        f"{p.detail} is gone from Keras 3 layers",
        f"Keras 3 layers no longer take {p.detail}=. Start the model with keras.Input, whose shape is "
        "one sample (timesteps, features); a fixed batch size, as a stateful LSTM needs, goes in batch_size.",
        "samples" if "batch" in p.detail else None, (),
        "model = keras.Sequential([\n    keras.Input(shape=(1, 5), batch_size=1),\n"
        "    layers.LSTM(20, stateful=True),\n    layers.Dense(5),\n])",
        culprit="declared", fix_kind="input_shape",
    )


def _empty(p: P.ParsedError) -> Diagnosis:
    """An array with nothing in it: the step that made it selected nothing."""
    got = p.got
    names = axis_names(len(got)) if got and len(got) >= 2 else ("samples",)
    axis = names[p.axis or 0] if got and (p.axis or 0) < len(names) else "samples"
    shown = f"An array of shape {format_shape(got)} has 0 along its {axis} axis: it is empty. " if got else \
        "An array arrived with nothing in it. "
    cause = (shown + "Nothing is wrong with its other axes; the step that made it selected nothing. With windows, "
             "the usual one is a series shorter than a window and its target (n_steps + 1 rows or more are "
             "needed); otherwise a slice past the end, a date range or filter that matched nothing, or a file "
             "read with the wrong column or separator.")
    if "ran out of data" in p.excerpt:  # the same warning when a dataset gives fewer batches than asked
        cause += (" (With a tf.data dataset or a generator instead of arrays, it also means steps_per_epoch asks "
                  "for more batches than the data gives: repeat the dataset with .repeat().)")
    cells = (AxisCell(axis, "0", "1 or more", True),)
    code = ("# Find the first step where a size becomes 0: print the shapes on the way\n"
            "print(len(data))  # windows of n_steps rows, each with the row after it, need n_steps + 1 rows or more\n"
            "print(X.shape, y.shape)  # a 0 here: go back one step")
    return Diagnosis("The array is empty", cause, axis, cells, code,
                     "Keras 3 fits on an empty array with only a warning (\"Your input ran out of data\") and "
                     "learns nothing, so a shape with a 0 is worth checking before every fit.",
                     labels=("yours", "needed"), culprit="data", fix_kind="windows")

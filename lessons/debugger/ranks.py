"""Arrays with an axis too few or too many for the layer that reads them (`expected ndim=3, found ndim=2`)."""

from __future__ import annotations

import re
from dataclasses import replace

from lessons.core.axes import Shape, format_shape
from lessons.debugger import parse as P
from lessons.debugger.arrays import ragged_diagnosis
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
    padded_cells,
    reshape_line,
    row_windows_code,
    windows_code,
)
from lessons.debugger.layer_names import is_model_input, layer_kind
from lessons.debugger.targets import target_rank

LONG_DECLARED = 1000  # declared timesteps this long, with 2D X: the number of rows written into the shape


def rank_diagnosis(p: P.ParsedError) -> Diagnosis:
    got, want = p.got or (), p.expected_rank or 3
    found = p.found_rank or len(got)
    kind = layer_kind(p.layer)
    if p.role == "target":
        return target_rank(got, want)
    if (p.layer or "").lower().startswith(("flatten", "global_")) and not is_model_input(p.layer) and 0 < found < want:
        return _nothing_to_flatten(p.layer or "Flatten", found)
    if p.layer == "time_distributed" and p.wording == P.KERAS3 and found == 2 and want == 3:
        return _no_sequence_handed_on("TimeDistributed")  # Keras 3 checks the wrapper's input while it is built
    if "repeat_vector" in (p.layer or "").lower() and want == 2 and found == 3:
        return _encoder_hands_on_every_step(got or (None, None, None))
    if got and len(got) == 1 and want == 2:
        return _one_feature(got)
    if got and (_one_picture(got, want, kind, p.layer) or kind in ("image", "input", "") and _colour_picture(got, want)):
        return one_sample_without_samples_axis(got, (None,) + tuple(got))
    if p.detail == "previous" and found > want:  # e.g. a Dense (Keras 1) after an LSTM that hands on every step
        return _dense_fed_more_axes(got or (None,) * found, None)
    if p.detail == "previous" and found == want - 1 or (kind == "recurrent" and len(got) == 2 and want == 3
                                                       and _recurrent_position(p.layer, p.wording) == "later"):
        return _no_sequence_handed_on(p.layer if p.detail != "previous" else None)
    if not got:
        return _rank_without_shape(p, want, found, kind)
    if len(got) == want + 1 and len(got) >= 2 and got[0] is None and got[1] is None:
        return _batch_in_input(got, want)
    if kind == "recurrent" and not is_model_input(p.layer) and len(got) == want + 1 and want == 3 and got[-1] != 1:
        # Raised by the LSTM itself while the model is built: the declared input is 4D, or a layer before it
        # hands on 4D (the convolutions of a CNN-LSTM, an Embedding fed features)
        return ask(BELOW.format(name=p.layer or "the LSTM"),
                   ("Nothing: it is the model's first layer", _declared_one_axis_too_many(got, want, cnn_lstm=False)),
                   ("Convolutions wrapped in TimeDistributed (a CNN-LSTM)", _maps_not_flattened(got, p.layer)),
                   *([("An Embedding", _embedding_fed_features(got))] if None not in got[1:] else []))
    if (kind == "conv1d" and want == 3 or kind == "image" and want == 4 and "conv" in (p.layer or "")) \
            and len(got) == want + 1:
        return _convolution_fed_sequences(got)
    if kind == "recurrent" and not is_model_input(p.layer) and want == 3 and len(got) == 4 and got[0] is None \
            and got[-1] == 1 and None not in got[1:3] and got[2] > 1 and got[1] >= 4 * got[2]:  # type: ignore[operator]
        # (None, 400, 10, 1): input_shape=X.shape for windows of 1 feature. A series cut into windows gives
        # many more windows than steps in each; (None, 240, 94, 1) reads better as X with an axis of 1 too many
        return _batch_in_input(got, want)
    if len(got) == want + 1 and 1 in got[1:]:
        return _trailing_one(got, want)
    if p.wording == P.KERAS2 and len(got) == 2 and got[1] == 1 and got[0] is not None and want >= 3 \
            and kind in ("recurrent", "time_distributed", "image", ""):
        # Keras 2 turns a 1D array (n,) into (n, 1): here a 1D array of sequences of different lengths
        return ragged_diagnosis(P.ParsedError(P.RAGGED, P.KERAS2, p.excerpt, axis=1, got=(got[0],)), one_d=True)
    if kind == "dense" and len(got) == 2 and want >= 3 and p.role == "input":
        return _dense_declared_more_axes(got, want)
    if kind == "recurrent" and len(got) == want + 1 and want == 3 and not is_model_input(p.layer):
        return _declared_one_axis_too_many(got, want)
    if _is_image_channels(got, want, kind):
        return no_channels_axis(got)
    if kind == "conv1d" and len(got) == 2 and want == 3:
        return _conv1d_features(got)
    if kind == "dense" and len(got) > want and p.detail != "min_":
        return _dense_fed_more_axes(got, p.layer)
    if len(got) == 2 and want == 3:
        rows = no_timesteps(got)
        if got[0] is None and kind == "recurrent" and p.layer and rows.others:
            # no batch size: raised while the model is built, so the rows may be a Flatten's or a Dense's output
            name = p.layer
            return ask(f"What does each row reaching {name} hold?", *[(d.answer, d) for d in rows.readings],
                       ("The output of a Flatten or a global pooling before it", _time_axis_flattened(name)))
        return rows
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
    return ask(BELOW.format(name=name), (LSTM_BELOW, _last_output_only(name)),
               ("A Flatten or a global pooling", _time_axis_flattened(name)), ("A Dense", _one_vector_below(name)))


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


def _time_axis_flattened(name: str) -> Diagnosis:
    """A Flatten (or a global pooling) between the convolutions and the recurrent layer: the steps are gone."""
    return Diagnosis(
        f"A Flatten before {name} took the time axis away",
        f"{name} reads 3D (samples, timesteps, features) but gets (samples, values): a Flatten before it puts all of "
        "each sample's steps into one long row (a global pooling keeps one vector of filters, the steps averaged or "
        "maxed away). Keep the steps. Conv1D and 1D pooling hand on (samples, steps, filters), which the LSTM reads: "
        "leave the Flatten out. Pictures need one vector per frame: run the picture layers on each frame with "
        "TimeDistributed, and flatten each frame, not the whole sample.",
        "timesteps", HANDED_ON_CELLS,
        "# after Conv1D: no Flatten, the LSTM reads the steps\n"
        "layers.Conv1D(32, 3, activation=\"relu\"),\n"
        "layers.MaxPooling1D(2),\n"
        "layers.LSTM(50),  # (samples, steps, filters) in, one vector per sample out\n"
        "layers.Dense(1),\n\n"
        "# frames of pictures, (samples, frames, rows, columns, channels): each frame on its own\n"
        "layers.TimeDistributed(layers.Conv2D(16, 3, activation=\"relu\")),\n"
        "layers.TimeDistributed(layers.Flatten()),  # (samples, frames, values): one vector per frame\n"
        "layers.LSTM(50),\n"
        "layers.Dense(1),",
        "The LSTM hands on one vector per sample, which is what a Dense after it reads: no Flatten is needed after it "
        "either.",
        labels=("layer below hands on", "next layer wants"), culprit="layer", fix_kind="return_sequences",
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
        f"In a CNN-LSTM the TimeDistributed convolutions hand on a map for each subsequence, ({counted(steps, 'step')} × "
        f"{counted(filters, 'filter')}): 4D, {format_shape(got)}. {layer or 'The LSTM'} reads one vector of features "
        f"per timestep, here one per subsequence, so each map must be flattened first, still per subsequence.",
        "features", (),
        "layers.TimeDistributed(layers.Flatten()),  # each subsequence's map → one vector: (samples, subsequences, features)\n"
        "layers.LSTM(50),",
        culprit="layer", fix_kind="reshape",
    )


def _embedding_fed_features(got: Shape) -> Diagnosis:
    """An Embedding fed (samples, timesteps, features): it gives every value its own vector, 4D."""
    _, steps, per_step, width = got
    if per_step == 1:
        return Diagnosis(
            "The Embedding is fed a features axis",
            f"An Embedding turns each token id into a vector of {dim_text(width)}: it reads ids as (samples, timesteps) "
            f"and hands on (samples, timesteps, {dim_text(width)}). X holds its ids with an axis of 1 after them, so "
            "every id gets its own row of vectors and the LSTM gets 4D. Drop the axis of 1.",
            "features", (),
            "X = X.reshape((len(X), -1))  # token ids: (samples, timesteps), no features axis\n"
            f"# and declare them so: keras.Input(shape=({code_dim(steps)},)), then layers.Embedding(…)",
            "An Embedding is for whole-number ids of words or categories; it would read the values of measured "
            "features as ids.",
            culprit="X", fix_kind="reshape",
        )
    return Diagnosis(
        "The Embedding's input is declared with a features axis",
        f"An Embedding turns each token id into a vector of {dim_text(width)}: it reads ids as (samples, timesteps) and "
        f"hands on (samples, timesteps, {dim_text(width)}). It is given {dim_text(per_step)} values per step, so every "
        "value gets its own vector and the LSTM gets 4D. If those values are one-hot rows, the "
        "Embedding wants the ids instead; if they are already vectors (measured features, pretrained embeddings), "
        "the LSTM reads them and no Embedding is needed.",
        "features", (),
        f"# one-hot rows: give the Embedding the ids, one per step\n"
        "X = X.argmax(axis=-1)  # (samples, timesteps)\n"
        f"keras.Input(shape=({code_dim(steps)},)),\n"
        f"layers.Embedding(input_dim={code_dim(per_step)}, output_dim={code_dim(width)}),\n\n"
        "# vectors already: no Embedding, the LSTM reads (samples, timesteps, features) itself\n"
        f"keras.Input(shape=({code_dim(steps)}, {code_dim(per_step)})),\n"
        "layers.LSTM(50),",
        "If the values are ids of categories (one per step and column), give each column its own Embedding and "
        "join the vectors, or use one id per step.",
        culprit="declared", fix_kind="input_shape",
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
        d = no_channels_axis((None,) * found)
        return replace(d, culprit="layer", title=f"The layer before {name} hands on no channels axis",
                       cause=(f"{name} reads 4D (samples, rows, columns, channels) and was given 3D while the model was "
                              "built. It is not the model's first convolution, so the layer before it hands on "
                              "(samples, rows, columns): a Reshape without the channels axis, say. Give that layer's "
                              "output a channels axis of 1."),
                       fix_code="layers.Reshape((28, 28, 1)),  # e.g. 28 × 28 pictures: (rows, columns, channels), one channel added",
                       fix_note="Keras 3 reads channels last; with data_format=\"channels_first\" the 1 goes first.")
    if found == want - 1 and (want in (4, 5) and kind == "image" or want == 5 and kind == "recurrent"):
        # (a recurrent layer that reads 5D is a ConvLSTM2D, e.g. inside Bidirectional)
        d = no_channels_axis((None,) * found)
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


def no_channels_axis(got: Shape) -> Diagnosis:
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
            f"X {format_shape(got)} is one sample: a window of {counted(v, 'value')}. An LSTM reads 3D (samples, timesteps, "
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


def settled_by_layer(diagnosis: Diagnosis, layer: str | None) -> Diagnosis:
    """The reading a named first layer picks (Keras 2 names the input after it: lstm_2_input, dense_1_input)."""
    kind = layer_kind(layer)
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
        f"Each row of X {format_shape(got)} is one window of {counted(v, 'value')}. {reader} reads 3D (samples, timesteps, "
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
        f"X {format_shape(got)} is ONE sequence: {counted(n, 'timestep')} of {counted(v, 'feature')}. Keras reads the "
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
        f"X {format_shape(got)} is rows of {counted(v, 'feature')}, which is what a Dense layer reads. The model's "
        f"input was declared as (1, {code_dim(v)}): a timesteps axis no Dense model needs. Declare one row instead.",
        "timesteps", inserted_cells(got, (None, 1, v), 1),
        f"keras.Input(shape=({code_dim(v)},))  # one row of {dim_text(v)} features per sample; X stays as it is",
        culprit="declared", fix_kind="input_shape",
    )


def _no_timesteps_cause(got: Shape, declared: Shape | None) -> str:
    n, v = got
    cause = (f"X {format_shape(got)} is 2D: samples with {counted(v, 'value')} each, but no timesteps axis. "
             "An LSTM reads 3D (samples, timesteps, features), and the timesteps are the sequence it learns from.")
    if declared is None:
        return cause
    steps, features = declared
    if tuple(declared) == (1, v):
        cause += (f" Your model declares {format_shape((None,) + tuple(declared))}: 1 timestep of "
                  f"{counted(v, 'feature')}, so a reshape to {format_shape((n, 1, v))} is what it asks for.")
    elif steps and steps > 1:
        cause += (f" Your model reads windows of {steps} timesteps; no reshape can make them, because each row "
                  "holds the values of one timestep.")
    if features not in (None, v):
        cause += f" X's rows have {counted(v, 'value')} where the model declares {counted(features, 'feature')}."
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


def one_sample_without_samples_axis(got: Shape, expected: Shape) -> Diagnosis:
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

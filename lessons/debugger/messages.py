"""From a parsed error message to a Diagnosis: the cause, the wrong axis and the fix.

`explain` hands each kind of message (see `lessons.debugger.parse`) to the module that reads it:
arrays NumPy cannot build (`arrays`), an axis too few or too many (`ranks`), sizes that differ
(`shapes`), targets and sample counts (`targets`), joined branches and windows (`joining`),
scalers and saved weights. The rest is read here: TensorFlow's "Dimensions must be equal",
kernels longer than their axis, and messages known by a keyword.

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
from lessons.debugger.arrays import data_type_diagnosis, ragged_diagnosis, reshape_diagnosis
from lessons.debugger.explain import (
    MISSING,
    AxisCell,
    Diagnosis,
    aligned_cells,
    axis_names,
    code_dim,
    counted,
    dim_text,
    windows_code,
)
from lessons.debugger.joining import joined_diagnosis, window_diagnosis
from lessons.debugger.ranks import rank_diagnosis
from lessons.debugger.scaling import scaler_diagnosis
from lessons.debugger.shapes import axis_value_diagnosis, features_differ, image_channels_count, shape_diagnosis
from lessons.debugger.targets import (
    confusion_metric,
    inputs_diagnosis,
    labels_diagnosis,
    loss_comparison,
    samples_diagnosis,
    shapes_unsaid,
    target_vs_output,
)
from lessons.debugger.weights import saved_weights_diagnosis


def explain(parsed: P.ParsedError) -> Diagnosis:
    """The diagnosis for a recognised message (see `lessons.debugger.parse`)."""
    handler = {
        P.RESHAPE_SIZE: reshape_diagnosis,
        P.RANK: rank_diagnosis,
        P.SHAPE: shape_diagnosis,
        P.AXIS_VALUE: axis_value_diagnosis,
        P.SAMPLES: samples_diagnosis,
        P.DIMS_EQUAL: _dims_equal,
        P.DATA_TYPE: data_type_diagnosis,
        P.KEYWORD: _keyword,
        P.RAGGED: ragged_diagnosis,
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
        return features_differ(have, want, cells, () if dense else None)
    if not got or not other:
        a, b = p.sizes
        return target_vs_output((None, a), (None, b), p.loss)
    if p.op == "Equal":
        return _accuracy_mismatch(got, other)
    if p.op == "confusion":
        return confusion_metric(tuple(got), tuple(other))
    return loss_comparison(tuple(got), tuple(other), p)


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
        return features_differ(have, want, cells)
    fixed = tuple(got[:-1]) + (want,)
    names = ("samples", "rows", "columns", "channels") if len(got) == 4 else axis_names(len(got))[:-1] + ("channels",)
    return image_channels_count(tuple(got), fixed, names)


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
        f"A {window} of {dim_text(kernel)} timesteps slides along each sample, but only {counted(size, 'timestep')} reach "
        f"this layer{' (it got ' + format_shape(got) + ')' if got else ''}: there is no place to put it. Every Conv1D "
        "without padding takes kernel_size - 1 timesteps off, and every pooling divides them.",
        "timesteps", tuple(AxisCell("timesteps", dim_text(d), f"≥ {dim_text(kernel)}", True) for d in steps),
        f"# A {window} no longer than the {counted(size, 'timestep')} that reach this layer\n{fits},\n\n"
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

"""A lesson's model run again in NumPy from its `LayerRecord`s, keeping every recurrent layer's steps.

`run_model(records, sample)` takes one sample (no samples axis) through the layers the forecasting
and memory lessons use: LSTM, Bidirectional(LSTM), ConvLSTM2D, Dense, RepeatVector, Flatten and
TimeDistributed(Conv1D / MaxPooling1D / Flatten / Dense). It returns every layer's output and, for
each recurrent layer, the `CellTrace` of every direction, so the page can step through the cell that
really trained, including the layers a stacked model feeds with the h sequence of the one before.

ConvLSTM2D's step is the LSTM's with each matrix product replaced by a convolution: the input by
`kernel` over the image with the layer's padding ("valid" here), the previous hidden state by
`recurrent_kernel` with "same" padding, so the state keeps the output's rows × columns × filters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.inside.cell import CellTrace, LSTMWeights, UnsupportedLayer, activation, run_lstm
from lessons.inside.records import LayerRecord


@dataclass(frozen=True)
class RecurrentLayer:
    """One recurrent layer's steps for one sample: one trace per direction."""

    index: int  # position in the model's layers
    record: LayerRecord
    directions: tuple[tuple[str, CellTrace], ...]  # ("forward", trace), ("backward", trace)
    reads: str  # what its input is, in words: "the window", "layer 1's h at every step", …
    unit_labels: tuple[str, ...]  # one per row of the traces


@dataclass(frozen=True)
class ModelRun:
    outputs: tuple[np.ndarray, ...]  # every layer's output for the sample (no samples axis)
    recurrent: tuple[RecurrentLayer, ...]

    @property
    def output(self) -> np.ndarray:
        return self.outputs[-1]


def lstm_weights(record: LayerRecord, backward: bool = False) -> LSTMWeights:
    """The LSTMWeights of an LSTM record, or of one half of a Bidirectional(LSTM) record."""
    arrays = record.arrays[3:6] if backward else record.arrays[:3]
    if len(arrays) != 3 or not record.setting("use_bias", True):
        raise UnsupportedLayer(f"{record.kind} without a bias is not drawn here.")
    go_back = record.setting("backward_go_backwards", True) if backward else record.setting("go_backwards", False)
    return LSTMWeights(*arrays, activation=record.setting("activation", "tanh"),
                       recurrent_activation=record.setting("recurrent_activation", "sigmoid"),
                       go_backwards=bool(go_back))


def _dense(record: LayerRecord, x: np.ndarray) -> np.ndarray:
    kernel, bias = (record.arrays + (None,))[:2] if record.setting("use_bias", True) else (record.arrays[0], None)
    out = np.asarray(x, dtype=np.float64) @ np.asarray(kernel, dtype=np.float64)
    if bias is not None:
        out = out + bias
    return activation(record.setting("activation", "linear"))(out)


def _conv1d(record: LayerRecord, x: np.ndarray) -> np.ndarray:
    """Conv1D, stride 1, "valid" padding, no dilation, on (steps, channels)."""
    if record.setting("padding") != "valid" or record.setting("strides") != (1,) or record.setting("dilation_rate") != (1,):
        raise UnsupportedLayer("Only Conv1D with stride 1, no dilation and 'valid' padding is drawn here.")
    kernel, bias = (np.asarray(a, dtype=np.float64) for a in record.arrays)
    width = kernel.shape[0]
    steps = x.shape[0] - width + 1
    out = np.stack([sum(x[t + j] @ kernel[j] for j in range(width)) for t in range(steps)]) + bias
    return activation(record.setting("activation", "linear"))(out)


def _max_pool1d(record: LayerRecord, x: np.ndarray) -> np.ndarray:
    (size,), (stride,) = record.setting("pool_size"), record.setting("strides")
    if record.setting("padding") != "valid":
        raise UnsupportedLayer("Only MaxPooling1D with 'valid' padding is drawn here.")
    count = (x.shape[0] - size) // stride + 1
    return np.stack([x[k * stride : k * stride + size].max(axis=0) for k in range(count)])


def _conv2d(x: np.ndarray, kernel: np.ndarray, padding: str) -> np.ndarray:
    """2D convolution (cross-correlation, as Keras), stride 1: x (rows, cols, in) → (rows', cols', out)."""
    kh, kw = kernel.shape[:2]
    if padding == "same":  # TensorFlow's rule: the extra pad of an even kernel goes after
        x = np.pad(x, (((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2), (0, 0)))
    rows, cols = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    out = np.zeros((rows, cols, kernel.shape[3]))
    for a in range(kh):
        for b in range(kw):
            out += x[a : a + rows, b : b + cols] @ kernel[a, b]
    return out


def run_conv_lstm(record: LayerRecord, sequence: np.ndarray) -> CellTrace:
    """ConvLSTM2D over (steps, rows, cols, channels); every gate flattened to rows·cols·filters units."""
    if record.setting("strides") != (1, 1) or record.setting("dilation_rate") != (1, 1) \
            or record.setting("go_backwards") or not record.setting("use_bias", True):
        raise UnsupportedLayer("Only ConvLSTM2D with stride 1, no dilation, a bias and forward time is drawn here.")
    kernel, recurrent, bias = (np.asarray(a, dtype=np.float64) for a in record.arrays)
    filters = recurrent.shape[2]
    gate_act = activation(record.setting("recurrent_activation", "sigmoid"))
    act = activation(record.setting("activation", "tanh"))
    padding = record.setting("padding", "valid")
    steps = sequence.shape[0]
    shape = _conv2d(sequence[0], kernel, padding).shape[:2] + (filters,)
    h, c = np.zeros(shape), np.zeros(shape)
    rows: dict[str, list[np.ndarray]] = {name: [] for name in ("x", "i", "f", "g", "o", "c", "h", "c_prev", "h_prev")}
    for t in range(steps):
        z = _conv2d(sequence[t], kernel, padding) + bias + _conv2d(h, recurrent, "same")
        z_i, z_f, z_c, z_o = (z[..., k * filters : (k + 1) * filters] for k in range(4))
        i, f, g, o = gate_act(z_i), gate_act(z_f), act(z_c), gate_act(z_o)
        rows["c_prev"].append(c.ravel())
        rows["h_prev"].append(h.ravel())
        c = f * c + i * g
        h = o * act(c)
        for name, value in (("x", sequence[t]), ("i", i), ("f", f), ("g", g), ("o", o), ("c", c), ("h", h)):
            rows[name].append(value.ravel())
    return CellTrace(timesteps=tuple(range(steps)), **{name: np.array(v) for name, v in rows.items()})


def _recurrent_reads(index: int, previous: list[LayerRecord]) -> str:
    if index == 0:
        return "the window"
    last = previous[-1]
    if last.kind == "RepeatVector":
        return f"the encoder's last h, repeated {last.setting('n')} times (RepeatVector)"
    if last.kind.startswith("TimeDistributed"):
        return "the CNN's features of each subsequence (Conv1D → MaxPooling1D → Flatten)"
    number = sum(1 for r in previous if r.recurrent)
    return f"recurrent layer {number}'s h at every step" if last.recurrent else "the layer before"


def run_model(records: tuple[LayerRecord, ...], sample: np.ndarray) -> ModelRun:
    """One sample through the model's layers in NumPy; see the module docstring."""
    x = np.asarray(sample, dtype=np.float64)
    outputs: list[np.ndarray] = []
    recurrent: list[RecurrentLayer] = []
    for index, record in enumerate(records):
        kind = record.kind
        if kind == "LSTM":
            trace = run_lstm(lstm_weights(record), x)
            x = trace.sequence() if record.setting("return_sequences") else trace.h[-1]
            labels = tuple(f"unit {u}" for u in range(trace.units))
            recurrent.append(RecurrentLayer(index, record, (("forward", trace),), _recurrent_reads(index, list(records[:index])), labels))
        elif kind == "Bidirectional(LSTM)":
            ahead, back = run_lstm(lstm_weights(record), x), run_lstm(lstm_weights(record, backward=True), x)
            if record.setting("merge_mode") != "concat":
                raise UnsupportedLayer("Only Bidirectional with merge_mode='concat' is drawn here.")
            if record.setting("return_sequences"):
                x = np.concatenate([ahead.sequence(), back.sequence()], axis=-1)
            else:
                x = np.concatenate([ahead.h[-1], back.h[-1]])
            labels = tuple(f"unit {u}" for u in range(ahead.units))
            recurrent.append(RecurrentLayer(index, record, (("forward", ahead), ("backward", back)),
                                            _recurrent_reads(index, list(records[:index])), labels))
        elif kind == "ConvLSTM2D":
            trace = run_conv_lstm(record, x)
            out_shape = (-1,) + tuple(_conv2d(x[0], np.asarray(record.arrays[0], dtype=np.float64),
                                              record.setting("padding", "valid")).shape[:2]) + (record.setting("filters"),)
            x = trace.h.reshape(out_shape) if record.setting("return_sequences") else trace.h[-1].reshape(out_shape[1:])
            rows_, cols_, filters = out_shape[1:]
            labels = tuple(f"row {r} col {c} filter {k}" if rows_ > 1 else (f"col {c} filter {k}" if cols_ > 1 else f"filter {k}")
                           for r in range(rows_) for c in range(cols_) for k in range(filters))
            recurrent.append(RecurrentLayer(index, record, (("forward", trace),), _recurrent_reads(index, list(records[:index])), labels))
        elif kind == "Dense":
            x = _dense(record, x)
        elif kind == "TimeDistributed(Dense)":
            x = np.stack([_dense(record, step) for step in x])
        elif kind == "TimeDistributed(Conv1D)":
            x = np.stack([_conv1d(record, step) for step in x])
        elif kind == "TimeDistributed(MaxPooling1D)":
            x = np.stack([_max_pool1d(record, step) for step in x])
        elif kind == "TimeDistributed(Flatten)":
            x = x.reshape(x.shape[0], -1)
        elif kind == "Flatten":
            x = x.reshape(-1)
        elif kind == "RepeatVector":
            x = np.repeat(x[np.newaxis], int(record.setting("n")), axis=0)
        else:
            raise UnsupportedLayer(f"A {kind} layer is not one this picture computes.")
        outputs.append(x)
    return ModelRun(tuple(outputs), tuple(recurrent))

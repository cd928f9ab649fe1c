"""One LSTM cell, step by step, in NumPy: the arithmetic Keras 3 does, every gate kept for the picture.

Keras 3 (`keras/src/layers/rnn/lstm.py`, `LSTMCell.build` and `LSTMCell.call`) keeps an LSTM layer
in three arrays:

- `kernel`, shape (features, 4·units): what multiplies the input x_t;
- `recurrent_kernel`, shape (units, 4·units): what multiplies the previous hidden state h_{t-1};
- `bias`, shape (4·units,).

The 4·units columns are four blocks of `units`, in the order input gate i, forget gate f,
candidate c (often written g) and output gate o. For every step,
z = x_t·kernel + h_{t-1}·recurrent_kernel + bias is split into those four blocks and

    i = σ(z_i)   f = σ(z_f)   g = φ(z_c)   o = σ(z_o)
    c_t = f·c_{t-1} + i·g     h_t = o·φ(c_t)

with σ the `recurrent_activation` (sigmoid by default) and φ the `activation` (tanh by default;
the forecasting lessons use relu, as the tutorial does). The state starts at zeros. Tests hold
every trace against Keras' own output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GATE_ORDER = ("i", "f", "c", "o")  # the four blocks of kernel, recurrent_kernel and bias, in Keras' order
GATE_NAMES = {
    "i": "input gate i",
    "f": "forget gate f",
    "c": "candidate g",
    "o": "output gate o",
}


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # 1 / (1 + e^-x), without overflow for large |x|


ACTIVATIONS = {
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "relu": lambda x: np.maximum(x, 0.0),
    "linear": lambda x: x,
}


class UnsupportedLayer(ValueError):
    """A layer setting this NumPy cell does not reproduce (e.g. an activation it does not know)."""


def activation(name: str):
    """The NumPy function for a Keras activation name."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise UnsupportedLayer(
            f"The activation '{name}' is not one this picture computes ({', '.join(ACTIVATIONS)})."
        ) from None


@dataclass(frozen=True)
class LSTMWeights:
    """One LSTM layer (one direction) as plain arrays and the settings its step needs."""

    kernel: np.ndarray  # (features, 4·units)
    recurrent_kernel: np.ndarray  # (units, 4·units)
    bias: np.ndarray  # (4·units,)
    activation: str = "tanh"
    recurrent_activation: str = "sigmoid"
    go_backwards: bool = False

    def __post_init__(self) -> None:
        features, four_units = np.shape(self.kernel)
        units = four_units // 4
        if four_units != 4 * units or np.shape(self.recurrent_kernel) != (units, 4 * units) \
                or np.shape(self.bias) != (4 * units,):
            raise UnsupportedLayer(
                "An LSTM's weights are kernel (features, 4·units), recurrent_kernel (units, 4·units) "
                f"and bias (4·units,); these are {np.shape(self.kernel)}, "
                f"{np.shape(self.recurrent_kernel)} and {np.shape(self.bias)}."
            )
        activation(self.activation)
        activation(self.recurrent_activation)

    @property
    def units(self) -> int:
        return int(np.shape(self.recurrent_kernel)[0])

    @property
    def features(self) -> int:
        return int(np.shape(self.kernel)[0])

    def block(self, array: np.ndarray, gate: str) -> np.ndarray:
        """The columns of `kernel`, `recurrent_kernel` or `bias` that belong to one gate."""
        start = GATE_ORDER.index(gate) * self.units
        return array[..., start : start + self.units]


@dataclass(frozen=True)
class CellTrace:
    """Every step of one LSTM over one window, in the order the layer read it.

    All arrays are (steps, units) except `x`, (steps, features). `timesteps[k]` is the position in
    the original window that step k read (reversed for a backward layer). `c_prev[k]` and
    `h_prev[k]` are the state handed to step k (zeros at the first step).
    """

    x: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray  # the candidate, φ(z_c)
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray
    c_prev: np.ndarray
    h_prev: np.ndarray
    timesteps: tuple[int, ...]

    @property
    def steps(self) -> int:
        return len(self.timesteps)

    @property
    def units(self) -> int:
        return int(self.h.shape[1])

    def sequence(self) -> np.ndarray:
        """h at every step in the window's own time order: what `return_sequences=True` returns."""
        order = np.argsort(self.timesteps)
        return self.h[order]


def run_lstm(
    weights: LSTMWeights,
    window: np.ndarray,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
) -> CellTrace:
    """Run one LSTM (one direction) over a window (timesteps, features), keeping every gate.

    A `go_backwards` layer reads the window from its last timestep to its first, as Keras'
    Bidirectional does for its backward half.
    """
    window = np.asarray(window, dtype=np.float64)
    if window.ndim != 2 or window.shape[1] != weights.features:
        raise UnsupportedLayer(
            f"This LSTM reads windows of (timesteps, {weights.features}) values; this one is {window.shape}."
        )
    steps = window.shape[0]
    order = tuple(range(steps - 1, -1, -1)) if weights.go_backwards else tuple(range(steps))
    units = weights.units
    kernel = np.asarray(weights.kernel, dtype=np.float64)
    recurrent = np.asarray(weights.recurrent_kernel, dtype=np.float64)
    bias = np.asarray(weights.bias, dtype=np.float64)
    gate_act, act = activation(weights.recurrent_activation), activation(weights.activation)
    h = np.zeros(units) if h0 is None else np.asarray(h0, dtype=np.float64).reshape(units)
    c = np.zeros(units) if c0 is None else np.asarray(c0, dtype=np.float64).reshape(units)
    rows: dict[str, list[np.ndarray]] = {name: [] for name in ("x", "i", "f", "g", "o", "c", "h", "c_prev", "h_prev")}
    for t in order:
        x_t = window[t]
        z = x_t @ kernel + h @ recurrent + bias
        z_i, z_f, z_c, z_o = (z[k * units : (k + 1) * units] for k in range(4))
        i, f, g, o = gate_act(z_i), gate_act(z_f), act(z_c), gate_act(z_o)
        rows["c_prev"].append(c)
        rows["h_prev"].append(h)
        c = f * c + i * g
        h = o * act(c)
        for name, value in (("x", x_t), ("i", i), ("f", f), ("g", g), ("o", o), ("c", c), ("h", h)):
            rows[name].append(value)
    empty = np.zeros((0, units))
    arrays = {name: (np.array(values) if values else empty) for name, values in rows.items()}
    if not rows["x"]:
        arrays["x"] = np.zeros((0, weights.features))
    return CellTrace(timesteps=order, **arrays)


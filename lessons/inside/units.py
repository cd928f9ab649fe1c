"""What `units` is: the size of the state an LSTM carries, and so of its weights and its output.

`LSTM(units)` keeps `units` numbers of cell state c and `units` numbers of hidden state h. Each of
the four gates (input, forget, candidate, output) needs a weight per input feature and per unit of
h, plus a bias, for every unit:

    kernel            (features, 4·units)
    recurrent_kernel  (units,    4·units)
    bias              (4·units,)
    parameters = 4·(units·(features + units) + units)

and the layer outputs h: (samples, units), never timesteps and never the number of outputs (the
Dense layer after it decides those). ConvLSTM2D swaps the matrix products for convolutions, so its
count multiplies by the kernel's size instead. Tests hold every count against `count_params()`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.forecasting import models


@dataclass(frozen=True)
class RecurrentCount:
    """One recurrent layer of a lesson's model: what it reads and how many weights it has."""

    label: str  # "LSTM", "LSTM 2 (reads LSTM 1's h)", "Bidirectional: forward", …
    kind: str  # "LSTM" or "ConvLSTM2D"
    features: int  # what one step reads: input features, or channels for ConvLSTM2D
    units: int  # units, or filters for ConvLSTM2D
    kernel_size: tuple[int, int] | None = None  # ConvLSTM2D only

    @property
    def parameters(self) -> int:
        if self.kernel_size is None:
            return lstm_parameters(self.features, self.units)
        return conv_lstm_parameters(self.features, self.units, self.kernel_size)

    def formula(self) -> str:
        """The count as a LaTeX line, with this layer's numbers put in."""
        u, f = self.units, self.features
        if self.kernel_size is None:
            return (rf"4\cdot\big(\text{{units}}\cdot(\text{{features}}+\text{{units}})+\text{{units}}\big)"
                    rf" = 4\cdot\big({u}\cdot({f}+{u})+{u}\big) = {_tex_number(self.parameters)}")
        kh, kw = self.kernel_size
        return (rf"4\cdot\big(k_h k_w\cdot(\text{{channels}}+\text{{filters}})\cdot\text{{filters}}+\text{{filters}}\big)"
                rf" = 4\cdot\big({kh}\cdot{kw}\cdot({f}+{u})\cdot{u}+{u}\big) = {_tex_number(self.parameters)}")


def _tex_number(n: int) -> str:
    return f"{n:,}".replace(",", "{,}")


def lstm_parameters(features: int, units: int) -> int:
    """An LSTM layer's weight count: 4 gates × (units·features + units·units + units)."""
    return 4 * (units * (features + units) + units)


def conv_lstm_parameters(channels: int, filters: int, kernel_size: tuple[int, int]) -> int:
    """ConvLSTM2D's count: each gate's kernels cover kernel_size over the input and over h."""
    kh, kw = kernel_size
    return 4 * (kh * kw * (channels + filters) * filters + filters)


def weight_shapes(features: int, units: int) -> list[tuple[str, tuple[int, ...], str]]:
    """The three arrays of one LSTM layer: (Keras' name, shape, what multiplies it)."""
    return [
        ("kernel", (features, 4 * units), "the input x_t: one row per feature"),
        ("recurrent_kernel", (units, 4 * units), "the previous hidden state h_{t-1}: one row per unit"),
        ("bias", (4 * units,), "added to both"),
    ]


def recurrent_counts(variant: str, x_sample: tuple[int, ...], units: int) -> list[RecurrentCount]:
    """Every recurrent layer of a forecasting variant's model (as `models.build_model` builds it)."""
    features = int(x_sample[-1])
    if variant == "vanilla":
        return [RecurrentCount("LSTM", "LSTM", features, units)]
    if variant == "stacked":
        return [RecurrentCount("LSTM 1 (reads the window)", "LSTM", features, units),
                RecurrentCount("LSTM 2 (reads LSTM 1's h at every step)", "LSTM", units, units)]
    if variant == "bidirectional":
        return [RecurrentCount("Bidirectional: forward LSTM", "LSTM", features, units),
                RecurrentCount("Bidirectional: backward LSTM", "LSTM", features, units)]
    if variant == "encoder_decoder":
        return [RecurrentCount("encoder LSTM (reads the window)", "LSTM", features, units),
                RecurrentCount("decoder LSTM (reads the repeated encoder h)", "LSTM", units, units)]
    if variant == "cnn_lstm":
        n_steps = int(x_sample[-2])
        pooled = n_steps // models.POOL_SIZE  # Conv1D(kernel 1) keeps the steps; pooling halves them
        return [RecurrentCount("LSTM (reads the CNN's features of each subsequence)", "LSTM",
                               models.CNN_FILTERS * pooled, units)]
    if variant == "conv_lstm":
        return [RecurrentCount("ConvLSTM2D", "ConvLSTM2D", features, units, tuple(models.CONV_KERNEL))]
    raise models.VariantError(f"'{variant}' is not a model this lab knows.")


@dataclass(frozen=True)
class RecurrentOutput:
    """What a variant's recurrent layer without return_sequences hands on, for the units lesson."""

    label: str  # the layer, as the page names it
    position: int  # its index in the model's layers
    shape: tuple[int | None, ...]  # as Keras reports it (None: samples)
    names: tuple[str, ...]
    width: int  # the last axis: units (2·units for Bidirectional, filters for ConvLSTM2D)
    after: str  # what turns it into the outputs
    sequences: tuple[str, tuple[int | None, ...]] | None  # a layer that returns sequences, and its shape


def recurrent_output(variant: str, x_sample: tuple[int, ...], y_sample: tuple[int, ...], units: int) -> RecurrentOutput:
    """The output of the variant's last-step recurrent layer (the one the units lesson is about)."""
    steps = int(x_sample[0])
    outputs = int(np.prod(y_sample))
    dense = f"the Dense({outputs}) after it turns them into {outputs} output{'s' if outputs != 1 else ''}"
    two_d = ("samples", "units")
    if variant in ("vanilla", "cnn_lstm"):
        position = 3 if variant == "cnn_lstm" else 0
        return RecurrentOutput("LSTM", position, (None, units), two_d, units, dense, None)
    if variant == "stacked":
        return RecurrentOutput("LSTM 2", 1, (None, units), two_d, units, dense,
                               ("LSTM 1 (return_sequences=True)", (None, steps, units)))
    if variant == "bidirectional":
        return RecurrentOutput("Bidirectional", 0, (None, 2 * units), two_d, 2 * units,
                               dense + f" (forward and backward h, {units} each, side by side)", None)
    if variant == "encoder_decoder":
        n_out, features_out = int(y_sample[0]), int(y_sample[-1])
        return RecurrentOutput(
            "encoder LSTM", 0, (None, units), two_d, units,
            f"RepeatVector({n_out}), the decoder LSTM and TimeDistributed(Dense({features_out})) turn them into "
            f"{n_out} steps of {features_out}", ("decoder LSTM (return_sequences=True)", (None, n_out, units)))
    if variant == "conv_lstm":
        kw = models.CONV_KERNEL[1]
        columns = int(x_sample[2]) - kw + 1  # "valid" padding along the subsequence's steps
        return RecurrentOutput("ConvLSTM2D", 0, (None, 1, columns, units), ("samples", "rows", "timesteps", "filters"),
                               units, f"Flatten and Dense({outputs}) turn them into {outputs} "
                               f"output{'s' if outputs != 1 else ''}", None)
    raise models.VariantError(f"'{variant}' is not a model this lab knows.")

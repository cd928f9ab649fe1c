"""Saved weights loaded into a model built with other sizes: which size differs, and what it means.

A layer's weights take their shape from what the layer reads and how many units it has: a Dense
or LSTM kernel is (features read, units; 4 × units for an LSTM, 3 × for a GRU), a Conv1D kernel
(width, features read, filters), a Conv2D or ConvLSTM2D kernel (rows, columns, channels read,
filters), a bias (units,). So a kernel whose reading axis differs says the model was built for
another input (the declared features or channels, or, behind a Flatten, another number of timesteps
or another picture size), and one whose last axis differs says the layer has other units (often
the last layer: another number of classes).
"""

from __future__ import annotations

from lessons.core.axes import Shape, format_shape
from lessons.debugger import parse as P
from lessons.debugger.explain import AxisCell, Diagnosis, dim_text

LABELS = ("model you built", "saved weights")


def kernel_axis_names(rank: int) -> tuple[str, ...]:
    """What each axis of a weight of this rank counts (Keras' channels-last kernels)."""
    return {
        1: ("units",),
        2: ("features", "units"),
        3: ("kernel width", "features", "filters"),
        4: ("kernel rows", "kernel columns", "channels", "filters"),
        5: ("kernel depth", "kernel rows", "kernel columns", "channels", "filters"),
    }.get(rank, tuple(f"axis {i}" for i in range(rank)))


def _recurrent(layer: str | None) -> bool:
    """Whether the weight's path names a recurrent layer (its kernels are (…, gates × units))."""
    return bool(layer) and any(r in layer.lower() for r in ("lstm", "gru", "rnn"))


def _recurrent_units(layer: str | None) -> bool:
    """Whether the variable is a recurrent kernel, (units, 4 × units): both of its axes count units."""
    return bool(layer) and "recurrent_kernel" in layer.lower()


def saved_weights_diagnosis(p: P.ParsedError) -> Diagnosis:
    built, saved = tuple(p.got or ()), tuple(p.expected or ())
    where = f" ({p.layer})" if p.layer else ""
    check = _compare_code(built, saved)
    if len(built) != len(saved):
        return Diagnosis(
            "The saved weights belong to another kind of layer",
            f"The model you built has a weight{where} of shape {format_shape(built)}, the saved one is "
            f"{format_shape(saved)}: another number of axes, so the layers differ in kind (a Conv1D against a Conv2D, "
            "a Dense against a convolution), or the layers are in another order. Build the same layers as the model "
            "that saved the weights.",
            None, (), check, labels=LABELS, culprit="declared", fix_kind="input_shape",
        )
    names = kernel_axis_names(len(built))
    if len(built) == 2 and _recurrent(p.layer):  # an LSTM's kernels hold its 4 gates side by side (a GRU's 3)
        names = ("units" if _recurrent_units(p.layer) else "features", "gates × units")
    cells = tuple(AxisCell(n, dim_text(b), dim_text(s), b != s) for n, b, s in zip(names, built, saved))
    if sorted(built, key=str) == sorted(saved, key=str) and len(built) >= 4:
        return Diagnosis(
            "The saved kernel is laid out another way",
            f"The weight{where} holds the same sizes in another order: {format_shape(built)} in the model you built, "
            f"{format_shape(saved)} saved. Keras keeps a kernel as (rows, columns, channels, filters); weights "
            "saved for Theano or in channels-first order keep the filters and channels first. Load weights saved "
            "for this layout, or move the axes of each kernel into Keras' order before set_weights.",
            "channels", cells,
            f"kernel = np.transpose(kernel, {kernel_permutation(saved, built)})  # {format_shape(saved)} → {format_shape(built)}",
            labels=LABELS, culprit="declared", fix_kind="swap_axes",
        )
    reads = len(built) - 2 if len(built) >= 2 and not _recurrent_units(p.layer) else None
    if reads is not None and built[reads] != saved[reads]:
        axis = "channels" if len(built) >= 4 else "features"
        saved_count = f"{dim_text(saved[reads])} {axis if saved[reads] != 1 else axis[:-1]}"
        behind = ("" if axis == "channels" else
                  " If the layer comes after a Flatten, the width it reads is timesteps × features: another window "
                  "length or picture size changes it too.")
        return Diagnosis(
            f"The model was built for another number of {axis}",
            f"The weight{where} is {format_shape(built)} in the model you built and {format_shape(saved)} in the saved "
            f"file: the layer reads {dim_text(built[reads])} {axis} where the saved one read {dim_text(saved[reads])}. "
            f"Weights only load into a model built with the sizes that saved them, so the declared input (or X) has "
            f"another number of {axis} than when the weights were saved.{behind}",
            axis, cells,
            f"# Build the model for the input it was saved with: {saved_count}, as the saved weights read\n"
            + check,
            labels=LABELS, culprit="declared", fix_kind="input_shape",
        )
    if built and built[-1] != saved[-1]:
        recurrent = p.layer is None or _recurrent(p.layer)
        per_gate = " (an LSTM kernel holds 4 × units, a GRU's 3 ×)" if len(built) == 2 and recurrent else ""
        return Diagnosis(
            "A layer has other units than the saved one",
            f"The weight{where} is {format_shape(built)} in the model you built and {format_shape(saved)} in the saved "
            f"file: the layer has {dim_text(built[-1])} units where the saved one had {dim_text(saved[-1])}{per_gate}. "
            "Often it is the last layer: the saved model predicted another number of classes or values. Build it with "
            "the saved units to load everything, or load the saved model as it is and give it a new last layer.",
            "outputs", cells,
            "# Build every layer with the units it was saved with, then load; to find the one that differs:\n" + check,
            labels=LABELS, culprit="output", fix_kind="output_units",
        )
    return Diagnosis(
        "The saved weights have other sizes",
        f"The weight{where} is {format_shape(built)} in the model you built and {format_shape(saved)} in the saved "
        "file: the layer was built with another kernel size. Build it as the model that saved the weights.",
        None, cells, check, labels=LABELS, culprit="declared", fix_kind="input_shape",
    )


def _compare_code(built: Shape, saved: Shape) -> str:
    return ("for weight in model.weights:  # the model you built, layer by layer\n"
            f"    print(weight.path, weight.shape)  # one of them is {format_shape(built)}; the saved one {format_shape(saved)}")


def kernel_permutation(saved: Shape, built: Shape) -> tuple[int, ...]:
    """The axes order that turns `saved` into `built`: Theano's (filters, channels, rows, columns) when it
    fits, else each size taken once, first match first."""
    if len(saved) == 4 and tuple(saved[i] for i in (2, 3, 1, 0)) == tuple(built):
        return (2, 3, 1, 0)
    left = list(range(len(saved)))
    order = []
    for size in built:
        i = next(i for i in left if saved[i] == size)
        left.remove(i)
        order.append(i)
    return tuple(order)

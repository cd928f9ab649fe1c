"""What a message holds even when the debugger cannot classify it: shapes, layer names, wording.

`find_clues` never fails on text the parser accepted; the page opens the describe tab pre-filled
from `Clues.prefill` so a message is never a dead end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lessons.core.axes import Shape, format_shape
from lessons.core.parsing import InputError
from lessons.debugger import parse as P

MAX_CLUES = 12

# (a bracket right after a name indexes it, e.g. "new_order[2]": not a shape)
_SHAPE_TEXT = re.compile(r"(?:\(|(?<![\w\]])\[)\s{0,3}((?:None|\?|\d{1,12})L?(?:\s{0,3},\s{0,3}(?:None|\?|\d{1,12})L?){0,6})\s{0,3},?\s{0,3}[)\]]")
_LAYER_TEXT = re.compile(
    r"(?:of|with) layer [\"']?([\w.-]{1,80})|expected ([\w.-]{1,80}) to have|\{\{node ([\w./-]{1,200})\}\}"
    r"|layer ['\"]([\w.-]{1,80})['\"]|\b((?:bidirectional|conv_lst_m2d|conv_lstm2d|conv1d|conv2d|time_distributed|lstm|gru|"
    r"simple_rnn|dense|flatten|embedding)(?:_\d{1,6})?)\b",
    re.I,
)
_KNOWN_LAYER = re.compile(r"bidirectional|conv_lst_m2d|convlstm|conv_lstm|conv1d|conv2d|time_distributed|timedistributed|"
                          r"lstm|gru|simple_rnn|dense|flatten|embedding|input", re.I)


@dataclass(frozen=True)
class ShapeClue:
    text: str  # as the message writes it, e.g. "(None, 10)"
    shape: Shape
    rank: int


@dataclass(frozen=True)
class Clues:
    """Everything a message holds, for a learner whose message the debugger could not classify."""

    shapes: tuple[ShapeClue, ...]  # every shape in the message, in order (at most 12)
    layers: tuple[str, ...]  # layer names it mentions, e.g. ("lstm_1", "dense")
    wording: str  # the wording family it looks like (P.NUMPY, P.KERAS2, ...), "" when none
    # A pre-fill for the describe tab: "x_shape", "y_shape", "input_shape" as text the shape boxes
    # read (e.g. "(100, 10)"; input_shape without the samples axis), "first_layer" one of
    # lessons.debugger.model.FIRST_LAYERS. Only keys the message supports are present.
    prefill: dict[str, str] = field(default_factory=dict)


def _wording(text: str) -> str:
    if re.search(r"cannot reshape|array element with a sequence|inhomogeneous|could not broadcast", text):
        return P.NUMPY
    if re.search(r"Invalid input shape|Arguments `?target`? and `?output`?|Input \d+ with name", text):
        return P.KERAS3
    if re.search(r"Error when checking|Input \d+ is incompatible with layer|A target array with shape", text):
        return P.KERAS2
    if re.search(r"is incompatible with the layer|Data cardinality", text):
        return P.KERAS_ANY
    if re.search(r"Incompatible shapes|Dimensions must be equal|InvalidArgumentError|\{\{node", text):
        return P.TENSORFLOW
    return ""


def _first_layer(names: tuple[str, ...]) -> str | None:
    from lessons.debugger.model import BILSTM, CNN_LSTM, CONV_LSTM, DENSE, LSTM

    joined = " ".join(names).lower()
    for pattern, layer in (("conv_lst_m2d|convlstm|conv_lstm", CONV_LSTM), ("time_distributed|timedistributed|conv1d", CNN_LSTM),
                           ("bidirectional", BILSTM), ("lstm|gru|simple_rnn", LSTM), ("dense", DENSE)):
        if re.search(pattern, joined):
            return layer
    return None


def find_clues(text: str) -> Clues:
    """The shapes (with ranks), layer names and wording family of a message, and a describe-tab pre-fill."""
    text = text[: P.MAX_MESSAGE_CHARS]
    shapes: list[ShapeClue] = []
    for m in _SHAPE_TEXT.finditer(text):
        if len(shapes) >= MAX_CLUES:
            break
        try:
            shape = P._shape(m.group(1).replace("L", ""))
        except InputError:
            continue
        if len(shape) == 1 and shape[0] is not None and f"{m.group(0)}" in ("(0)", "(1)"):
            continue
        shapes.append(ShapeClue(m.group(0), shape, len(shape)))
    layers: list[str] = []
    for m in _LAYER_TEXT.finditer(text):
        name = next(g for g in m.groups() if g)
        for part in name.split("/"):
            if _KNOWN_LAYER.search(part) and part not in layers and len(layers) < MAX_CLUES:
                layers.append(part)
    return Clues(tuple(shapes), tuple(layers), _wording(text), _prefill(shapes, tuple(layers)))


def _prefill(shapes: list[ShapeClue], layers: tuple[str, ...]) -> dict[str, str]:
    prefill: dict[str, str] = {}
    first = _first_layer(layers)
    if first:
        prefill["first_layer"] = first
    concrete = [s.shape for s in shapes if s.rank >= 1 and None not in s.shape]
    declared = [s.shape for s in shapes if s.rank >= 2 and s.shape[0] is None and None not in s.shape[1:]]
    if concrete:
        x = next((c for c in concrete if len(c) >= 2), concrete[0])
        prefill["x_shape"] = format_shape(x)
        y = next((c for c in concrete if c is not x and c[0] == x[0] and len(c) <= 2 and c != x), None)
        if y is not None:
            prefill["y_shape"] = format_shape(y)
    if declared:
        from lessons.debugger.model import DECLARED_AXES

        fitting = [tuple(d[1:]) for d in declared if first is None or len(d) - 1 == len(DECLARED_AXES[first])]
        if fitting:
            prefill["input_shape"] = format_shape(fitting[0])
    return prefill

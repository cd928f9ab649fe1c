"""Read a learner's model code — never run it — and rebuild the model in Keras 3.

`read_code(text, x_shape, y_shape)` parses the code with Python's `ast` and walks the tree: it
understands `Sequential([...])`, `model.add(...)` and functional calls (`inputs = keras.Input(...)`,
`x = layers.LSTM(32)(inputs)`, `keras.Model(inputs, x)`) with the layers in `LAYERS`, whatever the
import style. Values are read only when they are plain literals (numbers, strings, tuples, lists,
`None`, a minus sign, simple arithmetic on whole numbers, names assigned such literals earlier, and
`X.shape[i]` / `y.shape[i]` of the shapes the learner typed). Anything else is named with its line
in `notes` ("line 4: a custom layer MyAttention, skipped"), never guessed, and nothing is executed.

`check_code(read, x_shape, y_shape)` rebuilds it in Keras 3 in a job (`code_job` through
`lessons.engine.run_job`): every layer's real output shape, where it breaks (the real Keras error
for that layer, or for the training step against X and y), then fixes one thing at a time — each
fix rebuilt and run for real — and returns the fixed code (`fixed_code`), which runs.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from lessons.core.axes import Shape, format_shape
from lessons.core.captured import CapturedError, capture
from lessons.core.parsing import InputError
from lessons.debugger.model import LOSSES, keras_loss_shapes
from lessons.engine import ProgressCallback, WaitCallback, run_job, set_random_seed

MAX_CODE_CHARS = 20_000
MAX_LAYERS = 40
MAX_UNITS = 1_024  # units / filters this page builds
MAX_KERNEL = 64
MAX_SAMPLE_VALUES = 200_000  # values in one sample of X or y
RUN_SAMPLES = 4  # samples in the run when X and y agree on them (their number never matters)
MAX_ROUNDS = 5  # fixes tried one after another
MAX_WEIGHTS = 5_000_000  # weights one layer may have here (a 20 MB layer): larger ones are not built
# Values one layer may hand on (and keep for the backward pass) over the samples of the training
# step: 25 million float32 values, 100 MB. Larger layers are not run.
MAX_ACTIVATIONS = 25_000_000

RECURRENT = ("LSTM", "GRU", "SimpleRNN")
WRAPPERS = ("Bidirectional", "TimeDistributed")
# Each layer read: its positional arguments in order, then the keywords it may take.
LAYERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    **{name: (("units",), ("activation", "recurrent_activation", "return_sequences", "dropout",
                           "recurrent_dropout", "go_backwards", "use_bias")) for name in RECURRENT},
    "Dense": (("units",), ("activation", "use_bias")),
    "Conv1D": (("filters", "kernel_size"), ("strides", "padding", "activation", "dilation_rate", "data_format")),
    "MaxPooling1D": (("pool_size",), ("strides", "padding", "data_format")),
    "ConvLSTM2D": (("filters", "kernel_size"), ("strides", "padding", "activation", "return_sequences",
                                                "data_format")),
    "Flatten": ((), ()),
    "RepeatVector": (("n",), ()),
    "Reshape": (("target_shape",), ()),
    "Dropout": (("rate",), ()),
    "Masking": (("mask_value",), ()),
    "Bidirectional": (("layer",), ("merge_mode",)),
    "TimeDistributed": (("layer",), ()),
}
ALIASES = {"MaxPool1D": "MaxPooling1D", "Convolution1D": "Conv1D"}
INPUTS = ("Input", "InputLayer")
CROSSENTROPIES = ("categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy")
# Losses read from model.compile: Keras' own names, each compares y with the output value by value
# (the cross-entropies by class).
CODE_LOSSES = tuple(dict.fromkeys(LOSSES + CROSSENTROPIES + (
    "mean_squared_error", "mae", "mean_absolute_error", "mape", "mean_absolute_percentage_error",
    "msle", "mean_squared_logarithmic_error", "huber", "log_cosh", "poisson")))
MODELS = ("Sequential", "Model")
EVERY_LAYER = ("input_shape", "batch_input_shape", "name")  # taken by any layer (name is dropped)
_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")


@dataclass(frozen=True)
class CodeLayer:
    line: int
    name: str  # the Keras class, e.g. "LSTM"
    kwargs: tuple[tuple[str, Any], ...]  # plain values; a wrapper's "layer" is a CodeLayer

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.kwargs).get(key, default)

    def with_kwargs(self, **changes: Any) -> CodeLayer:
        merged = dict(self.kwargs)
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return replace(self, kwargs=tuple(merged.items()))


@dataclass(frozen=True)
class ReadCode:
    layers: tuple[CodeLayer, ...]
    input_shape: Shape | None = None  # one sample, as keras.Input(shape=...) declares it
    batch_size: int | None = None
    input_line: int | None = None
    loss: str | None = None
    notes: tuple[str, ...] = ()  # what was not read, each with its line


class NotRead(Exception):
    """A value or construct the reader will not guess; the message names it."""


# --- Reading --------------------------------------------------------------------------------

def read_code(text: str, x_shape: Shape | None = None, y_shape: Shape | None = None) -> ReadCode:
    """The model in `text`, read with `ast` only; `InputError` when there is no model to read."""
    if len(text) > MAX_CODE_CHARS:
        raise InputError(f"That is {len(text):,} characters; paste at most {MAX_CODE_CHARS:,} (the model's lines).")
    if not text.strip():
        raise InputError("Paste the code that builds your model first.")
    try:
        with warnings.catch_warnings():  # e.g. "invalid decimal literal": the error below says it better
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as error:
        raise InputError(f"line {error.lineno}: Python cannot read this line ({error.msg}).") from None
    except (RecursionError, MemoryError, ValueError):
        raise InputError("The code is nested too deeply to read.") from None
    reader = _Reader(x_shape, y_shape)
    try:
        reader.block(tree.body)
    except RecursionError:
        raise InputError("The code is nested too deeply to read.") from None
    return reader.result()


@dataclass
class _Chain:
    """A functional tensor: the input it starts from and the layers applied to it."""

    input_shape: Shape | None
    batch_size: int | None
    input_line: int | None
    layers: list[CodeLayer] = field(default_factory=list)


class _Reader:
    def __init__(self, x_shape: Shape | None, y_shape: Shape | None) -> None:
        self.shapes = {"X": x_shape, "y": y_shape}
        self.values: dict[str, Any] = {}  # names assigned plain literals
        self.aliases: dict[str, str] = {}  # imported names: alias -> Keras name
        self.layer_objects: dict[str, CodeLayer] = {}  # lstm = layers.LSTM(8), called later
        self.tensors: dict[str, _Chain] = {}
        self.models: dict[str, _Chain] = {}
        self.chosen: _Chain | None = None
        self.loss: str | None = None
        self.notes: list[str] = []
        self.skipped_lines: list[int] = []

    # statements

    def block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        line = node.lineno
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                real = alias.name.split(".")[-1]
                self.aliases[alias.asname or real] = real
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self.assign(node.targets[0].id, node.value, line)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            self.assign(node.target.id, node.value, line)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self.method_call(node.value, line)
        elif isinstance(node, ast.FunctionDef):
            self.notes.append(f"line {line}: def {node.name}(...) — its body is read as if it ran once")
            self.block(node.body)
        elif isinstance(node, ast.Return) and node.value is not None:
            if isinstance(node.value, ast.Name) and node.value.id in self.models:
                self.chosen = self.models[node.value.id]
            elif isinstance(node.value, ast.Call):
                self.assign("_returned", node.value, line)
        elif isinstance(node, ast.With):
            self.block(node.body)
        elif isinstance(node, ast.For | ast.While | ast.AsyncFor):
            self.notes.append(f"line {line}: a loop, not read (write its layers out one by one)")
        elif isinstance(node, ast.If):
            self.notes.append(f"line {line}: an if block, not read")
        elif isinstance(node, ast.ClassDef):
            self.notes.append(f"line {line}: class {node.name} (a custom layer or model), not read")
        elif isinstance(node, ast.Pass):
            pass
        else:
            self.skip(node, line)

    def skip(self, node: ast.AST, line: int) -> None:
        """A statement that is not model code: named when it mentions a layer or model, else counted."""
        custom = self.custom_call(node)
        if custom:
            self.notes.append(f"line {line}: {custom}, skipped")
        else:
            self.skipped_lines.append(line)

    def custom_call(self, node: ast.AST) -> str | None:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                name = self.callee(sub.func)
                if name and (name in LAYERS or name in INPUTS or name in MODELS):
                    return f"a {name} call this reader cannot follow"
        return None

    def assign(self, target: str, value: ast.expr, line: int) -> None:
        if isinstance(value, ast.Call):
            name = self.callee(value.func)
            if name in MODELS:
                self.model_call(target, name, value, line)
                return
            if name in INPUTS:
                shape, batch = self.input_declaration(value, line)
                self.tensors[target] = _Chain(shape, batch, line)
                return
            if name in LAYERS:
                layer = self.layer(value, line)
                if layer is not None:
                    self.layer_objects[target] = layer
                return
            applied = self.applied_layer(value, line)
            if applied is not None:
                chain, layer = applied
                new = _Chain(chain.input_shape, chain.batch_size, chain.input_line, list(chain.layers))
                if layer is not None:
                    new.layers.append(layer)
                self.tensors[target] = new
                return
            if name and name[:1].isupper():
                self.notes.append(f"line {line}: a custom layer {name}, skipped")
                return
        try:
            self.values[target] = self.literal(value, line)
        except NotRead:
            self.values.pop(target, None)
            self.skip(value, line)

    def applied_layer(self, call: ast.Call, line: int) -> tuple[_Chain, CodeLayer | None] | None:
        """`layers.LSTM(8)(x)` or `lstm(x)`: the chain of `x` and the layer (None if skipped)."""
        if len(call.args) != 1 or not isinstance(call.args[0], ast.Name) or call.args[0].id not in self.tensors:
            if isinstance(call.func, ast.Call) and call.args and isinstance(call.args[0], ast.List | ast.Tuple):
                self.notes.append(f"line {line}: a layer applied to several tensors (branches), not read")
            return None
        chain = self.tensors[call.args[0].id]
        if isinstance(call.func, ast.Call):
            name = self.callee(call.func.func)
            if name in LAYERS:
                return chain, self.layer(call.func, line)
            self.notes.append(f"line {line}: a custom layer {name or '(unnamed)'}, skipped")
            return chain, None
        if isinstance(call.func, ast.Name) and call.func.id in self.layer_objects:
            return chain, replace(self.layer_objects[call.func.id], line=line)
        return None

    def model_call(self, target: str, name: str, call: ast.Call, line: int) -> None:
        if name == "Sequential":
            chain = _Chain(None, None, None)
            items = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "layers"), None)
            if isinstance(items, ast.List | ast.Tuple):
                for item in items.elts:
                    self.sequential_item(chain, item)
            elif items is not None:
                self.notes.append(f"line {line}: the Sequential's layer list is not written out, not read")
            self.models[target] = chain
            self.chosen = chain
            return
        outputs = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "outputs"), None)
        if isinstance(outputs, ast.Name) and outputs.id in self.tensors:
            self.models[target] = self.tensors[outputs.id]
            self.chosen = self.models[target]
        else:
            self.notes.append(f"line {line}: keras.Model with outputs this reader cannot follow, not read")

    def sequential_item(self, chain: _Chain, item: ast.expr) -> None:
        line = item.lineno
        if not isinstance(item, ast.Call):
            self.notes.append(f"line {line}: a Sequential item that is not a layer call, skipped")
            return
        name = self.callee(item.func)
        if name in INPUTS:
            chain.input_shape, chain.batch_size = self.input_declaration(item, line)
            chain.input_line = line
            return
        if name not in LAYERS:
            self.notes.append(f"line {line}: a custom layer {name or '(unnamed)'}, skipped")
            return
        layer = self.layer(item, line)
        if layer is not None:
            self.add_layer(chain, layer)

    def add_layer(self, chain: _Chain, layer: CodeLayer) -> None:
        if len(chain.layers) >= MAX_LAYERS:
            self.notes.append(f"line {layer.line}: more than {MAX_LAYERS} layers; the rest are not read")
            return
        declared = layer.get("input_shape")
        if declared is not None and not chain.layers and chain.input_shape is None:
            chain.input_shape, chain.input_line = tuple(declared), layer.line
            layer = layer.with_kwargs(input_shape=None)
        chain.layers.append(layer)

    def method_call(self, call: ast.Call, line: int) -> None:
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.models:
            chain = self.models[func.value.id]
            if func.attr == "add" and len(call.args) == 1 and isinstance(call.args[0], ast.Call):
                self.sequential_item(chain, call.args[0])
            elif func.attr == "add":
                self.notes.append(f"line {line}: model.add of something that is not a layer call, not read")
            elif func.attr == "compile":
                loss = next((k.value for k in call.keywords if k.arg == "loss"), None)
                if loss is not None:
                    try:
                        value = self.literal(loss, line)
                    except NotRead as why:
                        self.notes.append(f"line {line}: loss= {why}, not read (mse used)")
                        return
                    if value in CODE_LOSSES:
                        self.loss = value
                    else:
                        self.notes.append(f"line {line}: loss={value!r} is not one this page runs (mse used)")
            return  # fit, summary, predict: nothing to read for the shapes
        self.skip(call, line)

    # values

    def callee(self, func: ast.expr) -> str | None:
        """The Keras name a call refers to: `keras.layers.LSTM`, `layers.LSTM`, `LSTM`, an alias."""
        if isinstance(func, ast.Attribute):
            name = func.attr
        elif isinstance(func, ast.Name):
            name = self.aliases.get(func.id, func.id)
        else:
            return None
        return ALIASES.get(name, name)

    def input_declaration(self, call: ast.Call, line: int) -> tuple[Shape | None, int | None]:
        kwargs = {k.arg: k.value for k in call.keywords if k.arg}
        node = call.args[0] if call.args else kwargs.get("shape", kwargs.get("input_shape"))
        shape = batch = None
        if "batch_shape" in kwargs or "batch_input_shape" in kwargs:
            full = self.shape_value(kwargs.get("batch_shape", kwargs.get("batch_input_shape")), line, "batch_shape")
            if full is not None:
                return full[1:], full[0]
        if node is not None:
            shape = self.shape_value(node, line, "shape")
        if "batch_size" in kwargs:
            try:
                batch = self.literal(kwargs["batch_size"], line)
            except NotRead as why:
                self.notes.append(f"line {line}: batch_size= {why}, not read")
        return shape, batch if isinstance(batch, int) else None

    def shape_value(self, node: ast.expr, line: int, what: str) -> Shape | None:
        try:
            value = self.literal(node, line)
        except NotRead as why:
            self.notes.append(f"line {line}: {what}= {why}, not read")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = (value,)
        if (not isinstance(value, tuple | list) or not 1 <= len(value) <= 6
                or not all(d is None or (isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 10**6) for d in value)):
            self.notes.append(f"line {line}: {what}={value!r} is not a shape (whole numbers or None), not read")
            return None
        return tuple(value)

    def layer(self, call: ast.Call, line: int) -> CodeLayer | None:
        name = self.callee(call.func)
        if name not in LAYERS:
            self.notes.append(f"line {line}: a custom layer {name or '(unnamed)'}, skipped")
            return None
        positional, keywords = LAYERS[name]
        kwargs: dict[str, Any] = {}
        if len(call.args) > len(positional):
            self.notes.append(f"line {line}: {name} has more positional arguments than it takes; the extra ones are not read")
        pairs = list(zip(positional, call.args)) + [(k.arg, k.value) for k in call.keywords]
        for key, node in pairs:
            if key is None:
                self.notes.append(f"line {line}: {name}(**...) — unpacked arguments are not read")
                continue
            if key == "layer":
                inner = self.layer(node, line) if isinstance(node, ast.Call) else None
                if inner is None:
                    self.notes.append(f"line {line}: {name} around something that is not a layer call, skipped")
                    return None
                kwargs["layer"] = inner
                continue
            if key not in positional + keywords + EVERY_LAYER:
                self.notes.append(f"line {line}: {name}({key}=...) is not read (it does not change shapes here)")
                continue
            if key == "name":
                continue
            try:
                value = self.literal(node, line)
            except NotRead as why:
                self.notes.append(f"line {line}: {name}({key}=...) {why}, not read")
                continue
            problem = _value_problem(key, value)
            if problem:
                self.notes.append(f"line {line}: {name}({key}={value!r}) {problem}, not read")
                continue
            kwargs[key] = tuple(value) if isinstance(value, list) else value
        missing = [key for key in positional if key not in kwargs and key not in ("mask_value",)]
        if missing:
            self.notes.append(f"line {line}: {name} without a {missing[0]} this reader can read, skipped")
            return None
        return CodeLayer(line, name, tuple(kwargs.items()))

    def literal(self, node: ast.expr, line: int, depth: int = 0) -> Any:
        """The value of a plain literal; `NotRead` (saying what it is) for anything else."""
        if depth > 8:
            raise NotRead("is nested too deeply")
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, str) and len(value) > 60:
                raise NotRead("is a long string")
            if value is None or isinstance(value, bool | int | float | str):
                return value
            raise NotRead("is not a number, string or None")
        if isinstance(node, ast.Tuple | ast.List):
            if len(node.elts) > 8:
                raise NotRead("has too many items")
            return tuple(self.literal(e, line, depth + 1) for e in node.elts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = self.literal(node.operand, line, depth + 1)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise NotRead("is a sign on something that is not a number")
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.FloorDiv):
            a, b = self.literal(node.left, line, depth + 1), self.literal(node.right, line, depth + 1)
            if not all(isinstance(v, int) and not isinstance(v, bool) and abs(v) <= 10**9 for v in (a, b)):
                raise NotRead("is arithmetic on something other than whole numbers")
            if isinstance(node.op, ast.FloorDiv) and b == 0:
                raise NotRead("divides by zero")
            return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}.get(type(node.op), a // b if b else 0)
        if isinstance(node, ast.Name):
            if node.id in self.values:
                return self.values[node.id]
            raise NotRead(f"uses {node.id}, which is not a plain value assigned earlier")
        if isinstance(node, ast.Subscript):
            return self.shape_item(node, line)
        raise NotRead(f"is {_kind_of(node, self)}")

    def shape_item(self, node: ast.Subscript, line: int) -> Any:
        """`X_train.shape[1]` (or a slice of it) from the shape the learner typed for X or y."""
        base = node.value
        if not (isinstance(base, ast.Attribute) and base.attr == "shape" and isinstance(base.value, ast.Name)):
            raise NotRead(f"is {_kind_of(node, self)}")
        array = base.value.id
        which = _array_role(array)
        if which is None:
            raise NotRead(f"uses {array}.shape, and the name {array} does not say whether it is X or y "
                          "(read: X, X_train, trainX, x_test, y, y_train, trainY, ...)")
        shape = self.shapes.get(which)
        if shape is None:
            raise NotRead(f"uses {array}.shape, and there is no typed shape for it")
        index = node.slice
        if isinstance(index, ast.Slice):
            parts = [None if p is None else self.literal(p, line) for p in (index.lower, index.upper)]
            if not all(p is None or isinstance(p, int) for p in parts) or index.step is not None:
                raise NotRead("is a slice this reader cannot follow")
            value: Any = tuple(shape[parts[0]:parts[1]])
        else:
            i = self.literal(index, line)
            if not isinstance(i, int) or not -len(shape) <= i < len(shape):
                raise NotRead(f"indexes {array}.shape outside its {len(shape)} axes")
            value = shape[i]
        note = f"line {line}: {ast.unparse(node)} read as {which}.shape = {format_shape(shape)} (the shape you typed)"
        if note not in self.notes:
            self.notes.append(note)
        return value

    def result(self) -> ReadCode:
        chain = self.chosen
        if chain is None and self.tensors:
            chain = max(self.tensors.values(), key=lambda c: len(c.layers))
            self.notes.append("No Sequential or keras.Model call found: read the longest chain of layer calls")
        if chain is None or not chain.layers:
            raise InputError("No model found: the code should build a Sequential model or call layers "
                             "functionally (inputs = keras.Input(...); x = layers.LSTM(32)(inputs); ...).")
        notes = list(self.notes)
        if self.skipped_lines:
            lines = ", ".join(str(n) for n in self.skipped_lines[:12]) + (" …" if len(self.skipped_lines) > 12 else "")
            notes.append(f"line{'s' if len(self.skipped_lines) > 1 else ''} {lines}: not model code, not read")
        return ReadCode(tuple(chain.layers), chain.input_shape, chain.batch_size, chain.input_line, self.loss,
                        tuple(notes))


_NAME_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _array_role(name: str) -> str | None:
    """"X" or "y" when the name says so, else None (never a guess).

    The name is split into words at underscores, digits and case changes ("X_train" -> X, train;
    "trainX" -> train, X; "xTest2" -> x, Test, 2). Exactly one word must be x/X or y/Y: X, x_test,
    trainX, X_val, X_scaled, y, Y, y_train, trainY. Names like history, index, data_matrix or xy
    say neither.
    """
    words = {w.lower() for w in _NAME_TOKEN.findall(name)}
    roles = words & {"x", "y"}
    if len(roles) != 1:
        return None
    return "X" if roles == {"x"} else "y"


def _kind_of(node: ast.AST, reader: _Reader) -> str:
    if isinstance(node, ast.Call):
        name = reader.callee(node.func) if isinstance(node.func, ast.Name | ast.Attribute) else None
        return f"a call to {name}()" if name else "a call"
    if isinstance(node, ast.Lambda):
        return "a lambda (code)"
    if isinstance(node, ast.Attribute):
        return f"an attribute (.{node.attr})"
    if isinstance(node, ast.Subscript):
        return "an index into something that is not X.shape or y.shape"
    return f"a {type(node).__name__} expression"


def _value_problem(key: str, value: Any) -> str:
    """Why a literal cannot be used for this argument ('' when it can)."""
    def whole(v: Any, low: int, high: int) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and low <= v <= high

    if key in ("units", "filters"):
        return "" if whole(value, 1, MAX_UNITS) else f"must be a whole number from 1 to {MAX_UNITS:,} here"
    if key in ("n",):
        return "" if whole(value, 1, 10_000) else "must be a whole number from 1 to 10,000"
    if key in ("kernel_size", "pool_size", "strides", "dilation_rate"):
        items = value if isinstance(value, tuple | list) else (value,)
        return "" if items and len(items) <= 2 and all(whole(v, 1, MAX_KERNEL) for v in items) else \
            f"must be whole numbers from 1 to {MAX_KERNEL}"
    if key in ("return_sequences", "go_backwards", "use_bias"):
        return "" if isinstance(value, bool) else "must be True or False"
    if key in ("rate", "dropout", "recurrent_dropout"):
        return "" if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1 else "must be from 0 to below 1"
    if key == "mask_value":
        return "" if isinstance(value, int | float) and not isinstance(value, bool) else "must be a number"
    if key in ("activation", "recurrent_activation", "padding", "merge_mode", "data_format"):
        return "" if value is None or (isinstance(value, str) and _WORD.match(value)) else "must be a name such as 'relu'"
    if key in ("input_shape", "batch_input_shape", "target_shape"):
        ok = isinstance(value, tuple | list) and 1 <= len(value) <= 6 and all(
            d is None or whole(d, 1, 10**6) or (key == "target_shape" and d == -1) for d in value)
        return "" if ok else "must be a shape: whole numbers or None"
    return ""


# --- Rebuilding it in Keras 3 ---------------------------------------------------------------

@dataclass(frozen=True)
class LayerRow:
    line: int | None
    code: str  # the layer as Keras 3 code
    output: Shape | None  # its real output shape (samples axis None), None when it broke
    error: CapturedError | None = None


@dataclass(frozen=True)
class CodeRun:
    rows: tuple[LayerRow, ...]  # keras.Input first, then one per layer, up to where it broke
    broke_at: int | None  # index into rows of the layer that raised; None: built (see fit_error)
    fit_error: CapturedError | None  # the training step against X and y
    loss: float | None
    x_run: Shape  # the zero arrays' shapes that ran
    y_run: Shape
    silent: tuple[str, ...]  # what Keras 3 did without a word
    output: Shape | None = None

    @property
    def trains(self) -> bool:
        return self.broke_at is None and self.fit_error is None

    @property
    def error(self) -> CapturedError | None:
        return self.rows[self.broke_at].error if self.broke_at is not None else self.fit_error


@dataclass(frozen=True)
class CodeCheck:
    read: ReadCode
    x_shape: Shape
    y_shape: Shape
    first: CodeRun  # the learner's model as written
    fixes: tuple[str, ...]  # what was changed, in order
    fixed: ReadCode
    fixed_x: Shape
    fixed_y: Shape
    last: CodeRun  # the fixed model
    code: str  # the fixed code
    x_line: str  # the data line the fix needs ('' when X stays)
    problem: str = ""  # when no fix was found


def layer_code(layer: CodeLayer) -> str:
    positional, _ = LAYERS[layer.name]
    kwargs = dict(layer.kwargs)
    parts = []
    for key in positional:
        if key in kwargs:
            value = kwargs.pop(key)
            parts.append(layer_code(value) if isinstance(value, CodeLayer) else repr(value))
        else:
            break
    parts += [f"{key}={layer_code(v) if isinstance(v, CodeLayer) else repr(v)}" for key, v in kwargs.items()]
    return f"layers.{layer.name}({', '.join(parts)})"


def input_code(read: ReadCode) -> str:
    batch = f", batch_size={read.batch_size}" if read.batch_size else ""
    return f"keras.Input(shape={format_shape(read.input_shape or ())}{batch})"


def model_code(read: ReadCode) -> str:
    lines = ["model = keras.Sequential([", f"    {input_code(read)},"]
    lines += [f"    {layer_code(layer)}," for layer in read.layers]
    return "\n".join(lines + ["])", f'model.compile(optimizer="adam", loss="{read.loss or "mse"}")'])


def _build_layer(layers: Any, layer: CodeLayer) -> Any:
    kwargs = {k: (_build_layer(layers, v) if isinstance(v, CodeLayer) else v) for k, v in layer.kwargs}
    return getattr(layers, layer.name)(**kwargs)


def code_job(read: ReadCode, x_shape: Shape, y_shape: Shape, seed: int = 0, eager: bool = False,
             on_progress: ProgressCallback | None = None) -> CodeRun:
    """A job: build `read` layer by layer on keras.Input, record each real output shape, then one
    `model.fit` step on zero arrays shaped `x_shape` and `y_shape` (already small).

    `eager=True` runs the step without compiling a graph: the same maths, a fraction of the time,
    for checking that a fix trains. The learner's own model runs as `fit` runs by default (a graph),
    so its message is the one they saw.
    """
    import keras
    from keras import layers

    from lessons.core.captured import keras_source

    source = keras_source()
    set_random_seed(seed)
    declared = read.input_shape if read.input_shape is not None else tuple(x_shape[1:])
    inputs = keras.Input(shape=declared, batch_size=read.batch_size)
    rows = [LayerRow(read.input_line, input_code(replace(read, input_shape=declared)), tuple(inputs.shape))]
    tensor = inputs
    for layer in read.layers:
        code = layer_code(layer)
        weights = weights_estimate(layer, tuple(tensor.shape))
        if weights > MAX_WEIGHTS:
            error = CapturedError("TooLarge", f"{code} on {format_shape(tuple(tensor.shape))} would hold about "
                                  f"{weights:,} weights; this page builds layers of up to {MAX_WEIGHTS:,}.",
                                  "Shape Lab (not Keras)")
            rows.append(LayerRow(layer.line, code, None, error))
            return CodeRun(tuple(rows), len(rows) - 1, None, None, x_shape, y_shape, ())
        made, error = capture(lambda layer=layer: _build_layer(layers, layer), source)
        if error is None:
            out, error = capture(lambda made=made, tensor=tensor: made(tensor), source)
        if error is None:
            error = _too_many_values(layer, code, tuple(tensor.shape), tuple(out.shape), x_shape, y_shape)
        if error is not None:
            rows.append(LayerRow(layer.line, code, None, error))
            return CodeRun(tuple(rows), len(rows) - 1, None, None, x_shape, y_shape, ())
        tensor = out
        rows.append(LayerRow(layer.line, code, tuple(tensor.shape)))
    output = tuple(tensor.shape)

    def fit() -> float:
        model = keras.Model(inputs, tensor)
        model.compile(optimizer="adam", loss=read.loss or "mse", jit_compile=False, run_eagerly=eager)
        X = np.zeros(x_shape, dtype="float32")
        y = np.zeros(y_shape, dtype="float32")
        history = model.fit(X, y, epochs=1, batch_size=len(X), verbose=0, shuffle=False)
        return float(history.history["loss"][-1])

    loss, fit_error = capture(fit, source)
    silent = _silent(declared, output, x_shape, y_shape, read.loss) if fit_error is None else ()
    if on_progress is not None:
        on_progress(1, 1, [] if loss is None else [loss])
    return CodeRun(tuple(rows), None, fit_error, loss, x_shape, y_shape, silent, output)


def output_axes(run: CodeRun, read: ReadCode) -> list[tuple[str, ...] | None]:
    """The axis names of each row's output, for drawing it in the axis colours (None: default names)."""
    names: list[tuple[str, ...] | None] = []
    last = len(run.rows) - 1 if run.broke_at is None else -1
    image = False  # after a ConvLSTM2D: (samples, rows, timesteps, features) as the lessons name them
    for i, row in enumerate(run.rows):
        if i >= 1 and i - 1 < len(read.layers) and read.layers[i - 1].name == "ConvLSTM2D":
            image = True
        rank = len(row.output) if row.output is not None else 0
        end = "outputs" if i == last else "features"
        if rank == 2:
            names.append(("samples", end))
        elif rank == 3:
            names.append(("samples", "timesteps", end))
        elif rank == 4 and image:
            names.append(("samples", "rows", "timesteps", "features"))
        else:
            names.append(None)
    return names


def weights_estimate(layer: CodeLayer, incoming: Shape) -> int:
    """About how many weights `layer` gets on an input shaped `incoming` (0 for layers without)."""
    inner = layer.get("layer")
    if isinstance(inner, CodeLayer):
        times = 2 if layer.name == "Bidirectional" else 1
        passed = incoming[:1] + incoming[2:] if layer.name == "TimeDistributed" else incoming
        return times * weights_estimate(inner, passed)
    width = incoming[-1] if incoming and isinstance(incoming[-1], int) else 1
    units = layer.get("units") or layer.get("filters") or 0
    kernel = layer.get("kernel_size") or 1
    area = math.prod(kernel) if isinstance(kernel, tuple) else int(kernel)
    gates = {"LSTM": 4, "GRU": 3, "ConvLSTM2D": 4}.get(layer.name, 1)
    if layer.name in RECURRENT + ("ConvLSTM2D",):
        return gates * units * (area * width + area * units + 1)
    if layer.name in ("Dense", "Conv1D"):
        return units * (area * width + 1)
    return 0


def activations_estimate(layer: CodeLayer, incoming: Shape, outgoing: Shape, unknown: int = 1) -> int:
    """About how many values one sample makes `layer` hand on and keep for the backward pass: its
    output, plus a recurrent layer's gates and states at every timestep. Axes of unknown size (None,
    after the samples axis) count as `unknown`."""
    def size(shape: Shape) -> int:
        return math.prod(d if isinstance(d, int) else unknown for d in shape[1:])

    return size(outgoing) + _kept_inside(layer, incoming, unknown)


def _kept_inside(layer: CodeLayer, incoming: Shape, unknown: int) -> int:
    """A recurrent layer's values per timestep (gates, hidden and cell state) times its timesteps."""
    inner = layer.get("layer")
    if isinstance(inner, CodeLayer):
        if layer.name == "Bidirectional":
            return 2 * _kept_inside(inner, incoming, unknown)
        steps = incoming[1] if len(incoming) > 1 and isinstance(incoming[1], int) else unknown
        return steps * _kept_inside(inner, incoming[:1] + incoming[2:], unknown)  # TimeDistributed
    if layer.name not in RECURRENT + ("ConvLSTM2D",) or len(incoming) < 3:
        return 0
    steps = incoming[1] if isinstance(incoming[1], int) else unknown
    units = layer.get("units") or layer.get("filters") or 0
    gates = {"LSTM": 4, "GRU": 3, "ConvLSTM2D": 4}.get(layer.name, 1)
    grid = math.prod(d if isinstance(d, int) else unknown for d in incoming[2:-1]) if layer.name == "ConvLSTM2D" else 1
    return steps * grid * units * (gates + 2)


def _too_many_values(layer: CodeLayer, code: str, incoming: Shape, outgoing: Shape, x_shape: Shape,
                     y_shape: Shape) -> CapturedError | None:
    """The refusal when `layer` would hand on more than `MAX_ACTIVATIONS` values in the training step.

    The step runs on X's samples when X and y agree on their number; when they do not, Keras refuses
    the data before any step, so only one sample's values count.
    """
    samples = x_shape[0] if x_shape[0] == y_shape[0] else 1
    per_sample = activations_estimate(layer, incoming, outgoing, max(x_shape[1:], default=1))
    total = per_sample * samples
    if total <= MAX_ACTIVATIONS:
        return None
    return CapturedError(
        "TooLarge", f"{code} on {format_shape(incoming)} hands on {format_shape(outgoing)}"
        + (" and keeps its gates at every timestep for training" if _kept_inside(layer, incoming, 1) else "")
        + f": about {per_sample:,} values for each sample"
        f"{'' if samples == 1 else f', {total:,} for the {samples} samples of the training step'} "
        f"(about {total * 4 / 1e6:,.0f} MB of float32). This page runs layers of up to {MAX_ACTIVATIONS:,} values, "
        "so this model is not run here: make the layer or its input smaller (memory grows with the batch size).",
        "Shape Lab (not Keras)")


def _silent(declared: Shape, output: Shape, x: Shape, y: Shape, loss: str | None) -> tuple[str, ...]:
    found = []
    if len(x) != len(declared) + 1:
        found.append(f"Keras 3 reshaped X {format_shape(x)} to the declared {format_shape((None,) + tuple(declared))} "
                     "without a word: say the shape you mean.")
    elif any(d is not None and d != h for d, h in zip(declared, x[1:])):
        found.append(f"X's samples are {format_shape(tuple(x[1:]))}, the model declares {format_shape(tuple(declared))}; "
                     "Keras 3 trains anyway, on a model that is not the one declared.")
    if (loss or "mse") not in CROSSENTROPIES:
        seen, compared = keras_loss_shapes(tuple(y), tuple(output))
        if seen[1:] != compared[1:]:
            found.append(f"The model outputs {format_shape(output)} and y is {format_shape(y)}: the loss stretches "
                         "one over the other without a word, so the model learns targets you never gave it.")
    return tuple(found)


def run_shapes(x_shape: Shape, y_shape: Shape) -> tuple[Shape, Shape]:
    """X's and y's shapes as run: agreeing sample counts become 4 (their number never matters)."""
    if x_shape[0] == y_shape[0]:
        n = min(x_shape[0], RUN_SAMPLES)
        return (n,) + tuple(x_shape[1:]), (n,) + tuple(y_shape[1:])
    a, b = x_shape[0], y_shape[0]
    if a * math.prod(x_shape[1:]) + b * math.prod(y_shape[1:]) <= 2 * MAX_SAMPLE_VALUES:
        return x_shape, y_shape
    return (RUN_SAMPLES,) + tuple(x_shape[1:]), (RUN_SAMPLES + 1,) + tuple(y_shape[1:])


def check_shapes(x_shape: Shape, y_shape: Shape) -> None:
    for name, shape in (("X", x_shape), ("y", y_shape)):
        if not shape or len(shape) > 6 or any(d is None or d < 1 for d in shape):
            raise InputError(f"{name}'s shape needs 1 to 6 whole numbers, each 1 or more.")
        if math.prod(shape[1:]) > MAX_SAMPLE_VALUES:
            raise InputError(f"One sample of {name} holds over {MAX_SAMPLE_VALUES:,} values; that is more than this page builds.")


def check_code(read: ReadCode, x_shape: Shape, y_shape: Shape, on_wait: WaitCallback | None = None) -> CodeCheck:
    """Rebuild the read model, run it against X and y, and fix it one thing at a time (each fix run)."""
    check_shapes(x_shape, y_shape)
    if read.input_shape is not None and math.prod(d or 1 for d in read.input_shape) > MAX_SAMPLE_VALUES:
        raise InputError(f"The declared input holds over {MAX_SAMPLE_VALUES:,} values per sample; that is more "
                         "than this page builds.")
    return run_job(check_code_job, read, tuple(x_shape), tuple(y_shape), on_wait=on_wait)


def check_code_job(read: ReadCode, x_shape: Shape, y_shape: Shape,
                   on_progress: ProgressCallback | None = None) -> CodeCheck:
    """A job: the first run, then up to `MAX_ROUNDS` fixes, each rebuilt and run."""
    if read.input_shape is None:  # Keras 3 builds such a model for the first X it sees
        read = replace(read, input_shape=tuple(x_shape[1:]), notes=read.notes + (
            "No input shape declared (or none this reader could read): the model is built for one sample "
            f"of X, {format_shape(tuple(x_shape[1:]))}, as Keras 3 does on the first fit.",))
    first = code_job(read, *run_shapes(x_shape, y_shape))
    run, current, x, y, fixes = first, read, tuple(x_shape), tuple(y_shape), []
    problem = ""
    for _ in range(MAX_ROUNDS):
        if run.trains and not run.silent:
            break
        if run.error is not None and run.error.kind == "TooLarge":  # not a Keras error: nothing to fix
            problem = "This model is too large to run on this page; the message above says which layer and why."
            break
        step = next_fix(current, x, y, run)
        if step is None:
            problem = ("The debugger has no automatic fix for this one; the real Keras message above "
                       "says what it needs.")
            break
        current, x, y, said = step
        fixes.append(said)
        run = code_job(current, *run_shapes(x, y), eager=True)
    x_line = "" if x == tuple(x_shape) else f"X = X.reshape({format_shape((-1,) + x[1:])})  # was {format_shape(tuple(x_shape))}"
    y_line = "" if y == tuple(y_shape) else f"y = y.reshape({format_shape((-1,) + y[1:])})  # was {format_shape(tuple(y_shape))}"
    data = "\n".join(line for line in (x_line, y_line) if line)
    code = "import keras\nfrom keras import layers\n\n" + (data + "\n" if data else "") + model_code(current)
    if x[0] != y[0] and not run.trains:
        problem = (f"X has {x[0]:,} samples and y {y[0]:,}: the data needs the fix, not the model. Paste the "
                   "error in the first tab for the fix of X or y.")
    if not run.trains and not problem:
        problem = "Still not training after the fixes tried; the real Keras message above says what it needs."
    return CodeCheck(read, tuple(x_shape), tuple(y_shape), first, tuple(fixes), current, x, y, run, code, data, problem)


def _matches(declared: Shape, sample: Shape) -> bool:
    return len(declared) == len(sample) and all(d is None or d == s for d, s in zip(declared, sample))


def _recurrent_index(read: ReadCode, before: int) -> int | None:
    """The last recurrent layer (plain or wrapped) before layer `before`."""
    for i in range(min(before, len(read.layers)) - 1, -1, -1):
        if _core(read.layers[i]).name in RECURRENT + ("ConvLSTM2D",):
            return i
    return None


def _core(layer: CodeLayer) -> CodeLayer:
    inner = layer.get("layer")
    return _core(inner) if isinstance(inner, CodeLayer) else layer


def _set_core(layer: CodeLayer, **changes: Any) -> CodeLayer:
    inner = layer.get("layer")
    if isinstance(inner, CodeLayer):
        return layer.with_kwargs(layer=_set_core(inner, **changes))
    return layer.with_kwargs(**changes)


def _with_layer(read: ReadCode, i: int, layer: CodeLayer) -> ReadCode:
    return replace(read, layers=read.layers[:i] + (layer,) + read.layers[i + 1:])


def next_fix(read: ReadCode, x: Shape, y: Shape, run: CodeRun) -> tuple[ReadCode, Shape, Shape, str] | None:
    """One fix for the first thing wrong in `run`: (the new code, X's and y's shapes, what changed)."""
    layers_ = read.layers
    # 1. batch_input_shape: gone from Keras 3 layers; keras.Input says the same.
    for i, layer in enumerate(layers_):
        full = layer.get("batch_input_shape")
        if full is not None:
            fixed = replace(_with_layer(read, i, layer.with_kwargs(batch_input_shape=None)),
                            input_shape=tuple(full[1:]), batch_size=full[0], input_line=layer.line)
            return fixed, x, y, (f"line {layer.line}: batch_input_shape={format_shape(tuple(full))} → "
                                 f"keras.Input(shape={format_shape(tuple(full[1:]))}, batch_size={full[0]})")
    declared = read.input_shape
    # 2. The samples axis inside the declared shape.
    reads = {"ConvLSTM2D": 4, "Dense": None}.get(_core(layers_[0]).name, 2) if layers_ else None
    if (declared is not None and len(declared) == len(x) and reads is not None and len(declared) == reads + 1
            and declared[0] in (None, x[0]) and tuple(declared[1:]) == tuple(x[1:])):
        return replace(read, input_shape=tuple(x[1:])), x, y, (
            f"keras.Input(shape=...): {format_shape(declared)} → {format_shape(tuple(x[1:]))} "
            "(one sample: Keras adds the samples axis itself)")
    broke = run.broke_at
    x_off = declared is not None and not _matches(declared, tuple(x[1:]))
    first_problem = broke == 1 or (broke is None and (run.fit_error is not None or bool(run.silent)))
    # 3. ConvLSTM2D fed frames without a channels axis.
    if layers_ and _core(layers_[0]).name == "ConvLSTM2D" and len(x) == 5 - 1:
        new_x = tuple(x) + (1,)
        return replace(read, input_shape=new_x[1:]), new_x, y, (
            f"X: {format_shape(x)} → {format_shape(new_x)}, a channels axis of 1 for ConvLSTM2D")
    # 4. X against the declared input (an error at the first layer, or a silent reshape by Keras 3).
    if x_off and first_problem:
        if None not in declared and math.prod(declared) == math.prod(x[1:]):
            new_x = (x[0],) + tuple(declared)
            said = f"X: {format_shape(x)} → {format_shape(new_x)} (the same values, in the declared axes)"
            if len(new_x) == 3 and new_x[1] == 1 and _core(layers_[0]).name in RECURRENT:
                said += (" — what your model declares, but then each sample is one timestep and the LSTM has no "
                         "sequence to read: if X's rows follow one another in time, cut windows of consecutive "
                         "rows instead and declare their length")
            return read, new_x, y, said
        return replace(read, input_shape=tuple(x[1:])), x, y, (
            f"keras.Input(shape=...): {format_shape(declared)} → {format_shape(tuple(x[1:]))}, the shape of one sample of X")
    # 5. A layer that broke: a recurrent layer below gives no timesteps, or a CNN needs TimeDistributed.
    if broke is not None and broke >= 1:
        i = broke - 1
        message = run.rows[broke].error.message if run.rows[broke].error else ""
        below = _recurrent_index(read, i)
        if "expected ndim=3, found ndim=2" in message and below is not None and not _core(layers_[below]).get("return_sequences"):
            fixed = _with_layer(read, below, _set_core(layers_[below], return_sequences=True))
            return fixed, x, y, (f"line {layers_[below].line}: return_sequences=True, so "
                                 f"{_core(layers_[i]).name} on line {layers_[i].line} gets timesteps")
        if _core(layers_[i]).name in ("Conv1D", "MaxPooling1D", "Flatten") and layers_[i].name != "TimeDistributed" \
                and declared is not None and len(declared) == 3:
            wrapped = list(layers_)
            for j, layer in enumerate(layers_):
                if layer.name in RECURRENT + WRAPPERS:
                    break
                if layer.name in ("Conv1D", "MaxPooling1D", "Flatten"):
                    wrapped[j] = CodeLayer(layer.line, "TimeDistributed", (("layer", layer),))
            return replace(read, layers=tuple(wrapped)), x, y, (
                "Conv1D, MaxPooling1D and Flatten wrapped in TimeDistributed: they run on each subsequence")
        return None
    # 6. The output against y (an error in the training step, or a silent broadcast).
    out = run.output
    if out is None or not layers_:
        return None
    loss = read.loss or "mse"
    last = len(layers_) - 1
    n_y = tuple(y[1:])
    if len(out) == 3 and len(y) <= 2 or (len(y) == 3 and y[1] == 1 and len(out) == 3 and out[1] != 1):
        below = _recurrent_index(read, last + 1)
        if below is not None and _core(layers_[below]).get("return_sequences") and \
                all(layer.name in ("Dense", "Dropout") for layer in layers_[below + 1:]):
            fixed = _with_layer(read, below, _set_core(layers_[below], return_sequences=None))
            return fixed, x, y, (f"line {layers_[below].line}: return_sequences off on the last recurrent layer, "
                                 "one output per sample as y has")
        if layers_[last].name == "Dense" and not any(layer.name == "Flatten" for layer in layers_):
            fixed = replace(read, layers=layers_[:last] + (CodeLayer(layers_[last].line, "Flatten", ()),) + layers_[last:])
            return fixed, x, y, f"line {layers_[last].line}: Flatten before the last Dense, so it gives one row per sample"
    if loss in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        labels = len(y) == 1 or (len(y) == 2 and y[1] == 1)
        if loss == "categorical_crossentropy" and labels:
            return replace(read, loss="sparse_categorical_crossentropy"), x, y, (
                "loss: categorical_crossentropy → sparse_categorical_crossentropy, for class numbers as y holds")
        if loss == "sparse_categorical_crossentropy" and not labels and len(y) == 2 and out[-1] == y[-1]:
            return replace(read, loss="categorical_crossentropy"), x, y, (
                "loss: sparse_categorical_crossentropy → categorical_crossentropy, for one-hot rows as y holds")
        if not labels and len(y) == 2 and layers_[last].name == "Dense" and out[-1] != y[-1]:
            fixed = _with_layer(read, last, layers_[last].with_kwargs(units=y[-1]))
            return fixed, x, y, f"line {layers_[last].line}: Dense({out[-1]}) → Dense({y[-1]}), one unit per class"
        return None
    if len(y) == 3 and len(out) == 2 and y[1] == x[1] and len(x) == 3:
        below = _recurrent_index(read, last + 1)
        if below is not None and all(layer.name in ("Dense", "Dropout") for layer in layers_[below + 1:]):
            fixed = _with_layer(read, below, _set_core(layers_[below], return_sequences=True))
            fixed = _with_layer(fixed, last, layers_[last].with_kwargs(units=y[-1]))
            return fixed, x, y, (f"line {layers_[below].line}: return_sequences=True and Dense({y[-1]}): "
                                 "a prediction at every timestep, as y has")
    if layers_[last].name == "Dense" and len(n_y) <= 1:
        want = n_y[0] if n_y else 1
        if out[-1] != want:
            fixed = _with_layer(read, last, layers_[last].with_kwargs(units=want))
            return fixed, x, y, f"line {layers_[last].line}: Dense({out[-1]}) → Dense({want}), one unit per value in y"
    if layers_[last].name == "Dense" and len(y) == len(out) and out[-1] != y[-1]:
        fixed = _with_layer(read, last, layers_[last].with_kwargs(units=y[-1]))
        return fixed, x, y, f"line {layers_[last].line}: Dense({out[-1]}) → Dense({y[-1]}), one unit per value in y"
    return None

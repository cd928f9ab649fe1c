"""A trained Keras model as plain data: every layer's kind, its settings and its weights as NumPy.

`layer_records(model)` runs inside a job (it reads a Keras model); what it returns is frozen
dataclasses of strings, numbers and read-only arrays, so it can go into a session, a results cache
or another process. `lessons.inside.forward` runs the same layers again in NumPy from these records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

# The settings worth keeping: what the NumPy forward pass and the pictures need.
_KEPT = (
    "units", "filters", "activation", "recurrent_activation", "return_sequences", "go_backwards", "stateful",
    "kernel_size", "strides", "padding", "dilation_rate", "pool_size", "n", "merge_mode", "use_bias",
    "data_format",
)


@dataclass(frozen=True)
class LayerRecord:
    """One layer: `kind` as Keras names it ("LSTM", "Bidirectional(LSTM)", "TimeDistributed(Conv1D)"),
    its settings as (name, value) pairs and its weights in Keras' own order (`layer.get_weights()`;
    a Bidirectional's forward weights, then its backward ones)."""

    name: str
    kind: str
    settings: tuple[tuple[str, Any], ...]
    arrays: tuple[np.ndarray, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "arrays", _frozen(self.arrays))

    def __reduce__(self) -> tuple:
        # Rebuilt through __init__ after pickling (a job may run in another process), so the arrays
        # come back read-only: unpickled arrays are writeable, and a cached result shares them.
        return (LayerRecord, (self.name, self.kind, self.settings, self.arrays))

    def setting(self, name: str, default: Any = None) -> Any:
        return dict(self.settings).get(name, default)

    @property
    def recurrent(self) -> bool:
        return self.kind in ("LSTM", "Bidirectional(LSTM)", "ConvLSTM2D")


def _plain(value: Any) -> Any:
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, (bool, int, float, str)) for v in value):
        return tuple(value)
    if isinstance(value, dict) and "class_name" in value:  # a serialized object (e.g. a custom activation)
        return str(value.get("config", {}).get("name", value["class_name"]))
    return None


def _settings(config: dict[str, Any], **extra: Any) -> tuple[tuple[str, Any], ...]:
    kept = {name: _plain(config[name]) for name in _KEPT if name in config}
    kept.update(extra)
    return tuple(sorted(kept.items()))


def _frozen(arrays: Any) -> tuple[np.ndarray, ...]:
    """float32 copies nobody can write to (an array that already is one is kept as it is)."""
    out = []
    for array in arrays:
        if not (isinstance(array, np.ndarray) and array.dtype == np.float32 and not array.flags.writeable):
            array = np.array(array, dtype=np.float32, copy=True)
            array.setflags(write=False)
        out.append(array)
    return tuple(out)


def layer_record(layer: Any) -> LayerRecord:
    """One Keras layer as a `LayerRecord` (call it in a job: it reads a Keras object)."""
    kind = type(layer).__name__
    if kind == "Bidirectional":
        forward, backward = layer.forward_layer, layer.backward_layer
        settings = _settings(forward.get_config(), merge_mode=layer.merge_mode,
                             backward_go_backwards=bool(backward.go_backwards))
        return LayerRecord(layer.name, f"Bidirectional({type(forward).__name__})", settings,
                           tuple(forward.get_weights() + backward.get_weights()))
    if kind == "TimeDistributed":
        inner = layer.layer
        return LayerRecord(layer.name, f"TimeDistributed({type(inner).__name__})",
                           _settings(inner.get_config()), tuple(inner.get_weights()))
    return LayerRecord(layer.name, kind, _settings(layer.get_config()), tuple(layer.get_weights()))


def layer_records(model: Any) -> tuple[LayerRecord, ...]:
    """Every layer of a Keras model, in order, as plain data."""
    return tuple(layer_record(layer) for layer in model.layers)

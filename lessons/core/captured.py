"""Run a real NumPy or Keras call and keep the error it raises, word for word."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


# Keras 3 wraps the key line of some messages in terminal bold codes (also seen pasted without ESC).
_ANSI = re.compile(r"(?:\x1b)?\[[0-9;]{1,8}m")


def strip_ansi(text: str) -> str:
    """The text without terminal colour codes, which a web page would show as junk."""
    return _ANSI.sub("", text)


@dataclass(frozen=True)
class CapturedError:
    kind: str  # the exception class, e.g. "ValueError"
    message: str  # str(exception) as the library wrote it, less terminal colour codes
    source: str  # which library raised it, e.g. "NumPy 2.4.6"

    def headline(self, limit: int = 400) -> str:
        text = self.message.strip()
        return text if len(text) <= limit else text[:limit] + " …"


def capture(call: Callable[[], Any], source: str) -> tuple[Any, CapturedError | None]:
    """Run `call`; return (result, None) or (None, the error it raised)."""
    try:
        return call(), None
    except Exception as error:  # noqa: BLE001 - the point is to show any real error
        return None, CapturedError(type(error).__name__, strip_ansi(str(error)), source)


def numpy_source() -> str:
    import numpy

    return f"NumPy {numpy.__version__}"


def keras_source() -> str:
    """The installed versions, read from the package metadata: naming them never imports TensorFlow."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(*names: str) -> str:
        for name in names:
            try:
                return version(name)
            except PackageNotFoundError:
                continue
        return "?"

    return f"Keras {installed('keras')} on TensorFlow {installed('tensorflow-cpu', 'tensorflow')}"

"""Training many epochs per compiled call, reporting progress between calls.

`model.fit` returns to Python after every epoch; these lessons run a chunk of epochs inside one
`tf.function` call instead and only come back to report progress, about a dozen times a training.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

PROGRESS_CALLS = 12  # how often on_progress hears from one training

ProgressCallback = Callable[[int, int, list[float]], None]


def run_in_chunks(
    run_chunk: Callable[[int], Sequence[float]],
    epochs: int,
    on_progress: ProgressCallback | None = None,
) -> list[float]:
    """Call `run_chunk(n)` (n epochs, their losses back) until `epochs` have run.

    `on_progress(done, total, losses)` follows every chunk and may raise to stop the training.
    """
    chunk = math.ceil(epochs / PROGRESS_CALLS)
    losses: list[float] = []
    while len(losses) < epochs:
        losses += [float(loss) for loss in run_chunk(min(chunk, epochs - len(losses)))]
        if on_progress is not None:
            on_progress(len(losses), epochs, list(losses))
    return losses


def compile_epochs(epoch: Callable[[], Any]) -> Callable[[int], Sequence[float]]:
    """`epoch()` (one epoch of updates, its loss back) compiled into a loop over n epochs."""
    import tensorflow as tf

    @tf.function
    def run_epochs(n: Any) -> Any:
        losses = tf.TensorArray(tf.float32, size=n)
        for e in tf.range(n):
            losses = losses.write(e, epoch())
        return losses.stack()

    # A tensor argument, so each chunk length reuses the same trace.
    return lambda n: run_epochs(tf.constant(n)).numpy()

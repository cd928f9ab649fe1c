"""Training many epochs per compiled call, reporting progress between calls.

`model.fit` returns to Python after every epoch; these lessons run a chunk of epochs inside one
`tf.function` call instead and only come back to report progress, about a dozen times a training.
The two callback types every training takes are defined here, once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

PROGRESS_CALLS = 12  # how often on_progress hears from one training

ProgressCallback = Callable[[int, int, list[float]], None]
"""`on_progress(done_epochs, total_epochs, losses_so_far)`; may raise to stop the training."""

WaitCallback = Callable[[int], None]
"""`on_wait(ahead)`: trainings still ahead in the queue; may raise to give up the place."""


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


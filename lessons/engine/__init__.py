"""The training engine every lesson shares.

- `queue`: `TRAINING_QUEUE`, the process-wide training turn (seeds are process-wide);
- `loop`: the callback types (`ProgressCallback`, `WaitCallback`) and `run_in_chunks`;
- `trainer`: `Recipe` + `fit`, the one trainer: seeded build in the turn, Keras' Adam (each update by
  TensorFlow's fused kernel, `apply_adam`), many epochs
  per compiled call (full batch, mini-batches or a lesson's own epoch), workspaces reset, not retraced;
- `digest`: `data_digest`, the fingerprint that keys requests by their arrays;
- `jobs`: `run_job`, the one way a lesson runs Keras work (a module-level function on plain data),
  in a worker process of the pool once `start_pool` has started one, else in this process' queue;
- `pool`: `WorkerPool`, the worker processes (single-threaded TensorFlow, compiled workspaces kept,
  affinity, shared identical jobs, cancellation, `WorkerLost` when a worker dies, warm-up jobs, the
  open lesson's warm-ups first).

Nothing here imports TensorFlow or Keras until a model is built.
"""

from lessons.engine.digest import data_digest, read_only
from lessons.engine.jobs import (
    current_pool, run_job, start_pool, stop_pool, warm_up_first, warming_up, worker_pids,
)
from lessons.engine.loop import PROGRESS_CALLS, ProgressCallback, WaitCallback, run_in_chunks
from lessons.engine.pool import Job, JobCancelled, WorkerLost, WorkerPool, worker_count, worker_pids_of
from lessons.engine.queue import TRAINING_QUEUE, TrainingQueue
from lessons.engine.trainer import (
    FULL_BATCH,
    MINI_BATCHES,
    Batches,
    Recipe,
    Step,
    Trained,
    apply_adam,
    build_seeded,
    fit,
    inspect_model,
    predict,
    prepare_for_reuse,
    set_random_seed,
    workspace_traces,
)

__all__ = [
    "FULL_BATCH", "MINI_BATCHES", "PROGRESS_CALLS", "TRAINING_QUEUE", "Batches", "ProgressCallback",
    "Recipe", "Step", "Trained", "TrainingQueue", "WaitCallback", "apply_adam", "build_seeded",
    "data_digest", "fit", "inspect_model", "predict", "prepare_for_reuse", "read_only", "run_in_chunks",
    "run_job", "set_random_seed", "workspace_traces",
    "Job", "JobCancelled", "WorkerLost", "WorkerPool", "current_pool", "start_pool", "stop_pool",
    "warm_up_first", "warming_up", "worker_count", "worker_pids", "worker_pids_of",
]

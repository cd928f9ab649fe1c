"""The one trainer every lesson uses: the tutorial's `fit`, same maths, many epochs per compiled call.

A lesson describes its model and training as a `Recipe` (how to build the model, the Keras loss, the
epoch rule: full batch, mini-batches, or its own) and calls `fit`. The engine then

- takes the process-wide training turn (`TRAINING_QUEUE`, seeds are process-wide) and builds the
  model right after seeding as `keras.utils.set_random_seed(seed)` does (`set_random_seed`: all of
  it but TensorFlow's seed, which would clear the kernels of every compiled function), so the
  initial weights are exactly the ones the tutorial's code draws;
- trains with Keras' Adam (`keras.optimizers.Adam`: its moments, step count, learning rate and
  clipping), each update applied by TensorFlow's fused Adam kernel in `apply_adam` (see there for
  why not `optimizer.apply`), a chunk of epochs per `tf.function` call, and reports progress
  between chunks (`fit` comes back to Python after every epoch);
- keeps one compiled "workspace" (model, optimizer, traced loop) per recipe key, the last
  `WORKSPACES_KEPT` of them: another seed, learning rate, epoch count or data set of the same
  per-sample shape copies fresh seeded weights in and zeroes the optimizer instead of tracing the
  graph again — tracing is the largest cost left. The seed's weights are drawn by the workspace's
  `Reseeder` (the initializers replayed, checked equal to real seeded builds) rather than by
  building another model. Mini-batches trace with the data's first axis
  open, so another number of samples or updates reuses the trace too (see `_trace_for_any_count`).

Sessions never get a model: `after(model)` runs in the turn and returns plain data.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np

from lessons.engine.loop import ProgressCallback, WaitCallback, run_in_chunks
from lessons.engine.queue import TRAINING_QUEUE

FULL_BATCH = "full_batch"  # every epoch one update on all samples (the forecasting lessons)
MINI_BATCHES = "mini_batches"  # every epoch a run of updates on the rows `Batches` lists
# The eleven forecasting lessons and a learner's own model or two, the memory lesson's four and the
# real-data lesson's five framings: each keeps its compiled workspace. (Each holds a model, Adam's
# two moments and a graph: a few MB for the lessons' own models, about 40 MB at most at 512 units.)
WORKSPACES_KEPT = 24
# XLA (jit_compile=True) makes each epoch several times faster but compiling takes 4–8 s of CPU per
# architecture, more than a whole training without it (measured on the eleven forecasting lessons).
JIT_COMPILE = False
# A workspace used a second time learns a `Reseeder` (checked against real builds), and from then on
# draws another seed's initial weights with it instead of building a new model; False: always build,
# as the tutorial. Not on first use: learning costs about two builds, which only reuse pays back, and
# an architecture a learner tries once (another window or unit count) should not pay it. Nor while a
# learner waits: the first reuse builds, and the learning waits for `prepare_for_reuse`.
RESEED = True

Output = TypeVar("Output")


@dataclass(frozen=True)
class Recipe:
    """A model and the way it trains. Recipes with equal `key`, loss, clipnorm and epoch rule share
    one compiled workspace, so `key` must name everything `build` and a custom epoch depend on
    (layers, units, per-sample shapes, unrolling, the rule's own settings); the data's values and
    its number of samples may differ."""

    key: Hashable
    build: Callable[[], Any] = field(compare=False)  # the Keras model; called right after seeding
    loss: str = "MeanSquaredError"  # a Keras loss class, by name (what compile(loss=...) would use)
    epoch: str | Callable[..., Any] = field(default=FULL_BATCH, compare=False)
    clipnorm: float | None = None  # Adam's `clipnorm`; None: Keras' default (no clipping)

    @property
    def workspace_key(self) -> tuple:
        rule = self.epoch if isinstance(self.epoch, str) else f"{self.epoch.__module__}.{self.epoch.__qualname__}"
        return (self.key, self.loss, self.clipnorm, rule)


@dataclass(frozen=True)
class Batches:
    """Mini-batches for `MINI_BATCHES`: the sample rows each update reads, in order, and how many
    updates make an epoch (the last epoch may be cut short). Every batch is full: `rows` is
    (updates, batch)."""

    rows: np.ndarray
    per_epoch: int

    @property
    def epochs(self) -> int:
        return math.ceil(len(self.rows) / self.per_epoch)

    @classmethod
    def in_order(cls, samples: int, epochs: int, batch: int = 1) -> Batches:
        """What `fit(batch_size=batch, shuffle=False)` reads when `batch` divides `samples`."""
        if samples % batch:
            raise ValueError(f"{samples} samples do not split into full batches of {batch}")
        per_epoch = samples // batch
        rows = np.arange(samples, dtype=np.int32).reshape(per_epoch, batch)
        return cls(np.tile(rows, (epochs, 1)), per_epoch)


@dataclass(frozen=True)
class Trained(Generic[Output]):
    """What one training hands back: plain data, never the model."""

    losses: list[float]  # one per epoch: its update's loss, or the mean over its updates
    output: Output  # what `after(model)` returned (None without `after`)
    updates: int  # Adam's own count of the updates it applied
    train_seconds: float  # the seeded build and every update
    seconds: float  # also `after`


class Step:
    """What an epoch body works with: the model, the loss and one Adam update."""

    def __init__(self, model: Any, loss: Any, optimizer: Any) -> None:
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.weights = model.trainable_variables

    def batch_loss(self, X: Any, y: Any) -> Any:
        """The loss of the model's output for X against y, in training mode (as `fit` computes it)."""
        return self.loss(y, self.model(X, training=True))

    def update(self, loss_of: Callable[[], tuple[Any, Any]]) -> tuple[Any, Any]:
        """One Adam update down the gradient of `loss_of()`, which returns (loss, anything else);
        that pair comes back (e.g. a recurrent state to carry on)."""
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss, extra = loss_of()
        apply_adam(self.optimizer, tape.gradient(loss, self.weights), self.weights)
        return loss, extra


def apply_adam(optimizer: Any, gradients: Sequence[Any], weights: Sequence[Any]) -> None:
    """One Adam update of `weights`: Keras' Adam, its arithmetic done by TensorFlow's fused kernel.

    What `optimizer.apply(gradients, weights)` does for a `keras.optimizers.Adam` with a `clipnorm`
    at most (each gradient clipped to that norm, as Keras clips it; then per weight m, v and
    var -= m·alpha / (sqrt(v) + eps) with alpha = lr·sqrt(1 - beta_2^t) / (1 - beta_1^t); then the
    step count), on the optimizer's own moments, step count and learning rate, but one
    `ResourceApplyAdam` op per weight instead of Keras' twenty-odd ops and its distribution
    plumbing. Kept because it still pays: benchmarks/bench_training.py, both ways in one run on
    2 shared cores, measured Keras' `optimizer.apply` at 1.49× the CPU time of this for the eleven
    forecasting lessons' first trainings (tracing included; 1.45× the wall time) and 1.11× for a
    second seed on the compiled workspaces. The predictions agree to float32 rounding, which a
    long training can amplify (largest difference in that run: 0.42%).
    """
    import tensorflow as tf

    if optimizer.clipnorm:
        gradients = [tf.clip_by_norm(g, optimizer.clipnorm) for g in gradients]  # Keras' formula
    t = tf.cast(optimizer.iterations + 1, tf.float32)
    beta_1_power, beta_2_power = tf.pow(optimizer.beta_1, t), tf.pow(optimizer.beta_2, t)
    learning_rate = tf.cast(optimizer.learning_rate, tf.float32)
    for weight, gradient in zip(weights, gradients):
        index = optimizer._get_variable_index(weight)  # the lookup Adam.update_step does itself
        tf.raw_ops.ResourceApplyAdam(
            var=weight.value.handle, m=optimizer._momentums[index].value.handle,
            v=optimizer._velocities[index].value.handle, beta1_power=beta_1_power,
            beta2_power=beta_2_power, lr=learning_rate, beta1=optimizer.beta_1, beta2=optimizer.beta_2,
            epsilon=optimizer.epsilon, grad=gradient,
        )
    optimizer.iterations.assign_add(1)


def full_batch_epoch(step: Step, data: tuple[Any, ...], epoch: Any) -> Any:
    """One update on all of X and y (`fit` with a batch as large as the data set)."""
    X, y = data
    loss, _ = step.update(lambda: (step.batch_loss(X, y), None))
    return loss


def mini_batch_epoch(step: Step, data: tuple[Any, ...], epoch: Any) -> Any:
    """Epoch `epoch`'s updates, one per row of `rows`; their mean loss (what `fit` reports)."""
    import tensorflow as tf

    X, y, rows, per_epoch = data
    start = epoch * per_epoch
    end = tf.minimum(start + per_epoch, tf.shape(rows)[0])
    total = tf.constant(0.0)
    for update in tf.range(start, end):
        batch = rows[update]
        loss, _ = step.update(lambda: (step.batch_loss(tf.gather(X, batch), tf.gather(y, batch)), None))
        total += loss
    return total / tf.cast(end - start, tf.float32)


_EPOCHS = {FULL_BATCH: full_batch_epoch, MINI_BATCHES: mini_batch_epoch}


# --- workspaces (only touched while holding the training turn) ----------------------------------


@dataclass
class _Workspace:
    model: Any
    optimizer: Any
    fresh_optimizer: list[np.ndarray]  # the optimizer's variables as built: no updates, no moments
    run_epochs: Any  # tf.function(data, first_epoch, n) -> the n epochs' losses
    reseed: Reseeder | None = None  # draws a seed's initial weights without building a model
    reused: bool = False  # trained on a second time: worth the reseeder (see _workspace_for)
    learn_from: tuple[Callable[[], Any], Any, int] | None = None  # (build, a seeded build, its seed)


_workspaces: OrderedDict[tuple, _Workspace] = OrderedDict()

MAX_DRAWS = 4_096  # how far into a seed's Python random draws an initializer's seed is looked for


@dataclass
class Reseeder:
    """A seed's initial weights for one architecture, drawn as building it would draw them, without
    building it.

    Building a Keras model after `keras.utils.set_random_seed(seed)` gives each random initializer a
    seed of its own, the next `random.randint(1, 10**9)` of Python's random module, in the order
    the layers are made; the initializer then draws its weights statelessly from that number and
    the weight's shape. So a seed's weights are: replay the draws, hand each initializer (rebuilt
    from its config) the draw it had, call it. Constant initializers (zeros, ones, the LSTM's
    forget-gate bias) give every seed the same values. `learn` works out which draw and which
    initializer made each weight from one build, and keeps the reseeder only if it reproduces a
    second build with another seed exactly (`None` otherwise: the engine then builds, as before).
    Building is most of what a warm training of a small model costs (benchmarks/bench_training.py).
    """

    draws: int
    plan: list[tuple[Any, int] | np.ndarray]  # per weight: (initializer, index of its draw), or a constant
    shapes: list[tuple[tuple[int, ...], str]]

    def weights(self, seed: int) -> list[Any]:
        """The initial weights a build right after `keras.utils.set_random_seed(seed)` would have."""
        draws = _python_draws(seed, self.draws)
        values = []
        for entry, (shape, dtype) in zip(self.plan, self.shapes):
            if isinstance(entry, np.ndarray):
                values.append(entry)
            else:
                initializer, index = entry
                again = type(initializer).from_config({**initializer.get_config(), "seed": draws[index]})
                values.append(again(shape, dtype=dtype))
        return values

    @classmethod
    def learn(cls, build: Callable[[], Any], model: Any, seed: int) -> Reseeder | None:
        """From `model` as `build_seeded(build, seed)` just built it (before any training)."""
        initial = [np.array(v.numpy()) for v in model.weights]
        shapes = [(tuple(v.shape), str(v.dtype)) for v in model.weights]
        initializers = _random_initializers(model)
        sequence = _python_draws(seed, MAX_DRAWS)
        first_at: dict[int, int] = {}
        for index, value in enumerate(sequence):
            first_at.setdefault(value, index)
        plan: list[tuple[Any, int] | np.ndarray] = []
        for value, (shape, dtype) in zip(initial, shapes):
            match = None
            for initializer in initializers:
                if initializer.seed in first_at and _draws(initializer, shape, dtype, value):
                    match = (initializer, first_at[initializer.seed])
                    break
            plan.append(value if match is None else match)
        indices = [entry[1] for entry in plan if not isinstance(entry, np.ndarray)]
        reseeder = cls(max(indices, default=-1) + 1, plan, shapes)
        other = (int(seed) + 1) % 2**31
        check = [np.array(v.numpy()) for v in build_seeded(build, other).weights]
        for expected, mine in ((initial, reseeder.weights(seed)), (check, reseeder.weights(other))):
            if not all(np.array_equal(a, np.asarray(b)) for a, b in zip(expected, mine, strict=True)):
                return None
        return reseeder


def _python_draws(seed: int, n: int) -> list[int]:
    """The first n initializer seeds a build after `set_random_seed(seed)` draws.

    Keras' `make_default_seed` draws `random.randint(1, 10**9)` from Python's random module, which
    `set_random_seed` has just seeded; a `random.Random(seed)` of its own gives the same numbers
    and leaves the process' random state alone.
    """
    import random

    draws = random.Random(int(seed))
    return [draws.randint(1, int(1e9)) for _ in range(n)]


def _draws(initializer: Any, shape: tuple[int, ...], dtype: str, value: np.ndarray) -> bool:
    """Whether `initializer` gives exactly `value` for this shape (some refuse some shapes)."""
    try:
        return bool(np.array_equal(np.asarray(initializer(shape, dtype=dtype)), value))
    except ValueError:
        return False


def _random_initializers(model: Any) -> list[Any]:
    """Every initializer with a drawn seed held by the model's layers (cells and wrapped layers too)."""
    found: dict[int, Any] = {}
    for layer in model._flatten_layers(include_self=True, recursive=True):
        for value in vars(layer).values():
            if isinstance(getattr(value, "seed", None), int) and callable(value) and hasattr(value, "get_config"):
                found.setdefault(id(value), value)
    return list(found.values())


def build_seeded(build: Callable[[], Any], seed: int) -> Any:
    """`build()` right after `keras.utils.set_random_seed(seed)`: the tutorial's initial weights.

    Only in the training turn (seeds are process-wide; a build elsewhere would shift them).
    """
    if not TRAINING_QUEUE.holding():
        raise RuntimeError("a seeded Keras build must run inside TRAINING_QUEUE.turn()")
    set_random_seed(seed)
    return build()


def set_random_seed(seed: int) -> None:
    """What `keras.utils.set_random_seed(seed)` does for a Keras 3 model, without TensorFlow's seed.

    Keras 3 gives each initializer and random layer a seed drawn from Python's random module and
    computes with stateless ops, so Python's (and NumPy's) seed decides a build's weights.
    `keras.utils.set_random_seed` also sets TensorFlow's seed, and that clears TensorFlow's kernel
    caches: every compiled function in the process sets its kernels up again on its next call
    (0.07–0.23 s for each forecasting lesson's training loop), so one learner's build would slow
    the next training of every workspace the worker keeps. Keras' global seed generator, which only
    `keras.random` calls given no seed use, is left as it is too; no lesson makes such a call, and
    the lessons' `fit` calls do not shuffle. tests/unit/engine/test_reseed.py checks that the
    weights equal `keras.utils.set_random_seed`'s for every model the lessons train.
    """
    import random

    random.seed(int(seed))
    np.random.seed(int(seed))


def predict(model: Any, inputs: np.ndarray) -> np.ndarray:
    """`model(inputs, training=False)`: eager the first time, then a compiled call traced once per
    model and input shape.

    Called eagerly, a recurrent model runs every timestep op by op through Python (a tenth of a
    second or more for the forecasting lessons' test input); a kept workspace's model is called
    after every training, so from its second call on its traced forward pass is kept on the model.
    Tracing costs more than one eager call, so a model called once is not traced. Same layers, same
    weights; graph and eager arithmetic agree to float32 rounding.
    """
    import tensorflow as tf

    x = tf.constant(np.asarray(inputs, dtype=np.float32))
    forward = model.__dict__.get("_engine_forward")  # beside Keras' attribute tracking, on purpose
    if forward is None:
        model.__dict__["_engine_forward"] = tf.function(lambda x: model(x, training=False), reduce_retracing=True)
        return np.asarray(model(x, training=False))
    return np.asarray(forward(x))


def inspect_model(
    build: Callable[..., Any],
    read: Callable[[Any], Output],
    *build_args: Any,
    seed: int = 0,
    on_wait: WaitCallback | None = None,
) -> Output:
    """`read(model)` of the model `build(*build_args)` built seeded, e.g. its layers' shapes.

    A job (`run_job`): with a worker pool, `build` and `read` must be module-level functions and
    `build_args` plain data, and `read` must return plain data.
    """
    from lessons.engine.jobs import run_job

    return run_job(inspect_job, build, read, build_args, seed, on_wait=on_wait)


def inspect_job(build: Callable[..., Any], read: Callable[[Any], Output], build_args: tuple, seed: int,
                on_progress: ProgressCallback | None = None) -> Output:
    """The job `inspect_model` runs: build seeded, read, hand back only what `read` returned."""
    return read(build_seeded(lambda: build(*build_args), seed))


def _workspace_for(recipe: Recipe, seed: int, learning_rate: float) -> _Workspace:
    """The recipe's workspace with fresh seeded weights, a fresh optimizer and this learning rate."""
    workspace = _workspaces.get(recipe.workspace_key)
    if workspace is None:
        workspace = _new_workspace(recipe, build_seeded(recipe.build, seed))  # kept once its first chunk has run
    else:
        _workspaces.move_to_end(recipe.workspace_key)
        if not TRAINING_QUEUE.holding():
            raise RuntimeError("seeded weights must be drawn inside TRAINING_QUEUE.turn()")
        _learn_reseeder(workspace)  # left from the last reuse if nobody called prepare_for_reuse
        if workspace.reseed is not None:
            weights = workspace.reseed.weights(seed)
        else:
            fresh = build_seeded(recipe.build, seed)
            if RESEED and not workspace.reused:  # the first reuse: learn to draw weights, later
                workspace.learn_from = (recipe.build, fresh, seed)
            weights = fresh.weights
        workspace.reused = True
        for variable, value in zip(workspace.model.weights, weights, strict=True):
            variable.assign(value)
        for variable, value in zip(workspace.optimizer.variables, workspace.fresh_optimizer, strict=True):
            variable.assign(value)
    workspace.optimizer.learning_rate = float(learning_rate)
    return workspace


def prepare_for_reuse() -> None:
    """Learn the reseeders that workspaces reused for the first time have waited for.

    The pool's workers call it after handing back a job's result, so no learner waits for it; in
    this process (no pool) the next reuse of the workspace learns it first. In the training turn.
    """
    if not TRAINING_QUEUE.holding():
        raise RuntimeError("prepare_for_reuse must run inside TRAINING_QUEUE.turn()")
    for workspace in _workspaces.values():
        _learn_reseeder(workspace)


def _learn_reseeder(workspace: _Workspace) -> None:
    if workspace.learn_from is not None:
        build, model, seed = workspace.learn_from
        workspace.learn_from = None
        workspace.reseed = Reseeder.learn(build, model, seed)


def _new_workspace(recipe: Recipe, model: Any) -> _Workspace:
    import keras
    import tensorflow as tf

    optimizer = keras.optimizers.Adam(clipnorm=recipe.clipnorm)  # beta_1, beta_2, epsilon: Keras' defaults
    optimizer.build(model.trainable_variables)
    step = Step(model, keras.losses.get(recipe.loss), optimizer)
    body = _EPOCHS[recipe.epoch] if isinstance(recipe.epoch, str) else recipe.epoch

    @tf.function(jit_compile=JIT_COMPILE)
    def run_epochs(data: Any, first: Any, n: Any) -> Any:
        losses = tf.TensorArray(tf.float32, size=n)
        for epoch in tf.range(n):
            losses = losses.write(epoch, body(step, data, first + epoch))
        return losses.stack()

    return _Workspace(model, optimizer, [v.numpy() for v in optimizer.variables], run_epochs)


def _keep(key: tuple, workspace: _Workspace) -> None:
    _workspaces[key] = workspace
    while len(_workspaces) > WORKSPACES_KEPT:
        _workspaces.popitem(last=False)  # dropped, not cleared: nothing else holds it


def _trace_for_any_count(workspace: _Workspace, inputs: tuple[Any, ...]) -> None:
    """Trace the loop with the data's first axis open, unless done before.

    Mini-batches read rows of the data, so another number of samples (or of updates) can run on
    the same trace (another batch size traces once more). A model fed the data whole keeps exact
    shapes instead, because they make a faster graph (17–28% less CPU for the forecasting lessons,
    measured both ways in one run), and another number of samples traces once more.
    """
    import tensorflow as tf

    specs = tuple(tf.TensorSpec((None,) + tuple(t.shape[1:]) if t.shape.rank else (), t.dtype) for t in inputs)
    counter = tf.TensorSpec((), tf.int32)
    workspace.run_epochs.get_concrete_function(specs, counter, counter)  # cached after the first time


def workspace_traces(recipe: Recipe) -> int | None:
    """How often the recipe's kept workspace has traced its loop; None when none is kept."""
    workspace = _workspaces.get(recipe.workspace_key)
    return None if workspace is None else workspace.run_epochs.experimental_get_tracing_count()


def _as_tensor_data(arrays: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Float data as float32 (what Keras trains in), whole numbers (labels, rows) as int32."""
    out = []
    for array in arrays:
        array = np.asarray(array)
        out.append(array.astype(np.float32 if array.dtype.kind == "f" else np.int32, copy=False))
    return tuple(out)


# --- training ----------------------------------------------------------------------------------


def fit(
    recipe: Recipe,
    data: Sequence[np.ndarray],
    *,
    seed: int,
    learning_rate: float = 0.001,
    epochs: int | None = None,
    batches: Batches | None = None,
    after: Callable[[Any], Output] | None = None,
    on_progress: ProgressCallback | None = None,
    on_wait: WaitCallback | None = None,
) -> Trained[Output]:
    """Train the recipe's model on `data` in the process' training turn; see the module docstring.

    `data` is what the epoch rule reads: (X, y) for `FULL_BATCH` and `MINI_BATCHES`, any arrays for
    a custom rule `epoch(step, data, epoch_index) -> loss` (it sees them as tensors of exact shapes,
    so Python loops over their axes unroll; `epoch_index` counts from 0 over the whole training).
    `MINI_BATCHES` takes `batches` (and its epochs from them), every other rule `epochs`.
    `on_progress(done_epochs, total_epochs, losses)` is called about a dozen times and `on_wait(ahead)`
    while queued; either may raise to stop, leaving the queue and the workspace usable.
    """
    if (recipe.epoch == MINI_BATCHES) != (batches is not None) or (batches is None) == (epochs is None):
        raise ValueError("mini-batches take `batches`, every other epoch rule takes `epochs`")
    tensors = _as_tensor_data(data)
    if batches is not None:
        epochs = batches.epochs
        tensors += _as_tensor_data((batches.rows, np.int32(batches.per_epoch)))
    with TRAINING_QUEUE.turn(on_wait):
        import tensorflow as tf

        started = time.perf_counter()
        workspace = _workspace_for(recipe, seed, learning_rate)
        inputs = tuple(tf.constant(t) for t in tensors)
        if recipe.epoch == MINI_BATCHES:
            _trace_for_any_count(workspace, inputs)
        done = 0

        def run_chunk(n: int) -> np.ndarray:
            nonlocal done
            losses = workspace.run_epochs(inputs, tf.constant(done), tf.constant(n)).numpy()
            done += n
            if _workspaces.get(recipe.workspace_key) is not workspace:
                _keep(recipe.workspace_key, workspace)  # traced and run: worth keeping
            return losses

        losses = run_in_chunks(run_chunk, int(epochs), on_progress)
        updates = int(workspace.optimizer.iterations.numpy())
        train_seconds = time.perf_counter() - started
        output = after(workspace.model) if after is not None else None
        seconds = time.perf_counter() - started
    return Trained(losses, output, updates, train_seconds, seconds)

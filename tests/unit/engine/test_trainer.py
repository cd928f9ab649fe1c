"""lessons/engine: the one trainer trains as `fit` does, resets instead of retracing, takes turns."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from lessons import engine
from lessons.engine.queue import TRAINING_QUEUE, TrainingQueue

RNG = np.random.default_rng(0)
X = RNG.normal(size=(12, 3)).astype(np.float32)
Y = (X @ np.array([[1.0], [-2.0], [0.5]]) + 0.3).astype(np.float32)
LABELS = (X[:, 0] > 0).astype(np.int64) + (X[:, 1] > 0)  # three classes


def _dense_model(outputs: int = 1, activation: str | None = None):
    import keras
    from keras import layers

    return keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, activation="tanh"),
                             layers.Dense(outputs, activation=activation)])


def _recipe(name: str, **kw) -> engine.Recipe:
    return engine.Recipe(key=("test_engine", name), build=_dense_model, **kw)


def _fit_reference(build, X, y, *, seed, epochs, batch_size, optimizer_kw, loss):
    """The tutorial's way: seed, build, compile, fit (no shuffling), predict."""
    import keras

    with TRAINING_QUEUE.turn():
        keras.utils.set_random_seed(seed)
        model = build()
        model.compile(optimizer=keras.optimizers.Adam(**optimizer_kw), loss=loss)
        history = model.fit(X, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
        return history.history["loss"], model.predict(X, verbose=0)


def _predict(model) -> np.ndarray:
    return np.array(model(X, training=False))


# --- the same maths as fit ----------------------------------------------------------------------


def test_full_batch_matches_fit_on_the_whole_data_set():
    losses, prediction = _fit_reference(_dense_model, X, Y, seed=3, epochs=15, batch_size=len(X),
                                        optimizer_kw={"learning_rate": 0.01}, loss="mse")
    trained = engine.fit(_recipe("full"), (X, Y), seed=3, learning_rate=0.01, epochs=15, after=_predict)
    np.testing.assert_allclose(trained.losses, losses, rtol=1e-4)
    np.testing.assert_allclose(trained.output, prediction, rtol=1e-4, atol=1e-5)
    assert trained.updates == 15


def test_mini_batches_in_order_match_fit_with_a_batch_size_and_clipping():
    def classifier():
        return _dense_model(3, "softmax")

    losses, prediction = _fit_reference(
        classifier, X, LABELS, seed=4, epochs=3, batch_size=4,
        optimizer_kw={"learning_rate": 0.05, "clipnorm": 0.1}, loss="sparse_categorical_crossentropy",
    )
    recipe = engine.Recipe(("test_engine", "classifier"), classifier, loss="SparseCategoricalCrossentropy",
                           epoch=engine.MINI_BATCHES, clipnorm=0.1)
    trained = engine.fit(recipe, (X, LABELS), seed=4, learning_rate=0.05,
                         batches=engine.Batches.in_order(len(X), epochs=3, batch=4), after=_predict)
    np.testing.assert_allclose(trained.losses, losses, rtol=1e-4)
    np.testing.assert_allclose(trained.output, prediction, rtol=1e-4, atol=1e-5)
    assert trained.updates == 9


def test_batches_read_rows_in_order_and_a_budget_may_end_mid_epoch():
    batches = engine.Batches.in_order(6, epochs=2, batch=2)
    assert batches.rows.tolist() == [[0, 1], [2, 3], [4, 5]] * 2
    assert batches.per_epoch == 3 and batches.epochs == 2
    cut = engine.Batches(batches.rows[:4], per_epoch=3)
    assert cut.epochs == 2
    with pytest.raises(ValueError):
        engine.Batches.in_order(7, epochs=1, batch=2)

    calls = []
    trained = engine.fit(_recipe("cut", epoch=engine.MINI_BATCHES), (X, Y), seed=1, batches=
                         engine.Batches(engine.Batches.in_order(12, 2, 4).rows[:4], per_epoch=3),
                         on_progress=lambda done, total, losses: calls.append((done, total)))
    assert trained.updates == 4 and len(trained.losses) == 2
    assert calls[-1] == (2, 2)


def test_a_custom_epoch_rule_trains_with_the_same_update():
    def whole_data_set(step, data, epoch):
        X, y = data
        loss, _ = step.update(lambda: (step.batch_loss(X, y), None))
        return loss

    built_in = engine.fit(_recipe("rule"), (X, Y), seed=5, epochs=6, after=_predict)
    custom = engine.fit(_recipe("rule", epoch=whole_data_set), (X, Y), seed=5, epochs=6, after=_predict)
    np.testing.assert_allclose(custom.losses, built_in.losses, rtol=1e-6)
    np.testing.assert_allclose(custom.output, built_in.output, rtol=1e-6, atol=1e-7)


def test_settings_that_do_not_fit_the_rule_are_refused():
    with pytest.raises(ValueError, match="batches"):
        engine.fit(_recipe("bad", epoch=engine.MINI_BATCHES), (X, Y), seed=1, epochs=3)
    with pytest.raises(ValueError, match="batches"):
        engine.fit(_recipe("bad"), (X, Y), seed=1, batches=engine.Batches.in_order(12, 1))
    assert len(TRAINING_QUEUE) == 0


# --- workspaces: reset, not retraced ----------------------------------------------------------


def test_a_kept_workspace_is_reset_to_fresh_weights_and_a_fresh_optimizer():
    recipe = _recipe("reset")
    first = engine.fit(recipe, (X, Y), seed=1, learning_rate=0.01, epochs=8, after=_predict)
    traces = engine.workspace_traces(recipe)
    engine.fit(recipe, (X, Y), seed=2, learning_rate=0.2, epochs=5)  # moves weights, moments, count
    again = engine.fit(recipe, (X, Y), seed=1, learning_rate=0.01, epochs=8, after=_predict)
    assert first.losses == again.losses
    np.testing.assert_array_equal(first.output, again.output)
    assert again.updates == 8
    assert engine.workspace_traces(recipe) == traces == 1


def test_a_workspace_learns_to_redraw_weights_after_its_first_reuse_not_during_it():
    from lessons.engine import trainer

    recipe = _recipe("reseed later")
    engine.fit(recipe, (X, Y), seed=1, epochs=2)
    workspace = trainer._workspaces[recipe.workspace_key]
    assert workspace.reseed is None  # one training of an architecture does not pay for learning it
    engine.fit(recipe, (X, Y), seed=2, epochs=2)
    assert workspace.reseed is None  # nor does the first reuse: a learner waits for it
    with TRAINING_QUEUE.turn():
        engine.prepare_for_reuse()  # what a worker does once the result is sent
    assert workspace.reseed is not None


def test_without_a_worker_the_next_reuse_learns_the_reseeder_first():
    from lessons.engine import trainer

    recipe = _recipe("reseed in process")
    first = engine.fit(recipe, (X, Y), seed=3, epochs=4, after=_predict)
    engine.fit(recipe, (X, Y), seed=4, epochs=2)
    workspace = trainer._workspaces[recipe.workspace_key]
    again = engine.fit(recipe, (X, Y), seed=3, epochs=4, after=_predict)
    assert workspace.reseed is not None
    assert first.losses == again.losses  # drawn by the reseeder, the same start as the build
    np.testing.assert_array_equal(first.output, again.output)


def test_no_training_sets_tensorflows_seed(monkeypatch):
    """Setting it clears the kernels of every compiled function in the process (see
    engine.set_random_seed): first training, first reuse, learning the reseeder, reseeded reuse."""
    import tensorflow as tf

    seeded = []
    monkeypatch.setattr(tf.random, "set_seed", seeded.append)
    recipe = _recipe("no tf seed")
    engine.fit(recipe, (X, Y), seed=7, epochs=2)
    engine.fit(recipe, (X, Y), seed=8, epochs=2)
    with TRAINING_QUEUE.turn():
        engine.prepare_for_reuse()
    engine.fit(recipe, (X, Y), seed=9, epochs=2)
    assert seeded == []


def test_the_learning_rate_changes_without_a_new_trace():
    recipe = _recipe("rate")
    slow = engine.fit(recipe, (X, Y), seed=1, learning_rate=0.001, epochs=4)
    fast = engine.fit(recipe, (X, Y), seed=1, learning_rate=0.1, epochs=4)
    assert slow.losses[0] == fast.losses[0]  # same seeded start
    assert slow.losses[-1] != fast.losses[-1]
    assert engine.workspace_traces(recipe) == 1


def test_mini_batches_take_other_samples_and_budgets_on_the_same_trace():
    recipe = _recipe("budgets", epoch=engine.MINI_BATCHES)
    engine.fit(recipe, (X, Y), seed=1, batches=engine.Batches.in_order(12, epochs=2, batch=3))
    engine.fit(recipe, (X[:6], Y[:6]), seed=1, batches=engine.Batches.in_order(6, epochs=5, batch=3))
    assert engine.workspace_traces(recipe) == 1
    engine.fit(recipe, (X, Y), seed=1, batches=engine.Batches.in_order(12, epochs=2, batch=4))
    assert engine.workspace_traces(recipe) == 2  # another batch size: once more, same workspace


def test_a_progress_callback_that_raises_leaves_queue_and_workspace_usable():
    recipe = _recipe("stop")
    clean = engine.fit(recipe, (X, Y), seed=6, epochs=24, after=_predict)

    def stop(done, total, losses):
        if done > 4:
            raise KeyboardInterrupt("the learner clicked elsewhere")

    with pytest.raises(KeyboardInterrupt):
        engine.fit(recipe, (X, Y), seed=7, epochs=24, on_progress=stop)
    assert len(TRAINING_QUEUE) == 0 and not TRAINING_QUEUE.holding()
    after = engine.fit(recipe, (X, Y), seed=6, epochs=24, after=_predict)
    np.testing.assert_array_equal(after.output, clean.output)


# --- seeded builds only in the turn -------------------------------------------------------------


def test_a_seeded_build_needs_the_training_turn():
    with pytest.raises(RuntimeError, match="turn"):
        engine.build_seeded(_dense_model, 1)
    kernels = [engine.inspect_model(_dense_model, lambda m: m.layers[0].kernel.numpy(), seed=s) for s in (1, 1, 2)]
    np.testing.assert_array_equal(kernels[0], kernels[1])
    assert not np.array_equal(kernels[0], kernels[2])
    assert engine.inspect_model(_dense_model, lambda m: m.output_shape) == (None, 1)
    assert len(TRAINING_QUEUE) == 0


def test_the_turn_is_reentrant_in_its_thread_and_exclusive_between_threads():
    queue = TrainingQueue()
    waits: list[int] = []
    entered = threading.Event()

    def second() -> None:
        with queue.turn(on_wait=waits.append, poll_seconds=0.01):
            entered.set()

    with queue.turn():
        with queue.turn():  # the same thread: no second ticket, no wait
            assert len(queue) == 1 and queue.holding()
        assert queue.holding()
        thread = threading.Thread(target=second)
        thread.start()
        assert not entered.wait(0.2)  # still ours
    thread.join(5)
    assert entered.is_set() and waits and set(waits) == {1}
    assert len(queue) == 0 and not queue.holding()


# --- the digest requests are keyed by -----------------------------------------------------------


def test_the_digest_follows_values_shapes_and_dtypes():
    a = np.arange(12.0).reshape(3, 4)
    assert engine.data_digest(a) == engine.data_digest(a.copy())
    assert engine.data_digest(a) != engine.data_digest(a.reshape(4, 3))
    assert engine.data_digest(a) != engine.data_digest(a.astype(np.float32))
    b = a.copy()
    b[2, 3] = np.nextafter(b[2, 3], 20)
    assert engine.data_digest(a) != engine.data_digest(b)
    assert engine.data_digest(a, a) != engine.data_digest(a)
    assert engine.data_digest(a.T) == engine.data_digest(np.ascontiguousarray(a.T))


def test_read_only_copies_do_not_share_memory_and_cannot_be_written():
    a = np.arange(6.0)
    kept = engine.read_only(a)
    assert not np.shares_memory(kept, a) and not kept.flags.writeable
    assert engine.read_only(kept) is kept
    view = a.view()
    view.setflags(write=False)
    assert engine.read_only(view) is not view  # read-only, but its owner can still change it

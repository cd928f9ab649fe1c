"""A seed's initial weights are exactly those of a build after `keras.utils.set_random_seed(seed)`,
for every lesson's architecture: built by `engine.build_seeded` (which leaves TensorFlow's seed
alone), and drawn without a build by a kept workspace's reseeder."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import engine
from lessons.engine.queue import TRAINING_QUEUE
from lessons.engine.trainer import Reseeder
from lessons.forecasting import training
from lessons.forecasting import tutorial as forecasting
from lessons.memory import models as memory_models
from lessons.real_data import classifier


def _builds() -> dict[str, object]:
    builds = {key: training.recipe_for(training.request_for_lesson(key)).build for key in forecasting.LESSONS}
    builds["memory stateful"] = lambda: memory_models.build_stateful_model(5)
    builds["memory feed-forward"] = lambda: memory_models.build_feed_forward_model(5)
    builds["memory stateless"] = lambda: memory_models.build_stateless_model(5, 4)
    builds["real-data classifier"] = lambda: classifier.build_classifier((125, 1), 3)
    return builds


def _keras_seeded_weights(build, seed: int) -> list[np.ndarray]:
    """The tutorial's way: `keras.utils.set_random_seed`, then the build."""
    import keras

    keras.utils.set_random_seed(seed)
    return [v.numpy() for v in build().weights]


@pytest.mark.parametrize("name, build", list(_builds().items()))
def test_a_seeded_build_has_the_weights_keras_set_random_seed_gives(name, build):
    with TRAINING_QUEUE.turn():
        for seed in (0, 42):
            expected = _keras_seeded_weights(build, seed)
            built = [v.numpy() for v in engine.build_seeded(build, seed).weights]
            assert len(built) == len(expected) > 0
            for a, b in zip(expected, built):
                np.testing.assert_array_equal(a, b)


def test_a_seeded_build_leaves_tensorflows_seed_alone(monkeypatch):
    import tensorflow as tf

    seeded = []
    monkeypatch.setattr(tf.random, "set_seed", seeded.append)  # it would clear every compiled function's kernels
    build = training.recipe_for(training.request_for_lesson("vanilla")).build
    with TRAINING_QUEUE.turn():
        engine.build_seeded(build, 3)
    assert seeded == []


@pytest.mark.parametrize("name, build", list(_builds().items()))
def test_replayed_initial_weights_equal_a_fresh_seeded_build(name, build):
    with TRAINING_QUEUE.turn():
        reseeder = Reseeder.learn(build, engine.build_seeded(build, 1), 1)
        assert reseeder is not None, f"{name}: the weights could not be replayed"
        for seed in (0, 42, 2**31 - 1):
            fresh = _keras_seeded_weights(build, seed)
            replayed = reseeder.weights(seed)
            assert len(replayed) == len(fresh)
            for a, b in zip(fresh, replayed):
                np.testing.assert_array_equal(a, np.asarray(b))


def test_a_wrong_replay_is_refused():
    """A weight nothing in the model can redraw (here: changed after the build) leaves the reseeder
    unlearned, so the engine keeps building models for that architecture."""
    build = training.recipe_for(training.request_for_lesson("vanilla")).build
    with TRAINING_QUEUE.turn():
        model = engine.build_seeded(build, 1)
        kernel = model.weights[0]
        kernel.assign(kernel.numpy() + 1.0)  # no initializer draws these values for any seed
        assert Reseeder.learn(build, model, 1) is None

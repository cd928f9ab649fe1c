"""A kept workspace draws a seed's initial weights without building a model: exactly the weights a
fresh build after `keras.utils.set_random_seed(seed)` has, for every lesson's architecture."""

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


@pytest.mark.parametrize("name, build", list(_builds().items()))
def test_replayed_initial_weights_equal_a_fresh_seeded_build(name, build):
    with TRAINING_QUEUE.turn():
        reseeder = Reseeder.learn(build, engine.build_seeded(build, 1), 1)
        assert reseeder is not None, f"{name}: the weights could not be replayed"
        for seed in (0, 42, 2**31 - 1):
            fresh = [v.numpy() for v in engine.build_seeded(build, seed).weights]
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

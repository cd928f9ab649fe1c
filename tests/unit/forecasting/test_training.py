"""lessons/forecasting/training.py: the lessons train like the tutorial, repeatably, in turn, and recover."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from lessons import engine
from lessons.core.parsing import InputError
from lessons.engine.queue import TRAINING_QUEUE
from lessons.forecasting import models
from lessons.forecasting import training
from lessons.forecasting import tutorial as forecasting

SHORT = 12  # epochs: enough to move the weights, few enough to keep these tests quick

# Vector output is the tutorial's unreliable case: at its 50 epochs, seed 1 predicts about
# [125, 141] for [100, 110] (tutorial-facts.md), and readers reported the same; the lesson shows
# that spread instead (see test_train_seeds_shows_the_spread_of_the_vector_output_model).
LANDING = [key for key in forecasting.LESSONS if key != "vector_output"]


def _short(key: str = "vanilla", **kw) -> training.TrainRequest:
    return training.request_for_lesson(key, epochs=kw.pop("epochs", SHORT), **kw)


@pytest.mark.slow
@pytest.mark.parametrize("key", LANDING)
def test_each_lesson_lands_within_5_percent_of_its_expected_value(key):
    lesson = forecasting.LESSONS[key]
    result = training.train(training.request_for_lesson(lesson, seed=1))
    prediction = models.unflatten_prediction(result.prediction, lesson.expected.shape)
    np.testing.assert_allclose(prediction, lesson.expected, rtol=0.05)
    assert len(result.losses) == lesson.epochs
    assert result.losses[-1] < result.losses[0]


@pytest.mark.slow
def test_the_engine_predicts_what_the_tutorials_fit_predicts():
    request = _short("vanilla", epochs=20)
    X, y = request.x_array, request.y_array
    with TRAINING_QUEUE.turn():  # the tutorial's way, seeded in the turn like every training
        model = engine.build_seeded(lambda: models.build_model(request.variant, X.shape, y.shape, request.units),
                                    request.seed)
        model.compile(optimizer="adam", loss="mse")
        history = model.fit(X, y, epochs=request.epochs, verbose=0)
        expected = model.predict(request.test_array, verbose=0)
    result = training.train(request, use_cache=False)
    np.testing.assert_allclose(result.prediction, expected, rtol=1e-3)
    np.testing.assert_allclose(result.losses, history.history["loss"], rtol=1e-3)


def test_training_is_repeatable_for_a_seed_and_differs_between_seeds():
    request = _short("cnn_lstm")
    first = training.train(request, use_cache=False)
    again = training.train(request, use_cache=False)  # on the kept workspace, weights reset
    other = training.train(training.with_seed(request, 2), use_cache=False)
    assert not first.from_cache and not again.from_cache
    np.testing.assert_array_equal(first.prediction, again.prediction)
    assert first.losses == again.losses
    assert not np.array_equal(first.prediction, other.prediction)


def test_another_seed_and_other_data_of_the_same_shape_reuse_the_compiled_step():
    request = _short("bidirectional", epochs=5)
    training.train(request, use_cache=False)
    recipe = training.recipe_for(request)
    traces = engine.workspace_traces(recipe)
    assert traces is not None
    training.train(training.with_seed(request, 7), use_cache=False)
    other = training.make_request(request.variant, request.X + 1.0, request.y + 1.0, request.units,
                                  request.epochs, request.learning_rate, request.seed, request.test_input)
    training.train(other, use_cache=False)
    assert training.recipe_for(other).workspace_key == recipe.workspace_key
    assert engine.workspace_traces(recipe) == traces


def test_an_identical_request_comes_from_the_cache_as_a_copy():
    request = _short("multiple_input", seed=3)
    first = training.train(request)
    second = training.train(request)
    assert second.from_cache and not first.from_cache
    np.testing.assert_array_equal(first.prediction, second.prediction)
    second.prediction[...] = 0  # a session changing its copy changes nobody else's
    assert training.train(request).prediction.any()


def test_progress_is_reported_in_chunks_with_the_losses_so_far():
    calls = []
    request = _short("vanilla", epochs=30, seed=4)
    training.train(request, on_progress=lambda done, total, losses: calls.append((done, total, len(losses))),
                   use_cache=False)
    assert 5 <= len(calls) <= 20
    assert calls[-1] == (30, 30, 30)
    assert all(done == n for done, _, n in calls)


class Stop(Exception):
    """What Streamlit raises in a script it stops."""


def test_a_progress_callback_that_raises_leaves_queue_and_engine_usable():
    request = _short("encoder_decoder", seed=5)
    clean = training.train(request, use_cache=False)

    def stop_at_second_chunk(done, total, losses):
        if done > request.epochs // 6:
            raise Stop

    with pytest.raises(Stop):
        training.train(training.with_seed(request, 6), on_progress=stop_at_second_chunk, use_cache=False)
    assert len(TRAINING_QUEUE) == 0
    after = training.train(request, use_cache=False)
    np.testing.assert_array_equal(after.prediction, clean.prediction)
    assert not training.train(training.with_seed(request, 6)).from_cache  # the cut run was not kept


def test_trainings_from_two_threads_take_turns_and_stay_repeatable():
    requests = [_short("vanilla", seed=s, epochs=8) for s in (11, 12)]
    alone = [training.train(r, use_cache=False).prediction for r in requests]
    together: dict[int, np.ndarray] = {}

    def run(index: int) -> None:
        together[index] = training.train(requests[index], use_cache=False).prediction

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for index in range(2):
        np.testing.assert_array_equal(together[index], alone[index])
    assert len(TRAINING_QUEUE) == 0


@pytest.mark.slow
def test_train_seeds_shows_the_spread_of_the_vector_output_model():
    request = training.request_for_lesson("vector_output")
    seen = []
    results = training.train_seeds(request, [1, 2, 3], on_progress=lambda d, t, l: seen.append((d, t)))
    assert [r.seed for r in results] == [1, 2, 3]
    firsts = [r.prediction.ravel()[0] for r in results]
    assert max(firsts) - min(firsts) > 1.0  # clearly different forecasts of the same 100
    assert seen[-1] == (3 * request.epochs, 3 * request.epochs)


@pytest.mark.parametrize(
    "change, words",
    [
        ({"epochs": 10_000}, "Epochs"),
        ({"epochs": 0}, "Epochs"),
        ({"units": 0}, "Units"),
        ({"learning_rate": 0.0}, "learning rate"),
        ({"test_input": np.zeros((1, 4, 1))}, "test input"),
        ({"X": np.zeros((6, 3))}, "Prepare them"),
        ({"y": np.full((6, 1), np.nan)}, "NaN"),
    ],
)
def test_bad_settings_get_a_clear_message(change, words):
    ready = models.prepare("vanilla", *forecasting.LESSONS["vanilla"].make_samples())
    args = dict(variant="vanilla", X=ready.X, y=ready.y, units=50, epochs=200, learning_rate=0.001,
                seed=1, test_input=np.zeros((1, 3, 1)))
    args.update(change)
    with pytest.raises(InputError, match=words):
        training.make_request(**args)


def test_requests_are_hashable_and_equal_when_their_contents_are():
    assert _short("parallel") == _short("parallel")
    assert hash(_short("parallel")) == hash(_short("parallel"))
    assert _short("parallel") != _short("parallel", seed=2)
    np.testing.assert_array_equal(_short("parallel").x_array.shape, (6, 3, 3))


def _request_from(X: np.ndarray, y: np.ndarray, test: np.ndarray) -> training.TrainRequest:
    return training.make_request("vanilla", X, y, 8, 5, 0.001, 1, test)


def test_a_request_is_keyed_by_the_values_in_its_arrays():
    X, y, test = np.arange(12.0).reshape(4, 3, 1), np.arange(4.0).reshape(4, 1), np.ones((1, 3, 1))
    request = _request_from(X, y, test)
    assert request == _request_from(X.copy(), y.copy(), test.copy())
    changed = X.copy()
    changed[2, 1, 0] += 1e-9
    assert request != _request_from(changed, y, test)
    assert request != _request_from(X, y, test * 2)
    assert hash(request) == hash(_request_from(X.copy(), y.copy(), test.copy()))


def test_a_request_keeps_a_read_only_copy_of_the_arrays():
    X, y, test = np.arange(12.0).reshape(4, 3, 1), np.arange(4.0).reshape(4, 1), np.ones((1, 3, 1))
    request = _request_from(X, y, test)
    X[...] = 0  # the caller changing its array changes nothing in the request
    assert request.x_array.any()
    assert request == _request_from(np.arange(12.0).reshape(4, 3, 1), y, test)
    with pytest.raises(ValueError):
        request.x_array[0, 0, 0] = 1.0
    assert training.with_seed(request, 2).x_array is request.x_array  # no second copy

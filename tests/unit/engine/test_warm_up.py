"""lessons/warm_up.py: the jobs every worker runs at server start are the lessons' own jobs on their
default set-ups, they pickle (a worker receives them), they run, and they trace what a learner's
first click needs (the same affinity, the same compiled workspace)."""

from __future__ import annotations

import pickle

import pytest

from lessons import engine
from lessons.forecasting import training
from lessons.forecasting import tutorial as forecasting
from lessons.warm_up import WARM_UP_EPOCHS, warm_up_jobs


@pytest.fixture(scope="module")
def jobs() -> list[engine.Job]:
    return warm_up_jobs()


def test_every_forecasting_lesson_is_warmed_with_the_affinity_its_first_click_has(jobs):
    affinities = {job.affinity for job in jobs}
    for key in forecasting.LESSONS:
        first_click = training.request_for_lesson(key)
        assert training.recipe_for(first_click).workspace_key in affinities, key


def test_the_warm_up_jobs_pickle_and_train_briefly(jobs):
    for job in jobs:
        pickle.loads(pickle.dumps((job.function, job.args, job.kwargs)))
    assert jobs[0::2] == jobs[1::2]  # each twice in a row: traced, then ready for reuse
    forecasting_jobs = [job for job in jobs[0::2] if job.function is training.train_job]
    assert len(forecasting_jobs) == len(forecasting.LESSONS)
    assert all(job.args[0].epochs == WARM_UP_EPOCHS for job in forecasting_jobs)


@pytest.mark.slow
def test_every_warm_up_job_runs(jobs):
    for job in jobs:  # in this process (no pool in tests); a failure here is one a worker would only log
        engine.run_job(job.function, *job.args, **job.kwargs)

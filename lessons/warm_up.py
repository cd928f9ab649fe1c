"""What every worker of the pool runs when the server starts, so a learner's first click is quick.

Each job is a lesson's own job on its default set-up, with the fewest epochs or updates: the graph a
training traces depends on the architecture and the per-sample shapes, not on how long it trains,
so a worker that ran these has every default architecture traced and the learner's training only
resets the weights. Each runs twice in a row: a workspace's second training compiles its forward
pass, and once it is done the worker learns to redraw the workspace's initial weights without a
build (lessons.engine.trainer.prepare_for_reuse), which only reuse pays for. The jobs carry the
affinity the lessons give their real requests.
"""

from __future__ import annotations

from lessons import engine

WARM_UP_EPOCHS = 1


def warm_up_jobs() -> list[engine.Job]:
    """The eleven forecasting lessons, the memory lesson's three models, the real-data default framing."""
    from lessons import memory
    from lessons.forecasting import training
    from lessons.forecasting import tutorial as forecasting
    from lessons.memory import training as memory_training

    jobs = []
    for key in forecasting.LESSONS:
        request = training.request_for_lesson(key, epochs=WARM_UP_EPOCHS)
        jobs.append(engine.Job(training.train_job, (request,), affinity=training.recipe_for(request).workspace_key))
    sequences = tuple(tuple(int(v) for v in s) for s in memory.DEFAULT_SEQUENCES)
    for kind in memory.MODEL_TITLES:
        settings = (kind, sequences, memory.DEFAULT_ALPHABET, WARM_UP_EPOCHS, memory_training.DEFAULT_LEARNING_RATE,
                    memory_training.DEFAULT_SEED, "each_sequence")
        jobs.append(engine.Job(memory_training.train_job, settings,
                               affinity=memory_training._architecture(kind, sequences, memory.DEFAULT_ALPHABET,
                                                                      "each_sequence")))
    jobs += _real_data_jobs()
    return [job for job in jobs for _ in range(2)]  # each twice in a row: traced, then ready for reuse


def _real_data_jobs() -> list[engine.Job]:
    """The classifier on the default framing of the generated table (the page's first "Train")."""
    from lessons import real_data as rd
    from lessons.real_data import classifier

    series, labels = rd.generate_series()
    request = classifier.classifier_request(rd.CHUNKS, series, labels, updates=classifier.MIN_UPDATES)
    return [engine.Job(classifier.classifier_job, (request,))]

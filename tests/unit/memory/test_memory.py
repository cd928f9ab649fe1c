"""The memory lesson: encoding, pairs, arrays, conflicts, and what each model can learn."""

from __future__ import annotations

import numpy as np
import pytest

from lessons import memory as m
from lessons.core import InputError
from lessons.engine.queue import TRAINING_QUEUE

SEQ1, SEQ2 = m.DEFAULT_SEQUENCES

# --- data ---------------------------------------------------------------------------------------


def test_one_hot_puts_a_single_one_in_the_column_of_each_value():
    encoded = m.one_hot(SEQ1, 5)
    assert encoded.shape == (5, 5)
    assert encoded.sum(axis=1).tolist() == [1, 1, 1, 1, 1]
    assert encoded.argmax(axis=1).tolist() == list(SEQ1)


def test_pairs_are_consecutive_values():
    assert m.io_pairs(SEQ1) == [(3, 0), (0, 1), (1, 2), (2, 3)]
    assert m.io_pairs(SEQ2)[-1] == (2, 4)


def test_stateful_arrays_are_pairs_as_samples_of_one_timestep():
    X, y = m.stateful_arrays(SEQ1, 5)
    assert X.shape == (4, 1, 5)  # 4 samples, 1 timestep, 5 features
    assert y.shape == (4, 5)
    assert X[:, 0, :].argmax(axis=1).tolist() == [3, 0, 1, 2]
    assert y.argmax(axis=1).tolist() == [0, 1, 2, 3]


def test_feed_forward_and_stateless_arrays_hold_the_same_pairs():
    X_ff, y_ff = m.feed_forward_arrays(m.DEFAULT_SEQUENCES, 5)
    X_sl, y_sl = m.stateless_arrays(m.DEFAULT_SEQUENCES, 5)
    assert X_ff.shape == y_ff.shape == (8, 5)
    assert X_sl.shape == y_sl.shape == (2, 4, 5)
    np.testing.assert_array_equal(X_sl.reshape(8, 5), X_ff)
    np.testing.assert_array_equal(y_sl.reshape(8, 5), y_ff)


def test_parse_sequences_reads_whole_numbers_in_the_alphabet():
    assert m.parse_sequences(["3 0 1 2 3", "4, 0, 1, 2, 4"], 5) == m.DEFAULT_SEQUENCES


@pytest.mark.parametrize(
    "texts, alphabet, words",
    [
        (["3 0 1.5 2 3"], 5, "whole numbers"),
        (["3 0 7 2 3"], 5, "outside the alphabet"),
        (["3 0 -1 2 3"], 5, "outside the alphabet"),
        (["3 0 a 2 3"], 5, "not a number"),
        (["3 0"], 5, "at least 3"),
        ([""], 5, "empty"),
        (["3 0 1 2 3", "4 0 1 4"], 5, "equally long"),
        (["3 0 1 2 3"], 1, "alphabet"),
        (["1 2 3"] * 5, 5, "1 to 4 sequences"),
    ],
)
def test_bad_sequences_get_a_clear_message(texts, alphabet, words):
    with pytest.raises(InputError, match=words):
        m.parse_sequences(texts, alphabet)


def test_conflicts_find_the_step_only_memory_can_decide():
    found = m.conflicts(m.DEFAULT_SEQUENCES)
    assert [(c.input, c.outputs, c.solvable) for c in found] == [(2, (3, 4), True)]
    assert m.conflicts([(0, 1, 2), (3, 1, 2)]) == []
    same_history = m.conflicts([(1, 2, 3), (1, 2, 4)])
    assert [(c.input, c.solvable) for c in same_history] == [(2, False)]


# --- training -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stateful_run() -> m.MemoryRun:
    return m.train(m.STATEFUL)


@pytest.mark.slow
def test_stateful_lstm_predicts_every_step_of_both_sequences(stateful_run):
    assert stateful_run.right.all(), m.step_table(stateful_run).to_string()
    assert stateful_run.predicted.tolist() == [list(SEQ1[1:]), list(SEQ2[1:])]
    assert len(stateful_run.losses) == m.DEFAULT_EPOCHS


@pytest.mark.slow
def test_stateful_lstm_state_still_differs_where_the_inputs_are_the_same(stateful_run):
    assert stateful_run.cell_states.shape == stateful_run.hidden_states.shape == (2, 4, m.UNITS)
    # steps 2-4 read 0, 1, 2 in both sequences; only the first value can make the states differ
    assert (m.state_gap(stateful_run)[1:] > 1e-3).all()
    figure = m.state_figure(stateful_run)
    assert [trace.type for trace in figure.data] == ["heatmap"] * 3


@pytest.mark.slow
def test_feed_forward_network_cannot_get_both_conflicting_steps():
    run = m.train(m.FEED_FORWARD)
    assert run.conflict_right(2) != [True, True]
    # the reason: the same input gives the same output, whatever came before
    # float32 sums can differ in their last bits between two positions in a batch
    np.testing.assert_allclose(run.probabilities[0, 3], run.probabilities[1, 3], rtol=1e-5, atol=1e-6)
    table = m.step_table(run)
    assert (table["right"] == "✗ wrong").sum() >= 1


@pytest.mark.slow
def test_stateless_lstm_on_whole_sequences_learns_them_too():
    run = m.train(m.STATELESS)
    assert run.right.all(), m.step_table(run).to_string()
    assert run.cell_states is None


@pytest.mark.slow
def test_compiled_each_step_training_matches_the_tutorials_fit_calls():
    reference = m.train_with_fit_calls(epochs=3, learning_rate=0.001, seed=3)
    compiled = m.train(m.STATEFUL, updates="each_step", epochs=3, learning_rate=0.001, seed=3)
    np.testing.assert_allclose(compiled.losses, reference.losses, rtol=1e-4)
    np.testing.assert_allclose(compiled.probabilities, reference.probabilities, atol=1e-5)


@pytest.mark.parametrize("kind, updates", [(m.STATEFUL, "each_sequence"), (m.STATEFUL, "each_step"),
                                           (m.FEED_FORWARD, "each_sequence"), (m.STATELESS, "each_sequence")])
def test_a_seed_trains_the_same_again_on_the_kept_compiled_model(kind, updates):
    first = m.train(kind, epochs=4, seed=3, updates=updates)
    m.train(kind, epochs=6, seed=4, updates=updates, learning_rate=0.1)  # moves the kept model's weights
    again = m.train(kind, epochs=4, seed=3, updates=updates)
    # Equal to float32 rounding: this process runs TensorFlow on its default thread pool, whose sums may
    # split differently from one run to the next (the pool's workers run single-threaded). Weights the
    # middle training left behind would move the results by far more.
    np.testing.assert_allclose(again.losses, first.losses, rtol=1e-6)
    np.testing.assert_allclose(again.probabilities, first.probabilities, rtol=1e-6)


def test_progress_is_reported_and_a_stop_leaves_the_queue_clean():
    calls = []

    def stop_at_second(done: int, total: int, losses: list[float]) -> None:
        calls.append((done, total, len(losses)))
        if len(calls) == 2:
            raise KeyboardInterrupt("learner clicked elsewhere")

    with pytest.raises(KeyboardInterrupt):
        m.train(m.FEED_FORWARD, epochs=20, on_progress=stop_at_second)
    assert calls == [(2, 20, 2), (4, 20, 4)]
    assert len(TRAINING_QUEUE) == 0


def test_training_refuses_bad_settings():
    with pytest.raises(InputError, match="Epochs"):
        m.train(m.STATEFUL, epochs=0)
    with pytest.raises(InputError, match="outside the alphabet"):
        m.train(m.STATEFUL, [(3, 0, 9)], 5)
    with pytest.raises(InputError, match="Unknown model"):
        m.train("recurrent")


@pytest.mark.parametrize("way", ["app", "tutorial"])
def test_the_code_shown_is_keras_3_and_valid_python(way):
    code = m.stateful_code(way=way)
    compile(code, "stateful.py", "exec")
    assert "keras.Input(shape=(1, size), batch_size=1)" in code
    assert "reset_state()" in code and "argmax" in code
    calls = "\n".join(line.split("#")[0] for line in code.splitlines())  # code, not comments
    for gone in (".predict_classes(", ".reset_states(", "batch_input_shape=", "input_shape="):
        assert gone not in calls


@pytest.mark.slow
def test_the_apps_script_in_plain_keras_gives_the_apps_result():
    namespace: dict = {}
    exec(compile(m.stateful_code(epochs=3, seed=7), "app_way.py", "exec"), namespace)  # our own code
    run = m.train(m.STATEFUL, epochs=3, seed=7)
    model, lstm = namespace["model"], namespace["lstm"]
    for s, sequence in enumerate(run.sequences):
        lstm.reset_state()
        X, _ = m.stateful_arrays(sequence, m.DEFAULT_ALPHABET)
        np.testing.assert_allclose(model.predict(X, batch_size=1, verbose=0), run.probabilities[s], atol=1e-5)

import pytest

from lessons.input_shape import checklist
from lessons.core.reshaping import lstm_accepts


def _is_trap(shape: tuple[int, ...]) -> bool:
    """The rule, written out again: 3D, one timestep, more than one feature."""
    return len(shape) == 3 and shape[1] == 1 and shape[2] > 1


def test_the_quiz_holds_a_trap():
    assert any(_is_trap(shape) for shape, _ in checklist.QUIZ_SHAPES)


@pytest.mark.parametrize("shape", [s for s, _ in checklist.QUIZ_SHAPES if not _is_trap(s)], ids=str)
def test_plain_shapes_are_right_or_wrong(shape):
    accepted = lstm_accepts(shape).accepted
    assert checklist.quiz_feedback(shape, accepted).tone == checklist.RIGHT
    wrong = checklist.quiz_feedback(shape, not accepted)
    assert wrong.tone == checklist.WRONG and wrong.heading == "Not quite."
    assert wrong.text == lstm_accepts(shape).reason  # the reason comes with the verdict


@pytest.mark.parametrize("shape", [(1, 1, 10), (6, 1, 3)], ids=str)
def test_a_trap_says_it_runs_and_has_no_time_axis_whatever_the_answer(shape):
    said_no = checklist.quiz_feedback(shape, False)
    assert said_no.tone == checklist.PARTLY
    assert "Good instinct" in said_no.heading and "Keras does take it" in said_no.heading
    assert "Not quite" not in said_no.heading
    said_yes = checklist.quiz_feedback(shape, True)
    assert said_yes.tone == checklist.PARTLY and "Right" in said_yes.heading
    for feedback in (said_no, said_yes):
        assert "It runs" in feedback.text and "no time axis" in feedback.text

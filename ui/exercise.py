"""Guess the shape: the "Guess before you see" toggle, the question box, and the session's tally.

A page calls `guess_first(questions, key)` just before it shows the shapes the questions ask
about. With the toggle off it draws only the toggle. With it on, each question not yet answered
gets a box and a Check button, and the page stops there until the learner has guessed; then the
verdict (right or wrong, and why) stays above what the page goes on to show. A question is
answered once per session: the same data asks the same question, new data asks anew.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import streamlit as st

from lessons.exercises import Question, Verdict, check
from ui import state

MODE = "guess_mode"  # the toggle's key, the same on every page
KEPT = "guess_mode_kept"  # the toggle's value, kept for the session (Streamlit drops a widget's own
# state when the learner moves to a page that does not draw it)
ANSWERS = "exercise_answers"  # question identity -> the learner's first checked Verdict
TALLY = "exercise_tally"  # {"right": n, "answered": n}


def tally_text() -> str:
    tally = st.session_state.get(TALLY, {"right": 0, "answered": 0})
    if not tally["answered"]:
        return "No guesses yet this session."
    return f"Your guesses this session: **{tally['right']} right** of {tally['answered']}."


def _keep_mode() -> None:
    st.session_state[KEPT] = st.session_state[MODE]


def _record(question: Question, verdict: Verdict) -> None:
    st.session_state.setdefault(ANSWERS, {})[question.identity] = verdict
    tally = st.session_state.setdefault(TALLY, {"right": 0, "answered": 0})
    tally["answered"] += 1
    tally["right"] += int(verdict.right)


def _show(verdict: Verdict) -> None:
    (st.success if verdict.right else st.warning)(verdict.message)


def guess_first(questions: Sequence[Question], key: str) -> None:
    """The toggle; in guess mode, each unanswered question in turn, stopping the page until it is guessed."""
    with st.container(key=f"{key}_exercise"):
        toggle, tally_slot = st.columns([1, 2], vertical_alignment="center")
        st.session_state[MODE] = st.session_state.get(KEPT, False)  # the same on every page
        on = toggle.toggle("Guess before you see", key=MODE, on_change=_keep_mode,
                           help="Before a shape is shown, type what you think it is. The app says if you are "
                                "right, and why, axis by axis.")
        tally_slot.markdown(tally_text() if on or st.session_state.get(TALLY) else "")
        if not on:
            return
        answers = st.session_state.setdefault(ANSWERS, {})
        for question in questions:
            verdict = answers.get(question.identity)
            if verdict is not None:
                _show(verdict)
                continue
            tag = hashlib.sha1(question.identity.encode()).hexdigest()[:10]
            st.markdown(f"**Guess the shape.** {question.prompt}")
            box, button = st.columns([3, 1], vertical_alignment="bottom")
            text = box.text_input("Your guess, e.g. (a, b, c)", key=f"{key}_guess_{tag}")
            if not button.button("Check my guess", key=f"{key}_check_{tag}", type="primary"):
                state.stop()
            verdict = check(question, text or "")
            if verdict.outcome == "malformed":
                st.error(verdict.message)
                state.stop()
            _record(question, verdict)
            tally_slot.markdown(tally_text())
            st.rerun()  # redraw with the verdict above, and the box for the next question

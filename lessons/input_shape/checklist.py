"""The input-shape rules as things to try: the questions, and answers computed from the real rule."""

from __future__ import annotations

from dataclasses import dataclass

from lessons.core.reshaping import lstm_accepts

# Arrays a learner judges: would `LSTM` take this as a batch of input? (shape, a story)
QUIZ_SHAPES: tuple[tuple[tuple[int, ...], str], ...] = (
    ((10,), "ten readings of one sensor, as a plain list"),
    ((10, 1), "the same ten readings as a column"),
    ((1, 10, 1), "the column with a samples axis in front"),
    ((6, 3, 1), "six windows of three readings"),
    ((6, 3, 1, 1), "the windows with one axis too many"),
    ((1, 1, 10), "ten readings given as one timestep"),
)


def quiz_answer(shape: tuple[int, ...]) -> tuple[bool, str]:
    verdict = lstm_accepts(shape)
    return verdict.accepted, verdict.reason


RIGHT, WRONG, PARTLY = "right", "wrong", "partly"


@dataclass(frozen=True)
class QuizFeedback:
    tone: str  # RIGHT, WRONG or PARTLY: how the page colours the heading
    heading: str  # a word or two a learner reads first, e.g. "Right."
    text: str  # why, from the rule itself


def quiz_feedback(shape: tuple[int, ...], says_accepted: bool) -> QuizFeedback:
    """The verdict on a learner's "would an LSTM take this?" answer.

    For a trap (Keras runs it, but 1 timestep leaves no time axis) both answers are half right:
    "yes" is right about Keras, "no" is a good instinct about the data.
    """
    verdict = lstm_accepts(shape)
    if verdict.caveat is not None:
        if says_accepted:
            return QuizFeedback(PARTLY, "Right about Keras.", verdict.reason)
        return QuizFeedback(PARTLY, "Good instinct, but Keras does take it.", verdict.caveat)
    if says_accepted == verdict.accepted:
        return QuizFeedback(RIGHT, "Right.", verdict.reason)
    return QuizFeedback(WRONG, "Not quite.", verdict.reason)


@dataclass(frozen=True)
class Story:
    text: str
    answer: tuple[int, int, int]
    why: str


STORIES: tuple[Story, ...] = (
    Story("A weather station logs temperature and humidity every hour. You cut 7 days into one "
          "sample per day, each holding that day's 24 hourly readings.",
          (7, 24, 2), "7 days are 7 samples; 24 hours are the timesteps; temperature and humidity "
          "are 2 features."),
    Story("You have 500 sentences, each padded to 40 words, and every word is a vector of 300 numbers.",
          (500, 40, 300), "Sentences are the samples, word positions the timesteps, the vector's "
          "300 numbers the features."),
    Story("One long series of 1,000 daily prices, cut into windows of 30 days that start one day "
          "apart, each predicting the next day.",
          (970, 30, 1), "1,000 − 30 = 970 windows (each needs the following day as its target), "
          "30 days per window, 1 price per day."),
)


def check_story(story: Story, guess: tuple[int, int, int]) -> list[str]:
    """Which axes the guess got wrong, by name (empty when right)."""
    names = ("samples", "timesteps", "features")
    return [n for n, g, a in zip(names, guess, story.answer) if g != a]


def input_shape_feedback(declared: tuple[int | None, ...], data_shape: tuple[int, int, int]) -> tuple[bool, str]:
    """Is `declared` the right `keras.Input(shape=...)` for data of `data_shape`?"""
    samples, timesteps, features = data_shape
    if tuple(declared) == (timesteps, features):
        return True, f"Right: ({timesteps}, {features}). Keras adds the samples axis itself as None."
    if tuple(declared) == data_shape:
        return False, (f"That includes the {samples} samples. Leave them out: Keras adds its own "
                       f"samples axis, so it would expect 4D data of shape (None, {samples}, {timesteps}, {features}).")
    if tuple(declared) == (features, timesteps):
        return False, "Timesteps come before features: (timesteps, features)."
    if len(declared) != 2:
        return False, f"The input shape of an LSTM has 2 numbers, (timesteps, features); you gave {len(declared)}."
    return False, f"The data has {timesteps} timesteps of {features} features each: which numbers say that?"

"""The map of learners' confusions (shared/learners.md): each one, and where a page answers it.

The home page lists them with a link; `tests/unit/test_confusions.py` checks that every page
exists in the lesson map, every tab is one the page has, and every section heading is on it.
`later` names work still being built there (an issue number), for the maintainers, not the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.catalog import OWN_DATA_TAB as OWN_DATA


@dataclass(frozen=True)
class Confusion:
    number: int  # as numbered in learners.md
    question: str  # the confusion, as a learner would ask it
    page: str  # the page file that answers it, as in lessons/catalog.py
    section: str  # the heading on that page (or on the tab) where to touch it
    tab: str | None = None  # the page's tab, when it has tabs
    later: str = ""  # work another issue is adding at this place

    @property
    def where(self) -> str:
        return f"{self.tab} tab › {self.section}" if self.tab else self.section


DATA_PREPARATION = "Data preparation"
WINDOWS = "1. The data and its windows"
VARIANT = "2. Pick the LSTM variant"

CONFUSIONS: tuple[Confusion, ...] = (
    Confusion(1, "Which axis is samples, which timesteps, which features? Why 1 sample here and thousands there?",
              "pages/input_layer.py", "Build an array and look at it"),
    Confusion(2, "Must y be reshaped? A Dense output, an encoder-decoder and TimeDistributed each want their own y.",
              "pages/multi_step.py", VARIANT, "Encoder-decoder"),
    Confusion(3, "How do I forecast past the end of my data: one step at a time, or all steps at once?",
              "pages/multi_step.py", "3. Past the end of the data", OWN_DATA),
    Confusion(4, "How does one long series become windows, and why can't reshape make overlapping ones?",
              "pages/univariate.py", WINDOWS, DATA_PREPARATION),
    Confusion(5, "Scale before or after cutting windows? How do I undo the scaling of 3D predictions?",
              "pages/univariate.py", "2. Is it any good?", OWN_DATA),
    Confusion(6, "Many users or sensors: is each one a sample, and is it one model for all?",
              "pages/real_data.py", "one row per (series, step): long format"),
    Confusion(7, "What are the 32 units of LSTM(32)? Not timesteps, and not outputs.",
              "pages/univariate.py", "What units are", "Vanilla LSTM"),
    Confusion(8, "CNN-LSTM and ConvLSTM want 4D and 5D input: why must n_seq × n_steps equal the window?",
              "pages/univariate.py", VARIANT, "CNN-LSTM"),
    Confusion(9, "My sequences have different lengths: how do padding and Masking work?",
              "pages/padding.py", "2. Pad them into one array"),
    Confusion(10, "Stateful or stateless: what is reset, and when?",
              "pages/memory.py", "3. Train three models on the same pairs"),
    Confusion(11, "How do I split windows into train and test without leaking the answer?",
              "pages/univariate.py", WINDOWS, OWN_DATA),
    Confusion(12, "Some inputs are known ahead (a weather forecast): how does the model use them?",
              "pages/multivariate.py", WINDOWS, OWN_DATA),
    Confusion(13, "How long should the look-back window (n_steps) be?",
              "pages/univariate.py", "4. Choosing the look-back: a sweep over window sizes", OWN_DATA),
    Confusion(14, "My results differ from the tutorial's: how much do the random seeds matter?",
              "pages/univariate.py", "6. How much does the seed matter?", "Vanilla LSTM"),
    Confusion(15, "One timestep of N features, or N timesteps of one feature?",
              "pages/parallel_series.py", "Right — series as features"),
    Confusion(16, "Does the batch axis go into input_shape? And what was batch_input_shape?",
              "pages/input_layer.py", "Try it: what if the samples go into the input shape?"),
    Confusion(17, "I left return_sequences=True on the last LSTM: what happens to Dense and the loss?",
              "pages/univariate.py", "return_sequences, seen", "Stacked LSTM"),
    Confusion(18, "With several input series, why is the target on the last input row and not the next one?",
              "pages/multivariate.py", WINDOWS, "Multiple input series"),
)

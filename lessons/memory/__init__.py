"""The memory lesson: two sequences that only a network with memory can tell apart.

`3 0 1 2 3` and `4 0 1 2 4` share the steps `0 → 1 → 2`, and after the `2` one must go on with
`3`, the other with `4`. The input `2` alone cannot decide it: the model has to remember the first
value. A stateful LSTM fed one step at a time learns it; a feed-forward network cannot.

Pages and tests import this package (`from lessons import memory`); the modules inside:

- `data`: the sequences and their limits, parsing what the learner types, one-hot encoding,
  input/output pairs, the arrays each model reads, and the conflicts only memory can decide;
- `models`: the three models (stateful LSTM, feed-forward network, stateless LSTM) and their titles;
- `training`: their compiled training as jobs (`train` one, `train_all` the three at once), and the
  tutorial's `fit` calls as the reference it is checked against;
- `results`: `MemoryRun`, what a training hands a session (plain NumPy, never the model);
- `figures`: the one-hot grid, the pairs and every step's prediction as tables, the LSTM's state
  as heatmaps;
- `script`: the stateful model as a Keras 3 script to download.

Keras is imported inside the functions that need it, Plotly inside the figure.
"""

from lessons.memory.data import (
    DEFAULT_ALPHABET,
    DEFAULT_SEQUENCES,
    MAX_ALPHABET,
    MAX_LENGTH,
    MAX_SEQUENCES,
    MIN_ALPHABET,
    MIN_LENGTH,
    Conflict,
    conflicts,
    feed_forward_arrays,
    io_pairs,
    one_hot,
    parse_sequence,
    parse_sequences,
    sequence_text,
    stateful_arrays,
    stateless_arrays,
)
from lessons.memory.figures import one_hot_frame, pairs_frame, state_figure, state_gap, step_table
from lessons.memory.models import (
    FEED_FORWARD,
    MODEL_TITLES,
    STATEFUL,
    STATELESS,
    UNITS,
    build_feed_forward_model,
    build_stateful_model,
    build_stateless_model,
)
from lessons.memory.results import MemoryRun
from lessons.memory.script import stateful_code
from lessons.memory.training import (
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_SEED,
    MAX_EPOCHS,
    UPDATES,
    train,
    train_all,
    train_with_fit_calls,
)

__all__ = [
    # data
    "DEFAULT_ALPHABET", "DEFAULT_SEQUENCES", "MAX_ALPHABET", "MAX_LENGTH", "MAX_SEQUENCES", "MIN_ALPHABET",
    "MIN_LENGTH", "Conflict", "conflicts", "feed_forward_arrays", "io_pairs", "one_hot", "parse_sequence",
    "parse_sequences", "sequence_text", "stateful_arrays", "stateless_arrays",
    # models
    "FEED_FORWARD", "MODEL_TITLES", "STATEFUL", "STATELESS", "UNITS", "build_feed_forward_model",
    "build_stateful_model", "build_stateless_model",
    # training and its result
    "DEFAULT_EPOCHS", "DEFAULT_LEARNING_RATE", "DEFAULT_SEED", "MAX_EPOCHS", "UPDATES", "MemoryRun", "train",
    "train_all", "train_with_fit_calls",
    # what the page shows
    "one_hot_frame", "pairs_frame", "state_figure", "state_gap", "step_table", "stateful_code",
]

"""From a real table to 3D: 1,000 series of 3,125 steps in three classes, and the ways to frame them.

The question behind this lesson had a table of 1,000 series × 3,125 steps with one label per
series, and asked how an LSTM eats that. The answer depends on what one *sample* should be: a
whole series, a rolling window of it, or a non-overlapping chunk.

Pages and tests import this package (`from lessons import real_data`); the modules inside:

- `data`: the generated series and their labels, the train/held-out split by series, byte counts
  said plainly;
- `framing`: rolling windows (`sliding_window_view`, and the tutorials' loop beside it), why
  `reshape` cannot make them, and the five framings with their shapes and memory;
- `upload`: the learner's CSV read strictly into a table of numbers (or of text cells, for ids,
  dates and labels), and a table as series;
- `long_format`: one row per (series id, step) pivoted to (series, steps, channels);
- `labels`: the learner's labels (a column or a second file) as classes, checked, and the
  stratified held-out split;
- `classifier`: one budget of Adam updates laid over every framing, the samples each trains on,
  the small LSTM classifier, its training (a job: `classifier_job`) and its held-out scores
  against the majority baseline;
- `script`: the learner's pipeline, from their files by name to held-out scores, as a script;
- `figures`: example series, the budget, the runs and the confusion as figures and tables.

Keras is imported only inside the training functions, Plotly only inside the figures.
"""

from lessons.real_data.classifier import (
    BATCH_SIZE,
    CLASSIFIER_CLIPNORM,
    CLASSIFIER_LEARNING_RATE,
    CLASSIFIER_UNITS,
    DEFAULT_UPDATES,
    DEFAULT_WAIT_SECONDS,
    MAX_UPDATES,
    MEASURED_ON,
    MIN_UPDATES,
    SAMPLES_PER_SERIES,
    Baseline,
    ClassifierRequest,
    ClassifierRun,
    UpdatePlan,
    batch_order,
    budget_plans,
    build_classifier,
    classifier_data,
    classifier_job,
    classifier_request,
    majority_baseline,
    plan_updates,
    train_classifier,
    training_samples,
)
from lessons.real_data.data import (
    CLASS_NAMES,
    DEFAULT_SEED,
    DTYPE,
    LENGTH,
    N_SERIES,
    TEST_FRACTION,
    format_bytes,
    generate_series,
    split_series,
)
from lessons.real_data.figures import (
    budget_frame,
    comparison_frame,
    confusion_figure,
    confusion_frame,
    examples_figure,
    losses_figure,
    split_frame,
    still_falling,
    updates_at_epoch_ends,
)
from lessons.real_data.framing import (
    ASKER,
    CHUNK_STEPS,
    CHUNKS,
    DEFAULT_CHUNK,
    DEFAULT_WINDOW,
    FRAMING_KEYS,
    SERIES,
    WINDOWS,
    Framing,
    ReshapeCount,
    fitting_sizes,
    framing_array,
    framings,
    loop_windows,
    lstm_samples,
    reshape_versus_windows,
    sliding_windows,
    window_count,
)
from lessons.real_data.labels import (
    MIN_PER_CLASS,
    Labels,
    labels_from_column,
    labels_from_file,
    make_labels,
    stratified_split,
)
from lessons.real_data.long_format import (
    PAD,
    PAD_VALUE,
    REFUSE,
    TRUNCATE,
    UNEQUAL,
    Pivot,
    guess_columns,
    long_csv_bytes,
    order_values,
    pivot_long,
    sample_long_files,
)
from lessons.real_data.script import SCRIPT_NAME, ScriptChoices, classify_script
from lessons.real_data.upload import (
    MAX_CELLS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    MISSING_MARKERS,
    csv_bytes,
    numeric_columns,
    parse_csv,
    read_table,
    table_to_series,
)

__all__ = [
    # data
    "CLASS_NAMES", "DEFAULT_SEED", "DTYPE", "LENGTH", "N_SERIES", "TEST_FRACTION", "format_bytes",
    "generate_series", "split_series",
    # framing
    "ASKER", "CHUNK_STEPS", "CHUNKS", "DEFAULT_CHUNK", "DEFAULT_WINDOW", "FRAMING_KEYS", "SERIES", "WINDOWS",
    "Framing", "ReshapeCount", "fitting_sizes", "framing_array", "framings", "loop_windows", "lstm_samples",
    "reshape_versus_windows", "sliding_windows", "window_count",
    # upload
    "MAX_CELLS", "MAX_UPLOAD_BYTES", "MAX_UPLOAD_MB", "MISSING_MARKERS", "csv_bytes", "numeric_columns",
    "parse_csv", "read_table", "table_to_series",
    # long format
    "PAD", "PAD_VALUE", "REFUSE", "TRUNCATE", "UNEQUAL", "Pivot", "guess_columns", "long_csv_bytes", "order_values",
    "pivot_long", "sample_long_files",
    # the script
    "SCRIPT_NAME", "ScriptChoices", "classify_script",
    # labels and the stratified split
    "MIN_PER_CLASS", "Labels", "labels_from_column", "labels_from_file", "make_labels", "stratified_split",
    # classifier
    "BATCH_SIZE", "CLASSIFIER_CLIPNORM", "CLASSIFIER_LEARNING_RATE", "CLASSIFIER_UNITS", "DEFAULT_UPDATES",
    "DEFAULT_WAIT_SECONDS", "MAX_UPDATES", "MEASURED_ON", "MIN_UPDATES", "SAMPLES_PER_SERIES", "Baseline",
    "ClassifierRequest", "ClassifierRun", "UpdatePlan", "batch_order", "budget_plans", "build_classifier",
    "classifier_data", "classifier_job", "classifier_request",
    "majority_baseline", "plan_updates", "train_classifier", "training_samples",
    # figures and tables
    "budget_frame", "comparison_frame", "confusion_figure", "confusion_frame", "examples_figure", "losses_figure",
    "split_frame", "still_falling", "updates_at_epoch_ends",
]

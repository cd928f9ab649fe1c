"""The learner's whole pipeline as a plain script: their files, read by name, to held-out scores.

`classify_script(choices)` writes a Keras 3 + NumPy + pandas script that reads the learner's files
by their names (next to the script), pivots or transposes them to (series, steps, channels), reads
the labels, splits stratified with the page's seed, frames the series as chosen, trains the page's
LSTM on the page's budget of updates — the same mini-batches in the same order, through Keras'
own `fit` — and prints held-out accuracy, the confusion matrix and the majority baseline. It
imports nothing from this app. The tests run it in a fresh interpreter on generated files.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessons.real_data.classifier import (
    BATCH_SIZE,
    CLASSIFIER_CLIPNORM,
    CLASSIFIER_LEARNING_RATE,
    CLASSIFIER_UNITS,
    SAMPLES_PER_SERIES,
)
from lessons.real_data.data import DEFAULT_SEED, TEST_FRACTION
from lessons.real_data.framing import ASKER, CHUNK_STEPS, CHUNKS, SERIES, WINDOWS
from lessons.real_data.long_format import PAD, PAD_VALUE, TRUNCATE

SCRIPT_NAME = "classify_my_series.py"


@dataclass(frozen=True)
class ScriptChoices:
    """What the learner chose on the page, as the script needs it."""

    series_file: str
    layout: str  # "columns", "rows" or "long"
    header: bool  # does the series file start with a row of column names?
    framing: str
    window: int
    chunk: int
    updates: int
    label_column: str | None = None  # labels in a column of the series file…
    labels_file: str | None = None  # …or in a second file
    labels_header: bool = True
    labels_file_column: str | None = None  # the labels' column in that file
    id_column: str | None = None  # long format (and matching the labels file by id)
    order_column: str | None = None
    channels: tuple[str, ...] = ()
    unequal: str = "refuse"
    seed: int = DEFAULT_SEED


def _series_part(c: ScriptChoices) -> str:
    read = f"table = read_table(SERIES_FILE, header={c.header})\n"
    if c.layout == "long":
        if c.unequal == PAD:
            unequal = (f"# Unequal lengths: pad the short series with {PAD_VALUE:g} at the start (Keras' default).\n"
                       f"X = keras.utils.pad_sequences(pieces, dtype=\"float32\", padding=\"pre\", value={PAD_VALUE})")
        elif c.unequal == TRUNCATE:
            unequal = ("# Unequal lengths: keep every series' last steps, as many as the shortest has.\n"
                       "shortest = min(len(piece) for piece in pieces)\n"
                       "X = keras.utils.pad_sequences(pieces, maxlen=shortest, dtype=\"float32\", truncating=\"pre\")")
        else:
            unequal = ("lengths = {len(piece) for piece in pieces}\n"
                       "if len(lengths) > 1:\n"
                       "    raise SystemExit(f\"The series have different lengths {sorted(lengths)}: pad or \"\n"
                       "                     \"truncate them.\")\n"
                       "X = np.stack(pieces)")
        return read + f'''
# Long format: one row per (series id, step). Each id becomes one sample, its rows put in order by
# the step (numbers, or else dates), each channel one feature: X is (series, steps, channels).
ID, STEP, CHANNELS = {c.id_column!r}, {c.order_column!r}, {list(c.channels)!r}
order = pd.to_numeric(table[STEP], errors="coerce")
if order.isna().any():
    order = pd.to_datetime(table[STEP], format="mixed")
ids = list(pd.unique(table[ID]))  # in the order they first appear
table = table.assign(_order=order).sort_values([ID, "_order"], kind="stable")
by_id = {{key: part[CHANNELS].to_numpy(dtype="float32") for key, part in table.groupby(ID, sort=False)}}
pieces = [by_id[key] for key in ids]
{unequal}
'''
    label_drop = f".drop(columns=[{c.label_column!r}])" if c.label_column else ""
    if c.layout == "rows":
        return read + f'''
# One series per row, its steps across the columns: X is (series, steps, 1).
X = table{label_drop}.to_numpy(dtype="float32")[:, :, np.newaxis]
ids = [str(i + 1) for i in range(len(X))]
'''
    return read + '''
# One series per column, its steps down the rows: X is (series, steps, 1).
X = table.to_numpy(dtype="float32").T[:, :, np.newaxis]
ids = [str(name) for name in table.columns]
'''


def _labels_part(c: ScriptChoices) -> str:
    if c.label_column and c.layout == "long":
        return f'''
# The labels: the column {c.label_column!r}, one class per series id.
first_label = table.groupby(ID, sort=False)[{c.label_column!r}].first()
labels = [first_label[key] for key in ids]
'''
    if c.label_column:
        return f'''
# The labels: the column {c.label_column!r}, one per series row.
labels = list(table[{c.label_column!r}])
'''
    match = c.id_column is not None and c.layout == "long"
    read = f"label_table = read_table(LABELS_FILE, header={c.labels_header})\n"
    if match:
        return f'''
# The labels: the second file, matched by series id when it has the {c.id_column!r} column too.
{read}if ID in label_table.columns and ID != {c.labels_file_column!r}:
    by_id = dict(zip(label_table[ID], label_table[{c.labels_file_column!r}]))
    labels = [by_id[key] for key in ids]
else:
    labels = list(label_table[{c.labels_file_column!r}])  # one per series, in the order of the series
'''
    return f'''
# The labels: the second file, one per series, in the order of the series.
{read}labels = list(label_table[{c.labels_file_column!r}])
'''


_FRAMING_CODE = {
    SERIES: "    return X  # each series one sample: (series, steps, channels)",
    ASKER: "    return X.reshape(len(X), 1, -1)  # the asker's reshape: 1 timestep of every value",
    WINDOWS: ("    windows = sliding_window_view(X, WINDOW, axis=1)  # (series, windows, channels, WINDOW), a view\n"
              "    return windows.transpose(0, 1, 3, 2).reshape(-1, WINDOW, X.shape[2])"),
    CHUNKS: "    return X[:, : X.shape[1] // CHUNK * CHUNK].reshape(-1, CHUNK, X.shape[2])  # chunks, none overlapping",
    CHUNK_STEPS: ("    pieces = X.shape[1] // CHUNK  # each chunk one timestep of CHUNK × channels values\n"
                  "    return X[:, : pieces * CHUNK].reshape(len(X), pieces, CHUNK * X.shape[2])"),
}


_TEST_WINDOWS = """keep = (np.arange(len(X_test)) % per_test) % WINDOW == 0  # held-out windows that do not overlap
X_test, y_test, owner = X_test[keep], y_test[keep], owner[keep]
"""


def classify_script(c: ScriptChoices) -> str:
    """The complete script for the learner's choices (see the module docstring)."""
    files = f"SERIES_FILE = {c.series_file!r}\n"
    if c.labels_file and not c.label_column:
        files += f"LABELS_FILE = {c.labels_file!r}\n"
    return f'''"""Classify your own labelled series with a small LSTM: the pipeline of Shape Lab's
"From a real table to 3D" page, on your files. Put this script next to them and run it:

    python {SCRIPT_NAME}
"""

import numpy as np
import pandas as pd
import keras
from keras import layers
from numpy.lib.stride_tricks import sliding_window_view

{files}SEED = {c.seed}
WINDOW, CHUNK = {c.window}, {c.chunk}
UPDATES, BATCH = {c.updates}, {BATCH_SIZE}  # Adam updates, and samples per update at most
PER_SERIES = {SAMPLES_PER_SERIES}  # windows or chunks drawn from each training series


def read_table(name, header=True):
    """A CSV as text cells, stripped; the separator is the first of , ; or tab in its first line."""
    with open(name, encoding="utf-8-sig") as file:
        first = file.readline()
    separator = next((s for s in (",", ";", "\\t") if s in first), ",")
    table = pd.read_csv(name, sep=separator, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                        header=0 if header else None)
    if not header:
        table.columns = [f"column {{i + 1}}" for i in range(table.shape[1])]
    table.columns = [str(column).strip() for column in table.columns]
    return table.apply(lambda column: column.str.strip())


{_series_part(c)}{_labels_part(c)}
# Classes: sorted (as numbers when every label is one), then one class number per series.
labels = [str(label).strip() for label in labels]
if len(labels) != len(X):
    raise SystemExit(f"{{len(X)}} series but {{len(labels)}} labels: give one label per series.")
numbers = pd.to_numeric(pd.Series(labels), errors="coerce")
if numbers.notna().all():
    labels = [str(int(v)) if float(v).is_integer() else repr(float(v)) for v in numbers]
    names = sorted(set(labels), key=float)
else:
    names = sorted(set(labels))
y = np.array([names.index(label) for label in labels])
print("X:", X.shape, "= (series, steps, channels);", len(names), "classes:",
      ", ".join(f"{{name}} ({{count}})" for name, count in zip(names, np.bincount(y))))

# A stratified split, seeded: {TEST_FRACTION:.0%} of every class held out (at least 1, never all).
rng = np.random.default_rng(SEED)
train_rows, test_rows = [], []
for code in np.unique(y):
    rows = rng.permutation(np.flatnonzero(y == code))
    n_test = min(len(rows) - 1, max(1, round(len(rows) * {TEST_FRACTION})))
    test_rows += list(rows[:n_test])
    train_rows += list(rows[n_test:])
train_rows, test_rows = np.sort(train_rows), np.sort(test_rows)


def framed(X):
    """The framing: what one sample is."""
{_FRAMING_CODE[c.framing]}


rng = np.random.default_rng(SEED + 1)
X_train, X_test = framed(X[train_rows]), framed(X[test_rows])
per_train, per_test = len(X_train) // len(train_rows), len(X_test) // len(test_rows)
y_train, y_test = np.repeat(y[train_rows], per_train), np.repeat(y[test_rows], per_test)
owner = np.repeat(np.arange(len(test_rows)), per_test)  # which held-out series each test sample is from
if per_train > PER_SERIES:  # a few random windows or chunks of each training series
    picks = np.concatenate([i * per_train + rng.choice(per_train, PER_SERIES, replace=False)
                            for i in range(len(train_rows))])
    X_train, y_train = X_train[picks], y_train[picks]
{_TEST_WINDOWS if c.framing == WINDOWS else ""}shuffle = rng.permutation(len(X_train))
X_train, y_train = X_train[shuffle], y_train[shuffle]
print("trained on", X_train.shape, "judged on", X_test.shape, f"({{len(test_rows)}} held-out series)")

# Exactly UPDATES updates, each on a full batch: each epoch a fresh shuffle cut into batches.
batch = min(BATCH, len(X_train))
per_epoch = len(X_train) // batch
order_rng = np.random.default_rng(SEED + 2)
epochs = -(-UPDATES // per_epoch)
batches = np.concatenate([order_rng.permutation(len(X_train))[: per_epoch * batch].reshape(per_epoch, batch)
                          for _ in range(epochs)])[:UPDATES]

keras.utils.set_random_seed(SEED)
model = keras.Sequential([
    keras.Input(shape=X_train.shape[1:]),
    layers.LSTM({CLASSIFIER_UNITS}),
    layers.Dense(len(names), activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate={CLASSIFIER_LEARNING_RATE}, clipnorm={CLASSIFIER_CLIPNORM}),
              loss="sparse_categorical_crossentropy")
# The batches laid end to end and read in order: one update per batch.
model.fit(X_train[batches.ravel()], y_train[batches.ravel()], batch_size=batch, epochs=1, shuffle=False, verbose=0)

# Judge each held-out series by its samples' outputs averaged.
probabilities = model.predict(X_test, verbose=0)
per_series = np.zeros((len(test_rows), len(names)))
np.add.at(per_series, owner, probabilities)
guess, truth = per_series.argmax(axis=1), y[test_rows]
confusion = np.zeros((len(names), len(names)), dtype=int)
np.add.at(confusion, (truth, guess), 1)
counts = np.bincount(truth, minlength=len(names))
print(f"held-out accuracy: {{(guess == truth).mean():.1%}} of {{len(truth)}} series")
print(f"majority baseline: always '{{names[counts.argmax()]}}', {{counts.max() / len(truth):.1%}}")
print("confusion (rows: true class, columns: predicted):")
print(pd.DataFrame(confusion, index=names, columns=names).to_string())
'''

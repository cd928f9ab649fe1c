"""Classic shape mistakes, each run live on the installed NumPy / Keras.

Every entry says what today's library does with it: raise (a stable fragment of the message
is declared in `raises`) or run silently (`raises` is None; the danger is in `explanation`).
`old_wording` is the Keras 2 / old tf.keras message learners still find when they search,
quoted from their comments (see ../shared/learners.md) and always labelled as old.
Results are cached per process: they depend only on the installed versions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lessons.core.captured import CapturedError, capture, keras_source, numpy_source
from lessons.debugger.explain import AxisCell, Diagnosis
from lessons.debugger.messages import explain
from lessons.debugger.model import CONV_LSTM, LSTM, ModelDescription, fixed_description
from lessons.debugger.run import Outcome, run_described
from lessons.debugger.parse import parse_error_message
from lessons.engine import ProgressCallback, run_job


@dataclass(frozen=True)
class GalleryEntry:
    key: str
    title: str
    story: str  # the learner's situation, in their terms
    raises: str | None  # a stable fragment of today's message; None: runs without a word
    old_wording: str | None  # the Keras 2 / old tf.keras message, quoted from learners
    explanation: str
    description: ModelDescription | None = None  # run through `run_described`
    call: Callable[[], str] | None = None  # or a direct call; returns what happened when silent
    library: str = "keras"  # "numpy" or "keras": whose version the message comes from


@dataclass(frozen=True)
class GalleryResult:
    error: CapturedError | None  # the message as raised today, or None
    diagnosis: Diagnosis | None
    outcome: Outcome | None = None  # for entries run as a described model
    happened: str = ""  # for a silent direct call: what Keras quietly did


def _reshape_20() -> str:
    np.zeros((10, 2)).reshape((10, 3, 2))
    return "reshaped"


def _reshape_15() -> str:
    np.zeros((5, 3)).reshape((5, 2, 3, 3))
    return "reshaped"


def _fit_on_list() -> str:
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(5, 3)), layers.LSTM(8), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", jit_compile=False)
    pieces = [np.zeros((5, 3), dtype="float32") for _ in range(4)]  # four sequences, kept in a list
    model.fit(pieces, np.zeros((4, 1), dtype="float32"), epochs=1, verbose=0)
    return "trained"


def _samples_in_input() -> str:
    import keras
    from keras import layers

    keras.Sequential([keras.Input(shape=(None, 3, 1)), layers.LSTM(8), layers.Dense(1)])
    return "built"


def _batch_input_shape() -> str:
    from keras import layers

    layers.LSTM(20, batch_input_shape=(1, 1, 5), stateful=True)
    return "built"


def _predict_one_window() -> str:
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(3, 1)), layers.LSTM(8), layers.Dense(1)])
    window = np.array([[0.7], [0.8], [0.9]], dtype="float32")  # one window, no samples axis
    prediction = model.predict(window, verbose=0)
    return f"predict returned {prediction.shape[0]} predictions, shape {tuple(prediction.shape)}, for one window"


ONE_WINDOW_DIAGNOSIS = Diagnosis(
    "One window read as three samples",
    "The window (3, 1) has no samples axis, so Keras 3 reads its 3 timesteps as 3 samples and adds a "
    "features axis: three predictions from windows of one timestep, and no error.",
    "samples",
    (AxisCell("samples", "—", "1", True), AxisCell("timesteps", "3", "3", False),
     AxisCell("features", "1", "1", False)),
    "window = window.reshape((1, 3, 1))  # 1 sample, 3 timesteps, 1 feature\nmodel.predict(window)",
    silent=True,
)


def _lstm(x, y, declared, units=1, rs=(False,), first=LSTM, last="Dense") -> ModelDescription:
    return ModelDescription(x, y, first, declared, last, units, rs)


GALLERY: tuple[GalleryEntry, ...] = (
    GalleryEntry(
        "no_timesteps", "2D X, many features: no timesteps axis",
        "Each row of my table has 10 sensor readings and I feed the table straight to the LSTM.",
        "but input has incompatible shape (8, 10)",
        "Error when checking input: expected lstm_1_input to have 3 dimensions, but got array with shape (107904, 10)",
        "An LSTM reads (samples, timesteps, features). The 10 readings of one row are 10 features at one "
        "timestep; the timesteps come from the rows that follow one another, so cut the table into windows of "
        "consecutive rows. This model declares (1, 10), and a reshape to (8, 1, 10) is what it asks for: it "
        "runs, but each sample is then one timestep, and the LSTM has no sequence to read.",
        description=_lstm((8, 10), (8, 2), (1, 10), units=2),
    ),
    GalleryEntry(
        "feature_axis_added", "2D X, one series: Keras 3 adds the axis",
        "My windows are (6, 3) and my model starts with keras.Input(shape=(3, 1)). It trains. Is it right?",
        None, None,
        "Keras 3 adds the missing features axis of 1 without a word. Here the guess is right, but the same "
        "code reads a (6, 3) table of 3 features as 3 timesteps: say the shape you mean.",
        description=_lstm((6, 3), (6, 1), (3, 1)),
    ),
    GalleryEntry(
        "fewer_timesteps", "Windows shorter than the model declares",
        "I declared 3 timesteps but built my X with 1 timestep per sample.",
        None, "expected lstm_2_input to have shape (3, 1) but got array with shape (1, 1)",
        "Keras 2 refused this. Keras 3 trains anyway: the LSTM loops over the 1 step it gets, so the model "
        "never sees the 3-step memory you designed for.",
        description=_lstm((6, 1, 1), (6, 1), (3, 1)),
    ),
    GalleryEntry(
        "wrong_features", "More features than declared",
        "I added a second series to X but kept keras.Input(shape=(3, 1)).",
        "Dimensions must be equal", None,
        "The LSTM's weights are sized for 1 feature per timestep; X brings 2. Declare the features X has.",
        description=_lstm((6, 3, 2), (6, 1), (3, 1)),
    ),
    GalleryEntry(
        "table_one_sample", "The whole table as one sample",
        "I reshaped my (12, 2) table to (1, 12, 2) and y has 12 values.",
        "Data cardinality is ambiguous",
        "Input arrays should have the same number of samples as target arrays. Found 1 input samples and 21 target samples.",
        "One sample of 12 timesteps has one target; y has 12. Cut the table into windows of consecutive rows, "
        "each a sample with its own target. Reshaping to (12, 1, 2) also runs, but then each sample is one "
        "timestep, and the LSTM has no sequence to read.",
        description=_lstm((1, 12, 2), (12,), (12, 2)),
    ),
    GalleryEntry(
        "labels_per_step", "A label for every timestep, one output per sample",
        "My y has a value for each of the 3 steps in every window, but the model ends in Dense(2).",
        "Dimensions must be equal",
        "Error when checking target: expected dense_17 to have 2 dimensions, but got array with shape (400, 20, 2)",
        "The model gives one row per sample, y one row per timestep. Keep one target per window, or make the "
        "model output every step.",
        description=_lstm((6, 3, 1), (6, 3, 2), (3, 1), units=2),
    ),
    GalleryEntry(
        "return_sequences_last", "return_sequences=True left on the last LSTM",
        "I copied a stacked model and kept return_sequences=True on my only LSTM; y is one value per window.",
        None, None,
        "The model predicts at all 3 timesteps and the loss stretches each window's one target across them. "
        "It trains, but it learns to predict the target from every step, even the first.",
        description=_lstm((6, 3, 1), (6, 1), (3, 1), rs=(True,)),
    ),
    GalleryEntry(
        "y_broadcast", "y broadcast against the output",
        "My targets are (6, 1, 2) and the model outputs a prediction per timestep, (6, 3, 2).",
        None, None,
        "The loss broadcasts y's 1 step across the 3 predicted steps, copying the target. No error, wrong "
        "learning.",
        description=_lstm((6, 3, 1), (6, 1, 2), (3, 1), units=2, rs=(True,)),
    ),
    GalleryEntry(
        "reshape_windows", "A reshape cannot make windows",
        "I have 10 rows of 2 series and want windows of 3 steps, so I reshape to (10, 3, 2).",
        "cannot reshape array of size 20 into shape (10,3,2)",
        "cannot reshape array of size 20 into shape (10,3,2)",
        "10 overlapping windows of 3 rows would hold 60 values; the data has 20. Windows are built, not "
        "reshaped.",
        call=_reshape_20, library="numpy",
    ),
    GalleryEntry(
        "cnn_lstm_split", "CNN-LSTM: subsequences × steps ≠ window",
        "My univariate X is (5, 3) and I reshape it to (5, 2, 3, 3) for a CNN-LSTM.",
        "cannot reshape array of size 15 into shape (5,2,3,3)",
        "cannot reshape array of size 15 into shape (5,2,3,3)",
        "Each window has 3 values. Subsequences × steps must equal 3 (1 × 3 or 3 × 1), and a univariate "
        "series has 1 feature.",
        call=_reshape_15, library="numpy",
    ),
    GalleryEntry(
        "list_of_arrays", "A Python list of sequences",
        "I collected my sequences in a list and passed the list to fit.",
        "Data cardinality is ambiguous",
        "Failed to find data adapter that can handle input: (<class 'list'> …)",
        "Keras 3 reads a list as several model inputs, one per entry. Stack the sequences into one array "
        "whose first axis is the samples.",
        call=_fit_on_list,
    ),
    GalleryEntry(
        "stacked_no_return_sequences", "Stacked LSTMs without return_sequences",
        "I put two LSTM layers one after the other.",
        "expected ndim=3, found ndim=2", None,
        "The first LSTM hands on only its last output, so the second gets no timesteps.",
        description=_lstm((6, 3, 1), (6, 1), (3, 1), rs=(False, False)),
    ),
    GalleryEntry(
        "samples_in_input", "The samples axis inside keras.Input",
        "I wrote keras.Input(shape=(None, 3, 1)) to say 'any number of samples'.",
        "expected ndim=3, found ndim=4", None,
        "keras.Input's shape is one sample; Keras adds the samples axis itself, so this one has two.",
        call=_samples_in_input,
    ),
    GalleryEntry(
        "batch_input_shape", "batch_input_shape on a Keras 3 layer",
        "The stateful LSTM tutorial passes batch_input_shape=(1, 1, 5) to the LSTM.",
        "Unrecognized keyword arguments passed to LSTM", None,
        "Keras 3 removed batch_input_shape. keras.Input(shape=(1, 5), batch_size=1) says the same.",
        call=_batch_input_shape,
    ),
    GalleryEntry(
        "conv_lstm_3d", "ConvLSTM2D fed a 3D X",
        "My windows are (6, 4, 1) and the ConvLSTM2D model declares (2, 1, 2, 1).",
        "Expected shape (None, 2, 1, 2, 1), but input has incompatible shape (6, 4, 1)", None,
        "ConvLSTM2D reads 5D: samples, subsequences, rows, steps, features. Each window of 4 steps is cut "
        "into 2 subsequences of 2 steps, with 1 row.",
        description=_lstm((6, 4, 1), (6, 1), (2, 1, 2, 1), first=CONV_LSTM),
    ),
    GalleryEntry(
        "blocks_vs_rows", "X cut into blocks, y kept per row",
        "I reshaped 20 rows into (4, 5, 3) blocks but y still has 20 rows.",
        "Data cardinality is ambiguous", None,
        "Four blocks make four samples, so they need four targets: one per block.",
        description=_lstm((4, 5, 3), (20, 1), (5, 3)),
    ),
    GalleryEntry(
        "dense_units", "Dense units ≠ values in y",
        "I predict 4 values per window but my last layer is Dense(2).",
        "Dimensions must be equal", None,
        "The last Dense layer's units are the values predicted per sample; they must match y.",
        description=_lstm((6, 3, 1), (6, 4), (3, 1), units=2),
    ),
    GalleryEntry(
        "predict_one_window", "Predicting on one window without its samples axis",
        "After training I call model.predict on my last window, shaped (3, 1).",
        None, None,
        "Keras 3 quietly treats the 3 timesteps as 3 samples of one timestep each, and returns 3 "
        "predictions instead of 1.",
        call=_predict_one_window,
    ),
)

BY_KEY = {entry.key: entry for entry in GALLERY}


def call_job(key: str, on_progress: ProgressCallback | None = None) -> tuple[str | None, CapturedError | None]:
    """A job: run one gallery entry's direct call; (what happened, None) or (None, the error raised)."""
    entry = BY_KEY[key]
    assert entry.call is not None
    source = numpy_source() if entry.library == "numpy" else keras_source()
    happened, error = capture(entry.call, source)
    return (None if happened is None else str(happened)), error


@functools.lru_cache(maxsize=None)
def run_entry(key: str) -> GalleryResult:
    """Run one gallery mistake live; cached per process (it depends only on the versions)."""
    entry = BY_KEY[key]
    if entry.description is not None:
        outcome = run_described(entry.description)
        return GalleryResult(outcome.error, outcome.diagnoses[0] if outcome.diagnoses else None, outcome)
    assert entry.call is not None
    happened, error = run_job(call_job, key)
    if error is None:
        return GalleryResult(None, ONE_WINDOW_DIAGNOSIS if entry.key == "predict_one_window" else None,
                             happened=str(happened))
    parsed = parse_error_message(error.message)
    return GalleryResult(error, explain(parsed) if parsed else None)


def fixed_entry(key: str) -> ModelDescription | None:
    """The entry's model with its shapes fixed, for the 'apply the fix' button (None: no model)."""
    entry = BY_KEY[key]
    return fixed_description(entry.description) if entry.description else None

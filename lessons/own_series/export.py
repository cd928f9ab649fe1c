"""The script a learner takes away: the whole pipeline again, on their own file, read by its name.

It does by hand, with plain loops, what the page does: read the CSV, split the rows by time, scale
with the training rows' numbers, cut windows inside each part, train the one-step and the direct
model (the layers `lessons.forecasting.models.keras_code` writes), score both on the test windows
next to the two baselines, and forecast past the end. It needs NumPy, pandas and Keras.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons.forecasting import models
from lessons.own_series.pipeline import Settings

TEMPLATE = '''"""{title}

Made by Shape Lab for LSTMs. Put {file_name} next to this script and run: python {script_name}
"""

import numpy as np
import pandas as pd
import keras
from keras import layers

FILE = {file_name!r}
SEPARATOR = {separator!r}
HEADER = {header!r}  # False: the file has no row of names, so the columns are named here
NAMES = {names!r}
TIME_COLUMN = {time_column!r}  # None: no time column, rows are numbered
TARGET = {target!r}
INPUTS = {inputs!r}  # other columns the model reads (the target's own past is always read)
KNOWN_AHEAD = {known!r}  # inputs whose future values are known when the forecast is made
N_IN = {n_in}  # rows each window reads
HORIZON = {horizon}  # steps forecast at once, and past the end
VAL_SHARE, TEST_SHARE = {val_share!r}, {test_share!r}
SCALING = {scaling!r}  # "none", "minmax" or "standard"
SEASON = {season}  # rows per season, for the seasonal-naive baseline
UNITS, EPOCHS, LEARNING_RATE, SEED = {units}, {epochs}, {learning_rate!r}, {seed}

if HEADER:
    table = pd.read_csv(FILE, sep=SEPARATOR, dtype=str, keep_default_na=False, skipinitialspace=True)
else:
    table = pd.read_csv(FILE, sep=SEPARATOR, dtype=str, keep_default_na=False, skipinitialspace=True,
                        header=None, names=NAMES)
columns = [TARGET] + INPUTS  # the target first
values = table[columns].apply(pd.to_numeric).to_numpy(dtype=float)  # rows x columns
known = np.array([False] + [name in KNOWN_AHEAD for name in INPUTS])
n_rows, n_columns = values.shape

# 1. Split the ROWS by time: oldest for training, then validation, the newest for testing.
n_test = round(n_rows * TEST_SHARE)
n_val = round(n_rows * VAL_SHARE)
train_stop, val_stop = n_rows - n_test - n_val, n_rows - n_test
parts = {{"train": (0, train_stop), "validation": (train_stop, val_stop), "test": (val_stop, n_rows)}}

# 2. Scale with numbers from the training rows only: the test rows are the future.
train_rows = values[:train_stop]
if SCALING == "minmax":
    offset, scale = train_rows.min(axis=0), train_rows.max(axis=0) - train_rows.min(axis=0)
elif SCALING == "standard":
    offset, scale = train_rows.mean(axis=0), train_rows.std(axis=0)
else:
    offset, scale = np.zeros(n_columns), np.ones(n_columns)
scale = np.where(scale > 0, scale, 1.0)
scaled = (values - offset) / scale


def to_units(target_values):
    """The target's scaled values back in the data's units."""
    return target_values * scale[0] + offset[0]


# 3. Cut windows INSIDE each part, so that no window reads one part and forecasts the next.
def windows(start, stop):
    rows = scaled[start:stop]
    w = {{"X_step": [], "y_step": [], "X_past": [], "future": [], "X_direct": [], "y_direct": [], "starts": []}}
    for i in range(len(rows) - N_IN):  # one-step: N_IN rows in, the next row of every column out
        w["X_step"].append(rows[i : i + N_IN])
        w["y_step"].append(rows[i + N_IN])
    for i in range(len(rows) - N_IN - HORIZON + 1):  # direct: N_IN rows in, the target's next HORIZON out
        past, future = rows[i : i + N_IN], rows[i + N_IN : i + N_IN + HORIZON]
        w["X_past"].append(past)
        w["future"].append(future)
        if known.any():  # the known-ahead cells of the horizon as extra timesteps; the rest 0
            past = np.concatenate([past, np.where(known, future, 0.0)])
        w["X_direct"].append(past)
        w["y_direct"].append(future[:, 0])
        w["starts"].append(start + i)
    return {{name: np.array(array) for name, array in w.items()}}


cut = {{name: windows(start, stop) for name, (start, stop) in parts.items()}}
train, test = cut["train"], cut["test"]
for name, w in cut.items():
    print(f"{{name:>10}}: rows {{parts[name][0]}}-{{parts[name][1] - 1}}, X_direct {{w['X_direct'].shape}}, "
          f"y_direct {{w['y_direct'].shape}}")

# 4. Two models: a one-step model (run recursively) and a direct model with a vector output.
{one_step_code}
{direct_code}

def train_model(build, X, y):
    keras.utils.set_random_seed(SEED)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE), loss="mse")
    model.fit(X, y, epochs=EPOCHS, batch_size=len(X), verbose=0)  # the whole training set each epoch
    return model


one_step = train_model(build_one_step, train["X_step"], train["y_step"])
direct = train_model(build_direct, train["X_direct"], train["y_direct"])


def recursive(model, window, future_known):
    """HORIZON steps from the one-step model, each prediction fed back as the newest row."""
    steps = []
    for h in range(HORIZON):
        row = model.predict(window, verbose=0)
        row = np.where(known, future_known[:, h], row)  # known-ahead columns take their known values
        steps.append(row)
        window = np.concatenate([window[:, 1:], row[:, None]], axis=1)
    return np.stack(steps, axis=1)  # 3D: (samples, HORIZON, columns)


def inverse_3d(predictions):
    """3D -> 2D (samples x steps, columns) -> back to the data's units -> 3D."""
    samples, steps, columns = predictions.shape
    flat = predictions.reshape(samples * steps, columns)
    return (flat * scale + offset).reshape(samples, steps, columns)


# 5. Is it any good? The test windows, in the data's units, next to two baselines.
target = values[:, 0]
ends = test["starts"] + N_IN - 1  # each window's last row read
h = np.arange(1, HORIZON + 1)
truth = target[ends[:, None] + h]
forecasts = {{
    "baseline: persistence": np.repeat(target[ends][:, None], HORIZON, axis=1),
    "baseline: seasonal-naive": target[ends[:, None] + h - SEASON * np.ceil(h / SEASON).astype(int)],
    "LSTM, recursive": inverse_3d(recursive(one_step, test["X_past"], test["future"]))[:, :, 0],
    "LSTM, direct": to_units(direct.predict(test["X_direct"], verbose=0)),
}}
for name, forecast in forecasts.items():
    rmse = np.sqrt(np.mean((forecast - truth) ** 2))
    mae = np.mean(np.abs(forecast - truth))
    print(f"{{name:<26}} RMSE {{rmse:.4f}}  MAE {{mae:.4f}}")

# 6. Past the end of the data.
last_window = scaled[None, -N_IN:]
ahead = np.arange(HORIZON)
season_ago = np.clip(n_rows + ahead - SEASON * np.ceil((ahead + 1) / SEASON).astype(int), 0, n_rows - 1)
future_known = np.where(known, scaled[season_ago], 0.0)[None]  # known-ahead values: one season earlier
last_direct = np.concatenate([last_window, future_known], axis=1) if known.any() else last_window
past_end = {{
    "recursive": inverse_3d(recursive(one_step, last_window, future_known))[0, :, 0],
    "direct": to_units(direct.predict(last_direct, verbose=0))[0],
}}
for name, forecast in past_end.items():
    print(f"past the end, {{name}}: " + ", ".join(f"{{v:.2f}}" for v in forecast)
          + f" (last step {{forecast[-1] - target[-1]:+.2f}} from the last value)")
'''


@dataclass(frozen=True)
class ScriptFacts:
    file_name: str
    separator: str
    header: bool
    names: tuple[str, ...]
    time_column: str | None
    target: str
    inputs: tuple[str, ...]
    known: tuple[str, ...]
    settings: Settings
    variant: str
    units: int
    epochs: int
    learning_rate: float
    seed: int
    n_columns: int


def _builder(name: str, variant: str, x_shape: tuple[int, ...], y_shape: tuple[int, ...], units: int) -> str:
    code = models.keras_code(variant, x_shape, y_shape, units)
    body = code.split("model = ", 1)[1].strip()
    body = "\n".join("    " + line for line in body.splitlines())
    return f"def {name}():\n    return {body.lstrip()}\n"


def standalone_script(facts: ScriptFacts) -> str:
    s = facts.settings
    known = any(facts.known)
    x_step = (s.n_in, facts.n_columns)
    x_direct = (s.n_in + (s.horizon if known else 0), facts.n_columns)
    title = (f"Forecast '{facts.target}' from {facts.file_name}: {s.horizon} steps from {s.n_in} rows, "
             "honestly evaluated")
    return TEMPLATE.format(
        title=title, file_name=facts.file_name, script_name=script_name(facts), separator=facts.separator,
        header=facts.header, names=list(facts.names), time_column=facts.time_column, target=facts.target,
        inputs=list(facts.inputs), known=list(facts.known), n_in=s.n_in, horizon=s.horizon,
        val_share=s.val_share, test_share=s.test_share, scaling=s.scaling, season=s.season,
        units=facts.units, epochs=facts.epochs, learning_rate=facts.learning_rate, seed=facts.seed,
        one_step_code=_builder("build_one_step", facts.variant, x_step, (facts.n_columns,), facts.units),
        direct_code=_builder("build_direct", facts.variant, x_direct, (s.horizon,), facts.units),
    )


def script_name(facts: ScriptFacts) -> str:
    stem = re.sub(r"[^A-Za-z0-9_]+", "_", facts.file_name.rsplit(".", 1)[0]).strip("_") or "series"
    return f"forecast_{stem}.py"

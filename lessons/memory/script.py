"""The stateful model as a complete Keras 3 script a learner can download and run.

The tests execute it and check it gives the app's result for the same seed.
"""

from __future__ import annotations

from collections.abc import Sequence

from lessons.memory.data import DEFAULT_ALPHABET, DEFAULT_SEQUENCES
from lessons.memory.models import UNITS
from lessons.memory.training import DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_SEED


def stateful_code(
    sequences: Sequence[Sequence[int]] = DEFAULT_SEQUENCES,
    alphabet_size: int = DEFAULT_ALPHABET,
    epochs: int = DEFAULT_EPOCHS,
    seed: int = DEFAULT_SEED,
    way: str = "app",
) -> str:
    """A complete Keras 3 script of the stateful model.

    `way="app"`: the app's training in plain Keras — `fit` a stateless twin on whole sequences
    (batch size 1, one update per sequence), copy its weights into the stateful model, then predict
    one step at a time. Same maths as `train(STATEFUL)`, so the same result for the same seed.
    `way="tutorial"`: the tutorial's loop of `fit` calls, written in Keras 3.
    """
    listed = ", ".join("[" + ", ".join(map(str, s)) + "]" for s in sequences)
    head = f'''import numpy as np
import keras
from keras import layers

size = {alphabet_size}  # the alphabet: values 0 to {alphabet_size - 1}
sequences = [{listed}]
rows = np.eye(size, dtype="float32")[np.array(sequences)]  # one-hot: (sequences, values, size)


def stateful_model():
    return keras.Sequential([
        keras.Input(shape=(1, size), batch_size=1),  # batch size 1 belongs to the Input in Keras 3
        layers.LSTM({UNITS}, stateful=True),               # keeps its state from one call to the next
        layers.Dense(size, activation="sigmoid"),
    ])


keras.utils.set_random_seed({seed})
'''
    if way == "tutorial":
        body = f'''model = stateful_model()
model.compile(loss="binary_crossentropy", optimizer="adam")
lstm = model.layers[0]
# each sequence: X (pairs, 1, size) = pairs samples of 1 timestep of `size` features; y (pairs, size)
data = [(r[:-1, np.newaxis, :], r[1:]) for r in rows]
for epoch in range({epochs}):
    for X, y in data:
        model.fit(X, y, epochs=1, batch_size=1, shuffle=False, verbose=0)
        lstm.reset_state()  # the next sequence starts from a blank memory
'''
    else:
        body = f'''# Train a stateless twin on whole sequences: X (sequences, steps, size), one output per step.
# The error of the last step flows back to the first, so it learns to keep the first value.
twin = keras.Sequential([
    keras.Input(shape=(rows.shape[1] - 1, size)),
    layers.LSTM({UNITS}, return_sequences=True),
    layers.Dense(size, activation="sigmoid"),
])
twin.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam({DEFAULT_LEARNING_RATE}))
twin.fit(rows[:, :-1], rows[:, 1:], epochs={epochs}, batch_size=1, shuffle=False, verbose=0)

model = stateful_model()
model.set_weights(twin.get_weights())  # same layers, same weights: now one step per call
lstm = model.layers[0]
'''
    tail = '''
for r in rows:
    lstm.reset_state()
    X = r[:-1, np.newaxis, :]  # (pairs, 1, size): pairs samples of 1 timestep
    predicted = model.predict(X, batch_size=1, verbose=0).argmax(axis=-1)  # predict_classes() is gone
    print(r.argmax(axis=-1), "->", predicted)
'''
    return head + body + tail

from contextlib import ExitStack

import streamlit as st

from lessons import memory
from lessons.core import FEATURES, SAMPLES, format_shape
from ui import inside as inside_view
from ui import state, widgets

st.title("Memory: what only an LSTM can learn")
st.markdown(
    "Two short sequences, `3 0 1 2 3` and `4 0 1 2 4`. Given one value, predict the next. "
    "They agree on `0 → 1 → 2`, and then one goes on with **3** and the other with **4**. "
    "Seeing only the `2` cannot decide it: the model has to **remember the first value** for "
    "three steps. Edit the sequences (values are symbols from a small alphabet) and see who copes."
)

# --- 1. the sequences: last good ones kept while the text is bad --------------------------------
alphabet = st.number_input("Alphabet size (values 0 to size − 1)", memory.MIN_ALPHABET, memory.MAX_ALPHABET,
                           memory.DEFAULT_ALPHABET, key="memory_alphabet", persist_state="session",
                           bind="query-params")
boxes = st.columns(2)
texts = [
    box.text_input(f"Sequence {i + 1}", memory.sequence_text(seq), key=f"memory_seq{i + 1}",
                   persist_state="session", bind="query-params")
    for i, (box, seq) in enumerate(zip(boxes, memory.DEFAULT_SEQUENCES))
]
sequences, size = state.last_good(
    "memory_sequences",
    lambda: (memory.parse_sequences(texts, int(alphabet)), int(alphabet)),
    (memory.DEFAULT_SEQUENCES, memory.DEFAULT_ALPHABET),
    lambda kept: "sequences: " + " and ".join(f"`{memory.sequence_text(s)}`" for s in kept[0]),
)

conflicts = memory.conflicts(sequences)
for conflict in conflicts:
    (st.info if conflict.solvable else st.warning)(conflict.describe())
if not conflicts:
    st.warning("No input is followed by different values here, so even a network without memory "
               "can learn these. Make two sequences share a middle, like the defaults.")

# --- 2. one-hot, pairs, shapes ------------------------------------------------------------------
st.subheader("1. One-hot: each value becomes a row with a single 1")
grids = st.columns(len(sequences))
for column, sequence in zip(grids, sequences):
    grid = memory.one_hot_frame(sequence, size)
    column.markdown(f"`{memory.sequence_text(sequence)}`")
    column.table(grid.style.map(lambda v: "background-color:#2ca02c55;font-weight:bold" if v else "color:#bbb"))
st.caption(f"Each column is one value of the alphabet: {size} columns, so {size} features.")

st.subheader("2. Input/output pairs, and the 3D array")
first = sequences[0]
st.dataframe(memory.pairs_frame(first, size), hide_index=True)
X, y = memory.stateful_arrays(first, size)
widgets.shape_badge(X.shape, label="X.shape =")  # 3D: samples, timesteps, features
widgets.shape_badge(y.shape, [SAMPLES.name, FEATURES.name], label="y.shape =")
st.markdown(
    f"Read it as **{X.shape[0]} samples, each of 1 timestep with {size} features** — one pair per "
    "sample, one one-hot row per timestep. (The tutorial calls this \"4 rows and 1 column\"; there are "
    "no rows and columns in a 3D array, and the 5 features are the point.) With one timestep per "
    "sample, nothing inside a sample links step to step: the link is the LSTM's **state**, carried "
    "from one call to the next because the layer is `stateful=True`, and wiped by `reset_state()` "
    "before each sequence."
)
widgets.array_view(X, key="memory_x_view")

# --- 3. training --------------------------------------------------------------------------------
st.subheader("3. Train three models on the same pairs")
settings = st.columns(2)
epochs = settings[0].number_input("Epochs", 10, memory.MAX_EPOCHS, memory.DEFAULT_EPOCHS, step=10, key="memory_epochs",
                                    persist_state="session", bind="query-params")
seed = settings[1].number_input("Seed", 0, 2**31 - 1, memory.DEFAULT_SEED, key="memory_seed",
                                 persist_state="session", bind="query-params")
st.markdown(
    "- **Stateful LSTM**, batch size 1, one step per call, state reset after each sequence.\n"
    f"- **Feed-forward network**: Dense({memory.UNITS}) → Dense, the same pairs with no memory at all.\n"
    f"- **Stateless LSTM**: each whole sequence is one sample, X of shape "
    f"{format_shape((len(sequences), len(first) - 1, size))}, with an output at every timestep."
)
if st.button("Train all three", type="primary", key="memory_train"):
    training_area = st.empty()  # cleared when the three are done; the results below draw in this same run
    with training_area.container(), ExitStack() as progress_bars:  # the three train at once, each with its bar
        progress = {}
        for kind, title in memory.MODEL_TITLES.items():
            with st.container(key=f"memory_progress_box_{kind}"):
                st.markdown(f"**{title}**")
                progress[kind] = progress_bars.enter_context(widgets.training_progress(
                    int(epochs), key=f"memory_progress_{kind}", loss_name="binary cross-entropy"))
        runs = memory.train_all(sequences, size, epochs=int(epochs), seed=int(seed),
                                on_progress={kind: bar.on_progress for kind, bar in progress.items()},
                                on_wait={kind: bar.on_wait for kind, bar in progress.items()})
    training_area.empty()
    st.session_state["memory_runs"] = runs

runs = st.session_state.get("memory_runs")
if not runs:
    st.info("Press **Train all three**: the three models train side by side, each with its own progress bar.")
    state.stop()
trained_on = next(iter(runs.values())).sequences
if trained_on != sequences:
    st.info("These results are for " + " and ".join(f"`{memory.sequence_text(s)}`" for s in trained_on)
            + ". Train again for your new sequences.")

st.subheader("4. Every step of every sequence")
tabs = st.tabs([f"{memory.MODEL_TITLES[k]}: {r.accuracy:.0%}" for k, r in runs.items()])
for tab, (kind, run) in zip(tabs, runs.items()):
    with tab:
        st.markdown(f"**{int(run.right.sum())} of {run.right.size} steps right** after "
                    f"{len(run.losses)} epochs ({run.seconds:.1f} s).")
        st.dataframe(memory.step_table(run), hide_index=True, key=f"memory_table_{kind}")
        if kind == memory.FEED_FORWARD:
            st.markdown("The same input always gives the same output here, so wherever one input has "
                        "two different successors, at least one of them is wrong — whatever the training.")

st.subheader("5. What the LSTM carries from step to step")
stateful = runs[memory.STATEFUL]
which = st.radio("State", ["cell", "hidden"], horizontal=True, key="memory_state_kind", persist_state="session",
                 format_func={"cell": "cell state c (the memory)", "hidden": "hidden state h (the output)"}.get)
st.plotly_chart(memory.state_figure(stateful, which), key="memory_state_figure")
if len(trained_on) >= 2:
    gaps = ", ".join(f"{g:.2f}" for g in memory.state_gap(stateful, which))
    st.markdown(f"Distance between the two sequences' states after each step: **{gaps}**. The inputs "
                "after the first step are the same, yet the states stay apart: that gap is the first "
                "value, remembered, and it is what lets the last step answer differently.")

inside_view.memory_step_through(stateful, size)

with st.expander("Why the app trains differently from the tutorial (and much faster)"):
    st.markdown(
        "The tutorial calls `fit` twice per epoch with batch size 1: the weights change after every "
        "single step, and each step's error stops at the state it was handed. The step that must "
        "answer 3 or 4 can never tell the first step to keep its value, so whether the model learns "
        "it is luck — run `benchmarks/bench_memory.py` to see seeds where it does not. The app runs "
        "the same stateful model through each whole sequence from a reset state inside one compiled "
        "TensorFlow loop, so the error flows back to the first step; prediction is the real stateful "
        "Keras model, one `predict` per step, `reset_state()` between sequences. The tutorial's loop in Keras 3:"
    )
    st.code(memory.stateful_code(sequences, size, int(epochs), int(seed), way="tutorial"), language="python")
st.markdown("The same training in plain Keras: fit a stateless twin on whole sequences, then copy its "
            "weights into the stateful model and predict one step at a time.")
widgets.code_download(memory.stateful_code(sequences, size, int(epochs), int(seed)), "memory_stateful_lstm.py")

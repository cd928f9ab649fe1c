import streamlit as st

from lessons import debugger as D
from lessons.core import InputError, format_shape
from ui import widgets

EXAMPLE = ("ValueError: Error when checking input: expected lstm_1_input to have 3 dimensions, "
           "but got array with shape (107904, 10)")
DEFAULTS = {"dbg_x": "(107904, 10)", "dbg_y": "(107904, 2)", "dbg_first": D.FIRST_LAYERS[0],
            "dbg_input": "(1, 10)", "dbg_last": D.LAST_LAYERS[0], "dbg_units": 2, "dbg_layers": 1}

st.title("Shape debugger")
st.markdown(
    "Bring the error your reshape or your model raised, or describe your arrays and model. The "
    "debugger names the axis that is wrong — **samples**, **timesteps** or **features** — shows your "
    "shape against the one expected, and gives the fix. It also catches the shapes Keras 3 runs "
    "*without a word* although they are wrong."
)


def show(diagnosis: D.Diagnosis) -> None:
    """Cause, picture and fix of one diagnosis."""
    if diagnosis.silent:
        st.warning(f"**{diagnosis.title}** — Keras 3 runs this without an error.")
    else:
        st.error(f"**{diagnosis.title}**")
    axis = f" Axis to fix: {D.cause_html(diagnosis.axis)}." if diagnosis.axis else ""
    st.markdown(D.cause_html(diagnosis.cause) + axis, unsafe_allow_html=True)
    picture = D.comparison_html(diagnosis)
    if picture:
        st.markdown(picture, unsafe_allow_html=True)
    st.markdown("**The fix**")
    st.code(diagnosis.fix_code, language="python")
    if diagnosis.fix_note:
        st.info(diagnosis.fix_note)


def show_outcome(outcome: D.Outcome, label: str) -> None:
    """What really happened when the described model took one training step."""
    if outcome.error is not None:
        widgets.captured_error(outcome.error)
    elif outcome.trained:
        st.success(f"{label}: one training step ran on zero arrays of these shapes (loss {outcome.loss:.3g}).")
    for note in outcome.notes:
        st.caption(note)
    for diagnosis in outcome.diagnoses:
        show(diagnosis)
    with st.expander("The Keras model that ran"):
        st.code("import keras\nfrom keras import layers\n\n" + outcome.code, language="python")


def run(desc: D.ModelDescription) -> D.Outcome:
    waiting = st.empty()
    with st.spinner("Building the model and running one training step…"):
        outcome = D.run_described(desc, on_wait=lambda ahead: waiting.info(f"{ahead} training(s) ahead of you…"))
    waiting.empty()
    return outcome


paste, describe, gallery = st.tabs(["Paste an error", "Describe arrays and model", "Gallery of classic mistakes"])

with paste:
    text = st.text_area("Your error message", value=EXAMPLE, key="dbg_message", height=130,
                        help="Paste the last lines of the traceback (up to 100,000 characters).")
    result = D.diagnose_message(text)
    if result.diagnosis is None:
        st.info(result.problem)
    else:
        st.caption(f"Read as the {result.parsed.wording} wording: “{result.parsed.excerpt[:300]}”")
        show(result.diagnosis)
        st.caption("To see it fixed and training, describe your arrays and model in the second tab.")

with describe:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    left, right = st.columns(2)
    x_text = left.text_input("X.shape", key="dbg_x")
    y_text = right.text_input("y.shape", key="dbg_y")
    first = left.selectbox("First layer", D.FIRST_LAYERS, key="dbg_first")
    input_text = right.text_input("keras.Input(shape=...) — one sample, no samples axis", key="dbg_input")
    last = left.selectbox("Last layer", D.LAST_LAYERS, key="dbg_last")
    units = right.number_input("Units of the last layer", 1, 100_000, key="dbg_units")
    most = D.MAX_RECURRENT[first]
    flags: tuple[bool, ...] = ()
    if most:
        count = min(st.number_input("Recurrent layers", 1, 3, key="dbg_layers"), most)
        boxes = st.columns(count)
        flags = tuple(box.checkbox(f"return_sequences on recurrent layer {i + 1}", key=f"dbg_rs{i}")
                      for i, box in enumerate(boxes))
    try:
        desc, problem = D.describe(x_text, y_text, first, input_text, last, int(units), flags), ""
    except InputError as error:
        desc, problem = None, str(error)

    def apply(fixed: D.ModelDescription) -> None:  # write the fix into the form; the rerun runs it
        st.session_state.update(dbg_x=format_shape(fixed.x_shape), dbg_y=format_shape(fixed.y_shape),
                                dbg_input=format_shape(fixed.input_shape), dbg_last=fixed.last_layer,
                                dbg_units=fixed.units, dbg_layers=max(len(fixed.return_sequences), 1))
        st.session_state.update({f"dbg_rs{i}": flag for i, flag in enumerate(fixed.return_sequences)})
        st.session_state["dbg_fixed"], st.session_state["dbg_changes"] = fixed, D.changes(desc, fixed)

    ran = st.session_state.get("dbg_outcome")
    if desc is None:
        st.error(f"{problem} Fix the description to run it.")
        if ran:  # the last good run stays on the page
            st.caption("Your last run, for the last description that could be read:")
            show_outcome(ran[1], "It trains")
    else:
        if st.button("Build it and run one training step", key="dbg_run", type="primary"):
            st.session_state["dbg_outcome"] = ran = (desc, run(desc))
        if st.session_state.pop("dbg_fixed", None) == desc:
            st.info("The fix changed " + "; ".join(st.session_state.pop("dbg_changes", [])) + ".")
            st.session_state["dbg_outcome"] = ran = (desc, run(desc))
        if ran and ran[0] == desc:
            show_outcome(ran[1], "It trains")
            fixed = D.fixed_description(desc)
            if fixed != desc:
                st.button("Apply the fix and train again", key="dbg_apply", on_click=apply, args=(fixed,))
            elif ran[1].trained:
                st.success("These shapes are right: nothing to fix.")

with gallery:
    st.markdown("Classic mistakes from learners' questions, each run live on the installed versions.")
    columns = st.columns(3)
    for i, entry in enumerate(D.GALLERY):
        if columns[i % 3].button(entry.title, key=f"dbg_g_{entry.key}", width="stretch"):
            st.session_state["dbg_entry"] = entry.key
    key = st.session_state.get("dbg_entry")
    if key in D.BY_KEY:
        entry = D.BY_KEY[key]
        st.subheader(entry.title)
        st.markdown(f"*“{entry.story}”*")
        with st.spinner("Running the mistake on the installed versions…"):
            found = D.run_entry(key)
        if found.error is not None:
            widgets.captured_error(found.error)
        else:
            st.warning("No error today: " + (found.happened or "Keras 3 runs this silently."))
        if entry.old_wording:
            st.markdown("The **old Keras 2 / tf.keras wording** learners search for (quoted, not run today):")
            st.code(entry.old_wording, language="text")
        st.markdown(entry.explanation)
        if found.diagnosis is not None:
            show(found.diagnosis)
        fixed = D.fixed_entry(key)
        if fixed is not None and st.button("Apply the fix and train", key="dbg_g_fix"):
            widgets.shape_badge(fixed.x_shape, label="X.shape =")
            widgets.shape_badge(fixed.y_shape, ["samples"] + ["outputs"] * (len(fixed.y_shape) - 1), label="y.shape =")
            show_outcome(run(fixed), "Fixed")

import zlib

import streamlit as st

from lessons import debugger as D
from lessons.core import InputError, format_shape
from lessons.core.axes import shape_badge_html
from lessons.core.parsing import parse_shape
from ui import state, widgets

EXAMPLE = ("ValueError: Error when checking input: expected lstm_1_input to have 3 dimensions, "
           "but got array with shape (107904, 10)")
DEFAULTS = {"dbg_x": "(107904, 10)", "dbg_y": "(107904, 2)", "dbg_first": D.FIRST_LAYERS[0],
            "dbg_input": "(1, 10)", "dbg_last": D.LAST_LAYERS[0], "dbg_units": 2, "dbg_layers": 1}

CODE_EXAMPLE = """from keras.models import Sequential
from keras.layers import LSTM, Dense

n_steps = 3
model = Sequential()
model.add(LSTM(50, activation="relu", input_shape=(n_steps, 1)))
model.add(LSTM(50))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")"""
CODE_DEFAULTS = {"dbg_code": CODE_EXAMPLE, "dbg_code_x": "(100, 3, 1)", "dbg_code_y": "(100, 1)"}
TABS = ["Paste an error", "Describe arrays and model", "Gallery of classic mistakes"]
FORM, CODE = "Pick the layers", "Paste your model code"
VERDICT_LABEL = {"reproduced": "Reproduced", "worded differently": "Worded differently",
                 "runs silently": "Runs silently", "not run": "Not run"}

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


def which_reading(diagnosis: D.Diagnosis, message: str) -> D.Diagnosis:
    """The reading the learner picks, where different mistakes give this same message."""
    if not diagnosis.others:
        return diagnosis
    readings = {d.answer: d for d in diagnosis.readings}
    st.markdown(f"**{len(readings)} different mistakes give this message**, and it holds nothing that tells them "
                "apart. The most common comes first; you know which is yours:")
    asked = "|".join([message, diagnosis.question, *readings])  # a new message is asked afresh
    answer = st.radio(diagnosis.question, list(readings), key=f"dbg_reading_{zlib.crc32(asked.encode())}")
    return readings[answer]


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


def show_reproduction(rep: D.Reproduction, pasted: str) -> None:
    """The pasted message beside the installed library's own, labelled, then the fix running."""
    label = VERDICT_LABEL[rep.verdict]
    if rep.verdict == "reproduced":
        st.success(f"**{label}**: the installed version raises the same kind of error for this set-up.")
    elif rep.verdict == "worded differently":
        st.warning(f"**{label}**: the installed version raises an error for this set-up, but words it "
                   "differently; both are below.")
    elif rep.verdict == "runs silently":
        st.warning(f"**{label}**: Keras 3 trains on this set-up without an error. The shapes are still "
                   "wrong: the fix below is what makes them right.")
    else:
        st.info(f"**{label}**: " + " ".join(rep.notes))
        return
    yours, real = st.columns(2)
    yours.markdown("**You pasted**")
    yours.code(pasted, language="text", wrap_lines=True)
    real.markdown("**The installed version, on the same set-up**")
    with real:
        if rep.real is not None:
            widgets.captured_error(rep.real)
            if rep.real_reading is not None and rep.verdict == "worded differently":
                st.caption(f"The debugger reads this message as: {rep.real_reading.title}.")
        elif rep.verdict == "runs silently":
            st.info("No error: one training step ran.")
    for note in rep.notes:
        st.caption(note)
    if rep.ran:
        with st.expander("What ran"):
            st.code(rep.ran, language="python")
    if rep.fix_ran:
        done = f"loss {rep.fixed_loss:.3g}" if rep.fixed_loss is not None else rep.fixed_result
        changed = f" ({'; '.join(rep.changes)})" if rep.changes else ""
        st.success(f"**The fix runs**{changed}: {done}.")
        with st.expander("The fixed run", expanded=True):
            st.code(rep.fixed_ran, language="python")
    elif rep.fixed_error is not None:
        st.error("The fix did not run in the installed version:")
        widgets.captured_error(rep.fixed_error)


def prefill(values: dict[str, str]) -> None:
    """Open the describe tab with what an unclassified message holds (a button's callback)."""
    keys = {"x_shape": "dbg_x", "y_shape": "dbg_y", "input_shape": "dbg_input", "first_layer": "dbg_first"}
    st.session_state.update({keys[k]: v for k, v in values.items() if k in keys})
    st.session_state.update(dbg_tabs=TABS[1], dbg_how=FORM)


paste, describe, gallery = st.tabs(TABS, key="dbg_tabs", on_change="rerun", bind="query-params")

with paste:
    linked = state.query_value("dbg_message", EXAMPLE, str)  # a shared link may carry the message
    text = st.text_area("Your error message", value=linked, key="dbg_message", height=130,
                        help="Paste the last lines of the traceback, or the whole traceback (up to 100,000 characters).")
    state.set_query("dbg_message", text, default=EXAMPLE)
    result = D.diagnose_message(text)
    if result.diagnosis is None:
        st.info(result.problem)
        if result.clues is not None and result.clues.prefill:
            names = {"x_shape": "X.shape", "y_shape": "y.shape", "input_shape": "keras.Input shape",
                     "first_layer": "first layer"}
            filled = ", ".join(f"{names.get(k, k)} {v}" for k, v in result.clues.prefill.items())
            st.button(f"Describe it in the second tab, starting from what the message holds: {filled}",
                      key="dbg_prefill", on_click=prefill, args=(dict(result.clues.prefill),))
    else:
        st.caption(f"Read as the {result.parsed.wording} wording: “{result.parsed.excerpt[:300]}”")
        diagnosis = which_reading(result.diagnosis, text)
        show(diagnosis)
        if D.reproducible(diagnosis, result.parsed):
            st.markdown("**Right means checked.** The debugger can rebuild the smallest set-up this message "
                        "implies, run it in the installed version (the NumPy call, one Keras training step, or the "
                        "assign that loads a weight) "
                        "and set the real message beside yours, then run the fix.")
            if st.button("Reproduce it and run the fix", key="dbg_reproduce", type="primary"):
                waiting = st.empty()
                with st.spinner("Running the set-up and its fix…"):
                    rep = D.reproduce(diagnosis, result.parsed,
                                      on_wait=lambda ahead: waiting.info(f"{ahead} run(s) ahead of you…"))
                waiting.empty()
                st.session_state["dbg_reproduced"] = (text, diagnosis.answer, rep)
            done = st.session_state.get("dbg_reproduced")
            if done and done[:2] == (text, diagnosis.answer) and done[2] is not None:
                show_reproduction(done[2], result.parsed.excerpt)
        else:
            st.caption("To see it fixed and training, describe your arrays and model in the second tab.")


def show_notes(notes: tuple[str, ...]) -> None:
    """What the reader could not read (a warning each, with its line), and how it read the rest."""
    for note in notes:
        if "skipped" in note or "not read" in note:
            st.warning(note)
        else:
            st.caption(note)


def where(row) -> str:
    return f"line {row.line}" if row.line else "—"


def show_layer(row, axes, label: str) -> None:
    """One layer: where it is in the learner's code, its Keras 3 code, its real output shape in colour."""
    st.markdown(f"`{where(row)}` `{row.code}` → " + shape_badge_html(row.output, axes, label=label),
                unsafe_allow_html=True)


def show_code_check(found: D.CodeCheck) -> None:
    """Every layer's real output shape, the layer that breaks, then the fixed code."""
    show_notes(found.read.notes)
    first = found.first
    st.markdown("**Your model in Keras 3, layer by layer** (real output shapes; the samples axis is None):")
    for row, axes in zip(first.rows, D.output_axes(first, found.read)):
        if row.output is not None:
            show_layer(row, axes, "output:")
        else:
            st.error(f"**Breaks here** — `{where(row)}` `{row.code}`")
            widgets.captured_error(row.error)
    if first.broke_at is None:
        if first.fit_error is not None:
            st.error(f"**Breaks in training** against X {format_shape(found.x_shape)} and y {format_shape(found.y_shape)}:")
            widgets.captured_error(first.fit_error)
        for said in first.silent:
            st.warning(f"Keras 3 runs this without an error: {said}")
    if found.fixes:
        st.markdown("**The fix**, each step rebuilt and run for real: " + "; ".join(found.fixes) + ".")
    if found.last.trains:
        if found.fixes:
            st.success(f"The fixed model trains: one training step ran (loss {found.last.loss:.3g}).")
            st.code(found.code, language="python")
            with st.expander("The fixed model, layer by layer"):
                for row, axes in zip(found.last.rows, D.output_axes(found.last, found.fixed)):
                    show_layer(row, axes, "fixed output:")
        else:
            st.success(f"These shapes are right: one training step ran (loss {found.last.loss:.3g}). Nothing to fix.")
    else:
        st.info(found.problem)


with describe:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    for key, value in CODE_DEFAULTS.items():
        st.session_state.setdefault(key, state.query_value(key, value, str) if key == "dbg_code" else value)
    how = st.radio("How to describe your model", [FORM, CODE], key="dbg_how", horizontal=True,
                   bind="query-params")
    if how == CODE:
        st.markdown("Paste the code that builds your model. It is **read, never run**: the debugger "
                    "rebuilds it in Keras 3, shows each layer's real output shape, where it breaks, "
                    "and the fixed code.")
        code_text = st.text_area("Your model code", key="dbg_code", height=240)
        state.set_query("dbg_code", code_text, default=CODE_EXAMPLE)
        left, right = st.columns(2)
        cx_text = left.text_input("X.shape", key="dbg_code_x", bind="query-params")
        cy_text = right.text_input("y.shape", key="dbg_code_y", bind="query-params")
        try:
            cx = parse_shape(cx_text)
            cy = parse_shape(cy_text)
            read = D.read_code(code_text, cx, cy)
            code_problem = ""
        except InputError as error:
            read, code_problem = None, str(error)
        ran_code = st.session_state.get("dbg_code_outcome")
        if read is None:
            st.error(f"{code_problem} Fix it to rebuild the model.")
            if ran_code:
                st.caption("Your last rebuild, for the last code that could be read:")
                show_code_check(ran_code[1])
        else:
            if st.button("Rebuild it in Keras 3 and run one training step", key="dbg_code_run", type="primary"):
                waiting = st.empty()
                try:
                    with st.spinner("Rebuilding your model layer by layer…"):
                        found = D.check_code(read, cx, cy, on_wait=lambda ahead: waiting.info(f"{ahead} run(s) ahead of you…"))
                    st.session_state["dbg_code_outcome"] = ran_code = ((code_text, cx, cy), found)
                except InputError as error:
                    st.error(str(error))
                waiting.empty()
            if ran_code and ran_code[0] == (code_text, cx, cy):
                show_code_check(ran_code[1])
            else:
                show_notes(read.notes)

with describe:
    if how == FORM:
        left, right = st.columns(2)
        x_text = left.text_input("X.shape", key="dbg_x", bind="query-params")
        y_text = right.text_input("y.shape", key="dbg_y", bind="query-params")
        first = left.selectbox("First layer", D.FIRST_LAYERS, key="dbg_first", bind="query-params")
        input_text = right.text_input("keras.Input(shape=...) — one sample, no samples axis", key="dbg_input",
                                      bind="query-params")
        last = left.selectbox("Last layer", D.LAST_LAYERS, key="dbg_last", bind="query-params")
        units = right.number_input("Units of the last layer", 1, 100_000, key="dbg_units", bind="query-params")
        most = D.MAX_RECURRENT[first]
        flags: tuple[bool, ...] = ()
        if most:
            count = min(st.number_input("Recurrent layers", 1, 3, key="dbg_layers", bind="query-params"), most)
            boxes = st.columns(count)
            flags = tuple(box.checkbox(f"return_sequences on recurrent layer {i + 1}", key=f"dbg_rs{i}",
                                       bind="query-params")
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

"""The shape debugger in a real browser: one pasted message, one gallery entry."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lessons import debugger as D
from tests.e2e.browser import screenshot, settle


def test_a_pasted_keras3_message_is_explained_with_its_fix(open_page) -> None:
    page = open_page("debugger")
    box = page.get_by_role("textbox", name="Your error message")
    box.fill("ValueError: Input 0 of layer \"lstm\" is incompatible with the layer: expected ndim=3, "
             "found ndim=2. Full shape received: (None, 3)")
    box.press("Control+Enter")
    settle(page)
    expect(page.get_by_text("X has no timesteps axis").first).to_be_visible()
    expect(page.locator(".sl-compare")).to_be_visible()  # the picture: your shape against the expected one
    expect(page.get_by_text("sliding_window_view(X, n_steps, axis=0)").first).to_be_visible()  # windows first
    expect(page.get_by_text("X = X.reshape((X.shape[0], 1, 3))").first).to_be_visible()  # last, with its caveat
    expect(page.get_by_text("the LSTM has no sequence to read").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-paste")


def test_the_learner_answers_which_mistake_is_theirs_and_that_reading_is_reproduced(open_page) -> None:
    message = "Error when checking input: expected lstm_1_input to have 3 dimensions, but got array with shape (128, 252)"
    page = open_page("debugger")
    box = page.get_by_role("textbox", name="Your error message")
    box.fill(message)
    box.press("Control+Enter")
    settle(page)
    question = page.get_by_role("radiogroup", name="What does one row of X hold?")
    expect(question).to_be_visible()
    expect(question.get_by_role("radio")).to_have_count(3)
    expect(page.get_by_text("X has no timesteps axis").first).to_be_visible()
    question.get_by_text("One window of a single series, its values in time order").click()
    settle(page)
    expect(page.get_by_text("X has no features axis").first).to_be_visible()
    expect(page.get_by_text("X has no timesteps axis")).to_have_count(0)
    expect(page.get_by_text("X = X.reshape((128, 252, 1))").first).to_be_visible()
    page.get_by_role("button", name="Reproduce it and run the fix").click()
    settle(page, timeout_ms=180_000)
    expect(page.get_by_text("Runs silently", exact=True).first).to_be_visible()  # Keras 3 adds the axis of 1 itself
    expect(page.get_by_text("The fix runs").first).to_be_visible()
    expect(page.get_by_text("(128, 252, 1)").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-readings")


def test_a_gallery_entry_runs_live_in_one_click(open_page) -> None:
    entry = D.BY_KEY["table_one_sample"]
    page = open_page("debugger")
    page.get_by_role("tab", name="Gallery of classic mistakes").click()
    page.get_by_role("button", name=entry.title).click()
    settle(page)
    expect(page.get_by_text(entry.raises).first).to_be_visible()  # today's message, raised live
    expect(page.get_by_text(entry.old_wording).first).to_be_visible()  # the old wording, labelled
    expect(page.get_by_text("The whole table became one sample").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-gallery")


def test_long_error_and_code_lines_wrap_instead_of_running_off_the_page(open_page) -> None:
    longest = max(D.GALLERY, key=lambda entry: len(entry.old_wording or ""))  # a long line shown as code
    page = open_page("debugger")
    page.set_viewport_size({"width": 1000, "height": 1000})
    page.get_by_role("tab", name="Gallery of classic mistakes").click()
    page.get_by_role("button", name=longest.title).click()
    settle(page)
    expect(page.get_by_text(longest.old_wording).first).to_be_visible()
    overflowing = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMainBlockContainer] pre')]"
        ".filter(pre => pre.scrollWidth > pre.clientWidth + 1).map(pre => pre.innerText.slice(0, 80))"
    )
    assert overflowing == []


TRACEBACK = """Traceback (most recent call last):
  File "/home/learner/train.py", line 21, in <module>
    model.fit(X, y, epochs=200, verbose=0)
  File "/usr/lib/python3/site-packages/keras/src/utils/traceback_utils.py", line 122, in error_handler
    raise e.with_traceback(filtered_tb) from None
  File "/usr/lib/python3/site-packages/keras/src/layers/input_spec.py", line 227, in assert_input_compatibility
    raise ValueError(
ValueError: Input 0 of layer "lstm" is incompatible with the layer: expected shape=(None, 3, 1), found shape=(None, 3, 2)"""


def test_a_pasted_traceback_is_reproduced_and_the_fix_trains(open_page) -> None:
    page = open_page("debugger")
    box = page.get_by_role("textbox", name="Your error message")
    box.fill(TRACEBACK)
    box.press("Control+Enter")
    settle(page)
    expect(page.get_by_text("The number of features differs").first).to_be_visible()
    page.get_by_role("button", name="Reproduce it and run the fix").click()
    settle(page, timeout_ms=180_000)
    expect(page.get_by_text("Reproduced", exact=True).first).to_be_visible()
    real = page.get_by_role("alert").filter(has_text="raised")  # the installed Keras' own message
    expect(real.first).to_contain_text("Keras")
    expect(page.get_by_text("The fix runs").first).to_be_visible()
    expect(page.get_by_text("keras.Input(shape=...): (3, 1) → (3, 2)").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-reproduced")


CODE = """model = Sequential()
model.add(LSTM(50, activation='relu', input_shape=(3, 1)))
model.add(LSTM(50))
model.add(Dense(1))"""


def test_pasted_code_shows_layer_shapes_and_the_fixed_code(open_page) -> None:
    page = open_page("debugger")
    page.get_by_role("tab", name="Describe arrays and model").click()
    settle(page)
    page.get_by_text("Paste your model code").click()
    settle(page)
    code_box = page.get_by_role("textbox", name="Your model code")
    code_box.fill(CODE)
    code_box.press("Control+Enter")
    settle(page)
    page.get_by_role("button", name="Rebuild it in Keras 3 and run one training step").click()
    settle(page, timeout_ms=180_000)
    expect(page.get_by_text("Breaks here").first).to_be_visible()
    yours = page.locator(".sl-shape").filter(has_text=re.compile(r"^output:"))
    expect(yours).to_have_count(2)  # keras.Input and the first LSTM, in the axis colours, then it breaks
    expect(yours.nth(1)).to_contain_text("50")
    expect(page.get_by_text("The fixed model trains").first).to_be_visible()
    expect(page.get_by_text("return_sequences=True").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-code")


def test_a_pasted_minus_one_reshape_is_read_with_its_call_and_reproduced(open_page) -> None:
    page = open_page("debugger")
    box = page.get_by_role("textbox", name="Your error message")
    box.fill('Traceback (most recent call last):\n  File "prepare.py", line 12, in <module>\n'
             "    X = X.reshape((-1, 3, 2))\n"
             "ValueError: cannot reshape array of size 100 into shape (3,2)")  # NumPy prints no -1
    box.press("Control+Enter")
    settle(page)
    expect(page.get_by_text("The rows don't make whole windows").first).to_be_visible()
    expect(page.get_by_text("50 rows of 2 features").first).to_be_visible()
    page.get_by_role("button", name="Reproduce it and run the fix").click()
    settle(page)
    expect(page.get_by_text("Reproduced").first).to_be_visible()
    page.get_by_text("What ran").click()
    expect(page.get_by_text("X = X.reshape((-1, 3, 2))").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-minus-one")


def test_a_scaler_traceback_after_training_is_read_in_the_browser(open_page) -> None:
    import traceback

    import numpy as np
    from sklearn.preprocessing import MinMaxScaler

    scaler = MinMaxScaler().fit(np.random.default_rng(0).uniform(size=(40, 5)))  # fitted on all 5 features
    with pytest.raises(ValueError) as raised:
        scaler.inverse_transform(np.zeros((12, 1)))  # the predictions: the target column only
    pasted = "".join(traceback.format_exception(raised.value))  # the real traceback, as a learner copies it
    page = open_page("debugger")
    box = page.get_by_role("textbox", name="Your error message")
    box.fill(pasted)
    box.press("Control+Enter")
    settle(page)
    expect(page.get_by_text("The scaler was fitted on other columns").first).to_be_visible()
    expect(page.get_by_text("target_scaler = MinMaxScaler().fit(train[:, [target_column]])").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-scaler")


def test_keras_3_messages_of_a_python_list_and_of_channels_first_data_are_read(open_page) -> None:
    window = [[round(0.1 * (2 * i + j), 1) for j in range(2)] for i in range(8)]  # the last window, as a list
    page = open_page("debugger")
    box = page.get_by_role("textbox", name="Your error message")
    box.fill(f"ValueError: Unrecognized data type: x={window} (of type <class 'list'>)")
    box.press("Control+Enter")
    settle(page)
    expect(page.get_by_text("X is a Python list, not an array: one window without its samples axis").first).to_be_visible()
    expect(page.get_by_text('X = np.asarray(X, dtype="float32")[np.newaxis]').first).to_be_visible()
    box.fill("ValueError: Input 0 with name 'None' of layer 'conv1d' is incompatible with the layer: expected axis -1 "
             "of input shape to have value 3, but received input with shape (32, 3, 128)")
    box.press("Control+Enter")
    settle(page)
    question = page.get_by_role("radiogroup", name="How is X laid out?")
    expect(question).to_be_visible()
    expect(page.get_by_text("The axes are swapped").first).to_be_visible()  # time is the longer axis: asked first
    expect(page.get_by_text("X = np.transpose(X, (0, 2, 1))").first).to_be_visible()
    screenshot(page, "debugger-channels-first")
    question.get_by_text("(samples, timesteps, features): 128 features at each step").click()
    settle(page)
    expect(page.get_by_text("The number of features differs").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_a_value_per_timestep_the_loss_saw_squeezed_is_one_answer_and_is_reproduced(open_page) -> None:
    page = open_page("debugger")
    box = page.get_by_role("textbox", name="Your error message")
    box.fill("ValueError: in user code:\n    File \".../keras/engine/training.py\", line 1051, in train_function  *\n"
             "        return step_function(self, iterator)\n"
             "ValueError: Dimensions must be equal, but are 2 and 3 for '{{node binary_crossentropy/mul}} = "
             "Mul[T=DT_FLOAT](binary_crossentropy/Cast, binary_crossentropy/Log)' with input shapes: [1,2], [1,3].")
    box.press("Control+Enter")
    settle(page)
    question = page.get_by_role("radiogroup", name="What does the model end with?")
    expect(page.get_by_text("The last Dense layer has the wrong number of units").first).to_be_visible()
    question.get_by_text("Dense(1), after an LSTM with return_sequences=True").click()
    settle(page)
    expect(page.get_by_text("One value per input timestep, where y has one row per sample").first).to_be_visible()
    expect(page.get_by_text("layers.Dense(2),").first).to_be_visible()
    page.get_by_role("button", name="Reproduce it and run the fix").click()
    settle(page, timeout_ms=180_000)
    expect(page.get_by_text("Reproduced", exact=True).first).to_be_visible()
    expect(page.get_by_text("The fix runs").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-value-per-timestep")

"""The input-shape lessons in a real browser: every page loads, edits change shapes, bad input is explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from lessons.input_shape import checklist
from lessons.catalog import PAGES
from lessons.input_shape import LSTM_UNITS
from tests.e2e.browser import screenshot, settle

ROOT = Path(__file__).resolve().parents[2]


def _shape_text(page: Page, label: str) -> str:
    """The text of the shape badge that follows `label`, e.g. '(1,10,1)' without spaces."""
    badge = page.locator(".sl-shape", has_text=label).first
    return "".join(badge.inner_text().split()).replace("samples", "").replace("timesteps", "").replace("features", "")


BADGE_SHOWS = """([label, shape]) => {
  const badge = [...document.querySelectorAll('.sl-shape')].find(b => b.innerText.includes(label));
  const text = badge ? badge.innerText.replace(/\\s+/g, '').replace(/samples|timesteps|features/g, '') : '';
  return text.includes(shape);
}"""


def expect_shape(page: Page, label: str, shape: str, timeout_s: float = 30) -> None:
    """Wait until the badge after `label` shows `shape` (e.g. "(1,6,1)"): a rerun may still be on its way."""
    try:
        page.wait_for_function(BADGE_SHOWS, arg=[label, shape], timeout=timeout_s * 1000)
    except PlaywrightError:
        raise AssertionError(f"{label} shows {_shape_text(page, label)}, expected {shape}") from None


def _type_sequence(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Your sequence")
    box.fill(text)
    box.press("Control+Enter")
    settle(page)


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path)
def test_every_page_loads_without_an_exception(open_page, entry) -> None:
    if not (ROOT / entry.file).exists():
        pytest.fail(f"{entry.file} is in the lesson map but does not exist")
    page = open_page("" if entry.url_path == "home" else entry.url_path)
    expect(page.get_by_role("heading", name=entry.title if entry.url_path != "home" else "Shape Lab for LSTMs").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, f"page-{entry.url_path}")


def test_editing_the_sequence_changes_every_shape(open_page) -> None:
    page = open_page("one_series")
    expect_shape(page, "X.shape =", "(1,10,1)")
    _type_sequence(page, "5 6 7 8 9 10")
    expect_shape(page, "X.shape =", "(1,6,1)")
    expect(page.get_by_text("keras.Input(shape=(6, 1))")).to_be_visible()
    assert "seq=" in page.url  # the link now carries the sequence
    screenshot(page, "one-series-edited")


@pytest.mark.parametrize(
    "text, message",
    [
        ("1, 2, x", "is not a number"),
        ("", "empty"),
        ("7", "at least 2 values"),
        ("1, nan, 3", "NaN or infinity"),
        ("1, inf", "NaN or infinity"),
        ("1, 1e400", "too large"),
    ],
)
def test_bad_sequences_get_a_message_and_keep_the_last_good_data(open_page, text, message) -> None:
    page = open_page("one_series")
    _type_sequence(page, "1 2 3 4")
    _type_sequence(page, text)
    expect(page.get_by_text(message).first).to_be_visible()
    expect(page.get_by_text("last good sequence (4 values)").first).to_be_visible()
    expect_shape(page, "X.shape =", "(1,4,1)")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_a_hundred_thousand_values_are_drawn_as_a_slice(open_page) -> None:
    page = open_page("one_series")
    _type_sequence(page, ",".join(str(i % 97) for i in range(100_000)))
    expect_shape(page, "X.shape =", "(1,100,000,1)")
    expect(page.get_by_text("more timesteps").first).to_be_visible()  # "… and 99,988 more timesteps"
    expect(page.get_by_text("of 100,000 values are drawn").first).to_be_visible()
    _type_sequence(page, ",".join("1" for _ in range(100_001)))
    expect(page.get_by_text("at most 100,000").first).to_be_visible()


def test_a_wrong_target_shape_shows_numpys_error_and_the_shapes_that_fit(open_page) -> None:
    page = open_page("one_series")
    box = page.get_by_role("textbox", name="Target shape")
    box.fill("(1, 10, 2)")
    box.press("Enter")
    settle(page)
    expect(page.get_by_text("cannot reshape array of size 10 into shape (1,10,2)")).to_be_visible()
    expect(page.get_by_text("Trap:").first).to_be_visible()  # the trap said in words
    expect(page.get_by_text("the whole series, read in order").first).to_be_visible()
    page.get_by_role("button", name="(2, 5, 1)").click()
    settle(page)
    expect_shape(page, "X.shape =", "(2,5,1)")
    for bad, message in [("(0, 10, 1)", "a count, 1 or more"), ("(-2, 5, 1)", "a count, 1 or more"),
                         ("(1, x, 1)", "not a whole number")]:
        box.fill(bad)
        box.press("Enter")
        settle(page)
        expect(page.get_by_text(message).first).to_be_visible()
    screenshot(page, "one-series-bad-shape")


def test_a_malformed_link_opens_the_defaults_with_a_note(open_page) -> None:
    page = open_page("one_series?seq=1,2,banana&shape=(1,4,1)")
    expect(page.get_by_text("could not be used").first).to_be_visible()
    expect_shape(page, "X.shape =", "(1,10,1)")


def test_a_shared_link_opens_the_same_sequence_and_shape(open_page) -> None:
    page = open_page("one_series?seq=1,2,3,4,5,6&shape=(2,3,1)")
    expect_shape(page, "X.shape =", "(2,3,1)")


def test_parallel_series_add_a_series_and_compare_the_wrong_turn(open_page) -> None:
    page = open_page("parallel_series")
    expect_shape(page, "X.shape =", "(1,10,2)")
    expect(page.get_by_text("Wrong turn")).to_be_visible()
    page.get_by_role("button", name="Add a series").click()
    settle(page)
    expect_shape(page, "X.shape =", "(1,10,3)")
    screenshot(page, "parallel-series-three")


def test_checklist_answers_from_the_rule(open_page) -> None:
    page = open_page("checklist")
    page.get_by_role("radio", name="no").first.click()  # (10,) — not accepted
    settle(page)
    expect(page.get_by_text("an LSTM reads exactly 3").first).to_be_visible()


def test_checklist_trap_answer_and_a_verdict_that_stays(open_page) -> None:
    page = open_page("checklist")
    trap_row = next(i for i, (s, _) in enumerate(checklist.QUIZ_SHAPES) if len(s) == 3 and s[1] == 1 and s[2] > 1)
    page.get_by_role("radio", name="no").nth(trap_row).click()
    settle(page)
    expect(page.get_by_text("Good instinct, but Keras does take it.")).to_be_visible()
    expect(page.get_by_text("no time axis").first).to_be_visible()
    story = checklist.STORIES[0]
    for name, value in zip(("samples", "timesteps", "features"), story.answer):
        box = page.get_by_role("spinbutton", name=name, exact=True).first
        box.fill(str(value))
        box.press("Enter")
        settle(page)
    page.get_by_role("button", name="Check").first.click()
    settle(page)
    expect(page.get_by_text(story.why)).to_be_visible()
    page.get_by_role("button", name="Check").nth(1).click()  # another story's check: a rerun
    settle(page)
    expect(page.get_by_text("Not yet").first).to_be_visible()
    expect(page.get_by_text(story.why)).to_be_visible()  # the first verdict is still there
    screenshot(page, "checklist-verdicts")


def test_input_layer_explains_none_and_shows_the_units(open_page) -> None:
    page = open_page("input_layer")
    box = page.get_by_role("textbox", name="keras.Input(shape=…)")
    box.fill("(None, 8, 2)")
    box.press("Enter")
    settle(page)
    expect(page.get_by_text("Type (8, 2)")).to_be_visible()
    box.fill("(8, 2)")
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name="Build the model in Keras").click()
    settle(page)
    expect(page.get_by_text(f"the LSTM outputs (None, {LSTM_UNITS})")).to_be_visible()
    screenshot(page, "input-layer-units")


def test_cells_can_be_edited_one_by_one(open_page) -> None:
    page = open_page("one_series")
    page.get_by_role("radio", name="Cells").click()
    settle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    page.mouse.dblclick(grid["x"] + grid["width"] * 0.7, grid["y"] + 45)  # row 0, the value column
    editor = page.locator("#portal textarea, #portal input, .gdg-input").first
    editor.fill("7")
    editor.press("Enter")
    settle(page)
    expect(page.get_by_text("data = np.array([7, 0.2, 0.3")).to_be_visible()
    page.get_by_role("radio", name="Text").click()
    settle(page)
    expect(page.get_by_role("textbox", name="Your sequence")).to_have_value("7, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1")

"""In Chromium: one guess wrong and one right with the tally counting them; the padding page's hatched cells."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lessons.padding import DEFAULT_TEXT, parse_sequences
from tests.e2e.browser import screenshot, settle


def _guess(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Your guess, e.g. (a, b, c)")
    box.fill(text)
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name="Check my guess").click()
    settle(page)


def _shown_once(page: Page, text: str | re.Pattern) -> None:
    """`text` on the page exactly once. A checked guess reruns the script twice (st.rerun puts the
    verdict above the next question), and the first run's elements stay until the second replaces
    them: waiting for one copy waits for that."""
    found = page.get_by_text(text, exact=False) if isinstance(text, str) else page.get_by_text(text)
    expect(found).to_have_count(1)
    expect(found).to_be_visible()


def test_one_guess_wrong_one_right_and_the_tally(open_page) -> None:
    page = open_page("one_series")
    page.get_by_text("Guess before you see").click()
    settle(page)
    expect(page.get_by_text("No guesses yet this session.")).to_be_visible()
    expect(page.locator(".sl-shape", has_text="X.shape =")).to_have_count(0)

    _guess(page, "(1, 10)")  # data.shape is (10,)
    _shown_once(page, re.compile(r"\(1, 10\) is 2D; a plain list of numbers becomes a 1D array"))
    _guess(page, "(1, 10, 1)")
    _shown_once(page, "Right: X is (1, 10, 1).")
    _shown_once(page, re.compile(r"Your guesses this session: 1 right of 2"))
    expect(page.locator(".sl-shape", has_text="X.shape =").first).to_be_visible()
    screenshot(page, "exercise-one-series")


def test_padding_page_marks_the_padded_cells(open_page) -> None:
    page = open_page("padding")
    lengths = [len(s) for s in parse_sequences(DEFAULT_TEXT)]
    padded = sum(max(lengths) - n for n in lengths)
    picture = page.locator(".st-key-padding_view")
    expect(picture.locator("td.sl-masked")).to_have_count(padded)
    expect(picture.get_by_text(f"hatched: {padded} padded cells", exact=False)).to_be_visible()
    # The hatching is really drawn: a masked cell's background is the stripes, not a plain colour.
    background = picture.locator("td.sl-masked").first.evaluate("td => getComputedStyle(td).backgroundImage")
    assert "repeating-linear-gradient" in background
    screenshot(page, "padding-page")

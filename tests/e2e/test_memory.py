"""The memory lesson in a real browser: a bad sequence is explained, training fills the step tables."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import screenshot, settle


def test_a_bad_sequence_then_training_the_three_models(open_page) -> None:
    page = open_page("memory")
    expect(page.get_by_text("2 → 3 and 2 → 4").first).to_be_visible()

    box = page.get_by_role("textbox", name="Sequence 2")
    box.fill("4 0 1 7 4")
    box.press("Enter")
    settle(page)
    expect(page.get_by_text("outside the alphabet 0 to 4").first).to_be_visible()
    box.fill("4 0 1 2 4")
    box.press("Enter")
    settle(page)

    page.get_by_role("button", name="Train all three").click()
    settle(page, timeout_ms=300_000)  # three real trainings on a shared CPU
    expect(page.get_by_role("tab", name="Stateful LSTM, one step at a time: 100%")).to_be_visible()
    expect(page.get_by_text("8 of 8 steps right").first).to_be_visible()
    expect(page.locator('[class*="st-key-memory_progress_box"]')).to_have_count(0)  # the bars made way for results
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "memory-trained")

"""Inside the LSTM in a real browser: train a lesson briefly, then step through its cell."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import SCREENSHOTS, screenshot, settle

EPOCHS = 5  # the weights only need to exist; the picture is the same whatever they learned


def test_train_then_step_through_the_cell(open_page) -> None:
    page = open_page("univariate")
    page.get_by_role("tab", name="Vanilla LSTM").click()
    settle(page)
    epochs = page.get_by_label("Epochs")
    epochs.fill(str(EPOCHS))
    epochs.press("Enter")
    settle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    expect(page.get_by_role("heading", name="5. Predictions against expected values")).to_be_visible(timeout=300_000)
    settle(page)

    page.get_by_text("Step through the trained cell").click()
    settle(page)
    expect(page.get_by_text("the same, to float32 rounding")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("step 1 of 3: timestep 1", exact=False)).to_be_visible()
    cell = page.locator(".st-key-fc_vanilla_inside_0_figure_forward")
    expect(cell.locator(".main-svg").first).to_be_visible()
    screenshot(page, "inside-step-1")

    page.get_by_role("slider", name="Step").focus()
    page.keyboard.press("ArrowRight")
    settle(page)
    expect(page.get_by_text("step 2 of 3: timestep 2", exact=False)).to_be_visible()
    page.keyboard.press("ArrowRight")
    settle(page)
    expect(page.get_by_text("step 3 of 3: timestep 3", exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "inside-step-3")
    expander = page.locator('[data-testid="stExpander"]', has_text="Step through the trained cell")
    expander.screenshot(path=str(SCREENSHOTS / "inside-cell.png"))

"""A forecasting lesson in a real browser: train a model, watch the progress bar, see the plot."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import progress_seen, screenshot, settle, watch_progress

# A training a learner waits for. A warm worker runs the tutorial's 50-unit model for 2,000 epochs in
# under a second, sometimes before the browser draws a frame, and then there is no bar to see; a stacked
# model of 150 units takes seconds. The bar's texts are recorded as drawn, not polled.
EPOCHS = 2_000
UNITS = 150


def test_training_shows_progress_then_the_prediction_plot(open_page) -> None:
    page = open_page("univariate")
    page.get_by_role("tab", name="Stacked LSTM").click()
    settle(page)
    expect(page.get_by_role("heading", name="4. Train it")).to_be_visible()

    for label, value in (("Units in each LSTM layer", UNITS), ("Epochs", EPOCHS)):
        field = page.get_by_role("spinbutton", name=label)
        field.fill(str(value))
        field.press("Enter")
        settle(page)

    watch_progress(page)
    page.get_by_role("button", name="Train", exact=True).click()
    expect(page.get_by_role("heading", name="5. Predictions against expected values")).to_be_visible(timeout=300_000)
    seen = progress_seen(page)
    assert any(f"of {EPOCHS:,}" in text for text in seen), seen  # "Epoch N of 2,000" was drawn on the way
    settle(page)
    results = page.locator('[data-testid="stVerticalBlock"]', has=page.get_by_role(
        "heading", name="5. Predictions against expected values"))
    expect(results.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.get_by_text("Largest miss")).to_be_visible()
    table = results.locator('[data-testid="stMarkdown"] table', has_text="predicted")  # static HTML, not a grid
    expect(table.locator("th")).to_have_text(["output", "expected", "predicted", "error", "error %"])
    expect(table.locator("td").nth(1)).to_have_text("100.00")  # the tutorial's expected value
    expect(page.locator('[data-testid="stProgress"]')).to_have_count(0)  # the bar made way for the result
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "forecast-trained")

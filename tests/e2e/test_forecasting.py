"""A forecasting lesson in a real browser: train a model, watch the progress bar, see the plot."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import progress_seen, screenshot, settle, watch_progress

# The most the engine allows: still under a second on a warm worker, so the progress is recorded, not polled.
EPOCHS = 2_000  # the most the engine allows


def test_training_shows_progress_then_the_prediction_plot(open_page) -> None:
    page = open_page("univariate")
    page.get_by_role("tab", name="Vanilla LSTM").click()
    settle(page)
    expect(page.get_by_role("heading", name="4. Train it")).to_be_visible()

    epochs = page.get_by_label("Epochs")
    epochs.fill(str(EPOCHS))
    epochs.press("Enter")
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
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "forecast-trained")

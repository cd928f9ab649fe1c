"""A forecasting lesson in a real browser: train a model, watch the progress bar, see the plot."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import screenshot, settle

# Long enough that the progress bar is on screen for a while, short enough for CI.
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

    page.get_by_role("button", name="Train", exact=True).click()
    progress = page.locator('[data-testid="stProgress"]')
    expect(progress).to_be_visible(timeout=120_000)
    expect(page.get_by_text(f"of {EPOCHS:,}")).to_be_visible(timeout=120_000)  # "Epoch N of 2,000"
    screenshot(page, "forecast-training")

    expect(page.get_by_role("heading", name="5. Predictions against expected values")).to_be_visible(timeout=300_000)
    settle(page)
    results = page.locator('[data-testid="stVerticalBlock"]', has=page.get_by_role(
        "heading", name="5. Predictions against expected values"))
    expect(results.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.get_by_text("Largest miss")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "forecast-trained")

"""Your own series in a real browser: upload a monthly CSV on a forecasting page, train both models,
see the test scores next to the baselines and a forecast past the end of the data."""

from __future__ import annotations

from playwright.sync_api import expect

from lessons import own_series as own
from tests.e2e.browser import screenshot, settle

TRAINING_MS = 300_000  # a shared 2-core machine may queue the training behind others
EPOCHS = 20
PAGE_MS = 60_000  # reading the file and drawing the split on a loaded 2-core machine


def test_upload_train_score_against_baselines_and_forecast_past_the_end(open_page, tmp_path) -> None:
    page = open_page("univariate")
    page.get_by_role("tab", name="Your data").click()
    settle(page)
    expect(page.get_by_text(f"Up to {own.MAX_ROWS:,} rows")).to_be_visible()
    dropzone = page.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]')
    expect(dropzone).to_have_count(1)

    bad = tmp_path / "bad.csv"
    bad.write_text("month,sales\n2020-01,1\n2020-03,2\n2020-02,3\n")
    dropzone.set_input_files(str(bad))
    expect(page.get_by_text("Sort the table by time").first).to_be_visible()
    settle(page)  # so that the next settle waits for the good file's run, not this one

    good = tmp_path / "monthly_sales.csv"
    good.write_text(own.monthly_csv(months=144, extra=False))
    dropzone.set_input_files(str(good))
    settle(page)
    metrics = page.locator('[data-testid="stTable"]')
    expect(metrics).to_contain_text("baseline: persistence", timeout=PAGE_MS)
    expect(metrics).to_contain_text("baseline: seasonal-naive")
    expect(page.get_by_text("The validation part")).to_have_count(0)
    screenshot(page, "own-series-split")

    epochs = page.get_by_label("Epochs").first
    epochs.fill(str(EPOCHS))
    epochs.press("Enter")
    settle(page)
    page.get_by_role("button", name="Train both models").click()
    expect(metrics).to_contain_text("LSTM, direct (vector output)", timeout=TRAINING_MS)
    expect(metrics).to_contain_text("LSTM, recursive (one-step model)")
    settle(page)
    expect(page.get_by_text("the recursive forecast ends")).to_be_visible()
    future = page.locator('[data-testid="stVerticalBlock"]', has=page.get_by_role(
        "heading", name="3. Past the end of the data"))
    expect(future.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "own-series-trained")

"""From a real table to 3D in a real browser: the framings, one budget and a training, then a CSV
upload bad and good. Every wait is a Playwright `expect` on what the page shows."""

from __future__ import annotations

from playwright.sync_api import expect

from lessons import real_data as rd
from tests.e2e.browser import screenshot

TRAINING_MS = 180_000  # a shared 2-core machine may queue the training behind others


def test_framings_budget_training_then_a_bad_and_a_good_upload(open_page, tmp_path) -> None:
    page = open_page("real_data")
    expect(page.locator('[data-testid="stAlert"]', has_text="raised").first).to_contain_text(
        "cannot reshape array of size 3125 into shape (3026,100,1)"
    )
    expect(page.get_by_text("Rolling windows of 100").first).to_be_visible()
    expect(page.get_by_text(f"Every framing trains exactly {rd.DEFAULT_UPDATES:,} updates")).to_be_visible()
    screenshot(page, "real-data-framings")

    budget = page.get_by_role("spinbutton", name="Updates for every framing (mini-batch steps)")
    budget.fill(str(rd.MIN_UPDATES))
    budget.press("Enter")
    expect(page.get_by_text(f"Every framing trains exactly {rd.MIN_UPDATES:,} updates")).to_be_visible()
    page.get_by_role("button", name="Train", exact=True).click()
    seen = rd.MIN_UPDATES * rd.BATCH_SIZE
    expect(page.get_by_text(f"1 of {len(rd.FRAMING_KEYS)} framings trained, each exactly {rd.MIN_UPDATES} "
                            f"updates, {seen:,} samples seen")).to_be_visible(timeout=TRAINING_MS)
    baseline = rd.majority_baseline(rd.generate_series()[1])
    expect(page.get_by_text(f"Baseline: always '{baseline.name}'")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "real-data-trained")

    page.get_by_text("Your own CSV").click()
    dropzone = page.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]')
    expect(dropzone).to_have_count(1)
    bad = tmp_path / "bad.csv"
    bad.write_text("day,value\nmonday,1\ntuesday,2\n")
    dropzone.set_input_files(str(bad))
    expect(page.get_by_text("Column 'day' holds text").first).to_be_visible()

    good = tmp_path / "good.csv"
    good.write_text("a,b\n" + "".join(f"{i},{i * 2}\n" for i in range(50)))
    dropzone.set_input_files(str(good))
    expect(page.get_by_text("2 series of 50 steps").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "real-data-upload")

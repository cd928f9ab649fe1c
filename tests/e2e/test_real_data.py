"""From a real table to 3D in a real browser: the framings, one budget and a training, then a CSV
upload bad and good; then a learner's own long-format CSV and labels file, trained and judged.
Every wait is a Playwright `expect` on what the page shows."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from lessons import real_data as rd
from tests.e2e.browser import screenshot, settle
from tests.unit.real_data.labelled_series import labelled_series, labels_csv, long_csv

TRAINING_MS = 180_000  # a shared 2-core machine may queue the training behind others
RERUN_MS = 60_000  # a rerun after an upload, on a shared machine


def test_framings_budget_training_then_a_bad_and_a_good_upload(open_page, tmp_path) -> None:
    page = open_page("real_data")
    expect(page.locator('[data-testid="stAlert"]', has_text="raised").first).to_contain_text(
        "cannot reshape array of size 3125 into shape (3026,100,1)", timeout=RERUN_MS  # its code block draws late
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


def test_own_long_csv_and_labels_file_train_against_the_baseline(open_page, tmp_path) -> None:
    """A learner's own series: a long-format CSV (rows shuffled, two channels) and a labels file
    matched by id; the pivot, the classes, a training, held-out accuracy, the confusion matrix with
    the learner's class names and the majority baseline beside it."""
    values, names, ids = labelled_series(per_class=6, steps=30, channels=2, seed=11)
    series_file, labels_file = tmp_path / "sensors.csv", tmp_path / "classes.csv"
    series_file.write_bytes(long_csv(values, ids))
    labels_file.write_bytes(labels_csv(ids, names))
    pivot = rd.pivot_long(rd.read_table(series_file.read_bytes()), "id", "step", ["ch1", "ch2"])
    labels = rd.labels_from_file(rd.read_table(labels_file.read_bytes()), "label", pivot.ids, "classes.csv", "id")
    _, test_rows = rd.stratified_split(labels.codes, seed=rd.DEFAULT_SEED)
    baseline = rd.majority_baseline(labels.codes, test_rows=test_rows, class_names=labels.names)

    page = open_page("real_data")
    for choice in ("Your own CSV", "one row per (series, step): long format", "a second file"):
        page.get_by_text(choice).click()
        settle(page)  # each choice's rerun done before the next click
        expect(page.get_by_role("radio", name=choice)).to_be_checked()
    uploader = page.locator('[data-testid="stFileUploader"]')
    expect(uploader).to_have_count(1, timeout=RERUN_MS)
    uploader.locator('input[type="file"]').set_input_files(str(series_file))
    expect(page.get_by_text("The pivot").first).to_be_visible(timeout=RERUN_MS)
    expect(page.locator(".st-key-real_data_pivot_picture .sl-array")).to_have_count(1, timeout=RERUN_MS)
    labels_uploader = page.locator('[data-testid="stFileUploader"]', has_text="Labels file")
    labels_uploader.locator('input[type="file"]').set_input_files(str(labels_file))
    expect(page.get_by_text("3 classes: noise (6 series), sine (6 series), square (6 series).")).to_be_visible(
        timeout=RERUN_MS)
    expect(page.get_by_text("held out stratified").first).to_be_visible(timeout=RERUN_MS)
    page.locator(".st-key-real_data_pivot_picture").scroll_into_view_if_needed()
    screenshot(page, "real-data-own-series-pivot")

    budget = page.get_by_role("spinbutton", name="Updates for every framing (mini-batch steps)")
    budget.fill(str(rd.MIN_UPDATES))
    budget.press("Enter")
    expect(page.get_by_text(f"Every framing trains exactly {rd.MIN_UPDATES:,} updates")).to_be_visible(timeout=RERUN_MS)
    page.get_by_role("button", name="Train", exact=True).click()
    accuracy = page.locator('[data-testid="stMetric"]', has_text="Held-out series right")
    expect(accuracy.locator('[data-testid="stMetricValue"]')).to_have_text(re.compile(r"\d+\.\d%"),
                                                                        timeout=TRAINING_MS)
    beside = page.locator('[data-testid="stMetric"]', has_text=f"Baseline: always '{baseline.name}'")
    expect(beside.locator('[data-testid="stMetricValue"]')).to_have_text(f"{baseline.share:.1%}")
    confusion = page.locator('[data-testid="stPlotlyChart"]', has_text="Held-out series:")
    for name in labels.names:
        expect(confusion.locator(".xtick text", has_text=name)).to_have_count(1)
        expect(confusion.locator(".ytick text", has_text=name)).to_have_count(1)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "real-data-own-series-trained")

"""The server's training processes in a real browser: a worker killed mid-training gives its learner
a clear message (no traceback), and pressing Train again trains on a new worker."""

from __future__ import annotations

import os
import signal

from playwright.sync_api import expect

from lessons.engine import worker_pids_of
from tests.e2e.browser import screenshot, settle

LONG_EPOCHS, LONG_UNITS = 2_000, 512  # seconds of training: long enough to be killed in the middle
SHORT_EPOCHS = 20


def _set(page, label: str, value: int) -> None:
    box = page.get_by_role("spinbutton", name=label)
    box.fill(str(value))
    box.press("Enter")
    settle(page)


def test_a_killed_training_process_shows_a_clear_message_then_trains_again(open_page, app_server) -> None:
    page = open_page("univariate")
    page.get_by_role("tab", name="Vanilla LSTM").click()
    settle(page)
    _set(page, "Units in each LSTM layer", LONG_UNITS)
    _set(page, "Epochs", LONG_EPOCHS)

    page.get_by_role("button", name="Train", exact=True).click()
    expect(page.get_by_text(f"of {LONG_EPOCHS:,}")).to_be_visible(timeout=300_000)  # "Epoch N of 2,000": running
    workers = worker_pids_of(app_server.process.pid)
    assert workers, "the server runs no worker processes"
    for pid in workers:  # the one training this learner's model among them
        os.kill(pid, signal.SIGKILL)

    expect(page.get_by_text("The training process stopped unexpectedly; press Train again.")).to_be_visible(
        timeout=120_000)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "pool-worker-lost")

    _set(page, "Epochs", SHORT_EPOCHS)
    page.get_by_role("button", name="Train", exact=True).click()
    expect(page.get_by_role("heading", name="5. Predictions against expected values")).to_be_visible(timeout=300_000)
    expect(page.get_by_text("stopped unexpectedly")).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    new_workers = worker_pids_of(app_server.process.pid)
    assert new_workers and not set(new_workers) & set(workers)

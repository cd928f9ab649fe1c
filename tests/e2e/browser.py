"""Helpers for driving the running app in Chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"  # Debian's: pip's Playwright cannot download its own browsers here
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Counts the script runs Streamlit finishes in this page: each time the app's
# `data-test-script-state` leaves "running". Installed before any page script runs.
COUNT_RUNS = """
window.__slRunsDone = 0;
new MutationObserver(records => {
  for (const record of records) {
    if (record.oldValue === 'running') window.__slRunsDone += 1;
  }
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""
RUN_START_MS = 3_000  # how long an action may take to start its rerun before we take it that it asked for none


def track_runs(page: Page) -> None:
    """Let `settle` see every script run of this page (call before the first `goto`)."""
    page.add_init_script(COUNT_RUNS)


def settle(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until the rerun the last action asked for has finished and Streamlit has drawn the page.

    A rerun is a condition, not a delay: wait until a script run has finished since the last
    settle (or, for an action that asked for no rerun, until RUN_START_MS passes without one).
    """
    settled = page.evaluate("window.__slSettledAt || 0")
    try:
        page.wait_for_function("n => window.__slRunsDone > n", arg=settled, timeout=RUN_START_MS)
    except PlaywrightError:
        pass  # no rerun started: the action changed nothing the script reads
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.evaluate("window.__slSettledAt = window.__slRunsDone")
    page.wait_for_selector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]',
                           timeout=timeout_ms)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout_ms)
    page.wait_for_function(  # Plotly draws after the script ends; wait for every chart
        "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
        ".every(chart => chart.querySelector('.main-svg'))",
        timeout=timeout_ms,
    )


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Records every progress text a training draws, however briefly: a warm worker can run 2,000 epochs
# in under a second, quicker than a polling `expect` would ever see the bar.
WATCH_PROGRESS = """() => {
  window.__slProgress = [];
  new MutationObserver(() => {
    for (const bar of document.querySelectorAll('[data-testid="stProgress"]')) {
      const text = bar.innerText.trim();
      if (text && window.__slProgress[window.__slProgress.length - 1] !== text) window.__slProgress.push(text);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def watch_progress(page: Page) -> None:
    """Start recording the progress bars' texts (call before pressing Train)."""
    page.evaluate(WATCH_PROGRESS)


def progress_seen(page: Page) -> list[str]:
    """Every progress text drawn since `watch_progress`, in order."""
    return page.evaluate("() => window.__slProgress")

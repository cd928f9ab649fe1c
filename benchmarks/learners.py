"""A learner in a real browser against a running app server, for the benchmarks that time what a
learner waits for (bench_click.py, bench_servers.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from lessons.engine import worker_pids_of
from tests.e2e.browser import settle, track_runs
from tests.e2e.server import Server

RESULT_MS = 300_000  # the longest a result may take to appear on a busy machine
QUIET_SECONDS = 2.0  # every worker this long without CPU: the pool's warm-up is done
RESULT_COLUMNS = '[data-testid="stHorizontalBlock"]:has([data-testid="stColumn"]:has-text("Largest miss"))'
PREDICTION_TABLE = f'{RESULT_COLUMNS} [data-testid="stColumn"]:has-text("Largest miss") table'
FORECAST_FIGURE = f'{RESULT_COLUMNS} [data-testid="stPlotlyChart"] .main-svg'  # drawn by Plotly, not just placed


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_until_warm(server: Server, timeout: float = 600) -> float:
    """Wait until the server runs all its workers and none has used CPU for QUIET_SECONDS (their
    warm-up jobs run back to back, so a pause in all of them means the warm-up is over); the seconds waited."""
    started = time.monotonic()
    last: dict[int, int | None] = {}
    quiet_since = None
    while time.monotonic() - started < timeout:
        pids = worker_pids_of(server.process.pid)
        ticks = {pid: _cpu_ticks(pid) for pid in pids}
        if len(pids) == server.workers and ticks == last and all(t for t in ticks.values()):
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= QUIET_SECONDS:
                return time.monotonic() - started
        else:
            quiet_since = None
        last = ticks
        time.sleep(0.1)
    raise RuntimeError("the workers did not finish their warm-up")


@contextmanager
def session(browser: Browser, url: str) -> Iterator[Page]:
    """A learner's fresh browser session (its own cookies) on the page at `url`, drawn and idle."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(RESULT_MS)
    try:
        page = context.new_page()
        track_runs(page)
        page.goto(url)
        settle(page, timeout_ms=RESULT_MS)
        yield page
    finally:
        context.close()


# The page's own clock times a click: a listener notes when the click reaches the page, and a
# MutationObserver the first change after which `shown()` (a JavaScript condition) holds; two
# animation frames later the result has been painted. The benchmark meanwhile reads one variable
# every POLL_MS. Waiting with Playwright's locators instead re-runs their selectors (text, roles,
# visibility) over the whole page every animation frame: on this 2-core machine that used about a
# core while the app's worker trained, and added its own delay to the figure.
_WATCH = """(shown) => {
  const page = window;
  page.__clickAt = null; page.__shownAt = null;
  const ready = new Function("return (" + shown + ")()");
  if (ready()) throw new Error("the result is on the page before the click");
  document.addEventListener("click", () => { page.__clickAt ??= performance.now(); }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (page.__clickAt === null || !ready()) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { page.__shownAt = performance.now(); }));
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""
POLL_MS = 50

# JavaScript conditions for `click_until`: a forecasting tab's result is drawn when the column that
# says "Largest miss" holds the prediction table and the forecast figure beside it has been drawn by
# Plotly (its SVG), both visible.
PREDICTION_SHOWN = """() => {
  const column = [...document.querySelectorAll('[data-testid="stColumn"]')]
    .find(c => c.textContent.includes("Largest miss") && c.querySelector("table"));
  const block = column && column.closest('[data-testid="stHorizontalBlock"]');
  const figure = block && block.querySelector('[data-testid="stPlotlyChart"] .main-svg');
  return Boolean(figure && column.querySelector("table").checkVisibility() && figure.checkVisibility());
}"""


def click_until(page: Page, server: Server, button: str, shown: str) -> float:
    """Seconds, by the page's clock, from the click on `button` until the JavaScript condition `shown`
    holds and the page has painted it."""
    target = page.get_by_role("button", name=button, exact=True)
    expect(target).to_be_enabled()
    page.evaluate(_WATCH, shown)
    server.clicked = time.perf_counter() - server.started
    target.click()
    page.wait_for_function("() => window.__shownAt !== null", polling=POLL_MS, timeout=RESULT_MS)
    return page.evaluate("() => (window.__shownAt - window.__clickAt) / 1000")


def prediction_table(page: Page) -> None:
    """Wait for a forecasting tab's result to be drawn: the prediction table and the forecast figure."""
    expect(page.locator(PREDICTION_TABLE).first).to_be_visible(timeout=RESULT_MS)
    expect(page.locator(FORECAST_FIGURE).first).to_be_visible(timeout=RESULT_MS)

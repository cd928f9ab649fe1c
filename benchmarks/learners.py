"""A learner in a real browser against a running app server, for the benchmarks that time what a
learner waits for (bench_click.py, bench_servers.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
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


def click_until(page: Page, server: Server, button: str, shown: Callable[[Page], None]) -> float:
    """Seconds from the click on `button` until `shown(page)` returns (it waits for the result)."""
    target = page.get_by_role("button", name=button, exact=True)
    expect(target).to_be_enabled()
    started = time.perf_counter()
    server.clicked = started - server.started
    target.click()
    shown(page)
    return time.perf_counter() - started


def prediction_table(page: Page) -> None:
    """Wait for a forecasting tab's result to be drawn: the prediction table and the forecast figure."""
    expect(page.locator(PREDICTION_TABLE).first).to_be_visible(timeout=RESULT_MS)
    expect(page.locator(FORECAST_FIGURE).first).to_be_visible(timeout=RESULT_MS)

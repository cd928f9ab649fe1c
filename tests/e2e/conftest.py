"""One app server (`serve.py`, as README starts it) and one headless Debian Chromium for the whole e2e session."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, settle, track_runs
from tests.e2e.server import ROOT, Server
from tests.e2e.server import app_server as app_server_process

E2E_WORKERS = 2  # worker processes of the e2e server's training pool


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app_server() -> Iterator[Server]:
    """The running app server with the real pool, as a class gets it (`.process.pid` finds
    its worker processes); `.url` is its address."""
    (ROOT / "artifacts").mkdir(exist_ok=True)
    log = ROOT / "artifacts" / "streamlit-e2e.log"
    log.write_text("")
    with app_server_process(E2E_WORKERS, log) as server:
        yield server


@pytest.fixture(scope="session")
def app_url(app_server: Server) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(app_url: str, browser: Browser) -> Iterator[Callable[[str], Page]]:
    """Open `url_path` (e.g. "one_series", or "" for home) in a fresh browser session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)

    def _open(url_path: str = "") -> Page:
        page = context.new_page()
        track_runs(page)
        page.goto(f"{app_url}/{url_path}")
        settle(page)
        return page

    yield _open
    context.close()

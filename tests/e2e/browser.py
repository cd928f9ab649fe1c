"""Helpers for driving the running app in Chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def settle(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has drawn the page and finished running the script."""
    page.wait_for_timeout(300)  # let a rerun triggered by the last action reach the server
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
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

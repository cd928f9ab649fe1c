"""The AppTest fixture every page test uses: the app opened through app.py, then one page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest.helpers import open_tab

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _open(page_file: str, timeout: float = 300, query: dict[str, str] | None = None,
          tab: str | None = None) -> AppTest:
    """The app run once, switched to `page_file`, optionally with a link's query and a lazy tab open."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(page_file).run()
    if tab is not None:
        open_tab(at, page_file, tab)
    assert not at.exception, at.exception
    return at


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """`open_page("pages/univariate.py", tab="Vanilla LSTM")`: a fresh session on that page."""
    return _open

"""Reading what a learner sees out of an AppTest run."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page_file: str, timeout: float = 120, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.switch_page(page_file).run()
    assert not at.exception, at.exception
    return at


def badge_shapes(at: AppTest, label: str) -> list[tuple[int | None, ...]]:
    """Every shape badge drawn after `label` (e.g. "X.shape ="), as tuples."""
    shapes = []
    for element in at.markdown:
        if "sl-shape" in element.value and label in element.value:
            numbers = re.findall(r"<b [^>]*>([^<]+)</b>", element.value)
            shapes.append(tuple(None if n == "None" else int(n.replace(",", "")) for n in numbers))
    return shapes


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)

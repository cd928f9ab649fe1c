"""Reading what a learner sees out of an AppTest run."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest


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


def open_tab(at: AppTest, page_file: str, label: str) -> None:
    """What clicking a forecasting page's tab does: its lazy tabs rerun with the new one open."""
    at.session_state[f"fc_tabs_{Path(page_file).stem}"] = label
    at.run()

"""Reading what a learner sees out of an AppTest run."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
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


class _TableReader(HTMLParser):
    """The cells of every <table> in a piece of HTML, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _number(text: str) -> float | str:
    if text == "—":
        return float("nan")
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def html_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every HTML table drawn with st.markdown, as a frame: its header row as columns, numbers as
    floats ("—", a value with no meaning, as NaN)."""
    frames = []
    for element in at.markdown:
        if "<table" in element.value:
            reader = _TableReader()
            reader.feed(element.value)
            for header, *rows in (t for t in reader.tables if t):
                rows = [row for row in rows if len(row) == len(header)]  # not a footer spanning columns
                frames.append(pd.DataFrame([[_number(c) for c in row] for row in rows], columns=header))
    return frames

"""The confusion map: all 18 confusions of learners.md, each pointing at a page, tab and heading that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessons.catalog import PAGES
from lessons.confusions import CONFUSIONS, OWN_DATA
from lessons.forecasting import lessons_on_page

ROOT = Path(__file__).resolve().parents[2]
LEARNERS = Path("/work/shared/learners.md")
# Headings drawn by shared code rather than the page file itself: the import that brings them in,
# and the files that draw them (ui/forecast draws a lesson tab, which calls own_series and inside).
SHARED_SOURCES = {
    "from ui import forecast": ("ui/forecast.py", "ui/own_series.py", "ui/inside.py"),
    "from ui import inside": ("ui/inside.py",),
    "from lessons import debugger": ("lessons/debugger/gallery.py",),
}


def _plain(source: str) -> str:
    """Page source with Streamlit's colour markup (`:green[Right]`) reduced to its text."""
    return re.sub(r":\w+\[([^\]]*)\]", r"\1", source)


def test_every_one_of_the_18_is_mapped_once_in_order():
    assert [c.number for c in CONFUSIONS] == list(range(1, 19))
    assert all(c.question.strip() and c.section.strip() for c in CONFUSIONS)


@pytest.mark.skipif(not LEARNERS.exists(), reason="the learners' notes live outside the repository")
def test_the_map_has_as_many_entries_as_learners_md_lists():
    listed = re.findall(r"^(\d+)\. ", LEARNERS.read_text().split("## Confusions", 1)[1].split("##", 1)[0], re.M)
    assert len(listed) == len(CONFUSIONS)


@pytest.mark.parametrize("confusion", CONFUSIONS, ids=lambda c: str(c.number))
def test_each_points_at_a_page_of_the_catalog_and_a_heading_it_has(confusion):
    files = {page.file for page in PAGES}
    assert confusion.page in files
    page_source = _plain((ROOT / confusion.page).read_text())
    shared = "".join(_plain((ROOT / f).read_text())
                     for marker, files in SHARED_SOURCES.items() if marker in page_source for f in files)
    assert confusion.section in page_source + shared
    if confusion.tab is not None:
        stem = Path(confusion.page).stem
        tabs = [lesson.title for lesson in lessons_on_page(stem)]
        if "forecast.lesson_tabs" in page_source and 'preparation="Data preparation"' in page_source:
            tabs.append("Data preparation")
        if "forecast.lesson_tabs" in page_source:
            tabs.append(OWN_DATA)
        assert confusion.tab in tabs or f'"{confusion.tab}"' in page_source

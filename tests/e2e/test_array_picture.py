"""The array picture in a real browser, at a projector's width and a laptop's: every cell readable.

Each page that shows an array is opened at 1400 and 1000 px. Every drawn cell must show its whole
value (nothing clipped), at a readable size, inside the page's main column, with a hover title
naming its index on every axis; no two sample cards may overlap. A screenshot of each picture
lands in artifacts/screenshots/ (the ones in docs/ were taken this way).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import SCREENSHOTS, settle

# (url path, tab to open or None, how many axes the picture's first array has)
PICTURES = [
    ("input_layer", None, 3),
    ("one_series", None, 3),
    ("parallel_series", None, 3),
    ("memory", None, 3),
    ("univariate", "Vanilla LSTM", 3),
    ("univariate", "CNN-LSTM", 4),
    ("univariate", "ConvLSTM", 5),
    ("multivariate", "Multiple parallel series", 3),
]

READABILITY = """() => {
  const main = document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect();
  const problems = [];
  const cells = [...document.querySelectorAll('.sl-array td[title]')];
  for (const td of cells) {
    const box = td.getBoundingClientRect();
    if (td.scrollWidth > td.clientWidth + 1) problems.push('clipped: ' + td.title);
    if (parseFloat(getComputedStyle(td).fontSize) < 12) problems.push('too small: ' + td.title);
    if (box.left < main.left - 1 || box.right > main.right + 1) problems.push('outside the page: ' + td.title);
  }
  const cards = [...document.querySelectorAll('.sl-array .sl-card')].map(c => c.getBoundingClientRect());
  cards.forEach((a, i) => cards.slice(i + 1).forEach(b => {
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      problems.push('cards overlap');
  }));
  return {cells: cells.length, titles: cells.slice(0, 3).map(td => td.title), problems};
}"""


@pytest.mark.parametrize("width", [1400, 1000])
@pytest.mark.parametrize("url_path, tab, rank", PICTURES, ids=lambda v: str(v))
def test_every_cell_of_the_array_picture_can_be_read(open_page, url_path, tab, rank, width) -> None:
    page: Page = open_page(url_path)
    page.set_viewport_size({"width": width, "height": 1000})
    if tab is not None:
        page.get_by_role("tab", name=tab, exact=True).click()
        settle(page)
    picture = page.locator(".sl-array").first
    expect(picture).to_be_visible()
    picture.scroll_into_view_if_needed()

    seen = page.evaluate(READABILITY)
    assert seen["cells"] > 0
    assert seen["problems"] == [], seen["problems"][:5]
    first_title = seen["titles"][0]  # e.g. "sample 0, timestep 0, feature 0 = 0.1"
    assert first_title.count(",") == rank - 1 and " = " in first_title, first_title
    assert page.locator('[data-testid="stException"]').count() == 0

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"array-{url_path}{'-' + tab.lower().replace(' ', '-') if tab else ''}-{width}.png"
    picture.screenshot(path=str(SCREENSHOTS / name))

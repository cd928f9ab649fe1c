"""Links carry a set-up in a real browser: a teacher's edits land in the URL, and that URL opened in
another browser session shows the same set-up; a malformed link falls back to the defaults."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from lessons.forecasting import LESSONS
from tests.e2e.browser import settle


def _number(page: Page, label: str) -> str:
    return page.get_by_role("spinbutton", name=label).first.input_value()


def _set_number(page: Page, label: str, value: int) -> None:
    box = page.get_by_role("spinbutton", name=label).first
    box.fill(str(value))
    box.press("Enter")
    settle(page)


def _query(page: Page) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


def test_a_teachers_forecasting_set_up_travels_in_the_link(open_page) -> None:
    teacher = open_page("univariate")
    teacher.get_by_role("tab", name="Vanilla LSTM").click()
    settle(teacher)
    _set_number(teacher, "Epochs", 123)
    _set_number(teacher, "Seed", 42)
    teacher.wait_for_function("() => location.search.includes('fc_vanilla_seed=42')")
    link = _query(teacher)
    assert link["fc_tabs_univariate"] == "Vanilla LSTM"
    assert link["fc_vanilla_epochs"] == "123"

    learner = open_page("univariate?" + urlparse(teacher.url).query)
    expect(learner.get_by_role("spinbutton", name="Epochs").first).to_have_value("123")
    assert _number(learner, "Seed") == "42"
    assert learner.get_by_role("tab", name="Vanilla LSTM").get_attribute("aria-selected") == "true"


def test_a_malformed_link_value_falls_back_to_the_default_with_a_note(open_page) -> None:
    page = open_page("univariate?fc_tabs_univariate=Vanilla+LSTM&fc_vanilla_seed=minus-four&fc_vanilla_epochs=60")
    expect(page.get_by_role("spinbutton", name="Epochs").first).to_have_value("60")
    assert _number(page, "Seed") == str(LESSONS["vanilla"].seed)
    expect(page.get_by_text("could not be used").first).to_be_visible()


def test_a_page_that_stops_early_still_notes_a_malformed_link_value(open_page) -> None:
    # The padding page stops (st.stop) until its Keras button is pressed; the note must come anyway.
    page = open_page("padding?padding_maxlen=lots&padding_side=after+%28post%29")  # options go by their labels
    expect(page.get_by_text("could not be used").first).to_be_visible()
    expect(page.get_by_role("radiogroup", name="Pad").get_by_role("radio", name="after (post)")).to_be_checked()

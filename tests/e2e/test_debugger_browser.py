"""The shape debugger in a real browser: one pasted message, one gallery entry."""

from __future__ import annotations

from playwright.sync_api import expect

from lessons import debugger as D
from tests.e2e.browser import screenshot, settle


def test_a_pasted_keras3_message_is_explained_with_its_fix(open_page) -> None:
    page = open_page("debugger")
    box = page.get_by_role("textbox", name="Your error message")
    box.fill("ValueError: Input 0 of layer \"lstm_1\" is incompatible with the layer: expected ndim=3, "
             "found ndim=2. Full shape received: (None, 3)")
    box.press("Control+Enter")
    settle(page)
    expect(page.get_by_text("X has no timesteps axis").first).to_be_visible()
    expect(page.locator(".sl-compare")).to_be_visible()  # the picture: your shape against the expected one
    expect(page.get_by_text("sliding_window_view(X, n_steps, axis=0)").first).to_be_visible()  # windows first
    expect(page.get_by_text("X = X.reshape((X.shape[0], 1, 3))").first).to_be_visible()  # last, with its caveat
    expect(page.get_by_text("the LSTM has no sequence to read").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-paste")


def test_a_gallery_entry_runs_live_in_one_click(open_page) -> None:
    entry = D.BY_KEY["table_one_sample"]
    page = open_page("debugger")
    page.get_by_role("tab", name="Gallery of classic mistakes").click()
    page.get_by_role("button", name=entry.title).click()
    settle(page)
    expect(page.get_by_text(entry.raises).first).to_be_visible()  # today's message, raised live
    expect(page.get_by_text(entry.old_wording).first).to_be_visible()  # the old wording, labelled
    expect(page.get_by_text("The whole table became one sample").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "debugger-gallery")


def test_long_error_and_code_lines_wrap_instead_of_running_off_the_page(open_page) -> None:
    longest = max(D.GALLERY, key=lambda entry: len(entry.old_wording or ""))  # a long line shown as code
    page = open_page("debugger")
    page.set_viewport_size({"width": 1000, "height": 1000})
    page.get_by_role("tab", name="Gallery of classic mistakes").click()
    page.get_by_role("button", name=longest.title).click()
    settle(page)
    expect(page.get_by_text(longest.old_wording).first).to_be_visible()
    overflowing = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMainBlockContainer] pre')]"
        ".filter(pre => pre.scrollWidth > pre.clientWidth + 1).map(pre => pre.innerText.slice(0, 80))"
    )
    assert overflowing == []

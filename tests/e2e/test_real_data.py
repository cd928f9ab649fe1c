"""From a real table to 3D in a real browser: the framings, then a CSV upload good and bad."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import screenshot, settle


def test_framings_then_a_bad_and_a_good_upload(open_page, tmp_path) -> None:
    page = open_page("real_data")
    expect(page.locator('[data-testid="stAlert"]', has_text="raised").first).to_contain_text(
        "cannot reshape array of size 3125 into shape (3026,100,1)"
    )
    expect(page.get_by_text("Rolling windows of 100").first).to_be_visible()
    screenshot(page, "real-data-framings")

    page.get_by_text("Your own CSV").click()
    settle(page)
    bad = tmp_path / "bad.csv"
    bad.write_text("day,value\nmonday,1\ntuesday,2\n")
    page.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]').set_input_files(str(bad))
    settle(page)
    expect(page.get_by_text("Column 'day' holds text").first).to_be_visible()

    good = tmp_path / "good.csv"
    good.write_text("a,b\n" + "".join(f"{i},{i * 2}\n" for i in range(50)))
    page.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]').set_input_files(str(good))
    settle(page)
    expect(page.get_by_text("2 series of 50 steps").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "real-data-upload")

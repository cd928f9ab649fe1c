from pathlib import Path

from lessons.catalog import PAGES, sections

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_file_is_in_the_lesson_map_once():
    assert all((ROOT / page.file).is_file() for page in PAGES)
    assert len({page.url_path for page in PAGES}) == len(PAGES)
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py")) == sorted(Path(p.file).name for p in PAGES)


def test_sections_keep_teaching_order():
    assert [p for pages in sections().values() for p in pages] == list(PAGES)
    assert PAGES[0].url_path == "home"

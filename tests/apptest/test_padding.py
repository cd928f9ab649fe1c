"""The padding page: sequences typed, padded pre or post into one 3D array with the padding hatched,
the Keras script, and a Masking layer that makes each output equal its sequence alone."""

from __future__ import annotations

from lessons.padding import DEFAULT_TEXT, parse_sequences
from tests.apptest.helpers import badge_shapes, texts


def _picture(at) -> str:
    return " ".join(h.value for h in at.get("html") if "sl-array" in h.value)


def test_sequences_are_padded_with_the_padding_marked(open_page):
    at = open_page("pages/padding.py")
    lengths = [len(s) for s in parse_sequences(DEFAULT_TEXT)]
    longest = max(lengths)
    assert badge_shapes(at, "X.shape =") == [(len(lengths), longest, 1)]
    padded_cells = sum(longest - n for n in lengths)
    assert _picture(at).count('class="sl-masked"') == padded_cells
    assert 'padding="pre"' in texts(at.code) and "keras.utils.pad_sequences" in texts(at.code)

    at.radio(key="padding_side").set_value("post").run()
    assert 'padding="post"' in texts(at.code)
    at.text_area(key="padding_text").input("1 2 3 4 5 6\n7 8").run()
    assert badge_shapes(at, "X.shape =") == [(2, 6, 1)]
    assert _picture(at).count('class="sl-masked"') == 4
    assert "timestep 2, feature 0 = 0 (padding)" in _picture(at)  # post: after the short sequence

    at.number_input(key="padding_maxlen").set_value(4).run()
    assert badge_shapes(at, "X.shape =") == [(2, 4, 1)]
    assert "sample 0 lost 1, 2 from its start" in texts(at.info)
    assert "maxlen=4" in texts(at.code)


def test_bad_text_keeps_the_last_good_sequences_and_the_pad_value_clash_is_named(open_page):
    at = open_page("pages/padding.py")
    at.text_area(key="padding_text").input("1 2\n3 x").run()
    assert not at.exception
    assert "Line 2" in texts(at.error) and "last good sequences (3 of them)" in texts(at.error)
    assert badge_shapes(at, "X.shape =") == [(3, 4, 1)]
    at.text_area(key="padding_text").input("1 0 2\n3").run()
    assert "Masking cannot tell it from padding" in texts(at.warning)
    at.number_input(key="padding_value").set_value(-1.0).run()
    assert "Masking cannot tell" not in texts(at.warning)


def test_masking_run_shows_masked_equal_to_alone(open_page):
    at = open_page("pages/padding.py")
    at.button(key="padding_run").click().run()
    assert not at.exception
    assert "every output equals its sequence read alone" in texts(at.success)
    table = at.dataframe[0].value
    assert list(table["real timesteps"]) == [len(s) for s in parse_sequences(DEFAULT_TEXT)]
    assert "Without the mask, sample" in texts(at.markdown)
    at.radio(key="padding_side").set_value("post").run()  # new padding: the old result is not shown for it
    assert "Press the button" in texts(at.caption)


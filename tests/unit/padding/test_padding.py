"""Padding as keras.utils.pad_sequences does it, the mask of padded cells, the script, the Masking job."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from lessons import engine
from lessons.core import InputError
from lessons.core.array_picture import array_picture
from lessons.padding import DEFAULT_TEXT, compare_masking, keras_code, pad, pad_value_in_data, parse_sequences

SEQUENCES = ([0.1, 0.2, 0.3, 0.4, 0.5], [1.5, -2.0], [3.0, 4.0, 5.0])


def test_parse_one_sequence_per_line_skipping_blank_lines():
    parsed = parse_sequences("1 2 3\n\n4, 5\n")
    assert [list(s) for s in parsed] == [[1, 2, 3], [4, 5]]


@pytest.mark.parametrize("text, words", [
    ("", "at least one sequence"),
    ("1 2\n3 x", "Line 2"),
    ("\n".join(["1"] * 9), "at most 8"),
    ("1 nan", "NaN"),
])
def test_bad_text_gets_a_message_naming_the_line(text, words):
    with pytest.raises(InputError, match=words):
        parse_sequences(text)


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
@pytest.mark.parametrize("maxlen", [None, 1, 2, 4, 7])
@pytest.mark.parametrize("value", [0.0, -1.0])
def test_padding_equals_keras_pad_sequences(padding, truncating, maxlen, value):
    import keras

    padded = pad(SEQUENCES, padding, maxlen, truncating, value)
    expected = keras.utils.pad_sequences([list(s) for s in SEQUENCES], maxlen=maxlen, dtype="float32",
                                         padding=padding, truncating=truncating, value=value)
    np.testing.assert_allclose(padded.X[..., 0], expected, rtol=1e-6)
    # The mask marks exactly the cells that are not the kept values.
    for i, kept in enumerate(padded.kept):
        np.testing.assert_array_equal(padded.X[i, ~padded.mask[i, :, 0], 0], kept)
        assert kept.size + padded.cut[i].size == len(SEQUENCES[i])
    assert padded.padded_cells == padded.X.shape[0] * padded.X.shape[1] - sum(padded.lengths)


def test_pre_padding_puts_the_padding_in_front_and_post_after():
    pre, post = pad(SEQUENCES, "pre"), pad(SEQUENCES, "post")
    assert pre.X.shape == post.X.shape == (3, 5, 1)
    assert pre.mask[1, :, 0].tolist() == [True, True, True, False, False]
    assert post.mask[1, :, 0].tolist() == [False, False, True, True, True]


def test_keras_default_dtype_rounds_decimals_the_page_warns_about():
    import keras

    assert keras.utils.pad_sequences([[0.5, 1.7, -0.5]]).tolist() == [[0, 1, 0]]


def test_a_real_value_equal_to_the_pad_value_is_found():
    padded = pad(([1.0, 0.0, 2.0], [3.0]), "post")
    assert pad_value_in_data(padded) == [(0, 1)]
    assert pad_value_in_data(pad(([1.0, 0.0, 2.0], [3.0]), "post", value=-1.0)) == []


def test_the_picture_hatches_exactly_the_padded_cells():
    padded = pad(SEQUENCES, "post")
    picture = array_picture(padded.X, mask=padded.mask)
    assert picture.html.count('class="sl-masked"') == padded.padded_cells == 5
    assert "hatched: 5 padded cells" in picture.html
    assert 'sample 1, timestep 2, feature 0 = 0 (padding)' in picture.html
    assert "sl-masked" not in array_picture(padded.X).html.split("</style>")[1]
    with pytest.raises(ValueError):
        array_picture(padded.X, mask=padded.mask[:, :2])


@pytest.mark.parametrize("maxlen, truncating", [(None, "pre"), (3, "post")])
def test_the_offered_script_runs_and_pads_what_the_page_draws(maxlen, truncating):
    padded = pad(SEQUENCES, "post", maxlen, truncating, -1.0)
    code = keras_code(padded, tuple(np.asarray(s) for s in SEQUENCES), 4)
    namespace: dict = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "padding_script.py", "exec"), namespace)  # our own script, not learner text
    np.testing.assert_allclose(namespace["X"], padded.X, rtol=1e-6)
    assert printed.getvalue().split() == [*f"{padded.X.shape}".split(), *f"{(3, 4)}".split()]


@pytest.mark.parametrize("padding", ["pre", "post"])
def test_masked_lstm_equals_each_sequence_alone_and_unmasked_does_not(padding):
    padded = pad(parse_sequences(DEFAULT_TEXT + "\n-0.3"), padding)
    result = engine.run_job(compare_masking, padded.X, padded.kept, padded.value)
    assert result.with_mask.shape == result.alone.shape == (4, 4)
    np.testing.assert_allclose(result.with_mask, result.alone, atol=1e-5)
    short = [i for i, n in enumerate(padded.lengths) if n < padded.X.shape[1]]
    longest = [i for i, n in enumerate(padded.lengths) if n == padded.X.shape[1]]
    assert np.all(result.largest_gap("without_mask")[short] > 1e-3)  # padding read as data
    np.testing.assert_allclose(result.without_mask[longest], result.alone[longest], atol=1e-5)


def test_a_fresh_lstm_hides_pre_padding_with_zeros_which_is_why_the_job_draws_random_biases():
    import keras

    padded = pad(parse_sequences(DEFAULT_TEXT), "pre")
    with engine.TRAINING_QUEUE.turn(None):
        lstm = engine.build_seeded(lambda: keras.layers.LSTM(4), 3)
        unmasked = keras.ops.convert_to_numpy(lstm(padded.X.astype("float32")))
        alone = [keras.ops.convert_to_numpy(lstm(k.reshape(1, -1, 1).astype("float32")))[0] for k in padded.kept]
    np.testing.assert_allclose(unmasked, np.asarray(alone), atol=1e-6)

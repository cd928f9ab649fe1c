"""Read a pasted NumPy/Keras error message with strict patterns and pull out its shapes.

Nothing pasted is ever executed: every shape goes through `lessons.core.parsing.parse_shape`
(rank and size limits) and every pattern has bounded repetitions, so 100 kB of junk is
refused quickly instead of making a regular expression crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessons.core.axes import Shape
from lessons.core.captured import strip_ansi
from lessons.core.parsing import InputError, parse_shape

MAX_MESSAGE_CHARS = 100_000

NUMPY = "NumPy"
KERAS2 = "Keras 2 / old tf.keras"
KERAS3 = "Keras 3 (TensorFlow 2.16+)"
TENSORFLOW = "TensorFlow"
KERAS_ANY = "tf.keras 2.x / Keras 3"

# What went wrong, one word each; `lessons.debugger.messages.explain` switches on these.
RESHAPE_SIZE = "reshape_size"  # NumPy: the element counts differ
RANK = "rank"  # wrong number of dimensions
SHAPE = "shape"  # right rank, some size differs (or ranks differ, with both shapes named)
AXIS_VALUE = "axis_value"  # one named axis has the wrong size (Keras 3 input spec)
SAMPLES = "samples"  # X and y hold different numbers of samples
DIMS_EQUAL = "dims_equal"  # TensorFlow op with mismatched sizes (features, or y vs output)
DATA_TYPE = "data_type"  # a list / object array where one float array is needed
KEYWORD = "keyword"  # a removed layer argument such as batch_input_shape



@dataclass(frozen=True)
class ParsedError:
    kind: str
    wording: str  # NUMPY, KERAS2, KERAS3 or TENSORFLOW
    excerpt: str  # the part of the message that matched, for showing back
    layer: str | None = None
    role: str = "input"  # "input" (about X) or "target" (about y)
    got: Shape | None = None  # the learner's shape as the message gives it
    expected: Shape | None = None
    with_batch: bool = True  # whether `got`/`expected` include the samples axis
    expected_rank: int | None = None
    found_rank: int | None = None
    size: int | None = None  # NumPy: the array's element count
    axis: int | None = None  # AXIS_VALUE: which axis
    x_samples: tuple[int, ...] = ()
    y_samples: tuple[int, ...] = ()
    sizes: tuple[int, int] | None = None  # DIMS_EQUAL: "but are a and b"
    op: str = ""  # DIMS_EQUAL: the TensorFlow op, e.g. "MatMul", "Sub"
    detail: str = ""  # data type or keyword named in the message


_DIMS = r"[0-9A-Za-z?,\s-]{0,160}"  # the inside of a shape: numbers, None, ?, commas
_SHAPE = rf"[(\[]({_DIMS})[)\]]"
_NAME = r"""["']?([\w./-]{1,120})["']?"""




def _shape(inside: str) -> Shape:
    """The inside of `(None, 3, 1)` or `[6,2]` as a checked shape tuple."""
    tokens = [t for t in re.split(r"[,\s]+", inside.strip()) if t]
    # NumPy writes an unknown (-1) dimension as "newaxis"; Keras writes None or ?.
    cleaned = ["None" if t in ("None", "?", "newaxis", "-1") else t for t in tokens]
    if not cleaned:
        raise InputError("The message names an empty shape, ().")
    return parse_shape(", ".join(cleaned), allow_none=True)


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(t) for t in re.findall(r"\d{1,12}", text)[:64])


def _layer_in(text: str) -> str | None:
    found = re.search(rf"of layer {_NAME}", text)
    return found.group(1) if found else None


def _numpy_reshape(text: str) -> ParsedError | None:
    m = re.search(rf"cannot reshape array of size (\d{{1,15}}) into shape {_SHAPE}", text)
    if not m:
        return None
    return ParsedError(RESHAPE_SIZE, NUMPY, m.group(0), size=int(m.group(1)),
                       expected=_shape(m.group(2)))


def _keras2_dimensions(text: str) -> ParsedError | None:
    # "Error when checking input: expected lstm_1_input to have 3 dimensions, but got array
    # with shape (107904, 10)" and the learner's paraphrase "expecting dense 3dimensional
    # shape instead received (3316,)".
    m = re.search(
        r"expect(?:ed|ing)\s+(\w[\w ]{0,60}?)\s+(?:to have\s+)?(\d)\s*-?\s*dim\w{0,10}"
        rf"[^()\[\]]{{0,80}}?(?:got|received)[^()\[\]]{{0,40}}?{_SHAPE}",
        text,
    )
    if not m:
        return None
    layer = m.group(1).strip()
    role = "input" if layer.endswith("_input") or "checking input" in text else "target"
    if "checking target" in text:
        role = "target"
    got = _shape(m.group(3))
    return ParsedError(RANK, KERAS2, m.group(0), layer=layer, role=role, got=got,
                       with_batch=True, expected_rank=int(m.group(2)), found_rank=len(got))


def _keras2_shape(text: str) -> ParsedError | None:
    # "expected lstm_2_input to have shape (3, 1) but got array with shape (1, 1)": Keras 2
    # leaves the samples axis out of both shapes.
    m = re.search(
        rf"expected (\w{{1,120}}) to have shape {_SHAPE},? but got array with shape {_SHAPE}", text
    )
    if not m:
        return None
    layer = m.group(1)
    return ParsedError(SHAPE, KERAS2, m.group(0), layer=layer,
                       role="input" if layer.endswith("_input") else "target",
                       expected=_shape(m.group(2)), got=_shape(m.group(3)), with_batch=False)


def _keras2_samples(text: str) -> ParsedError | None:
    m = re.search(r"Found (\d{1,15}) input samples and (\d{1,15}) target samples", text)
    if not m:
        if "same number of samples as target arrays" in text:
            return ParsedError(SAMPLES, KERAS2, "same number of samples as target arrays")
        return None
    return ParsedError(SAMPLES, KERAS2, m.group(0), x_samples=(int(m.group(1)),),
                       y_samples=(int(m.group(2)),))


def _keras3_cardinality(text: str) -> ParsedError | None:
    if "Data cardinality is ambiguous" not in text:
        return None
    x = re.search(r"'x' sizes: ([\d,\s]{1,2000})", text)
    y = re.search(r"'y' sizes: ([\d,\s]{1,2000})", text)
    return ParsedError(SAMPLES, KERAS3, "Data cardinality is ambiguous",
                       x_samples=_ints(x.group(1)) if x else (),
                       y_samples=_ints(y.group(1)) if y else ())


def _spec_wording(text: str) -> str:
    # Keras 3 adds "with name '...'" after "Input 0"; tf.keras 2.x wrote `of layer "lstm"`.
    return KERAS3 if re.search(r"Input \d+ with name", text) or "..." in text else KERAS_ANY


def _keras3_input_spec(text: str) -> ParsedError | None:
    tail = r"is incompatible with the layer: "
    m = re.search(tail + r"expected (min_|max_)?ndim=(\d), found ndim=(\d)"
                  rf"(?:\.\s*Full shape received: {_SHAPE})?", text)
    if m:
        got = _shape(m.group(4)) if m.group(4) is not None else None
        return ParsedError(RANK, _spec_wording(text), m.group(0), layer=_layer_in(text), got=got,
                           expected_rank=int(m.group(2)), found_rank=int(m.group(3)))
    m = re.search(tail + r"expected axis (-?\d) of input shape to have value (\d{1,12}),? "
                  rf"but received input with shape {_SHAPE}", text)
    if m:
        return ParsedError(AXIS_VALUE, _spec_wording(text), m.group(0), layer=_layer_in(text),
                           axis=int(m.group(1)), expected=(int(m.group(2)),), got=_shape(m.group(3)))
    m = re.search(tail + rf"expected shape={_SHAPE}, found shape={_SHAPE}", text)
    if m:
        return ParsedError(SHAPE, _spec_wording(text), m.group(0), layer=_layer_in(text),
                           expected=_shape(m.group(1)), got=_shape(m.group(2)))
    return None


def _keras3_functional(text: str) -> ParsedError | None:
    # Keras 3: "Invalid input shape for input ... Expected shape (None, 2, 1, 2, 1), but input
    # has incompatible shape (None, 4, 1)"; TF 2.x tf.keras: "Model was constructed with shape
    # (None, 3, 1) for input ..., but it was called on an input with incompatible shape ...".
    m = re.search(rf"Expected shape {_SHAPE},? but input has incompatible shape {_SHAPE}", text)
    wording = KERAS3
    if not m:
        m = re.search(rf"constructed with shape {_SHAPE} for input .{{0,400}}? called on an input "
                      rf"with incompatible shape {_SHAPE}", text, re.S)
        wording = KERAS2
    if not m:
        return None
    return ParsedError(SHAPE, wording, m.group(0), expected=_shape(m.group(1)),
                       got=_shape(m.group(2)))


def _tf_dimensions(text: str) -> ParsedError | None:
    m = re.search(r"Dimensions must be equal, but are (\d{1,12}) and (\d{1,12})", text)
    if not m:
        m2 = re.search(rf"Shapes {_SHAPE} and {_SHAPE} are incompatible", text)
        if not m2:
            if "Dimensions must be equal" in text:  # quoted without its numbers
                return ParsedError(DIMS_EQUAL, TENSORFLOW, "Dimensions must be equal")
            return None
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m2.group(0), role="target", op="loss",
                           got=_shape(m2.group(1)), expected=_shape(m2.group(2)))
    shapes = re.search(rf"with input shapes: {_SHAPE}, {_SHAPE}", text)
    node = re.search(r"\{\{node ([^}]{1,300})\}\}\s*=\s*(\w{1,40})", text)
    op = node.group(2) if node else ""
    where = node.group(1) if node else ""
    # A MatMul inside an LSTM cell multiplies the features by the kernel; a Sub or
    # SquaredDifference in the loss compares y with the model's output.
    role = "target" if ("loss" in where or op in ("Sub", "SquaredDifference")) else "input"
    return ParsedError(
        DIMS_EQUAL, TENSORFLOW, m.group(0), role=role, op=op,
        layer=where.split("/")[1] if where.count("/") >= 1 else None,
        sizes=(int(m.group(1)), int(m.group(2))),
        got=_shape(shapes.group(1)) if shapes else None,
        expected=_shape(shapes.group(2)) if shapes else None,
    )


def _crossentropy(text: str) -> ParsedError | None:
    # Keras 3 categorical cross-entropy: "Arguments `target` and `output` must have the same rank
    # (ndim). Received: target.shape=(None,), output.shape=(None, 3)" (or "the same shape").
    m = re.search(rf"must have the same (?:rank|shape)[^:]{{0,40}}:?\s*(?:Received: )?"
                  rf"target\.shape={_SHAPE}, output\.shape={_SHAPE}", text)
    if not m:
        return None
    return ParsedError(DIMS_EQUAL, KERAS3, m.group(0), role="target", op="crossentropy", sizes=(0, 0),
                       got=_shape(m.group(1)), expected=_shape(m.group(2)))


def _data_type(text: str) -> ParsedError | None:
    m = re.search(r"Failed to find data adapter that can handle input: \(?<class '(\w{1,40})'>", text)
    if m:
        return ParsedError(DATA_TYPE, KERAS2, m.group(0), detail=m.group(1))
    m = re.search(r"Unrecognized data type: x=.{0,300}?\(of type <class '([\w.]{1,60})'>\)", text, re.S)
    if m:
        return ParsedError(DATA_TYPE, KERAS3, m.group(0)[:300], detail=m.group(1))
    m = re.search(r"Invalid dtype: object", text)
    if m:
        return ParsedError(DATA_TYPE, KERAS3, m.group(0), detail="object")
    return None


def _keyword(text: str) -> ParsedError | None:
    m = re.search(r"Unrecognized keyword arguments passed to (\w{1,60}): \{'(\w{1,60})'", text)
    if not m:
        return None
    return ParsedError(KEYWORD, KERAS3, m.group(0), layer=m.group(1), detail=m.group(2))


# Most specific first: a pasted traceback can contain more than one of these.
_READERS = (
    _numpy_reshape, _keras3_cardinality, _keras2_samples, _keras3_functional, _keras3_input_spec,
    _tf_dimensions, _crossentropy, _keras2_shape, _keras2_dimensions, _data_type, _keyword,
)


def parse_error_message(text: str) -> ParsedError | None:
    """The shapes, layer and sizes named in a pasted error, or None when it is not one we know.

    Raises `InputError` (with a message for the learner) for text over 100 kB or a shape in
    the message beyond the app's limits (rank over 6, over a billion elements).
    """
    if len(text) > MAX_MESSAGE_CHARS:
        raise InputError(
            f"That is {len(text):,} characters; paste at most {MAX_MESSAGE_CHARS:,} "
            "(the last lines of the traceback are enough)."
        )
    clean = strip_ansi(text)
    for reader in _READERS:
        parsed = reader(clean)
        if parsed is not None:
            return parsed
    return None

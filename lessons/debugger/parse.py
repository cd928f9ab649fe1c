"""Read a pasted NumPy/Keras/TensorFlow error message with strict patterns and pull out its shapes.

Nothing pasted is ever executed: every shape goes through `lessons.core.parsing.parse_shape`
(rank and size limits) and every pattern has bounded repetitions, so 100 kB of junk is
refused quickly instead of making a regular expression crawl.

A whole traceback can be pasted: the readers look first at the text from the last exception
line on (where Python prints the error), then at the whole text (TensorFlow graph errors keep
the useful line in the middle).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lessons.core.axes import Shape
from lessons.core.captured import strip_ansi
from lessons.core.parsing import InputError, parse_shape

MAX_MESSAGE_CHARS = 100_000
MESSAGE_MAX_ELEMENTS = 10**18  # shapes in a message are read, never allocated

NUMPY = "NumPy"
KERAS2 = "Keras 2 / old tf.keras"
KERAS3 = "Keras 3 (TensorFlow 2.16+)"
TENSORFLOW = "TensorFlow"
KERAS_ANY = "tf.keras 2.x / Keras 3"
SKLEARN = "scikit-learn"
PANDAS = "pandas"
PYTHON = "Python"

# What went wrong, one word each; `lessons.debugger.messages.explain` switches on these.
RESHAPE_SIZE = "reshape_size"  # NumPy: the element counts differ
RANK = "rank"  # wrong number of dimensions
SHAPE = "shape"  # right rank, some size differs (or ranks differ, with both shapes named)
AXIS_VALUE = "axis_value"  # one named axis has the wrong size (Keras 3 input spec)
SAMPLES = "samples"  # X and y hold different numbers of samples
DIMS_EQUAL = "dims_equal"  # TensorFlow op with mismatched sizes (features, or y vs output)
DATA_TYPE = "data_type"  # a list / object array where one float array is needed
KEYWORD = "keyword"  # a removed argument or call (batch_input_shape, TimeseriesGenerator), or a layer that cannot be built as declared
RAGGED = "ragged"  # NumPy: pieces of different lengths stacked into one array
LABELS = "labels"  # class labels that do not fit the loss: out of range, or one-hot for a sparse loss
EMPTY = "empty"  # an array with nothing in it: 0 samples (or 0 along another axis)
WEIGHTS = "weights"  # saved weights loaded into a model built with other sizes (got: the model's, expected: the saved)
SCALER = "scaler"  # a scikit-learn scaler given another rank or other columns than it reads (detail: "rank" or "columns")
JOIN = "join"  # arrays put side by side, combined, assigned or indexed that do not line up (op: see lessons.debugger.joining)
WINDOW = "window"  # a window longer than the series it is cut from (sliding_window_view)
INPUTS = "inputs"  # a model with several inputs or outputs given another number of arrays (detail: "inputs"/"outputs")

# How a loss compares y with the output (ParsedError.loss).
CROSSENTROPY = "crossentropy"  # categorical: y must be one-hot, as wide as the output
SPARSE = "sparse"  # sparse categorical: y holds one class number per sample
BINARY = "binary"  # sigmoid / binary cross-entropy: y as wide as the output
REGRESSION = "regression"  # mse, mae, ...: value by value


@dataclass(frozen=True)
class ParsedError:
    kind: str
    wording: str  # NUMPY, KERAS2, KERAS3 or TENSORFLOW
    excerpt: str  # the part of the message that matched, for showing back
    layer: str | None = None
    role: str = "input"  # "input" (about X) or "target" (about y)
    got: Shape | None = None  # the learner's shape as the message gives it (y for role "target")
    expected: Shape | None = None  # what the model wants (the model's output for role "target")
    with_batch: bool = True  # whether `got`/`expected` include the samples axis
    expected_rank: int | None = None
    found_rank: int | None = None
    size: int | None = None  # NumPy: the array's element count
    axis: int | None = None  # AXIS_VALUE: which axis; RAGGED: the axis whose lengths differ
    x_samples: tuple[int, ...] = ()
    y_samples: tuple[int, ...] = ()
    sizes: tuple[int, int] | None = None  # DIMS_EQUAL: "but are a and b"
    op: str = ""  # DIMS_EQUAL: the TensorFlow op, e.g. "MatMul", "Sub"
    detail: str = ""  # data type or keyword named in the message; a cross-entropy's: how its shapes were read
    loss: str = ""  # role "target": CROSSENTROPY, SPARSE, BINARY, REGRESSION or "" (not said)
    label: int | None = None  # LABELS: the label value the message names (detail "token": an Embedding's token id)
    classes: int | None = None  # LABELS: the number of classes the output has (detail "token": the Embedding's input_dim)
    model_input: Shape | None = None  # Keras 3's "Arguments received by ….call(): inputs=…(shape=…)": X as fed
    # role "target": the output as the loss saw it. "squeezed": without a last axis of 1 (an op's operand says so);
    # "maybe": a loss that drops one (tf.keras 2, Keras 3) but the message does not say; "": no drop possible.
    output_squeezed: str = ""
    order_unsaid: bool = False  # "Shapes A and B are incompatible": which of the two is y, the message does not say
    predicting: bool = False  # Keras 3 lists training=False among the call's arguments: predict or evaluate, a trained model


_DIMS = r"[0-9A-Za-z_?,\s-]{0,160}"  # the inside of a shape: numbers, None, ?, commas
_SHAPE = rf"[(\[]({_DIMS})[)\]]"
_NAME = r"""["']?([\w./-]{1,120})["']?"""


class _NotAShape(ValueError):
    """Brackets that hold no size at all, e.g. "(s)": the reader that found them does not match."""


def _shape(inside: str) -> Shape:
    """The inside of `(None, 3, 1)` or `[6,2]` as a checked shape tuple."""
    tokens = [t for t in re.split(r"[,\s]+", inside.strip()) if t]
    named = "," in inside or any("_" in t for t in tokens)  # "[batch_size]", "(batch, steps)": sizes by name
    if tokens and not any(re.fullmatch(r"\d{1,18}L?|None|\?|-1", t) for t in tokens) and not named:
        raise _NotAShape(inside)  # only words: "(s)", "(most recent call last)"
    # NumPy writes an unknown (-1) dimension as "newaxis"; Keras writes None or ?; Python 2
    # printed sizes as longs, "100L".
    cleaned = ["None" if t in ("None", "?", "newaxis", "-1") or re.fullmatch(r"[A-Za-z_]\w*", t)
               else re.sub(r"(?<=\d)L$", "", t) for t in tokens]
    if not cleaned:
        raise InputError("The message names an empty shape, ().")
    # A message's shapes are only read, never allocated: no limit on their element count.
    return parse_shape(", ".join(cleaned), allow_none=True, max_elements=MESSAGE_MAX_ELEMENTS)


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(t) for t in re.findall(r"\d{1,12}", text)[:64])


def _layer_in(text: str) -> str | None:
    found = re.search(rf"(?:of|with) layer {_NAME}", text)
    return found.group(1).rstrip(":") if found else None


def _role(layer: str, text: str) -> str:
    """Whether a Keras 2 "Error when checking ..." message is about X ("input") or y ("target")."""
    if re.search(r"checking (?:model )?target", text):
        return "target"
    if re.search(r"checking (?:model )?input", text) or re.search(r"(?:^|_)input(?:_\d+)?$", layer):
        return "input"
    return "target"


# An empty array, in the words Keras, TensorFlow and scikit-learn use for it (Keras 3 fits on no
# data with only a warning, and its predict fails on a variable it never set).
_EMPTY_WORDS = re.compile(
    r"Expect x to be a non-empty array or dataset|Expected input data to be non-empty|"
    r"Your input ran out of data|(?:local variable|cannot access local variable) '(?:logs|batch_outputs)'|"
    r"Found array with 0 (?:sample|feature)\(s\)|array of size 0 into shape")
# A shape with a size of 0 and a comma in it, brackets matched: "(0, 250)", "[0,3,1]", "(0,)" (not a
# range such as "[0, 5)", nor an index such as "indices[0,0]").
_ZERO_INSIDE = r"((?:(?:\d{1,12}|None|\?)\s{0,4},\s{0,4}){0,6}0(?:\s{0,4},\s{0,4}(?:\d{1,12}|None|\?)){0,6}\s{0,4},?)"
_ZERO_SHAPE = re.compile(rf"\(\s{{0,4}}{_ZERO_INSIDE}\s{{0,4}}\)|(?<![\w\]])\[\s{{0,4}}{_ZERO_INSIDE}\s{{0,4}}\]")


def _empty(text: str) -> ParsedError | None:
    """An array with nothing in it: named by its words, or by a shape with a size of 0.

    Read before every other reader: the other readers refuse a size of 0 (no array the learner
    describes can have one), but in a message it is the clue.
    """
    shape = next((m for m in _ZERO_SHAPE.finditer(text) if "," in m.group(0)
                  and re.search(r"shape|size|array|tensor|received|got", text[max(0, m.start() - 60):m.start()], re.I)
                  and not re.search(r"(?:dims|perm|axes|axis)=?\s{0,2}$", text[max(0, m.start() - 12):m.start()])),
                 None)  # (a Permute's dims=(0, 2, 1) is a list of axes, not a shape)
    words = _EMPTY_WORDS.search(text)
    if shape is None and words is None:
        return None
    inside = shape.group(1) or shape.group(2) if shape else ""
    sizes = tuple(None if t in ("None", "?") else int(t) for t in re.split(r"\s*,\s*", inside.strip(" ,"))) \
        if shape else None
    axis = sizes.index(0) if sizes else 0
    return ParsedError(EMPTY, NUMPY if shape and not words else KERAS_ANY, (words or shape).group(0),
                       got=sizes, axis=axis)


def _scaler(text: str) -> ParsedError | None:
    # scikit-learn's scalers read a table, (rows, columns), and remember how many columns they were fitted on.
    m = re.search(r"Found array with dim (\d)(?:, while dim <= 2 is required(?: by (\w{1,60}))?| ?\. ?(\w{0,60}) ?expected <= 2)",
                  text)
    if m:  # windows (3D) given to a scaler or another estimator (named, except by older versions: "None")
        name = m.group(2) or m.group(3)
        return ParsedError(SCALER, SKLEARN, m.group(0), detail="rank", found_rank=int(m.group(1)), expected_rank=2,
                           layer=name if name and name != "None" else None)
    m = re.search(r"Expected 2D array, got (1|scalar) ?D? array instead|Expected a 2-dimensional container but got "
                  r"<class 'pandas\.(?:core\.series\.)?Series'>", text)
    if m:  # a 1D series (or a pandas column) given to a scaler
        return ParsedError(SCALER, SKLEARN, m.group(0), detail="rank", found_rank=0 if m.group(1) == "scalar" else 1,
                           expected_rank=2)
    m = re.search(r"X has (\d{1,9}) features?, but (\w{1,60}) is expecting (\d{1,9}) features? as input", text)
    if m:  # transform (or predict) given other columns than fit saw
        return ParsedError(SCALER, SKLEARN, m.group(0), detail="columns", op="transform", layer=m.group(2),
                           sizes=(int(m.group(1)), int(m.group(3))))
    # inverse_transform's in-place arithmetic (X -= self.min_) on 1 column with a scaler of 5, in NumPy's words:
    # "non-broadcastable output operand with shape (100,1) doesn't match the broadcast shape (100,5)", or, with a
    # few columns, "operands could not be broadcast together with shapes (10,3) (5,) (10,3)"
    m = re.search(rf"non-broadcastable output operand with shape {_SHAPE} doesn't match the broadcast shape {_SHAPE}", text)
    if m:
        got, wide = _shape(m.group(1)), _shape(m.group(2))
        if len(got) == len(wide) == 2 and got[0] == wide[0] and got[1] != wide[1]:
            return ParsedError(SCALER, NUMPY, m.group(0), detail="columns", op="inverse_transform",
                               sizes=(got[1] or 0, wide[1] or 0))
    m = re.search(rf"operands could not be broadcast together with shapes {_SHAPE} {_SHAPE}", text)
    if m:
        table, columns = _shape(m.group(1)), _shape(m.group(2))
        if len(table) == 2 and len(columns) == 1 and table[1] != columns[0] and 1 not in (table[1], columns[0]):
            return ParsedError(SCALER, NUMPY, m.group(0), detail="columns", op="inverse_transform",
                               sizes=(table[1] or 0, columns[0] or 0))  # a table against one value per column
    return None


def _reshape_layer(text: str) -> ParsedError | None:
    # Keras 3's Reshape layer: "The total size of the tensor must be unchanged. Received: input_shape=(10, 1),
    # target_shape=(3, 4)", or with a -1: "…, however, the input size cannot by divided by the specified dimensions
    # in target_shape. Received: …". Both shapes are per sample.
    m = re.search(rf"total size of the tensor must be unchanged[^\n]{{0,160}}?Received: ?input_shape ?= ?{_SHAPE},? "
                  rf"?target_shape ?= ?{_SHAPE}", text)
    if not m:
        return None
    got, target = _shape(re.sub(r"-1", "None", m.group(1))), _shape(re.sub(r"-1", "None", m.group(2)))
    if None in got:
        return None
    return ParsedError(RESHAPE_SIZE, KERAS3, m.group(0), layer="reshape", got=got, expected=(None,) + tuple(target),
                       size=_product(got), detail="layer")


def _numpy_reshape(text: str) -> ParsedError | None:
    if re.search(r"can only specify one unknown dimension", text):  # reshape((-1, -1, 1))
        return ParsedError(RESHAPE_SIZE, NUMPY, "can only specify one unknown dimension", detail="two unknown")
    m = re.search(rf"cannot reshape (?:array|tensor) of size (\d{{1,15}}) into shape {_SHAPE}", text)
    if not m:
        return None
    expected = _shape(m.group(2))
    if "," not in m.group(2):  # NumPy writes a one-axis shape "(3,)": "(3)" is reshape(-1, 3) printed
        expected = (None,) + expected
    return ParsedError(RESHAPE_SIZE, NUMPY, m.group(0), size=int(m.group(1)), expected=expected)


# A reshape call whose first size is -1: "X.reshape(-1, 227, 227, 10)", "np.reshape(X, (-1, n_steps, 1))".
# (Possessive \s*+: the spaces between the parts are matched one way only, so a long run of them cannot make the
# search backtrack for minutes.)
_MINUS_ONE_CALL = re.compile(r"reshape\((?:[\w.\[\]]{1,80},\s*+)?[(\[]?\s*+-1\s*+,([^()\[\]\n]{1,200}?)[)\]]?\s*+\)")


def with_leading_minus_one(parsed: ParsedError, text: str) -> ParsedError:
    """A NumPy reshape error whose pasted code shows the -1 NumPy left out of the printed shape.

    NumPy prints the shape it was asked for without a leading -1 (and as "newaxis" elsewhere), so
    reshape(-1, 3, 1) reads "into shape (3,1)", like reshape(3, 1). When the pasted traceback holds a
    call starting with -1 whose other sizes line up with the printed ones (numbers equal, names
    taken as they come), the -1 goes back in front: expected (None, 3, 1). With no call pasted, it goes
    back too where the array holds values for two samples or more that neither the printed shape nor
    its first size divides (detail "-1 not printed"); any other reshape call pasted keeps the shape.
    """
    printed = parsed.expected or ()
    if parsed.kind != RESHAPE_SIZE or not printed or printed[0] is None:
        return parsed
    for call in _MINUS_ONE_CALL.finditer(text):
        sizes = [s.strip() for s in call.group(1).split(",") if s.strip()]
        if len(sizes) == len(printed) and all(
                not s.isdigit() or int(s) == d for s, d in zip(sizes, printed)):
            return replace(parsed, expected=(None,) + tuple(printed))
    if "reshape(" in text:
        return parsed  # the call is pasted, and it starts with no -1 that lines up: the shape is as written
    size, need = parsed.size or 0, _product(printed) if None not in printed else 0
    if len(printed) >= 2 and printed[0] != 1 and need and size >= 2 * need and size % need and size % printed[0]:
        # No call pasted: values for two samples or more, not a whole multiple of the printed shape, and not of its
        # first size either (that would be len(X) written in, as in X.reshape(len(X), 7, 1)). The call was
        # reshape(-1, ...) far more often than an explicit shape the values could never fill.
        return replace(parsed, expected=(None,) + tuple(printed), detail="-1 not printed")
    return parsed


def _keras2_dimensions(text: str) -> ParsedError | None:
    # "Error when checking input: expected lstm_1_input to have 3 dimensions, but got array
    # with shape (107904, 10)" and the learner's paraphrase "expecting dense 3dimensional
    # shape instead received (3316,)".
    m = re.search(
        r"(?:expect(?:ed|ing)\s+)?(\w[\w ]{0,60}?)\s+(?:to have\s+)?(\d)\s*-?\s*dim\w{0,10}(?:\(s\))?"
        rf"[^()\[\]]{{0,80}}?(?:got|received)[^()\[\]]{{0,40}}?(?:{_SHAPE}|shape ([\d,]{{1,80}}\d))",
        text,
    )
    if not m:
        return None
    layer = m.group(1).strip()
    role = _role(layer.split()[-1], text)
    got = _shape(m.group(3) if m.group(3) is not None else m.group(4))
    return ParsedError(RANK, KERAS2, m.group(0), layer=layer, role=role, got=got,
                       with_batch=True, expected_rank=int(m.group(2)), found_rank=len(got))


def _keras2_shape(text: str) -> ParsedError | None:
    # "expected lstm_2_input to have shape (3, 1) but got array with shape (1, 1)": Keras 2
    # leaves the samples axis out of both shapes (Keras 1 wrote it as None in the first).
    m = re.search(
        rf"expected (\w{{1,120}}) to have shape {_SHAPE},? but got array with shape {_SHAPE}", text
    )
    if not m:
        return None
    layer = m.group(1)
    expected, got = _shape(m.group(2)), _shape(m.group(3))
    # Keras 1 printed the whole shape, its samples axis as None: (None, 10) against (60000, 1)
    with_batch = len(expected) == len(got) and len(got) > 1 and got[0] is not None and expected[0] is None
    if with_batch and _channels_first_picture(got, expected):
        with_batch = False  # ONE picture per sample, (channels, rows, columns), against (rows, columns, channels)
    if len(expected) == len(got) == 3 and None not in expected and _RECURRENT_INPUT.fullmatch(layer.lower()):
        with_batch = True  # an LSTM reads 3D: three sizes are batch_input_shape, its batch size fixed
    role = _role(layer, text)
    return ParsedError(SHAPE, KERAS2, m.group(0), layer=layer, role=role,
                       expected=expected, got=got, with_batch=with_batch, loss=_loss_named(text))


# The model's input when its first layer is recurrent: lstm_1_input (Keras 2), lstm_input_1 (Keras 1)
# (or the layer itself, in the oldest Keras: lstm_8)
_RECURRENT_INPUT = re.compile(r"(?:lstm|gru|simple_?rnn)(?:_\d{1,6})?(?:_input(?:_\d{1,6})?)?")


def _channels_first_picture(got: Shape, expected: Shape) -> bool:
    """`got` is a channels-first picture (3, 64, 64) and `expected` a channels-last one, (None, None, 3)."""
    return (len(got) == 3 and got[0] in (1, 3, 4) and got[1] == got[2] and (got[1] or 0) >= 8
            and expected[-1] == got[0] and all(e is None or e == got[1] for e in expected[:-1]))


def _keras2_target_array(text: str) -> ParsedError | None:
    # Keras 2: "A target array with shape (500, 8) was passed for an output of shape (None, 4)
    # while using as loss `mean_squared_error`", and "You are passing a target array of shape
    # (32, 1) while using as loss `categorical_crossentropy`" (integer labels).
    m = re.search(rf"target array with shape {_SHAPE} was passed for an output of shape {_SHAPE}", text)
    if m:
        loss = re.search(r"as loss [`'\"]?(\w{1,60})", text)
        return ParsedError(SHAPE, KERAS2, m.group(0), role="target", got=_shape(m.group(1)),
                           expected=_shape(m.group(2)), loss=_loss_named(loss.group(1)) if loss else "")
    m = re.search(rf"passing a target array of shape {_SHAPE} while using as loss [`'\"]?(\w{{1,60}})", text)
    if m:
        got = _shape(m.group(1))
        return ParsedError(DIMS_EQUAL, KERAS2, m.group(0), role="target", op="crossentropy", sizes=(0, 0),
                           got=got, expected=(got[0], None), loss=_loss_named(m.group(2)) or CROSSENTROPY)
    return None


def _cannot_feed(text: str) -> ParsedError | None:
    # TensorFlow 1 / tflearn: "Cannot feed value of shape (13, 16) for Tensor 'InputData/X:0',
    # which has shape '(?, 1, 16)'".
    m = re.search(rf"Cannot feed value of shape {_SHAPE} for Tensor u?['\"]?([\w/:.-]{{1,120}})['\"]?,? "
                  rf"which has shape ['\"]?{_SHAPE}", text)
    if not m:
        return None
    name = m.group(2)
    role = "target" if re.search(r"target|label|/Y:|y_true|Y:0", name, re.I) else "input"
    return ParsedError(SHAPE, TENSORFLOW, m.group(0), layer=name, role=role, got=_shape(m.group(1)),
                       expected=_shape(m.group(3)))


def _theano_dims(text: str) -> ParsedError | None:
    # Theano: "Bad input argument ... at index 1(0-based)', 'Wrong number of dimensions: expected 3,
    # got 2 with shape (128, 11).')": index 0 is X, index 1 is y.
    m = re.search(rf"Wrong number of dimensions: expected (\d), got (\d) with shape {_SHAPE}", text)
    if not m:
        return None
    index = re.search(r"at index (\d)", text)
    role = "target" if index and index.group(1) != "0" else "input"
    # Theano prints the shape of the batch it was fed, not the whole array's: the samples are unknown
    got = (None,) + tuple(_shape(m.group(3))[1:])
    want = int(m.group(1))
    if role == "target":  # Theano checks y against the output's rank: y (128, 11) for an output of 3D
        return ParsedError(RANK, KERAS2, m.group(0), role="target", got=got, expected_rank=want, found_rank=len(got))
    return ParsedError(RANK, KERAS2, m.group(0), got=got, expected_rank=want, found_rank=len(got))


def _previous_layer(text: str) -> ParsedError | None:
    # Keras 1: "Incompatible shapes: layer expected input with ndim=3 but previous layer has
    # output_shape (None, 512)".
    m = re.search(rf"layer expected input with ndim=(\d) but previous layer has output_shape {_SHAPE}", text)
    if not m:
        return None
    got = _shape(m.group(2))
    return ParsedError(RANK, KERAS2, m.group(0), layer="previous layer", got=got, expected_rank=int(m.group(1)),
                       found_rank=len(got), detail="previous")


def _theano_new_order(text: str) -> ParsedError | None:
    # Theano, while Keras 0.x builds the model: "new_order[2] is 2, but the input only has 2 axes".
    # A recurrent layer reorders its input's 3 axes; the model's first layer gets an input of the
    # rank it declares, so a 2D input here comes from the layer before it.
    m = re.search(r"new_order\[(2)\] is 2, but the input only has (2) axes", text)
    if not m:
        return None
    return ParsedError(RANK, KERAS2, m.group(0), layer="previous layer", expected_rank=int(m.group(1)) + 1,
                       found_rank=int(m.group(2)), detail="previous")


def _keras1_expects_ndim(text: str) -> ParsedError | None:
    # Keras 1: "Invalid input shape - Layer expects input ndim=5, was provided with input shape
    # (None, 30, 256, 256)": the declared input (or the layer before), with its samples axis.
    m = re.search(rf"expects input ndim=(\d), was provided with input shape {_SHAPE}", text)
    if not m:
        return None
    got = _shape(m.group(2))
    return ParsedError(RANK, KERAS2, m.group(0), got=got, expected_rank=int(m.group(1)), found_rank=len(got))


def _tensor_list(text: str) -> ParsedError | None:
    # TensorFlow: "Specified a list with shape [25,2] from a tensor with shape [24,2]": an RNN
    # built for batches of 25 (stateful) got a batch of 24.
    m = re.search(rf"Specified a list with shape {_SHAPE} from a tensor with shape {_SHAPE}", text)
    if not m:
        return None
    want, got = _shape(m.group(1)), _shape(m.group(2))
    return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="input", op="batch", sizes=(got[0] or 0, want[0] or 0),
                       got=got, expected=want)


def _theano_gemm(text: str) -> ParsedError | None:
    # Theano: "dimension mismatch in args to gemm (2000,64)x(64,64)->(5,64)": a stateful LSTM's
    # states built for batches of 2000, fed batches of 5.
    m = re.search(r"dimension mismatch in args to gemm \((\d{1,9}),(\d{1,9})\)x\((\d{1,9}),(\d{1,9})\)->\((\d{1,9}),(\d{1,9})\)", text)
    if not m:
        return None
    a, out = (int(m.group(1)), int(m.group(2))), (int(m.group(5)), int(m.group(6)))  # the states, the result
    return ParsedError(DIMS_EQUAL, KERAS2, m.group(0), role="input", op="gemm", sizes=(a[0], out[0]),
                       got=(out[0], out[1]), expected=a)


def _keras2_rank_only(text: str) -> ParsedError | None:
    # Keras 2 with the shape cut off: "Error when checking model target: expected
    # time_distributed_1 to have 3 dimensions".
    m = re.search(r"Error when checking (?:model )?(input|target): expected (\w{1,120}) to have (\d) dimensions", text)
    if not m:
        return None
    return ParsedError(RANK, KERAS2, m.group(0), layer=m.group(2), role=m.group(1), expected_rank=int(m.group(3)))


def _keras2_samples(text: str) -> ParsedError | None:
    m = re.search(r"Found (\d{1,15}) input samples and (\d{1,15}) target samples", text)
    if not m:
        if "same number of samples as target arrays" in text:
            return ParsedError(SAMPLES, KERAS2, "same number of samples as target arrays")
        return None
    return ParsedError(SAMPLES, KERAS2, m.group(0), x_samples=(int(m.group(1)),),
                       y_samples=(int(m.group(2)),))


def _sklearn_outputs(text: str) -> ParsedError | None:
    # scikit-learn's metrics: "y_true and y_pred have different number of output (3!=1)": predictions of
    # one step scored against targets of three
    m = re.search(r"y_true and y_pred have different number of output \((\d{1,6})!=(\d{1,6})\)", text)
    if not m:
        return None
    return ParsedError(JOIN, SKLEARN, m.group(0), op="broadcast", got=(None, int(m.group(2))),
                       expected=(None, int(m.group(1))))


def _sklearn_samples(text: str) -> ParsedError | None:
    # scikit-learn (train_test_split, fit): "Found input variables with inconsistent numbers of samples: [100, 97]"
    m = re.search(r"Found input variables with inconsistent numbers of samples: \[(\d{1,12}), (\d{1,12})\]", text)
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    if 0 in (first, second):  # e.g. no window fits the series
        return ParsedError(EMPTY, SKLEARN, m.group(0), got=(0,), axis=0)
    return ParsedError(SAMPLES, SKLEARN, m.group(0), x_samples=(first,), y_samples=(second,))


def _keras3_cardinality(text: str) -> ParsedError | None:
    if "Data cardinality is ambiguous" not in text:
        return None
    # Keras 3 quotes the names ('x' sizes: 4); tf.keras 2.x did not (x sizes: 4).
    x = re.search(r"'?x'? sizes: ([\d,\s]{1,2000})", text)
    y = re.search(r"'?y'? sizes: ([\d,\s]{1,2000})", text)
    return ParsedError(SAMPLES, KERAS3, "Data cardinality is ambiguous",
                       x_samples=_ints(x.group(1)) if x else (),
                       y_samples=_ints(y.group(1)) if y else ())


def _spec_wording(text: str) -> str:
    # Keras 3 adds "with name '...'" after "Input 0"; tf.keras 2.x wrote `of layer "lstm"`.
    if re.search(r"Input \d+ with name", text) or "..." in text:
        return KERAS3
    if re.search(r"Input \d+ is incompatible with layer", text):
        return KERAS2
    return KERAS_ANY


_SPEC = r"is incompatible with (?:the )?layer[^:\n]{0,120}:[\s:]{0,4}"


def _call_input(text: str) -> Shape | None:
    """The model's input as Keras 3 lists it under "Arguments received by Sequential.call():
    • inputs=tf.Tensor(shape=(None, 256, 256, 3), dtype=float32)" (None when it does not)."""
    m = re.search(rf"Arguments received by [\w.]{{1,80}}\.call\(\):[^=]{{0,40}}\b(?:inputs|x)=[^(\n]{{0,40}}"
                  rf"\(shape={_SHAPE}", text)
    try:
        return _shape(m.group(1)) if m else None
    except _NotAShape:
        return None


def _predicting(text: str) -> bool:
    """Whether Keras 3 lists "training=False" under "Arguments received by ….call():" (predict, evaluate)."""
    return bool(re.search(r"Arguments received by [\w.]{1,80}\.call\(\):[^:]{0,600}?\btraining=False", text))


def _keras3_input_spec(text: str) -> ParsedError | None:
    m = re.search(_SPEC + r"expected (min_|max_)?ndim=(\d), found ndim=(\d)"
                  rf"(?:\.?\s*Full shape received: {_SHAPE})?", text)
    if m:
        got = _shape(m.group(4)) if m.group(4) is not None else None
        return ParsedError(RANK, _spec_wording(text), m.group(0), layer=_layer_in(text), got=got,
                           expected_rank=int(m.group(2)), found_rank=int(m.group(3)),
                           detail=m.group(1) or "")
    m = re.search(rf"(?:{_SPEC})?expected axis (-?\d) of input shape to have value (\d{{1,12}}),? "
                  rf"but received input with shape {_SHAPE}", text)  # (the layer's part is often left out when quoted)
    if m:
        return ParsedError(AXIS_VALUE, _spec_wording(text), m.group(0), layer=_layer_in(text),
                           axis=int(m.group(1)), expected=(int(m.group(2)),), got=_shape(m.group(3)),
                           model_input=_call_input(text), predicting=_predicting(text))
    m = re.search(rf"(?:{_SPEC})?expected shape={_SHAPE}, found shape={_SHAPE}", text)
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


# Operand names TensorFlow prints: the model's output comes from a layer op, y from the input pipeline.
# The model's own tensors; a loss's operand may also be its log or its clipped copy of the output.
_MODEL_TENSOR = re.compile(r"BiasAdd|Softmax|Sigmoid|Relu|Tanh|MatMul|dense|sequential|model|lstm|gru|time_distributed|"
                           r"activation", re.I)
_OUTPUT_OPERAND = re.compile(rf"{_MODEL_TENSOR.pattern}|y_pred|^Log$|^Log_\d|clip_by_value", re.I)
_TARGET_OPERAND = re.compile(r"IteratorGetNext|^data|^Cast|ExpandDims|y_true|target|labels?\b|Placeholder", re.I)
_LOSS_PATH = re.compile(r"loss|squared|absolute|crossentropy|hinge|huber|logcosh|/sub\b|^sub\b", re.I)
_CELL_PATH = re.compile(r"lstm|gru|simple_rnn|rnn|cell|bidirectional", re.I)


def _node(text: str) -> tuple[str, str, tuple[str, ...]]:
    """The op's path, its type and its operands: "{{node a/b/sub}} = Sub[T=DT_FLOAT](x, y)"."""
    # (the attributes in [...] may hold lists of their own: _class=["loc:@..."])
    m = re.search(r"\{\{node ([^}]{1,300})\}\}(?:\s*=\s*(\w{1,40})(?:\[(?:[^\[\]]|\[[^\[\]]{0,200}\]){0,400}\])?"
                  r"\(([^)]{0,600})\))?", text)
    if m:
        operands = tuple(o.strip() for o in (m.group(3) or "").split(",") if o.strip())
        return m.group(1), m.group(2) or m.group(1).rsplit("/", 1)[-1], operands
    m = re.search(r"\[\[Node: ([\w/.-]{1,300}) = (\w{1,40})(?:\[(?:[^\[\]]|\[[^\[\]]{0,200}\]){0,400}\])?"
                  r"(?:\(([^)]{0,600})\))?", text)  # TensorFlow 1: [[Node: a/b = Op[...](x, y)]]
    if m:
        return m.group(1), m.group(2), tuple(o.strip() for o in (m.group(3) or "").split(",") if o.strip())
    m = re.search(r"for '([\w/.-]{1,300})' \(op: '(\w{1,40})'\)", text)
    if m:
        return m.group(1), m.group(2), ()
    m = re.search(r"(?:Node|node|Detected at node):? '([^'\n]{1,300})'", text)
    if m:
        return m.group(1), m.group(1).rsplit("/", 1)[-1], ()
    m = re.search(r"\[\[node ([\w/.-]{1,300})", text)  # TensorFlow 2.4-2.7: "[[node a/b/MatMul (defined at …) ]]"
    if m:
        return m.group(1), m.group(1).rsplit("/", 1)[-1], ()
    return "", "", ()


def _first_is_target(path: str, operands: tuple[str, ...]) -> bool:
    """Whether the op's first operand is y (else the model's output comes first).

    The operand names say it when TensorFlow prints them. Otherwise the loss's own code decides:
    Keras 2 / tf.keras compute `y_pred - y_true` and `squared_difference(y_pred, y_true)`,
    Keras 3 (ops named "compile_loss/...") computes `y_true - y_pred`.
    """
    if len(operands) >= 2:
        a, b = (o.rsplit("/", 1)[-1] if re.search(r"loss|crossentropy|squared|absolute", o, re.I) else o
                for o in operands[:2])
        if _TARGET_OPERAND.search(a) or _OUTPUT_OPERAND.search(b) and not _OUTPUT_OPERAND.search(a):
            return True
        if _TARGET_OPERAND.search(b) or _OUTPUT_OPERAND.search(a):
            return False
    return "compile_loss" in path


def _output_squeezed(path: str, operands: tuple[str, ...], y_first: bool, loss: str) -> str:
    """Whether the loss saw the model's output without a last axis of 1 (see `ParsedError.output_squeezed`).

    tf.keras 2 and Keras 3 drop the output's last axis of 1 when y has one axis fewer, before the loss
    compares them: a Dense(1) after an LSTM with return_sequences=True reaches it as (samples, timesteps).
    The op names it when the output is its operand ("compile_loss/mse/Squeeze",
    "remove_squeezable_dimensions/Squeeze"); an operand that is the model's own tensor
    ("sequential/dense/BiasAdd") was not dropped. A categorical loss is never put on one unit.
    """
    output = operands[1 if y_first else 0] if len(operands) >= 2 else ""
    if "Squeeze" in output:
        return "squeezed"
    if (output and _MODEL_TENSOR.search(output) and not _LOSS_PATH.search(output)) or loss in (CROSSENTROPY, SPARSE):
        return ""
    return "maybe"


def _loss_named(text: str) -> str:
    lower = text.lower()
    if "sparse" in lower and ("crossentropy" in lower or "softmax" in lower):
        return SPARSE
    if "categorical" in lower or "softmax_cross_entropy" in lower:
        return CROSSENTROPY
    if "binary" in lower or "sigmoid_cross_entropy" in lower or "logits and labels" in lower:
        return BINARY
    if re.search(r"loss/log\b", lower):  # the loss takes the log of the output: a cross-entropy (not MSE/MAE)
        return CROSSENTROPY
    if re.search(r"squared|absolute|mse\b|mae\b|huber|logcosh", lower):
        return REGRESSION
    return ""


def _tf_dimensions(text: str) -> ParsedError | None:
    m = re.search(r"Dimensions must be equal, but are (\d{1,12}) and (\d{1,12})", text, re.I)
    if not m:
        if "dimensions must be equal" in text.lower():  # quoted without its numbers
            return ParsedError(DIMS_EQUAL, TENSORFLOW, "Dimensions must be equal")
        return None
    shapes = re.search(rf"with input shapes: {_SHAPE}, {_SHAPE}", text)
    path, op, operands = _node(text)
    first = _shape(shapes.group(1)) if shapes else None
    second = _shape(shapes.group(2)) if shapes else None
    sizes = (int(m.group(1)), int(m.group(2)))
    is_loss = bool(_LOSS_PATH.search(path)) or op in ("Sub", "SquaredDifference", "Mul", "Equal")
    if op in _CONV_OPS and first is not None and second is not None and len(first) == len(second) >= 3:
        # A convolution: the input's channels (its last axis) against the channels the kernel was
        # built for (the kernel's second-to-last axis). Conv1D runs as a Conv2D over (samples, 1, steps, features).
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="input", op="Conv",
                           layer=_layer_of(path), sizes=(first[-1] or 0, second[-2] or 0), got=first, expected=second)
    if op == "Mul" and re.search(r"loss", path) and first is not None and second is not None \
            and {len(first), len(second)} == {1, 2} and first[0] == second[0]:
        # the loss of each sample times a sample_weight of another rank (a batch whose size TensorFlow knew)
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op="sample_weight", layer=_layer_of(path),
                           got=first if len(first) == 2 else second, expected=first if len(first) == 1 else second,
                           sizes=(0, 0))
    listed = re.search(r"states=\(((?:'[^']{0,200}',?\s?){1,8})\)", text)
    if listed and len(re.findall(r"Tensor\(shape=", listed.group(1))) == 4 and re.search(r"LSTMCell", text):
        # an LSTM started from a Bidirectional encoder's four states
        return ParsedError(KEYWORD, KERAS3, m.group(0), layer="LSTM", detail="initial_state", sizes=(4, 2))
    states = re.search(r"inputs=tf\.Tensor\(shape=\((\w{1,12}), (\d{1,9})\).{0,80}?states=\('tf\.Tensor\(shape=\((\w{1,12}), "
                       r"(\d{1,9})\)", text, re.S)
    if op.startswith("MatMul") and states and first and first[-1] == int(states.group(4)) != int(states.group(2)) \
            and second and second[0] != first[-1]:
        # the recurrent kernel (units × 4·units) met a state of another number of units: an initial_state
        # handed on from a layer of other units
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="input", op="state_units", layer=_layer_of(path),
                           sizes=(first[-1] or 0, second[0] or 0), got=first, expected=second)
    if op in ("MatMul", "BatchMatMulV2") or (not is_loss and _CELL_PATH.search(path)):
        # A MatMul multiplies the features (the last axis of the first operand) by a kernel
        # built for the declared number of features (its first axis).
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="input", op=op or "MatMul",
                           layer=_layer_of(path), sizes=sizes, got=first, expected=second)
    # In a loss, one operand is the model's output and the other y: the op says which.
    y_first = _first_is_target(path, operands)
    if y_first:
        y, out, sizes = first, second, sizes
    else:
        y, out, sizes = second, first, (sizes[1], sizes[0])
    decoder = any(re.search(r"time_distributed|repeat_vector", o) for o in operands)  # an output per step: a decoder, or X's steps
    loss = _loss_named(path) or REGRESSION
    return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op=op, layer=_layer_of(path),
                       sizes=sizes, got=y, expected=out, loss=loss,
                       detail="decoder" if decoder else "", output_squeezed=_output_squeezed(path, operands, y_first, loss))


def _tf_matmul(text: str) -> ParsedError | None:
    # TensorFlow's MatMul kernel, when the graph did not check the shapes first: "Matrix size-incompatible:
    # In[0]: [32,10], In[1]: [1,200]": the features fed (In[0]'s last axis) against the rows of a kernel
    # built for another number of them (In[1]'s first axis; an LSTM's kernel is features × 4·units).
    m = re.search(rf"Matrix size-incompatible: In\[0\]: {_SHAPE}, In\[1\]: {_SHAPE}", text)
    if not m:
        return None
    fed, kernel = _shape(m.group(1)), _shape(m.group(2))
    if len(fed) != 2 or len(kernel) != 2:
        return None
    path, _, _ = _node(text)
    return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="input", op="MatMul", layer=_layer_of(path),
                       sizes=(fed[-1] or 0, kernel[0] or 0), got=fed, expected=kernel)


def _not_broadcastable(text: str) -> ParsedError | None:
    # TensorFlow 2.8+ in a loss, without the shapes: "Node: 'mean_squared_error/SquaredDifference' required
    # broadcastable shapes", or eagerly "required broadcastable shapes [Op:SquaredDifference]". The loss
    # compares the model's output with y; read only where the op or its path is a loss's.
    m = re.search(r"required broadcastable shapes", text)
    if not m:
        return None
    path, op, _ = _node(text)
    bracket = re.search(r"\[Op:(\w{1,40})\]", text)
    op = op or (bracket.group(1) if bracket else "")
    if not (_LOSS_PATH.search(path) or op in ("SquaredDifference", "Sub", "Abs")):
        return None  # two tensors inside a layer or a metric: not y against the output; never guessed
    return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op=op or "broadcast", layer=_layer_of(path),
                       loss=_loss_named(path) or REGRESSION)


_CONV_OPS = ("Conv1D", "Conv2D", "Conv3D", "Conv3DV2", "DepthwiseConv2dNative")


def _layer_of(path: str) -> str | None:
    parts = [p for p in path.split("/") if p]
    return parts[1] if len(parts) >= 2 else (parts[0] if parts else None)


def _product(shape: Shape) -> int:
    result = 1
    for d in shape:
        result *= d or 1
    return result


def _negative_dimension(text: str) -> ParsedError | None:
    # "Negative dimension size caused by subtracting 2 from 1 for 'time_distributed_2/MaxPool' (op:
    # 'MaxPool') with input shapes: [?,20,1,24]": a kernel or pool larger than an axis.
    m = re.search(r"Negative dimension size caused by subtracting (\d{1,6}) from (\d{1,6})", text)
    if not m:
        return None
    shapes = re.search(rf"with input shapes: {_SHAPE}", text)
    path, op, _ = _node(text)
    return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), op="negative", layer=_layer_of(path),
                       sizes=(int(m.group(1)), int(m.group(2))), got=_shape(shapes.group(1)) if shapes else None,
                       detail=op, model_input=_call_input(text))


def _output_size_negative(text: str) -> ParsedError | None:
    # Keras 3: "Computed output size would be zero or negative. Received `inputs shape=(None, 2, 1)`,
    # `kernel shape=(3, 1, 4)`, ..." (a convolution) or "Received: `inputs.shape=[None 1 4]`,
    # `pool_size=[2]`, ..." (a pooling): the window is longer than an axis it slides over.
    m = re.search(r"Computed output size would be zero or negative", text)
    inputs = re.search(r"inputs[ .]shape=[(\[]([\w,\s]{0,120})[)\]]", text)
    window = re.search(r"kernel shape=\(([\d,\s]{0,60})\)|pool_size=[(\[]([\d,\s]{0,60})[)\]]", text)
    if not (m and inputs and window):
        return None
    got = _shape(re.sub(r"(?<=\w)\s+(?=\w)", ",", inputs.group(1).strip()))  # NumPy prints "[None 1 4]"
    if window.group(1) is not None:
        spans, what = _ints(window.group(1))[:-2], "Conv"  # a kernel is (span..., in channels, filters)
    else:
        spans, what = _ints(window.group(2)), "Pool"
    axes = tuple(got[1:-1])  # channels last: the axes the window slides over
    short = next(((k, a) for k, a in zip(spans, axes) if a is not None and a < k), None)
    if len(spans) != len(axes) or short is None:
        return None
    called = re.search(r"calling (\w{1,60})\.call\(\)", text)
    return ParsedError(DIMS_EQUAL, KERAS3, m.group(0), op="negative", layer=called.group(1) if called else None,
                       sizes=short, got=got, detail=what)


def _kernel_rank(text: str) -> ParsedError | None:
    # Keras 3: "Kernel shape must have the same length as input, but received kernel of shape (3, 1, 4)
    # and input of shape (None, 5, 3, 1)": a convolution whose kernel spans rank - 2 axes got another rank.
    m = re.search(rf"Kernel shape must have the same length as input, but received kernel of shape {_SHAPE} "
                  rf"and input of shape {_SHAPE}", text)
    if not m:
        return None
    kernel, got = _shape(m.group(1)), _shape(m.group(2))
    if len(kernel) == 3 and len(got) == 2 and got[1] == 1:
        # a Conv1D that sees one value per sample: TimeDistributed split whole windows into single steps
        return ParsedError(DIMS_EQUAL, KERAS3, m.group(0), op="negative", layer="time_distributed",
                           sizes=(kernel[0] or 0, 1), got=(None, 1, 1, 1), detail="Conv", model_input=_call_input(text))
    layer = {3: "conv1d", 4: "conv2d", 5: "conv3d"}.get(len(kernel))
    return ParsedError(RANK, KERAS3, m.group(0), layer=layer, got=got, expected_rank=len(kernel), found_rank=len(got))


# A confusion-matrix metric's frames (Precision, Recall, AUC…), in tf.keras 2 and Keras 3 tracebacks
_CONFUSION_METRIC = re.compile(r"metrics_utils|update_confusion_matrix_variables|confusion_metrics\.py")


def _confusion_metric(text: str, whole: str = "") -> ParsedError | None:
    """Keras 3's confusion-matrix metrics (Precision, Recall, AUC, TruePositives…) against another width of y.

    They compare y with the output value by value, both flattened: n class numbers against n × k
    probabilities. Precision and Recall stop at a LogicalAnd ("Incompatible shapes: [1,90] vs. [1,30]" as
    it runs, "Dimensions must be equal, but are 8 and 24 for '{{node LogicalAnd}} …' with input shapes: [1,8],
    [1,24]" as it is traced), AUC at a segment sum ("data.shape = [28] does not start with segment_ids.shape =
    [112]"; traced: "Argument `segment_ids` and `data` should have same leading dimension. Got (24,) v.s. (8,)").
    Read only at those ops, or below a frame of the metrics' own code.
    """
    at_op = re.search(r"\{\{node (?:[\w/]{0,200}/)?(?:LogicalAnd|UnsortedSegmentSum)(?:_\d{1,4})?\}\}|"
                      r"`segment_ids` and `data` should have same leading dimension", text)
    if not at_op and not _CONFUSION_METRIC.search(whole or text):
        return None
    # (each wording puts y on its own side: the running LogicalAnd and the traced segment sum give the
    # output first, the traced LogicalAnd and the running segment sum give y first)
    worded = ((r"Incompatible shapes: \[([\d,\s]{1,60})\] vs\. \[([\d,\s]{1,60})\]", False),
              (r"data\.shape = \[([\d,\s]{1,60})\] does not start with segment_ids\.shape = \[([\d,\s]{1,60})\]", True),
              (r"with input shapes: \[([\d,\s]{1,60})\], \[([\d,\s]{1,60})\]", True),
              (r"same leading dimension\. Got \(([\d,\s]{1,60})\) v\.s\. \(([\d,\s]{1,60})\)", False))
    for pattern, y_first in worded:
        m = re.search(pattern, text)
        if m:
            break
    else:
        return None
    a, b = (_product(tuple(int(d) for d in re.findall(r"\d+", g))) for g in m.groups())
    y, out = (a, b) if y_first else (b, a)
    if min(y, out) < 1 or y == out or max(y, out) % min(y, out):
        return None
    # flattened, both: n class numbers against n × k probabilities, or n one-hot rows of k against n single units
    shapes = ((y,), (y, out // y)) if y < out else ((out, y // out), (out, 1))
    return ParsedError(DIMS_EQUAL, KERAS3, m.group(0), role="target", op="confusion", got=shapes[0],
                       expected=shapes[1], sizes=(0, 0), loss=SPARSE if y < out else CROSSENTROPY)


def _tf_incompatible(text: str) -> ParsedError | None:
    # "Incompatible shapes: [32,10,1] vs. [32,1]", from a loss or metric that compares the
    # model's output with y (TensorFlow's broadcasting refused them).
    m = re.search(r"Incompatible shapes: \[([\w,?\s-]{0,120})\] vs\. \[([\w,?\s-]{0,120})\]", text)
    if not m:
        return None
    first, second = _shape(m.group(1)), _shape(m.group(2))
    path, op, operands = _node(text)
    if path and _CELL_PATH.search(path) and not _LOSS_PATH.search(path) and len(first) == len(second) >= 2 \
            and first[0] != second[0] and tuple(first[1:]) == tuple(second[1:]):
        # inside a recurrent cell, batches of two sizes: the states of a fixed (stateful) batch met a smaller one
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="input", op="batch", layer=_layer_of(path),
                           got=first, expected=second, sizes=(first[0] or 0, second[0] or 0))
    if path and re.search(r"loss.{0,40}/mul(?:_\d{1,3})?\b", path) and {len(first), len(second)} == {1, 2} \
            and first[0] == second[0]:
        # the loss of each sample times a sample_weight of another rank: (samples,) against (samples, timesteps)
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op="sample_weight", layer=_layer_of(path),
                           got=first if len(first) == 2 else second, expected=first if len(first) == 1 else second,
                           sizes=(0, 0))
    if path and not _LOSS_PATH.search(path) and not re.search(r"metric|accuracy|Equal", path + op):
        if re.search(r"add|bias", path, re.I) and (layout := _bias_on_axis_one(first, second)):
            data, bias = layout
            owner = re.search(r"([\w.-]{1,120})/(?:add|BiasAdd|bias_add)", path)  # "…/dense_1/add_grad/…"
            return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), op="bias_axis", layer=owner.group(1) if owner else None,
                               got=data, expected=bias, sizes=(data[-1] or 0, bias[1] or 0))
        return None  # two tensors inside a layer (e.g. "dense_1/add_grad"): not y against the output; never guessed
    if not op:
        bracket = re.search(r"\[Op:(\w{1,40})\]", text)
        op = bracket.group(1) if bracket else ""
    y_first = _first_is_target(path, operands)
    y, out = (first, second) if y_first else (second, first)
    if op == "Equal" and len(first) < len(second):  # accuracy: the labels (one axis fewer) come first
        y, out = second, first
    if len(first) == 1 and len(second) >= 2 and None not in second and first[0] == _product(second):
        # an accuracy that flattened the predicted labels: y (the 2D one) lacks the last axis of 1
        y, out, op = second, first, "Equal"
    loss = _loss_named(path) or _loss_named(text)
    return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op=op or "broadcast",
                       layer=_layer_of(path), got=y, expected=out, sizes=(0, 0), loss=loss,
                       output_squeezed=_output_squeezed(path, operands, y_first, loss))


def _bias_on_axis_one(first: Shape, second: Shape) -> tuple[Shape, Shape] | None:
    """(values, bias) when a layer's bias add met a bias laid out channels first.

    Keras 2 adds a bias along axis 1 when the image data format is "channels_first": it reshapes
    the bias to (1, C, 1, ...). Values with C on their last axis (channels last) then fail to
    broadcast: "Incompatible shapes: [64,59,93] vs. [1,93,1]".
    """
    for data, bias in ((first, second), (second, first)):
        if len(bias) == len(data) >= 3 and (bias[1] or 0) > 1 and all(d == 1 for i, d in enumerate(bias) if i != 1) \
                and data[-1] == bias[1] and data[1] != bias[1]:
            return data, bias
    return None


# A loss's frames, against `_CONFUSION_METRIC`'s (frames, not the learner's code lines: the loss runs before the
# metrics, so a metric named in model.compile does not say which one raised)
_LOSS_FRAME = re.compile(r"losses\.py|backend\.py|loss_obj\b")


def _crossentropy(text: str, whole: str = "") -> ParsedError | None:
    # Keras 3 cross-entropy: "Arguments `target` and `output` must have the same rank (ndim).
    # Received: target.shape=(None,), output.shape=(None, 3)" (or "the same shape"); its
    # sparse loss: "Argument `output` must have rank (ndim) `target.ndim - 1`".
    m = re.search(rf"(?:must have the same (?:rank|shape)|must have rank)[^:]{{0,60}}:?\s*(?:Received: )?"
                  rf"target\.shape={_SHAPE}, output\.shape={_SHAPE}", text)
    if m:
        # (the binary and the categorical cross-entropy word it alike: only a loss named elsewhere says which)
        sparse = "target.ndim - 1" in text or "up until the last dimension" in text
        named = SPARSE if sparse else _loss_named(text)
        return ParsedError(DIMS_EQUAL, KERAS3, m.group(0), role="target", op="crossentropy", sizes=(0, 0),
                           got=_shape(m.group(1)), expected=_shape(m.group(2)), loss=named or CROSSENTROPY,
                           output_squeezed=_output_squeezed("", (), True, named))
    # tf.keras: "Shapes (None, 1) and (None, 10) are incompatible". The categorical cross-entropy prints y
    # first, then the output; Precision, Recall, AUC and the other confusion-matrix metrics print the
    # output first. The traceback's last frame that names one of them says which; else it stays unsaid.
    m = re.search(rf"Shapes {_SHAPE} and {_SHAPE} are incompatible", text)
    if m:
        first, second = _shape(m.group(1)), _shape(m.group(2))
        whole = whole or text
        before = whole[:max(whole.rfind(m.group(0)), 0)] or whole
        metric_at = max((f.start() for f in _CONFUSION_METRIC.finditer(before)), default=-1)
        loss_at = max((f.start() for f in _LOSS_FRAME.finditer(before)), default=-1)
        if metric_at > loss_at:  # a confusion-matrix metric raised: the output first, then y
            return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op="confusion", sizes=(0, 0),
                               got=second, expected=first, loss=CROSSENTROPY)
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op="crossentropy", sizes=(0, 0),
                           got=first, expected=second, loss=CROSSENTROPY, order_unsaid=loss_at < 0)
    # Binary cross-entropy from logits: "logits and labels must have the same shape ((None, 10) vs
    # (None, 1))", and later "`logits` and `labels` must have the same shape, received ((64, 74, 1)
    # vs (64,))" (the output first, then y).
    m = re.search(rf"`?logits`? and `?labels`? must have the same shape,?\s{{0,4}}(?:received\s{{0,4}})?"
                  rf"\(\s{{0,4}}{_SHAPE}\s{{0,4}}vs\.?\s{{0,4}}{_SHAPE}\s{{0,4}}\)", text)
    if m:
        return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op="crossentropy", sizes=(0, 0),
                           got=_shape(m.group(2)), expected=_shape(m.group(1)), loss=BINARY)
    return _flattened_logits(text)


def _flattened_logits(text: str) -> ParsedError | None:
    """TensorFlow's softmax cross-entropies, which see the output and y as rows of logits and labels.

    "logits and labels must be same size: logits_size=[7550,2] labels_size=[50,2]" (categorical; TensorFlow 2
    says "must be broadcastable") and
    "logits and labels must have the same first dimension, got logits shape [1280,5] and labels shape
    [64]" (sparse). A recurrent output with timesteps reaches them flattened: logits rows = samples ×
    timesteps. So logits rows a whole multiple of the labels' rows give back the output's shape,
    (samples, timesteps, classes); equal rows leave the classes to compare. Other counts are not read.
    """
    m = re.search(r"logits and labels must be (?:the )?(?:same size|broadcastable):?\s{0,4}logits_size=\[(\d{1,12}),\s{0,4}(\d{1,12})\]"
                  r"\s{0,4}labels_size=\[(\d{1,12}),\s{0,4}(\d{1,12})\]", text)
    if m:
        rows, classes, samples, labels = (int(g) for g in m.groups())
        loss, got = CROSSENTROPY, (samples, labels)
    else:
        m = re.search(r"logits and labels must have the same first dimension, got logits shape \[(\d{1,12}),\s{0,4}"
                      r"(\d{1,12})\] and labels shape \[(\d{1,12})\]", text)
        if not m:
            return None
        rows, classes, samples = (int(g) for g in m.groups())
        loss, got = SPARSE, (samples,)
    if samples < 1 or rows % samples:
        return None
    steps = rows // samples
    expected = (samples, classes) if steps == 1 else (samples, steps, classes)
    flattened = (f"TensorFlow's cross-entropy sees the output flattened: its first axis of {rows:,} logits is "
                 f"{samples:,} samples × {steps:,} timesteps." if steps > 1 else "")
    return ParsedError(DIMS_EQUAL, TENSORFLOW, m.group(0), role="target", op="crossentropy", sizes=(0, 0),
                       got=got, expected=expected, loss=loss, detail=flattened)


def _token_ids(text: str) -> ParsedError | None:
    # TensorFlow's gather inside an Embedding: "indices[0,0] = 9 is not in [0, 5)": a token id past the
    # rows the Embedding was built with (input_dim).
    m = re.search(r"indices\[[\d,\s]{1,60}\] = (-?\d{1,12}) is not in \[0, (\d{1,12})\)", text)
    if not m or not re.search(r"embedding", text, re.I):
        return None
    layer = re.search(r"\b(embedding(?:_\d{1,6})?)\b", text, re.I)
    return ParsedError(LABELS, TENSORFLOW, m.group(0), layer=layer.group(1) if layer else "embedding",
                       label=int(m.group(1)), classes=int(m.group(2)), detail="token")


def _labels(text: str) -> ParsedError | None:
    m = re.search(r"Received a label value of (-?\d{1,12}) which is outside the valid range of \[0, (\d{1,12})\)", text)
    if m:
        values = re.search(r"Label values: ((?:-?\d{1,12}\s{1,4}){1,200})", text)
        listed = _ints(values.group(1)) if values else ()
        return ParsedError(LABELS, TENSORFLOW, m.group(0), role="target", loss=SPARSE,
                           label=int(m.group(1)), classes=int(m.group(2)),
                           detail="from 1" if listed and min(listed) >= 1 else "")
    m = re.search(r"Can not squeeze dim\[(\d)\], expected a dimension of 1, got (\d{1,12})", text)
    if m:
        return ParsedError(LABELS, TENSORFLOW, m.group(0), role="target", loss=SPARSE, classes=int(m.group(2)),
                           detail="one-hot")
    return None


def _ragged(text: str) -> ParsedError | None:
    m = re.search(r"inhomogeneous shape after (\d) dimensions?\.? The detected shape was {0}".format(_SHAPE), text)
    if m:
        return ParsedError(RAGGED, NUMPY, m.group(0), axis=int(m.group(1)), got=_shape(m.group(2)))
    m = re.search(r"inhomogeneous shape after (\d) dimensions?", text)
    if m:
        return ParsedError(RAGGED, NUMPY, m.group(0), axis=int(m.group(1)))
    m = re.search(r"setting an array element with a sequence|ndarray from ragged nested sequences", text)
    if m:
        return ParsedError(RAGGED, NUMPY, m.group(0), axis=1)
    m = re.search(r"all input arrays must have the same shape", text)  # np.stack of pieces of other lengths
    if m:
        return ParsedError(RAGGED, NUMPY, m.group(0), axis=1)
    m = re.search(rf"could not broadcast input array from shape {_SHAPE} into shape {_SHAPE}", text)
    if m:
        return ParsedError(RAGGED, NUMPY, m.group(0), axis=1, got=_shape(m.group(1)), expected=_shape(m.group(2)))
    return None


def _joined(text: str) -> ParsedError | None:
    # NumPy's concatenate (hstack, vstack, column_stack) and its arithmetic on arrays that do not line up:
    # in an LSTM's workflow, predictions put beside (or compared with) the windows, the table or y.
    m = re.search(r"all the input arrays must have same number of dimensions, but the array at index (\d{1,4}) has "
                  r"(\d{1,2}) dimension\(s\) and the array at index (\d{1,4}) has (\d{1,2}) dimension\(s\)", text)
    if m:
        return ParsedError(JOIN, NUMPY, m.group(0), op="rank", sizes=(int(m.group(2)), int(m.group(4))))
    m = re.search(r"except for the concatenation axis must match exactly, but along dimension (\d{1,2}), the array at "
                  r"index \d{1,4} has size (\d{1,12}) and the array at index \d{1,4} has size (\d{1,12})", text)
    if m:
        return ParsedError(JOIN, NUMPY, m.group(0), op="size", axis=int(m.group(1)),
                           sizes=(int(m.group(2)), int(m.group(3))))
    m = re.search(rf"operands could not be broadcast together with shapes {_SHAPE} {_SHAPE}", text)
    if m:
        first, second = _shape(m.group(1)), _shape(m.group(2))
        return ParsedError(JOIN, NUMPY, m.group(0), op="broadcast", got=first, expected=second)
    return None


def _merged(text: str) -> ParsedError | None:
    # Keras's merge layers joining two branches: Concatenate ("… except for the concatenation axis. Received:
    # input_shape=[(None, 10, 8), (None, 8)]"; Keras 2: "… concat axis. Got inputs shapes: [...]") and Add,
    # Multiply, Average… ("Inputs have incompatible shapes. Received shapes (8,) and (4,)"; Keras 2: "Operands
    # could not be broadcast together with shapes (8,) (4,)"), whose shapes leave out the samples axis.
    m = re.search(r"A `?Concatenate`? layer requires inputs with matching shapes except for the concat(?:enation)? axis\.? "
                  r"(?:Received: input_shape=|Got inputs shapes: )\[((?:\s*[(\[][0-9A-Za-z_?,\s-]{0,160}[)\]],?){2,8})\s*\]", text)
    if m:
        shapes = [_shape(inside) for inside in re.findall(_SHAPE, m.group(1))]
        other = next((shape for shape in shapes[1:] if shape != shapes[0]), shapes[1])  # the first that differs
        return ParsedError(JOIN, KERAS3 if "Received" in m.group(0) else KERAS2, m.group(0), op="merge", detail="Concatenate",
                           got=shapes[0], expected=other)
    m = re.search(rf"(?:Inputs have incompatible shapes\. Received shapes {_SHAPE} and|"
                  rf"Operands could not be broadcast together with shapes {_SHAPE}) {_SHAPE}", text)
    if m:
        first = _shape(m.group(1) if m.group(1) is not None else m.group(2))
        return ParsedError(JOIN, KERAS3 if "Received" in m.group(0) else KERAS2, m.group(0), op="merge", detail="Add",
                           got=(None,) + tuple(first), expected=(None,) + tuple(_shape(m.group(3))))
    return None


def _assigned(text: str) -> ParsedError | None:
    # NumPy putting a value into a place of another shape: "could not broadcast input array from shape (10,1)
    # into shape (10,)", from out[i] = value: the same values with an axis of 1 more or less (pieces of other
    # lengths are `_ragged`'s).
    m = re.search(rf"could not broadcast input array from shape {_SHAPE} into shape {_SHAPE}", text)
    if not m:
        return None
    value, slot = _shape(m.group(1)), _shape(m.group(2))
    ones = tuple(d for d in value if d != 1), tuple(d for d in slot if d != 1)
    if abs(len(value) - len(slot)) != 1 or ones[0] != ones[1] or None in ones[0]:
        return None
    return ParsedError(JOIN, NUMPY, m.group(0), op="assign", got=value, expected=slot)


def _indexed(text: str) -> ParsedError | None:
    # "too many indices for array: array is 2-dimensional, but 3 were indexed": X[:, :, 0] on an array
    # without the axis the code expects.
    m = re.search(r"too many indices for array(?:: array is (\d)-dimensional, but (\d) were indexed)?", text)
    if not m:
        return None
    sizes = (int(m.group(1)), int(m.group(2))) if m.group(1) else None
    return ParsedError(JOIN, NUMPY, m.group(0), op="index", sizes=sizes)


def _data_frame(text: str) -> ParsedError | None:
    # pandas given the windows or the predictions: 3D into a DataFrame, a column with fewer rows than the
    # frame (the windows' first n_steps rows have no prediction).
    m = re.search(rf"Must pass 2-d input\.? shape={_SHAPE}", text)
    if m:
        return ParsedError(JOIN, PANDAS, m.group(0), op="frame_rank", got=_shape(m.group(1)))
    m = re.search(rf"(?:Expected a 1D array, got an array with shape|Data must be 1-dimensional, got ndarray of shape) "
                  rf"{_SHAPE}", text)
    if m:  # a 2D array of predictions made one column (df["prediction"] = ..., pd.Series(...))
        return ParsedError(JOIN, PANDAS, m.group(0), op="frame_column", got=_shape(m.group(1)))
    m = re.search(rf"Shape of passed values is {_SHAPE}, indices imply {_SHAPE}", text)
    if m:  # a DataFrame from values of one shape with an index and columns of another
        return ParsedError(JOIN, PANDAS, m.group(0), op="frame_shape", got=_shape(m.group(1)), expected=_shape(m.group(2)))
    m = re.search(r"Length of values \((\d{1,12})\) does not match length of index \((\d{1,12})\)", text)
    if m:
        return ParsedError(JOIN, PANDAS, m.group(0), op="frame_rows", sizes=(int(m.group(1)), int(m.group(2))))
    return None


def _window_too_long(text: str) -> ParsedError | None:
    m = re.search(r"window shape cannot be larger than input array shape", text)  # sliding_window_view
    if m:
        return ParsedError(WINDOW, NUMPY, m.group(0), op="window")
    # sliding_window_view(table, n_steps) on a table: without axis=0 it wants a window size per axis
    m = re.search(r"Since axis is `None`, must provide window_shape for all dimensions of `x`; got (\d) window_shape "
                  r"elements and `x\.ndim` is (\d)", text)
    if m:
        return ParsedError(WINDOW, NUMPY, m.group(0), op="axis", sizes=(int(m.group(1)), int(m.group(2))))
    return None


def _index_past_the_end(text: str) -> ParsedError | None:
    # "index 30 is out of bounds for axis 0 with size 30": most often a window loop that runs past the end
    # (read last: a traceback that holds another error is read by that one)
    m = re.search(r"index (\d{1,12}) is out of bounds for axis 0 with size (\d{1,12})", text)
    if not m or int(m.group(2)) == 0 or int(m.group(1)) < int(m.group(2)):
        return None
    return ParsedError(WINDOW, NUMPY, m.group(0), op="index", sizes=(int(m.group(1)), int(m.group(2))))


_LIST_TOKEN = re.compile(r"\[|\]|,|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)")


def list_literal_shape(text: str, max_depth: int = 6) -> Shape | None:
    """The shape of a printed Python list of numbers, e.g. "[[0.1, 0.2], [0.3, 0.4]]" -> (2, 2).

    Read token by token, never evaluated; None when it is not a list of numbers of one shape (ragged,
    cut short, or holding anything else).
    """
    return _items_shape(_list_items(text, max_depth))


def ragged_list_lengths(text: str, max_depth: int = 6) -> tuple[int, ...] | None:
    """The lengths of the sequences in a printed Python list of sequences of different lengths, e.g.
    "[[4, 12, 7], [3, 9]]" -> (3, 2); None when the list is not that (one shape, or not a list of numbers)."""
    return _items_lengths(_list_items(text, max_depth))


def _items_shape(items: list[Shape] | None) -> Shape | None:
    if items is None or any(item != items[0] for item in items):
        return None
    return (len(items),) + (items[0] if items else ())


def _items_lengths(items: list[Shape] | None) -> tuple[int, ...] | None:
    if not items or any(not item or item[1:] != items[0][1:] for item in items) or len({item[0] for item in items}) < 2:
        return None
    return tuple(item[0] for item in items)


def _list_tokens(text: str) -> list[str] | None:
    """Brackets, commas and numbers, chunk by whitespace-free chunk (linear in the text); None for anything else."""
    tokens: list[str] = []
    for chunk in text.split():
        found = _LIST_TOKEN.findall(chunk)
        if "".join(found) != chunk:
            return None
        tokens += found
    return tokens


def _list_items(text: str, max_depth: int) -> list[Shape] | None:
    """The shape of each item of a printed Python list of numbers (each item of one shape inside), or None."""
    tokens = _list_tokens(text)
    if not tokens or tokens[0] != "[":
        return None

    def read(i: int, depth: int) -> tuple[list[Shape] | Shape, int]:
        """The items' shapes at the top (depth 0), the one shape of a list below it."""
        if tokens[i] != "[":
            return (), i + 1  # a number
        if depth >= max_depth:
            raise ValueError
        shapes, i = [], i + 1
        while tokens[i] != "]":
            shape, i = read(i, depth + 1)
            shapes.append(shape)
            if tokens[i] == ",":
                i += 1
        if depth == 0:
            return shapes, i + 1
        if any(shape != shapes[0] for shape in shapes):
            raise ValueError
        return (len(shapes),) + (shapes[0] if shapes else ()), i + 1

    try:
        items, end = read(0, 0)
    except (ValueError, IndexError, RecursionError):
        return None
    return items if end == len(tokens) else None


def _data_type(text: str, whole: str = "") -> ParsedError | None:
    m = re.search(r"Failed to find data adapter that can handle input: \(?(?:<class '(\w{1,40})'>)?", text)
    if m:
        return ParsedError(DATA_TYPE, KERAS2, m.group(0), detail=m.group(1) or "list")
    # Keras 2: "Expected to see 1 array(s), but instead got the following list of 8734 arrays": a Python list
    # of windows read as 8734 model inputs (several expected arrays would be a multi-input model: not read)
    m = re.search(r"Expected to see 1 array\(?s?\)?,? but (?:instead )?got the following list of (\d{1,12}) arrays", text)
    if m and int(m.group(1)) > 1:
        return ParsedError(DATA_TYPE, KERAS2, m.group(0), detail="list")
    m = re.search(r"Unrecognized data type: x=", text)
    if m:  # the data is printed whole before its type, thousands of characters for a list of windows
        of_type = re.compile(r"\(of type <class '([\w.]{1,60})'>\)").search(text, m.end())
        if of_type:
            items = _list_items(text[m.end():of_type.start()], 6)  # the printed data, read once
            lengths = _items_lengths(items)
            if lengths:  # sequences of different lengths: no one array until they are padded (found_rank: a piece's)
                return ParsedError(RAGGED, KERAS3, text[m.start():m.start() + 300], axis=1, got=lengths,
                                   detail="list", found_rank=len(items[0]))
            return ParsedError(DATA_TYPE, KERAS3, text[m.start():m.start() + 300], detail=of_type.group(1),
                               got=_items_shape(items))
    m = re.search(r"Failed to convert a NumPy array to a Tensor \(Unsupported object type ([\w.]{1,60})\)", text)
    if m:
        return ParsedError(DATA_TYPE, TENSORFLOW, m.group(0), detail=m.group(1))
    # a DataFrame indexed as an array, df[:, 1]: pandas reads the tuple as one column label
    m = re.search(r"InvalidIndexError: \(slice\(None, None, None\)", text)
    if m:
        return ParsedError(DATA_TYPE, PANDAS, m.group(0), detail="pandas")
    # NumPy's reshape and shape called on what is not an array: a pandas table or column, a Python list
    m = re.search(r"'(DataFrame|Series|list|tuple)' object has no attribute '(?:reshape|shape|ndim)'", text)
    if m:
        return ParsedError(DATA_TYPE, NUMPY, m.group(0), detail="pandas" if m.group(1) in ("DataFrame", "Series")
                           else f"python {m.group(1)}")
    m = re.search(r"Invalid dtype: object|dtype=object|object arrays? (?:is|are) not supported", text)
    if m:
        return ParsedError(DATA_TYPE, KERAS3, m.group(0), detail="object")
    # Text where numbers belong: Keras 3's "Invalid dtype: str32", NumPy's "could not convert string to
    # float: '2021-01-04'", TensorFlow's "Cast string to float is not supported"
    m = re.search(r"Shape of sample \((\d{1,9}),\) of sequence at position (\d{1,9}) is different from expected shape "
                  r"\((\d{1,9}),\)", text)
    if m:  # pad_sequences on sequences whose steps hold other numbers of features
        return ParsedError(RAGGED, KERAS_ANY, m.group(0), axis=2, got=(int(m.group(1)),), expected=(int(m.group(3)),),
                           detail="features")
    m = re.search(r"invalid literal for int\(\) with base 10: '", text)
    if m and re.search(r"pad_sequences", whole or text):  # words given to pad_sequences, which reads token ids
        return ParsedError(DATA_TYPE, PYTHON, m.group(0), detail="words")
    m = re.search(r"Invalid dtype: (?:str\d{0,3}|<U\d{1,6}|string|bytes\d{0,3})\b|could not convert string to float: ?(.{0,80})"
                  r"|invalid literal for int\(\) with base 10: '"
                  r"|Cast string to (?:float|int\d{0,2}|double) is not supported|Unsupported object type str\b", text)
    if m:
        return ParsedError(DATA_TYPE, KERAS3 if "Invalid dtype" in m.group(0) else NUMPY, m.group(0), detail="text")
    return None


def _keyword(text: str) -> ParsedError | None:
    m = re.search(r"Unrecognized keyword arguments passed to (\w{1,60}): \{'(\w{1,60})'", text)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), layer=m.group(1), detail=m.group(2))
    # calls the tutorials make that Keras 3 models no longer have
    m = re.search(r"'(?:Sequential|Functional|Model|\w{0,40}Model)' object has no attribute "
                  r"'(predict_classes|predict_proba|reset_states)'", text)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), detail=m.group(1))
    m = re.search(r"Invalid permutation argument `dims` for Permute Layer.{0,200}?(?:Received dims=\(([\d,\s]{0,40})\))?",
                  text, re.S)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), layer="Permute", detail="permute",
                           sizes=_ints(m.group(1) or "") or None)
    m = re.search(r"Attention layer must be called on a list of inputs, namely \[query, value\]", text)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), layer="Attention", detail="attention")
    # the tutorials' TimeseriesGenerator, gone from Keras 3
    m = re.search(r"cannot import name '(TimeseriesGenerator)'|has no attribute '(TimeseriesGenerator)'", text)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), detail="TimeseriesGenerator")
    m = re.search(rf"When using `stateful=True` in a RNN, the batch size must be static\. Found dynamic batch size: "
                  rf"sequence\.shape={_SHAPE}", text)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), detail="stateful batch", got=_shape(m.group(1)))
    # keras.Input(shape=(None, None)): a layer's kernel needs the number of features it reads
    m = re.search(r"Shapes used to initialize variables must be fully-defined \(no `None` dimensions\)\. "
                  rf"Received: shape={_SHAPE} for variable path='([\w/.-]{{1,200}})'", text)
    if m and _shape(m.group(1))[0] is None and m.group(2).endswith("kernel"):
        owners = [part for part in m.group(2).split("/")[:-1] if not part.endswith("cell")]  # ".../lstm/lstm_cell/kernel"
        return ParsedError(KEYWORD, KERAS3, m.group(0), layer=owners[-1] if owners else None, detail="features left open")
    # keras.Input(shape=3): a shape is a tuple of whole numbers, None (not -1) for a size left open
    m = re.search(r"Cannot convert '([^'\n]{1,80})' to a shape\.?(?: Found invalid dimension '[^'\n]{1,40}'"
                  r"| Negative dimensions)?", text)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), detail="negative shape" if "Negative" in m.group(0) else "shape")
    return None


def _stateful_batch(text: str) -> ParsedError | None:
    # Keras 3: "If an RNN is stateful, the batch size of the input sequences must be the same as the batch size
    # of the initial state. - Expected batch size: 1 - Received batch size: 4"
    m = re.search(r"If an RNN is stateful, the batch size of the input sequences must be the same as the batch size "
                  r"of the initial state\.?\s{0,4}-? ?Expected batch size: (\d{1,9})\s{0,4}-? ?Received batch size: (\d{1,9})",
                  text)
    if not m:
        return None
    want, got = int(m.group(1)), int(m.group(2))
    return ParsedError(DIMS_EQUAL, KERAS3, m.group(0), role="input", op="batch", sizes=(got, want), got=(got,),
                       expected=(want,))


def _model_inputs(text: str) -> ParsedError | None:
    # Keras 3: 'Layer "functional" expects 2 named input(s) with keys [...], but it received 1 input tensors':
    # a model with several inputs (a multi-headed model) given one array
    m = re.search(r"The path: \(\d{1,3},?\) in the `loss` argument, can't be found in either the model's output", text)
    if m:  # a model with several outputs given one y
        return ParsedError(INPUTS, KERAS3, m.group(0), detail="outputs")
    m = re.search(r"y_true and y_pred have different structures\.\s{0,4}y_true: \*\s{0,4}y_pred: \[\s{0,4}'\*'(?:,\s{0,4}'\*'){1,30}", text)
    if m:  # Keras 3.10+: the same, in the words of its tree structures
        return ParsedError(INPUTS, KERAS3, m.group(0), detail="outputs")
    m = re.search(r"Layer \"?(\w{1,60})\"? expects (\d{1,3}) (?:named )?input\(s\).{0,300}?but it received (\d{1,3}) input "
                  r"tensors", text, re.S)
    if not m:
        return None
    wanted, given = int(m.group(2)), int(m.group(3))
    model = re.match(r"functional|sequential|model", m.group(1), re.I) or "named input" in m.group(0)
    states = _states_handed_on(text) if not model and wanted == 1 else ""
    if states:
        # a layer given the list a recurrent layer with return_state=True hands on
        return ParsedError(KEYWORD, KERAS3, m.group(0), layer=m.group(1), detail="return_state", op=states,
                           sizes=(given, wanted))
    if wanted == 1 and given > 1:  # a Python list of windows: Keras reads each one as a model input
        return ParsedError(DATA_TYPE, KERAS3, m.group(0), detail="list")
    if not model:
        return None  # a layer inside the model (Concatenate, Add, …) given another number of tensors: not read
    return ParsedError(INPUTS, KERAS3, m.group(0), detail="inputs", sizes=(given, wanted))


def _dataset(text: str) -> ParsedError | None:
    # tf.data and Keras 3's named inputs: a dataset given y as well, windows batched once too often or never,
    # dictionary keys that are not the inputs' names
    m = re.search(r"When providing `x` as a tf\.data\.Dataset, `y` should not be passed", text)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), detail="dataset and y")
    m = re.search(r"Missing data for input \"([\w.-]{1,80})\"\. You passed a data dictionary with keys \[([^\]]{0,400})\]\. "
                  r"Expected the following keys: \[([^\]]{0,400})\]", text)
    if m:
        return ParsedError(KEYWORD, KERAS3, m.group(0), layer=m.group(1), detail="input names")
    m = re.search(rf"Cannot add tensor to the batch: number of elements does not match\. Shapes are: \[tensor\]: {_SHAPE}, "
                  rf"\[batch\]: {_SHAPE}", text)
    if not m:
        m = re.search(rf"Cannot batch tensors with different shapes in component \d{{1,3}}\. First element had shape "
                      rf"{_SHAPE} and element \d{{1,12}} had shape {_SHAPE}", text)
        got, batch = (_shape(m.group(2)), _shape(m.group(1))) if m else ((), ())
    else:
        got, batch = _shape(m.group(1)), _shape(m.group(2))
    if m and got and batch and len(got) == len(batch) and None not in (got[0], batch[0]) and got[0] < batch[0] \
            and tuple(got[1:]) == tuple(batch[1:]):
        # Dataset.window without drop_remainder: the last windows are shorter
        return ParsedError(WINDOW, TENSORFLOW, m.group(0), op="batch", got=got, expected=batch)
    return None


def _recurrent_states(text: str) -> ParsedError | None:
    # an initial_state with another number of tensors than the layer keeps: an LSTM keeps [h, c], a GRU [h]
    m = re.search(r"Arguments received by (LSTM|GRU|SimpleRNN)\.call\(\):.{0,300}?initial_state=\[([^\]]{0,1200})\]", text, re.S)
    if m and re.search(r"list index out of range|Too few leaves|Too many leaves|expected: \d, got: \d", text):
        given = len(re.findall(r"Tensor\(shape=", m.group(2)))
        wanted = 2 if m.group(1) == "LSTM" else 1
        if given and given != wanted:
            return ParsedError(KEYWORD, KERAS3, m.group(0)[:300], layer=m.group(1), detail="initial_state",
                               sizes=(given, wanted))
    return None


def _states_handed_on(text: str) -> str:
    """Which recurrent layer's return_state list a layer was given, from the shapes Keras 3 lists ("" when none).

    An LSTM hands on [output, h, c], a Bidirectional LSTM [output, h, c, h, c], a Bidirectional GRU
    [output, h, h]: the states are 2D and as wide as each other, the output as wide (or, bidirectional, twice).
    Two branches given to one layer are not read.
    """
    listed = re.search(r"Inputs received: \[(.{0,2000}?)\]\s*$", text, re.S | re.M)
    shapes = [_shape(inside) for inside in re.findall(rf"shape={_SHAPE}", listed.group(1))] if listed else []
    if len(shapes) not in (3, 5) or any(len(s) != 2 for s in shapes[1:]) or len({s[-1] for s in shapes[1:]}) != 1:
        return ""
    out, state = shapes[0][-1], shapes[1][-1]
    if len(shapes) == 5 and out == 2 * (state or 0):
        return "bidirectional lstm"
    if len(shapes) == 3 and out == 2 * (state or 0):
        return "bidirectional gru"
    return "lstm" if len(shapes) == 3 and out == state else ""


def _time_distributed_rank(text: str) -> ParsedError | None:
    # Keras 3: "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, received: (None, 3)"
    m = re.search(rf"`?TimeDistributed`? Layer should be passed an `?input_shape`? with at least (\d) dimensions, "
                  rf"received: {_SHAPE}", text)
    if not m:
        return None
    got = _shape(m.group(2))
    return ParsedError(RANK, KERAS3, m.group(0), layer="time_distributed", got=got, expected_rank=int(m.group(1)),
                       found_rank=len(got))


# Saved weights against the model they are loaded into: (pattern, which group is the model's variable, which the
# saved value, the wording). Keras 3 and Keras 2 name the model's variable first; TensorFlow's restore the saved one.
_WEIGHT_WORDINGS = (
    (rf"variable\.shape={_SHAPE}, Received: value\.shape={_SHAPE}", 1, 2, KERAS3),  # variable.assign(value)
    (rf"weight shape {_SHAPE} (?:is )?not compatible with provided weight shape {_SHAPE}", 1, 2, KERAS_ANY),
    (rf"has shape {_SHAPE}, but the saved weight has shape {_SHAPE}", 1, 2, KERAS2),  # load_weights of an .h5
    (rf"Assign requires shapes of both tensors to match\.\s{{0,4}}lhs shape=\s{{0,4}}{_SHAPE},?\s{{0,4}}"
     rf"rhs shape=\s{{0,4}}{_SHAPE}", 1, 2, TENSORFLOW),  # a TensorFlow 1 Saver: lhs the graph's variable
    (rf"Shapes are {_SHAPE} and {_SHAPE}\.?\s{{0,4}}for '[^'\n]{{0,300}}' \(op: 'Assign'\)", 1, 2, TENSORFLOW),
    (rf"incompatible tensor with shape {_SHAPE} when attempting to restore variable with shape {_SHAPE}", 2, 1,
     TENSORFLOW),  # a TensorFlow 2 checkpoint: the saved tensor first
)
_LOADING = re.compile(r"load_weights|set_weights|load_model|\.assign\(|restore|checkpoint|\.h5\b|\.keras\b", re.I)
# Where the message names the weight, best first: its variable's path, else its layer.
_VARIABLE_NAMES = (r"Variable path=([\w/.-]{1,200}\w)", r"<tf\.Variable '([\w/.-]{1,200}\w)", r"and name ([\w/.-]{1,200}\w)",
                   r"Layer ['\"]?(\w{1,120})['\"]? weight shape", r"named \"(\w{1,120})\"")


def _saved_weights(text: str, whole: str = "") -> ParsedError | None:
    """A saved model's weights that do not fit the model being loaded: its layers were built with other sizes.

    Also tf.keras 2's "Shapes (165888, 4096) and (25088, 4096) are incompatible" when the pasted
    text (`whole`, the traceback above the error line too) is about loading (load_weights,
    set_weights, a checkpoint) and neither shape has an open size: a loss's shapes have the batch
    open, a weight's never.
    """
    for pattern, built, saved, wording in _WEIGHT_WORDINGS:
        m = re.search(pattern, text)
        if m:
            break
    else:
        m = re.search(rf"Shapes {_SHAPE} and {_SHAPE} are incompatible", text)
        if not m or not _LOADING.search(whole or text) or re.search(r"None|\?", m.group(0)):
            return None
        built, saved, wording = 1, 2, KERAS_ANY  # the variable's assign: the variable first, then the value
    names = (re.search(pattern, text) for pattern in _VARIABLE_NAMES)
    layer = next((found.group(1) for found in names if found), None)
    return ParsedError(WEIGHTS, wording, m.group(0), layer=layer, got=_shape(m.group(built)),
                       expected=_shape(m.group(saved)), with_batch=False)


# Most specific first: a pasted traceback can contain more than one of these.
_READERS = (
    _empty, _scaler, _reshape_layer, _numpy_reshape, _assigned, _ragged, _joined, _merged, _indexed, _data_frame, _window_too_long, _sklearn_samples, _sklearn_outputs, _dataset, _recurrent_states, _keras3_cardinality, _keras2_samples, _keras3_functional, _keras3_input_spec,
    _token_ids, _labels, _stateful_batch, _model_inputs, _time_distributed_rank, _saved_weights, _crossentropy, _negative_dimension, _output_size_negative, _kernel_rank, _keras2_target_array, _previous_layer, _theano_new_order, _keras1_expects_ndim, _confusion_metric, _tf_incompatible, _tf_dimensions, _tf_matmul, _not_broadcastable,
    _keras2_shape, _keras2_dimensions, _keras2_rank_only, _cannot_feed, _theano_gemm, _tensor_list, _theano_dims, _data_type, _keyword,
    _index_past_the_end,
)

# The line where Python prints the exception: "ValueError: ...", "tensorflow...InvalidArgumentError: ...".
_EXCEPTION_LINE = re.compile(r"^[ \t]{0,40}(?:[A-Za-z_][\w.]{0,200}\.)?[A-Z]\w{0,60}(?:Error|Exception)\b", re.M)


def error_part(text: str) -> str:
    """The text from the last exception line on (the whole text when it has none)."""
    last = None
    for last in _EXCEPTION_LINE.finditer(text):
        pass
    return text[last.start():] if last is not None else text


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
    tail = error_part(clean)
    for part in (tail, clean) if tail != clean else (clean,):
        for reader in _READERS:
            try:
                # (four readers also look above the error line: for the call that loaded the weights, for
                # pad_sequences, for the frame that raised)
                parsed = reader(part, clean) if reader in (_saved_weights, _data_type, _crossentropy, _confusion_metric) \
                    else reader(part)
            except _NotAShape:
                continue
            if parsed is not None:
                return with_leading_minus_one(parsed, clean)
    return None

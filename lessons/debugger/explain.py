"""What a diagnosis says: the cause, the wrong axis, the two shapes side by side, the fix.

`Diagnosis` is what the debugger page shows for a pasted message, a described model or a
gallery entry; `comparison_html` draws its picture and `cause_html` colours the axis names.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, replace
from typing import Any

from lessons.core.axes import BY_NAME, OTHER, Shape, default_axes

MISSING = "—"  # an axis one shape has and the other lacks

DEFAULT_STEPS = 3  # window length the fixes suggest when neither the message nor the model gives one

# A series or a table over time, cut into overlapping windows. `{data}` is a name the debugger
# chooses (never text from the learner); `{n_steps}` a whole number.
WINDOWS_CODE = """import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

def make_windows(table, n_steps):
    \"\"\"Overlapping windows of n_steps rows: X (windows, n_steps, features), y the row after each.\"\"\"
    table = np.asarray(table, dtype="float32").reshape((len(table), -1))  # a 1D series: 1 feature
    views = sliding_window_view(table, n_steps, axis=0)  # (rows - n_steps + 1, features, n_steps)
    X = np.moveaxis(views, -1, 1)[:-1]  # (windows, n_steps, features); the last window has no next row
    y = table[n_steps:]  # the row after each window
    return X, y

X, y = make_windows({data}, n_steps={n_steps})  # {data}: one row per timestep, in time order"""


def windows_code(n_steps: int | None, data: str = "data") -> str:
    """`WINDOWS_CODE` for windows of `n_steps` (the default length when not known)."""
    return WINDOWS_CODE.format(n_steps=n_steps or DEFAULT_STEPS, data=data)


def row_windows_code(n_steps: int | None, rows: str = "X", targets: str | None = "y", why: str = "") -> str:
    """X's rows (consecutive timesteps) cut into windows; each window keeps the target of its last row.

    `rows` and `targets` are expressions the debugger writes, e.g. "X.reshape((21, -1))"; `n_steps` None means
    the learner chooses the length (the code starts from `DEFAULT_STEPS`); `why` says where a
    given length comes from.
    """
    why = why or "how far back the LSTM looks; your choice"
    lines = [
        "import numpy as np",
        "from numpy.lib.stride_tricks import sliding_window_view",
        "",
        f"n_steps = {n_steps or DEFAULT_STEPS}  # timesteps per window: {why}",
        f"X = np.moveaxis(sliding_window_view({rows}, n_steps, axis=0), -1, 1)  # (windows, n_steps, features)",
    ]
    if targets:
        lines.append(f"y = {targets}[n_steps - 1 :]  # each window's target: the one of its last row")
    return "\n".join(lines)


def one_timestep_code(reshape: str, features: str, model_asks: bool = False, items: str = "rows") -> str:
    """The 1-timestep reshape (`reshape`, one line of code) under a comment that says what it means.

    `items` names what would become samples: "rows" of a table, or "values" of a 1D series.
    """
    what = f"1 timestep of {features} feature{'' if features == '1' else 's'}"
    if model_asks:
        head = (f"# What your model declares: {what}. It runs, but the LSTM then\n"
                f"# has no sequence to read: right only if the {items} are independent samples with no order.")
    else:
        head = (f"# Only if the {items} are independent samples with no order: {what}.\n"
                "# It runs, but the LSTM then has no sequence to read.")
    return f"{head}\n{reshape}"


def one_timestep_caveat(features: int | None, items: str = "rows") -> str:
    """What a reshape to 1 timestep means, in plain words (shown beside every such fix)."""
    count = "its" if features is None else f"{features:,}"
    noun = "feature" if features == 1 else "features"
    return (
        f"A reshape to 1 timestep runs, but each sample is then one timestep of {count} {noun}: the LSTM "
        f"has no sequence to read. Use it only when the {items} really are independent samples with no order; "
        f"when they follow one another in time, cut windows of consecutive {items}."
    )


@dataclass(frozen=True)
class AxisCell:
    """One column of the picture: an axis and its size in each shape."""

    name: str
    yours: str
    expected: str
    wrong: bool


# What has to change (`Diagnosis.culprit`), which kind of change fixes it (`Diagnosis.fix_kind`)
# and the axes (`Diagnosis.axis`): the vocabulary of tests/unit/debugger/corpus/README.md.
CULPRITS = ("X", "declared", "y", "output", "layer", "samples", "data")
FIX_KINDS = ("reshape", "swap_axes", "windows", "input_shape", "return_sequences", "output_units", "labels",
             "match_samples", "channels_axis", "pad", "dtype", "divisible", "kernel")
AXES = ("samples", "timesteps", "features", "channels", "subsequences", "rows", "outputs", "classes")


@dataclass(frozen=True)
class Diagnosis:
    title: str
    cause: str  # one or two plain sentences
    axis: str | None  # the wrong axis (one of AXES), None when no axis is involved
    cells: tuple[AxisCell, ...]  # the learner's shape aligned with the expected one
    fix_code: str  # paste-able Python
    fix_note: str = ""  # what the fix means, or what to do when a reshape cannot be right
    silent: bool = False  # Keras 3 runs this without an error: a warning, not an error
    labels: tuple[str, str] = ("yours", "expected")
    culprit: str = ""  # what has to change, one of CULPRITS ("" only for described-model warnings)
    fix_kind: str = ""  # the kind of change fix_code makes first, one of FIX_KINDS
    # The smallest set-up the message implies, when it gives the numbers: a
    # `lessons.debugger.model.ModelDescription` that raises the same kind of error, and whose
    # `apply_fix`'d version trains. None when the message lacks the numbers or the model page
    # cannot build it (e.g. a classification loss).
    case: Any = None
    # Where the same message comes from different mistakes and nothing in it tells which (the threads it
    # was posted in disagree), the page asks `question`; each reading's `answer` picks it. `others` are
    # the readings besides this first one, each a whole Diagnosis with its own answer. See `ask`.
    question: str = ""
    answer: str = ""
    others: tuple[Diagnosis, ...] = ()

    @property
    def readings(self) -> tuple[Diagnosis, ...]:
        """This reading and the others the message allows, in the order the page offers them."""
        return (self,) + self.others


def ask(question: str, *readings: tuple[str, Diagnosis]) -> Diagnosis:
    """The first reading, carrying the others: (answer, diagnosis) pairs the message cannot tell apart.

    The learner knows the answer (what a row of X is, which layer comes first); the message does not.
    """
    (answer, first), *rest = readings
    others = tuple(replace(d, answer=a, question=question, others=()) for a, d in rest)
    return replace(first, question=question, answer=answer, others=others)


def dim_text(dim: int | None) -> str:
    """A size for the learner to read: 1,000 with its separator, "any" for None (never in code)."""
    return "any" if dim is None else f"{dim:,}"


def counted(count: int | None, noun: str) -> str:
    return f"{dim_text(count)} {noun}{'' if count == 1 else 's'}"


def code_dim(dim: int | None) -> str:
    """A size as Python code: 1000, None."""
    return "None" if dim is None else str(dim)


def axis_names(rank: int) -> tuple[str, ...]:
    """Axis names of a shape with its samples axis, by rank (3D LSTM, 4D CNN-LSTM, 5D ConvLSTM)."""
    if rank == 2:
        return ("samples", "features")
    return tuple(a.name for a in default_axes(rank))


def aligned_cells(yours: Shape, expected: Shape, names: tuple[str, ...] | None = None) -> tuple[AxisCell, ...]:
    """Cells for two shapes of one rank; an axis is wrong when both sizes are known and differ."""
    names = names or axis_names(len(expected))
    return tuple(
        AxisCell(n, dim_text(a), dim_text(b), a is not None and b is not None and a != b)
        for n, a, b in zip(names, yours, expected)
    )


def inserted_cells(yours: Shape, expected: Shape, at: int, names: tuple[str, ...] | None = None) -> tuple[AxisCell, ...]:
    """Cells when `yours` lacks the axis `expected` has at position `at`."""
    names = names or axis_names(len(expected))
    padded = yours[:at] + (MISSING,) + yours[at:]
    return tuple(
        AxisCell(n, MISSING if a == MISSING else dim_text(a), dim_text(b), a == MISSING or (a is not None and b is not None and a != b))
        for n, a, b in zip(names, padded, expected)
    )


def missing_axis_at(yours: Shape, expected: Shape) -> int | None:
    """Where one axis of size 1 (or any size) would turn `yours` into `expected`, if anywhere."""
    if len(expected) != len(yours) + 1:
        return None
    for at in range(len(expected)):
        candidate = yours[:at] + (expected[at],) + yours[at:]
        if all(a is None or b is None or a == b for a, b in zip(candidate, expected)) and (expected[at] in (1, None)):
            return at
    return None


def padded_cells(yours: Shape, expected: Shape, names: tuple[str, ...] | None = None) -> tuple[AxisCell, ...]:
    """Cells for a shorter `yours`: samples stay first, its other axes line up from the right."""
    names = names or axis_names(len(expected))
    gap = len(expected) - len(yours)
    padded = yours[:1] + (MISSING,) * gap + yours[1:]
    return tuple(
        AxisCell(n, a if a == MISSING else dim_text(a), dim_text(b),  # type: ignore[arg-type]
                 a == MISSING or (a is not None and b is not None and a != b))
        for n, a, b in zip(names, padded, expected)
    )


def conform(yours: Shape, expected: Shape) -> Shape | None:
    """`yours` reshaped to `expected` (keeping its samples) when each sample holds the same values."""
    if any(d is None for d in expected[1:]) or any(d is None for d in yours[1:]):
        return None
    if math.prod(yours[1:]) != math.prod(expected[1:]):  # type: ignore[arg-type]
        return None
    return (yours[0],) + tuple(expected[1:])


def reshape_line(name: str, shape: tuple[int | None, ...]) -> str:
    dims = [f"{name}.shape[0]" if d is None else str(d) for d in shape]
    return f"{name} = {name}.reshape(({', '.join(dims)}))"


def first_wrong(cells: tuple[AxisCell, ...]) -> str | None:
    return next((c.name for c in cells if c.wrong), None)


def comparison_html(diagnosis: Diagnosis) -> str:
    """The picture: the learner's shape above the expected one, one column per axis.

    Each column is captioned by its axis in the app's colour; a mismatching column is boxed
    in red and its sizes marked, so the eye goes straight to the axis to fix.
    """
    if not diagnosis.cells:
        return ""
    head = '<td style="padding:.2em .6em;color:#555;text-align:right">{}</td>'
    rows = {0: [head.format(html.escape(diagnosis.labels[0]))],
            1: [head.format(html.escape(diagnosis.labels[1]))], 2: ["<td></td>"]}
    for cell in diagnosis.cells:
        colour = BY_NAME.get(cell.name, OTHER).colour
        box = "border:2px solid #d62728;background:#fde8e8;" if cell.wrong else "border:1px solid #ddd;"
        for row, value in ((0, cell.yours), (1, cell.expected)):
            rows[row].append(
                f'<td style="{box}padding:.2em .7em;text-align:center;font-family:monospace;'
                f'font-size:1.2em;color:{colour}"><b>{html.escape(value)}</b></td>'
            )
        mark = " ✗" if cell.wrong else ""
        rows[2].append(f'<td style="text-align:center;color:{colour}"><small>{html.escape(cell.name)}{mark}</small></td>')
    body = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows.values())
    return f'<table class="sl-compare" style="border-collapse:separate;border-spacing:3px">{body}</table>'


_AXIS_WORDS = re.compile(r"\b(samples|timesteps|features|subsequences|rows)\b")


def cause_html(text: str) -> str:
    """The text with every axis name set in bold in its axis colour (the rest escaped)."""
    def paint(match: re.Match[str]) -> str:
        return f'<b style="color:{BY_NAME[match.group(1)].colour}">{match.group(1)}</b>'

    return _AXIS_WORDS.sub(paint, html.escape(text))



"""The eleven models of the forecasting tutorial: data, framing, model, epochs, test input, expected.

This is the one place these facts live; pages, tests, the benchmark and exported scripts read them.
How a framing cuts its samples lives in `framings.FRAMINGS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lessons.forecasting.framings import FRAMINGS, Framing

UNIVARIATE = np.arange(10, 100, 10, dtype=float)  # 10, 20, …, 90
IN1 = np.arange(10, 100, 10, dtype=float)
IN2 = np.arange(15, 100, 10, dtype=float)  # 15, 25, …, 95
MULTIVARIATE = np.column_stack([IN1, IN2, IN1 + IN2])  # 9 rows × 3 columns

# The LSTM variants. Each needs its own input rank (see models.py).
VARIANTS: dict[str, str] = {
    "vanilla": "Vanilla LSTM",
    "stacked": "Stacked LSTM",
    "bidirectional": "Bidirectional LSTM",
    "cnn_lstm": "CNN-LSTM",
    "conv_lstm": "ConvLSTM",
    "encoder_decoder": "Encoder-decoder LSTM",
}


@dataclass(frozen=True)
class ForecastLesson:
    key: str
    title: str
    page: str  # the page file stem that teaches it
    framing: Framing
    data: np.ndarray = field(repr=False)
    n_in: int
    n_out: int
    variant: str  # a key of VARIANTS: the tutorial's choice
    units: int
    epochs: int
    test_input: np.ndarray = field(repr=False)
    expected: np.ndarray = field(repr=False)
    n_seq: int = 1  # subsequences for CNN-LSTM / ConvLSTM
    seed: int = 1
    learning_rate: float = 0.001  # Adam's default, as in the tutorial

    def make_samples(self) -> tuple[np.ndarray, np.ndarray]:
        """X and y as the framing cuts them, before any reshape for a variant."""
        return self.framing.cut(self.data, self.n_in, self.n_out)


def _lesson(**kw) -> ForecastLesson:
    kw["framing"] = FRAMINGS[kw["framing"]]
    kw["test_input"] = np.asarray(kw["test_input"], dtype=float)
    kw["expected"] = np.asarray(kw["expected"], dtype=float)
    return ForecastLesson(**kw)


LESSONS: dict[str, ForecastLesson] = {
    lesson.key: lesson
    for lesson in [
        _lesson(key="vanilla", title="Vanilla LSTM", page="univariate", framing="univariate",
                data=UNIVARIATE, n_in=3, n_out=1, variant="vanilla", units=50, epochs=200,
                test_input=[70, 80, 90], expected=[100]),
        _lesson(key="stacked", title="Stacked LSTM", page="univariate", framing="univariate",
                data=UNIVARIATE, n_in=3, n_out=1, variant="stacked", units=50, epochs=200,
                test_input=[70, 80, 90], expected=[100]),
        _lesson(key="bidirectional", title="Bidirectional LSTM", page="univariate",
                framing="univariate", data=UNIVARIATE, n_in=3, n_out=1, variant="bidirectional",
                units=50, epochs=200, test_input=[70, 80, 90], expected=[100]),
        _lesson(key="cnn_lstm", title="CNN-LSTM", page="univariate", framing="univariate",
                data=UNIVARIATE, n_in=4, n_out=1, variant="cnn_lstm", units=50, epochs=500,
                test_input=[60, 70, 80, 90], expected=[100], n_seq=2),
        _lesson(key="conv_lstm", title="ConvLSTM", page="univariate", framing="univariate",
                data=UNIVARIATE, n_in=4, n_out=1, variant="conv_lstm", units=64, epochs=500,
                test_input=[60, 70, 80, 90], expected=[100], n_seq=2),
        _lesson(key="multiple_input", title="Multiple input series", page="multivariate",
                framing="multiple_input", data=MULTIVARIATE, n_in=3, n_out=1, variant="vanilla",
                units=50, epochs=200, test_input=[[80, 85], [90, 95], [100, 105]], expected=[205]),
        _lesson(key="parallel", title="Multiple parallel series", page="multivariate",
                framing="parallel", data=MULTIVARIATE, n_in=3, n_out=1, variant="stacked",
                units=100, epochs=400,
                test_input=[[70, 75, 145], [80, 85, 165], [90, 95, 185]], expected=[100, 105, 205]),
        _lesson(key="vector_output", title="Vector output", page="multi_step",
                framing="univariate_multistep", data=UNIVARIATE, n_in=3, n_out=2,
                variant="stacked", units=100, epochs=50, test_input=[70, 80, 90],
                expected=[100, 110]),
        _lesson(key="encoder_decoder", title="Encoder-decoder", page="multi_step",
                framing="univariate_multistep", data=UNIVARIATE, n_in=3, n_out=2,
                variant="encoder_decoder", units=100, epochs=100, test_input=[70, 80, 90],
                expected=[[100], [110]]),
        _lesson(key="multiple_input_multistep", title="Multiple input, multi-step output",
                page="multivariate_multi_step", framing="multiple_input_multistep",
                data=MULTIVARIATE, n_in=3, n_out=2, variant="stacked", units=100, epochs=200,
                test_input=[[70, 75], [80, 85], [90, 95]], expected=[185, 205]),
        _lesson(key="parallel_multistep", title="Multiple parallel input, multi-step output",
                page="multivariate_multi_step", framing="parallel_multistep", data=MULTIVARIATE,
                n_in=3, n_out=2, variant="encoder_decoder", units=200, epochs=300,
                test_input=[[60, 65, 125], [70, 75, 145], [80, 85, 165]],
                expected=[[90, 95, 185], [100, 105, 205]]),
    ]
}


def lessons_on_page(page: str) -> list[ForecastLesson]:
    return [lesson for lesson in LESSONS.values() if lesson.page == page]

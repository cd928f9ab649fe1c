"""The forecasting lessons: the tutorial's eleven models on toy series, in one package.

- `tutorial`: the data, variants and every lesson's facts (re-exported here);
- `framings`: each framing described once: its columns, its (X, y) cut and the rows figures draw;
- `models`: each variant's input shape and its Keras model;
- `training`: the compiled engine that trains a lesson as `model.fit` would, faster;
- `figures`: windows, predictions and the spread of seeds as pictures, tables and sentences;
- `export`: the standalone script a learner downloads.
"""

from lessons.forecasting.framings import FRAMINGS, Framing, WindowError
from lessons.forecasting.tutorial import (
    IN1,
    IN2,
    LESSONS,
    MULTIVARIATE,
    UNIVARIATE,
    VARIANTS,
    ForecastLesson,
    lessons_on_page,
)

__all__ = [
    "FRAMINGS", "IN1", "IN2", "LESSONS", "MULTIVARIATE", "UNIVARIATE", "VARIANTS", "ForecastLesson", "Framing",
    "WindowError", "lessons_on_page",
]

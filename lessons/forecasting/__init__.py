"""The forecasting lessons: the tutorial's eleven models on toy series, in one package.

- `tutorial`: the data, framings, variants and every lesson's facts (re-exported here);
- `windows`: cutting a series or table into (X, y) samples;
- `models`: each variant's input shape and its Keras model;
- `training`: the compiled engine that trains a lesson as `model.fit` would, faster;
- `figures`: windows, predictions and the spread of seeds as pictures, tables and sentences;
- `export`: the standalone script a learner downloads.
"""

from lessons.forecasting.tutorial import (
    FRAMINGS,
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
    "FRAMINGS", "IN1", "IN2", "LESSONS", "MULTIVARIATE", "UNIVARIATE", "VARIANTS", "ForecastLesson",
    "lessons_on_page",
]

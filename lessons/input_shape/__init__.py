"""The input-shape lessons: the checklist's questions and answers, parallel series as features,
and the small Keras probe that shows what `keras.Input(shape=…)` really declares."""

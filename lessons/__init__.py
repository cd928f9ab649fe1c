"""Shape Lab's lesson logic: data, windows, shapes, models, training and explanations.

Nothing in this package imports Streamlit. Modules that need TensorFlow import it
inside functions or are only imported by pages once training is asked for, so the
reshape-only pages stay fast.
"""

import os

# TensorFlow's C++ start-up chatter is not for learners; keep warnings and errors.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

"""Shape Lab's lesson logic: data, windows, shapes, models, training and explanations.

Nothing in this package imports Streamlit. Modules that need TensorFlow import it
inside functions or are only imported by pages once training is asked for, so the
reshape-only pages stay fast.
"""

import os

# TensorFlow's C++ start-up chatter is not for learners; keep warnings and errors.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# oneDNN's reordered float sums make tiny models slower here (ConvLSTM about 6x) and results
# differ run to run in the last digits; the lessons want speed and reproducible seeds.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

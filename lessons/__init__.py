"""Shape Lab's lesson logic: data, windows, shapes, models, training and explanations.

Nothing in this package imports Streamlit. Modules that need TensorFlow import it
inside functions or are only imported by pages once training is asked for, so the
reshape-only pages stay fast.
"""

import logging
import os

# TensorFlow's C++ start-up chatter is not for learners; keep warnings and errors.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# oneDNN's reordered float sums make tiny models slower here (ConvLSTM about 6x) and results
# differ run to run in the last digits; the lessons want speed and reproducible seeds.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def _not_a_retracing_warning(record: logging.LogRecord) -> bool:
    """Every new model or window shape a learner tries is a new graph to trace: that is the
    design, so TensorFlow's "triggered tf.function retracing" advice is noise in the server log."""
    return "triggered tf.function retracing" not in record.getMessage()


# TensorFlow logs through the standard "tensorflow" logger; a filter set before it is imported stays.
logging.getLogger("tensorflow").addFilter(_not_a_retracing_warning)

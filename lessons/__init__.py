"""Shape Lab's lesson logic: data, windows, shapes, models, training and explanations.

Nothing in this package imports Streamlit. Modules that need TensorFlow import it
inside functions or are only imported by pages once training is asked for, so the
reshape-only pages stay fast.
"""

import logging
import os

# TensorFlow's C++ start-up chatter is not for learners; keep warnings and errors.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# oneDNN stays on, as TensorFlow has it by default (and as a learner's own script runs): the
# lessons' 200-unit LSTMs train about 1.7x faster with it, ConvLSTM's tiny convolutions about 2x
# slower (benchmarks/bench_training.py, bench_click.py). On one thread, as the pool's workers run,
# a seed gives the same prediction bit for bit run after run. Set TF_ENABLE_ONEDNN_OPTS=0 to compare.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
# oneDNN builds a convolution's backward pass anew at every step unless told to keep it; ConvLSTM's
# tiny convolutions then spend more time building than computing (warm training about 1.0 s vs 0.5 s).
os.environ.setdefault("TF_MKL_OPTIMIZE_PRIMITIVE_MEMUSE", "false")


def _not_a_retracing_warning(record: logging.LogRecord) -> bool:
    """Every new model or window shape a learner tries is a new graph to trace: that is the
    design, so TensorFlow's "triggered tf.function retracing" advice is noise in the server log."""
    return "triggered tf.function retracing" not in record.getMessage()


# TensorFlow logs through the standard "tensorflow" logger; a filter set before it is imported stays.
logging.getLogger("tensorflow").addFilter(_not_a_retracing_warning)

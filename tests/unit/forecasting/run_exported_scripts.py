"""Run many exported scripts in ONE Python process and write what each printed to a JSON file.

    python run_exported_scripts.py results.json first_script.py second_script.py ...

Starting Python and TensorFlow takes seconds; a script trained for a few epochs takes well under
one. tests/unit/forecasting/test_export.py starts this driver once, in a fresh interpreter, instead of one
interpreter per script. Each script still runs as `__main__`, with its own stdout captured, and
Keras is cleared between scripts so none of them sees the models of the one before.

TensorFlow functions run eagerly here: tracing a graph for `fit` and again for `predict` of every
new model costs about 2 s a script on 2 cores, three times what the two epochs themselves take.
The script's code, shapes and numbers are the same either way; test_export.py still runs one
script on its own, graph and all, exactly as a learner would.
"""

from __future__ import annotations

import contextlib
import io
import json
import runpy
import sys
import time
import traceback
from pathlib import Path


def run_one(path: str) -> dict[str, object]:
    """What one script printed, and its traceback if it did not reach its last line."""
    import keras

    stdout = io.StringIO()
    error = None
    started = time.perf_counter()
    try:
        with contextlib.redirect_stdout(stdout):
            runpy.run_path(path, run_name="__main__")
    except (Exception, SystemExit):  # a crash is this script's result, not the end of the batch
        error = traceback.format_exc()
    finally:
        keras.backend.clear_session()
    return {"stdout": stdout.getvalue(), "error": error, "seconds": round(time.perf_counter() - started, 2)}


def main(results_file: str, scripts: list[str]) -> None:
    import tensorflow as tf  # paid once here, before the first script's clock starts

    tf.config.run_functions_eagerly(True)

    results = {path: run_one(path) for path in scripts}
    Path(results_file).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

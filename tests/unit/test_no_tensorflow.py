"""Opening a page never imports TensorFlow: checked in a fresh process per page.

The input-shape pages only reshape and never need it; the others load it only when the learner
asks for a model (train, show layers, run a gallery entry).
"""

import subprocess
import sys
from pathlib import Path

import pytest

from lessons.catalog import PAGES

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=120)
at.run()
at.switch_page({page!r}).run()
for key in {click!r}:
    at.button(key=key).click().run()
assert not at.exception, at.exception
print("LOADED:" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))[:3]))
"""


def modules_loaded(page: str, click: tuple[str, ...] = ()) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(app=str(ROOT / "app.py"), page=page, click=click)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1].removeprefix("LOADED:")


@pytest.mark.parametrize("page", [p.file for p in PAGES])
def test_page_runs_without_importing_tensorflow(page):
    assert modules_loaded(page) == ""


def test_the_probe_sees_tensorflow_once_a_learner_asks_keras():
    # Asking Keras on the input-layer page is the moment TensorFlow may load, and the probe notices.
    assert modules_loaded("pages/input_layer.py", ("input_layer_build",)) != ""

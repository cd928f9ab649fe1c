"""`serve.py`, README's way to start the app: its training workers start with the server, before any
browser connects, so they load TensorFlow while the first learner's page is still loading."""

from __future__ import annotations

import time
from pathlib import Path

from lessons.engine import worker_pids_of
from tests.e2e.server import START_SECONDS, app_server


def test_the_workers_start_before_any_browser_connects(tmp_path: Path) -> None:
    with app_server(1, tmp_path / "serve.log") as server:  # answers its health check; no page opened
        deadline = time.monotonic() + START_SECONDS
        while not worker_pids_of(server.process.pid):
            assert time.monotonic() < deadline, "no worker process started before a browser connected"
            time.sleep(0.1)
        assert len(worker_pids_of(server.process.pid)) == 1

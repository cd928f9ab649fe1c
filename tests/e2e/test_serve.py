"""`serve.py`, README's way to start the app: its training workers start with the server, before any
browser connects, so they load TensorFlow while the first learner's page is still loading."""

from __future__ import annotations

from pathlib import Path

from lessons.engine import worker_pids_of
from tests.e2e.server import START_SECONDS, app_server
from tests.waiting import wait_until


def test_the_workers_start_before_any_browser_connects(tmp_path: Path) -> None:
    with app_server(1, tmp_path / "serve.log") as server:  # answers its health check; no page opened
        wait_until(lambda: worker_pids_of(server.process.pid), "a worker process started", START_SECONDS)
        assert len(worker_pids_of(server.process.pid)) == 1

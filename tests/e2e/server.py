"""The app as a subprocess, started the way README starts it (`serve.py`: the worker pool, then
`streamlit run app.py`): the e2e tests' server and the benchmarks' servers (one, a fresh one per
lesson, or two behind nginx)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lessons.engine import worker_pids_of

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 120  # the longest the server may take to answer its health check on a busy machine


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    workers: int
    started: float  # time.perf_counter() when it was started
    clicked: float = 0.0  # the last click a benchmark measured on it, seconds after its start

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(workers: int, log: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """A fresh server with `workers` worker processes (they start loading TensorFlow at once);
    `options` are more `--section.name=value` settings, `env` more environment variables. Stopped
    with its workers on exit."""
    port = free_port()
    started = time.perf_counter()
    with open(log, "a") as out:
        process = subprocess.Popen(
            [sys.executable, "serve.py", "--server.headless=true", f"--server.port={port}",
             "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
             *options],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {}), "SHAPELAB_WORKERS": str(workers)},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log}") from None
                time.sleep(0.2)
        yield Server(process, url, workers, started)
    finally:
        children = worker_pids_of(process.pid)
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        for pid in children:  # the server's own workers, if its shutdown left any
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass

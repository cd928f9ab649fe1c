"""Waiting for a condition in a test: polled, with a deadline, never a fixed sleep."""

from __future__ import annotations

import time
from collections.abc import Callable

WAIT_SECONDS = 240  # the longest any condition may take on a busy machine


def wait_until(condition: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.02)

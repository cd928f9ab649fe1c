"""Rolling windows: NumPy's sliding_window_view against the tutorials' Python loop.

Run: .venv/bin/python benchmarks/bench_windows.py   (about half a minute)

For series of 10³ … 10⁶ float32 values and windows of 100 steps, both ways build every window
(stride 1). Time is the best of a few runs; memory is the peak that `tracemalloc` sees NumPy
allocate while building them (the view allocates none of the window data). Last column: the loop's
result checked equal to the view.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from lessons.real_data import format_bytes, loop_windows, sliding_windows  # noqa: E402

WINDOW = 100
SIZES = (10**3, 10**4, 10**5, 10**6)


def best_time(call, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def peak_bytes(call) -> int:
    tracemalloc.start()
    result = call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak


def main() -> None:
    print(
        f"{'values':>10}  {'windows':>10}  {'loop s':>9}  {'view s':>9}  {'time ×':>9}  "
        f"{'loop memory':>12}  {'view memory':>12}  {'memory ×':>9}  equal"
    )
    for size in SIZES:
        values = np.arange(size, dtype=np.float32)
        repeats = 3 if size < 10**6 else 1
        t_loop = best_time(lambda: loop_windows(values, WINDOW), repeats)
        t_view = best_time(lambda: sliding_windows(values, WINDOW), 5)
        m_loop = peak_bytes(lambda: loop_windows(values, WINDOW))
        m_view = peak_bytes(lambda: sliding_windows(values, WINDOW))
        equal = np.array_equal(loop_windows(values, WINDOW), sliding_windows(values, WINDOW))
        print(
            f"{size:>10,}  {size - WINDOW + 1:>10,}  {t_loop:>9.4f}  {t_view:>9.6f}  {t_loop / t_view:>8.0f}×  "
            f"{format_bytes(m_loop):>12}  {format_bytes(m_view):>12}  {m_loop / max(m_view, 1):>8.0f}×  {equal}"
        )


if __name__ == "__main__":
    main()

"""How long a rerun of "One series, one feature" takes for 10 and for 100,000 values.

Run: .venv/bin/python benchmarks/bench_page_rerun.py
Times are medians of several reruns in this process; the 10-value rerun is the reference.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

REPEATS = 7


def median_rerun_seconds(text: str) -> float:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/one_series.py").run()
    at.text_area(key="one_series_seq").input(text).run()
    assert not at.exception and not at.error, (at.exception, at.error)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    small = median_rerun_seconds(", ".join(str(i / 10) for i in range(1, 11)))
    large = median_rerun_seconds(", ".join(str(i % 997) for i in range(100_000)))
    print(f"{'sequence':>16} {'median rerun':>14} {'vs 10 values':>14}")
    print(f"{'10 values':>16} {small * 1000:>11.0f} ms {1.0:>13.1f}x")
    print(f"{'100,000 values':>16} {large * 1000:>11.0f} ms {large / small:>13.1f}x")
    print("tensorflow imported:", any(m.startswith("tensorflow") for m in sys.modules))


if __name__ == "__main__":
    main()

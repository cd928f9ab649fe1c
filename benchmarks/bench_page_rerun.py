"""How long a page rerun takes with a little and with a lot of learner data.

Run: .venv/bin/python benchmarks/bench_page_rerun.py   (about ten seconds)

- "One series, one feature" with 10 values (the reference every ratio is measured against) and
  with 100,000 values;
- "Univariate models" with the tutorial's 9 values and with 5,000 rows of a noisy seasonal series
  (the most the page takes), on its Data preparation tab and on its Vanilla LSTM tab (windows,
  variant, model code and the training request; nothing is trained).

Times are medians of several reruns in this process, so the ratios compare like with like on
whatever machine runs them; the absolute milliseconds depend on that machine and its load.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

REPEATS = 7
FORECAST_ROWS = 5_000  # ui/forecast.py's MAX_ROWS: the longest series a forecasting page takes


def numbers_text(values: np.ndarray) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def seasonal_series(n_rows: int, seed: int = 0) -> np.ndarray:
    """Learner-like data: a daily cycle of 24 steps on a slow trend, with noise."""
    t = np.arange(n_rows)
    noise = np.random.default_rng(seed).normal(0.0, 2.0, n_rows)
    return 50 + 10 * np.sin(2 * np.pi * t / 24) + 0.01 * t + noise


def median_rerun_seconds(page: str, prepare: Callable[[AppTest], None], shows: str,
                         shows_errors: bool = False) -> float:
    """Open `page`, let `prepare` enter the data, then time plain reruns (no widget changed).

    `shows` is a text the page must write with that data, so a timing is never of a page that
    quietly fell back to its default data; the page must show no error unless `shows_errors`.
    Shared by the benchmarks that time reruns (bench_own_series.py, bench_real_data.py).
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    prepare(at)
    assert not at.exception and (shows_errors or not at.error), (at.exception, [e.value for e in at.error])
    written = " ".join(e.value for e in [*at.markdown, *at.caption])
    assert shows in written, f"{page} does not show {shows!r}"
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_series(text: str) -> Callable[[AppTest], None]:
    return lambda at: at.text_area(key="one_series_seq").input(text).run()


def univariate(text: str | None, tab: str | None) -> Callable[[AppTest], None]:
    """The univariate page with `text` as its series (None: the tutorial's), on `tab` (None: the first)."""
    def prepare(at: AppTest) -> None:
        if text is not None:
            at.text_area(key="fc_univariate_data").input(text).run()
        if tab is not None:
            at.session_state["fc_tabs_univariate"] = tab  # what clicking the tab does
            at.run()
    return prepare


def main() -> None:
    seasonal = numbers_text(seasonal_series(FORECAST_ROWS))
    long_windows = f"{FORECAST_ROWS} rows → {FORECAST_ROWS - 3} samples"  # 3 rows in, the 4th the target
    runs = [
        ("One series, one feature", "10 values", "one_series",
         one_series(", ".join(str(i / 10) for i in range(1, 11))), ">10</b>"),
        ("One series, one feature", "100,000 values", "one_series",
         one_series(", ".join(str(i % 997) for i in range(100_000))), ">100,000</b>"),
        ("Univariate: Data preparation", "tutorial's 9", "univariate", univariate(None, None),
         "9 rows → 6 samples"),
        ("Univariate: Data preparation", f"{FORECAST_ROWS:,} rows", "univariate", univariate(seasonal, None),
         long_windows),
        ("Univariate: Vanilla LSTM tab", "tutorial's 9", "univariate", univariate(None, "Vanilla LSTM"),
         "9 rows → 6 samples"),
        ("Univariate: Vanilla LSTM tab", f"{FORECAST_ROWS:,} rows", "univariate",
         univariate(seasonal, "Vanilla LSTM"), long_windows),
    ]
    reference = None
    print(f"{'page':<30} {'data':>15} {'median rerun':>14} {'vs 10 values':>14}")
    for title, data, page, prepare, shows in runs:
        seconds = median_rerun_seconds(page, prepare, shows)
        reference = reference or seconds  # the first run: One series with 10 values
        print(f"{title:<30} {data:>15} {seconds * 1000:>11.0f} ms {seconds / reference:>13.1f}x")
    print("tensorflow imported:", any(m.startswith("tensorflow") for m in sys.modules))


if __name__ == "__main__":
    main()

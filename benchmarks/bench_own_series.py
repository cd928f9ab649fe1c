"""How long a forecasting page rerun takes on the "Your data" tab with 5,000 rows of the learner's CSV.

Run: .venv/bin/python benchmarks/bench_own_series.py   (about half a minute)

The reference, measured in the same run: the univariate page's Data preparation tab with the
tutorial's 9 values. Then the "Your data" tab on the univariate page (one series) and on the
multivariate page (the series, two inputs, one of them known ahead), each with 5,000 monthly
rows uploaded: split, scaling, every part's windows, baselines and their scores, the figures and
the exported script. Nothing is trained and TensorFlow is never imported (checked at the end).

Times are medians of plain reruns (no widget changed) in this process; the target is 150 ms.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.bench_page_rerun import median_rerun_seconds  # noqa: E402
from lessons import own_series as own  # noqa: E402

ROWS = own.MAX_ROWS
TARGET_MS = 150


def nothing(at: AppTest) -> None:
    pass


def own_data(page: str, csv: str, known: bool) -> Callable[[AppTest], None]:
    def prepare(at: AppTest) -> None:
        at.session_state[f"fc_tabs_{page}"] = "Your data"  # what clicking the tab does
        at.run()
        at.file_uploader(key=f"own_{page}_upload").set_value(("sales.csv", csv.encode(), "text/csv")).run()
        if known:
            next(m for m in at.multiselect if m.key.startswith(f"own_{page}_known")).set_value(["month_of_year"]).run()
    return prepare


def main() -> None:
    csv = own.monthly_csv(months=ROWS)
    shows = f"{ROWS:,} rows"
    runs = [
        ("Univariate: Data preparation", "tutorial's 9", "univariate", nothing, "9 rows → 6 samples"),
        ("Univariate: Your data", f"{ROWS:,} rows", "univariate", own_data("univariate", csv, False), shows),
        ("Multivariate: Your data", f"{ROWS:,} rows × 3", "multivariate", own_data("multivariate", csv, True), shows),
    ]
    reference = None
    print(f"{'page':<30} {'data':>18} {'median rerun':>14} {'vs reference':>14}")
    for title, data, page, prepare, expect in runs:
        seconds = median_rerun_seconds(page, prepare, expect)
        reference = reference or seconds
        verdict = "" if reference is seconds else (" (under" if seconds * 1000 < TARGET_MS else " (OVER") + \
            f" the {TARGET_MS} ms target)"
        print(f"{title:<30} {data:>18} {seconds * 1000:>11.0f} ms {seconds / reference:>13.1f}x{verdict}")
    print("tensorflow imported:", any(m.startswith("tensorflow") for m in sys.modules))


if __name__ == "__main__":
    main()

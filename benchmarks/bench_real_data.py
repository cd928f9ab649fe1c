"""Train every framing of the real-data lesson on the same budget of updates; time each one. Or,
with `rerun`, time the page's reruns on a learner's own labelled long table (nothing trains).

Run: .venv/bin/python benchmarks/bench_real_data.py [updates]   (about a minute on 2 idle cores)
     .venv/bin/python benchmarks/bench_real_data.py rerun       (about half a minute)

The budget is counted in Adam updates, so every framing does the same number of mini-batch steps;
what differs is what a step costs (whole series walk 3,125 timesteps per sample). The default
budget (`DEFAULT_UPDATES`) is meant to keep whole series, the slowest framing, near
`DEFAULT_WAIT_SECONDS` on 2 cores. Wall time depends on who else uses the machine, so this prints
process CPU seconds and the load average too, and the cost of each framing as a ratio to the
quickest one measured in the same run. TensorFlow is warmed up first on a throwaway training so
that no framing pays the one-off start-up alone.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from benchmarks.bench_page_rerun import median_rerun_seconds, one_series  # noqa: E402
from lessons import real_data  # noqa: E402

# A learner's long table of about 5,000 rows (the forecasting pages' row limit): 60 series × 84 steps,
# three classes of 20; and a tiny one, 6 series × 5 steps (30 rows). Both against the reference of
# benchmarks/bench_page_rerun.py, "One series, one feature" with 10 values, timed in the same run.
OWN_SIZES = ((6, 5), (60, 84))


def own_files(series: int, steps: int) -> tuple[bytes, bytes]:
    """A long CSV (id, step, two channels, rows shuffled) and its labels file, in three classes."""
    from tests.unit.real_data.labelled_series import labelled_series, labels_csv, long_csv

    values, names, ids = labelled_series(per_class=series // 3, steps=steps, channels=2, seed=0)
    return long_csv(values, ids), labels_csv(ids, names)


def own_table(series: int, steps: int):
    """What a learner does on the real-data page to bring a long table and its labels file."""
    table, labels = own_files(series, steps)

    def prepare(at) -> None:
        at.radio(key="real_data_source").set_value("Your own CSV").run()
        at.radio(key="real_data_layout").set_value("long").run()
        at.radio(key="real_data_label_source").set_value("file").run()
        at.file_uploader(key="real_data_upload").set_value(("own.csv", table, "text/csv")).run()
        at.file_uploader(key="real_data_labels_upload").set_value(("labels.csv", labels, "text/csv")).run()
    return prepare


def compile_once() -> None:
    """Let every AppTest run share one script cache, as the server's runtime does: AppTest compiles
    (and rewrites for Streamlit's "magic") app.py and the page afresh on every run, a cost that grows
    with the page's length and that a real rerun does not pay."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def rerun() -> None:
    for title in ("as AppTest runs it: the scripts compiled on every run",
                  "scripts compiled once, as the server keeps them"):
        if title.startswith("scripts compiled once"):
            compile_once()
        print(title)
        reference = median_rerun_seconds("one_series", one_series(", ".join(str(i / 10) for i in range(1, 11))),
                                         ">10</b>")
        print(f"  {'page and data':<52} {'median rerun':>14} {'vs One series':>14}")
        print(f"  {'One series, one feature: 10 values':<52} {reference * 1000:>11.0f} ms {1:>13.1f}x")
        for series, steps in OWN_SIZES:
            seconds = median_rerun_seconds("real_data", own_table(series, steps), f"{series * steps:,} rows",
                                           shows_errors=True)  # the page's captured NumPy traps are part of it
            label = f"Real data, own long table: {series * steps:,} rows ({series} × {steps} × 2)"
            print(f"  {label:<52} {seconds * 1000:>11.0f} ms {seconds / reference:>13.1f}x")
    print("tensorflow imported:", any(m.startswith("tensorflow") for m in sys.modules))
    print(f"load average: {os.getloadavg()[0]:.1f}")


def main() -> None:
    if sys.argv[1:] == ["rerun"]:
        rerun()
        return
    updates = int(sys.argv[1]) if len(sys.argv) > 1 else real_data.DEFAULT_UPDATES
    series, labels = real_data.generate_series()
    real_data.train_classifier(real_data.ASKER, series[:60], labels[:60], updates=real_data.MIN_UPDATES)

    print(f"{updates} updates per framing; load average before: {os.getloadavg()[0]:.1f}")
    print(f"{'framing':<13}{'samples seen':>13}{'train s':>9}{'CPU s':>7}{'total s':>9}{'ratio':>7}"
          f"{'series right':>14}{'baseline':>10}  last losses")
    rows = []
    for key in real_data.FRAMING_KEYS:
        cpu = time.process_time()
        run = real_data.train_classifier(key, series, labels, updates=updates)
        rows.append((run, time.process_time() - cpu))
    quickest = min(run.train_seconds for run, _ in rows)
    for run, cpu in rows:
        tail = " ".join(f"{loss:.3f}" for loss in run.losses[-3:])
        print(f"{run.framing:<13}{run.samples_seen:>13,}{run.train_seconds:>9.1f}{cpu:>7.1f}{run.seconds:>9.1f}"
              f"{run.train_seconds / quickest:>6.1f}×{run.series_accuracy:>14.1%}{run.baseline.share:>10.1%}  {tail}"
              + ("  (still falling)" if real_data.still_falling(run.losses) else ""))
    assert len({run.updates for run, _ in rows}) == 1, "every framing must train the same number of updates"
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""Train every framing of the real-data lesson on the same budget of updates; time each one.

Run: .venv/bin/python benchmarks/bench_real_data.py [updates]   (about a minute on 2 idle cores)

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
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from lessons import real_data  # noqa: E402


def main() -> None:
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

"""What a learner waits for in a real browser, from a click to the result on screen.

Run: .venv/bin/python benchmarks/bench_click.py [--quick] [--workers N]
(about 6 minutes on 2 cores; `--quick`: the Vanilla LSTM lesson only, about 2 minutes)

Each figure is one app server, started as README starts it (`serve.py`), with its worker pool
(`SHAPELAB_WORKERS`, one per core by default), driven by headless Debian Chromium through
Playwright as tests/e2e does. The page's own clock times each click: from the click event to the
frame painted after the result is drawn (`benchmarks.learners.click_until`; the benchmark reads one
variable while it waits, instead of re-running Playwright locators every frame on the app's CPU):

- every forecasting lesson's defaults, **warm**: one server whose workers have finished their
  warm-up (each has imported TensorFlow and traced the lessons' default models; taken as done when
  every worker has used no CPU for a while); each lesson's tab opened, then Train pressed; the
  clock stops when the prediction table and the forecast figure (drawn by Plotly) are both on
  screen. No lesson was trained on that server before, so no result comes from the server's
  results cache;
- every forecasting lesson's defaults, **fresh**: a new server per lesson; the page opened, the
  lesson's tab opened, and Train pressed at once (the workers are still loading TensorFlow; the
  open tab has them trace its model before the other lessons' models);
- the memory page's "Train all three" (warm server): until the three models' results are drawn;
- the real-data page's "Train" on its default framing (warm server): until its scores are drawn.

Beside each, the tutorial's way in the same run: a fresh `python -c` process that imports Keras
(TensorFlow), builds the model, `fit`s and predicts, timed whole. For the forecasting lessons that
is the lesson's own downloadable script (section 7 of its tab); for the memory lesson the page's
plain-Keras script of the stateful model (one `fit` call; the tutorial's own loop of 500 `fit`
calls is timed by benchmarks/bench_memory.py), and for the real-data lesson the page's pipeline
script (`classify_script`) on the generated series written to a CSV file (its split is stratified,
the page's generated data is split at random: the same sizes, the same model and budget).

It prints seconds, the tutorial's way / the app (how many times sooner the learner sees a result),
and the issue's targets: forecasting warm < 1.5 s, fresh < 3 s; memory < 5 s; real-data default
< 10 s. Times only; nothing here asserts one. The machine is shared: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, expect, sync_playwright  # noqa: E402

from lessons import memory  # noqa: E402
from lessons import real_data as rd  # noqa: E402
from lessons.engine import worker_count  # noqa: E402
from lessons.forecasting import export  # noqa: E402
from lessons.forecasting import tutorial as forecasting  # noqa: E402
from benchmarks.learners import PREDICTION_SHOWN, RESULT_MS, click_until, session, wait_until_warm  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, settle  # noqa: E402
from tests.e2e.server import Server, app_server  # noqa: E402

TARGETS = {"warm": 1.5, "fresh": 3.0, "memory": 5.0, "real_data": 10.0}  # seconds, from the issue


# --- what the learner waits for --------------------------------------------------------------------


def forecast_click(browser: Browser, server: Server, lesson: forecasting.ForecastLesson) -> float:
    with session(browser, f"{server.url}/{lesson.page}") as page:
        page.get_by_role("tab", name=lesson.title, exact=True).click()
        settle(page, timeout_ms=RESULT_MS)
        seconds = click_until(page, server, "Train", PREDICTION_SHOWN)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        return seconds


def memory_click(browser: Browser, server: Server) -> float:
    # every model's tab titled with its score ("Stateless LSTM: 40%") and the open tab's result
    three_results = f"""() => {{
      const titles = {json.dumps(list(memory.MODEL_TITLES.values()))};
      const tabs = [...document.querySelectorAll('[role="tab"]')].map(t => t.textContent.trim());
      const scored = titles.every(title => tabs.some(tab => tab.startsWith(title + ": ") && /: \\d+%$/.test(tab)));
      return scored && [...document.querySelectorAll("p")].some(p => p.textContent.includes("steps right") && p.checkVisibility());
    }}"""
    with session(browser, f"{server.url}/memory") as page:
        return click_until(page, server, "Train all three", three_results)


def real_data_click(browser: Browser, server: Server) -> float:
    # the count of framings trained, and the score itself (a metric: the comparison grid has a
    # hidden column of that name)
    scores = f"""() => {{
      const said = [...document.querySelectorAll("p")].some(p => p.textContent.includes("1 of {len(rd.FRAMING_KEYS)} framings trained"));
      const metric = [...document.querySelectorAll('[data-testid="stMetric"]')].find(m => m.textContent.includes("Held-out series right"));
      return said && Boolean(metric && metric.checkVisibility());
    }}"""
    with session(browser, f"{server.url}/real_data") as page:
        return click_until(page, server, "Train", scores)


# --- the tutorial's way: a fresh process --------------------------------------------------------------


def fresh_process(code: str, where: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=where, capture_output=True, text=True, timeout=900,
                          env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(where),
                               "TF_CPP_MIN_LOG_LEVEL": "2"})
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"the tutorial's way failed:\n{done.stderr[-2000:]}")
    return seconds


def forecast_script(lesson: forecasting.ForecastLesson) -> str:
    return export.standalone_script(export.facts_for(lesson))


def real_data_script(where: Path) -> str:
    """The page's pipeline script, reading the generated series from a CSV file: one row per series,
    its label in the last column."""
    series, labels = rd.generate_series()
    header = ",".join(f"step {t}" for t in range(series.shape[1])) + ",label"
    rows = [",".join(f"{v:.6g}" for v in row) + f",{rd.CLASS_NAMES[label]}" for row, label in zip(series, labels)]
    (where / "generated.csv").write_text(header + "\n" + "\n".join(rows) + "\n")
    window, chunk = rd.fitting_sizes(series.shape[1])  # the page's defaults for this length
    return rd.classify_script(rd.ScriptChoices("generated.csv", "rows", True, rd.CHUNKS, window, chunk,
                                               rd.DEFAULT_UPDATES, label_column="label"))


# --- the run ---------------------------------------------------------------------------------------


def line(name: str, app: float, tutorial: float | None, target: float) -> str:
    versus = f"{tutorial:8.2f} s {tutorial / app:6.1f}x" if tutorial is not None else f"{'':>10} {'':>7}"
    verdict = "meets" if app < target else "MISSES"
    return f"{name:<58}{app:8.2f} s {versus}   < {target:g} s: {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one forecasting lesson (Vanilla LSTM)")
    parser.add_argument("--workers", type=int, default=worker_count(os.cpu_count() or 1))
    args = parser.parse_args()
    lessons = [forecasting.LESSONS["vanilla"]] if args.quick else list(forecasting.LESSONS.values())
    log = ROOT / "artifacts" / "bench-click-streamlit.log"
    log.parent.mkdir(exist_ok=True)
    log.write_text("")
    print(f"{len(lessons)} forecasting lesson(s), pool of {args.workers} workers, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)

    tutorial: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        for lesson in lessons:
            tutorial[lesson.key] = fresh_process(forecast_script(lesson), where)
        tutorial["memory"] = fresh_process(memory.stateful_code(), where)
        tutorial["real_data"] = fresh_process(real_data_script(where), where)
    print("tutorial's way timed (fresh processes)", flush=True)

    warm: dict[str, float] = {}
    fresh: dict[str, float] = {}
    clicked: list[float] = []  # when the fresh servers' clicks came, seconds after the server's start
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with app_server(args.workers, log) as server:
                warm_up = wait_until_warm(server)
                print(f"warm server ready: the workers' warm-up took {warm_up:.0f} s", flush=True)
                for lesson in lessons:
                    warm[lesson.key] = forecast_click(browser, server, lesson)
                warm["memory"] = memory_click(browser, server)
                warm["real_data"] = real_data_click(browser, server)
            for lesson in lessons:
                with app_server(args.workers, log) as server:
                    fresh[lesson.key] = forecast_click(browser, server, lesson)
                    clicked.append(server.clicked)
        finally:
            browser.close()

    print(f"\n{'click → result on screen':<58}{'app':>10} {'tutorial':>10} {'ratio':>7}   target")
    for lesson in lessons:
        print(line(f"{lesson.title}, warm", warm[lesson.key], tutorial[lesson.key], TARGETS["warm"]))
    for lesson in lessons:
        print(line(f"{lesson.title}, fresh server", fresh[lesson.key], tutorial[lesson.key], TARGETS["fresh"]))
    print(line("Memory: Train all three (warm)", warm["memory"], tutorial["memory"], TARGETS["memory"]))
    print(line("Real data: default framing (warm)", warm["real_data"], tutorial["real_data"], TARGETS["real_data"]))
    slowest_warm = max(warm[lesson.key] for lesson in lessons)
    slowest_fresh = max(fresh[lesson.key] for lesson in lessons)
    print(f"forecasting, slowest: warm {slowest_warm:.2f} s (target < {TARGETS['warm']:g} s), fresh "
          f"{slowest_fresh:.2f} s (target < {TARGETS['fresh']:g} s); load average {os.getloadavg()[0]:.1f} at the end")
    print(f"fresh servers: Train pressed {min(clicked):.1f}–{max(clicked):.1f} s after the server started "
          "(the page drawn, the lesson's tab opened)")
    print("(memory's tutorial column: the page's plain-Keras script of the stateful model alone)")


if __name__ == "__main__":
    main()

"""A class across two app servers behind nginx: does a second server add capacity, and does every
learner's session stay on its own server?

Run: .venv/bin/python benchmarks/bench_servers.py [--learners 6] [--units 150] [--epochs 2000]
Needs Debian's nginx (`apt-get install -y nginx`); about 6 minutes on 2 cores.

nginx runs with the configuration README's "Host it for a class" shows, read from README.md with
only its ports changed. Each app server here has one training worker, so it stands for a machine
of one core: on this 2-core machine, two such servers are the most that can add capacity.

Two rounds, the same learners, both through nginx, both on servers whose workers have finished
their warm-up, and neither able to answer from a results cache (each round's servers are new):
1. nginx in front of one server;
2. nginx in front of two servers, started with one shared `server.cookieSecret`.
A learner is a headless Chromium context (its own cookies) that opens the Vanilla LSTM lesson from a
link carrying its own seed and a model big enough to wait for. All press Train one after the other
(a few milliseconds apart); the clock runs from the first press to the last prediction drawn.

It prints both rounds' seconds and their ratio (round 1 / round 2: above 1 means the second server
added capacity), how many learners each server carried (from nginx's log of the websocket
connections), how many learners' requests reached more than one server (must be 0), errors on the
pages (must be 0), and whether every learner's prediction is the same in both rounds (a seed gives
one result whichever server trains it), and how many CPU seconds the training workers and the
learners' browsers used in each round: here the learners' browsers share the servers' cores, which
a real class's laptops do not. Figures only; nothing here asserts one.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from benchmarks.learners import RESULT_MS, prediction_table, session, wait_until_warm  # noqa: E402
from lessons.engine import worker_pids_of  # noqa: E402
from lessons.forecasting import tutorial as forecasting  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, settle  # noqa: E402
from tests.e2e.server import Server, app_server, free_port  # noqa: E402

LESSON = forecasting.LESSONS["vanilla"]
LOG_FORMAT = "log_format shapelab '$upstream_addr \"$cookie__streamlit_xsrf\" $uri';"
START_SECONDS = 30  # the longest nginx may take to answer on a busy machine


def readme_nginx_config() -> str:
    """The nginx configuration README.md shows for hosting a class (its ```nginx block)."""
    blocks = re.findall(r"```nginx\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    if len(blocks) != 1:
        raise SystemExit(f"README.md should show one nginx configuration; it shows {len(blocks)}")
    return blocks[0]


def nginx_config(front_port: int, backends: list[Server], folder: Path) -> str:
    """README's configuration with this run's ports, wrapped in what a whole nginx.conf needs."""
    config = readme_nginx_config()
    server_lines = re.findall(r"^ *server 127\.0\.0\.1:\d+;\n", config, flags=re.M)
    if not server_lines or "listen 80;" not in config:
        raise SystemExit("README's nginx configuration no longer has `listen 80;` and `server 127.0.0.1:PORT;` lines")
    indent = server_lines[0][: len(server_lines[0]) - len(server_lines[0].lstrip())]
    ours = "".join(f"{indent}server 127.0.0.1:{backend.port};\n" for backend in backends)
    config = config.replace("".join(server_lines), ours).replace("listen 80;", f"listen 127.0.0.1:{front_port};")
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                           "uwsgi", "scgi"))
    return (f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
            f"events {{ worker_connections 1024; }}\nhttp {{\n{temp}\n    {LOG_FORMAT}\n"
            f"    access_log {folder / 'access.log'} shapelab;\n{config}}}\n")


@contextmanager
def nginx(backends: list[Server]) -> Iterator[tuple[str, Path]]:
    """nginx in front of `backends`; (its address, its access log)."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o777)  # nginx's workers may run as another user
        port = free_port()
        (folder / "nginx.conf").write_text(nginx_config(port, backends, folder))
        process = subprocess.Popen([binary, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                                   stdout=subprocess.DEVNULL, stderr=open(folder / "stderr.log", "w"))
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("nginx did not start:\n" + (folder / "stderr.log").read_text()
                                         + (folder / "error.log").read_text()) from None
                    time.sleep(0.2)
            yield url, folder / "access.log"
        finally:
            process.terminate()
            process.wait(timeout=30)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds these processes have used so far (Linux /proc)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def browser_pids() -> list[int]:
    """The headless Chromium processes (the learners' side of this machine's load)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"chromium" in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def learner_url(front: str, seed: int, units: int, epochs: int) -> str:
    """The lesson's link with this learner's set-up in it, as a teacher would send it."""
    p = f"fc_{LESSON.key}"
    return (f"{front}/{LESSON.page}?fc_tabs_{LESSON.page}={LESSON.title.replace(' ', '+')}"
            f"&{p}_seed={seed}&{p}_units={units}&{p}_epochs={epochs}")


def class_presses_train(browser: Browser, front: str, seeds: list[int], units: int,
                        epochs: int) -> tuple[float, dict[int, str], list[str]]:
    """Every learner opens the lesson, then all press Train; (seconds for all, prediction per seed, errors)."""
    errors: list[str] = []
    with ExitStack() as stack:
        pages: dict[int, Page] = {}
        for seed in seeds:
            page = stack.enter_context(session(browser, learner_url(front, seed, units, epochs)))
            expect(page.get_by_role("spinbutton", name="Seed").first).to_have_value(str(seed))
            pages[seed] = page
        started = time.perf_counter()
        for page in pages.values():
            page.get_by_role("button", name="Train", exact=True).click()
        predictions: dict[int, str] = {}
        for seed, page in pages.items():
            try:
                prediction_table(page)
                predictions[seed] = page.get_by_text("Largest miss").first.inner_text(timeout=RESULT_MS)
            except Exception as error:  # noqa: BLE001 - counted and printed
                errors.append(f"seed {seed}: {type(error).__name__}: {str(error).splitlines()[0]}")
        seconds = time.perf_counter() - started
        for seed, page in pages.items():
            settle(page, timeout_ms=RESULT_MS)
            shown = page.locator('[data-testid="stException"]').count()
            if shown:
                errors.append(f"seed {seed}: {shown} exception(s) on the page")
    return seconds, predictions, errors


def servers_seen(access_log: Path, websockets: int) -> dict[str, set[str]]:
    """Which servers each learner's requests reached, by its XSRF cookie (nginx logs a websocket when
    it closes, so this waits for the round's `websockets` to be logged)."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        lines = access_log.read_text().splitlines() if access_log.exists() else []
        if sum(line.endswith(" /_stcore/stream") for line in lines) >= websockets or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    seen: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        upstream, cookie, _uri = line.split(" ", 2)
        if cookie.strip('"') not in ("", "-"):  # a browser's very first request carries no cookie yet
            seen[cookie.strip('"')].add(upstream)
    return seen


@contextmanager
def warm_servers(count: int, log: Path, secret: str) -> Iterator[list[Server]]:
    """`count` app servers of one worker each, sharing a cookie secret, their warm-up done."""
    with ExitStack() as stack:
        shared = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}  # Streamlit takes it from a file or the environment
        servers = [stack.enter_context(app_server(1, log, env=shared)) for _ in range(count)]
        for server in servers:
            wait_until_warm(server)
        yield servers


def run_round(name: str, count: int, browser: Browser, args: argparse.Namespace, log: Path,
              seeds: list[int]) -> tuple[float, dict[int, str], list[str], dict[str, set[str]]]:
    with warm_servers(count, log, secrets.token_hex(16)) as servers:
        with nginx(servers) as (front, access_log):
            print(f"{name}: {count} warm server(s) behind nginx at {front}", flush=True)
            workers = [pid for server in servers for pid in worker_pids_of(server.process.pid)]
            web = [server.process.pid for server in servers]
            before = cpu_seconds(workers), cpu_seconds(web), cpu_seconds(browser_pids())
            seconds, predictions, errors = class_presses_train(browser, front, seeds, args.units, args.epochs)
            after = cpu_seconds(workers), cpu_seconds(web), cpu_seconds(browser_pids())
            used = [b - a for a, b in zip(before, after)]
            print(f"  CPU seconds while the class trained: training workers {used[0]:.1f}, web servers "
                  f"{used[1]:.1f}, the learners' browsers {used[2]:.1f} (of {seconds * (os.cpu_count() or 1):.1f} "
                  f"on {os.cpu_count()} cores)", flush=True)
            seen = servers_seen(access_log, len(seeds))
    return seconds, predictions, errors, seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=6)
    parser.add_argument("--units", type=int, default=150, help="LSTM units of each learner's model")
    parser.add_argument("--epochs", type=int, default=2_000)
    args = parser.parse_args()
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        raise SystemExit("needs Debian's nginx: apt-get install -y nginx")
    log = ROOT / "artifacts" / "bench-servers-streamlit.log"
    log.parent.mkdir(exist_ok=True)
    log.write_text("")
    seeds = list(range(1, args.learners + 1))
    print(f"{args.learners} learners, {LESSON.title} with {args.units} units for {args.epochs:,} epochs, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start", flush=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            one = run_round("round 1", 1, browser, args, log, seeds)
            two = run_round("round 2", 2, browser, args, log, seeds)
        finally:
            browser.close()

    print(f"\n{'':<34}{'seconds':>9}  errors  learners per server")
    for name, (seconds, _predictions, errors, seen) in (("one server behind nginx", one),
                                                          ("two servers behind nginx", two)):
        carried: dict[str, int] = defaultdict(int)
        for upstreams in seen.values():
            for upstream in upstreams:
                carried[upstream] += 1
        spread = ", ".join(f"{count}" for _upstream, count in sorted(carried.items()))
        print(f"{name:<34}{seconds:9.1f}  {len(errors):6d}  {spread}")
        for error in errors:
            print(f"    {error}")
    print(f"two servers / one: the class had its predictions {one[0] / two[0]:.2f}x sooner")
    split = [cookie for cookie, upstreams in two[3].items() if len(upstreams) > 1]
    print(f"learners whose requests reached more than one server: {len(split)} (must be 0)")
    same = [seed for seed in seeds if seed in one[1] and one[1][seed] == two[1].get(seed)]
    print(f"the same prediction in both rounds: {len(same)} of {len(seeds)} learners "
          f"(e.g. seed {seeds[0]}: {one[1].get(seeds[0], 'none')!r})")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()

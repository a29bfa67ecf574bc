#!/usr/bin/env python
"""The secretariat's pages at the size of the largest municipality, over HTTP.

    .venv/bin/python bench/workspace_benchmark.py --setup      # once: build the data (≈ 2 min)
    .venv/bin/python bench/workspace_benchmark.py [--requests 200] [--concurrency 10]

--setup (re)creates the PostgreSQL database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/netvaerk_bench), migrates it and fills it: `generate_org`
with 45,000 people, 1,500 departments and 2,000 networks, `generate_agreements` (plans, a
year of hours, agreements in every state), the workspace summaries, and ANALYZE.

Then it starts gunicorn with 2 sync workers on that database (DEBUG off), logs in as a
secretariat user by a session made here, and sends each page `--requests` times from
`--concurrency` parallel clients, printing the median, p95 and requests per second; then
times the full exports (all 2,000 networks) one at a time. Speed is measured here, never by
a timed test.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.getenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/netvaerk_bench")
PORT = int(os.getenv("BENCH_PORT", "8031"))
SECRET = "bench-" + "x" * 60
ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "DEBUG": "false",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
}
os.environ.update({k: ENV[k] for k in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")})
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netvaerk.settings")

PAGES = [
    ("Workspace, page 1", "/sekretariat/"),
    ("Workspace, page 30", "/sekretariat/?side=30"),
    (
        "Workspace, reference-leader agreement not agreed, by last activity",
        "/sekretariat/?aftale=rl&aftalestatus=not_agreed&sort=-aktivitet",
    ),
    ("Workspace, needs attention, by hours", "/sekretariat/?opmaerksomhed=ja&sort=-timer"),
    ("Workspace, search “ældre”", "/sekretariat/?q=%C3%A6ldre"),
    ("Agreement matrix", "/sekretariat/aftaler/"),
    ("Catalogue, page 1", "/netvaerk/"),
    ("Catalogue, search “ældre”", "/netvaerk/?q=%C3%A6ldre"),
    ("Directory, page 1", "/personer/"),
    ("Directory, page 500", "/personer/?side=500"),
    ("Directory, search “karen”", "/personer/?q=karen"),
    ("Search box, “ældre”", "/soeg/?q=%C3%A6ldre"),
    ("Search box, “leder”", "/soeg/?q=leder"),
]
EXPORTS = [
    ("Export, all networks, XLSX", "/sekretariat/eksport.xlsx"),
    ("Export, all networks, CSV", "/sekretariat/eksport.csv"),
]


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def setup():
    """The municipality, as `make bench-load` builds it (bench/load_benchmark.py)."""
    from load_benchmark import build_scale

    build_scale(DB_URL)


def session_cookie():
    """The secretariat's session, after the daily refresh the timer would have run."""
    import django

    django.setup()
    from load_benchmark import secretariat_user
    from load_benchmark import session_cookie as cookie_for

    from portal import summaries

    user = secretariat_user()
    summaries.refresh_stale()
    return cookie_for(user)


def fetch(path, cookie):
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": cookie, "Host": "127.0.0.1"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status, len(body)


def load(path, cookie, requests, concurrency):
    times, errors = [], []
    lock = threading.Lock()
    remaining = [requests]

    def worker():
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            try:
                ms, status, _size = fetch(path, cookie)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(repr(exc))
                continue
            with lock:
                (times if status == 200 else errors).append(ms if status == 200 else status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return times, errors, len(times) / elapsed if elapsed else 0


WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.1f %.1f %d %d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / (summary.duration / 1e6), errors, summary.requests))
end
"""


def wrk(path, cookie, seconds, concurrency):
    """(median ms, p95 ms, requests/s, errors, requests) from wrk, which costs the machine
    little CPU, so the two workers have the cores to themselves."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "30s"]
        + ["-s", script.name, "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    median, p95, rate, errors, count = line.split()[1:]
    return float(median), float(p95), float(rate), int(errors), int(count)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=15, help="per page, with wrk")
    args = parser.parse_args()
    if args.setup:
        setup()
    manage("migrate", "-v0")
    cookie = session_cookie()
    manage("collectstatic", "--no-input", "-v0")  # DEBUG off: WhiteNoise serves the manifest
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "netvaerk.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "--config",  # as in production (README): gc.freeze after loading, render server
            "python:netvaerk.gunicorn",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                fetch("/konto/log-ind/", "")
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        use_wrk = shutil.which("wrk") is not None
        tool = "wrk" if use_wrk else "Python clients"
        print(f"{tool}, {args.concurrency} connections, 2 gunicorn workers\n")
        print("| page | median ms | p95 ms | requests/s |\n| --- | ---: | ---: | ---: |")
        for label, path in PAGES:
            for _ in range(4):  # warm both workers
                fetch(path, cookie)
            if use_wrk:
                median, p95, rate, errors, count = wrk(path, cookie, args.seconds, args.concurrency)
                if errors:
                    print(f"{label}: {errors} errors in {count} requests")
                print(f"| {label} | {median:.0f} | {p95:.0f} | {rate:.0f} |")
                continue
            times, errors, rate = load(path, cookie, args.requests, args.concurrency)
            if errors:
                print(f"{label}: {len(errors)} errors, e.g. {errors[:3]}")
            if times:
                p95 = statistics.quantiles(times, n=20)[18]
                print(f"| {label} | {statistics.median(times):.0f} | {p95:.0f} | {rate:.0f} |")
        print("\n| export | size | seconds (3 runs) |\n| --- | ---: | --- |")
        for label, path in EXPORTS:
            runs = [fetch(path, cookie) for _ in range(3)]
            seconds = ", ".join(f"{ms / 1000:.2f}" for ms, _s, _n in runs)
            print(f"| {label} | {runs[0][2] / 1024:.0f} KiB | {seconds} |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

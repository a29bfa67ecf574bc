#!/usr/bin/env python
"""What the access log costs a page: requests per second with ACCESS_LOG_ENABLED on and off.

    .venv/bin/python bench/access_log_benchmark.py [--requests 300] [--rounds 5] [--http]
                                                  [--postgres]

Builds the demo in a throw-away SQLite database (as bench/notifications_benchmark.py does)
and requests two pages as a logged-in user: a person's page (one logged row) and an
agreement's page read by its counterpart (two logged rows, one per party), with DEBUG off.

- By default in this process, through Django's test client: the whole middleware stack
  and template rendering, no network. The test client keeps the database connection open
  between requests.
- With `--http`, over HTTP: two gunicorn servers (1 worker each) on the same database, one
  with ACCESS_LOG_ENABLED=true and one with false, one request at a time. As in production
  on SQLite (CONN_MAX_AGE=0), each request opens and closes its connection.

With `--postgres` the demo goes into a throw-away PostgreSQL database instead (made on the
server of BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/, and dropped at
the end), as in production.

Each round runs `--requests` requests with logging on and as many with it off, alternately,
so drift on the machine hits both alike; it prints the median requests per second of the
rounds, both ways, and the ratio. Target: at least 90 % with logging.
"""

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(env):
    def manage(*command, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, **kwargs
        )

    print("Building the demo database …", flush=True)
    manage("migrate", "-v0")
    manage("load_templates", stdout=subprocess.DEVNULL)
    manage("load_demo", "--quiet-logins", stdout=subprocess.DEVNULL)
    manage("load_demo_agreements", stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure (HTTPS only); the benchmark talks plain HTTP locally."""

    def return_ok_secure(self, cookie, request):
        return True


class HttpClient:
    """A logged-in browser over HTTP; `get(url)` goes to the server `base` points at."""

    def __init__(self, base, username):
        self.base = base
        jar = http.cookiejar.CookieJar(policy=PlainHttpPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.opener.open(base + "/konto/log-ind/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": os.getenv("DEMO_PASSWORD", "netvaerk-demo"),
            }
        ).encode()
        request = urllib.request.Request(base + "/konto/log-ind/", data, headers={"Referer": base})
        self.opener.open(request).read()

    def get(self, url):
        with self.opener.open(self.base + url) as response:
            response.read()
            return response


def serve(env, port, enabled):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "netvaerk.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "ACCESS_LOG_ENABLED": "true" if enabled else "false"},
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/konto/log-ind/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def rate(client, url, n):
    started = time.perf_counter()
    for _ in range(n):
        response = client.get(url)
        status = getattr(response, "status_code", None) or response.status
        assert status == 200, (url, status)
    return n / (time.perf_counter() - started)


def measure(clients, url, requests, rounds):
    """`clients`: (with the log, without it), each a callable that prepares and returns a
    client. Median requests per second of the rounds, both ways."""
    on, off = [], []
    for prepare in clients:
        rate(prepare(), url, 20)  # warm: templates, translations, connections
    for _ in range(rounds):
        for prepare, results in zip(clients, (on, off), strict=True):
            results.append(rate(prepare(), url, requests))
    return statistics.median(on), statistics.median(off)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--http", action="store_true", help="over HTTP, with gunicorn")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL, not SQLite")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="netvaerk-bench-access-")
    database_url = f"sqlite:///{workdir}/bench.sqlite3"
    if args.postgres:
        server_url = os.getenv("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
        name = f"netvaerk_bench_access_{os.getpid()}"
        postgres("postgres", server_url, f"CREATE DATABASE {name}")
        database_url = server_url.rstrip("/") + "/" + name
    try:
        run(args, workdir, database_url)
    finally:
        if args.postgres:
            from django.db import connections

            connections.close_all()
            postgres("postgres", server_url, f"DROP DATABASE IF EXISTS {name}")


def postgres(dbname, server_url, sql):
    import psycopg2

    conn = psycopg2.connect(server_url.rstrip("/") + "/" + dbname)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def run(args, workdir, database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "PDF_CACHE_DIR": f"{workdir}/pdf",
        "DJANGO_SETTINGS_MODULE": "netvaerk.settings",
        "AXES_FAILURE_LIMIT": "1000",
    }
    build(env)
    os.environ.update(env)

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from agreements.models import Agreement
    from core.models import AccessEvent

    agreement = (
        Agreement.objects.filter(template__kind="agreement")
        .exclude(counterpart=None)
        .select_related("leader__user", "counterpart__user")
        .first()
    )
    reader = agreement.counterpart.user
    servers = []
    if args.http:
        ports = free_port(), free_port()
        servers = [serve(env, ports[0], True), serve(env, ports[1], False)]
        on = HttpClient(f"http://127.0.0.1:{ports[0]}", reader.username)
        off = HttpClient(f"http://127.0.0.1:{ports[1]}", reader.username)
        clients = (lambda: on), (lambda: off)
        how = "over HTTP, gunicorn with 1 worker each way"
    else:
        client = Client()
        client.force_login(reader, backend="django.contrib.auth.backends.ModelBackend")

        def switched(enabled):
            def prepare():
                settings.ACCESS_LOG_ENABLED = enabled
                return client

            return prepare

        clients = switched(True), switched(False)
        how = "in process, Django's test client"
    pages = [
        ("person page (1 row)", f"/personer/{agreement.leader.pk}/"),
        ("agreement page (2 rows)", f"/aftaler/{agreement.pk}/"),
    ]
    print(
        f"{how}: {args.rounds} rounds of {args.requests} requests each way, "
        f"as {reader.username}; {database_url.split('://')[0]}",
        flush=True,
    )
    try:
        for label, url in pages:
            before = AccessEvent.objects.count()
            with_log, without = measure(clients, url, args.requests, args.rounds)
            written = AccessEvent.objects.count() - before
            print(
                f"{label:26} {url:14} with the log {with_log:6.1f} req/s, "
                f"without {without:6.1f} req/s: {with_log / without:6.1%} "
                f"({written} rows written)",
                flush=True,
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""A slow mail server never slows a page: post comments while the SMTP server takes 2 s.

    .venv/bin/python bench/notifications_benchmark.py [--comments 10] [--smtp-delay 2]

Builds the demo in a throw-away SQLite database, starts a real SMTP server (aiosmtpd) that
waits `--smtp-delay` seconds before it accepts each message, and gunicorn (2 workers, DEBUG
off) sending mail to it. A network leader then posts `--comments` comments on a demo
agreement over HTTP; each post queues a notification e-mail to the counterpart. It prints
the post times, then runs the job worker (`manage.py worker --batch`) and prints how long the
mail took and how many messages the server received. Speed is measured here, never by a
timed test.
"""

import argparse
import asyncio
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


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SlowMailbox:
    def __init__(self, delay):
        self.delay = delay
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.received += 1
        return "250 OK"


class PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure (HTTPS only); the benchmark talks plain HTTP locally."""

    def return_ok_secure(self, cookie, request):
        return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=10)
    parser.add_argument("--smtp-delay", type=float, default=2.0)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    mailbox = SlowMailbox(args.smtp_delay)
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    workdir = tempfile.mkdtemp(prefix="netvaerk-bench-mail-")
    web_port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "SITE_URL": f"http://127.0.0.1:{web_port}",
        "PDF_CACHE_DIR": f"{workdir}/pdf",
    }

    def manage(*command, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, **kwargs
        )

    print("Building the demo database …", flush=True)
    manage("migrate", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    manage("load_templates", stdout=subprocess.DEVNULL)
    manage("load_demo", "--quiet-logins", stdout=subprocess.DEVNULL)
    manage("load_demo_agreements", stdout=subprocess.DEVNULL)
    # The demo's own notifications are not what is measured: mark their e-mails as sent.
    manage(
        "shell",
        "--no-imports",
        "-c",
        "from notifications.models import Notification as N; "
        "N.objects.update(email_status='sent'); "
        "from django_tasks_db.models import DBTaskResult as R; R.objects.all().delete()",
    )
    found = manage(
        "shell",
        "--no-imports",
        "-c",
        "from agreements.models import Agreement as A; "
        "a = A.objects.filter(template__kind='agreement')"
        ".exclude(counterpart=None).select_related('leader__user').first(); "
        "print(a.pk, a.leader.user.username)",
        capture_output=True,
        text=True,
    ).stdout.split()
    agreement, username = int(found[0]), found[1]
    print(f"Agreement {agreement}, posting as its network leader {username}", flush=True)

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "netvaerk.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{web_port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{web_port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/konto/log-ind/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        jar = http.cookiejar.CookieJar(policy=PlainHttpPolicy())
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def token(path):
            page = opener.open(base + path).read().decode()
            return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

        login = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token("/konto/log-ind/"),
                "username": username,
                "password": os.getenv("DEMO_PASSWORD", "netvaerk-demo"),
            }
        ).encode()
        opener.open(
            urllib.request.Request(base + "/konto/log-ind/", login, headers={"Referer": base})
        )
        detail = f"/aftaler/{agreement}/"
        times = []
        for n in range(args.comments):
            data = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token(detail), "text": f"Kommentar {n + 1}"}
            ).encode()
            request = urllib.request.Request(
                base + f"/aftaler/{agreement}/kommentar/", data, headers={"Referer": base}
            )
            started = time.perf_counter()
            with opener.open(request) as response:
                response.read()
                assert response.status == 200, response.status  # followed the redirect
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"Posting a comment (and following its redirect), SMTP server answering in "
            f"{args.smtp_delay:.0f} s: median {statistics.median(times):.0f} ms, "
            f"max {max(times):.0f} ms over {len(times)} posts; "
            f"messages received while posting: {mailbox.received}"
        )
        started = time.perf_counter()
        manage("worker", "--batch", "--no-schedule", "-v0")
        print(
            f"Then the worker sent them: {mailbox.received} messages in "
            f"{time.perf_counter() - started:.1f} s"
        )
    finally:
        server.terminate()
        server.wait()
        smtp.stop()


if __name__ == "__main__":
    main()

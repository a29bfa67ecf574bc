#!/usr/bin/env python
"""Where a page's time goes, in process: each page of the load benchmark served by Django's
test client (no HTTP, no other load), its median time and query count, and with --profile a
cProfile of one page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/netvaerk_bench \\
        .venv/bin/python bench/profile_pages.py [--pages Workspace] [--profile Workspace]

Run it on the scale database and on the demo database (`make bench-load` builds both) to see
what grows with the data. Timings vary with the machine; compare pages within one run.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load_benchmark  # noqa: E402 (its folder is on the path from here)

# The load benchmark's settings (DEBUG off, its secret key and hosts), on DATABASE_URL.
os.environ.update(load_benchmark.env_for(os.getenv("DATABASE_URL", load_benchmark.SCALE_DB)))


class QueryTimer:
    """An execute wrapper: each query's milliseconds into `times`, and printed with `show`."""

    def __init__(self, times, show):
        self.times, self.show = times, show

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append((time.perf_counter() - started) * 1000)
            if self.show:
                text = sql % tuple(params or ())
                if len(text) > 2000:
                    text = text[:900] + " … " + text[-1100:]
                print(f"  {self.times[-1]:6.1f} ms  {text}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="only the pages whose name contains this")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", help="cProfile the first page whose name contains this")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache before each timed request: every cached list and figure is "
        "computed again (the first view after a change, at its worst)",
    )
    parser.add_argument(
        "--workspace",
        action="store_true",
        help="also the secretariat's pages of bench/workspace_benchmark.py",
    )
    parser.add_argument("--sql", action="store_true", help="print each query and its time")
    parser.add_argument(
        "--templates", action="store_true", help="time spent in each template (inclusive)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    spent = {}
    if args.templates:
        from django.template.base import Template

        plain_render = Template._render

        def timed_render(self, context):
            started = time.perf_counter()
            try:
                return plain_render(self, context)
            finally:
                name = self.origin.template_name if self.origin else "?"
                spent[name] = spent.get(name, 0) + time.perf_counter() - started

        Template._render = timed_render

    call_command("collectstatic", "--no-input", verbosity=0)  # DEBUG off: the manifest
    plan = load_benchmark.plan()
    print(f"{plan['people']} people", flush=True)
    pages = plan["pages"]
    if args.workspace:
        from workspace_benchmark import PAGES

        cookie = load_benchmark.session_cookie(load_benchmark.secretariat_user())
        pages = pages + [(f"[ws] {label}", path, cookie) for label, path in PAGES]
    pages = [p for p in pages if not args.pages or args.pages in p[0]]
    for name, path, cookie in pages:
        client = Client()
        key, value = cookie.split("=", 1)
        client.cookies[key] = value
        for _ in range(3):  # warm: templates parsed, caches filled
            response = client.get(path)
            assert response.status_code == 200, (name, response.status_code)
        queries = []
        if args.cold:
            cache.clear()
        with connection.execute_wrapper(QueryTimer(queries, args.sql)):
            client.get(path)
        times = []
        for _ in range(args.repeat):
            if args.cold:
                cache.clear()
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        size = len(response.content) // 1024
        print(
            f"{name:32} median {statistics.median(times):6.1f} ms  "
            f"min {min(times):6.1f} ms  {len(queries):3} queries {sum(queries):5.1f} ms "
            f"{size:4} KiB",
            flush=True,
        )
        if spent:
            for template, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:25]:
                per_request = seconds * 1000 / (args.repeat + 4)
                print(f"  {per_request:6.2f} ms  {template}")
            spent.clear()
        if args.profile and args.profile in name:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(10):
                client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            args.profile = None


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""The daily reminders (`manage.py send_reminders`) at the size of the largest municipality.

    .venv/bin/python bench/reminders_benchmark.py --setup   # once, if the database is missing
    .venv/bin/python bench/reminders_benchmark.py [--date 2026-11-23]

It runs against the PostgreSQL database named in BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/netvaerk_bench, the one bench/workspace_benchmark.py
--setup builds: 45,000 people, 2,000 networks, plans, hours and agreements), migrated first.

It calls `portal.reminders.send_reminders` twice for the same date inside one transaction and
rolls it back at the end, so the database is left as it was and the figures can be repeated.
It prints the seconds, the query count and the notifications made per kind for each run;
the second run must make none. The e-mail jobs a commit would queue (one row per e-mail
sent at once) are queued inside the transaction too, timed apart. Speed is measured here,
never by a timed test.

--setup builds the database like bench/workspace_benchmark.py --setup, in this process.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.getenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/netvaerk_bench")
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netvaerk.settings")


class RolledBack(Exception):
    pass


def _create_database():
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(DB_URL)
    conn = psycopg2.connect(dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"])
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def setup():
    _create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "catalogue", "process_descriptions", verbosity=0)
    call_command("load_templates")
    call_command("generate_org", people=45000, departments=1500, networks=2000)
    call_command("generate_agreements")
    call_command("refresh_summaries")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    print(f"Data ready in {time.monotonic() - started:.0f} s")


def run(day):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from netvaerk.models import Network
    from notifications.models import Notification
    from portal import reminders

    call_command("migrate", verbosity=0)
    print(
        f"Database: {connection.settings_dict['NAME']}, {Network.objects.count()} networks, "
        f"{Notification.objects.count()} notifications before; date {day.isoformat()}"
    )
    results = []
    try:
        with transaction.atomic():
            for label in ("first run", "second run"):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    counts = reminders.send_reminders(day)
                    seconds = time.perf_counter() - started
                # What a commit would do next: queue one e-mail job per e-mail (timed
                # apart; rolled back with the rest).
                started = time.perf_counter()
                callbacks, connection.run_on_commit = connection.run_on_commit, []
                for _savepoints, callback, _robust in callbacks:
                    callback()
                queueing = time.perf_counter() - started
                results.append((label, seconds, len(queries), counts, len(callbacks), queueing))
            raise RolledBack
    except RolledBack:
        pass
    for label, seconds, query_count, counts, jobs, queueing in results:
        total = sum(counts.values())
        print(f"{label}: {seconds:.2f} s, {query_count} queries, {total} notifications")
        print(f"    then {jobs} e-mail jobs queued in {queueing:.2f} s")
        for kind, count in counts.items():
            print(f"    {kind:<20} {count}")
    second_total = sum(results[1][3].values())
    print(f"Rolled back; {Notification.objects.count()} notifications after.")
    if second_total:
        print("FAIL: the second run made notifications")
        return 1
    if results[0][1] >= 30:
        print("FAIL: the first run took 30 s or more")
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", action="store_true", help="(re)build the database first")
    parser.add_argument("--date", type=date.fromisoformat, default=date.today())
    parser.add_argument("--setup-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup or args.setup_only:
        setup()
        if args.setup_only:
            return 0
    return run(args.date)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Load benchmark: the common pages at the size of the largest municipality and on the demo
data, each beside a bare Django view, over HTTP (`make bench-load`).

    .venv/bin/python bench/load_benchmark.py [--rebuild] [--seconds 6] [--soak-seconds 120]

1. Builds two PostgreSQL databases once (again with --rebuild): `netvaerk_bench`, the
   municipality of `generate_org` (45,000 people, 1,500 departments, 2,000 networks, with
   plans, phase histories, a year of logged hours and agreements in every state, then
   ANALYZE), and `netvaerk_bench_demo`, the demo data of `make run`.
2. For each database: starts gunicorn with 2 sync workers (DEBUG off), logs in the way a
   browser does (a session cookie) as a network leader and as the secretariat, and loads each
   page with wrk from 10 connections: the bare view (`/sundhed/`, through every middleware,
   no database), the page, the bare view again, so the share of the bare view's rate compares
   like with like even when the machine is busy. Prints p50/p95/p99, requests per second,
   the share of the bare view, errors and the workers' memory.
3. At scale: 50 connections for --soak-seconds over all the pages (errors must be 0); then a
   second app server beside the first, on the same database and PDF folder: a PDF rendered
   by one is served by the other from the shared cache; and the first PDF after a restart
   against raw WeasyPrint in a fresh process.
4. At scale against the demo, interleaved: both servers up at once, and each page loaded on
   one, then the other, for --rounds rounds (in turn first), so a page at scale and on the
   demo are measured seconds apart, not minutes: the ratio of their p50s is the median of
   the rounds'. (The two runs above are minutes apart; a machine that slows down or speeds
   up between them moved their ratios by up to a third with the same code.)

Speed is measured here, never by a timed test. The figures are recorded in BENCHMARKS.md.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = "postgres://postgres@127.0.0.1:5432/"
SCALE_DB = os.getenv("BENCH_DATABASE_URL", SERVER + "netvaerk_bench")
DEMO_DB = os.getenv("BENCH_DEMO_DATABASE_URL", SERVER + "netvaerk_bench_demo")
PORT = int(os.getenv("BENCH_PORT", "8041"))
BARE = "/sundhed/"
SECRET = "bench-" + "x" * 60
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def env_for(db_url, **extra):
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "netvaerk.settings",
        **extra,
    }


def manage(db_url, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env_for(db_url), check=True)


# --- the databases ----------------------------------------------------------------------------


def _server_connection(db_url):
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(db_url)
    conn = psycopg2.connect(dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"])
    conn.autocommit = True
    return conn, cfg["NAME"]


def recreate(db_url):
    conn, name = _server_connection(db_url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def is_built(db_url):
    """True when the database exists and its build finished (the marker table is written
    last)."""
    import psycopg2

    conn, name = _server_connection(db_url)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cur.fetchone() is not None
    conn.close()
    if not exists:
        return False
    try:
        with psycopg2.connect(db_url) as db, db.cursor() as cur:
            cur.execute("SELECT to_regclass('bench_built') IS NOT NULL")
            return cur.fetchone()[0]
    except psycopg2.Error:
        return False


def mark_built(db_url):
    import psycopg2

    with psycopg2.connect(db_url) as db, db.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_built (built_at timestamptz DEFAULT now())")


def vacuum(db_url):
    import psycopg2

    db = psycopg2.connect(db_url)
    db.autocommit = True  # VACUUM runs outside a transaction
    with db.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    db.close()


def build_scale(db_url):
    """The largest municipality: people, departments, networks and roles, then plans, phase
    histories, hours and agreements (generate_org does all of it and runs ANALYZE)."""
    recreate(db_url)
    started = time.monotonic()
    manage(db_url, "migrate", "-v0")
    manage(db_url, "loaddata", "catalogue", "process_descriptions", "-v0")
    manage(db_url, "load_templates")
    manage(
        db_url, "generate_org", "--people", "45000", "--departments", "1500", "--networks", "2000"
    )
    manage(db_url, "refresh_summaries")
    # As a database that has been in use: the visibility map set (index-only scans), and no
    # autovacuum of the fresh tables running during the measurements.
    vacuum(db_url)
    mark_built(db_url)
    print(f"Municipality ready in {time.monotonic() - started:.0f} s", flush=True)


def build_demo(db_url):
    """The demo data of `make run`, on PostgreSQL."""
    recreate(db_url)
    for args in (
        ("migrate", "-v0"),
        ("load_english",),
        ("load_templates",),
        ("load_demo", "--quiet-logins"),
        ("publish_shipped", "-v0"),
        ("load_demo_agreements",),
        ("load_demo_proposals",),
        ("load_demo_competences",),
        ("load_demo_leadernets",),
        ("refresh_summaries",),
    ):
        manage(db_url, *args)
    vacuum(db_url)
    mark_built(db_url)


# --- what to load (run inside Django, on the chosen database) ---------------------------------


def session_cookie(user):
    """A browser's session cookie for `user`, made as a login makes it (inside Django)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def secretariat_user():
    """The benchmark's secretariat login, made the first time (inside Django)."""
    from django.conf import settings
    from django.contrib.auth.models import Group, User

    from roles.models import Person

    user, _ = User.objects.get_or_create(
        username="bench-sekretariat", defaults={"first_name": "Bench", "last_name": "Sekretær"}
    )
    Person.objects.get_or_create(user=user)
    group, _ = Group.objects.get_or_create(name=settings.SECRETARIAT_GROUP)
    user.groups.add(group)
    return user


def plan():
    """The pages to load: (label, path, cookie), and the PDF to render (inside Django)."""
    from django.urls import reverse

    from agreements import pdfs
    from agreements.models import Agreement
    from roles.models import Person

    # A network leader with an agreement of their own: the first such agreement.
    agreement = (
        Agreement.objects.filter(leader__user__isnull=False, leader__user__is_active=True)
        .select_related("network", "leader__user")
        .order_by("pk")
        .first()
    )
    leader = agreement.leader
    network = agreement.network
    lead, sec = session_cookie(leader.user), session_cookie(secretariat_user())
    pages = [
        ("Mine netværk", reverse("home"), lead),
        ("Catalogue", reverse("netvaerk:network-list"), lead),
        ("Catalogue, search “ældre”", reverse("netvaerk:network-list") + "?q=%C3%A6ldre", lead),
        ("Network page", network.get_absolute_url(), lead),
        ("Agreement page", reverse("agreements:detail", args=[agreement.pk]), lead),
        ("Person page", reverse("netvaerk:person-detail", args=[leader.pk]), lead),
        ("Notifications", reverse("notifications:list"), lead),
        ("Workspace", reverse("workspace"), sec),
        ("Directory", reverse("roles:person-list"), sec),
        ("Directory, search “karen”", reverse("roles:person-list") + "?q=karen", sec),
        ("Search box, “ældre”", reverse("search") + "?q=%C3%A6ldre", sec),
        ("Time balance", reverse("netvaerk:time-balance"), sec),
    ]
    html = pdfs.agreement_html(agreement, "til-moedet")
    pdf = {
        "path": reverse("agreements:pdf", args=[agreement.pk, "til-moedet"]),
        "cookie": lead,
        "html": html,
    }
    return {"pages": pages, "pdf": pdf, "people": Person.objects.count()}


def prepare():
    """Prints plan() as JSON."""
    import django

    django.setup()
    print(json.dumps(plan()))


def pages_for(db_url):
    out = subprocess.run(
        [PYTHON, __file__, "--prepare"],
        cwd=ROOT,
        env=env_for(db_url),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- the servers and the load -----------------------------------------------------------------


def start_server(db_url, port, pdf_dir):
    server = subprocess.Popen(
        [GUNICORN, "netvaerk.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "--config", "python:netvaerk.gunicorn"],
        cwd=ROOT,
        env=env_for(db_url, PDF_CACHE_DIR=pdf_dir, PDF_LOCK_DIR=pdf_dir + "-locks"),
    )
    for _ in range(300):
        try:
            fetch(port, BARE)
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"gunicorn did not start on port {port}")


def stop_server(server):
    server.terminate()
    server.wait(30)


def fetch(port, path, cookie=""):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie, "Host": "127.0.0.1"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        if urllib.parse.urlsplit(response.url).path != urllib.parse.urlsplit(path).path:
            raise SystemExit(f"{path} was sent on to {response.url}: is the session valid?")
        body = response.read()
        return (time.perf_counter() - started) * 1000, response.status, body, response.headers


WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.2f %.2f %.2f %.2f %d %d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6),
    errors, summary.requests))
end
"""

# Many pages from many users in turn: one request each, round the list.
WRK_MIX = """
local i = 0
request = function()
  i = i % #targets + 1
  return wrk.format("GET", targets[i][1], {["Cookie"] = targets[i][2]})
end
"""


def wrk(port, path, cookie, seconds, connections, mix=None):
    """(p50, p95, p99 ms, requests/s, errors, requests) from wrk (C, little CPU)."""
    script = WRK_REPORT
    if mix:
        rows = ",\n".join(f"{{{json.dumps(p)}, {json.dumps(c)}}}" for p, c in mix)
        script = f"targets = {{\n{rows}\n}}\n" + WRK_MIX + WRK_REPORT
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", lua.name, "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    os.unlink(lua.name)
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    p50, p95, p99, rate, errors, count = line.split()[1:]
    return float(p50), float(p95), float(p99), float(rate), int(errors), int(count)


def memory(server):
    """Resident memory (MiB) of each gunicorn worker and of the PDF render server, the
    master's other child, from /proc."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    workers, render = [], []
    for pid in children:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                size = int(line.split()[1]) / 1024
                (render if b"core.pdf_server" in command else workers).append(size)
    return workers, render


def measure(db_url, label, args):
    print(f"\n## {label}\n", flush=True)
    plan = pages_for(db_url)
    if args.pages:
        plan["pages"] = [p for p in plan["pages"] if args.pages.casefold() in p[0].casefold()]
    pdf_dir = tempfile.mkdtemp(prefix="bench-pdf-")
    server = start_server(db_url, PORT, pdf_dir)
    results = {}
    try:
        for _label, path, cookie in plan["pages"]:
            for _ in range(4):  # both workers warm, every template loaded
                _ms, status, _body, headers = fetch(PORT, path, cookie)
                if status != 200 or "text/html" not in headers["Content-Type"]:
                    raise SystemExit(f"{path}: {status}")
        print(f"{plan['people']:,} people; wrk, {args.connections} connections, 2 workers\n")
        print("| page | p50 ms | p95 ms | p99 ms | requests/s | share of bare | errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        bare_rates = []
        for name, path, cookie in plan["pages"]:
            before = wrk(PORT, BARE, cookie, args.bare_seconds, args.connections)
            page = wrk(PORT, path, cookie, args.seconds, args.connections)
            after = wrk(PORT, BARE, cookie, args.bare_seconds, args.connections)
            bare = (before[3] + after[3]) / 2
            bare_rates.append(bare)
            share = page[3] / bare * 100
            errors = page[4]
            results[name] = page
            print(
                f"| {name} | {page[0]:.0f} | {page[1]:.0f} | {page[2]:.0f} | {page[3]:.0f} "
                f"| {share:.1f} % | {errors} |",
                flush=True,
            )
        print(f"\nBare view: {statistics.median(bare_rates):.0f} requests/s (median)")
        workers, render = memory(server)
        print(
            f"Memory after the run: workers {', '.join(f'{m:.0f}' for m in workers)} MiB; "
            f"PDF render server {', '.join(f'{m:.0f}' for m in render)} MiB",
            flush=True,
        )
        if args.soak_seconds and label.startswith("Municipality"):
            soak(plan, args)
            two_servers(db_url, plan, pdf_dir, server)
    finally:
        stop_server(server)
        shutil.rmtree(pdf_dir, ignore_errors=True)
        shutil.rmtree(pdf_dir + "-locks", ignore_errors=True)
    return results


def soak(plan, args):
    mix = [(path, cookie) for _name, path, cookie in plan["pages"]]
    p50, p95, p99, rate, errors, count = wrk(
        PORT, BARE, "", args.soak_seconds, args.soak_connections, mix=mix
    )
    print(
        f"\n{args.soak_connections} users for {args.soak_seconds} s, every page in turn: "
        f"{count:,} requests, {errors} errors, {rate:.0f} requests/s, "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms",
        flush=True,
    )
    time.sleep(10)  # the requests wrk left behind end


def two_servers(db_url, plan, pdf_dir, first):
    """A second app server on the same database and PDF folder; the PDF from the first is a
    hit on the second. The first PDF of a freshly started server against raw WeasyPrint."""
    pdf = plan["pdf"]
    second = start_server(db_url, PORT + 1, pdf_dir)
    try:
        for _ in range(4):  # both of its workers have answered once
            fetch(PORT + 1, plan["pages"][0][1], plan["pages"][0][2])
        ms_first, _s, body_a, headers_a = fetch(PORT, pdf["path"], pdf["cookie"])
        ms_second, _s, body_b, headers_b = fetch(PORT + 1, pdf["path"], pdf["cookie"])
        same = "the same file" if body_a == body_b else "DIFFERENT FILES"
        print(
            f"\nTwo app servers: server 1 answered the PDF in {ms_first:.0f} ms "
            f"(X-PDF-Cache: {headers_a['X-PDF-Cache']}), server 2 in {ms_second:.0f} ms "
            f"(X-PDF-Cache: {headers_b['X-PDF-Cache']}), {same}",
            flush=True,
        )
    finally:
        stop_server(second)
    # The first PDF after a restart: a new server, the cache emptied, one request.
    shutil.rmtree(pdf_dir, ignore_errors=True)
    Path(pdf_dir).mkdir()
    restarted = start_server(db_url, PORT + 1, pdf_dir)
    try:
        cold = fetch(PORT + 1, pdf["path"], pdf["cookie"])[0]
        shutil.rmtree(pdf_dir, ignore_errors=True)
        Path(pdf_dir).mkdir()
        warm = fetch(PORT + 1, pdf["path"], pdf["cookie"])[0]
    finally:
        stop_server(restarted)
    raw = raw_weasyprint(pdf["html"])
    print(
        f"First PDF after a restart: {cold:.0f} ms over HTTP (then {warm:.0f} ms); raw "
        f"WeasyPrint in a fresh process: {raw['total']:.0f} ms with starting Python and "
        f"importing it, {raw['render']:.0f} ms of it to render: {cold / raw['total']:.2f}× the "
        f"fresh process ({cold / raw['render']:.2f}× its render alone)",
        flush=True,
    )


def compare(args):
    """Each page at scale and on the demo in turn, both servers up: (name, demo p50s, scale
    p50s, ratios) per page, one of each per round."""
    plans = {SCALE_DB: pages_for(SCALE_DB), DEMO_DB: pages_for(DEMO_DB)}
    ports = {SCALE_DB: PORT, DEMO_DB: PORT + 2}
    folders = {db: tempfile.mkdtemp(prefix="bench-pdf-") for db in plans}
    servers = [start_server(db, ports[db], folders[db]) for db in plans]
    pages = {
        db: {name: (path, cookie) for name, path, cookie in plan["pages"]}
        for db, plan in plans.items()
    }
    names = [n for n in pages[SCALE_DB] if not args.pages or args.pages.casefold() in n.casefold()]
    rows = []
    try:
        for db in plans:
            for name in names:
                for _ in range(4):  # both workers warm, every cached page built
                    fetch(ports[db], *pages[db][name])
        for name in names:
            p50s = {SCALE_DB: [], DEMO_DB: []}
            for round_ in range(args.rounds):
                order = [SCALE_DB, DEMO_DB] if round_ % 2 == 0 else [DEMO_DB, SCALE_DB]
                for db in order:
                    path, cookie = pages[db][name]
                    p50s[db].append(
                        wrk(ports[db], path, cookie, args.round_seconds, args.connections)[0]
                    )
            ratios = [a / b for a, b in zip(p50s[SCALE_DB], p50s[DEMO_DB], strict=True)]
            rows.append((name, p50s[DEMO_DB], p50s[SCALE_DB], ratios))
    finally:
        for server in servers:
            stop_server(server)
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(folder + "-locks", ignore_errors=True)
    return rows


RAW = """
import json, sys, time
started = time.perf_counter()
import weasyprint
imported = time.perf_counter()
weasyprint.HTML(string=open(sys.argv[1]).read()).write_pdf(pdf_variant="pdf/ua-1")
done = time.perf_counter()
print(json.dumps({"render": (done - imported) * 1000, "import": (imported - started) * 1000}))
"""


def raw_weasyprint(html):
    """WeasyPrint alone in a new process, on the same HTML (its static files read from the
    collected folder): the time of its first render, fonts and Pango loaded on the way, and
    of the whole process."""
    from core.pdf_worker import STATIC_BASE_URL

    static = (ROOT / "var" / "static").as_uri() + "/"
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as f:
        f.write(html.replace(STATIC_BASE_URL, static))
    started = time.perf_counter()
    out = subprocess.run(
        [PYTHON, "-c", RAW, f.name], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    total = (time.perf_counter() - started) * 1000
    os.unlink(f.name)
    return {**json.loads(out.strip().splitlines()[-1]), "total": total}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rebuild", action="store_true", help="build both databases again")
    parser.add_argument("--seconds", type=int, default=6, help="per page")
    parser.add_argument("--bare-seconds", type=int, default=3, help="bare view, before and after")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--soak-seconds", type=int, default=120)
    parser.add_argument("--soak-connections", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="of the interleaved comparison")
    parser.add_argument("--round-seconds", type=int, default=3, help="per page and round")
    parser.add_argument("--only", choices=["scale", "demo"])
    parser.add_argument("--pages", help="only the pages whose name contains this")
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench-load installs it)")
    manage(DEMO_DB if args.only == "demo" else SCALE_DB, "collectstatic", "--no-input", "-v0")
    runs = []
    if args.only != "demo":
        runs.append((SCALE_DB, "Municipality: 45,000 people, 2,000 networks", build_scale))
    if args.only != "scale":
        runs.append((DEMO_DB, "Demo data", build_demo))
    results = {}
    for db_url, label, build in runs:
        if args.rebuild or not is_built(db_url):
            build(db_url)
        else:
            manage(db_url, "migrate", "-v0")
        results[label] = measure(db_url, label, args)
    if len(results) == 2:
        scale, demo = results.values()
        print("\n## At scale against the demo (p50 of the two runs above, minutes apart)\n")
        print("| page | demo ms | 45,000 people ms | ratio |\n| --- | ---: | ---: | ---: |")
        for name, page in scale.items():
            base = demo[name][0]
            print(f"| {name} | {base:.0f} | {page[0]:.0f} | {page[0] / base:.2f} |")
        print(f"\n## At scale against the demo, interleaved ({args.rounds} rounds, p50)\n")
        print("| page | demo ms | 45,000 people ms | ratio | rounds |")
        print("| --- | ---: | ---: | ---: | --- |")
        for name, demo_p50s, scale_p50s, ratios in compare(args):
            print(
                f"| {name} | {statistics.median(demo_p50s):.0f} "
                f"| {statistics.median(scale_p50s):.0f} | {statistics.median(ratios):.2f} "
                f"| {', '.join(f'{r:.2f}' for r in ratios)} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

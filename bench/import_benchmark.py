#!/usr/bin/env python
"""`manage.py import_org --csv` at the size of the largest municipality.

    .venv/bin/python bench/import_benchmark.py [--people 45000] [--departments 1500]

Writes a CSV bundle (departments in five levels, every department with a manager, people
spread over them) to a temporary folder and imports it into throw-away databases: an SQLite
file, and a PostgreSQL database on 127.0.0.1:5432 (user postgres) when one answers
(BENCH_POSTGRES_URL to name another server; the database `netvaerk_import_bench` is made and
dropped again). For each it times, in separate `manage.py` processes:

1. the first import into the empty, migrated database;
2. a second run of the same bundle, which must change nothing;
3. a day's changes: 1 % of the people moved, 0.5 % gone (leavers) and 0.5 % new, 1 % of the
   departments renamed and a few moved under another parent;
4. that day's bundle once more (nothing changes).

It prints the seconds the command itself reports (its last progress line) and the wall-clock
seconds of the process, which include Python's and Django's start.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.getenv("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/netvaerk_import_bench")

FIRST = ["Mette", "Lars", "Sofie", "Anders", "Ida", "Jonas", "Hanne", "Peter", "Freja", "Ali"]
FIRST += ["Karen", "Mikkel", "Louise", "Søren", "Emma", "Niels", "Fatima", "Ole", "Line", "Åse"]
LAST = ["Hansen", "Nielsen", "Jensen", "Pedersen", "Andersen", "Christensen", "Larsen"]
LAST += ["Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Ærø"]
TITLES = ["Pædagog", "Lærer", "Sygeplejerske", "Social- og sundhedshjælper", "Konsulent"]
TITLES += ["Fuldmægtig", "Ingeniør", "Socialrådgiver", "Terapeut", "Specialkonsulent"]
AREAS = ["Børn og Unge", "Skole", "Kultur og Fritid", "Social", "Sundhed", "Ældre"]
AREAS += ["Beskæftigelse", "By og Miljø", "Teknik", "Økonomi", "HR", "Digitalisering"]


def make_organisation(people, departments, seed=2026):
    """(departments, people) as rows: a five-level tree, one manager per department."""
    rng = random.Random(seed)
    depts = [["D0001", "Kommunen", "", "", ""]]
    sizes = [len(AREAS), (departments - 13) // 10, (departments - 13) * 3 // 10]
    sizes.append(departments - 1 - sum(sizes))
    previous = depts
    for level, size in enumerate(sizes, start=2):
        current = []
        for i in range(size):
            parent = depts[0] if level == 2 else previous[i % len(previous)]
            name = AREAS[i] if level == 2 else f"Afdeling {level}.{i + 1}"
            current.append([f"D{len(depts) + len(current) + 1:04d}", name, parent[0], "", ""])
        depts += current
        previous = current
    rows = []
    for i in range(people):
        dept = depts[i] if i < len(depts) else rng.choice(depts)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        title = "Leder" if i < len(depts) else rng.choice(TITLES)
        rows.append([f"P{i:06d}", f"u{i:06d}", f"u{i:06d}@kommune.example", first, last])
        rows[-1] += [title, dept[0]]
        if i < len(depts):
            dept[3] = rows[-1][0]
    return depts, rows


def change_a_day(depts, people, seed=7):
    """A day's changes: moves, leavers, new people, renamed and moved departments."""
    rng = random.Random(seed)
    depts = [list(d) for d in depts]
    people = [list(p) for p in people]
    managers = {d[3] for d in depts}
    staff = [p for p in people if p[0] not in managers]
    for person in rng.sample(staff, len(people) // 100):
        person[6] = rng.choice(depts)[0]
    new = len(people) // 200
    gone = {p[0] for p in rng.sample(staff, new)}
    people = [p for p in people if p[0] not in gone]
    for i in range(new):
        n = 900000 + i
        people.append([f"P{n}", f"u{n}", f"u{n}@kommune.example", "Ny", "Medarbejder"])
        people[-1] += ["Konsulent", rng.choice(depts)[0]]
    for dept in rng.sample(depts[1:], len(depts) // 100):
        dept[1] += " (ny)"
    level3 = [d for d in depts if d[2] in {a[0] for a in depts[1:13]}]
    for dept in rng.sample(level3, 5):
        dept[2] = rng.choice(depts[1:13])[0]
    return depts, people


def write_bundle(folder, depts, people):
    folder.mkdir(parents=True, exist_ok=True)
    for name, header, rows in [
        ("departments.csv", "id;name;parent_id;manager_id;level", depts),
        ("people.csv", "id;username;email;first_name;last_name;title;department_id", people),
    ]:
        lines = [header, *(";".join(row) for row in rows)]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return folder


def postgres_reachable():
    try:
        import dj_database_url
        import psycopg2

        cfg = dj_database_url.parse(PG_URL)
        conn = psycopg2.connect(
            dbname="postgres", user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"],
            password=cfg["PASSWORD"] or None, connect_timeout=3,
        )  # fmt: skip
    except Exception:
        return None
    conn.autocommit = True
    return conn, cfg["NAME"]


def recreate(conn, name, drop_only=False):
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop_only:
            cur.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - started
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout, wall


def run_import(env, folder, label):
    out, wall = manage(env, "import_org", "--csv", str(folder), "--examples", "0")
    last = out.strip().splitlines()[-1]
    own = float(re.match(r"\[\s*([\d.]+) s\]", last).group(1))
    print(f"  {label:<32} {own:7.1f} s   (process {wall:5.1f} s)   {last.split('] ')[1]}")
    return out, own


def bench(label, database_url, bundles):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    manage(env, "migrate", "-v0")
    print(f"{label}:")
    first, day = bundles
    run_import(env, first, "first import")
    out, _ = run_import(env, first, "same bundle again")
    assert "intet ændret" in out, out
    run_import(env, day, "a day's changes")
    out, _ = run_import(env, day, "that day's bundle again")
    assert "intet ændret" in out, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=45000)
    parser.add_argument("--departments", type=int, default=1500)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the bundles and SQLite file.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="netvaerk-bench-import-"))
    depts, people = make_organisation(args.people, args.departments)
    first = write_bundle(workdir / "bundle", depts, people)
    day = write_bundle(workdir / "bundle-next-day", *change_a_day(depts, people))
    print(f"Bundle: {len(depts)} departments, {len(people)} people in {workdir}")
    try:
        bench("SQLite", f"sqlite:///{workdir}/bench.sqlite3", (first, day))
        server = None if args.no_postgres else postgres_reachable()
        if server is None:
            print("PostgreSQL: skipped (--no-postgres, or nothing answers)")
            return
        conn, name = server
        recreate(conn, name)
        try:
            bench(f"PostgreSQL ({name})", PG_URL, (first, day))
        finally:
            recreate(conn, name, drop_only=True)
            conn.close()
    finally:
        if not args.keep:
            shutil.rmtree(workdir)


if __name__ == "__main__":
    main()

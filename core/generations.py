"""Figures over whole tables, cached until a table they read is written.

Counting 45,000 people or summing 17,000 roles costs the database milliseconds that grow with
the data, on every view of a list that shows the figure. Such a figure is cached under its
topic's generation (core.models.Generation), which a database trigger changes in every
statement that writes one of the topic's tables: inserts, updates, deletes and truncations,
from the ORM, bulk writes, imports or plain SQL alike. A reader asks for the generations (one
query) and uses a cached figure only when it was computed under the same ones, so no code
path can leave a stale figure behind, on one app server or several.

The trigger's write is part of the writer's transaction: a reader never sees a new
generation before the data it stands for, a writer sees its own at once, and a rolled-back
write leaves the generation as it was (still true; the values are random, so one rolled back
is never met again).

On PostgreSQL every writing transaction writes a row of its own (its transaction id), so
writers never wait for one another or hold a lock another transaction needs: an import of
45,000 people does not hold up a login, and a role saved while hours are logged cannot
deadlock on it. A topic's generation is the set of its committed rows; when a reader finds
more than COMPACT_AT, it replaces those it read by one new row (a new generation, so a
figure is computed once more). SQLite writes one transaction at a time: one row per topic.

The apps name their tables in their own migrations (`track`); this module names no app.
"""

import functools
import hashlib
import os
import random

from django.conf import settings
from django.core.cache import cache
from django.db import connection, migrations, transaction
from django.utils.translation import get_language

from .models import Generation

TIMEOUT = 60 * 60  # a figure not asked for in an hour is dropped
COMPACT_AT = 64  # rows of one topic (PostgreSQL: one per writing transaction)

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION core_bump_generation() RETURNS trigger AS $$
BEGIN
    INSERT INTO core_generation (topic, writer, value)
    VALUES (TG_ARGV[0], txid_current(), floor(random() * 9.2e18)::bigint)
    ON CONFLICT (topic, writer) DO UPDATE SET value = EXCLUDED.value;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _install_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_PG_FUNCTION, params=None)


def _drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS core_bump_generation()", params=None)


def install():
    """A migration operation (core's): the trigger function the tracked tables call."""
    return migrations.RunPython(_install_function, _drop_function, elidable=False)


SQLITE_EVENTS = ("insert", "update", "delete")  # a trigger each: SQLite's are per row


def trigger_names(vendor, table):
    """The triggers `track` gives `table`."""
    if vendor == "postgresql":
        return [f"{table}_generation"]
    return [f"{table}_generation_{event}" for event in SQLITE_EVENTS]


def _forwards_sql(vendor, table, topic, columns=None):
    of = " OF " + ", ".join(f'"{column}"' for column in columns) if columns else ""
    if vendor == "postgresql":
        (name,) = trigger_names(vendor, table)
        return [
            f'CREATE TRIGGER "{name}" AFTER INSERT OR UPDATE{of} OR DELETE OR TRUNCATE '
            f"ON \"{table}\" FOR EACH STATEMENT EXECUTE FUNCTION core_bump_generation('{topic}')"
        ]
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER "{name}" AFTER {event.upper()}{of if event == "update" else ""} '
            f'ON "{table}" BEGIN '
            f"INSERT INTO core_generation (topic, writer, value) VALUES ('{topic}', 0, random()) "
            "ON CONFLICT (topic, writer) DO UPDATE SET value = excluded.value; END"
            for name, event in zip(trigger_names(vendor, table), SQLITE_EVENTS, strict=True)
        ]
    raise NotImplementedError(f"Generations need triggers written for {vendor}")


def _add_triggers(table, topic, columns):
    def add(apps, schema_editor):
        for sql in _forwards_sql(schema_editor.connection.vendor, table, topic, columns):
            schema_editor.execute(sql, params=None)

    return add


def _drop_triggers(table):
    def drop(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for name in trigger_names(vendor, table):
            on = f' ON "{table}"' if vendor == "postgresql" else ""
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"{on}', params=None)

    return drop


def track(table, topic, *, columns=None):
    """A migration operation: writes to `table` give `topic` a new generation; with
    `columns`, an update only when it sets one of them (a login's last_login is no change
    to a name). A table has one topic; a reader may ask for several.

    SQLite drops a table's triggers when a migration rebuilds the table: a later migration
    that alters a tracked table must track it again (tests/core/test_generations.py checks
    that every tracked table has its triggers)."""
    return migrations.RunPython(
        _add_triggers(table, topic, columns), _drop_triggers(table), elidable=False
    )


def untrack(table, topic, *, columns=None):
    """A migration operation: the reverse of `track(table, topic, columns=columns)` (to move
    a table to another topic: untrack, then track)."""
    return migrations.RunPython(
        _drop_triggers(table), _add_triggers(table, topic, columns), elidable=False
    )


def current(*topics):
    """The topics' generations, in order, as text: one query (and, now and then, a compaction
    of a topic's rows)."""
    rows = {topic: [] for topic in topics}
    for topic, writer, value in Generation.objects.filter(topic__in=topics).values_list(
        "topic", "writer", "value"
    ):
        rows[topic].append((writer, value))
    for topic, seen in rows.items():
        if len(seen) > COMPACT_AT:
            _compact(topic, seen)
    return tuple(
        hashlib.blake2b(repr(sorted(rows[topic])).encode(), digest_size=10).hexdigest()
        for topic in topics
    )


def _compact(topic, seen):
    """The rows read replaced by one with a new value: rows written since stay, so the set
    still changes with every write."""
    with transaction.atomic():
        Generation.objects.filter(topic=topic, writer__in=[w for w, _v in seen]).delete()
        Generation.objects.bulk_create(  # another reader may have compacted at the same time
            [Generation(topic=topic, writer=0, value=random.getrandbits(62))],
            update_conflicts=True,
            unique_fields=["topic", "writer"],
            update_fields=["value"],
        )


_SOURCE_SUFFIXES = (".py", ".html", ".txt", ".mo")
_NOT_SOURCE = {".git", ".venv", "node_modules", "var", "tests", "bench", "static", "fixtures"}


@functools.cache
def code_version():
    """A digest of the portal's code, templates and translations, read once per process: in
    the keys, so a value cached by one release (markup, say) is never served by another,
    while servers running the same release share what they cache."""
    digest = hashlib.blake2b(digest_size=8)
    for folder, subfolders, files in os.walk(settings.BASE_DIR):  # top-down, in name order
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_SOURCE)  # not walked
        for name in sorted(files):
            if name.endswith(_SOURCE_SUFFIXES):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, settings.BASE_DIR).encode())
                with open(path, "rb") as source:
                    digest.update(source.read())
    return digest.hexdigest()


def request_key(request, *names):
    """The part of a key that stands for what the request asks: the active language, whether
    anyone is signed in, and the query string (or only the parameters `names`), in a fixed
    order and digested, so any query gives a short key of its own."""
    params = sorted(
        (name, values) for name, values in request.GET.lists() if not names or name in names
    )
    asked = f"{get_language()}:{request.user.is_authenticated:d}:{params!r}".encode()
    return hashlib.blake2b(asked, digest_size=16).hexdigest()


def cached(key, topics, compute, *, keep=lambda value: True, timeout=TIMEOUT):
    """compute(), or the value it gave under the topics' current generations (and this
    release of the code). A value that `keep` refuses (a figure computed from data known to
    be incomplete) is not cached.

    `compute` reads what it shows itself, after the generations are read here: a row the
    caller read before could have been written in between, and would then be cached under
    the new generation, stale until the next write. (Read after, a write in between only
    makes the value newer than its key, and the next reader computes it again.)"""
    topics = tuple(dict.fromkeys(topics))  # a topic named by two lists is read once
    database = connection.settings_dict["NAME"]  # two databases behind one cache
    state = f"{database}:" + ":".join(current(*topics))
    digest = hashlib.blake2b(state.encode(), digest_size=16).hexdigest()
    full_key = f"generations:{code_version()}:{key}:{digest}"  # short for any cache
    value = cache.get(full_key)
    if value is None:
        value = compute()
        if keep(value):
            cache.set(full_key, value, timeout)
    return value

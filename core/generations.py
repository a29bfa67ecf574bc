"""Figures over whole tables, cached until a table they read is written.

Counting 45,000 people or summing 17,000 roles costs the database milliseconds that grow with
the data, on every view of a list that shows the figure. Such a figure is cached under its
topic's generation (core.models.Generation), a number that a database trigger replaces with a
new random one in every statement that writes one of the topic's tables: inserts, updates,
deletes and truncations, from the ORM, bulk writes, imports or plain SQL alike. A reader asks
for the generations (one query) and uses the cached figure only when it was computed under
the same ones, so no code path can leave a stale figure behind, on one app server or several.

The trigger's write is part of the writer's transaction: a reader never sees a new
generation before the data it stands for, and a rolled-back write leaves the old generation,
still true (a new one is random, so a rolled-back value is never met again). A writer holds
the generation's row from its first write to its commit, so writes to one topic's tables
commit one at a time: topics are for tables written rarely or in short transactions.

The apps name their tables in their own migrations (`track`); this module names no app.
"""

from django.core.cache import cache
from django.db import connection, migrations

from .models import Generation

TIMEOUT = 60 * 60  # a figure not asked for in an hour is dropped

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION core_bump_generation() RETURNS trigger AS $$
BEGIN
    INSERT INTO core_generation (topic, value)
    VALUES (TG_ARGV[0], floor(random() * 9.2e18)::bigint)
    ON CONFLICT (topic) DO UPDATE SET value = EXCLUDED.value;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def _trigger_name(table, suffix=""):
    return f"{table}_generation{suffix}"


def _forwards_sql(vendor, table, topic):
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f'CREATE TRIGGER "{_trigger_name(table)}" '
            f'AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION core_bump_generation('{topic}')",
        ]
    if vendor == "sqlite":  # no statement triggers: one per written row
        return [
            f'CREATE TRIGGER "{_trigger_name(table, "_" + event.lower())}" '
            f'AFTER {event} ON "{table}" BEGIN '
            f"INSERT INTO core_generation (topic, value) VALUES ('{topic}', random()) "
            "ON CONFLICT (topic) DO UPDATE SET value = excluded.value; END"
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"Generations need triggers written for {vendor}")


def _backwards_sql(vendor, table):
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS "{_trigger_name(table)}" ON "{table}"']
    return [
        f'DROP TRIGGER IF EXISTS "{_trigger_name(table, "_" + event)}"'
        for event in ("insert", "update", "delete")
    ]


def track(table, topic):
    """A migration operation: writes to `table` give `topic` a new generation."""

    def forwards(apps, schema_editor):
        for sql in _forwards_sql(schema_editor.connection.vendor, table, topic):
            schema_editor.execute(sql, params=None)

    def backwards(apps, schema_editor):
        for sql in _backwards_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql, params=None)

    return migrations.RunPython(forwards, backwards, elidable=False)


def current(*topics):
    """The topics' generations, in order (0 for a topic never written since tracking began):
    one query."""
    values = dict(Generation.objects.filter(topic__in=topics).values_list("topic", "value"))
    return tuple(values.get(topic, 0) for topic in topics)


def cached(key, topics, compute, timeout=TIMEOUT):
    """compute(), or the value it gave under the topics' current generations."""
    full_key = f"generations:{key}:{connection.alias}:" + ":".join(
        str(value) for value in current(*topics)
    )
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value

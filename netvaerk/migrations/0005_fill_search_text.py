"""Fill the search text of existing networks; on PostgreSQL index it with trigrams
(pg_trgm), so `search_text LIKE '%word%'` needs no full scan."""

from django.db import migrations

from core.search import join, rebuild

INDEX_NAME = "netvaerk_network_search_trgm"


def fill_search_text(apps, schema_editor):
    Network = apps.get_model("netvaerk", "Network")
    networks = Network.objects.using(schema_editor.connection.alias).all()
    rebuild(networks, lambda n: join(n.name, n.theme, n.challenge))


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    quote = schema_editor.quote_name
    table = apps.get_model("netvaerk", "Network")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(INDEX_NAME)} "
        f"ON {quote(table)} USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX_NAME)}")


class Migration(migrations.Migration):
    dependencies = [
        ("netvaerk", "0004_network_search_text_deskperiod"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]

"""Fill the search text of existing departments and people; on PostgreSQL index it with
trigrams (pg_trgm), so `search_text LIKE '%word%'` needs no full scan."""

from django.db import migrations

from core.search import join, rebuild

TRIGRAM_INDEXES = [
    ("Department", "roles_department_search_trgm"),
    ("Person", "roles_person_search_trgm"),
]


def fill_search_text(apps, schema_editor):
    db = schema_editor.connection.alias
    Department = apps.get_model("roles", "Department")
    Person = apps.get_model("roles", "Person")
    rebuild(Department.objects.using(db).all(), lambda d: join(d.name))

    def person_text(p):
        user = p.user
        return join(
            f"{user.first_name} {user.last_name}",
            user.username,
            user.email,
            p.title,
            p.department.name if p.department_id else "",
        )

    rebuild(Person.objects.using(db).select_related("user", "department"), person_text)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    quote = schema_editor.quote_name
    for model_name, index_name in TRIGRAM_INDEXES:
        table = apps.get_model("roles", model_name)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(index_name)} "
            f"ON {quote(table)} USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _model_name, index_name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_department_search_text_person_search_text"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]

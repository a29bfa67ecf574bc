from django.db import migrations, models

# ADD COLUMN in place: on SQLite, Django would otherwise rebuild the tables, which trips the
# reference-leader trigger that names them (netvaerk 0002). Both databases accept these.
COLUMNS = [
    ("roles_department", "external_id", "varchar(64) NOT NULL DEFAULT ''"),
    ("roles_person", "external_id", "varchar(64) NOT NULL DEFAULT ''"),
    ("roles_person", "left_on", "date NULL"),
    ("roles_person", "oidc_subject", "varchar(255) NOT NULL DEFAULT ''"),
    ("roles_person", "anonymised_at", "{datetime} NULL"),
]
DATETIME = {"sqlite": "datetime", "postgresql": "timestamp with time zone"}


def add_columns(apps, schema_editor):
    datetime = DATETIME.get(schema_editor.connection.vendor, "timestamp")
    for table, column, sql_type in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} {sql_type.format(datetime=datetime)}"
        )


def drop_columns(apps, schema_editor):
    for table, column, _sql_type in reversed(COLUMNS):
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_person_name_order"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(
                    model_name="department",
                    name="external_id",
                    field=models.CharField(
                        blank=True, default="", max_length=64, verbose_name="id i kildesystemet"
                    ),
                ),
                migrations.AddField(
                    model_name="person",
                    name="external_id",
                    field=models.CharField(
                        blank=True, default="", max_length=64, verbose_name="id i kildesystemet"
                    ),
                ),
                migrations.AddField(
                    model_name="person",
                    name="left_on",
                    field=models.DateField(blank=True, null=True, verbose_name="fratrådt"),
                ),
                migrations.AddField(
                    model_name="person",
                    name="oidc_subject",
                    field=models.CharField(
                        blank=True,
                        default="",
                        max_length=255,
                        verbose_name="id hos identitetsudbyderen",
                    ),
                ),
                migrations.AddField(
                    model_name="person",
                    name="anonymised_at",
                    field=models.DateTimeField(blank=True, null=True, verbose_name="anonymiseret"),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="department",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id", ""), _negated=True),
                fields=("external_id",),
                name="department_external_id_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id", ""), _negated=True),
                fields=("external_id",),
                name="person_external_id_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(("oidc_subject", ""), _negated=True),
                fields=("oidc_subject",),
                name="person_oidc_subject_unique",
            ),
        ),
    ]

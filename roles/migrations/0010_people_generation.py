from django.db import migrations

from core.generations import track


class Migration(migrations.Migration):
    """Writes to the people give the "people" topic a new generation (the directory's count)."""

    dependencies = [
        ("core", "0003_generation"),
        ("roles", "0009_person_current_indexes"),
    ]

    operations = [track("roles_person", "people")]

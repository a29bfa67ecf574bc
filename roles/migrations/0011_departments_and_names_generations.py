from django.db import migrations

from core.generations import track


class Migration(migrations.Migration):
    """Writes to the departments give the "departments" topic a new generation, and changes
    to people's names (on the auth user) the "people" topic: the network page shows both."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0003_generation"),
        ("roles", "0010_people_generation"),
    ]

    operations = [
        track("roles_department", "departments"),
        track("auth_user", "people", columns=["first_name", "last_name", "username", "email"]),
    ]

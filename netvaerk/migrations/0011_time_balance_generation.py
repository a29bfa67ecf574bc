from django.db import migrations

from core.generations import track


class Migration(migrations.Migration):
    """Writes to the roles and their stored figures give the "time_balance" topic a new
    generation (the time balance's headline over every role)."""

    dependencies = [
        ("core", "0003_generation"),
        ("netvaerk", "0010_role_balance"),
    ]

    operations = [
        track("netvaerk_networkrole", "time_balance"),
        track("netvaerk_rolebalance", "time_balance"),
    ]

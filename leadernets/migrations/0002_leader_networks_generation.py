from django.db import migrations

from core.generations import track


class Migration(migrations.Migration):
    """Writes to the leader networks' seasons and meetings give the "leader_networks" topic a
    new generation: Mine netværk shows each one's next meeting (core.generations)."""

    dependencies = [
        ("core", "0003_generation"),
        ("leadernets", "0001_initial"),
    ]

    operations = [
        track("leadernets_season", "leader_networks"),
        track("leadernets_meeting", "leader_networks"),
    ]

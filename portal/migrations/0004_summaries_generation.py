from django.db import migrations

from core.generations import track


class Migration(migrations.Migration):
    """Writes to the networks' summaries give the "summaries" topic a new generation: the
    workspace's check for stale summaries and its count of all networks are kept until then."""

    dependencies = [
        ("core", "0003_generation"),
        ("portal", "0003_standing_plan_bounds"),
    ]

    operations = [track("portal_networksummary", "summaries")]

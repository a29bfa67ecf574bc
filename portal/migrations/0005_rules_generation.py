from django.db import migrations

from core.generations import track


class Migration(migrations.Migration):
    """Writes to the secretariat's rules give the "summaries" topic a new generation too: the
    summaries' reasons for attention are the rules' words, so what is cached from them (the
    workspace, the secretariat's Mine netværk) is kept until the rules change, without
    reading the rules on every view."""

    dependencies = [
        ("core", "0003_generation"),
        ("portal", "0004_summaries_generation"),
    ]

    operations = [track("portal_rules", "summaries")]

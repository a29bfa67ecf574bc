from django.db import migrations

from core.generations import track

AGREEMENT_TABLES = [
    "agreements_agreement",
    "agreements_confirmation",
    "agreements_comment",
    "agreements_agreedrevision",
    "agreements_template",
    "agreements_templateversion",
]


class Migration(migrations.Migration):
    """Writes to the agreements, their confirmations, comments and agreed versions, and to the
    templates and their versions give the "agreements" topic a new generation: Mine netværk
    and the agreement page are kept until then (core.generations)."""

    dependencies = [
        ("core", "0003_generation"),
        ("agreements", "0006_order_by_agreement_id"),
    ]

    operations = [track(table, "agreements") for table in AGREEMENT_TABLES]

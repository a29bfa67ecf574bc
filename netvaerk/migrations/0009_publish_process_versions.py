"""Version 1 of every process description as it stands, and every existing plan made from it.

The snapshot's shape is netvaerk/processes.py's, written out here so the migration does not
change when that module does.
"""

import hashlib
import json
from decimal import Decimal

from django.db import migrations

HOURS = ("leader_hours", "co_driver_hours", "participant_hours")


def _hours(value):
    return str(Decimal(value or 0).quantize(Decimal("0.1")))


def _hash(content):
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def publish_existing(apps, schema_editor):
    ProcessTemplate = apps.get_model("netvaerk", "ProcessTemplate")
    ProcessVersion = apps.get_model("netvaerk", "ProcessVersion")
    NetworkPlan = apps.get_model("netvaerk", "NetworkPlan")
    for template in ProcessTemplate.objects.all():
        if ProcessVersion.objects.filter(template=template).exists():
            continue
        steps = list(template.steps.select_related("phase").order_by("position"))
        danish = {
            "network_type": template.network_type,
            "name": template.name,
            "description": template.description,
            "open_ended": template.open_ended,
            "steps": [
                {
                    "position": s.position,
                    "kind": s.kind,
                    "phase": s.phase.number if s.phase_id else None,
                    "title": s.title,
                    "content": s.content,
                    "weeks": s.weeks,
                    **{f: _hours(getattr(s, f)) for f in HOURS},
                }
                for s in steps
            ],
        }
        english = {
            "name": template.name_en,
            "description": template.description_en,
            "steps": [{"title": s.title_en, "content": s.content_en} for s in steps],
        }
        version = ProcessVersion.objects.create(
            template=template,
            number=1,
            content=danish,
            translations={"en": english},
            content_hash=_hash(danish),
        )
        NetworkPlan.objects.filter(template=template, process_version__isnull=True).update(
            process_version=version
        )


class Migration(migrations.Migration):
    dependencies = [("netvaerk", "0008_content_english_and_versions")]

    operations = [migrations.RunPython(publish_existing, migrations.RunPython.noop)]

"""Publish version 1 of every existing role description, so the role pages and pamphlets,
which read the published version, show what they showed before."""

from django.db import migrations

from core.content import content_hash

TEXTS = ("name", "summary", "introduction", "responsibilities_heading", "talk_topics")


def publish_existing(apps, schema_editor):
    RoleDescription = apps.get_model("roles", "RoleDescription")
    RoleDescriptionVersion = apps.get_model("roles", "RoleDescriptionVersion")
    for role in RoleDescription.objects.all():
        if RoleDescriptionVersion.objects.filter(role=role).exists():
            continue
        items = list(role.responsibilities.order_by("position"))
        content = {"key": role.key, "slug": role.slug}
        content.update({field: getattr(role, field) for field in TEXTS})
        content["responsibilities"] = [{"text": r.text} for r in items]
        english = {field: getattr(role, f"{field}_en") for field in TEXTS}
        english["responsibilities"] = [{"text": r.text_en} for r in items]
        RoleDescriptionVersion.objects.create(
            role=role,
            number=1,
            content=content,
            translations={"en": english},
            content_hash=content_hash(content),
        )


class Migration(migrations.Migration):
    dependencies = [("roles", "0007_content_english_and_versions")]

    operations = [migrations.RunPython(publish_existing, migrations.RunPython.noop)]

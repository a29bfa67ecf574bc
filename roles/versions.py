"""Published versions of the role descriptions and their pamphlet texts (core.content).

The RoleDescription and Responsibility rows are the secretariat's draft. Users read the
latest published RoleDescriptionVersion: the role list, the role pages and every pamphlet
PDF. `content` is the Danish snapshot below; `translations["en"]` is the same shape holding
only the texts.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core import content as versioning

from .models import RoleDescription

# The role description's own texts, in the order the editor and the comparison show them.
ROLE_TEXTS = ("name", "summary", "introduction", "responsibilities_heading", "talk_topics")


def text_labels():
    return {
        "name": _("Navn"),
        "summary": _("Kort beskrivelse"),
        "introduction": _("Introduktion"),
        "responsibilities_heading": _("Overskrift for ansvarsområder"),
        "talk_topics": _("Det taler I om"),
    }


def _responsibilities(role):
    return list(role.responsibilities.order_by("position"))


def snapshot(role):
    """The Danish content of the draft, as plain data."""
    data = {"key": role.key, "slug": role.slug}
    data.update({field: getattr(role, field) for field in ROLE_TEXTS})
    data["responsibilities"] = [{"text": r.text} for r in _responsibilities(role)]
    return data


def english_snapshot(role):
    """The English of the draft: the same shape as `snapshot`, only the texts."""
    data = {field: getattr(role, f"{field}_en") for field in ROLE_TEXTS}
    data["responsibilities"] = [{"text": r.text_en} for r in _responsibilities(role)]
    return data


def draft_translations(role):
    return {versioning.ENGLISH: english_snapshot(role)}


def draft_content(role, language=None):
    """The draft as users would read it (the preview): localized, Danish where no English."""
    return versioning.localize(snapshot(role), english_snapshot(role), language)


def is_draft_changed(role):
    return versioning.is_draft_changed(role, snapshot(role), draft_translations(role))


def publish(role, *, by=None):
    """Make the draft live: `(version, created)` (see core.content.publish)."""
    with transaction.atomic():
        return versioning.publish(role, snapshot(role), draft_translations(role), by=by)


def publish_all(*, by=None):
    """After loading the catalogue fixture: publish every role description never published,
    and the English of the live versions (core.content.publish_shipped)."""
    return [
        versioning.publish_shipped(role, snapshot(role), draft_translations(role), by=by)
        for role in RoleDescription.objects.all()
    ]


def live_version(role):
    """The published version users read. A role description that has never been published
    (loaded into a new database) is published once, as it is, so it can be read at all."""
    version = versioning.latest(role)
    if version is None:
        version, _created = publish(role)
    return version


def live_versions(roles=None):
    """`[(role, version)]` for the given role descriptions (default: all), in order."""
    roles = RoleDescription.objects.all() if roles is None else roles
    return [(role, live_version(role)) for role in roles]


def flatten(content):
    """A version as `[(key, label, text)]` for core.content.compare."""
    labels = text_labels()
    items = [(field, labels[field], content.get(field) or "") for field in ROLE_TEXTS]
    for number, item in enumerate(content.get("responsibilities", []), start=1):
        label = _("Ansvarspunkt %(number)s") % {"number": number}
        items.append((f"responsibility-{number}", label, item.get("text") or ""))
    return items


def compare(old, new):
    return versioning.compare(flatten(old.content), flatten(new.content))


def compare_english(old, new):
    """The English of two versions compared, with no Danish standing in for a missing text."""
    return versioning.compare(flatten(old.english_only()), flatten(new.english_only()))


def missing_english_count(role):
    """How many texts of the draft have Danish but no English."""
    count = len(versioning.untranslated_fields(role))
    return count + sum(len(versioning.untranslated_fields(r)) for r in role.responsibilities.all())

"""Process descriptions as published versions (core/content.py): the snapshot, the live
version, steps made from a version, and the comparison of two versions.

The rows of ProcessTemplate and ProcessStep are the secretariat's draft. Publishing freezes
them as plain data, and only published versions are live: the process pages show the latest
one, and a new network's plan is made from it. A plan keeps the version it was made from.

The snapshot (`content`, in Danish, hashed)::

    {"network_type", "name", "description", "open_ended",
     "steps": [{"position", "kind", "phase" (the phase's number, or None), "title",
                "content", "weeks", "leader_hours", "co_driver_hours",
                "participant_hours" (as strings, "4.0")}]}

and its English (`translations["en"]`, not hashed): the same shape with only the texts,
`{"name", "description", "steps": [{"title", "content"}]}`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import content

from .models import Phase, ProcessStep, ProcessTemplate

HOURS = ("leader_hours", "co_driver_hours", "participant_hours")


def _hours(value):
    return str(Decimal(value or 0).quantize(Decimal("0.1")))


def snapshot(template, steps=None):
    """`(content, translations)` of the template's draft as it stands in the database."""
    if steps is None:
        steps = list(template.steps.select_related("phase").order_by("position"))
    danish = {
        "network_type": template.network_type,
        "name": template.name,
        "description": template.description,
        "open_ended": template.open_ended,
        "steps": [
            {
                "position": step.position,
                "kind": step.kind,
                "phase": step.phase.number if step.phase_id else None,
                "title": step.title,
                "content": step.content,
                "weeks": step.weeks,
                **{field: _hours(getattr(step, field)) for field in HOURS},
            }
            for step in steps
        ],
    }
    english = {
        "name": template.name_en,
        "description": template.description_en,
        "steps": [{"title": step.title_en, "content": step.content_en} for step in steps],
    }
    return danish, {content.ENGLISH: english}


def publish(template, *, by=None):
    """Make the draft live: `(version, created)` as core.content.publish."""
    danish, translations = snapshot(template)
    return content.publish(template, danish, translations, by=by)


def publish_all(*, by=None):
    """After loading the fixtures: publish every description never published, and the English
    of the live versions (core.content.publish_shipped)."""
    for template in ProcessTemplate.objects.all():
        content.publish_shipped(template, *snapshot(template), by=by)


def live_version(template):
    """The latest published version. A description that was never published (loaded into
    the database by hand) is published as it stands the first time it is needed."""
    version = content.latest(template)
    if version is None:
        with transaction.atomic():
            ProcessTemplate.objects.select_for_update().filter(pk=template.pk).first()
            version = content.latest(template) or publish(template)[0]
    return version


def is_draft_changed(template):
    danish, translations = snapshot(template)
    return content.is_draft_changed(template, danish, translations)


@dataclass
class VersionStep:
    """A step of a published version, shaped like a ProcessStep for planning.schedule and
    the plan's table (`phase` a Phase, hours as Decimals)."""

    position: int
    kind: str
    phase: object
    title: str
    content: str
    weeks: int
    leader_hours: Decimal
    co_driver_hours: Decimal
    participant_hours: Decimal
    title_en: str = ""
    content_en: str = ""

    @property
    def phase_id(self):
        return self.phase.pk if self.phase is not None else None


def phases_by_number():
    return {p.number: p for p in Phase.objects.all()}


def version_steps(danish, translations=None, phases=None):
    """The steps of a snapshot as VersionSteps, with their English beside the Danish."""
    phases = phases_by_number() if phases is None else phases
    english = ((translations or {}).get(content.ENGLISH) or {}).get("steps") or []
    result = []
    for i, step in enumerate(danish.get("steps", [])):
        en = english[i] if i < len(english) and isinstance(english[i], dict) else {}
        result.append(
            VersionStep(
                position=step["position"],
                kind=step["kind"],
                phase=phases.get(step["phase"]) if step.get("phase") is not None else None,
                title=step["title"],
                content=step.get("content", ""),
                weeks=step["weeks"],
                title_en=en.get("title", "") or "",
                content_en=en.get("content", "") or "",
                **{field: Decimal(step[field]) for field in HOURS},
            )
        )
    return result


def step_numbers(step):
    """A step's kind, phase, weeks and hours in one line, for comparing versions."""
    kind = ProcessStep.Kind(step["kind"]).label if step["kind"] in ProcessStep.Kind else ""
    phase = _("fase %(n)s") % {"n": step["phase"]} if step.get("phase") else _("ingen fase")
    return _(
        "%(kind)s, %(phase)s. Uger: %(weeks)s, netværksleder %(leader)s t, "
        "co-driver %(co_driver)s t, deltager %(participant)s t pr. uge"
    ) % {
        "kind": kind,
        "phase": phase,
        "weeks": step["weeks"],
        "leader": _number(step["leader_hours"]),
        "co_driver": _number(step["co_driver_hours"]),
        "participant": _number(step["participant_hours"]),
    }


def _number(value):
    """Hours as the reader writes them ("6,5" in Danish); stored as "6.5"."""
    try:
        return number_format(Decimal(str(value)), decimal_pos=1, use_l10n=True)
    except (ArithmeticError, ValueError):
        return str(value)


def flatten(danish):
    """A version as `[(key, label, text)]` for core.content.compare; steps by position."""
    rows = [
        ("name", _("Navn"), danish.get("name", "")),
        ("description", _("Beskrivelse"), danish.get("description", "")),
        (
            "open_ended",
            _("Åbent forløb"),
            _("Ja") if danish.get("open_ended") else _("Nej"),
        ),
    ]
    for step in danish.get("steps", []):
        n = step["position"]
        rows += [
            (f"{n}:title", _("Trin %(n)s: titel") % {"n": n}, step.get("title", "")),
            (f"{n}:content", _("Trin %(n)s: indhold") % {"n": n}, step.get("content", "")),
            (f"{n}:numbers", _("Trin %(n)s: tid og timer") % {"n": n}, step_numbers(step)),
        ]
    return rows


def compare(old, new):
    return content.compare(flatten(old.content), flatten(new.content))


def draft_missing_english(template, steps):
    """The draft's texts with Danish but no English: `[(label, fields)]`."""
    found = []
    fields = content.untranslated_fields(template)
    if fields:
        found.append((_("Forløbsbeskrivelsen"), fields))
    for step in steps:
        fields = content.untranslated_fields(step)
        if fields:
            found.append((_("Trin %(n)s") % {"n": step.position}, fields))
    return found

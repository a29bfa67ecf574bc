"""The co-driver's learning path: their training in network leadership, kept on the person.

Filled from the co-driver agreement when both parties have confirmed it (agreements sends
`agreement_agreed`; competences/signals.py listens): whether the training is agreed and when
it is expected to start. After that the co-driver, their personnel leader and the secretariat
record when it started and when it was completed (competences/training_views.py). Those who
have completed it, or are in it, are the pool of co-drivers who can lead a network next.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Template
from core import bounds
from netvaerk.models import NetworkRole
from roles.models import RoleDescription

from .models import Training

# The co-driver agreement's questions (fixtures/agreement_templates.json, section 4).
AGREED_KEY = "netvaerkslederuddannelse"
START_KEY = "uddannelse-start"
ANSWERS = {"ja": True, "nej": False}

# The pool page's states: the URL value, its Danish label.
POOL_STATES = {
    "": gettext_lazy("Gennemført eller i gang"),
    "klar": gettext_lazy("Gennemført og leder ikke et netværk nu"),
    "gennemfoert": gettext_lazy("Gennemført"),
    "i-gang": gettext_lazy("I gang"),
    "aftalt": gettext_lazy("Aftalt, ikke begyndt"),
    "alle": gettext_lazy("Alle med en uddannelsesplan"),
}


def _answer_date(value):
    """A stored date answer as a date, or None (missing, malformed or out of bounds)."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None
    return day if bounds.in_range(day) else None


def _is_co_driver_agreement(agreement):
    template = agreement.template
    return (
        template.kind == Template.Kind.AGREEMENT
        and template.talk == RoleDescription.Key.CO_DRIVER
        and agreement.counterpart_id is not None
    )


@transaction.atomic
def training_from_agreement(*, agreement, by=None):
    """Record what an agreed co-driver agreement says about the co-driver's training.

    Only an answered "agreed?" question writes: an agreement that leaves it open changes
    nothing. The started and completed dates recorded since are kept. Returns the training,
    or None when the agreement says nothing about it."""
    if not _is_co_driver_agreement(agreement):
        return None
    agreed = ANSWERS.get(agreement.answers.get(AGREED_KEY))
    if agreed is None:
        return None
    training = (
        Training.objects.select_for_update().filter(person_id=agreement.counterpart_id).first()
    )
    if training is None:
        training = Training(person_id=agreement.counterpart_id)
    training.agreed = agreed
    training.planned_start = _answer_date(agreement.answers.get(START_KEY)) if agreed else None
    training.source_agreement = agreement
    training.source_revision = agreement.revision
    training.updated_by = by
    training._change_reason = f"agreement:{agreement.pk}:{agreement.revision}"
    training.save()
    return training


def validate_dates(*, planned_start, started_on, completed_on, today=None):
    """Each refusal is put at the field it concerns, in Danish."""
    today = today or timezone.localdate()
    errors = {}
    for field, day in [
        ("planned_start", planned_start),
        ("started_on", started_on),
        ("completed_on", completed_on),
    ]:
        if day is not None and not bounds.in_range(day, today):
            errors[field] = bounds.date_message()
    if "started_on" not in errors and started_on and started_on > today:
        errors["started_on"] = _(
            "Uddannelsen kan ikke være begyndt i fremtiden. Skriv en dag til og med i dag "
            "(%(today)s), eller skriv datoen som forventet start."
        ) % {"today": date_format(today)}
    if "completed_on" not in errors and completed_on:
        if completed_on > today:
            errors["completed_on"] = _(
                "Uddannelsen kan ikke være gennemført i fremtiden. Skriv en dag til og med i "
                "dag (%(today)s)."
            ) % {"today": date_format(today)}
        elif started_on is None:
            errors["completed_on"] = _(
                "Skriv også, hvornår uddannelsen begyndte, når den er gennemført."
            )
        elif "started_on" not in errors and completed_on < started_on:
            errors["completed_on"] = _(
                "Uddannelsen kan ikke være gennemført (%(completed)s), før den begyndte "
                "(%(started)s)."
            ) % {"completed": date_format(completed_on), "started": date_format(started_on)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_update(*, training, planned_start, started_on, completed_on, by):
    """The dates as the co-driver, their personnel leader or the secretariat record them."""
    validate_dates(planned_start=planned_start, started_on=started_on, completed_on=completed_on)
    training.planned_start = planned_start
    training.started_on = started_on
    training.completed_on = completed_on
    training.updated_by = by
    training._change_reason = "edited"
    training.save()
    return training


@transaction.atomic
def training_plan(*, person, planned_start, by=None):
    """An agreed training with a planned start, made without an agreement (the demo)."""
    training = Training.objects.filter(person=person).first() or Training(person=person)
    training.agreed = True
    training.planned_start = planned_start
    training.updated_by = by
    training._change_reason = "planned"
    training.save()
    return training


# --- reading ---------------------------------------------------------------------------


def _leading_now():
    return Exists(
        NetworkRole.objects.active().filter(person=OuterRef("person"), role=NetworkRole.Role.LEADER)
    )


def pool(*, state="", department=None):
    """The trainings the pool page lists for a state (POOL_STATES) and a department (with
    the departments below it), ordered by name."""
    qs = Training.objects.select_related("person__user", "person__department")
    if state == "klar":
        qs = qs.filter(completed_on__isnull=False).exclude(_leading_now())
    elif state == "gennemfoert":
        qs = qs.filter(completed_on__isnull=False)
    elif state == "i-gang":
        qs = qs.filter(started_on__isnull=False, completed_on__isnull=True)
    elif state == "aftalt":
        qs = qs.filter(agreed=True, started_on__isnull=True, completed_on__isnull=True)
    elif state != "alle":
        qs = qs.in_pool()
    if department is not None:
        qs = qs.filter(person__department__path__startswith=department.path)
    return qs.order_by("person__search_text", "person_id")


def current_roles(people_ids):
    """{person id: their active roles in networks, network leader first} in one query."""
    roles = {}
    order = {NetworkRole.Role.LEADER: 0, NetworkRole.Role.CO_DRIVER: 1}
    rows = (
        NetworkRole.objects.active()
        .filter(person_id__in=list(people_ids))
        .select_related("network")
    )
    for role in sorted(rows, key=lambda r: (order.get(r.role, 9), r.network.name, r.pk)):
        roles.setdefault(role.person_id, []).append(role)
    return roles


def leads_a_network(roles):
    return any(r.role == NetworkRole.Role.LEADER for r in roles)


def of_staff(person):
    """The trainings of a personnel leader's staff, by name."""
    if person is None:
        return Training.objects.none()
    return (
        Training.objects.filter(person__manager=person)
        .select_related("person__user")
        .order_by("person__search_text", "person_id")
    )


def changes(training, limit=10):
    """The latest changes, newest first, with who made them."""
    return list(training.history.select_related("history_user").order_by("-history_date")[:limit])

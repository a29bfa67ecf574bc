"""Writes to networks and their roles. Keyword-only, atomic, validating before saving."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from notifications.kinds import Kind, in_each_language
from notifications.services import notify
from roles.models import Person

from . import processes, signals
from .models import (
    LEADER_NETWORK_NOT_MANAGER,
    REFERENCE_LEADER_NOT_MANAGER,
    Network,
    NetworkPlan,
    NetworkRole,
    PhaseChange,
    PlanStep,
    TimeEntry,
    may_join_leader_network,
)
from .planning import monday

# URL words under /netvaerk/ that a network slug must not shadow.
RESERVED_SLUGS = {"nyt"}


def unique_network_slug(name, *, exclude_pk=None):
    danish = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    base = slugify(danish)[:180]
    base = base or "netvaerk"
    slug, n = base, 2
    taken = Network.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def validate_network_role(*, network, person, role):
    """The rules a form can explain in Danish before the database has to refuse."""
    errors = {}
    active = NetworkRole.objects.active().filter(network=network)
    if (
        role == NetworkRole.Role.REFERENCE_LEADER
        and not Person.objects.managers().filter(pk=person.pk).exists()
    ):
        errors["person"] = REFERENCE_LEADER_NOT_MANAGER
    elif network.type == Network.Type.LEADER and not may_join_leader_network(person, role):
        errors["person"] = LEADER_NETWORK_NOT_MANAGER % {"person": person}
    elif role in (NetworkRole.Role.LEADER, NetworkRole.Role.REFERENCE_LEADER) and (
        active.filter(role=role).exists()
    ):
        errors["role"] = _(
            "Netværket har allerede en aktiv %(role)s. Afslut den nuværende rolle først."
        ) % {"role": NetworkRole.Role(role).label.lower()}
    else:
        current = active.filter(person=person).first()
        if current is not None:
            errors["person"] = _(
                "%(person)s er allerede %(role)s i netværket. En person har én rolle ad gangen "
                "i et netværk; afslut den nuværende rolle først."
            ) % {"person": person, "role": current.get_role_display().lower()}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def network_role_assign(*, network, person, role, starts_on=None, by=None):
    validate_network_role(network=network, person=person, role=role)
    try:
        # A savepoint, so a lost race leaves the outer transaction usable.
        with transaction.atomic():
            network_role = NetworkRole.objects.create(
                network=network,
                person=person,
                role=role,
                starts_on=starts_on or timezone.localdate(),
            )
    except IntegrityError as exc:
        # Another request got there first: the database constraint is the final word.
        raise ValidationError(
            _("Rollen kunne ikke gemmes, fordi den strider mod netværkets øvrige roller.")
        ) from exc
    _tell_role(network_role, Kind.ROLE_GIVEN, network_role.starts_on, by=by)
    return network_role


def _tell_role(network_role, kind, on, *, by):
    notify(
        [network_role.person],
        kind,
        url=network_role.network.get_absolute_url(),
        actor=by,
        key=f"{kind}:{network_role.pk}:{on.isoformat()}",
        params={
            "role": in_each_language(NetworkRole.Role(network_role.role).label.lower()),
            "network": network_role.network.name,
            "date": on.isoformat(),
        },
    )


@transaction.atomic
def network_role_end(*, network_role, ends_on=None, by=None):
    ends_on = ends_on or timezone.localdate()
    if ends_on < network_role.starts_on:
        raise ValidationError(_("Slutdatoen skal ligge efter startdatoen."))
    network_role.ends_on = ends_on
    network_role.save(update_fields=["ends_on"])
    _tell_role(network_role, Kind.ROLE_ENDED, ends_on, by=by)
    return network_role


@transaction.atomic
def network_save(*, network, departments=None):
    if not network.slug:
        network.slug = unique_network_slug(network.name, exclude_pk=network.pk)
    network.full_clean()
    network.save()
    if departments is not None:
        network.departments.set(departments)
    return network


# --- Plans -----------------------------------------------------------------------------

STEP_FIELDS = [
    "position",
    "kind",
    "phase_id",
    "title",
    "title_en",
    "content",
    "content_en",
    "weeks",
    "leader_hours",
    "co_driver_hours",
    "participant_hours",
]


@transaction.atomic
def plan_create(*, network, template, starts_on):
    """The network's plan: the steps of the process description's latest published
    version (never its unpublished draft), dated from `starts_on`. The plan records the
    version and keeps it, and its steps, when the description is published again."""

    if NetworkPlan.objects.filter(network=network).exists():
        raise ValidationError(_("Netværket har allerede en plan."))
    version = processes.live_version(template)
    steps = processes.version_steps(version.content, version.translations)
    for step in steps:
        if step.kind != PlanStep.Kind.BREAK and step.phase is None:
            raise ValidationError(
                _("Forløbsbeskrivelsen nævner en fase, som ikke findes. Ret den først.")
            )
    plan = NetworkPlan.objects.create(
        network=network, template=template, process_version=version, starts_on=starts_on
    )
    PlanStep.objects.bulk_create(
        PlanStep(plan=plan, **{f: getattr(step, f) for f in STEP_FIELDS}) for step in steps
    )
    signals.plan_changed.send(sender=NetworkPlan, network_id=network.pk)
    return plan


def plan_shift(*, plan, starts_on):
    plan.starts_on = starts_on
    plan.save(update_fields=["starts_on", "updated_at"])
    return plan


def _plan_changing(plan_id):
    """Mark the plan changed. The UPDATE also locks its row until the transaction ends, so
    two edits renumbering the same steps at once cannot collide."""
    NetworkPlan.objects.filter(pk=plan_id).update(updated_at=timezone.now())


@transaction.atomic
def plan_step_resize(*, step, weeks):
    step.weeks = weeks
    step.full_clean(validate_unique=False, validate_constraints=True)
    step.save(update_fields=["weeks"])
    _plan_changing(step.plan_id)
    return step


def _renumber(plan, *, from_position, delta):
    # Two passes, so no two steps ever share a position (the unique constraint is checked
    # row by row on PostgreSQL).
    later = plan.steps.filter(position__gte=from_position)
    later.update(position=F("position") + 1000)
    plan.steps.filter(position__gte=1000).update(position=F("position") - 1000 + delta)


@transaction.atomic
def plan_break_add(*, plan, after, weeks):
    """A break after `after`: the leader works in base; every later step moves on."""
    _plan_changing(plan.pk)
    after.refresh_from_db(fields=["position"])  # positions move as steps come and go
    _renumber(plan, from_position=after.position + 1, delta=1)
    step = PlanStep(
        plan=plan,
        position=after.position + 1,
        kind=PlanStep.Kind.BREAK,
        title=_("Pause – arbejde i basis"),
        content=_("Netværkslederen arbejder i basis og gør klar til næste del af forløbet."),
        weeks=weeks,
    )
    step.full_clean(validate_unique=False)
    step.save()
    return step


@transaction.atomic
def plan_step_delete(*, step):
    _plan_changing(step.plan_id)
    step.refresh_from_db(fields=["position"])
    plan = step.plan
    if plan.steps.count() <= 1:
        raise ValidationError(_("En plan skal have mindst ét trin."))
    position = step.position
    step.delete()
    _renumber(plan, from_position=position + 1, delta=-1)
    signals.plan_changed.send(sender=NetworkPlan, network_id=plan.network_id)


# --- Phases and time -------------------------------------------------------------------


@transaction.atomic
def network_phase_change(*, network, phase, by, note="", changed_on=None):
    """Keep the change in the network's history (phases may repeat) and set its current
    phase from the history. A change dated before the latest one is history only."""
    change = PhaseChange.objects.create(
        network=network,
        phase=phase,
        changed_by=by,
        note=note,
        changed_on=changed_on or timezone.localdate(),
    )
    network_phase_sync(network=network)
    return change


def network_phase_sync(*, network):
    """The network's current phase is the phase of its latest change
    (PhaseChange.objects.latest_first()); without changes it is left as it is."""
    latest = network.phase_changes.latest_first().values_list("phase_id", flat=True).first()
    if latest is not None:
        network.current_phase_id = latest
        network.save(update_fields=["current_phase", "updated_at"])
    return network


def time_entry_record(*, network, person, week, hours):
    """Hours for one week (any day of it), replacing what was logged for that week."""
    entry, _created = TimeEntry.objects.update_or_create(
        network=network, person=person, week=monday(week), defaults={"hours": hours}
    )
    return entry

"""Writes to networks and their roles. Keyword-only, atomic, validating before saving."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from roles.models import Department

from .models import Network, NetworkRole

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
        and not Department.objects.filter(manager=person).exists()
    ):
        errors["person"] = _("Referencelederen skal være leder af en afdeling.")
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
def network_role_assign(*, network, person, role, starts_on=None):
    validate_network_role(network=network, person=person, role=role)
    try:
        # A savepoint, so a lost race leaves the outer transaction usable.
        with transaction.atomic():
            return NetworkRole.objects.create(
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


@transaction.atomic
def network_role_end(*, network_role, ends_on=None):
    ends_on = ends_on or timezone.localdate()
    if ends_on < network_role.starts_on:
        raise ValidationError(_("Slutdatoen skal ligge efter startdatoen."))
    network_role.ends_on = ends_on
    network_role.save(update_fields=["ends_on"])
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

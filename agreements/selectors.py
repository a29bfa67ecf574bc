from dataclasses import dataclass

from netvaerk.models import NetworkRole
from roles.models import Person, RoleDescription

from .models import COUNTERPART_ROLES, PamphletHandout


@dataclass
class Counterpart:
    """One of the network leader's three talks: whose pamphlet, and has it been handed out."""

    role: RoleDescription
    recipient: Person | None
    handout: PamphletHandout | None

    @property
    def missing(self):
        return self.recipient is not None and self.handout is None


def counterparts(network):
    """The personnel leader (the leader's line manager), the reference leader and the
    co-driver, found from the data, each with their pamphlet hand-out. Fixed query count."""
    roles = {r.key: r for r in RoleDescription.objects.filter(key__in=COUNTERPART_ROLES)}
    active = {
        r.role: r.person
        for r in network.roles.active()
        .filter(
            role__in=[
                NetworkRole.Role.LEADER,
                NetworkRole.Role.REFERENCE_LEADER,
                NetworkRole.Role.CO_DRIVER,
            ]
        )
        .select_related("person__user", "person__manager__user", "person__department")
    }
    leader = active.get(NetworkRole.Role.LEADER)
    recipients = {
        RoleDescription.Key.PERSONNEL_LEADER: leader.manager if leader else None,
        RoleDescription.Key.REFERENCE_LEADER: active.get(NetworkRole.Role.REFERENCE_LEADER),
        RoleDescription.Key.CO_DRIVER: active.get(NetworkRole.Role.CO_DRIVER),
    }
    handouts = {(h.role, h.recipient_id): h for h in network.handouts.all()}
    result = []
    for key in COUNTERPART_ROLES:
        if key not in roles:
            continue
        recipient = recipients[key]
        handout = handouts.get((key, recipient.pk)) if recipient else None
        result.append(Counterpart(roles[key], recipient, handout))
    return result, leader


def counterpart_for(network, role_slug):
    found, leader = counterparts(network)
    for c in found:
        if c.role.slug == role_slug:
            return c, leader
    return None, leader

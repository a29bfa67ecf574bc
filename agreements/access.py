"""Who may see and act on a network's agreements and pamphlets. Every view goes through here.

These belong to the parties: the network leader, the counterpart of each talk and the
secretariat. Anyone else gets a 404, as if there were nothing there.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import is_secretariat
from netvaerk.access import can_edit_network, get_network_for_user
from netvaerk.extensions import Action
from netvaerk.models import NetworkRole
from roles.models import Person

from .models import Agreement, Confirmation, Template


def get_network_for_pamphlets(user, slug):
    """The network leader's pamphlet page: the leader and the secretariat."""
    network = get_network_for_user(user, slug)
    if not (can_edit_network(user, network)):
        raise Http404
    return network


def can_read_personal_pamphlet(user, network, counterpart):
    """A personalised pamphlet: the leader, the secretariat and the recipient themself."""
    if counterpart.recipient is None:
        return False
    return can_edit_network(user, network) or counterpart.recipient.user_id == user.pk


# Agreements and reflections ---------------------------------------------------------------
#
# An agreement belongs to its two parties: the network leader who writes it and the
# counterpart of the talk. The secretariat reads agreements (not reflections). A reflection
# is its author's own until they share it with the counterpart. Everyone else gets a 404.
# Parties who may read but not act get a 403 on the action.


def agreements_with_relations():
    """Agreements with their network, template and version. Their leaders and counterparts
    come after, in one query for all of them (with_people): joined in, the eight tables took
    PostgreSQL longer to plan than to read (6.2 against 2.3 ms for one agreement)."""
    return Agreement.objects.select_related("network", "template", "template_version")


def with_people(agreements):
    """`agreements` (a queryset or any iterable) as a list, each one's leader and
    counterpart, and their users, set: one query for all of them."""
    agreements = list(agreements)
    ids = {a.leader_id for a in agreements} | {a.counterpart_id for a in agreements}
    ids.discard(None)
    people = Person.objects.select_related("user").in_bulk(ids)
    for agreement in agreements:
        agreement.leader = people[agreement.leader_id]
        if agreement.counterpart_id is not None:
            agreement.counterpart = people[agreement.counterpart_id]
    return agreements


def is_author(user, agreement):
    return agreement.leader.user_id == user.pk


def is_counterpart(user, agreement):
    return agreement.counterpart is not None and agreement.counterpart.user_id == user.pk


def can_read_agreement(user, agreement):
    if is_author(user, agreement):
        return True
    if agreement.is_reflection:
        return agreement.shared and is_counterpart(user, agreement)
    return is_counterpart(user, agreement) or is_secretariat(user)


def get_agreement_for_user(user, pk):
    (agreement,) = with_people([get_object_or_404(agreements_with_relations(), pk=pk)])
    if not can_read_agreement(user, agreement):
        raise Http404
    return agreement


def get_agreement_for_edit(user, pk):
    """Only the network leader who wrote it edits an agreement or a reflection."""
    agreement = get_agreement_for_user(user, pk)
    if not is_author(user, agreement):
        raise PermissionDenied
    return agreement


def get_agreement_for_party(user, pk):
    """Comment and confirm: the two parties of an agreement (not of a reflection)."""
    agreement = get_agreement_for_user(user, pk)
    if agreement.is_reflection or not (
        is_author(user, agreement) or is_counterpart(user, agreement)
    ):
        raise PermissionDenied
    return agreement


def party_of(user, agreement):
    if is_author(user, agreement):
        return Confirmation.Party.LEADER
    if is_counterpart(user, agreement):
        return Confirmation.Party.COUNTERPART
    return None


def get_network_for_agreements(user, slug):
    """A network's agreements page: its leader, the counterparts of its talks and the
    secretariat. What each of them sees on it is filtered by can_read_agreement. A leader
    network has no talks, so no agreements page: a 404, as for any page that is not there."""
    network = get_network_for_user(user, slug)
    if not network.has_talks:
        raise Http404
    if can_edit_network(user, network):
        return network
    visible = Q(template__kind=Template.Kind.AGREEMENT) | Q(shared=True)
    if network.agreements.filter(visible, counterpart__user=user).exists():
        return network
    raise Http404


def get_leader_for_start(user, network):
    """Only the network's active leader starts its agreements and reflections, and only in a
    network with the three talks (a leader network has none: a 404)."""
    if not network.has_talks:
        raise Http404
    role = (
        network.roles.active()
        .filter(role=NetworkRole.Role.LEADER, person__user=user)
        .select_related("person__user", "person__manager__user")
        .first()
    )
    if role is None:
        raise PermissionDenied
    return role.person


def network_page_actions(user, network, can_edit):
    """The network page's buttons to this app's pages: for those who may edit the network
    (the network leader and the secretariat), the agreements and the talks' pamphlets. A
    leader network has no talks, so none."""
    if not can_edit or not network.has_talks:
        return []
    return [
        Action(
            _("Samarbejdsaftaler"), reverse("agreements:network-agreements", args=[network.slug])
        ),
        Action(
            _("Pjecer til samtalerne"), reverse("agreements:network-pamphlets", args=[network.slug])
        ),
    ]

"""Who may see and change theme proposals. Every view, export and PDF goes through here.

Any employee (a logged-in user with a Person) proposes and sees their own proposals. The
secretariat sees and screens all of them and alone sees the rounds. Anyone else gets a 404
for a proposal that is not theirs; the secretariat's pages answer 403 to everyone else.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.permissions import is_secretariat
from roles.access import person_for_user

from . import services
from .models import Proposal, Round


def can_propose(user):
    return person_for_user(user) is not None


def require_proposer(user):
    """The person behind the login, who may propose; 403 for an account without one."""
    person = person_for_user(user)
    if person is None:
        raise PermissionDenied
    return person


def can_screen(user):
    return is_secretariat(user)


def require_secretariat(user):
    if not is_secretariat(user):
        raise PermissionDenied


def proposals_visible_to(user):
    if is_secretariat(user):
        return Proposal.objects.all()
    person = person_for_user(user)
    if person is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(proposer=person)


def own_proposals(user):
    person = person_for_user(user)
    if person is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(proposer=person)


def get_proposal_for_user(user, pk):
    return get_object_or_404(
        proposals_visible_to(user).select_related(
            "round",
            "proposer__user",
            "suggested_leader__user",
            "suggested_reference_leader__user",
            "duplicate_of",
            "network",
        ),
        pk=pk,
    )


def is_proposer(user, proposal):
    person = person_for_user(user)
    return person is not None and proposal.proposer_id == person.pk


def can_change(user, proposal):
    return is_proposer(user, proposal) and services.can_change(proposal)


def get_proposal_for_proposer(user, pk):
    """The user's own proposal, to edit, send or withdraw: 404 for others' proposals, 403
    for the secretariat (who screens but does not write them)."""
    proposal = get_proposal_for_user(user, pk)
    if not is_proposer(user, proposal):
        raise PermissionDenied
    return proposal


def get_proposal_for_screening(user, pk):
    require_secretariat(user)
    return get_proposal_for_user(user, pk)


def get_round_for_secretariat(user, pk):
    require_secretariat(user)
    return get_object_or_404(Round, pk=pk)

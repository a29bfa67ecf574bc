"""Who may see and act on a leader network's seasons, meetings, notes and evaluations.
Every view goes through here.

- Members (the network's active role holders) and the secretariat see the leader network:
  its seasons, meetings, members and the seasons' evaluation summaries.
- Notes are the members' own conversation: members read them (the facilitator is a member),
  the secretariat does not, unless it holds a role in the network. Only the author edits
  a note.
- The facilitator (the active network leader) and the secretariat add seasons and
  meetings and close a season. Members add notes and evaluate.
- Anyone else gets a 404, as if there were nothing there; a member who may read but not
  act gets a 403 on the action. A network of another type is no leader network: 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import is_secretariat
from netvaerk.extensions import Action
from netvaerk.models import Network, NetworkRole

from .models import Evaluation, Meeting, MeetingNote, Season


def member_role(user, network):
    """The user's active role in the network, or None."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_leadernet_roles", {})
    if network.pk not in cache:
        cache[network.pk] = (
            NetworkRole.objects.active()
            .filter(network=network, person__user=user)
            .select_related("person")
            .first()
        )
    return cache[network.pk]


def is_member(user, network):
    return member_role(user, network) is not None


def is_facilitator(user, network):
    role = member_role(user, network)
    return role is not None and role.role == NetworkRole.Role.LEADER


def can_see(user, network):
    if network.type != Network.Type.LEADER:
        return False
    return is_member(user, network) or is_secretariat(user)


def can_plan(user, network):
    """Add seasons and meetings, close a season."""
    return is_facilitator(user, network) or is_secretariat(user)


def can_read_notes(user, network):
    return is_member(user, network)


# Leader networks ------------------------------------------------------------------------------


def get_network_for_user(user, slug):
    network = get_object_or_404(Network.objects.filter(type=Network.Type.LEADER), slug=slug)
    if not can_see(user, network):
        raise Http404
    return network


def get_network_for_planning(user, slug):
    network = get_network_for_user(user, slug)
    if not can_plan(user, network):
        raise PermissionDenied
    return network


def network_page_actions(user, network, can_edit):
    """The network page's link to the leader network's own page, for those who see it."""
    if network.type != Network.Type.LEADER or not can_see(user, network):
        return []
    return [
        Action(
            _("Sæsoner, møder og evaluering"),
            reverse("leadernets:network", args=[network.slug]),
        )
    ]


# Seasons ------------------------------------------------------------------------------------


def get_season_for_user(user, pk):
    season = get_object_or_404(Season.objects.select_related("network"), pk=pk)
    if not can_see(user, season.network):
        raise Http404
    return season


def get_season_for_planning(user, pk):
    season = get_season_for_user(user, pk)
    if not can_plan(user, season.network):
        raise PermissionDenied
    return season


# Evaluations --------------------------------------------------------------------------------


def get_season_for_evaluation(user, pk):
    """A member evaluates the season (once; editable until it closes). Returns the season,
    the member and their evaluation so far (or None)."""
    season = get_season_for_user(user, pk)
    role = member_role(user, season.network)
    if role is None:
        raise PermissionDenied
    evaluation = Evaluation.objects.filter(season=season, person=role.person).first()
    return season, role.person, evaluation


# Meetings and notes -------------------------------------------------------------------------


def get_meeting_for_note(user, pk):
    """A member adds a note to a meeting."""
    meeting = get_object_or_404(Meeting.objects.select_related("season__network"), pk=pk)
    network = meeting.season.network
    if not can_see(user, network):
        raise Http404
    role = member_role(user, network)
    if role is None:
        raise PermissionDenied
    return meeting, role.person


def get_note_for_edit(user, pk):
    """Members read notes; only the author edits one."""
    note = get_object_or_404(
        MeetingNote.objects.select_related("meeting__season__network", "author"), pk=pk
    )
    network = note.meeting.season.network
    if not (can_see(user, network) and can_read_notes(user, network)):
        raise Http404
    if note.author.user_id != user.pk:
        raise PermissionDenied
    return note


# Participation --------------------------------------------------------------------------------


def require_participation_reader(user):
    """Participation by management level and department: the secretariat."""
    if not is_secretariat(user):
        raise PermissionDenied

"""Who may see and act on a network's agreements and pamphlets. Every view goes through here.

These belong to the parties: the network leader, the counterpart of each talk and the
secretariat. Anyone else gets a 404, as if there were nothing there.
"""

from django.http import Http404

from netvaerk.access import get_network_for_user, is_network_leader
from netvaerk.permissions import is_secretariat


def get_network_for_pamphlets(user, slug):
    """The network leader's pamphlet page: the leader and the secretariat."""
    network = get_network_for_user(user, slug)
    if not (is_secretariat(user) or is_network_leader(user, network)):
        raise Http404
    return network


def can_read_personal_pamphlet(user, network, counterpart):
    """A personalised pamphlet: the leader, the secretariat and the recipient themself."""
    if counterpart.recipient is None:
        return False
    return (
        is_secretariat(user)
        or is_network_leader(user, network)
        or counterpart.recipient.user_id == user.pk
    )

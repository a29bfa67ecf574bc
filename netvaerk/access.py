"""Who may see and change a network. Every view of a network goes through here.

All logged-in staff read the catalogue and every network page (networks are meant to be
visible across the line organisation). The network leader edits the network's theme,
challenge and phase; the secretariat administers everything. Read-only users get 403 on
writes; a network that does not exist, or one the user cannot see, is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Network, NetworkRole
from .permissions import is_secretariat


def networks_visible_to(user):
    return Network.objects.all() if user.is_authenticated else Network.objects.none()


def is_network_leader(user, network):
    return (
        NetworkRole.objects.active()
        .filter(network=network, role=NetworkRole.Role.LEADER, person__user=user)
        .exists()
    )


def can_edit_network(user, network):
    return is_secretariat(user) or is_network_leader(user, network)


def can_administer_networks(user):
    return is_secretariat(user)


def get_network_for_user(user, slug):
    return get_object_or_404(networks_visible_to(user), slug=slug)


def get_network_for_edit(user, slug):
    network = get_network_for_user(user, slug)
    if not can_edit_network(user, network):
        raise PermissionDenied
    return network


def get_network_for_admin(user, slug):
    network = get_network_for_user(user, slug)
    if not can_administer_networks(user):
        raise PermissionDenied
    return network


def get_role_for_admin(user, network, pk):
    role = get_object_or_404(network.roles, pk=pk)
    if not can_administer_networks(user):
        raise PermissionDenied
    return role


def require_network_admin(user):
    if not can_administer_networks(user):
        raise PermissionDenied

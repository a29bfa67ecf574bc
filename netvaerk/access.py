"""Who may see and change a network. Every view of a network goes through here.

All logged-in staff read the catalogue and every network page (networks are meant to be
visible across the line organisation). The network leader edits the network's theme,
challenge and phase; the secretariat administers everything. Read-only users get 403 on
writes; a network that does not exist, or one the user cannot see, is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.permissions import is_secretariat
from roles.models import Person

from .models import Network, NetworkRole


def networks_visible_to(user):
    return Network.objects.all() if user.is_authenticated else Network.objects.none()


def is_network_leader(user, network, *, active_roles=None):
    """Whether `user` is an active network leader of `network`. `active_roles`: the
    network's active roles, when the caller has loaded them anyway (the network page),
    with their people; then no query."""
    if active_roles is not None:
        return any(
            r.role == NetworkRole.Role.LEADER and r.person.user_id == user.pk for r in active_roles
        )
    return (
        NetworkRole.objects.active()
        .filter(network=network, role=NetworkRole.Role.LEADER, person__user=user)
        .exists()
    )


def can_edit_network(user, network, *, active_roles=None):
    return is_secretariat(user) or is_network_leader(user, network, active_roles=active_roles)


def can_administer_networks(user):
    return is_secretariat(user)


def get_network_for_user(user, slug):
    # Its current phase with it: every page of a network shows it.
    return get_object_or_404(networks_visible_to(user).select_related("current_phase"), slug=slug)


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


def active_role_for_user(user, network):
    """The user's own active role in the network, or None: time is logged by those who
    spend it."""
    if not user.is_authenticated:
        return None
    return (
        NetworkRole.objects.active()
        .filter(network=network, person__user=user)
        .select_related("person")
        .first()
    )


def can_log_time(user, network):
    return active_role_for_user(user, network) is not None


def get_active_role_for_user(user, network):
    role = active_role_for_user(user, network)
    if role is None:
        raise Http404
    return role


def staff_visible_to(user):
    """Whose time a user may follow: a personnel leader their own staff, the secretariat all."""
    if is_secretariat(user):
        return Person.objects.all()
    return Person.objects.filter(manager__user=user)

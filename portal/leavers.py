"""Leavers' roles, for the secretariat to hand over.

The organisation import (manage.py import_org) deactivates a person the source no longer
has, and never ends their roles in networks on its own: who takes over a network leader's
network is a decision. This page lists each leaver who still holds an active role, with a
link to end it (netvaerk's role-end page) and one to give the role to someone else.
Secretariat only. A fixed number of queries whatever the number of leavers and roles.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from core.permissions import is_secretariat
from netvaerk.models import NetworkRole
from roles.models import Person

PER_PAGE = 50


def leavers(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    people = (
        Person.objects.filter(left_on__isnull=False, network_roles__ends_on__isnull=True)
        .distinct()
        .select_related("user", "department")
        .order_by("-left_on", "search_text", "pk")
    )
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("side"))
    roles = {}
    for role in (
        NetworkRole.objects.active()
        .filter(person__in=[p.pk for p in page.object_list])
        .select_related("network")
        .order_by("network__name", "role", "pk")
    ):
        roles.setdefault(role.person_id, []).append(role)
    return render(
        request,
        "portal/leavers.html",
        {
            "page": page,
            "leavers": [(person, roles.get(person.pk, [])) for person in page.object_list],
        },
    )

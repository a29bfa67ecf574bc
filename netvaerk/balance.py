"""The time balance: planned against logged hours per month, for the staff one may follow.

One computation for the page (`/tidsbalance/`) and its exports, so both apply the same
access rule (`access.staff_visible_to`) and the same filter (`?medarbejder=`). A fixed
number of queries however many rows: the roles, the plans, their steps and the logged
hours, each in one query; the roles are read in chunks, so an export of every row stays
small in memory.
"""

from collections import defaultdict
from decimal import Decimal

from django.http import Http404

from . import access, planning
from .models import NetworkPlan, NetworkRole, TimeEntry

PLANNED_HOURS_FIELD = {
    NetworkRole.Role.LEADER: "leader",
    NetworkRole.Role.CO_DRIVER: "co_driver",
    NetworkRole.Role.PARTICIPANT: "participant",
}

CHUNK_SIZE = 2000


def balance_roles(user, person_id=None):
    """The active roles whose time `user` may follow, optionally for one employee.

    An employee who is not the user's to follow (or not a number) is a 404, like any
    object the user cannot see.
    """
    staff = access.staff_visible_to(user)
    roles = (
        NetworkRole.objects.active()
        .filter(person__in=staff, role__in=list(PLANNED_HOURS_FIELD))
        .select_related("person__user", "person__department", "network")
        .order_by("person__user__first_name", "person__user__last_name", "network__name", "pk")
    )
    if person_id:
        if not str(person_id).isdigit() or not staff.filter(pk=person_id).exists():
            raise Http404
        roles = roles.filter(person_id=person_id)
    return roles


def _planned_by_network(roles):
    """network id → its plan (with steps) for the networks of `roles`: two queries."""
    plans = NetworkPlan.objects.filter(network__in=roles.values("network_id")).prefetch_related(
        "steps"
    )
    return {plan.network_id: plan for plan in plans}


def _actual_hours(roles):
    """(person id, network id) → month → logged hours, for the people and networks of `roles`."""
    actual = defaultdict(lambda: defaultdict(Decimal))
    entries = TimeEntry.objects.filter(
        person__in=roles.values("person_id"), network__in=roles.values("network_id")
    ).values_list("person_id", "network_id", "week", "hours")
    for person, network, week, hours in entries.iterator(chunk_size=CHUNK_SIZE):
        actual[(person, network)][planning.month_start(week)] += hours
    return actual


def balance_rows(roles, *, limit=None):
    """One dict per role: the role, whether its network has a plan, and per month the
    planned and logged hours (`table`: (first of month, planned, logged)) with totals.

    A generator: the roles are read in chunks as the rows are consumed.
    """
    if limit is not None:
        roles = roles[:limit]
    plans = _planned_by_network(roles)
    actual = _actual_hours(roles)
    planned_by = {}  # (network, role field) → hours per month: staff often share a network

    def planned_hours(role):
        key = (role.network_id, PLANNED_HOURS_FIELD[role.role])
        if key not in planned_by:
            plan = plans.get(role.network_id)
            if plan is None:
                planned_by[key] = None
            else:
                scheduled = planning.schedule(plan.starts_on, plan.steps.all())
                planned_by[key] = planning.hours_per_month(scheduled, key[1])
        return planned_by[key]

    for role in roles.iterator(chunk_size=CHUNK_SIZE):
        planned = planned_hours(role)
        done = actual.get((role.person_id, role.network_id), {})
        months = sorted(set(planned or {}) | set(done))
        table = [(m, (planned or {}).get(m, Decimal(0)), done.get(m, Decimal(0))) for m in months]
        yield {
            "role": role,
            "has_plan": planned is not None,
            "table": table,
            "planned_total": sum((p for _m, p, _a in table), Decimal(0)),
            "actual_total": sum((a for _m, _p, a in table), Decimal(0)),
        }


def can_follow_anyone(user):
    """Whether the time balance has anyone for `user` to follow (staff, or all: secretariat)."""
    return access.staff_visible_to(user).exists()

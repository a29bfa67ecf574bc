"""Reads for leader networks, each in a fixed number of queries."""

from collections import Counter, defaultdict

from django.db.models import Count, Prefetch
from django.utils import timezone

from netvaerk.models import Network, NetworkRole
from roles.models import Department

from .models import GAINS, HIGHEST, LOWEST, SCALE, Meeting, MeetingNote, Season

LEVELS = range(1, 6)


def members(network):
    """The network's active role holders, the facilitator (network leader) first."""
    roles = list(network.roles.active().with_people())
    roles.sort(key=lambda r: (r.role != NetworkRole.Role.LEADER, r.person.name.lower()))
    return roles


def seasons_with_meetings(network):
    return list(
        Season.objects.filter(network=network)
        .annotate(evaluation_count=Count("evaluations", distinct=True))
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.annotate(note_count=Count("notes")),
            )
        )
    )


def season_meetings(season, *, with_notes):
    """The season's meetings; with each meeting's notes for those who may read them, and
    only the number of notes for the rest."""
    meetings = Meeting.objects.filter(season=season).annotate(note_count=Count("notes"))
    if with_notes:
        meetings = meetings.prefetch_related(
            Prefetch(
                "notes",
                queryset=MeetingNote.objects.select_related("author__user"),
                to_attr="shared_notes",
            )
        )
    return list(meetings)


def evaluation_summary(evaluations, member_count):
    """Per gain: the average, the number of answers and the count at each level of the
    scale (words, not colour); and the comments without names."""
    gains = []
    for key, label in GAINS.items():
        values = [getattr(e, key) for e in evaluations]
        counts = Counter(values)
        gains.append(
            {
                "key": key,
                "label": label,
                "average": sum(values) / len(values) if values else None,
                "answers": len(values),
                "levels": [(level, SCALE[level], counts.get(level, 0)) for level in SCALE],
            }
        )
    return {
        "count": len(evaluations),
        "members": member_count,
        "gains": gains,
        "comments": [e.comment for e in evaluations if e.comment],
        "lowest": LOWEST,
        "highest": HIGHEST,
    }


def next_meeting(network, today=None):
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(season__network=network, held_on__gte=today)
        .order_by("held_on", "pk")
        .first()
    )


def leader_networks_for(networks, today=None):
    """Mine netværk: of the networks where the person holds an active role (already loaded
    for the page), the leader networks not completed, each with its next meeting. One query,
    none when there are no leader networks."""
    today = today or timezone.localdate()
    networks = [
        n
        for n in networks
        if n.type == Network.Type.LEADER and n.status != Network.Status.COMPLETED
    ]
    upcoming = defaultdict(list)
    meetings = Meeting.objects.filter(season__network__in=networks, held_on__gte=today)
    for meeting in meetings.select_related("season").order_by("held_on", "pk") if networks else []:
        upcoming[meeting.season.network_id].append(meeting)
    return [
        {"network": n, "next_meeting": (upcoming[n.pk] or [None])[0]}
        for n in sorted(networks, key=lambda n: n.name)
    ]


# Participation ------------------------------------------------------------------------------


def _leader_roles():
    """Active roles in leader networks that have not ended."""
    return (
        NetworkRole.objects.active()
        .filter(network__type=Network.Type.LEADER)
        .exclude(network__status=Network.Status.COMPLETED)
    )


def participation_by_level():
    """Per management level 1–5: the managers at that level, how many of them are in a leader
    network, and in how many leader networks managers of the level take part. Three queries.
    A person who leads departments at two levels counts at both."""
    # order_by(): treebeard orders departments by path, which would split the groups.
    managers = dict(
        Department.objects.filter(manager__isnull=False)
        .order_by()
        .values_list("manager_level")
        .annotate(n=Count("manager", distinct=True))
        .values_list("manager_level", "n")
    )
    roles = _leader_roles().filter(person__managed_departments__isnull=False).order_by()
    members = dict(
        roles.values_list("person__managed_departments__manager_level")
        .annotate(n=Count("person", distinct=True))
        .values_list("person__managed_departments__manager_level", "n")
    )
    networks = dict(
        roles.values_list("person__managed_departments__manager_level")
        .annotate(n=Count("network", distinct=True))
        .values_list("person__managed_departments__manager_level", "n")
    )
    rows = []
    for level in LEVELS:
        total, taking_part = managers.get(level, 0), members.get(level, 0)
        rows.append(
            {
                "level": level,
                "managers": total,
                "members": taking_part,
                "share": round(100 * taking_part / total) if total else None,
                "networks": networks.get(level, 0),
            }
        )
    return rows


def departments_with_managers():
    """The departments the participation page lists, in the organisation's order."""
    return Department.objects.filter(manager__isnull=False).order_by("path")


def participation_by_department(departments):
    """For a page of departments: each with its manager and the leader networks the manager
    takes part in. Two queries for the page, whatever its length."""
    departments = list(departments)
    manager_ids = {d.manager_id for d in departments}
    networks = defaultdict(list)
    for role in (
        _leader_roles()
        .filter(person_id__in=manager_ids)
        .select_related("network")
        .order_by("network__name")
    ):
        networks[role.person_id].append(role.network)
    return [
        {"department": d, "manager": d.manager, "networks": networks.get(d.manager_id, [])}
        for d in departments
    ]

"""The time balance: hours planned up to this week against hours logged, per staff member.

One computation for the page (`/tidsbalance/`), its exports and the chart of one role, so
all apply the same access rule (`access.staff_visible_to`), the same filters and the same
figures. One row per active role (a person in a network); its figures:

- planned to date: the plan's weekly hours for the role, for every week of the plan up to
  and including the current week (weeks are whole on both sides: hours are logged per week);
- logged: the hours the person logged on the network, up to and including the current week;
- the difference (logged − planned to date), and the plan's hours in total.

The figures are stored per role and week (RoleBalance, kept current by netvaerk.receivers and
`manage.py refresh_summaries`), so the page sorts, sums, counts and pages the secretariat's
~17,000 rows in the database: two queries for the table, however many rows, and every row
reachable. The chart of one role computes its months from the plan and the hours directly.
"""

import calendar
import logging
from collections import OrderedDict, defaultdict, namedtuple
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import bounds, generations, numbers
from roles import selectors as role_selectors
from roles.models import Department, Person

from . import access, planning
from .models import Network, NetworkPlan, NetworkRole, PlanStep, RoleBalance, TimeEntry

logger = logging.getLogger(__name__)

PLANNED_HOURS_FIELD = {
    NetworkRole.Role.LEADER: "leader",
    NetworkRole.Role.CO_DRIVER: "co_driver",
    NetworkRole.Role.PARTICIPANT: "participant",
}

CHUNK_SIZE = 2000
REFRESH_BATCH = 500  # networks
TOP_LEVELS = 3  # of the department tree, in the secretariat's department filter
STALE_WEEK = date(2000, 1, 3)  # RoleBalance.week of figures to recompute
# The figures over every role change only with a write to the roles or their stored figures.
BALANCE_TOPICS = ("time_balance", "network_roles")
ZERO = Decimal(0)
TENTH = Decimal("0.1")

# ?sort= keys: the table's columns. A leading "-" sorts descending.
SORTS = ("navn", "netvaerk", "rolle", "plan", "brugt", "forskel", "total")
DEFAULT_SORT = "navn"


def current_day():
    """The day the balance is drawn up to (a function, so tests can set the date)."""
    return timezone.localdate()


def week_bounds(today):
    """(Monday, Sunday) of the current week: the balance counts whole weeks."""
    monday = planning.monday(today)
    return monday, monday + timedelta(days=6)


# --- who and which roles -----------------------------------------------------------------


def _planned_roles():
    return NetworkRole.objects.active().filter(role__in=list(PLANNED_HOURS_FIELD))


def _everyone(staff):
    """Whether access.staff_visible_to gave everyone (the secretariat): then there is no
    join to filter by, which the database would plan and run for every row."""
    return not staff.query.has_filters()


def follows_everyone(user):
    """Whether `user` follows every role's time (the secretariat)."""
    return _everyone(access.staff_visible_to(user))


def _roles_of(staff):
    roles = _planned_roles()
    return roles if _everyone(staff) else roles.filter(person__in=staff)


def balance_roles(user, person_id=None, *, department=None, q=""):
    """The active roles whose time `user` may follow, filtered like the page.

    An employee who is not the user's to follow (or not a number) is a 404, like any
    object the user cannot see. `department` (a Department) includes the departments
    below it; `q` searches the person's name, username, title and department.
    """
    staff = access.staff_visible_to(user)
    if person_id:
        person_id = bounds.parse_id(person_id)
        if person_id is None or not staff.filter(pk=person_id).exists():
            raise Http404
        staff = staff.filter(pk=person_id)
    if department is not None:
        staff = staff.filter(department__path__startswith=department.path)
    if q:
        staff = staff.search(q)
    return _roles_of(staff)


def get_role_for_balance(user, pk):
    """One role of the balance (its chart): a 404 unless `user` may follow its person."""
    role = (
        _roles_of(access.staff_visible_to(user))
        .select_related("person__user", "person__department", "network")
        .filter(pk=pk)
        .first()
    )
    if role is None:
        raise Http404
    return role


def can_follow_anyone(user):
    """Whether the time balance has anyone for `user` to follow (staff, or all: secretariat)."""
    return access.staff_visible_to(user).exists()


def staff_choices(user, limit):
    """(id, name) of the people with roles `user` may follow, by name, for a picker: None
    when there are more than `limit` (the secretariat: a name search instead). One query."""
    staff = access.staff_visible_to(user)
    if _everyone(staff):  # thousands, most likely: counted once per change to the roles
        count = generations.cached(
            "balance-people",
            BALANCE_TOPICS,
            lambda: _planned_roles().order_by().values("person_id").distinct().count(),
        )
        if count > limit:
            return None
    people = list(
        staff.filter(pk__in=_roles_of(staff).values("person_id"))
        .order_by("search_text", "pk")
        .values_list("pk", "user__first_name", "user__last_name", "user__username")[: limit + 1]
    )
    if len(people) > limit:
        return None
    return [(pk, Person.name_of(first, last, username)) for pk, first, last, username in people]


def department_choices(user, wanted=""):
    """The departments to narrow `user`'s staff by, in tree order: those their staff work
    in, or for the secretariat (everyone) the top levels of the tree, as the workspace
    offers them, and the `wanted` one (an id) wherever it is; each includes the departments
    below it, and a unit further down is found by the name search. One query."""
    staff = access.staff_visible_to(user)
    if _everyone(staff):
        shown = Q(depth__lte=TOP_LEVELS)
        wanted_id = bounds.parse_id(wanted) if wanted else None
        if wanted_id is not None:
            shown |= Q(pk=wanted_id)  # a deeper unit, from a link made before
        return role_selectors.department_choices(Department.objects.filter(shown))
    return role_selectors.department_choices(Department.objects.filter(people__in=staff).distinct())


# --- the plan's figures --------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFigures:
    """One role's share of a plan: hours up to this week and in total, or why there are none."""

    to_date: Decimal | None = None
    total: Decimal | None = None
    problem: str = ""
    scheduled: tuple = ()


@dataclass
class PlanData:
    """What the figures need of a plan: its start and its steps (StepData), read as plain
    values: thousands of plans and their steps load in a fraction of the time of models."""

    starts_on: object
    steps: list


# The fields of a step planning.schedule and the figures read.
STEP_FIELDS = ("position", "kind", "phase_id", "weeks", *(f"{f}_hours" for f in planning.ROLES))
StepData = namedtuple("StepData", STEP_FIELDS)


def plans_for(network_ids):
    """network id → PlanData, for the networks in `network_ids` (a subquery): two queries."""
    plans = {
        pk: (network, PlanData(starts_on, []))
        for pk, network, starts_on in NetworkPlan.objects.filter(
            network__in=network_ids
        ).values_list("pk", "network_id", "starts_on")
    }
    steps = PlanStep.objects.filter(plan__network__in=network_ids).values_list(
        "plan_id", *STEP_FIELDS
    )
    for plan_id, *fields in steps.iterator(chunk_size=CHUNK_SIZE):
        if plan_id in plans:
            plans[plan_id][1].steps.append(StepData(*fields))
    return dict(plans.values())


def schedule_safely(plan, today):
    """The plan's scheduled steps, or (None, why) when its dates cannot all be computed
    (core/bounds.py): a sum of only some of the plan would be wrong, so no figures."""
    scheduled = planning.schedule(plan.starts_on, plan.steps, today=today)
    problem = planning.schedule_problem(scheduled)
    return (None, problem) if problem else (scheduled, "")


def plan_figures(plan, field, today, schedule=None):
    """The figures of `plan` for the role field ("leader", "co_driver", "participant").
    `schedule` is schedule_safely(plan, today) when the caller has it already."""
    scheduled, problem = schedule or schedule_safely(plan, today)
    if scheduled is None:
        return PlanFigures(problem=problem)
    _monday, sunday = week_bounds(today)
    to_date = total = ZERO
    for s in scheduled:
        weekly = getattr(s.step, f"{field}_hours")
        total += weekly * s.step.weeks
        if s.starts_on <= sunday:
            days = (min(s.ends_on, sunday) - s.starts_on).days + 1
            to_date += weekly * days / 7
    return PlanFigures(to_date.quantize(TENTH), total.quantize(TENTH), "", tuple(scheduled))


# --- the stored figures ------------------------------------------------------------------


def refresh(network_ids=None, *, today=None):
    """Store the figures of every active role in these networks (all when None) for the week
    of `today` (RoleBalance). Five queries and one write per batch of networks; the logged
    hours are summed by the database. Returns how many roles.

    Each batch first locks its networks' rows, in id order (SELECT … FOR UPDATE; SQLite
    writes one transaction at a time anyway): two refreshes of one network, say two people
    logging hours at once, then run one after the other, and the second reads what the
    first committed instead of writing back figures read before it."""
    # Computed from the week's Monday, so every day of a week gives the same figures.
    monday, _sunday = week_bounds(today or current_day())
    if network_ids is None:
        network_ids = _planned_roles().order_by().values_list("network_id", flat=True).distinct()
    network_ids = sorted(set(network_ids))
    done = 0
    for start in range(0, len(network_ids), REFRESH_BATCH):
        ids = network_ids[start : start + REFRESH_BATCH]
        with transaction.atomic():
            list(Network.objects.locked(ids).values("pk"))
            rows = _balances(ids, monday)
            RoleBalance.objects.bulk_create(
                rows,
                batch_size=CHUNK_SIZE,
                update_conflicts=True,
                unique_fields=["role"],
                update_fields=[
                    f.name for f in RoleBalance._meta.concrete_fields if f.name != "role"
                ],
            )
        done += len(rows)
    return done


def mark_stale(network_ids):
    """These networks' figures are recomputed on next use (their refresh failed)."""
    RoleBalance.objects.filter(role__network_id__in=network_ids).update(week=STALE_WEEK)


def _balances(network_ids, monday):
    plans = plans_for(network_ids)
    schedules = {
        network: planning.schedule(plan.starts_on, plan.steps, today=monday)
        for network, plan in plans.items()
    }
    logged = {
        (network, person): total
        for network, person, total in TimeEntry.objects.filter(
            network_id__in=network_ids, week__lte=monday
        )
        .order_by()
        .values("network_id", "person_id")
        .annotate(total=Sum("hours"))
        .values_list("network_id", "person_id", "total")
    }
    figures = {}  # (network, role) → PlanFigures: staff often share a network
    rows = []
    roles = _planned_roles().filter(network_id__in=network_ids).order_by("pk")
    for pk, network, person, role in roles.values_list("pk", "network_id", "person_id", "role"):
        scheduled = schedules.get(network)
        if (network, role) not in figures:
            if scheduled is None:
                figures[network, role] = PlanFigures()
            else:
                usable = (None, "") if scheduled.cut else (scheduled, "")
                field = PLANNED_HOURS_FIELD[role]
                figures[network, role] = plan_figures(plans[network], field, monday, usable)
        plan = figures[network, role]
        hours_logged = Decimal(logged.get((network, person)) or 0).quantize(TENTH)
        rows.append(
            RoleBalance(
                role_id=pk,
                week=monday,
                problem=scheduled.cut if scheduled is not None else "",
                plan_starts_on=plans[network].starts_on if scheduled is not None else None,
                planned_to_date=plan.to_date,
                planned_total=plan.total,
                logged=hours_logged,
            )
        )
    return rows


def _stale(monday):
    """Roles without stored figures for the week of `monday`."""
    return Q(balance__isnull=True) | Q(balance__week__lt=monday) | Q(balance__week__gt=monday)


# --- rows ----------------------------------------------------------------------------------


@dataclass
class BalanceRow:
    role_id: int
    role: str
    person_id: int
    person_name: str
    sort_name: str
    department: str
    network_name: str
    network_slug: str
    has_plan: bool
    plan: PlanFigures
    logged: Decimal

    @property
    def role_label(self):
        return NetworkRole.Role(self.role).label

    @property
    def planned_to_date(self):
        return self.plan.to_date

    @property
    def planned_total(self):
        return self.plan.total

    @property
    def difference(self):
        """Logged − planned to date: positive is over the plan. None without a usable plan."""
        if self.plan.to_date is None:
            return None
        return self.logged - self.plan.to_date

    @property
    def verdict(self):
        if not self.has_plan:
            return _("Ingen plan at sammenligne med")
        if self.plan.problem:
            return _("Planen kan ikke bruges")
        return verdict(self.difference)


def hours(value):
    """Hours in the Danish number format, one decimal: 1.234,5."""
    return numbers.grouped(value, 1)


def verdict(difference):
    """Over or under the plan, in words and numbers."""
    if difference > 0:
        return _("%(hours)s timer over planen") % {"hours": hours(difference)}
    if difference < 0:
        return _("%(hours)s timer under planen") % {"hours": hours(-difference)}
    return _("Som planlagt")


ROW_FIELDS = (
    "pk",
    "role",
    "person_id",
    "person__user__first_name",
    "person__user__last_name",
    "person__user__username",
    "person__search_text",
    "person__department__name",
    "network__name",
    "network__slug",
    "balance__problem",
    "balance__plan_starts_on",
    "balance__planned_to_date",
    "balance__planned_total",
    "balance__logged",
)
NAME_ORDER = ("person__search_text", "network__name", "pk")


def _role_label_order():
    """The roles in the order of their labels in the current language, as a number."""
    labels = sorted(PLANNED_HOURS_FIELD, key=lambda role: str(NetworkRole.Role(role).label))
    return Case(*(When(role=role, then=Value(i)) for i, role in enumerate(labels)))


# ?sort= key → what the database sorts by (besides the name order, for ties).
SORT_EXPRESSIONS = {
    "netvaerk": lambda: Lower("network__name"),
    "rolle": _role_label_order,
    "plan": lambda: F("balance__planned_to_date"),
    "brugt": lambda: F("balance__logged"),
    "forskel": lambda: F("balance__logged") - F("balance__planned_to_date"),
    "total": lambda: F("balance__planned_total"),
}


def ordered(roles, sort):
    """The rows of `roles` as values, sorted by a ?sort= key ("-forskel": most over the plan
    first). Rows without a figure (no usable plan) come last either way; ties keep the name
    order. Slice it for a page; rows_of makes them BalanceRows."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key == "navn":
        first = F("person__search_text")
        order = [first.desc() if descending else first.asc(), *NAME_ORDER[1:]]
    else:
        expression = SORT_EXPRESSIONS[key]()
        first = expression.desc if descending else expression.asc
        order = [first(nulls_last=True), *NAME_ORDER]
    return roles.order_by(*order).values_list(*ROW_FIELDS)


def rows_of(values, today):
    """BalanceRows of ordered()'s values (stored figures of the week of `today`)."""
    until = bounds.computed_until(week_bounds(today)[0])  # as refresh() computed it
    for (
        pk,
        role,
        person,
        first,
        last,
        username,
        sort_name,
        dept,
        name,
        slug,
        problem,
        plan_starts_on,
        to_date,
        total,
        logged,
    ) in values:
        yield BalanceRow(
            role_id=pk,
            role=role,
            person_id=person,
            person_name=Person.name_of(first, last, username),
            sort_name=sort_name,
            department=dept or "",
            network_name=name,
            network_slug=slug,
            has_plan=plan_starts_on is not None,
            plan=PlanFigures(to_date, total, planning.cut_problem(problem, plan_starts_on, until)),
            logged=logged if logged is not None else ZERO,
        )


@dataclass(frozen=True)
class Totals:
    planned_to_date: Decimal
    logged: Decimal
    rows: int
    without_plan: int  # rows with no usable plan: not in the sums
    stale: int = 0  # rows whose figures could not be brought up to date (a failed refresh)

    @property
    def difference(self):
        return self.logged - self.planned_to_date

    @property
    def verdict(self):
        return verdict(self.difference)


def summarise(roles, today, *, whole=False):
    """The headline over every row of `roles` with a usable plan, and how many rows: one
    query. Roles whose stored figures are missing or from another week are computed first
    (once a week for all, unless the daily job has done it).

    `whole`: `roles` are all the planned roles (the secretariat, unfiltered). The headline
    over them is computed once per change to the roles or their figures (and per week);
    not kept while figures are missing (their refresh failed: the next view tries again)."""
    if whole:
        figures = generations.cached(
            f"balance-totals:{week_bounds(today)[0].isoformat()}",
            BALANCE_TOPICS,
            lambda: _figures(roles, today),
            keep=lambda figures: not figures["stale"],
        )
    else:
        figures = _figures(roles, today)
    return Totals(
        figures["planned"] or ZERO,
        figures["logged"] or ZERO,
        figures["rows"],
        figures["without"],
        figures["stale"],
    )


def _figures(roles, today):
    """summarise()'s sums and counts as plain values (as the cache keeps them)."""
    monday, _sunday = week_bounds(today)
    stale = _stale(monday)
    usable = Q(balance__planned_to_date__isnull=False)

    def aggregate():
        return roles.aggregate(
            rows=Count("pk"),
            stale=Count("pk", filter=stale),
            planned=Sum("balance__planned_to_date", filter=usable),
            logged=Sum("balance__logged", filter=usable),
            without=Count("pk", filter=~usable),
        )

    figures = aggregate()
    if figures["stale"]:
        networks = roles.filter(stale).order_by().values_list("network_id", flat=True)
        try:
            refresh(networks.distinct(), today=today)
        except Exception:  # the figures as stored, rather than no page
            logger.exception("Tidsbalancen kunne ikke genberegnes")
        figures = aggregate()
    return figures


# --- one role's months, for its chart -------------------------------------------------------


def hours_per_month(scheduled, field, until):
    """Planned hours of the role per calendar month, up to `until` (inclusive)."""
    result = OrderedDict()
    for s in scheduled:
        per_day = getattr(s.step, f"{field}_hours") / 7
        day, last = s.starts_on, min(s.ends_on, until)
        while per_day and day <= last:
            end = min(day.replace(day=calendar.monthrange(day.year, day.month)[1]), last)
            month = planning.month_start(day)
            result[month] = result.get(month, ZERO) + per_day * ((end - day).days + 1)
            day = end + timedelta(days=1)
    return {m: h.quantize(TENTH) for m, h in result.items()}


def role_months(role, today):
    """(PlanFigures, [(first of month, planned, logged)]) for one role, up to this week.

    The months run from the first with planned or logged hours to the current one; the
    planned hours of a plan that cannot be used are left out (PlanFigures says why)."""
    monday, sunday = week_bounds(today)
    plan = plans_for([role.network_id]).get(role.network_id)
    field = PLANNED_HOURS_FIELD[role.role]
    figures = plan_figures(plan, field, today) if plan else PlanFigures()
    planned = hours_per_month(figures.scheduled, field, sunday)
    logged = defaultdict(lambda: ZERO)
    entries = TimeEntry.objects.filter(
        person_id=role.person_id, network_id=role.network_id, week__lte=monday
    ).values_list("week", "hours")
    for week, hours_logged in entries:
        logged[planning.month_start(week)] += hours_logged
    known = sorted(set(planned) | set(logged))
    if not known:
        return plan, figures, []
    months = planning.months_between(known[0], max(known[-1], planning.month_start(today)))
    return plan, figures, [(m, planned.get(m, ZERO), logged.get(m, ZERO)) for m in months]


def month_label(month):
    return date_format(month, "F Y").capitalize()

"""Reads for the pages: each returns what a page shows in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import bounds
from core.content import translated

from . import planning, timeline
from .models import DeskPeriod, Network, NetworkPlan, NetworkRole, Phase


@dataclass
class RoleCard:
    """One line of "Mine netværk": a network, the user's part in it and what comes next."""

    network: Network
    role_label: str
    next_step: str
    person: object = None  # set for a personnel leader's staff: whose role this is


def _next_phase(phases, current):
    if current is None:
        return phases[0] if phases else None
    later = [p for p in phases if p.number > current.number]
    return later[0] if later else None


def next_step_for(role, network, phases):
    """What the holder of `role` should do next, from the network's status and phase."""
    phase = network.current_phase
    status = network.status
    if status == Network.Status.COMPLETED:
        return _("Netværket er afsluttet. Del erfaringerne i din afdeling.")
    if status == Network.Status.PAUSED:
        return _("Netværket er sat på pause. Aftal med sekretariatet, hvornår det genoptages.")
    if status == Network.Status.PROPOSED:
        if role == NetworkRole.Role.LEADER:
            return _(
                "Temaet er foreslået. Afvent sekretariatets godkendelse, og find en co-driver."
            )
        return _("Temaet er foreslået og endnu ikke godkendt.")
    if status == Network.Status.APPROVED:
        if role == NetworkRole.Role.LEADER:
            return _(
                "Temaet er godkendt i Chefforum. Aftal startdatoen med sekretariatet, og "
                "forbered de tre samtaler."
            )
        return _("Temaet er godkendt og venter på at starte.")
    starting = phase is None or phase.number == 1
    nxt = _next_phase(phases, phase)
    if not network.has_talks:  # a leader network: peer learning, no mandate talks
        if role == NetworkRole.Role.LEADER:
            return _("Planlæg sæsonens møder og temaer, og saml gruppens evaluering til sidst.")
        return _("Mød op, del dine noter med de andre ledere, og evaluer sæsonen til sidst.")
    if role == NetworkRole.Role.LEADER:
        if starting:
            return _(
                "Aftal dit mandat: hold samtalerne med din personaleleder, din referenceleder "
                "og din co-driver."
            )
        if nxt:
            return _("Før netværket fra fasen »%(phase)s« videre mod »%(next)s«.") % {
                "phase": translated(phase, "name"),
                "next": translated(nxt, "name"),
            }
        return _("Saml op på netværkets værdiskabelse og afslut forløbet.")
    if role == NetworkRole.Role.CO_DRIVER:
        if starting:
            return _(
                "Forbered samtalen med netværkslederen om din profil, jeres forventninger og "
                "jeres sparringsrytme."
            )
        return _("Spar med netværkslederen om forberedelse og opsamling i fasen »%(phase)s«.") % {
            "phase": translated(phase, "name")
        }
    if role == NetworkRole.Role.REFERENCE_LEADER:
        if starting:
            return _(
                "Forbered samtalen med netværkslederen: strategisk dagsorden, kapital til "
                "testfasen og ejerskab blandt lederne."
            )
        if nxt and nxt.number == 5:
            return _("Sørg for kapital og opbakning til den kommende testfase.")
        if phase.number >= 5:
            return _("Understøt vejen fra test til optagelse i basis og skalering.")
        return _("Følg netværkets fremdrift i fasen »%(phase)s«, og åbn de rette arenaer.") % {
            "phase": translated(phase, "name")
        }
    return _("Deltag i netværkets arbejde i fasen »%(phase)s«.") % {
        "phase": translated(phase, "name") if phase else _("Opstart")
    }


def is_completed(network):
    """A sort key: completed networks go last in a person's lists."""
    return network.status == Network.Status.COMPLETED


def personnel_leader_step(role, network):
    if network.status == Network.Status.COMPLETED:
        return _("Netværket er afsluttet. Lad erfaringerne komme afdelingen til gavn.")
    if role == NetworkRole.Role.LEADER:
        if network.status in (
            Network.Status.PROPOSED,
            Network.Status.APPROVED,
            Network.Status.ACTIVE,
        ) and (network.current_phase is None or network.current_phase.number <= 2):
            return _("Aftal tidsbalancen mellem basis- og netværksarbejde med netværkslederen.")
        return _("Følg fremdrift og tidsforbrug, og tag netværksarbejdet op i PULS-samtalen.")
    return _("Giv tid til netværksarbejdet, og bed om at høre nyt fra netværket på afdelingsmøder.")


def my_network_cards(person):
    """The person's own active roles, and, for a manager, their staff's active roles."""
    if person is None:
        return [], []
    all_phases = phases()
    own = (
        NetworkRole.objects.active()
        .filter(person=person)
        .select_related("network__current_phase")
        .order_by("network__name", "role")
    )
    cards = sorted(
        (
            RoleCard(r.network, r.get_role_display(), next_step_for(r.role, r.network, all_phases))
            for r in own
        ),
        key=lambda card: is_completed(card.network),
    )
    staff = (
        NetworkRole.objects.active()
        .filter(person__manager=person)
        .select_related("network__current_phase", "person__user")
        .order_by("person__user__first_name", "person__user__last_name", "network__name")
    )
    staff_cards = sorted(
        [
            RoleCard(
                r.network,
                r.get_role_display(),
                personnel_leader_step(r.role, r.network),
                person=r.person,
            )
            for r in staff
        ],
        key=lambda card: is_completed(card.network),
    )
    return cards, staff_cards


def network_people(network):
    """Everyone in the network grouped by role, and the personnel leaders behind them."""
    roles = list(network.roles.with_people().order_by("role", "person__user__first_name"))
    active = [r for r in roles if r.is_active]
    by_role = {value: [] for value in NetworkRole.Role.values}
    for r in active:
        by_role[r.role].append(r)
    # One active role per person and network (a constraint), so nobody is listed twice.
    personnel_leaders = [
        (r.person, r.get_role_display(), r.person.manager)
        for role in (
            NetworkRole.Role.LEADER,
            NetworkRole.Role.CO_DRIVER,
            NetworkRole.Role.PARTICIPANT,
        )
        for r in by_role[role]
    ]
    former = [r for r in roles if not r.is_active]
    return by_role, personnel_leaders, former


def phases():
    return list(Phase.objects.all())


def status_counts():
    """How many networks are in each status: the secretariat's first glance."""
    counts = dict(Network.objects.values_list("status").annotate(n=Count("id")))
    return [(value, label, counts.get(value, 0)) for value, label in Network.Status.choices]


@dataclass
class PlanView:
    """Everything the plan page and the network page show about a plan."""

    plan: object
    scheduled: list
    totals: dict
    leader_months: list
    test_on: object
    current: object
    standing: str
    standing_level: str
    chart: dict
    problem: str = ""  # why the dates are missing or cut short (planning.schedule_problem)
    desk: list = field(default_factory=list)  # the periods at the secretariat


def plan_view(network, today, *, phase_changes=()):
    # The version's number and its own name (in the active language, from its texts) are on
    # the page, so the version is loaded whole.
    plan = (
        NetworkPlan.objects.select_related("template", "process_version")
        .filter(network=network)
        .first()
    )
    if plan is None:
        return None
    steps = list(plan.steps.select_related("phase"))
    scheduled = planning.schedule(plan.starts_on, steps, today=today)
    current = planning.current_step(scheduled, today)
    standing, level = _standing(network, scheduled, current, today)
    desk = desk_periods(network)
    return PlanView(
        plan=plan,
        scheduled=scheduled,
        totals=planning.totals(scheduled),
        leader_months=list(planning.hours_per_month(scheduled, "leader").items()),
        test_on=planning.test_starts_on(scheduled),
        current=current,
        standing=standing,
        standing_level=level,
        chart=timeline.build(
            scheduled, today=today, phase_changes=phase_changes, desk_periods=desk
        ),
        problem=planning.schedule_problem(scheduled),
        desk=desk,
    )


def date_problems(network, view=None, history=()):
    """Messages about the network's stored dates that lie outside core.bounds: they are
    shown as they are, left out of the computations, and named here for someone to correct."""
    problems = []
    if network.start_date and not bounds.in_range(network.start_date):
        problems.append(bounds.stored_date_message(_("Netværkets startdato"), network.start_date))
    if view is not None and view.problem:
        problems.append(view.problem)
    for period in view.desk if view is not None else ():
        for day in (period.starts_on, period.ends_on):
            if not bounds.in_range(day):
                what = _("En periode i sekretariatet for %(person)s") % {"person": period.person}
                problems.append(bounds.stored_date_message(what, day))
                break
    for change in history:
        if not bounds.in_range(change.changed_on):
            what = _("Faseskiftet til »%(phase)s«") % {"phase": change.phase}
            problems.append(bounds.stored_date_message(what, change.changed_on))
    return problems


def desk_periods(network):
    """The periods the network's leaders sit at the secretariat, as agreed (one query)."""
    return list(
        DeskPeriod.objects.filter(network=network)
        .select_related("person__user")
        .order_by("starts_on", "ends_on", "pk")
    )


def _standing(network, scheduled, current, today):
    if not scheduled:  # no plan, or no dates to compare (date_problems says why)
        return "", "info"
    where = planning.standing(scheduled, network.current_phase, today)
    if where.kind == "not_started":
        return _("Planen starter %(date)s.") % {"date": date_format(scheduled[0].starts_on)}, "info"
    if where.kind == "ended":
        return _("Planens sidste trin sluttede %(date)s.") % {
            "date": date_format(scheduled[-1].ends_on)
        }, "info"
    if where.kind == "unknown":
        step = translated(current.step, "title")
        return _("Planen er i trinnet »%(step)s«.") % {"step": step}, "info"
    args = {
        "planned": translated(where.planned, "name"),
        "actual": translated(network.current_phase, "name"),
    }
    if where.kind == "behind":
        return _(
            "Bagud i forhold til planen: planen forventer fasen »%(planned)s«, netværket er i "
            "»%(actual)s«."
        ) % args, "warning"
    if where.kind == "ahead":
        return _(
            "Foran planen: netværket er i »%(actual)s«, planen forventer »%(planned)s«."
        ) % args, "success"
    return _("Følger planen: netværket er i »%(actual)s«, som planen forventer.") % args, "success"


def phase_history(network, limit=None):
    """The network's phase changes, latest first (the rule in PhaseChangeQuerySet)."""
    changes = network.phase_changes.latest_first().select_related("phase", "changed_by__user")
    return list(changes[:limit] if limit else changes)

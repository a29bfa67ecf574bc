"""One summary row per network for the secretariat's workspace.

Every computed value the workspace sorts or filters on (where the network stands against its
plan, each talk's agreement state, hours, needs-attention) is written here, so a page of
2,000 networks is one indexed SQL query. A summary is refreshed
- whenever something it reads is saved (portal.signals, in the same transaction),
- daily for what the date alone changes (`manage.py refresh_summaries`, the daily timer), and
- by the workspace itself for any network whose summary is missing or from an earlier day,
  so a missed timer never shows stale dates.

`refresh()` works in batches with a fixed number of queries per batch.
"""

import functools
import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext

from agreements import selectors as agreement_selectors
from agreements.models import Agreement, PamphletHandout, Template, TemplateVersion
from core import generations
from netvaerk import planning
from netvaerk.models import Network, NetworkPlan, NetworkRole, PhaseChange, PlanStep, TimeEntry
from roles.models import RoleDescription

from .models import NetworkSummary, Rules, Standing, TalkState

_TRANSLATED = {}


def _(message):
    """gettext, remembered per language: the workspace asks for the same few phrases for
    every row, and Django's gettext costs more than the row's own work."""
    key = (get_language(), message)
    try:
        return _TRANSLATED[key]
    except KeyError:
        value = _TRANSLATED[key] = gettext(message)
        return value


@functools.lru_cache(maxsize=4096)
def _date_in(day, language):
    return date_format(day)


def _date(day):
    """date_format, remembered per language: the workspace writes a date or two per row."""
    return _date_in(day, get_language())


logger = logging.getLogger(__name__)
BATCH = 500
TEST_DUE_DAYS = 28
STALE_DAY = date(2000, 1, 1)  # computed_on of a summary to recompute
# Whether any summary is missing changes only with a write to these (core.generations);
# "summaries" also follows the secretariat's rules, which the summaries are computed by.
SUMMARY_TOPICS = ("networks", "summaries")
NO_HOURS_WEEKS = 4
RUNNING = (Network.Status.ACTIVE, Network.Status.TESTING)

# The three talks, in the order they are held: (column prefix, the counterpart's role key).
TALKS = (
    ("pl", RoleDescription.Key.PERSONNEL_LEADER),
    ("rl", RoleDescription.Key.REFERENCE_LEADER),
    ("cd", RoleDescription.Key.CO_DRIVER),
)


def talk_labels():
    return {
        "pl": _("Aftale med personalelederen"),
        "rl": _("Aftale med referencelederen"),
        "cd": _("Aftale med co-driveren"),
    }


# Computing -----------------------------------------------------------------------------------


STANDINGS = {
    "none": Standing.NO_PLAN,
    "unknown": Standing.NO_PLAN,
    "not_started": Standing.NOT_STARTED,
    "ended": Standing.ENDED,
    "on": Standing.ON_PLAN,
    "ahead": Standing.AHEAD,
    "behind": Standing.BEHIND,
}


def _standing(scheduled, phase, today):
    """The network page's rule (netvaerk.planning.standing), as a sortable number."""
    where = planning.standing(scheduled, phase, today)
    return STANDINGS[where.kind], where.weeks


def _planned_to_date(scheduled, today):
    total = Decimal(0)
    for s in scheduled:
        weekly = s.step.leader_hours
        if not weekly or today < s.starts_on:
            continue
        days = min((today - s.starts_on).days + 1, s.step.weeks * 7)
        total += weekly * days / 7
    return total.quantize(Decimal("0.1"))


def _talk(agreement, counterpart_present, steps_by_version):
    """(state, step, steps, revision, meeting_on, confirmed_by) for one talk."""
    if agreement is None:
        state = TalkState.NOT_STARTED if counterpart_present else TalkState.NO_COUNTERPART
        return state, 0, 0, 0, None, ""
    steps = steps_by_version.get(agreement.template_version_id, 0)
    meeting_on = timezone.localdate(agreement.meeting_at) if agreement.meeting_at else None
    base = (agreement.last_step, steps, agreement.revision, meeting_on)
    if agreement.status == Agreement.Status.AGREED:
        return (TalkState.AGREED, *base, "")
    if agreement.status == Agreement.Status.DRAFT:
        return (TalkState.DRAFT, *base, "")
    valid = agreement_selectors.valid_confirmations(agreement)
    current = [c for c in agreement.confirmations.all() if c.revision == agreement.revision]
    if len(current) > len(valid):
        return (TalkState.VOIDED, *base, "")
    if valid:
        return (TalkState.CONFIRMED_ONE, *base, next(iter(valid)))
    return (TalkState.READY, *base, "")


def _compute(network, ctx, today, rules):
    people = ctx["people"].get(network.pk, {})
    leader = people.get(NetworkRole.Role.LEADER)
    co_driver = people.get(NetworkRole.Role.CO_DRIVER)
    reference = people.get(NetworkRole.Role.REFERENCE_LEADER)
    plan = ctx["plans"].get(network.pk)
    scheduled = planning.schedule(plan.starts_on, ctx["steps"][plan.pk]) if plan else []
    if network.status == Network.Status.COMPLETED:
        standing, weeks = Standing.COMPLETED, 0
    else:
        standing, weeks = _standing(scheduled, network.current_phase, today)
    # A leader network has no talks: no counterparts, no agreements, no pamphlets due.
    talk_people = agreement_selectors.talk_people(people, leader) if network.has_talks else {}
    counterparts = {key: person.pk if person else None for key, person in talk_people.items()}
    hours = ctx["hours"].get(network.pk, {})
    last_week = max((h["last"] for h in hours.values()), default=None)
    activity = [
        network.updated_at,
        plan.updated_at if plan else None,
        ctx["last_phase_change"].get(network.pk),
        *(h["changed"] for h in hours.values()),
    ]
    values = {
        "computed_on": today,
        "leader": leader,
        "leader_name": leader.name if leader else "",
        "co_driver": co_driver,
        "co_driver_name": co_driver.name if co_driver else "",
        "reference_leader": reference,
        "reference_leader_name": reference.name if reference else "",
        "standing": standing,
        "standing_weeks": weeks,
        "test_on": planning.test_starts_on(scheduled),
        "hours_logged": hours[leader.pk]["total"] if leader and leader.pk in hours else 0,
        "hours_planned": _planned_to_date(scheduled, today),
        "last_hours_week": last_week,
    }
    handouts = ctx["handouts"].get(network.pk, set())
    given = due = 0
    for prefix, key in TALKS:
        counterpart = counterparts.get(key)
        agreement = None
        # The talk's active template first, if the leader has started it.
        if leader and network.has_talks:
            keys = ((network.pk, t, leader.pk) for t in ctx["templates"].get(key, []))
            agreement = next((ctx["agreements"][k] for k in keys if k in ctx["agreements"]), None)
        if agreement is not None:
            activity.append(agreement.updated_at)
        state, step, steps, revision, meeting_on, confirmed_by = _talk(
            agreement, bool(leader and counterpart), ctx["steps_by_version"]
        )
        values.update(
            {
                f"{prefix}_state": state,
                f"{prefix}_agreement_id": agreement.pk if agreement else None,
                f"{prefix}_step": step,
                f"{prefix}_steps": steps,
                f"{prefix}_revision": revision,
                f"{prefix}_meeting_on": meeting_on,
                f"{prefix}_confirmed_by": confirmed_by,
            }
        )
        if counterpart:
            due += 1
            given += (key, counterpart) in handouts
    values["handouts"], values["handouts_due"] = given, due
    values["last_activity"] = max((a for a in activity if a), default=None)
    reasons = _attention(network, values, plan, today, rules)
    values["needs_attention"] = bool(reasons)
    values["attention"] = "," + ",".join(reasons) + "," if reasons else ""
    return values


def _attention(network, values, plan, today, rules):
    reasons = []
    if network.status == Network.Status.COMPLETED:
        return reasons
    # A leader network (no talks) has a facilitator, no reference leader, and its members
    # log no hours against a plan: only the rules that fit it apply.
    talks = network.has_talks
    if not values["leader"]:
        reasons.append("no_leader")
    if talks and not values["reference_leader"]:
        reasons.append("no_reference_leader")
    running = network.status in RUNNING
    started = network.start_date or (plan.starts_on if plan else None)
    if talks and running and started and (today - started).days > rules.agreement_due_weeks * 7:
        reasons += [
            f"overdue:{prefix}"
            for prefix, _key in TALKS
            if values[f"{prefix}_state"] != TalkState.AGREED
        ]
    if running and values["standing"] == Standing.BEHIND:
        reasons.append("behind")
    test_on = values["test_on"]
    if running and test_on and 0 <= (test_on - today).days <= TEST_DUE_DAYS:
        reasons.append("test_due")
    if talks and running and started and (today - started).days >= NO_HOURS_WEEKS * 7:
        last = values["last_hours_week"]
        if last is None or (planning.monday(today) - last).days > NO_HOURS_WEEKS * 7:
            reasons.append("no_hours")
    reasons += [
        f"voided:{prefix}"
        for prefix, _key in TALKS
        if talks and values[f"{prefix}_state"] == TalkState.VOIDED
    ]
    return reasons


def _context(ids):
    """Everything the summaries of these networks read, in a fixed number of queries."""
    people = defaultdict(dict)
    roles = (
        NetworkRole.objects.active()
        .filter(
            network_id__in=ids,
            role__in=[
                NetworkRole.Role.LEADER,
                NetworkRole.Role.CO_DRIVER,
                NetworkRole.Role.REFERENCE_LEADER,
            ],
        )
        .select_related("person__user", "person__manager")
    )
    for r in roles:
        people[r.network_id][r.role] = r.person
    plans = {p.network_id: p for p in NetworkPlan.objects.filter(network_id__in=ids)}
    steps = defaultdict(list)
    for step in PlanStep.objects.filter(plan__network_id__in=ids).select_related("phase"):
        steps[step.plan_id].append(step)
    templates = defaultdict(list)
    for t in Template.objects.filter(kind=Template.Kind.AGREEMENT).order_by(
        "-is_active", "position"
    ):
        templates[t.talk].append(t.pk)
    agreements = {
        (a.network_id, a.template_id, a.leader_id): a
        for a in Agreement.objects.filter(network_id__in=ids, template__kind="agreement")
        .defer("answers")
        .prefetch_related("confirmations")
    }
    # valid_confirmations hashes the answers: load them only for agreements awaiting both.
    ready = [a.pk for a in agreements.values() if a.status == Agreement.Status.READY]
    answers = dict(Agreement.objects.filter(pk__in=ready).values_list("pk", "answers"))
    for a in agreements.values():
        if a.pk in answers:
            a.answers = answers[a.pk]
    steps_by_version = {
        v.pk: len(v.content.get("sections", []))
        for v in TemplateVersion.objects.filter(
            pk__in={a.template_version_id for a in agreements.values()}
        )
    }
    hours = defaultdict(dict)
    for row in (
        TimeEntry.objects.filter(network_id__in=ids)
        .values("network_id", "person_id")
        .annotate(total=Sum("hours"), last=Max("week"), changed=Max("updated_at"))
    ):
        hours[row["network_id"]][row["person_id"]] = row
    handouts = defaultdict(set)
    for network_id, role, recipient in PamphletHandout.objects.filter(
        network_id__in=ids
    ).values_list("network_id", "role", "recipient_id"):
        handouts[network_id].add((role, recipient))
    last_phase_change = dict(
        PhaseChange.objects.filter(network_id__in=ids)
        .values("network_id")
        .annotate(last=Max("created_at"))
        .values_list("network_id", "last")
    )
    return {
        "people": people,
        "plans": plans,
        "steps": steps,
        "templates": templates,
        "agreements": agreements,
        "steps_by_version": steps_by_version,
        "hours": hours,
        "handouts": handouts,
        "last_phase_change": last_phase_change,
    }


FIELDS = None


def _fields():
    global FIELDS
    if FIELDS is None:
        FIELDS = [
            f.name
            for f in NetworkSummary._meta.concrete_fields
            if f.name != "network" and not f.primary_key
        ]
    return FIELDS


def refresh(network_ids=None, *, today=None):
    """Recompute the summaries of these networks (all when None). Returns how many.

    Each batch first locks its networks' rows (Network.objects.locked), as the time
    balance's refresh does."""
    today = today or timezone.localdate()
    rules = Rules.current()
    if network_ids is None:
        network_ids = Network.objects.values_list("pk", flat=True)
    network_ids = sorted(set(network_ids))
    done = 0
    for start in range(0, len(network_ids), BATCH):
        ids = network_ids[start : start + BATCH]
        with transaction.atomic():
            networks = list(Network.objects.locked(ids).select_related("current_phase"))
            ctx = _context([n.pk for n in networks])
            rows = []
            for n in networks:
                try:
                    rows.append(NetworkSummary(network=n, **_compute(n, ctx, today, rules)))
                except Exception:  # stored data the rules cannot compute with: log, go on
                    logger.exception("Netværksoverblikket kunne ikke beregnes for netværk %s", n.pk)
            NetworkSummary.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["network"],
                update_fields=_fields(),
            )
        done += len(rows)
    return done


def refresh_stale(today=None):
    """Summaries missing or from an earlier day: recompute them (one query when none). Once
    none are, that is known until a network or a summary is written, or the day changes
    (core.generations): then no query at all."""
    today = today or timezone.localdate()

    def refresh_now():
        stale = list(
            Network.objects.filter(
                Q(summary__isnull=True) | Q(summary__computed_on__lt=today)
            ).values_list("pk", flat=True)
        )
        if stale:
            refresh(stale, today=today)
        return len(stale)

    return generations.cached(  # "none stale" is kept; a refresh is redone until it is so
        f"summaries-fresh:{today.isoformat()}", SUMMARY_TOPICS, refresh_now, keep=lambda n: n == 0
    )


def mark_all_stale():
    """After a rule changes: every summary is recomputed on next use."""
    NetworkSummary.objects.update(computed_on=STALE_DAY)


def mark_stale(network_ids):
    """These networks' summaries are recomputed on next use (their refresh failed)."""
    NetworkSummary.objects.filter(network_id__in=network_ids).update(computed_on=STALE_DAY)


# Reading -------------------------------------------------------------------------------------


def talk_text(summary, prefix):
    state = getattr(summary, f"{prefix}_state")
    step = getattr(summary, f"{prefix}_step")
    steps = getattr(summary, f"{prefix}_steps")
    revision = getattr(summary, f"{prefix}_revision")
    meeting_on = getattr(summary, f"{prefix}_meeting_on")
    by = getattr(summary, f"{prefix}_confirmed_by")
    if not summary.network.has_talks:
        return _("Ingen samtaler i et ledernetværk")
    if state == TalkState.NO_COUNTERPART and not summary.leader_id:
        return _("Ingen netværksleder")
    return state_text(state, step, steps, revision, meeting_on, by)


def state_text(state, step, steps, revision, meeting_on, by):
    """One agreement's state in words, from `_talk`'s values (the workspace, Mine netværk)."""
    if state == TalkState.DRAFT:
        text = _("Kladde, trin %(step)s af %(steps)s") % {"step": step, "steps": steps}
        if revision > 1:
            text = _("Version %(revision)s: %(text)s") % {"revision": revision, "text": text}
        return text
    if state == TalkState.READY:
        if meeting_on:
            return _("Klar til mødet %(date)s") % {"date": _date(meeting_on)}
        return _("Klar til mødet")
    if state == TalkState.CONFIRMED_ONE:
        if by == "leader":
            return _("Bekræftet af netværkslederen, afventer samtaleparten")
        return _("Bekræftet af samtaleparten, afventer netværkslederen")
    if state == TalkState.AGREED:
        return _("Aftalt i version %(revision)s") % {"revision": revision}
    if state == TalkState.VOIDED:
        return _("Bekræftelse bortfaldet efter en senere ændring")
    return dict(TalkState.choices).get(state, "")


def agreement_state(agreement):
    """(state, words) for one agreement, its template version and confirmations loaded."""
    values = _talk(agreement, True, {agreement.template_version_id: agreement.steps})
    return values[0], state_text(*values)


def standing_text(summary):
    weeks = summary.standing_weeks
    if summary.standing in (Standing.AHEAD, Standing.BEHIND) and not weeks:
        if summary.standing == Standing.AHEAD:
            return _("Foran planen, under 1 uge")
        return _("Bagud, under 1 uge")
    if summary.standing == Standing.AHEAD:
        return ngettext("Foran planen, %(n)s uge", "Foran planen, %(n)s uger", weeks) % {"n": weeks}
    if summary.standing == Standing.BEHIND:
        return ngettext("Bagud, %(n)s uge", "Bagud, %(n)s uger", weeks) % {"n": weeks}
    return dict(Standing.choices).get(summary.standing, "")


def attention_choices():
    """The reasons the workspace can filter on, with their words."""
    return [
        ("no_leader", _("Mangler netværksleder")),
        ("no_reference_leader", _("Mangler referenceleder")),
        ("overdue", _("Aftale ikke aftalt efter fristen")),
        ("behind", _("Bagud i forhold til planen")),
        ("test_due", _("Testfasen begynder inden for 4 uger")),
        ("no_hours", _("Ingen timer registreret i 4 uger")),
        ("voided", _("En bekræftelse er bortfaldet")),
    ]


def _join_words(words):
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def attention_texts(summary, rules):
    """The reasons in words; the talks overdue or voided are named in one sentence each."""
    counterparts = {
        "pl": _("personalelederen"),
        "rl": _("referencelederen"),
        "cd": _("co-driveren"),
    }
    codes = [c for c in summary.attention.split(",") if c]
    talks = [code.partition(":") for code in codes]
    overdue = [counterparts[p] for kind, _s, p in talks if kind == "overdue" and p in counterparts]
    voided = [counterparts[p] for kind, _s, p in talks if kind == "voided" and p in counterparts]
    texts = []
    for code in codes:
        if code == "no_leader":
            texts.append(_("Netværket mangler en netværksleder."))
        elif code == "no_reference_leader":
            texts.append(_("Netværket mangler en referenceleder."))
        elif code == "behind":
            texts.append(_("Netværket er bagud i forhold til planen."))
        elif code == "test_due" and summary.test_on:
            texts.append(_("Testfasen begynder %(date)s.") % {"date": _date(summary.test_on)})
        elif code == "no_hours":
            texts.append(_("Ingen timer registreret de seneste 4 uger."))
    if overdue:
        texts.append(
            ngettext(
                "Aftalen med %(talks)s er ikke aftalt %(weeks)s uger efter start.",
                "Aftalerne med %(talks)s er ikke aftalt %(weeks)s uger efter start.",
                len(overdue),
            )
            % {"talks": _join_words(overdue), "weeks": rules.agreement_due_weeks}
        )
    if voided:
        texts.append(
            _("En bekræftelse af aftalen med %(talks)s er bortfaldet efter en ændring.")
            % {"talks": _join_words(voided)}
        )
    return texts

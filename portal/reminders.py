"""Reminders by date, from one daily run (`manage.py send_reminders`, and the worker's daily
job `daily`).

Each rule looks at the date and the data and makes its notifications through one batch of
`notifications` rows. Every reminder has a key naming its occasion (the talk and its date,
the network and the ISO week, …); a person is told once per key, so the run can be repeated
on the same day, or caught up the day after a day it did not run, and each reminder is still
made once. A rule fires in a window: from its trigger date until the event, never on one
exact day only.

The networks' facts come from the workspace's own computation (portal.summaries: the same
people, plan dates, hours and agreement states, and the same "overdue" and "no hours" rule),
in batches with a fixed number of queries each. The talks come from one query each.
"""

import importlib.util
import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from agreements.invitations import invitation_ics
from agreements.models import Agreement, PamphletHandout, Template
from core.jobs import job
from core.paging import chunks
from netvaerk import planning
from netvaerk.models import TYPES_WITHOUT_TALKS, Network
from notifications import delivery
from notifications.kinds import Kind, in_each_language
from notifications.models import Notification, Preference
from notifications.services import Occasion, notify_many

from . import summaries
from .models import Rules, TalkState

logger = logging.getLogger(__name__)

TALK_DAYS_BEFORE = 1
PAMPHLET_DAYS_BEFORE = 7
TEST_SOON_DAYS = 28
TEST_ENDING_DAYS = 7
BREAK_DAYS = 7
DEFAULT_MEETING_MINUTES = 60

# The talks by the workspace's prefix: their words (the same texts as the workspace's).
TALK_LABELS = {
    "pl": gettext_lazy("Aftale med personalelederen"),
    "rl": gettext_lazy("Aftale med referencelederen"),
    "cd": gettext_lazy("Aftale med co-driveren"),
}


# Making the notifications ------------------------------------------------------------------


def remind(kind, occasions):
    """Make the reminders of one kind (a person already told under a key is skipped).
    Returns how many were made."""
    return len(notify_many(kind, occasions))


def _iso_week(today):
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


# The networks' facts, as the workspace computes them -----------------------------------------


@dataclass
class Facts:
    """What the date rules read of one running network."""

    network: object
    values: dict  # portal.summaries' computed row: people, talk states, hours, reasons
    scheduled: list = field(default_factory=list)  # the plan's steps with their dates

    @property
    def reasons(self):
        return [r for r in self.values["attention"].split(",") if r]


class NetworkFacts(list):
    """The facts of every running network, with the secretariat's rules they were
    computed by."""

    def __init__(self, rules):
        super().__init__()
        self.rules = rules


def network_facts(today):
    """The running networks' facts for `today`, computed by portal.summaries in batches of
    summaries.BATCH with a fixed number of queries each."""
    rules = Rules.current()
    ids = list(
        Network.objects.filter(status__in=summaries.RUNNING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    facts = NetworkFacts(rules)
    for start in range(0, len(ids), summaries.BATCH):
        batch = ids[start : start + summaries.BATCH]
        networks = list(Network.objects.filter(pk__in=batch).select_related("current_phase"))
        ctx = summaries._context(batch)
        for network in networks:
            try:
                values = summaries._compute(network, ctx, today, rules)
                plan = ctx["plans"].get(network.pk)
                scheduled = planning.schedule(plan.starts_on, ctx["steps"][plan.pk]) if plan else []
            except Exception:  # data the rules cannot compute with: log, keep the rest
                logger.exception("Påmindelser: netværk %s kunne ikke beregnes", network.pk)
                continue
            facts.append(Facts(network, values, scheduled))
    return facts


def _periods(scheduled, kind):
    """The plan's periods of one kind of step (consecutive steps of the kind are one):
    (first day, last day)."""
    periods = []
    for s in scheduled:
        if s.step.kind != kind:
            continue
        if periods and periods[-1][1] + timedelta(days=1) == s.starts_on:
            periods[-1] = (periods[-1][0], s.ends_on)
        else:
            periods.append((s.starts_on, s.ends_on))
    return periods


def _plan_url(network):
    return reverse("netvaerk:plan", args=[network.slug])


# The rules --------------------------------------------------------------------------------


def _open_talks(first_day, last_day):
    """Agreements (not yet agreed, with a counterpart, in a network not completed) whose
    meeting falls on a day from `first_day` to `last_day`."""
    return (
        Agreement.objects.filter(
            template__kind=Template.Kind.AGREEMENT,
            meeting_at__gte=_day_start(first_day),
            meeting_at__lt=_day_start(last_day + timedelta(days=1)),
            counterpart__isnull=False,
        )
        .exclude(status=Agreement.Status.AGREED)
        .exclude(network__status=Network.Status.COMPLETED)
        .exclude(network__type__in=TYPES_WITHOUT_TALKS)  # leader networks hold no talks
        .select_related(
            "network", "template", "template_version", "leader__user", "counterpart__user"
        )
        .defer("answers")
        .order_by("pk")
    )


def talk_tomorrow(today):
    """The talk is tomorrow: both parties, the e-mail with the meeting's .ics.

    Window: the day before the meeting (a talk is "tomorrow" on that day only)."""
    occasions = []
    tomorrow = today + timedelta(days=TALK_DAYS_BEFORE)
    for agreement in _open_talks(tomorrow, tomorrow):
        meeting_on = timezone.localdate(agreement.meeting_at)
        occasions.append(
            Occasion(
                [agreement.leader, agreement.counterpart],
                f"talk-tomorrow:{agreement.pk}:{agreement.revision}:{meeting_on.isoformat()}",
                {
                    "agreement": agreement.pk,
                    "talk": agreement.title,
                    "network": agreement.network.name,
                    "date": meeting_on.isoformat(),
                },
                reverse("agreements:detail", args=[agreement.pk]),
            )
        )
    return remind(Kind.TALK_TOMORROW, occasions)


def pamphlet_missing(today):
    """A counterpart has not had their role pamphlet a week before the talk: the network
    leader, who hands pamphlets out.

    Window: from 7 days before the meeting until the day before it."""
    talks = list(
        _open_talks(today + timedelta(days=1), today + timedelta(days=PAMPHLET_DAYS_BEFORE))
    )
    handed = set(
        PamphletHandout.objects.filter(network_id__in={a.network_id for a in talks}).values_list(
            "network_id", "role", "recipient_id"
        )
    )
    occasions = []
    for agreement in talks:
        if (agreement.network_id, agreement.template.talk, agreement.counterpart_id) in handed:
            continue
        meeting_on = timezone.localdate(agreement.meeting_at)
        occasions.append(
            Occasion(
                [agreement.leader],
                f"pamphlet-missing:{agreement.pk}:{agreement.counterpart_id}:"
                f"{meeting_on.isoformat()}",
                {
                    "agreement": agreement.pk,
                    "person": agreement.counterpart.name,
                    "talk": agreement.title,
                    "network": agreement.network.name,
                    "date": meeting_on.isoformat(),
                },
                reverse("agreements:detail", args=[agreement.pk]),
            )
        )
    return remind(Kind.PAMPHLET_MISSING, occasions)


def agreement_overdue(today, facts=None):
    """A talk with a counterpart is not agreed `Rules.agreement_due_weeks` weeks after the
    network's start (the workspace's "overdue" rule, portal.summaries): the leader, weekly.

    Window: every day after the due date; the key is per ISO week."""
    facts = network_facts(today) if facts is None else facts
    weeks = facts.rules.agreement_due_weeks
    week = _iso_week(today)
    occasions = []
    for fact in facts:
        leader = fact.values["leader"]
        if leader is None:
            continue
        for reason in fact.reasons:
            kind, _sep, prefix = reason.partition(":")
            if kind != "overdue" or prefix not in TALK_LABELS:
                continue
            if fact.values[f"{prefix}_state"] == TalkState.NO_COUNTERPART:
                continue  # no one to hold the talk with: the workspace shows that instead
            agreement_id = fact.values[f"{prefix}_agreement_id"]
            occasions.append(
                Occasion(
                    [leader],
                    f"agreement-overdue:{fact.network.pk}:{prefix}:{week}",
                    {
                        "talk": in_each_language(TALK_LABELS[prefix]),
                        "network": fact.network.name,
                        "weeks": weeks,
                        "agreement": agreement_id,
                    },
                    reverse("agreements:detail", args=[agreement_id])
                    if agreement_id
                    else fact.network.get_absolute_url(),
                )
            )
    return remind(Kind.AGREEMENT_OVERDUE, occasions)


def _plan_dates(kind, today, facts, *, step, edge, days, people, key):
    """A reminder `days` before the first (edge 0) or last (edge 1) day of each run of
    plan steps of kind `step` ("test" or "break"), from then until the day before it.
    `people(fact)` are told; `date` is that day."""
    occasions = []
    for fact in facts:
        for period in _periods(fact.scheduled, step):
            day = period[edge]
            if day - timedelta(days=days) <= today < day:
                occasions.append(
                    Occasion(
                        people(fact),
                        f"{key}:{fact.network.pk}:{day.isoformat()}",
                        {"network": fact.network.name, "date": day.isoformat()},
                        _plan_url(fact.network),
                    )
                )
    return remind(kind, occasions)


def _leader_and_reference(fact):
    return [fact.values["leader"], fact.values["reference_leader"]]


def test_phase_soon(today, facts=None):
    """The test phase begins in 4 weeks: the leader and the reference leader.

    Window: from 28 days before the test's first day until the day before it."""
    facts = network_facts(today) if facts is None else facts
    return _plan_dates(
        Kind.TEST_PHASE_SOON,
        today,
        facts,
        step="test",
        edge=0,
        days=TEST_SOON_DAYS,
        people=_leader_and_reference,
        key="test-soon",
    )


def test_ending(today, facts=None):
    """The test ends in a week: the leader and the reference leader. `date` is the test's
    last day.

    Window: from 7 days before the last day until the day before it."""
    facts = network_facts(today) if facts is None else facts
    return _plan_dates(
        Kind.TEST_ENDING,
        today,
        facts,
        step="test",
        edge=1,
        days=TEST_ENDING_DAYS,
        people=_leader_and_reference,
        key="test-ending",
    )


def break_starts(today, facts=None):
    """A break in the plan begins in a week: the leader (who goes back to base work).

    Window: from 7 days before the break's first day until the day before it."""
    facts = network_facts(today) if facts is None else facts
    return _plan_dates(
        Kind.BREAK_STARTS,
        today,
        facts,
        step="break",
        edge=0,
        days=BREAK_DAYS,
        people=lambda fact: [fact.values["leader"]],
        key="break-starts",
    )


def no_hours(today, facts=None):
    """No hours logged in the network for 4 weeks (the workspace's "no hours" rule): the
    leader, weekly, unless the leader has switched it off. `date` is the day since which
    nothing is logged (the week after the last logged week, or the network's start).

    Window: every day while it holds; the key is per ISO week."""
    facts = network_facts(today) if facts is None else facts
    week = _iso_week(today)
    due = [f for f in facts if f.values["leader"] is not None and "no_hours" in f.reasons]
    switched_off = set()
    for leaders in chunks({f.values["leader"].pk for f in due}):
        switched_off.update(
            Preference.objects.filter(person_id__in=leaders, hours_reminder=False).values_list(
                "person_id", flat=True
            )
        )
    occasions = []
    for fact in due:
        leader = fact.values["leader"]
        if leader.pk in switched_off:
            continue
        last = fact.values["last_hours_week"]
        since = last + timedelta(days=7) if last else _started(fact)
        occasions.append(
            Occasion(
                [leader],
                f"no-hours:{fact.network.pk}:{week}",
                {"network": fact.network.name, "date": since.isoformat() if since else ""},
                reverse("netvaerk:time-log", args=[fact.network.slug]),
            )
        )
    return remind(Kind.NO_HOURS, occasions)


def _started(fact):
    """The network's start as the workspace reads it: its start date, else the plan's."""
    if fact.network.start_date:
        return fact.network.start_date
    return fact.scheduled[0].starts_on if fact.scheduled else None


def proposal_deadline(today):
    """A proposal round's deadline is in 14 days: everyone with a draft proposal. The
    proposals app makes these; None while it has no `proposals.reminders.deadline_reminders`."""
    if importlib.util.find_spec("proposals") is None:
        return None
    if importlib.util.find_spec("proposals.reminders") is None:
        return None
    from proposals import reminders as proposal_reminders

    if not hasattr(proposal_reminders, "deadline_reminders"):
        return None
    return proposal_reminders.deadline_reminders(today)


# The daily run ----------------------------------------------------------------------------

NETWORK_RULES = [
    (Kind.AGREEMENT_OVERDUE, agreement_overdue),
    (Kind.TEST_PHASE_SOON, test_phase_soon),
    (Kind.TEST_ENDING, test_ending),
    (Kind.BREAK_STARTS, break_starts),
    (Kind.NO_HOURS, no_hours),
]
TALK_RULES = [
    (Kind.TALK_TOMORROW, talk_tomorrow),
    (Kind.PAMPHLET_MISSING, pamphlet_missing),
]


@dataclass
class Report:
    """What a run made: kind → count; the kinds whose rule failed; the kinds skipped (the
    proposals app without reminders yet)."""

    counts: dict = field(default_factory=dict)
    failed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def _run_rule(report, kind, rule, *args):
    """One rule in a savepoint of its own: a failure is logged, undone, and the others run."""
    try:
        with transaction.atomic():
            count = rule(*args)
    except Exception:
        logger.exception("Påmindelser: reglen %s fejlede", kind)
        report.failed.append(kind)
        return
    if count is None:
        report.skipped.append(kind)
    else:
        report.counts[kind] = count


def run(today=None):
    """Every rule for `today` (the local date by default). Returns a Report."""
    today = today or timezone.localdate()
    report = Report()
    for kind, rule in TALK_RULES:
        _run_rule(report, kind, rule, today)
    try:
        facts = network_facts(today)
    except Exception:
        logger.exception("Påmindelser: netværkenes datoer kunne ikke beregnes")
        report.failed += [kind for kind, _rule in NETWORK_RULES]
    else:
        for kind, rule in NETWORK_RULES:
            _run_rule(report, kind, rule, today, facts)
    _run_rule(report, Kind.PROPOSAL_DEADLINE, proposal_deadline, today)
    return report


def send_reminders(today=None):
    """Make today's reminders. Returns kind → how many notifications were made (kinds whose
    rule failed or was skipped are left out; failures are logged)."""
    return run(today).counts


@job()
def daily():
    """The worker's daily job: the reminders, then the digests of whoever wants one."""
    counts = send_reminders()
    digests = delivery.queue_digests()
    return {**{str(kind): count for kind, count in counts.items()}, "digests": digests}


# The talk-tomorrow e-mail -----------------------------------------------------------------


def _meeting_minutes(agreement):
    """The length the leader gave the talk in the invitation, else an hour."""
    invited = (
        Notification.objects.filter(kind=Kind.INVITED, params__agreement=agreement.pk)
        .order_by("-created_at", "-pk")
        .values_list("params", flat=True)
        .first()
    )
    try:
        minutes = int((invited or {}).get("duration") or DEFAULT_MEETING_MINUTES)
    except (TypeError, ValueError):
        minutes = DEFAULT_MEETING_MINUTES
    return minutes if 0 < minutes <= 24 * 60 else DEFAULT_MEETING_MINUTES


def talk_tomorrow_email(notification):
    """notifications.delivery's builder for Kind.TALK_TOMORROW: the usual text and HTML
    e-mail in the recipient's language, with the meeting as an .ics attachment (the same
    event as the invitation's, so a calendar updates it rather than adding another)."""
    message, _after = delivery.notification_email(notification, translation.get_language() or "da")
    agreement = (
        Agreement.objects.select_related(
            "network", "template", "template_version", "leader__user", "counterpart__user"
        )
        .filter(pk=(notification.params or {}).get("agreement"))
        .first()
    )
    if agreement is not None and agreement.meeting_at and agreement.counterpart_id:
        url = delivery.absolute(agreement.get_absolute_url())
        message.attach(
            "samtale.ics",
            invitation_ics(agreement, duration_minutes=_meeting_minutes(agreement), url=url),
            "text/calendar; method=REQUEST; charset=utf-8",
        )
    return message, None

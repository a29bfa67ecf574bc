"""When to assess: the moments the portal prompts a network leader or co-driver.

Three moments (issue #12): taking up the role, the start of the plan's test phase (six
months after the start for a network whose plan has no test step, or no plan), and the
network's completion. A moment is due from its day for PROMPT_DAYS days, unless the person
has assessed themself since shortly before it (RECENT_DAYS). The same rule makes the prompt
on /kompetencer/ and the daily notification (once per role and moment).

A network keeps no date of completion, so a completed network's moment is the day it was
last changed, which is the day it was completed unless it was edited later.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import bounds
from core.jobs import job
from netvaerk import planning
from netvaerk.models import Network, NetworkPlan, NetworkRole, PlanStep
from notifications.kinds import Kind, in_each_language
from notifications.services import Occasion, notify_many

from .access import ASSESSING_ROLES
from .models import Assessment

PROMPT_DAYS = 60
RECENT_DAYS = 30
TEST_AFTER_MONTHS = 6

START, TEST, COMPLETED = "start", "test", "completed"
MOMENTS = {
    START: gettext_lazy("Du er startet som %(role)s"),
    TEST: gettext_lazy("Testfasen begynder"),
    COMPLETED: gettext_lazy("Forløbet er afsluttet"),
}


@dataclass
class Prompt:
    moment: str
    role: object
    on: datetime.date

    @property
    def network(self):
        return self.role.network

    def moment_text(self):
        return str(MOMENTS[self.moment]) % {"role": self.role.get_role_display().lower()}

    def text(self):
        words = {
            START: _(
                "Du blev %(role)s i netværket »%(network)s« den %(date)s. Vurder dine "
                "kompetencer nu, så du har et udgangspunkt at se din udvikling fra."
            ),
            TEST: _(
                "Testfasen i netværket »%(network)s« begynder den %(date)s. Det er et godt "
                "tidspunkt at vurdere dine kompetencer igen."
            ),
            COMPLETED: _(
                "Netværket »%(network)s« er afsluttet (%(date)s). Vurder dine kompetencer en "
                "sidste gang, og se, hvad du har lært undervejs."
            ),
        }[self.moment]
        return words % {
            "role": self.role.get_role_display().lower(),
            "network": self.network.name,
            "date": date_format(self.on),
        }


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def test_phase_on(network):
    """The plan's test phase, or six months after the start for a plan without one."""
    try:
        plan = network.plan
    except NetworkPlan.DoesNotExist:
        plan = None
    start = plan.starts_on if plan is not None else network.start_date
    if not start or not bounds.in_range(start):
        return None  # a date the portal cannot compute with: the page says so elsewhere
    if plan is not None:
        scheduled = planning.schedule(plan.starts_on, plan.steps.all())
        return planning.test_starts_on(scheduled) or add_months(start, TEST_AFTER_MONTHS)
    return add_months(start, TEST_AFTER_MONTHS)


def moments(role, today):
    """The role's moments that have come, as (moment, day)."""
    network = role.network
    found = []
    if network.status == Network.Status.COMPLETED:
        found.append((COMPLETED, timezone.localdate(network.updated_at)))
    elif role.ends_on is None or role.ends_on >= today:
        found.append((START, role.starts_on))
        test_on = test_phase_on(network)
        if test_on and test_on >= role.starts_on:
            found.append((TEST, test_on))
    return [(m, day) for m, day in found if day <= today]


def due(role, latest_assessed_on, today):
    """The role's prompts that are due today, given the person's latest assessment."""
    prompts = []
    for moment, day in moments(role, today):
        if (today - day).days > PROMPT_DAYS:
            continue
        if latest_assessed_on and latest_assessed_on >= day - datetime.timedelta(RECENT_DAYS):
            continue
        prompts.append(Prompt(moment, role, day))
    return prompts


def _roles():
    steps = Prefetch("network__plan__steps", queryset=PlanStep.objects.order_by("position"))
    return (
        NetworkRole.objects.filter(role__in=ASSESSING_ROLES)
        .select_related("network__plan", "person__user")
        .prefetch_related(steps)
        .order_by("starts_on", "pk")
    )


def prompts_for(person, today=None):
    """What the person's competence page prompts them to do now."""
    today = today or timezone.localdate()
    latest = person.competence_assessments.aggregate(latest=Max("assessed_on"))["latest"]
    result = []
    for role in _roles().filter(person=person):
        result.extend(due(role, latest, today))
    return result


def send_prompts(today=None):
    """The daily run: each due prompt as a notification, once per role and moment."""
    today = today or timezone.localdate()
    window = today - datetime.timedelta(PROMPT_DAYS)
    roles = _roles().filter(
        Q(network__status=Network.Status.COMPLETED, network__updated_at__date__gte=window)
        | Q(ends_on__isnull=True)
        | Q(ends_on__gte=today)
    )
    roles = list(roles)
    latest = dict(
        Assessment.objects.filter(person__in={r.person_id for r in roles})
        .values_list("person")
        .annotate(latest=Max("assessed_on"))
    )
    occasions = []
    url = reverse("competences:create")
    for role in roles:
        for prompt in due(role, latest.get(role.person_id), today):
            occasions.append(
                Occasion(
                    recipients=[role.person],
                    key=f"competence_prompt:{prompt.moment}:{role.pk}",
                    params={
                        "moment": in_each_language(MOMENTS[prompt.moment])
                        if prompt.moment != START
                        else _start_moment(role),
                        "network": role.network.name,
                        "date": prompt.on.isoformat(),
                    },
                    url=url,
                )
            )
    return notify_many(Kind.COMPETENCE_PROMPT, occasions)


def _start_moment(role):
    from django.conf import settings
    from django.utils import translation

    stored = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            stored[code] = str(MOMENTS[START]) % {"role": role.get_role_display().lower()}
    return stored


@job()
def daily():
    """The worker's daily job (settings.DAILY_JOBS): the competence prompts."""
    return {"competence_prompts": len(send_prompts())}

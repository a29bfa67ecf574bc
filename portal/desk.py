"""The secretariat's desk calendar: week by week, which network leaders sit at the
secretariat (as agreed in their personnel-leader agreements) against the number of desks.

Secretariat only. A fixed number of queries whatever the number of periods: the rules, and
one query for every period that touches the chosen weeks.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from core import bounds
from core.permissions import is_secretariat
from netvaerk.models import DeskPeriod
from netvaerk.planning import monday

from .models import Rules

WEEKS = 13  # this week and the next 12


@dataclass
class Sitting:
    """One person at the secretariat in a week: the period, and whether it covers the week."""

    period: DeskPeriod
    whole_week: bool


@dataclass
class Week:
    monday: datetime.date
    sunday: datetime.date
    number: int
    sittings: list = field(default_factory=list)
    people: int = 0
    is_current: bool = False
    over_capacity: bool = False
    free: int = 0


def _first_monday(value, today):
    """The Monday of the week asked for with ?fra=YYYY-MM-DD, or of this week; and a
    message when the date asked for could not be used (garbage, or outside core.bounds)."""
    try:
        day = datetime.date.fromisoformat(value) if value else today
    except ValueError:
        return monday(today), gettext("»%(value)s« er ikke en dato. Her er ugerne fra i dag.") % {
            "value": value[:20]
        }
    if not bounds.in_range(day, today):
        return monday(bounds.clamp(day, today)), bounds.date_message()
    return monday(day), ""


def weeks_at_the_desks(first, desks, today):
    """The weeks from `first` with who sits at the secretariat and whether they fit."""
    last = first + datetime.timedelta(weeks=WEEKS, days=-1)
    periods = (
        DeskPeriod.objects.filter(starts_on__lte=last, ends_on__gte=first)
        .select_related("network", "person__user")
        .order_by("starts_on", "person__user__first_name", "person__user__last_name", "pk")
    )
    this_monday = monday(today)
    weeks = []
    for i in range(WEEKS):
        start = first + datetime.timedelta(weeks=i)
        weeks.append(
            Week(
                monday=start,
                sunday=start + datetime.timedelta(days=6),
                number=start.isocalendar().week,
                is_current=start == this_monday,
            )
        )
    for period in periods:
        for week in weeks:
            if period.starts_on <= week.sunday and period.ends_on >= week.monday:
                whole = period.starts_on <= week.monday and period.ends_on >= week.monday + (
                    datetime.timedelta(days=4)
                )
                week.sittings.append(Sitting(period, whole))
    for week in weeks:
        # A person with periods in two networks the same week still takes one desk.
        week.people = len({s.period.person_id for s in week.sittings})
        week.over_capacity = week.people > desks
        week.free = max(desks - week.people, 0)
    return weeks


def desk_calendar(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    first, problem = _first_monday(request.GET.get("fra", ""), today)
    rules = Rules.current()
    weeks = weeks_at_the_desks(first, rules.desks, today)
    step = datetime.timedelta(weeks=WEEKS)
    return render(
        request,
        "portal/desk_calendar.html",
        {
            "weeks": weeks,
            "desks": rules.desks,
            "first": first,
            "last": weeks[-1].sunday,
            "previous": first - step,
            "next": first + step,
            "this_week": monday(today),
            "is_this_week": first == monday(today),
            "over_capacity": sum(1 for w in weeks if w.over_capacity),
            "problem": problem,
            "earliest": bounds.EARLIEST_DATE,
            "latest": bounds.latest_date(today),
        },
    )

"""Dates and hours of a network's plan, computed from its steps. Pure functions, no queries.

Steps run one after another from the plan's start date: a step of `weeks` weeks starts the
day after the previous one ends. Shifting the plan moves its start; lengthening, shortening
or adding a break changes the weeks, and every later date follows.

Whatever is stored, the dates stay within what can be computed (core.bounds): a plan whose
start date lies outside the bounds gets no dates, and steps that would end after
`bounds.computed_until()` are left out. `Schedule.cut` says which, for the page to tell.
"""

import calendar
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import bounds

ROLES = ("leader", "co_driver", "participant")


@dataclass
class ScheduledStep:
    step: object
    starts_on: date
    ends_on: date  # the last day of the step

    @property
    def is_break(self):
        return self.step.kind == "break"

    @property
    def is_test(self):
        return self.step.kind == "test"

    def contains(self, day):
        return self.starts_on <= day <= self.ends_on

    def hours(self, role):
        return getattr(self.step, f"{role}_hours") * self.step.weeks


class Schedule(list):
    """The scheduled steps, and why some are missing: `cut` is "" (none are), "start" (the
    start date lies outside the bounds, so no step has dates) or "end" (the steps that
    would end after `until` are left out)."""

    def __init__(self, steps=(), *, starts_on=None, cut="", until=None):
        super().__init__(steps)
        self.starts_on = starts_on
        self.cut = cut
        self.until = until


def schedule(starts_on, steps, *, today=None):
    """The steps with their calendar dates, in order, as far as they can be computed."""
    if not bounds.in_range(starts_on, today):
        return Schedule(starts_on=starts_on, cut="start")
    until = bounds.computed_until(today)
    result = Schedule(starts_on=starts_on, until=until)
    day = starts_on
    for step in sorted(steps, key=lambda s: s.position):
        end = day + timedelta(weeks=step.weeks) - timedelta(days=1)
        if end > until:
            result.cut = "end"
            break
        result.append(ScheduledStep(step, day, end))
        day = end + timedelta(days=1)
    return result


def schedule_problem(scheduled):
    """Why a schedule has fewer dates than steps, in words for the page ("" when it has all)."""
    return cut_problem(
        getattr(scheduled, "cut", ""), scheduled.starts_on, getattr(scheduled, "until", None)
    )


def cut_problem(cut, starts_on, until):
    """schedule_problem from what a schedule stores: its cut, the plan's start and the last
    day the portal computes (bounds.computed_until)."""
    if cut == "start":
        return bounds.stored_date_message(_("Planens startdato"), starts_on)
    if cut == "end":
        return _(
            "Planen rækker ud over %(date)s, længere end portalen kan regne med. Trinene "
            "derefter har ingen datoer; forkort planen eller flyt startdatoen."
        ) % {"date": date_format(until)}
    return ""


def totals(scheduled):
    """Total planned hours per role over the whole plan, and the total number of weeks."""
    result = {role: sum((s.hours(role) for s in scheduled), Decimal(0)) for role in ROLES}
    result["weeks"] = sum(s.step.weeks for s in scheduled)
    return result


def weekly_hours_by_phase(steps, role):
    """A role's planned hours per week in each phase (the average over the phase's weeks),
    by phase number. Steps without a phase (breaks) do not count."""
    hours, weeks = {}, {}
    for step in steps:
        if step.phase_id is None:
            continue
        number = step.phase.number
        hours[number] = hours.get(number, Decimal(0)) + getattr(step, f"{role}_hours") * step.weeks
        weeks[number] = weeks.get(number, 0) + step.weeks
    return {
        number: (hours[number] / weeks[number]).quantize(Decimal("0.1"))
        for number in hours
        if weeks[number]
    }


def test_starts_on(scheduled):
    for s in scheduled:
        if s.is_test:
            return s.starts_on
    return None


def current_step(scheduled, today):
    for s in scheduled:
        if s.contains(today):
            return s
    return None


def month_start(day):
    return day.replace(day=1)


def months_between(first, last):
    """Every first-of-month from the month of `first` to the month of `last`."""
    months = []
    day = month_start(first)
    while day <= last:
        months.append(day)
        if day.year == date.max.year and day.month == 12:
            break  # the last month Python's dates can hold
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def hours_per_month(scheduled, role="leader"):
    """Planned hours of `role` per calendar month: each step's weekly hours spread evenly
    over its days, so a step across a month boundary counts in both months."""
    if not scheduled:
        return OrderedDict()
    result = OrderedDict(
        (m, Decimal(0)) for m in months_between(scheduled[0].starts_on, scheduled[-1].ends_on)
    )
    for s in scheduled:
        per_day = getattr(s.step, f"{role}_hours") / 7
        if not per_day:
            continue
        day = s.starts_on
        while day <= s.ends_on:
            last_of_month = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            end = min(last_of_month, s.ends_on)
            result[month_start(day)] += per_day * ((end - day).days + 1)
            day = end + timedelta(days=1)
    return OrderedDict((m, h.quantize(Decimal("0.1"))) for m, h in result.items())


def monday(day):
    return day - timedelta(days=day.weekday())


@dataclass
class Standing:
    """Where a network stands against its plan today, by one rule for every page.

    kind: "none" (no plan), "not_started" (before the first step, or a start date after the
    bounds), "ended" (after the last step, or a start date before the bounds),
    "unknown" (no phase to compare), "on", "ahead" or "behind". `planned` is the phase the
    plan expects now (a break counts as the phase before it); `weeks` how many whole weeks
    the network's own phase is from its planned dates, when it is ahead or behind.
    """

    kind: str
    planned: object = None
    weeks: int = 0


MAX_WEEKS = 32767  # what any page or column stores; a plan can be far off by a typo


def planned_phase(scheduled, current):
    """The phase the plan expects during `current`: a break counts as the phase before it."""
    index = scheduled.index(current)
    for s in reversed(scheduled[: index + 1]):
        if s.step.phase_id:
            return s.step.phase
    return None


def standing(scheduled, phase, today):
    if not scheduled:
        if getattr(scheduled, "cut", "") == "start":
            # A start outside the bounds: no dates to compare, but which side of today it
            # lies on is known.
            return Standing("not_started" if scheduled.starts_on > today else "ended")
        return Standing("none")
    if today < scheduled[0].starts_on:
        return Standing("not_started")
    current = current_step(scheduled, today)
    if current is None:
        return Standing("ended")
    planned = planned_phase(scheduled, current)
    if planned is None or phase is None:
        return Standing("unknown", planned)
    if phase.number == planned.number:
        return Standing("on", planned)
    own = [s for s in scheduled if s.step.phase_id == phase.pk]
    if phase.number < planned.number:
        weeks = (today - own[-1].ends_on).days // 7 if own else 0
        return Standing("behind", planned, min(max(weeks, 0), MAX_WEEKS))
    weeks = (own[0].starts_on - today).days // 7 if own else 0
    return Standing("ahead", planned, min(max(weeks, 0), MAX_WEEKS))

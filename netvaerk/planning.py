"""Dates and hours of a network's plan, computed from its steps. Pure functions, no queries.

Steps run one after another from the plan's start date: a step of `weeks` weeks starts the
day after the previous one ends. Shifting the plan moves its start; lengthening, shortening
or adding a break changes the weeks, and every later date follows.
"""

import calendar
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

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


def schedule(starts_on, steps):
    """The steps with their calendar dates, in order."""
    result = []
    day = starts_on
    for step in sorted(steps, key=lambda s: s.position):
        end = day + timedelta(weeks=step.weeks) - timedelta(days=1)
        result.append(ScheduledStep(step, day, end))
        day = end + timedelta(days=1)
    return result


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

"""Retention: what is kept how long, and the routine that applies it.

- A person who left the organisation (Person.left_on, set by the import) is anonymised
  settings.RETENTION_LEAVER_YEARS (default 2) after leaving: long enough for the networks
  and agreements they were part of to finish and be evaluated, after which their name has
  no purpose in the portal.
- Hours logged (TimeEntry) are deleted settings.TIME_LOG_YEARS (default 5) after their
  week: they are the basis of the time balance between departments, kept like other
  accounting material (five years).
- The access log (core.AccessEvent) is deleted after settings.ACCESS_LOG_DAYS (the access
  log's own setting, default 365 days).

`apply_retention(dry_run=True)` reports what it would do and changes nothing.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import AccessEvent
from netvaerk import balance
from netvaerk.models import TimeEntry
from roles.models import Person

from . import summaries
from .anonymise import anonymise_person


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def periods():
    return {
        "leaver_years": settings.RETENTION_LEAVER_YEARS,
        "time_log_years": settings.TIME_LOG_YEARS,
        "access_log_days": getattr(settings, "ACCESS_LOG_DAYS", 365),
    }


def due(today=None):
    """(people to anonymise, time entries to delete, access events to delete), as querysets."""
    today = today or timezone.localdate()
    p = periods()
    leavers = Person.objects.filter(
        left_on__isnull=False,
        left_on__lt=_years_before(today, p["leaver_years"]),
        anonymised_at__isnull=True,
    ).select_related("user")
    hours = TimeEntry.objects.filter(week__lt=_years_before(today, p["time_log_years"]))
    if today == timezone.localdate():
        since = timezone.now() - datetime.timedelta(days=p["access_log_days"])
    else:  # run as of another day (tests, --date)
        midnight = datetime.datetime.combine(today, datetime.time())
        since = timezone.make_aware(midnight) - datetime.timedelta(days=p["access_log_days"])
    events = AccessEvent.objects.filter(at__lt=since)
    return leavers, hours, events


def apply_retention(*, dry_run=False, today=None, log=print):
    """Apply the periods. Returns {"anonymised": [ids], "time_entries": n, "access_events": n}."""
    leavers, hours, events = due(today)
    people = list(leavers.order_by("left_on", "pk"))
    n_hours = hours.count()
    n_events = events.count()
    anonymise, delete = (
        ("Ville anonymisere", "Ville slette") if dry_run else ("Anonymiserer", "Sletter")
    )
    for person in people:
        log(
            f"{anonymise} person {person.pk} ({person.user.get_username()}), "
            f"fratrådt {person.left_on.isoformat()}"
        )
        if not dry_run:
            anonymise_person(person)
    log(f"{delete} {n_hours} timeregistreringer ældre end {periods()['time_log_years']} år")
    log(
        f"{delete} {n_events} hændelser i adgangsloggen ældre end "
        f"{periods()['access_log_days']} dage"
    )
    if not dry_run:
        with transaction.atomic():
            networks = sorted(set(hours.values_list("network_id", flat=True)))
            hours.delete()
            events.delete()
            if networks:
                summaries.refresh(networks)
                balance.refresh(networks)
    return {
        "anonymised": [p.pk for p in people],
        "time_entries": n_hours,
        "access_events": n_events,
        "dry_run": dry_run,
    }

"""Which round a proposal goes to. Rounds have deadlines on 1 May and 1 December; the
secretariat may move a round's deadline (it is data), and the next round is made from the
pattern when it does not exist yet."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Round

# (month, day) of the usual deadlines.
DEADLINES = ((5, 1), (12, 1))
# A round whose deadline the secretariat moved still fills its place in the pattern: a
# pattern date this close to an existing round's deadline is not made again.
SLOT_DAYS = 60


def _pattern_dates(start):
    """The pattern's deadlines on or after `start`, in order, without end."""
    year = start.year
    while True:
        for month, day in DEADLINES:
            candidate = datetime.date(year, month, day)
            if candidate >= start:
                yield candidate
        year += 1


def _taken(candidate, deadlines):
    return any(abs((candidate - d).days) <= SLOT_DAYS for d in deadlines)


def _make_after(start):
    """The first round from the pattern on or after `start` whose place is still free."""
    window = (start - datetime.timedelta(days=SLOT_DAYS), start + datetime.timedelta(days=400))
    deadlines = list(
        Round.objects.filter(deadline__range=window).values_list("deadline", flat=True)
    )
    for candidate in _pattern_dates(start):
        if not _taken(candidate, deadlines):
            with transaction.atomic():
                made, _created = Round.objects.get_or_create(deadline=candidate)
            return made
    raise AssertionError("unreachable")  # pragma: no cover


def current_round(today=None):
    """The round new proposals go to: the first open round whose deadline is today or
    later, made from the pattern when there is none."""
    today = today or timezone.localdate()
    found = (
        Round.objects.filter(status=Round.Status.OPEN, deadline__gte=today)
        .order_by("deadline")
        .first()
    )
    if found is not None:
        return found
    later = Round.objects.filter(deadline__gte=today).order_by("-deadline").first()
    start = later.deadline + datetime.timedelta(days=1) if later else today
    return _make_after(start)


def next_round(after):
    """The round after `after` that is open for proposals (a deferred proposal goes there)."""
    today = timezone.localdate()
    start = max(after.deadline + datetime.timedelta(days=1), today)
    return current_round(start)

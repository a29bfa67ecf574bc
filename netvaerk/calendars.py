"""Calendar feeds (.ics): a network's plan, and every network a person has a role in, with
the periods the network leader sits at the secretariat as all-day events.

Dates outside core.bounds (a plan start or a period typed as year 9999 before the forms
bounded them) are left out of the feed: the network's page names them for correction.

Calendar programs cannot log in, so a feed is read with a secret per-user token in the
address. Renewing the token stops every old address at once.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from core import audit, bounds

from . import planning
from .models import CalendarFeed, DeskPeriod, Network, NetworkPlan, PlanStep, new_calendar_token


def _feed_for(user):
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_page(request):
    feed = _feed_for(request.user)
    networks = Network.objects.filter(
        roles__person__user=request.user, roles__ends_on__isnull=True
    ).distinct()
    base = settings.SITE_URL
    return render(
        request,
        "netvaerk/calendar.html",
        {
            "mine_url": base + reverse("netvaerk:calendar-mine", args=[feed.token]),
            "network_urls": [
                (n, base + reverse("netvaerk:calendar-network", args=[feed.token, n.slug]))
                for n in networks
            ],
        },
    )


@require_POST
def calendar_renew(request):
    feed = _feed_for(request.user)
    feed.token = new_calendar_token()
    feed.save(update_fields=["token", "created_at"])
    messages.success(request, _("Du har fået nye kalenderadresser. De gamle virker ikke længere."))
    return redirect("netvaerk:calendar")


def _user_for_token(token):
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user__person"), token=token, user__is_active=True
    )
    return feed.user


def _plans(networks):
    steps = Prefetch("steps", queryset=PlanStep.objects.select_related("phase"))
    return (
        NetworkPlan.objects.filter(network__in=networks)
        .select_related("network")
        .prefetch_related(steps)
    )


def _desk_event(period, host, stamp):
    """One all-day event for a period at the secretariat. The UID is made from what the
    period is, so it stays the same when the agreement is agreed again unchanged."""
    network = period.network
    event = Event()
    event.add(
        "uid",
        f"desk-{network.pk}-{period.person_id}-{period.starts_on:%Y%m%d}-"
        f"{period.ends_on:%Y%m%d}@{host}",
    )
    event.add("dtstamp", stamp)
    event.add("dtstart", period.starts_on)
    event.add("dtend", period.ends_on + timedelta(days=1))
    event.add("summary", f"{_('I sekretariatet')} – {network.name}")
    event.add(
        "description",
        _("Periode i Sekretariat for Netværksstrukturen, som aftalt med personalelederen."),
    )
    event.add("url", settings.SITE_URL + reverse("netvaerk:network-detail", args=[network.slug]))
    event.add("transp", "TRANSPARENT")
    return event


def _calendar(name, plans, desk_periods=()):
    cal = Calendar()
    cal.add("prodid", "-//Netværksportalen//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    host = urlsplit(settings.SITE_URL).hostname or "netvaerk"
    for plan in plans:
        network = plan.network
        url = settings.SITE_URL + reverse("netvaerk:plan", args=[network.slug])
        for s in planning.schedule(plan.starts_on, plan.steps.all()):
            event = Event()
            event.add("uid", f"planstep-{s.step.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", s.starts_on)
            event.add("dtend", s.ends_on + timedelta(days=1))
            summary = f"{network.name}: {s.step.title}"
            if s.is_test:
                summary = f"{network.name} – {_('Testfase')}: {s.step.title}"
            elif s.is_break:
                summary = f"{network.name} – {_('Pause')}: {s.step.title}"
            event.add("summary", summary)
            description = s.step.content
            if s.step.phase:
                description = f"{_('Fase')} {s.step.phase}. {description}"
            event.add("description", description)
            event.add("url", url)
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    for period in desk_periods:
        if bounds.in_range(period.starts_on) and bounds.in_range(period.ends_on):
            cal.add_component(_desk_event(period, host, stamp))
    return cal


def _ics_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
def calendar_mine(request, token):
    user = _user_for_token(token)
    networks = Network.objects.filter(roles__person__user=user, roles__ends_on__isnull=True)
    desk = DeskPeriod.objects.filter(person__user=user, network__in=networks).select_related(
        "network"
    )
    desk = list(desk)
    # The feed is about its owner: which networks they are in, and when they sit at the desks.
    own = [user.person.pk] if hasattr(user, "person") else []
    audit.record(user, "calendar_feed", about=own + [p.person_id for p in desk], object_id="mine")
    cal = _calendar(_("Mine netværk"), _plans(networks), desk)
    return _ics_response(cal, "mine-netvaerk.ics")


@login_not_required
def calendar_network(request, token, slug):
    user = _user_for_token(token)
    network = get_object_or_404(Network, slug=slug)
    plans = list(_plans([network]))
    desk = list(DeskPeriod.objects.filter(network=network).select_related("network"))
    if not plans and not desk:
        raise Http404
    audit.record(user, "calendar_feed", about={p.person_id for p in desk}, object_id=network.slug)
    return _ics_response(_calendar(network.name, plans, desk), f"{network.slug}.ics")

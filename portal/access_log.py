"""The access log for the secretariat, as the data-protection contact: who has read what
about whom (core/audit.py writes it). Filter by who looked, by whom it concerns (a name
search, or `?om=<person id>` from a person's page) and by date; 25 a page, newest first.

Reading the log is itself a read of personal data, so it is logged too ("access_log").
"""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, bounds
from core import search as text_search
from core.models import AccessEvent
from core.permissions import is_secretariat
from netvaerk.extensions import Action
from roles.models import Person

PAGE_SIZE = 25


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AccessLogFilterForm(forms.Form):
    """A GET form: the filter lives in the address."""

    hvem = forms.CharField(
        label=gettext_lazy("Hvem kiggede (navn eller brugernavn)"), required=False, max_length=100
    )
    person = forms.CharField(
        label=gettext_lazy("Hvem det handler om (navn)"), required=False, max_length=100
    )
    om = bounds.BoundedIntegerField(
        required=False, min_value=1, max_value=bounds.LARGEST_ID, widget=forms.HiddenInput
    )
    fra = bounds.BoundedDateField(
        label=gettext_lazy("Fra og med"), required=False, widget=DateInput()
    )
    til = bounds.BoundedDateField(
        label=gettext_lazy("Til og med"), required=False, widget=DateInput()
    )

    def filter(self, events):
        if not self.is_bound:
            return events
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if text_search.query_words(data["hvem"]):
            # Everyone who has no person (an administrator) by username.
            lookers = Person.objects.search(data["hvem"]).values("user_id")
            events = events.filter(
                Q(user_id__in=lookers) | Q(user__username__iexact=data["hvem"].strip())
            )
        if text_search.query_words(data["person"]):
            events = events.filter(about__in=Person.objects.search(data["person"]).values("pk"))
        if data["om"]:
            events = events.filter(about=data["om"])
        tz = timezone.get_current_timezone()
        if data["fra"]:
            events = events.filter(at__gte=datetime.combine(data["fra"], time.min, tzinfo=tz))
        if data["til"]:
            end = data["til"] + timedelta(days=1)
            events = events.filter(at__lt=datetime.combine(end, time.min, tzinfo=tz))
        return events


def _names(person_ids):
    people = Person.objects.filter(pk__in=person_ids).select_related("user")
    return {p.pk: p for p in people}


def access_log(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None)
    om = form.cleaned_data.get("om") if form.is_valid() else None
    audit.record(
        request,
        "access_log",
        about=[om] if om else (),
        detail=audit.criterion(request.GET, "hvem", "person", "om", "fra", "til", "side"),
    )
    events = form.filter(AccessEvent.objects.select_related("user__person")).order_by("-at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("side"))
    people = _names({e.about for e in page.object_list if e.about} | ({om} if om else set()))
    rows = []
    for e in page.object_list:
        looker = getattr(e.user, "person", None) if e.user_id else None
        rows.append(
            {
                "event": e,
                "who": (looker.name if looker else e.user.get_username()) if e.user else None,
                "who_url": looker.get_absolute_url() if looker else None,
                "what": audit.label(e.what),
                "about": people.get(e.about),
                "about_id": e.about,
            }
        )
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "portal/access_log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "om": people.get(om) if om else None,
            "om_id": om,
        },
    )


def person_page_actions(user, person):
    """On a person's page, for the secretariat: the log of who has read about them."""
    if not is_secretariat(user):
        return []
    return [
        Action(
            _("Hvem har set oplysninger om %(person)s?") % {"person": person.name},
            reverse("access-log") + f"?om={person.pk}",
        )
    ]

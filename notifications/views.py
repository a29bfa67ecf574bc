"""The person's notification list and choices, and the secretariat's list of e-mails that
could not be delivered."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from roles.access import person_for_user

from . import kinds, services
from .forms import PreferenceForm
from .models import Notification, Preference

PER_PAGE = 25


class Entry:
    """A notification as the list shows it."""

    def __init__(self, notification):
        self.notification = notification
        self.pk = notification.pk
        self.title = kinds.title(notification.kind)
        self.headline = kinds.headline(notification.kind, notification.params)
        self.rule = kinds.rule(notification.kind, notification.params)
        self.created_at = notification.created_at
        self.unread = notification.read_at is None
        self.has_link = bool(notification.url)


def _person_or_404(request):
    person = person_for_user(request.user)
    if person is None:
        raise Http404
    return person


def notification_list(request):
    person = person_for_user(request.user)
    queryset = services.for_person(person) if person else Notification.objects.none()
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "entries": [Entry(n) for n in page.object_list],
            "has_person": person is not None,
            "unread": services.unread_count(person) if person else 0,
        },
    )


def notification_open(request, pk):
    """Open a notification: it is read, and the reader goes straight to the thing."""
    person = _person_or_404(request)
    notification = get_object_or_404(Notification, pk=pk, recipient=person)
    services.mark_read(notification)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request):
    person = _person_or_404(request)
    count = services.mark_all_read(person)
    if count:
        messages.success(request, _("Alle notifikationer er markeret som læst."))
    return redirect("notifications:list")


def preference_edit(request):
    person = _person_or_404(request)
    preference = Preference.objects.filter(person=person).first() or Preference(
        person=person, language=request.LANGUAGE_CODE
    )
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST":
        if form.is_valid():
            chosen = form.save()
            with translation.override(chosen.language):
                messages.success(request, _("Dine indstillinger er gemt."))
            response = redirect("notifications:preferences")
            # The portal's pages follow the language chosen for the e-mails.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
            return response
        messages.error(request, _("Noget skal rettes, før indstillingerne kan gemmes."))
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def set_language(request):
    """Django's language switch, which also stores the choice for the user's e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language")
    person = person_for_user(request.user) if request.method == "POST" else None
    if person is not None and language in dict(PreferenceForm.base_fields["language"].choices):
        Preference.objects.update_or_create(person=person, defaults={"language": language})
    return response

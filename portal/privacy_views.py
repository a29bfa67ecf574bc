"""Right of access (the person's record as JSON and PDF), the privacy notice and the
secretariat's anonymisation page. Access: portal/privacy.py."""

import datetime
import json
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import audit
from core.pdf import pdf_response
from core.permissions import is_secretariat
from leadernets.models import GAINS
from netvaerk.extensions import Action
from roles.models import Organisation, Person

from . import privacy, retention
from .anonymise import anonymise_person

# What codes of the access log that this module writes (core/audit.py labels the others).
WHAT_LABELS = {
    "person_record": gettext_lazy("Indsigt: personens data hentet"),
    "anonymise": gettext_lazy("Anonymisering"),
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _readable(value):
    """The record for the PDF: ISO dates and times as Danish readers write them."""
    if isinstance(value, dict):
        return {k: _readable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_readable(v) for v in value]
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date_format(datetime.date.fromisoformat(value), "j. F Y")
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        moment = datetime.datetime.fromisoformat(value)
        return date_format(moment, "j. F Y H:i")
    return value


def _what(code):
    label = audit.label(code)
    return WHAT_LABELS.get(code, label) if label == code else label


def _record(request, pk, fmt):
    person = privacy.get_person_for_record(request.user, pk)
    for_secretariat = person.user_id != request.user.pk and is_secretariat(request.user)
    audit.record(
        request, "person_record", about=[person], object_id=person.pk, detail=f"format={fmt}"
    )
    return person, privacy.person_record(person, for_secretariat=for_secretariat)


def person_record_json(request, pk):
    """Everything the portal holds about a person, as JSON: the person and the secretariat."""
    person, record = _record(request, pk, "json")
    body = json.dumps(record, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indsigt-{person.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


def person_record_pdf(request, pk):
    """The same record as a readable, tagged PDF."""
    person, record = _record(request, pk, "pdf")
    html = render_to_string(
        "portal/person_record_pdf.html",
        {
            "lang": get_language() or "da",
            "pdf_title": _("Indsigt: oplysninger om %(name)s") % {"name": person.name},
            "pdf_author": settings.MUNICIPALITY_NAME,
            "pdf_subject": _("Alt, hvad Netværksportalen har registreret om en person"),
            "organisation": Organisation.current(),
            "person": person,
            "r": _readable(record),
            "for_secretariat": record["about"]["for"] == "secretariat",
            "generated_at": timezone.localtime(),
            "what_labels": {e["what"]: _what(e["what"]) for e in record["access_log"]},
            "gain_labels": list(GAINS.values()),
        },
    )
    return pdf_response(request, html, filename=f"indsigt-{person.pk}.pdf", variant="person-record")


@login_not_required
def privacy_notice(request):
    """What the portal holds, why, for how long and how to ask for it. Open to everyone: it
    is linked from every page's footer, the login page's too."""
    own = None
    if request.user.is_authenticated:
        own = Person.objects.filter(user=request.user).first()
    return render(
        request,
        "portal/privacy.html",
        {"periods": retention.periods(), "own": own},
    )


@require_http_methods(["GET", "POST"])
def person_anonymise(request, pk):
    """The secretariat's confirmation page; a POST anonymises the person everywhere."""
    if not privacy.can_anonymise(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person.objects.with_related(), pk=pk)
    if request.method == "POST" and person.anonymised_at is None:
        if request.POST.get("confirm") == "ja":
            name = person.name
            anonymise_person(person, by=request.user)
            messages.success(
                request, _("%(name)s er anonymiseret overalt i portalen.") % {"name": name}
            )
            return redirect(person.get_absolute_url())
        messages.error(request, _("Sæt flueben for at bekræfte anonymiseringen."))
    return render(
        request,
        "portal/person_anonymise.html",
        {
            "person": person,
            "active_roles": person.network_roles.active().select_related("network"),
            "periods": retention.periods(),
        },
    )


def person_page_actions(user, person):
    """The person's page: their own data for themself; for the secretariat, the data of any
    person and (until done) the anonymisation."""
    if not privacy.can_see_record(user, person):
        return []
    mine = person.user_id == user.pk
    actions = [
        Action(
            _("Hent mine data (JSON)") if mine else _("Hent personens data (JSON)"),
            reverse("person-record-json", args=[person.pk]),
        ),
        Action(
            _("Hent mine data (PDF)") if mine else _("Hent personens data (PDF)"),
            reverse("person-record-pdf", args=[person.pk]),
        ),
    ]
    if privacy.can_anonymise(user) and not mine and person.anonymised_at is None:
        actions.append(Action(_("Anonymisér"), reverse("person-anonymise", args=[person.pk])))
    return actions

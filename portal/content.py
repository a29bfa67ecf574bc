"""The secretariat's content: every text networks and counterparts receive, in one list.

Agreement templates and reflection tools, process descriptions, and role descriptions with
their pamphlet texts. Each row says which version is live, whether the draft has changes that
are not published, and how many of the live texts have no English yet, and links to the
content type's own editor (agreements, netvaerk and roles each keep theirs). Secretariat only.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements import templating
from agreements.models import Template
from core import content
from core.permissions import is_secretariat
from netvaerk import processes
from netvaerk.models import ProcessTemplate
from roles import versions as role_versions
from roles.models import RoleDescription


@dataclass
class Row:
    name: str
    kind: str
    url: str
    version: object  # the live ContentVersion, or None
    changed: bool

    @property
    def missing(self):
        return len(self.version.missing_english()) if self.version else 0


def _templates():
    for template in Template.objects.order_by("kind", "position"):
        yield Row(
            content.translated(template, "title"),
            template.get_kind_display(),
            reverse("agreements:content-template", args=[template.key]),
            templating.latest_version(template),
            templating.is_draft_changed(template),
        )


def _processes():
    for template in ProcessTemplate.objects.order_by("network_type"):
        yield Row(
            content.translated(template, "name"),
            template.get_network_type_display(),
            reverse("netvaerk:content-process", args=[template.network_type]),
            content.latest(template),
            processes.is_draft_changed(template),
        )


def _roles():
    for role in RoleDescription.objects.order_by("position"):
        yield Row(
            content.translated(role, "name"),
            "",
            reverse("roles:content-role", args=[role.slug]),
            content.latest(role),
            role_versions.is_draft_changed(role),
        )


GROUPS = (
    (
        _("Samarbejdsaftaler og refleksionsværktøjer"),
        _("Trin, spørgsmål og vejledning, som netværkslederen udfylder."),
        "agreements:content-templates",
        _templates,
    ),
    (
        _("Forløbsbeskrivelser"),
        _("Trin, uger og timer, som nye netværks planer laves ud fra."),
        "netvaerk:content-processes",
        _processes,
    ),
    (
        _("Rollebeskrivelser og pjecetekster"),
        _("Rollesiderne og pjecerne til personaleleder, referenceleder og co-driver."),
        "roles:content-roles",
        _roles,
    ),
)


def content_overview(request):
    if not is_secretariat(request.user):
        raise PermissionDenied
    groups = [
        {"title": title, "lead": lead, "list_url": reverse(name), "rows": list(rows())}
        for title, lead, name, rows in GROUPS
    ]
    return render(
        request,
        "portal/content.html",
        {
            "groups": groups,
            "changed": sum(r.changed for g in groups for r in g["rows"]),
            "missing": sum(r.missing for g in groups for r in g["rows"]),
        },
    )

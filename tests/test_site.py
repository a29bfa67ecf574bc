"""Site-wide guards over every page of the matrix."""

import re

import pytest
from django.urls import reverse

from .pages import page_data, page_url
from .test_permission_matrix import MATRIX

PAGES = sorted(
    name
    for name, (method, statuses) in MATRIX.items()
    if method == "get"
    and not name.startswith("admin:")
    and not name.endswith("pdf")
    and not name.endswith("export")  # spreadsheets, tested in their own files
    and name != "person-record-json"  # JSON, tested in test_privacy.py
    and name != "roles:person-search"  # JSON, tested in roles/test_person_picker.py
    and name != "health"  # plain text for load balancers, tested in core/test_health.py
    and not name.startswith("netvaerk:calendar-")
    and name != "notifications:open"  # leads on to the notification's page
    and name not in ("oidc:authenticate", "oidc:callback")  # redirects to and from the provider
)
# The kinds of objects these pages are opened with (tests/pages.py): no notification is made.
PAGE_KINDS = ("agreements", "proposals", "competences")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_exactly_one_h1_and_a_danish_title(name, network, org, login, plan, start):
    persona = {
        "login": "anon",
        "netvaerk:time-log": "leader",
        "agreements:step": "leader",
        "agreements:review": "leader",
        "agreements:meeting": "leader",
        "proposals:edit": "participant",
        "proposals:withdraw": "participant",
        "competences:create": "leader",
        "competences:detail": "leader",
        "competences:share": "leader",
        "competences:leader-rating": "personnel",
        "leadernets:evaluate": "personnel",
        "leadernets:note-create": "personnel",
        "leadernets:note-edit": "personnel",
    }.get(name, "secretariat")
    client = login(persona, org)
    response = client.get(page_url(name, page_data(network, org, plan, start, kinds=PAGE_KINDS)))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert re.search(r"<title>[^<]+ – Netværksportalen</title>", html)
    assert '<html lang="da">' in html


ADMIN_PAGES = [
    "admin:roles_department_changelist",
    "admin:roles_person_changelist",
    "admin:roles_roledescription_changelist",
    "admin:roles_competence_changelist",
    "admin:roles_codriverprofile_changelist",
    "admin:netvaerk_network_changelist",
    "admin:netvaerk_networkrole_changelist",
    "admin:netvaerk_phase_changelist",
    "admin:auth_user_changelist",
    "admin:netvaerk_network_add",
    "admin:roles_department_add",
    "admin:roles_organisation_changelist",
    "admin:agreements_pamphlethandout_changelist",
    "admin:netvaerk_processtemplate_changelist",
    "admin:netvaerk_networkplan_changelist",
    "admin:netvaerk_phasechange_changelist",
    "admin:netvaerk_timeentry_changelist",
    "admin:agreements_template_changelist",
    "admin:agreements_section_changelist",
    "admin:agreements_agreement_changelist",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_secretariat_can_use_every_admin_page(name, network, org, login):
    response = login("secretariat", org).get(reverse(name))
    assert response.status_code == 200


def test_the_admin_edits_a_network_with_its_roles_inline(network, org, login):
    client = login("secretariat", org)
    response = client.get(reverse("admin:netvaerk_network_change", args=[network.pk]))
    assert response.status_code == 200
    assert "Signe Lauridsen" in response.content.decode()


def test_the_admin_filters_networks_by_type_status_and_phase(network, org, login):
    client = login("secretariat", org)
    response = client.get(reverse("admin:netvaerk_network_changelist"), {"type__exact": "velfaerd"})
    assert response.status_code == 200
    assert "Fællesskaber mod ensomhed" in response.content.decode()

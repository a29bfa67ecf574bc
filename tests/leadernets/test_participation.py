"""The secretariat's view of who takes part in leader networks, by level and department."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from netvaerk.models import NetworkRole

from ..factories import DepartmentFactory, NetworkRoleFactory, PersonFactory


@pytest.mark.django_db
def test_participation_counts_managers_by_level(leadernet, org, login):
    # A second manager at level 3, in no leader network.
    DepartmentFactory(manager_level=3, parent=org["departments"]["sundhed"], manager=org["leader"])
    with translation.override("da"):
        response = login("secretariat", org).get(reverse("leadernets:participation"))
    levels = {row["level"]: row for row in response.context["levels"]}
    # The reference persona leads level 2, the personnel persona level 3; the director
    # (level 1) takes part in none.
    assert (levels[1]["managers"], levels[1]["members"]) == (1, 0)
    assert (levels[2]["members"], levels[2]["share"], levels[2]["networks"]) == (1, 100, 1)
    assert (levels[3]["managers"], levels[3]["members"], levels[3]["share"]) == (2, 1, 50)
    assert levels[5] == {"level": 5, "managers": 0, "members": 0, "share": None, "networks": 0}
    html = response.content.decode()
    assert "Ikke med i et ledernetværk" in html  # the director's department
    assert leadernet["leader_network"].name in html


@pytest.mark.django_db
def test_participation_is_the_secretariats(org, login):
    assert login("personnel", org).get(reverse("leadernets:participation")).status_code == 403


def _grow(org, network, n):
    for _ in range(n):
        manager = PersonFactory()
        DepartmentFactory(manager_level=4, parent=org["departments"]["aeldre"], manager=manager)
        NetworkRoleFactory(network=network, person=manager, role=NetworkRole.Role.PARTICIPANT)


@pytest.mark.django_db
def test_participation_pins_its_queries_however_many_departments(leadernet, org, login):
    client = login("secretariat", org)
    url = reverse("leadernets:participation")
    client.get(url)  # sessions, the user's groups
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(org, leadernet["leader_network"], 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert len(response.context["rows"]) == 15
    _grow(org, leadernet["leader_network"], 20)
    with CaptureQueriesContext(connection) as paged:
        response = client.get(url, {"side": 2})
    assert len(paged) == len(few)
    assert len(response.context["rows"]) == 35 - 25

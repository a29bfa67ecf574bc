"""Private by default; shared with the personnel leader, who then reads it (logged), may
rate beside it and print it. Everyone else gets a 404."""

import pytest

from competences import services
from competences.access import can_read_assessment
from core.models import AccessEvent
from roles.models import Competence

from ..pdftools import pdftext
from .conftest import day


@pytest.fixture
def two(org, assess):
    """The leader's first assessment (kept private) and a later one."""
    first = assess(org["leader"], day(2026, 3, 2), level=2, notes={1: "Privat note fra marts"})
    later = assess(org["leader"], day(2026, 10, 1), level=4, notes={1: "Note fra oktober"})
    return first, later


def test_an_assessment_is_private_until_shared(org, network, login, two):
    first, later = two
    for persona in ("personnel", "secretariat", "codriver", "reference", "outsider"):
        assert login(persona, org).get(f"/kompetencer/{later.pk}/").status_code == 404, persona
        assert (
            login(persona, org).get(f"/kompetencer/{later.pk}/kompetencer.pdf").status_code == 404
        )
    assert login("leader", org).get(f"/kompetencer/{later.pk}/").status_code == 200


def test_the_personnel_leader_sees_a_shared_assessment_with_the_change_but_not_old_notes(
    org, network, login, two
):
    first, later = two
    response = login("leader", org).post(f"/kompetencer/{later.pk}/del/", {"action": "share"})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.shared_with == org["personnel"] and later.shared_at is not None
    client = login("personnel", org)
    html = client.get(f"/kompetencer/{later.pk}/").content.decode()
    assert "Note fra oktober" in html and "+2 siden marts" in html
    assert "Privat note fra marts" not in html
    assert client.get(f"/kompetencer/{first.pk}/").status_code == 404  # not shared itself
    # The read is logged, about the leader; the leader's own reads are not.
    (event,) = AccessEvent.objects.filter(what="competences")
    assert event.about == org["leader"].pk and event.user == org["personnel"].user
    staff = client.get("/kompetencer/medarbejdere/").content.decode()
    assert "Signe Lauridsen" in staff and f"/kompetencer/{later.pk}/" in staff


def test_a_personnel_leader_who_is_no_longer_the_leader_loses_access(org, network, two):
    _first, later = two
    services.assessment_share(assessment=later)
    assert can_read_assessment(org["personnel"].user, later)
    org["leader"].manager = org["reference"]
    org["leader"].save()
    later.refresh_from_db()
    assert not can_read_assessment(org["personnel"].user, later)
    assert not can_read_assessment(org["reference"].user, later)  # shared with someone else


def test_the_personnel_leader_rates_beside_it_and_the_two_are_side_by_side(
    org, network, login, two
):
    _first, later = two
    services.assessment_share(assessment=later)
    client = login("personnel", org)
    data = {}
    for c in Competence.objects.all():
        data[f"level_{c.pk}"] = "3"
        data[f"note_{c.pk}"] = ""
    first_c = Competence.objects.get(position=1)
    bad = data | {f"level_{first_c.pk}": "9", f"note_{first_c.pk}": "Min note som leder"}
    html = client.post(f"/kompetencer/{later.pk}/personaleleder/", bad).content.decode()
    assert "Vælg et niveau fra 1 til 5" in html and "Min note som leder" in html
    response = client.post(
        f"/kompetencer/{later.pk}/personaleleder/", data | {f"note_{first_c.pk}": "Enig"}
    )
    assert response.status_code == 302
    html = client.get(f"/kompetencer/{later.pk}/").content.decode()
    assert "Side om side" in html and "Personalelederens vurdering" in html and "Enig" in html
    # Only the leader rates; only the author shares.
    assert login("leader", org).get(f"/kompetencer/{later.pk}/personaleleder/").status_code == 403
    assert login("personnel", org).post(f"/kompetencer/{later.pk}/del/").status_code == 403


def test_the_author_can_stop_sharing(org, network, login, two):
    _first, later = two
    services.assessment_share(assessment=later)
    login("leader", org).post(f"/kompetencer/{later.pk}/del/", {"action": "stop"})
    later.refresh_from_db()
    assert not later.is_shared
    assert login("personnel", org).get(f"/kompetencer/{later.pk}/").status_code == 404


def test_the_pdf_holds_the_chart_and_the_table(org, network, login, two):
    _first, later = two
    services.assessment_share(assessment=later)
    response = login("personnel", org).get(f"/kompetencer/{later.pk}/kompetencer.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdftext(response.content)
    assert "Netværkslederkompetencer" in text and "Signe Lauridsen" in text
    assert "+2 siden marts" in text and "Tænker andre ind" in text
    assert AccessEvent.objects.filter(what="competences_pdf", about=org["leader"].pk).exists()

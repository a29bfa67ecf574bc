"""The accessibility statement (tilgængelighedserklæringen): open to everyone, after
Digitaliseringsstyrelsen's model, with the secretariat as the contact."""

import pytest
from django.urls import reverse

from roles.models import Organisation

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_statement_with_its_parts_and_the_complaint_route(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in [
        "Overensstemmelsesstatus",
        "Indhold, der ikke er tilgængeligt",
        "Udarbejdelse af denne tilgængelighedserklæring",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
    ]:
        assert heading in html
    assert "WCAG" in html and "EN 301 549" in html
    assert '<a href="https://www.was.digst.dk">' in html
    assert "http://testserver/" in html


def test_the_contact_is_the_secretariat_s_e_mail_when_it_is_set(client):
    Organisation.objects.create(
        pk=1,
        municipality="Albertslund Kommune",
        secretariat_name="Sekretariat for Netværksstrukturen",
        address="Nordmarks Allé 1",
        postcode_city="2620 Albertslund",
        email="netvaerk@example.dk",
    )
    html = client.get(reverse("accessibility")).content.decode()
    assert '<a href="mailto:netvaerk@example.dk">netvaerk@example.dk</a>' in html
    assert "hovedpostkasse" not in html


def test_without_an_e_mail_the_municipality_is_the_way_in(client):
    html = client.get(reverse("accessibility")).content.decode()
    assert "mailto:" not in html
    assert "hovedpostkasse" in html


def test_every_page_s_footer_links_to_it(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("accessibility")}"' in html

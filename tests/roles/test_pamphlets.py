import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from roles.models import Organisation, RoleDescription
from roles.versions import publish

from ..pdftools import pdfinfo, pdftext


def _get(client, slug, fmt="a4"):
    return client.get(reverse("roles:pamphlet-pdf", args=[slug, fmt]))


def test_the_pamphlet_page_offers_four_pamphlets_in_two_formats(org, login):
    html = login("participant", org).get(reverse("roles:pamphlet-list")).content.decode()
    for slug in ["netvaerksleder", "co-driver", "referenceleder", "personaleleder"]:
        assert reverse("roles:pamphlet-pdf", args=[slug, "a4"]) in html
        assert reverse("roles:pamphlet-pdf", args=[slug, "a5-haefte"]) in html
    assert "sekretariatet/a4.pdf" not in html


def test_the_reference_leader_pamphlet_holds_the_role_its_tasks_and_the_contact(
    org, login, tmp_path
):
    response = _get(login("participant", org), "referenceleder")
    assert response["Content-Type"] == "application/pdf"
    text = pdftext(response.content)
    role = RoleDescription.objects.get(key="reference_leader")
    assert "Rollen som referenceleder" in text
    assert "Roller i den netværksbaserede organisation" in text
    assert "Samtalen med netværkslederen" in text
    for item in role.responsibilities.all():
        assert item.text.split()[0] in text
    assert "Nordmarks Allé 1" in text and "2620 Albertslund" in text
    assert "Side 2 af" in text
    info = pdfinfo(response.content, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Rollen som referenceleder"
    assert "A4" in info["Page size"]


def test_the_network_leader_pamphlet_lists_the_ten_competences(org, login):
    text = pdftext(_get(login("participant", org), "netvaerksleder").content)
    assert "Netværkslederens kompetencer" in text
    assert " 10." in text


def test_the_a5_booklet_is_landscape_a4_sheets_in_booklet_order(org, login):
    a4 = _get(login("participant", org), "co-driver", "a5-haefte")
    reader = PdfReader(io.BytesIO(a4.content))
    assert len(reader.pages) % 2 == 0
    first = reader.pages[0]
    assert round(float(first.mediabox.width)) == 842 and round(float(first.mediabox.height)) == 595
    # The first sheet carries the back cover (contact) on the left, the cover on the right.
    text = first.extract_text()
    assert text.index("Kontakt os") < text.index("Rollen som co-driver")


def test_a_repeat_download_comes_from_the_cache_until_the_text_changes(org, login):
    client = login("participant", org)
    assert _get(client, "personaleleder")["X-PDF-Cache"] == "miss"
    assert _get(client, "personaleleder")["X-PDF-Cache"] == "hit"
    role = RoleDescription.objects.get(key="personnel_leader")
    role.summary = "En ny kort beskrivelse fra sekretariatet."
    role.save()
    # The draft is not live: the published pamphlet is the same until the text is published.
    assert _get(client, "personaleleder")["X-PDF-Cache"] == "hit"
    publish(role)
    response = _get(client, "personaleleder")
    assert response["X-PDF-Cache"] == "miss"
    assert "En ny kort beskrivelse fra sekretariatet." in pdftext(response.content)


def test_text_typed_by_the_secretariat_comes_out_as_literal_text(org, login):
    role = RoleDescription.objects.get(key="co_driver")
    role.introduction = '<b>fed?</b> <img src="file:///etc/passwd"> 5 < 7 & "citat"'
    role.save()
    publish(role)
    text = pdftext(_get(login("participant", org), "co-driver").content)
    assert '<b>fed?</b> <img src="file:///etc/passwd"> 5 < 7 & "citat"' in " ".join(text.split())


def test_the_secretariat_contact_comes_from_the_organisation(org, login):
    organisation = Organisation.current()
    organisation.phone = "12 34 56 78"
    organisation.save()
    assert "12 34 56 78" in pdftext(_get(login("participant", org), "co-driver").content)


@pytest.mark.parametrize(("slug", "fmt"), [("sekretariatet", "a4"), ("co-driver", "a3")])
def test_unknown_pamphlets_and_formats_are_404(org, login, slug, fmt):
    assert _get(login("participant", org), slug, fmt).status_code == 404


def test_a_50000_character_text_renders_within_the_limit_or_says_why(org, login, settings):
    role = RoleDescription.objects.get(key="co_driver")
    role.introduction = ("Netværket arbejder på tværs af afdelinger. " * 1200)[:50000]
    role.save()
    publish(role)
    client = login("participant", org)
    response = _get(client, "co-driver")
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) > 10
    settings.PDF_RENDER_TIMEOUT = 0.05
    role.summary = "Ændret, så cachen ikke svarer."
    role.save()
    publish(role)
    refused = _get(client, "co-driver")
    assert refused.status_code == 503
    assert "kunne ikke laves inden for 0,05 sekunder" in refused.content.decode()


@pytest.mark.parametrize("fmt", ["a4", "a5-haefte"])
def test_the_cover_is_the_first_page_in_both_formats(org, login, fmt):
    """The cover must fit its page, or the pamphlet starts with an empty page."""
    from core.pdf import render_pdf
    from roles import pamphlets

    role = RoleDescription.objects.get(key="co_driver")
    personal = pamphlets.Personalisation(
        recipient_name="Kasper Juhl",
        network_name="Et netværk med et ret langt navn om ensomhed blandt ældre borgere",
        network_theme="Et tema, der fylder et par linjer på forsiden af pjecen i A5",
        network_challenge="Udfordringen.",
        leader_name="Signe Lauridsen",
    )
    pdf = render_pdf(pamphlets.pamphlet_html(role, fmt=fmt, personal=personal))
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Rollen som co-driver" in first and "Kasper Juhl" in first

"""The agreement PDFs: "til mødet" and the agreed edition, reflections too."""

import datetime
import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services
from core.pdf import clear_pdf_cache

from ..pdftools import attachments, pdfinfo, pdftext

pytestmark = pytest.mark.django_db

PERSONNEL = "aftale-personaleleder"


def _pdf(client, agreement, edition="til-moedet"):
    return client.get(reverse("agreements:pdf", args=[agreement.pk, edition]))


def _text(response):
    return " ".join(pdftext(response.content).split())


def _ready(agreement):
    agreement.refresh_from_db()
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.make_aware(datetime.datetime(2030, 1, 15, 10, 0)),
        meeting_place="Rådhuset, mødelokale 2",
        lock_version=agreement.lock_version,
    )


def _agree(agreement, org, counterpart):
    _ready(agreement)
    for party, person in [("counterpart", org[counterpart]), ("leader", org["leader"])]:
        agreement.refresh_from_db()
        services.agreement_confirm(
            agreement=agreement, party=party, person=person, lock_version=agreement.lock_version
        )


def test_the_meeting_edition_has_parties_meeting_answers_and_the_hours_table(
    network, org, login, start, plan, tmp_path
):
    agreement = start(network, PERSONNEL, org["leader"])
    agreement.answers["opgaver-i-basis"] = "Ældreplejens vagtplan overgår til Åse på fredage"
    agreement.answers["sekretariatsperioder"] = [
        {"start": "2027-03-01", "end": "2027-03-12", "note": "Opstart"}
    ]
    agreement.save()
    _ready(agreement)
    response = _pdf(login("leader", org), agreement)
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    for expected in [
        "Fællesskaber mod ensomhed",
        "Signe Lauridsen",
        "Jens Overgaard",
        "15. januar 2030",
        "Rådhuset, mødelokale 2",
        "Ældreplejens vagtplan overgår til Åse på fredage",
        "1. marts 2027 – 12. marts 2027: Opstart",
        "Timer pr. uge",
        "Noter fra mødet",
        "Til mødet – version 1",
        "Side 1 af",
    ]:
        assert expected in text, expected
    info = pdfinfo(response.content, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == agreement.title
    assert info["Author"] == "Signe Lauridsen"


def test_the_agreed_edition_shows_who_confirmed_which_version_when(network, org, login, start):
    agreement = start(network, "aftale-co-driver", org["leader"])
    client = login("codriver", org)
    assert _pdf(client, agreement, "aftalt").status_code == 404  # nothing agreed yet
    _agree(agreement, org, "codriver")
    text = _text(_pdf(client, agreement, "aftalt"))
    assert "Aftalt version 1" in text
    assert "Bekræftelse" in text
    assert "Kasper Juhl" in text and "Signe Lauridsen" in text
    assert "Noter fra mødet" not in text


def test_a_reflection_prints_for_its_author(network, org, login, start):
    reflection = start(network, "refleksion-kompetencer", org["leader"])
    reflection.answers["styrker"] = ["Procesforståelse"]
    reflection.save()
    response = _pdf(login("leader", org), reflection)
    assert response.status_code == 200
    assert "Refleksion" in _text(response)
    assert _pdf(login("secretariat", org), reflection).status_code == 404


def test_hostile_answers_come_out_as_literal_text_and_fetch_nothing(
    network, org, login, start, tmp_path
):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    hostile = [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/hostname">',
        f"@import url(http://127.0.0.1:{port}/);",
    ]
    agreement = start(network, PERSONNEL, org["leader"])
    # Stored directly: the form refuses markup, and the PDF must be safe regardless.
    agreement.answers["opgaver-i-basis"] = " ".join(hostile)
    agreement.answers["sekretariatsperioder"] = [
        {"start": "2027-03-01", "end": "2027-03-12", "note": hostile[1]}
    ]
    agreement.save()
    response = _pdf(login("leader", org), agreement)
    text = _text(response)
    for h in hostile:
        assert h in text
    assert "root:" not in text
    assert "0 embedded files" in attachments(response.content, tmp_path)
    with pytest.raises(TimeoutError):
        server.accept()
    server.close()


def test_a_50000_character_answer_renders_or_fails_with_a_danish_message(
    network, org, login, start, settings
):
    agreement = start(network, PERSONNEL, org["leader"])
    agreement.answers["opgaver-i-basis"] = ("Lang tekst om tidsbalancen. " * 2000)[:50_000]
    agreement.save()
    response = _pdf(login("leader", org), agreement)
    if response.status_code == 200:
        assert "Lang tekst om tidsbalancen" in _text(response)
    else:
        assert response.status_code == 503
        assert "PDF'en kunne ikke laves" in response.content.decode()
    settings.PDF_RENDER_TIMEOUT = 0.01
    clear_pdf_cache()
    refused = _pdf(login("leader", org), agreement)
    assert refused.status_code == 503
    assert "Kort teksten ned" in refused.content.decode()


def test_an_unchanged_agreement_is_served_from_the_cache(network, org, login, start, settings):
    agreement = start(network, PERSONNEL, org["leader"])
    client = login("leader", org)
    first = _pdf(client, agreement)
    settings.PDF_RENDER_TIMEOUT = 0.000001  # a render now would fail: the cache must answer
    assert _pdf(client, agreement).content == first.content
    agreement.answers["opgaver-i-basis"] = "Ændret"
    agreement.save()
    assert _pdf(client, agreement).status_code == 503  # changed: rendered again

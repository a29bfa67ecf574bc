"""The agreement page below its heading is cached per agreement and language
(core.generations): every change to what it shows is on the next view, however it is
written, and what each viewer may do stays their own."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from agreements import services, templating
from agreements.models import Section

from ..portal.test_home import CODRIVER, _agree, _confirm, _ready

pytestmark = pytest.mark.django_db


def _page(client, agreement):
    response = client.get(reverse("agreements:detail", args=[agreement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_agreement_page_follows_every_change_to_what_it_shows(network, org, login, start):
    agreement = start(network, CODRIVER, org["leader"])
    client = login("codriver", org)
    assert "Ingen kommentarer endnu." in _page(client, agreement)  # cached from here

    agreement.refresh_from_db()
    services.agreement_save_step(
        agreement=agreement,
        step=1,
        answers={"forventninger-til-co-driver": "At vi deler opgaverne ligeligt"},
        lock_version=agreement.lock_version,
    )
    assert "At vi deler opgaverne ligeligt" in _page(client, agreement)

    with connection.cursor() as cursor:  # answers written in plain SQL (an import, say)
        cursor.execute(
            "UPDATE agreements_agreement SET answers = %s WHERE id = %s",
            ['{"forventninger-til-co-driver": "Skrevet udenom"}', agreement.pk],
        )
    assert "Skrevet udenom" in _page(client, agreement)

    _ready(agreement)
    page = _page(client, agreement)
    assert "Bekræft aftalen (version 1)" in page  # the co-driver is a party
    _confirm(agreement, "counterpart")
    page = _page(client, agreement)
    assert "Bekræft aftalen" not in page and "Bekræftet" in page

    services.comment_add(agreement=agreement, author=org["codriver"], text="Godt møde i dag")
    assert "Godt møde i dag" in _page(client, agreement)

    user = org["codriver"].user
    user.last_name = "Juhl-Hansen"
    user.save()
    assert "Kasper Juhl-Hansen" in _page(client, agreement)

    _confirm(agreement, "leader")
    assert "Version 1, aftalt" in _page(client, agreement)

    section = Section.objects.filter(template=agreement.template).first()
    section.title = "En ny overskrift"
    section.save()
    templating.publish(agreement.template)
    assert "Sekretariatet har siden lavet version 2" in _page(client, agreement)


def test_what_a_viewer_may_do_is_their_own(network, org, login, start):
    """The secretariat reads the same cached parts as the parties, but gets no buttons and
    no comment form; the counterpart then gets theirs."""
    agreement = _ready(start(network, CODRIVER, org["leader"]))
    secretariat = _page(login("secretariat", org), agreement)
    assert "Bekræft aftalen" not in secretariat and "Gem kommentar" not in secretariat
    assert "Redigér" not in secretariat.split('id="parter"')[0].rsplit("<h1", 1)[1]
    codriver = _page(login("codriver", org), agreement)
    assert "Bekræft aftalen (version 1)" in codriver and "Gem kommentar" in codriver
    leader = _page(login("leader", org), agreement)
    assert "Bekræft aftalen (version 1)" in leader
    assert "Ret mødet eller send invitationen igen" in leader


def test_the_cached_parts_are_per_language(network, org, login, start):
    agreement = start(network, CODRIVER, org["leader"])
    client = login("leader", org)
    assert "Ingen kommentarer endnu." in _page(client, agreement)
    client.cookies["django_language"] = "en"
    try:
        english = _page(client, agreement)
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active
    assert "No comments yet." in english and "Not confirmed" in english
    assert "Ingen kommentarer endnu." not in english


def test_an_agreed_agreement_offers_the_agreed_pdf_from_the_cached_parts(
    network, org, login, start
):
    agreement = _agree(start(network, CODRIVER, org["leader"]), org)
    client = login("leader", org)
    for _ in range(2):  # computed, then cached
        page = _page(client, agreement)
        assert reverse("agreements:pdf", args=[agreement.pk, "aftalt"]) in page
        assert "Genåbn til revision" in page

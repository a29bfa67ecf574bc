"""Competences in the browser: a network leader rates the ten competences twice, sees the
radar and the change in words, and the page passes axe and fits a 320 px phone."""

import datetime

from django.utils import timezone, translation
from playwright.sync_api import expect

from competences import picture, services
from competences.models import Assessment
from roles.models import Competence


def test_a_leader_rates_the_competences_and_sees_the_change_on_the_radar(
    network, org, live_server, page, browser_login, check_a11y
):
    earlier = timezone.localdate() - datetime.timedelta(days=90)
    services.assessment_create(
        person=org["leader"],
        assessed_on=earlier,
        levels={c: (2, "") for c in Competence.objects.all()},
    )
    browser_login("signe")
    page.goto(f"{live_server.url}/kompetencer/")
    page.get_by_role("link", name="Ny vurdering").click()
    for competence in Competence.objects.all():
        group = page.get_by_role("group", name=f"{competence.position}. {competence.name}")
        group.get_by_label("4 – Sikker", exact=False).check()
    page.get_by_label("Note om »Mod til det ukendte« (valgfri)").fill("Første prøvehandling")
    check_a11y(page)
    page.get_by_role("button", name="Gem vurderingen").click()
    expect(page.get_by_text("Din vurdering er gemt.")).to_be_visible()
    assert Assessment.objects.filter(person=org["leader"]).count() == 2

    page.goto(f"{live_server.url}/kompetencer/")
    chart = page.get_by_role("img", name="Netværkslederkompetencer over tid: Signe Lauridsen")
    expect(chart).to_be_visible()
    expect(chart.locator(".radar-series")).to_have_count(2)
    with translation.override("da"):
        since = picture.since_words(earlier, latest=timezone.localdate())
    expect(page.get_by_role("cell", name=f"+2 siden {since}", exact=True).first).to_be_visible()
    check_a11y(page)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/kompetencer/")
    compact = page.get_by_role("img", name="Netværkslederkompetencer over tid: Signe Lauridsen")
    expect(compact).to_be_visible()  # the compact chart, with numbered axes
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_a11y(page)

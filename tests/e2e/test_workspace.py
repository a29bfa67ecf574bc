"""The secretariat's workspace in a real browser: filter, export, search, map; accessible on
a desktop and at 320 px."""

import io

import openpyxl
from playwright.sync_api import expect

from agreements import services
from agreements.models import Confirmation, Template
from netvaerk.models import NetworkRole

from ..factories import NetworkFactory, NetworkRoleFactory


def _agreed_reference_agreement(network, org):
    from django.utils import timezone

    agreement, _ = services.agreement_start(
        network=network,
        template=Template.objects.get(key="aftale-referenceleder"),
        leader=org["leader"],
    )
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.now() + timezone.timedelta(days=3),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )
    for party, person in [
        (Confirmation.Party.LEADER, org["leader"]),
        (Confirmation.Party.COUNTERPART, org["reference"]),
    ]:
        agreement.refresh_from_db()
        services.agreement_confirm(
            agreement=agreement, party=party, person=person, lock_version=agreement.lock_version
        )


def test_the_secretariat_filters_exports_and_finds_networks(
    network, org, templates, live_server, page, browser_login, check_a11y
):
    _agreed_reference_agreement(network, org)
    other = NetworkFactory(name="Ældre borgeres hverdag", slug="hverdag")
    NetworkRoleFactory(network=other, person=org["participant"], role=NetworkRole.Role.LEADER)
    browser_login("rikke")
    page.get_by_role("link", name="Overblik", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sekretariatets overblik")
    check_a11y(page)

    page.get_by_label("Samtale").select_option("rl")
    page.get_by_label("Aftalens status").select_option("not_agreed")
    page.get_by_role("button", name="Vis netværk").click()
    expect(page.locator("p[role=status]")).to_contain_text("1 netværk")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ældre borgeres hverdag")
    assert "aftale=rl" in page.url and "aftalestatus=not_agreed" in page.url
    check_a11y(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Hent som Excel (XLSX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Ældre borgeres hverdag"
    ]

    page.get_by_role("link", name="Aftalematrix").click()
    expect(page.get_by_role("cell", name="Ikke startet").first).to_be_visible()
    check_a11y(page)

    for query in ["Ældre", "ældre", "aeldre"]:
        page.goto(f"{live_server.url}/sekretariat/?q={query}")
        expect(page.locator("tbody tr")).to_have_count(1)
        expect(page.locator("tbody tr").first).to_contain_text("Ældre borgeres hverdag")

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/sekretariat/")
    check_a11y(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways at 320 px ({width} px)"

"""Journeys through the portal in a real browser, with an accessibility check on every page."""

import re

import pytest
from playwright.sync_api import expect


def test_leader_logs_in_and_goes_from_mine_netvaerk_to_network_to_role(
    network, org, live_server, page, browser_login, check_a11y
):
    page.goto(live_server.url + "/konto/log-ind/")
    check_a11y(page)

    browser_login("signe")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine netværk")
    expect(page.get_by_text("Velkommen, Signe")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Fællesskaber mod ensomhed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fællesskaber mod ensomhed")
    expect(page.get_by_role("link", name="Jens Overgaard").first).to_be_visible()
    check_a11y(page)

    page.locator("#rolle-reference").get_by_role("link", name=re.compile("om rollen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referenceleder")
    expect(page.locator("ol.responsibilities li")).to_have_count(10)
    check_a11y(page)


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("kasper", "Co-driver"),
        ("helle", "Referenceleder"),
        ("jens", "Mine medarbejdere i netværk"),
        ("katrine", "Netværksdeltager"),
        ("rikke", "Overblik for sekretariatet"),
        ("olga", "Du har ingen roller i netværk lige nu."),
    ],
)
def test_each_persona_sees_their_own_front_page(
    network, org, page, browser_login, check_a11y, username, sees
):
    browser_login(username)
    expect(page.get_by_text(sees).first).to_be_visible()
    check_a11y(page)


def test_the_catalogue_filters_without_javascript_and_stays_accessible(
    network, org, live_server, page, browser_login, check_a11y
):
    browser_login("olga")
    page.get_by_role("link", name="Netværk", exact=True).click()
    check_a11y(page)
    page.get_by_label("Type").select_option("laering")
    page.get_by_role("button", name="Vis netværk").click()
    expect(page.get_by_text("Ingen netværk passer til søgningen.")).to_be_visible()
    page.get_by_label("Søg i navn og tema").fill("ensomhed")
    page.get_by_label("Type").select_option("")
    page.get_by_role("button", name="Vis netværk").click()
    expect(page.get_by_role("link", name="Fællesskaber mod ensomhed")).to_be_visible()
    check_a11y(page)


def test_every_other_page_passes_the_accessibility_check(
    network, org, live_server, page, browser_login, check_a11y
):
    browser_login("rikke")
    for path in [
        "/roller/",
        "/roller/netvaerksleder/",
        "/roller/co-driver/",
        "/roller/personaleleder/",
        "/roller/sekretariatet/",
        "/personer/",
        f"/personer/{org['leader'].pk}/",
        "/soeg/?q=ældre",
        "/organisation/",
        f"/organisation/{org['departments']['aeldre'].pk}/",
        "/netvaerk/nyt/",
        f"/netvaerk/{network.slug}/rediger/",
        f"/netvaerk/{network.slug}/roller/ny/",
        "/konto/adgangskode/skift/",
        "/netvaerk/findes-ikke/",
        "/pjecer/",
        f"/netvaerk/{network.slug}/pjecer/",
        "/forloeb/",
        "/forloeb/velfaerd/",
        f"/netvaerk/{network.slug}/fase/",
        "/tidsbalance/",
        "/kalender/",
        "/sekretariat/pladser/",
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        check_a11y(page)


def test_the_public_password_pages_pass_the_accessibility_check(live_server, page, check_a11y, org):
    page.goto(live_server.url + "/konto/adgangskode/nulstil/")
    check_a11y(page)
    page.get_by_label("E-mail").fill("signe@kommune.example")
    page.get_by_role("button", name="Send link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    check_a11y(page)


def test_a_form_error_is_announced_and_keeps_the_typed_text(
    network, org, live_server, page, browser_login, check_a11y
):
    browser_login("signe")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/rediger/")
    page.get_by_label("Den tværgående udfordring").fill("Min tekst må ikke gå tabt")
    page.get_by_label("Netværkstema").fill("")
    page.get_by_role("button", name="Gem ændringer").click()
    expect(page.get_by_text("Dette felt er påkrævet.")).to_be_visible()
    expect(page.get_by_label("Den tværgående udfordring")).to_have_value(
        "Min tekst må ikke gå tabt"
    )
    check_a11y(page)


def test_the_secretariat_adds_a_participant_in_the_browser(
    network, org, live_server, page, browser_login
):
    browser_login("rikke")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/")
    page.get_by_role("link", name="Tilføj rolle").click()
    page.get_by_label("Medarbejder").fill("olga")
    page.get_by_label("Rolle").select_option("participant")
    page.get_by_role("button", name="Tilføj rolle").click()
    expect(page.get_by_text("Olga Udenfor er nu netværksdeltager i netværket.")).to_be_visible()
    expect(page.locator("#rolle-deltagere").locator("..")).to_contain_text(re.compile("Olga"))


def test_the_secretariat_ends_a_role_after_choosing_the_date(
    network, org, live_server, page, browser_login, check_a11y
):
    browser_login("rikke")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/")
    page.get_by_role("link", name="Afslut netværksdeltager: Katrine Møller").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afslut rolle")
    check_a11y(page)
    page.get_by_label("Sidste dag i rollen").fill("2026-12-31")
    page.get_by_role("button", name="Afslut rollen").click()
    expect(page.get_by_text("Katrine Møller er ikke længere netværksdeltager")).to_be_visible()
    expect(page.get_by_text("Tidligere roller (1)")).to_be_visible()


def test_the_accessibility_check_does_catch_violations(page, axe):
    """Guards the guard: a page with an unlabeled image and input must fail axe."""
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    assert axe.run(page).violations_count > 0


def test_the_leader_hands_out_a_pamphlet_and_downloads_the_personal_one(
    network, org, live_server, page, browser_login, check_a11y
):
    browser_login("signe")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/")
    page.get_by_role("link", name="Pjecer til samtalerne").click()
    expect(page.get_by_text("3 pjecer mangler at blive udleveret.")).to_be_visible()
    check_a11y(page)
    card = page.locator("section", has=page.get_by_role("heading", name="Referenceleder"))
    card.get_by_text("Registrér som udleveret").click()
    card.get_by_label("Dato for samtalen").fill("2026-12-03")
    card.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("2 pjecer mangler at blive udleveret.")).to_be_visible()
    expect(page.get_by_text("Samtale den 3. december 2026")).to_be_visible()
    check_a11y(page)
    response = page.request.get(
        f"{live_server.url}/netvaerk/{network.slug}/pjecer/referenceleder/a4.pdf"
    )
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"


def test_the_leader_plans_a_new_welfare_network_and_the_personnel_leader_follows_the_time(
    network, org, live_server, page, browser_login, check_a11y, catalogue
):
    browser_login("signe")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/")
    page.get_by_role("link", name="Plan og tid").click()
    expect(page.get_by_role("heading", name="Lav netværkets plan")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Startdato").fill("2026-09-07")
    page.get_by_role("button", name="Lav planen").click()
    expect(
        page.get_by_text("Testfasen begyndte efter planen 1. marts 2027.").or_(
            page.get_by_text("Testfasen begynder efter planen 1. marts 2027.")
        )
    ).to_be_visible()
    expect(page.locator("svg[role=img]")).to_be_visible()
    check_a11y(page)

    # Lengthen the first step by a week and put a break after it: the test moves on.
    first = page.locator("tbody tr").first
    first.get_by_text("Tilpas").first.click()
    first.get_by_label("Pause efter, uger").fill("1")
    first.get_by_role("button", name="Indsæt pause").click()
    expect(page.get_by_text("Pausen er lagt ind")).to_be_visible()
    expect(page.get_by_text("Testfasen begynder efter planen 8. marts 2027.")).to_be_visible()

    page.goto(f"{live_server.url}/netvaerk/{network.slug}/")
    expect(page.locator("svg[role=img]")).to_be_visible()
    check_a11y(page)
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/plan/")

    page.get_by_role("link", name="Registrér timer").click()
    page.get_by_label("Timer brugt på netværket").fill("7,5")
    page.get_by_role("button", name="Gem timer").click()
    expect(page.get_by_text("7,5 timer er gemt")).to_be_visible()
    check_a11y(page)

    page.get_by_role("button", name="Log ud").click()
    browser_login("jens")
    page.goto(f"{live_server.url}/tidsbalance/")
    expect(page.get_by_role("link", name="Signe Lauridsen", exact=True)).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name=re.compile("Vis graf for Signe Lauridsen")).click()
    expect(page.get_by_role("heading", name="Tidsbalance for Signe Lauridsen")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_be_visible()
    check_a11y(page)

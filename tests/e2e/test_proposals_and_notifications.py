"""In a real browser: a theme proposal from an employee to an approved network, the news
reaching the proposer, and the notification pages — each page checked with axe-core."""

import re

from playwright.sync_api import expect

from core.jobs import run_pending
from netvaerk.models import Network
from proposals.models import Round


def _log_in_as(page, browser_login, username):
    page.context.clear_cookies()
    browser_login(username)


def test_an_employee_proposes_a_theme_and_the_forum_approves_it(
    network, org, live_server, page, browser_login, check_a11y
):
    # 1. Katrine, a participant, proposes a theme before the round's deadline.
    browser_login("katrine")
    page.get_by_role("link", name="Temaforslag").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Temaforslag")
    check_a11y(page)
    page.get_by_role("link", name="Foreslå et netværkstema").click()
    check_a11y(page)
    page.get_by_label("Netværkstema").fill("Sund mad i dagtilbud")
    page.get_by_label("Den tværgående udfordring").fill(
        "Køkken, pædagoger og sundhedspleje arbejder hver for sig."
    )
    page.get_by_label("Hvorfor er temaet vigtigt nu?").fill("Overvægten stiger blandt børn.")
    page.get_by_label("Foreslået netværkstype").select_option("velfaerd")
    page.get_by_role("button", name="Send forslaget ind").click()
    expect(page.get_by_text("er sendt til sekretariatet")).to_be_visible()
    check_a11y(page)

    # 2. The secretariat hears of it, takes the round to Chefforum and approves it.
    _log_in_as(page, browser_login, "rikke")
    page.get_by_role("link", name=re.compile("^Notifikationer")).click()
    expect(page.get_by_text("Nyt temaforslag: Sund mad i dagtilbud")).to_be_visible()
    check_a11y(page)
    round = Round.objects.get(proposals__title="Sund mad i dagtilbud")
    page.goto(live_server.url + f"/temaforslag/runder/{round.pk}/rediger/")
    check_a11y(page)
    page.get_by_label("Status").select_option("at_forum")
    page.get_by_role("button", name="Gem runden").click()
    expect(page.get_by_text("Runden er gemt.")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Sund mad i dagtilbud").click()
    page.get_by_role("link", name="Registrér Chefforums beslutning").click()
    check_a11y(page)
    page.get_by_label("Godkendt").check()
    page.get_by_role("button", name="Registrér beslutningen").click()
    check_a11y(page)

    # 3. The network exists as proposed, approved and waiting to start.
    created = Network.objects.get(theme="Sund mad i dagtilbud")
    assert created.status == Network.Status.APPROVED
    assert created.type == "velfaerd"
    assert created.challenge.startswith("Køkken, pædagoger")

    # 4. Katrine gets the news in the portal (and the worker mails it).
    run_pending()
    _log_in_as(page, browser_login, "katrine")
    badge = page.get_by_role("link", name=re.compile("^Notifikationer"))
    expect(badge).to_contain_text("ulæste")
    badge.click()
    expect(page.get_by_text("Dit temaforslag Sund mad i dagtilbud: godkendt.")).to_be_visible()
    check_a11y(page)


def test_the_notification_pages_pass_the_accessibility_check(
    network, org, live_server, page, browser_login, check_a11y
):
    from notifications.kinds import Kind
    from notifications.models import Notification
    from notifications.services import notify

    (failed,) = notify([org["leader"]], Kind.COMMENTED, url=network.get_absolute_url())
    Notification.objects.filter(pk=failed.pk).update(
        email_status=Notification.Email.FAILED, email_error="SMTPServerDisconnected"
    )
    browser_login("signe")
    page.goto(live_server.url + "/notifikationer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifikationer")
    check_a11y(page)
    page.goto(live_server.url + "/notifikationer/indstillinger/")
    page.get_by_label("Ét samlet dagligt sammendrag").check()
    page.get_by_role("button", name="Gem indstillinger").click()
    expect(page.get_by_text("Dine indstillinger er gemt.")).to_be_visible()
    check_a11y(page)
    _log_in_as(page, browser_login, "rikke")
    page.goto(live_server.url + "/sekretariat/udsendelser/")
    expect(page.get_by_role("button", name=re.compile("Send igen"))).to_be_visible()
    check_a11y(page)

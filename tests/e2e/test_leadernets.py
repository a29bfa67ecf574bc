"""A leader network in the browser: a manager finds it on Mine netværk, shares a note from
a meeting and evaluates the season; the pages pass axe and fit a 320 px phone."""

from playwright.sync_api import expect

from leadernets.models import Evaluation, MeetingNote

from ..leadernets.builders import leader_network


def test_a_manager_adds_a_note_and_evaluates_the_season(
    org, live_server, page, browser_login, check_a11y
):
    data = leader_network(org)
    browser_login("jens")
    expect(page.get_by_role("heading", name="Mine ledernetværk")).to_be_visible()
    mine = page.get_by_role("region", name="Mine ledernetværk")
    mine.get_by_role("link", name="Ledere i netværk").click()
    check_a11y(page)
    page.get_by_role("link", name="Forår").click()

    page.get_by_label("Din note til de andre i netværket").fill("Jeg tager tavlemødet med hjem.")
    page.get_by_role("button", name="Del noten").click()
    expect(page.get_by_text("Din note er delt med ledernetværket.")).to_be_visible()
    expect(page.get_by_text("Jeg tager tavlemødet med hjem.")).to_be_visible()
    assert MeetingNote.objects.filter(author=org["personnel"]).count() == 2
    check_a11y(page)

    page.get_by_role("link", name="Evaluér sæsonen").click()
    page.get_by_role("group", name="Et fælles fokus på ledelsesopgaven").get_by_label(
        "4 – I høj grad"
    ).check()
    page.get_by_role("group", name="En mere ensartet ledelseskultur i kommunen").get_by_label(
        "3 – I nogen grad"
    ).check()
    page.get_by_role(
        "group", name="Et bedre grundlag for politikudvikling og -implementering"
    ).get_by_label("4 – I høj grad").check()
    page.get_by_role("group", name="En stærkere kulturel integration").get_by_label(
        "5 – I meget høj grad"
    ).check()
    page.get_by_label("Kommentar (valgfri)").fill("Mere tid til sparring i par.")
    check_a11y(page)
    page.get_by_role("button", name="Gem evalueringen").click()
    expect(page.get_by_text("Din evaluering af sæsonen er gemt.")).to_be_visible()
    expect(page.get_by_text("1 af 2 medlemmer har evalueret sæsonen.")).to_be_visible()
    evaluation = Evaluation.objects.get(season=data["season"], person=org["personnel"])
    assert evaluation.ratings() == {"focus": 4, "culture": 3, "policy": 4, "integration": 5}
    check_a11y(page)

    page.set_viewport_size({"width": 320, "height": 800})
    for url in [
        data["season"].get_absolute_url(),
        f"/ledernetvaerk/saeson/{data['season'].pk}/evaluering/",
    ]:
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        check_a11y(page)

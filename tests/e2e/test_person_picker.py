"""The person picker in the browser: a role is given to a person found by part of a name,
with the keyboard alone."""

import re

from playwright.sync_api import expect

from netvaerk.models import NetworkRole

from ..factories import PersonFactory, UserFactory


def _karen(username, last, title):
    user = UserFactory(username=username, first_name="Karen", last_name=last)
    return PersonFactory(user=user, title=title)


def test_the_secretariat_types_kar_picks_karen_with_the_keyboard_and_adds_her(
    network, org, live_server, page, browser_login, check_a11y
):
    _karen("kberg", "Berg", "Socialrådgiver")
    holm = _karen("kholm", "Holm", "Sygeplejerske")
    browser_login("rikke")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/roller/ny/")
    field = page.get_by_role("combobox", name="Medarbejder")
    expect(field).to_have_attribute("aria-expanded", "false")

    field.press_sequentially("Kar", delay=50)
    listbox = page.get_by_role("listbox", name="Forslag")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").first).to_contain_text("Karen Berg")
    expect(listbox.get_by_role("option").nth(1)).to_contain_text("Sygeplejerske")
    expect(page.get_by_role("status").filter(has_text="2 medarbejdere passer")).to_be_attached()
    check_a11y(page)  # with the list open

    field.press("ArrowDown")
    field.press("ArrowDown")
    active = listbox.get_by_role("option", selected=True)
    expect(active).to_contain_text("Karen Holm")
    expect(field).to_have_attribute("aria-activedescendant", active.get_attribute("id"))
    field.press("Enter")  # chooses; does not send the form
    expect(listbox).to_be_hidden()
    expect(field).to_have_value("Karen Holm")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(page.locator('input[name="person_id"]')).to_have_value(str(holm.pk))

    page.get_by_label("Rolle").select_option("participant")
    page.get_by_role("button", name="Tilføj rolle").click()
    expect(page.get_by_text("Karen Holm er nu netværksdeltager i netværket.")).to_be_visible()
    assert network.roles.filter(person=holm, role=NetworkRole.Role.PARTICIPANT).exists()


def test_escape_closes_the_list_and_the_typed_name_still_works_without_a_choice(
    network, org, live_server, page, browser_login
):
    browser_login("rikke")
    page.goto(f"{live_server.url}/netvaerk/{network.slug}/roller/ny/")
    field = page.get_by_role("combobox", name="Medarbejder")
    field.press_sequentially("olga", delay=30)
    expect(page.get_by_role("option", name=re.compile("Olga Udenfor"))).to_be_visible()
    field.press("Escape")
    expect(page.get_by_role("listbox", name="Forslag")).to_be_hidden()
    expect(field).to_have_value("olga")
    page.get_by_label("Rolle").select_option("participant")
    page.get_by_role("button", name="Tilføj rolle").click()
    expect(page.get_by_text("Olga Udenfor er nu netværksdeltager i netværket.")).to_be_visible()

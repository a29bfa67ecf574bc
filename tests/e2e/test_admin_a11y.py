"""The administration, which the secretariat uses daily, passes axe like the rest of the
portal; so does the accessibility statement (tilgængelighedserklæringen).

The fixes: templates/admin/ (base_site.html, edit_inline/tabular.html), static/css/admin.css
and static/js/admin_a11y.js."""

from django.urls import reverse
from playwright.sync_api import expect


def test_the_administration_passes_the_accessibility_check(
    network, org, start, live_server, page, browser_login, check_a11y
):
    agreement = start(network, "aftale-referenceleder", org["leader"])
    browser_login("rikke")
    for path in [
        reverse("admin:index"),
        reverse("admin:app_list", args=["netvaerk"]),
        # Changelists with filters and search.
        reverse("admin:netvaerk_network_changelist") + "?q=ensomhed&type__exact=velfaerd",
        reverse("admin:roles_person_changelist") + "?q=signe",
        reverse("admin:netvaerk_networkrole_changelist"),
        reverse("admin:roles_department_changelist"),
        # A change form with a tabular inline, autocomplete fields and filter_horizontal.
        reverse("admin:netvaerk_network_change", args=[network.pk]),
        # Empty autocomplete fields and split date-and-time fields.
        reverse("admin:roles_person_add"),
        reverse("admin:auth_user_change", args=[org["leader"].user.pk]),
        # The agreement, read-only, with its confirmations inline.
        reverse("admin:agreements_agreement_change", args=[agreement.pk]),
    ]:
        page.goto(live_server.url + path)
        expect(page.locator("#content h1")).to_be_visible()
        check_a11y(page)

    # A new row in the roles inline has its labels and a named autocomplete field too.
    page.goto(live_server.url + reverse("admin:netvaerk_network_change", args=[network.pk]))
    page.locator("#roles-group .add-row a").click()
    expect(page.get_by_role("combobox", name="Person").last).to_be_visible()
    check_a11y(page)


def test_the_accessibility_statement_is_open_to_all_and_linked_from_every_footer(
    network, org, live_server, page, browser_login, check_a11y
):
    page.goto(live_server.url + reverse("login"))
    page.locator("footer").get_by_role("link", name="Tilgængelighedserklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tilgængelighedserklæring for Netværksportalen"
    )
    expect(page.get_by_role("link", name="www.was.digst.dk")).to_have_attribute(
        "href", "https://www.was.digst.dk"
    )
    check_a11y(page)

    browser_login("katrine")
    page.locator("footer").get_by_role("link", name="Tilgængelighedserklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tilgængelighedserklæring for Netværksportalen"
    )
    check_a11y(page)

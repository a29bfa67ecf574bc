"""Single sign-on in a real browser, through the local provider (tests/oidc_provider.py):
its /authorize signs `next_claims` in at once and sends the browser back with a code."""

import pytest
from playwright.sync_api import expect

from tests.oidc_provider import configured_provider

provider_fixture = pytest.fixture(name="oidc_provider")(configured_provider)


def test_signing_in_with_the_municipal_login_lands_on_mine_netvaerk_and_logs_out_there_too(
    network, org, live_server, page, check_a11y, oidc_provider
):
    oidc_provider.next_claims = {"sub": "entra-signe-1", "preferred_username": "signe"}
    page.goto(live_server.url + "/konto/log-ind/")
    check_a11y(page)
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine netværk")
    expect(page.get_by_text("Velkommen, Signe")).to_be_visible()

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(live_server.url + "/konto/log-ind/")
    assert oidc_provider.logouts and oidc_provider.logouts[0]["id_token_hint"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind på Netværksportalen")


def test_an_unknown_identity_sees_only_a_danish_message(
    org, live_server, page, check_a11y, oidc_provider
):
    oidc_provider.next_claims = {"sub": "x-1", "preferred_username": "ukendt"}
    page.goto(live_server.url + "/konto/log-ind/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.wait_for_url(live_server.url + "/oidc/afvist/?grund=ukendt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er ikke kendt i Netværksportalen")
    expect(page.get_by_role("navigation", name="Hovedmenu").get_by_role("link")).to_have_count(1)
    check_a11y(page)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind på Netværksportalen")

"""The Content-Security-Policy in a real browser: the portal's pages, an agreement step with
its scripts, and the administration work under it with no violation reported."""

import re
from pathlib import Path

from playwright.sync_api import expect

from agreements.models import Agreement

SHOTS = Path("/tmp/e2e-shots")
CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy")


def _watch(page):
    """Every CSP violation the browser reports, from its console and from the DOM event."""
    violations = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text) if any(m in msg.text for m in CSP_MARKERS) else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


def _visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "no-store" in response.headers["cache-control"]
    page.wait_for_load_state("load")


def test_pages_work_under_the_policy_without_violations(
    network, org, plan, start, live_server, page, browser_login, check_a11y
):
    violations = _watch(page)
    agreement = start(network, "aftale-personaleleder", org["leader"])
    browser_login("signe")
    base = live_server.url
    for url in [
        "/",
        f"/netvaerk/{network.slug}/",
        f"/netvaerk/{network.slug}/plan/",
        "/roller/",
        f"/netvaerk/{network.slug}/aftaler/",
    ]:
        _visit(page, base + url)

    # An agreement step: its progress bar and its script (the warning before leaving).
    _visit(page, f"{base}/aftaler/{agreement.pk}/trin/1/")
    expect(page.get_by_role("progressbar", name="Fremskridt")).to_have_attribute(
        "aria-valuetext", re.compile(r"^Trin 1 af \d+$")
    )
    check_a11y(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "hardening-step.png"))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    field = page.locator("form[data-warn-unsaved] textarea").first
    field.click()
    field.press_sequentially("Ikke gemt")
    page.get_by_role("navigation", name="Trin i skabelonen").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/trin/2/$"))
    assert dialogs == ["beforeunload"]  # static/js/unsaved.js ran

    # Bootstrap's script: the menu opens on a narrow screen.
    page.set_viewport_size({"width": 600, "height": 900})
    _visit(page, base + "/")
    page.get_by_role("button", name="Vis menu").click()
    expect(page.get_by_role("link", name="Netværk", exact=True)).to_be_visible()
    assert violations == []


def test_the_secretariat_and_the_administration_work_under_the_policy(
    network, org, plan, start, live_server, page, browser_login
):
    violations = _watch(page)
    agreement = start(network, "aftale-personaleleder", org["leader"])
    Agreement.objects.filter(pk=agreement.pk).update(answers={"opgaver-i-basis": "A\nB"})
    browser_login("rikke")
    base = live_server.url
    for url in [
        "/sekretariat/",
        "/organisation/",
        "/tidsbalance/",
        "/admin/",
        "/admin/roles/department/",
        f"/admin/agreements/agreement/{agreement.pk}/change/",
        f"/admin/agreements/agreement/{agreement.pk}/history/",
        "/admin/netvaerk/network/",
        f"/admin/netvaerk/network/{network.pk}/change/",
    ]:
        _visit(page, base + url)
    assert violations == []

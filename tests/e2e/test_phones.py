"""Every page works on a phone 320 px wide: the page never scrolls sideways.

Every HTML page of the permission matrix (the list tests/test_site.py checks, opened with the
matrix test's arguments, so a new page is covered as soon as it has its row) is opened by each
persona that may open it (the network leader, the co-driver, the reference leader, the
personnel leader, a participant, the secretariat); a page open to everyone that looks alike
for all is opened once, by the secretariat. Besides: the error pages (404, 403); the login
page and the public pages, logged out; the administration's index and a change form; the
menu, opened. On each, `document.documentElement.scrollWidth` must not exceed 320, and every
element that reaches past the right edge (not inside a box that scrolls or clips by itself) is
named in the failure; so are the boxes below.

A wide table may scroll inside its own box; a box that does so on the phone must be reachable
by keyboard and named (tabindex="0", role="region" and an aria-label or aria-labelledby), so
axe's scrollable-region-focusable rule passes; a few pages are checked with axe at 320 px.

The key pages are measured at 390 px as well, and their screenshots go to
/tmp/e2e-shots/phone-*.png, to look at.
"""

from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from netvaerk.models import Network

from ..factories import PASSWORD
from ..pages import page_data, page_url, personnel_leader_agreement
from ..test_permission_matrix import MATRIX
from ..test_site import PAGES

WIDTH = 320
SHOTS = Path("/tmp/e2e-shots")
PERSONAS = {
    "leader": "signe",
    "codriver": "kasper",
    "reference": "helle",
    "personnel": "jens",
    "participant": "katrine",
    "secretariat": "rikke",
}
# Pages open to everyone whose content differs by persona (actions, one's own rows). The other
# pages open to everyone look alike for all, and the secretariat (shown the most) opens them.
BY_PERSONA = {
    "home",
    "netvaerk:network-detail",
    "netvaerk:plan",
    "netvaerk:time-balance",
    "notifications:list",
    "competences:mine",
    "competences:staff",
    "proposals:list",
}

# With every <details> open: the elements that reach past the right edge of the viewport,
# outside any box that scrolls or clips sideways by itself, only the outermost of a run (an
# offender whose parent fits); then every box that scrolls sideways on this screen and is not
# reachable by keyboard.
INSPECT = """async (width) => {
  // What is folded away is measured unfolded (the plan's "Tilpas" forms).
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
  // Inside a box that scrolls or clips sideways. An absolutely positioned element escapes
  // such a box unless the box, or an ancestor of it, is its containing block.
  const clipped = (el) => {
    let escaping = getComputedStyle(el).position === 'absolute';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const st = getComputedStyle(p);
      if (st.position !== 'static') escaping = false;
      const o = st.overflowX;
      if (!escaping && ['auto', 'scroll', 'hidden', 'clip'].includes(o)) return true;
      if (st.position === 'absolute') escaping = true;
    }
    return false;
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ');
    return s + ' "' + text.slice(0, 40) + '"';
  };
  const offends = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.position === 'fixed') return false;
    return r.right > width + 0.5 || r.left < -0.5;
  };
  const overflowing = [];
  const unreachable = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (offends(el) && !clipped(el) && !(el.parentElement && offends(el.parentElement)
        && !clipped(el.parentElement))) {
      const r = el.getBoundingClientRect();
      overflowing.push(describe(el) + ' right=' + Math.round(r.right));
    }
    const o = getComputedStyle(el).overflowX;
    if ((o === 'auto' || o === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (el.getAttribute('tabindex') !== '0' || el.getAttribute('role') !== 'region' || !named)
        unreachable.push(describe(el));
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth, overflowing, unreachable,
  };
}"""


def _long_words(network, org):
    """Text that cannot wrap at spaces: a long address and a long e-mail address."""
    Network.objects.filter(pk=network.pk).update(
        theme="Se https://www.kommune.example/netvaerk/faellesskaber-mod-ensomhed-blandt-aeldre",
        challenge="Skriv til faellesskaber.mod.ensomhed.blandt.aeldre@sundhed.kommune.example",
    )
    user = org["leader"].user
    user.email = "signe.lauridsen.netvaerksleder.aeldre.og.sundhed@kommune.example"
    user.save()


def _pages(persona, data, network):
    """(address, status) of every page the persona opens: the pages it may open that not
    everyone may, the pages that differ by persona, and, for the secretariat, the rest."""
    for name in PAGES:
        statuses = MATRIX[name][1]
        if statuses[persona] != 200:
            continue
        for_all = all(status == 200 for who, status in statuses.items() if who != "anon")
        if for_all and name not in BY_PERSONA and persona != "secretariat":
            continue
        yield page_url(name, data), 200
    yield "/netvaerk/findes-ikke/", 404
    if persona != "secretariat":
        yield reverse("netvaerk:network-create"), 403
    else:
        yield reverse("admin:index"), 200
        yield reverse("admin:netvaerk_network_change", args=[network.pk]), 200


def _check(page, url, problems, status=200):
    response = page.goto(url)
    if response.status != status:
        problems.append(f"{url}: {response.status}, not {status}")
        return
    _inspect(page, url, problems)


def _inspect(page, url, problems, width=WIDTH):
    found = page.evaluate(INSPECT, width)
    if found["scrollWidth"] > width or found["overflowing"]:
        problems.append(
            f"{url}: scrollWidth {found['scrollWidth']}\n    " + "\n    ".join(found["overflowing"])
        )
    for box in found["unreachable"]:
        problems.append(f"{url}: a box scrolls sideways without tabindex/role/name: {box}")


# Checked with axe at 320 px too: the stacked and listed pages, and boxes that scroll.
AXE_PAGES = {
    "leader": ["netvaerk:network-detail", "netvaerk:plan"],
    "secretariat": ["agreement-matrix", "roles:person-list", "organisation", "department-detail"],
}


def test_every_page_fits_a_phone_320_px_wide(
    network, org, plan, start, live_server, browser, check_a11y
):
    _long_words(network, org)
    kinds = ("agreements", "proposals", "notifications", "competences")
    data = page_data(network, org, plan, start, kinds=kinds, eager=True)
    agreement = personnel_leader_agreement(network, org, start)["agreement"]
    more = {
        "leader": [
            agreement.get_absolute_url(),
            reverse("agreements:step", args=[agreement.pk, 2]),
        ],
        "personnel": [agreement.get_absolute_url()],
    }
    problems = []

    context = browser.new_context(viewport={"width": WIDTH, "height": 640}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15000)
    for name in PAGES:
        if MATRIX[name][1]["anon"] == 200:
            _check(page, live_server.url + page_url(name, data), problems)
    context.close()

    for persona, username in PERSONAS.items():
        context = browser.new_context(viewport={"width": WIDTH, "height": 640}, locale="da-DK")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_url(live_server.url + "/")
        pages = list(_pages(persona, data, network))
        if persona in ("leader", "personnel"):
            pages += [(url, 200) for url in more[persona]]
        for url, status in pages:
            _check(page, live_server.url + url, problems, status)
        if persona == "secretariat":  # the longest menu, opened
            page.goto(live_server.url + "/")
            page.get_by_role("button", name="Vis menu").click()
            expect(page.get_by_role("link", name="Administration", exact=True)).to_be_visible()
            _inspect(page, "/ (menu open)", problems)
        for name in AXE_PAGES.get(persona, []):
            page.goto(live_server.url + page_url(name, data))
            check_a11y(page)
        if persona == "leader":
            _at_390(page, live_server.url, network, data["agreements"], problems)
        if persona == "secretariat":
            _at_390(page, live_server.url, network, data["agreements"], problems, secretariat=True)
        context.close()
    assert problems == [], "Too wide for a phone:\n" + "\n".join(problems)


def _at_390(page, base, network, agreements, problems, secretariat=False):
    """The key pages at 390 px: measured, and photographed whole for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    if secretariat:
        shots = {"workspace": reverse("workspace"), "matrix": reverse("agreement-matrix")}
    else:
        shots = {
            "network": reverse("netvaerk:network-detail", args=[network.slug]),
            "plan": reverse("netvaerk:plan", args=[network.slug]),
            "step": reverse("agreements:step", args=[agreements["agreement"].pk, 2]),
        }
    for shot, url in shots.items():
        page.goto(base + url)
        _inspect(page, f"{url} at 390 px", problems, width=390)
        page.screenshot(path=str(SHOTS / f"phone-{shot}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": 640})

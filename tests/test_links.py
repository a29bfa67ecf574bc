"""No page shows a persona a link that persona may not follow.

For each persona, every page of the permission matrix that the persona may open (GET, 200)
is fetched with the same URL arguments as the matrix test builds, and every internal link on
it (`<a href>` to the portal's own paths) is followed one level deep, as the same persona.
None may answer 403 or 404: an action is shown only to those who may use it. A redirect is
fine (to the login page for the anonymous visitor, or on to the thing itself).

Besides the matrix's data, the personnel leader is party to an agreement ready for the
meeting and to a reflection shared with them, and those two pages are crawled as well
(for the parties; the secretariat reads the agreement), so the counterparts' pages have
links too.

Not followed: anchors on the same page, mailto:/tel:, other hosts, /static/ and Django's
/admin/ (guarded by is_staff, not by the portal's access modules). Downloads (.pdf, .ics,
.csv, .xlsx, .json) are followed like pages; the PDF renderer is stubbed, as access is
decided before anything is rendered. Forms (log out, the language switch, the POST buttons)
are not links and are not followed. Links are deduplicated by path and query.
"""

import datetime
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import services
from netvaerk.models import CalendarFeed

from .conftest import PERSONAS
from .test_permission_matrix import (
    MATRIX,
    _agreements,
    _args,
    _competences,
    _notification,
    _proposals,
)

SKIPPED_PREFIXES = ("/static/", "/admin/", "/media/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal_links(html, base):
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        href, _fragment = urldefrag(href)
        if not href:
            continue  # an anchor on the same page
        parts = urlsplit(href)
        if parts.scheme and parts.scheme not in ("http", "https"):
            continue  # mailto:, tel:, …
        if parts.netloc and parts.netloc != "testserver":
            continue
        path = parts.path or urlsplit(base).path
        if not path.startswith("/"):
            path = base.rsplit("/", 1)[0] + "/" + path
        if path.startswith(SKIPPED_PREFIXES):
            continue
        yield path + (f"?{parts.query}" if parts.query else "")


def _start_pages(persona, network, org, plan, start):
    """The matrix's GET pages this persona may open, with the matrix test's arguments."""
    token = CalendarFeed.objects.get_or_create(user=org["leader"].user)[0].token
    base = {"network": network, "org": org, "plan": plan, "token": token}
    agreements = _agreements(network, org, start)
    proposals = _proposals(org)
    competences = _competences(org)
    notification = {"notification": _notification(network, org)}
    for name, (method, expected) in sorted(MATRIX.items()):
        if method != "get" or expected[persona] != 200:
            continue
        ctx = dict(base)
        if name.startswith("agreements:") and "pamphlet" not in name:
            ctx.update(agreements)
        if name.startswith("proposals:"):
            ctx.update(proposals)
        if name.startswith("competences:"):
            ctx.update(competences)
        if name.startswith("notifications:") or name.startswith("deliver"):
            ctx.update(notification)
        yield reverse(name, args=_args(name, ctx))


def _more_for_the_personnel_leader(network, org, start):
    agreement = start(network, "aftale-personaleleder", org["leader"])
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.now() + datetime.timedelta(days=7),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )
    reflection = start(network, "refleksion-personaleleder", org["leader"])
    services.reflection_share(
        agreement=reflection, shared=True, lock_version=reflection.lock_version
    )
    return [agreement.get_absolute_url(), reflection.get_absolute_url()]


@pytest.fixture
def _stub_pdf(monkeypatch):
    monkeypatch.setattr("core.pdf.cached_pdf", lambda html, **kwargs: (b"%PDF-1.7 stub", True))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.usefixtures("_stub_pdf")
def test_every_link_a_persona_is_shown_can_be_followed(persona, network, org, login, plan, start):
    client = login(persona, org)
    more = _more_for_the_personnel_leader(network, org, start)
    if persona in ("personnel", "leader"):
        pages = more
    elif persona == "secretariat":
        pages = more[:1]  # the agreement; a reflection is its author's, even when shared
    else:
        pages = []
    pages += list(_start_pages(persona, network, org, plan, start))
    links = {}  # url → the first page that showed it
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, f"{persona} GET {page}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for url in _internal_links(response.content.decode(), page):
            links.setdefault(url, page)
    broken = []
    for url, page in sorted(links.items()):
        status = client.get(url).status_code
        if status in (403, 404):
            broken.append(f"{page} → {url}: {status}")
    assert broken == [], f"{persona} is shown links that fail:\n" + "\n".join(broken)

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

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from .conftest import PERSONAS
from .pages import calendar_token, page_data, page_url, personnel_leader_agreement
from .test_permission_matrix import MATRIX

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


def _start_pages(persona, data):
    """The matrix's GET pages this persona may open, with the matrix test's arguments."""
    for name, (method, expected) in sorted(MATRIX.items()):
        if method == "get" and expected[persona] == 200:
            yield page_url(name, data)


@pytest.fixture
def _stub_pdf(monkeypatch):
    monkeypatch.setattr("core.pdf.cached_pdf", lambda html, **kwargs: (b"%PDF-1.7 stub", True))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.usefixtures("_stub_pdf")
def test_every_link_a_persona_is_shown_can_be_followed(persona, network, org, login, plan, start):
    client = login(persona, org)
    made = personnel_leader_agreement(network, org, start, shared_reflection=True)
    more = [made["agreement"].get_absolute_url(), made["reflection"].get_absolute_url()]
    if persona in ("personnel", "leader"):
        pages = more
    elif persona == "secretariat":
        pages = more[:1]  # the agreement; a reflection is its author's, even when shared
    else:
        pages = []
    data = page_data(network, org, plan, start, token=calendar_token(org), eager=True)
    pages += list(_start_pages(persona, data))
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

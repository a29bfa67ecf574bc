"""Every page is valid HTML by the Nu HTML Checker (vnu.jar, the W3C's validator).

The pages are those of tests/test_site.py, each as the secretariat and as a network leader
(what one of them may not see is a 403 or 404 page, which is checked too), the
administration's pages, the login page and the error pages. They are written to files and
checked in ONE run of the checker: Java takes seconds to start. vnu.jar comes from npm
(package.json; `make setup` installs it) and runs on the machine's Java.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from .pages import page_data, page_url
from .test_site import ADMIN_PAGES, PAGE_KINDS, PAGES

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"
PERSONAS = ("secretariat", "leader")


def _pages(network, org, plan, start, login, settings):
    """(file name, HTML) of every page, as each persona gets it, then the login and error
    pages."""
    data = page_data(network, org, plan, start, kinds=PAGE_KINDS, eager=True)
    for persona in PERSONAS:
        client = login(persona, org)
        for name in PAGES:
            response = client.get(page_url(name, data))
            if response.status_code < 300 or response.status_code >= 400:
                yield f"{persona}-{name.replace(':', '-')}", response.content
        yield f"{persona}-404", client.get("/findes-ikke/").content

    # The administration, as the secretariat uses it: lists, add forms and change forms with
    # type-ahead fields (core/admin_widgets.py) and inlines.
    client = login("secretariat", org)
    person = org["leader"]
    role = network.roles.first()
    admin_pages = [reverse(name) for name in ADMIN_PAGES] + [
        reverse("admin:index"),
        reverse("admin:netvaerk_network_change", args=[network.pk]),
        reverse("admin:roles_person_add"),
        reverse("admin:roles_person_change", args=[person.pk]),
        reverse("admin:roles_department_change", args=[person.department_id]),
        reverse("admin:netvaerk_networkrole_add"),
        reverse("admin:netvaerk_networkrole_change", args=[role.pk]),
        reverse("admin:netvaerk_phasechange_add"),
        reverse("admin:netvaerk_timeentry_add"),
        reverse("admin:auth_user_add"),
    ]
    for number, url in enumerate(admin_pages):
        response = client.get(url)
        assert response.status_code == 200, url
        yield f"admin-{number}", response.content

    anonymous = Client()
    yield "anon-login", anonymous.get(reverse("login")).content
    yield "anon-404", anonymous.get("/findes-ikke/").content
    wrong = {"username": "signe", "password": "forkert"}
    yield "anon-login-failed", anonymous.post(reverse("login"), wrong).content
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        locked_out = anonymous.post(reverse("login"), wrong)
    assert locked_out.status_code in (403, 429)
    yield "anon-locked-out", locked_out.content
    settings.PDF_RENDER_TIMEOUT = 0.001
    pamphlet = reverse("roles:pamphlet-pdf", args=["referenceleder", "a4"])
    failed = login("leader", org).get(pamphlet)
    assert failed.status_code == 503
    yield "error-503-pdf", failed.content
    request = RequestFactory().get("/")
    yield "error-400", defaults.bad_request(request, Exception()).content
    yield "error-500", defaults.server_error(request).content
    stale = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "signe"})
    assert stale.status_code == 403
    yield "error-403-csrf", stale.content


@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java to run vnu.jar (make setup)")
def test_every_page_is_valid_html(network, org, plan, start, login, settings, tmp_path):
    assert VNU.exists(), "vnu.jar is missing: run `make setup` (npm ci)"
    files = []
    for stem, html in _pages(network, org, plan, start, login, settings):
        path = tmp_path / f"{stem}.html"
        path.write_bytes(html)
        files.append(str(path))

    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )

    messages = json.loads(checked.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine', '?')}: {m['message']} "
        f"[{m.get('extract', '').strip()[:120]}]"
        for m in messages
    ]
    assert errors == [], "\n".join(errors)
    assert len(files) > len(PAGES)

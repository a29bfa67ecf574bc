"""Session and browser hardening: the Content-Security-Policy, Cache-Control: no-store, the
idle timeout, and texts the secretariat writes shown escaped (or in the limited markup)."""

import base64
import hashlib
import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.middleware import SESSION_ACTIVITY_KEY, content_security_policy
from core.text import limited_markup

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
JS_LINK = '<a href="javascript:alert(2)">klik</a>'
TEXT = "Tre lange afsnit om tidsbalancen, skrevet over en hel time"


def _directives(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


# --- Content-Security-Policy ---


def test_every_page_has_a_strict_policy(org, login):
    client = login("leader", org)
    for url in [reverse("home"), reverse("netvaerk:network-list"), reverse("roles:role-list")]:
        policy = _directives(client.get(url))
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
    # The login page and the administration too, and a 404.
    assert "Content-Security-Policy" in Client().get(reverse("login")).headers
    admin = login("secretariat", org)
    assert (
        "script-src 'self'" in admin.get(reverse("admin:index")).headers["Content-Security-Policy"]
    )
    assert "Content-Security-Policy" in admin.get("/findes-ikke/").headers


def test_in_development_django_s_debug_pages_keep_their_inline_style(org, login, settings):
    settings.DEBUG = True
    client = login("leader", org)
    assert "Content-Security-Policy" not in client.get("/findes-ikke/").headers
    assert "Content-Security-Policy" in client.get(reverse("home")).headers


def test_forms_may_go_to_the_identity_provider_when_single_sign_on_is_set_up(settings):
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.kommune.dk/realms/k/auth?x=1"
    settings.OIDC_OP_LOGOUT_ENDPOINT = "https://login.kommune.dk/realms/k/logout"
    settings.OIDC_OP_DISCOVERY_URL = ""
    assert "form-action 'self' https://login.kommune.dk;" in content_security_policy()
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = None
    settings.OIDC_OP_LOGOUT_ENDPOINT = None
    assert "form-action 'self';" in content_security_policy()


def test_report_only_sends_the_policy_without_enforcing_it(org, login, settings):
    settings.CSP_REPORT_ONLY = True
    response = login("leader", org).get(reverse("home"))
    assert "Content-Security-Policy" not in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy-Report-Only"]


def test_the_error_page_style_block_is_the_one_the_policy_allows():
    source = (settings.BASE_DIR / "templates" / "500.html").read_text()
    (style,) = re.findall(r"<style>(.*?)</style>", source, re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["style-src"]


# Templates a browser shows. E-mails and the PDFs (rendered by WeasyPrint on the server) are
# not web pages and may style inline.
def _web_templates():
    root = settings.BASE_DIR / "templates"
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        text = path.read_text()
        if (
            "/email/" in name
            or name.endswith("_email.html")
            or name in ("500.html", "pdf/base.html")
            or 'extends "pdf/base.html"' in text
        ):
            continue
        yield name, text


def test_no_web_template_has_inline_script_style_or_event_handlers():
    found = []
    for name, text in _web_templates():
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"<style\b",
            r"\sstyle=",
            r"\son[a-z]+=",
            r"javascript:",
        ):
            found += [(name, m.group(0)) for m in re.finditer(pattern, text, re.I)]
    assert found == []


def test_the_middleware_order_keeps_static_files_cacheable_and_idle_before_login():
    mw = settings.MIDDLEWARE
    whitenoise = mw.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert mw.index("core.middleware.NoStoreMiddleware") > whitenoise
    assert mw.index("core.middleware.ContentSecurityPolicyMiddleware") > whitenoise
    auth = mw.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    idle = mw.index("core.middleware.IdleTimeoutMiddleware")
    assert auth < idle < mw.index("core.preserve.PreservingLoginRequiredMiddleware")


# --- Cache-Control: no-store ---


def _no_store(response):
    return "no-store" in response.headers.get("Cache-Control", "")


def test_pages_pdfs_exports_and_calendar_feeds_are_not_stored(org, network, plan, login):
    from netvaerk.models import CalendarFeed

    client = login("secretariat", org)
    page = client.get(reverse("netvaerk:network-detail", args=[network.slug]))
    assert page.status_code == 200 and _no_store(page)
    export = client.get(reverse("workspace-export", args=["csv"]))
    assert export.status_code == 200 and _no_store(export)
    pdf = client.get(reverse("roles:pamphlet-pdf", args=["netvaerksleder", "a4"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert _no_store(pdf) and "no-cache" not in pdf["Cache-Control"]

    feed, _created = CalendarFeed.objects.get_or_create(user=org["leader"].user)
    anonymous = Client()  # a calendar program: no session, only the token
    for url in [
        reverse("netvaerk:calendar-mine", args=[feed.token]),
        reverse("netvaerk:calendar-network", args=[feed.token, network.slug]),
    ]:
        ics = anonymous.get(url)
        assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
        assert _no_store(ics)
    # A login redirect and the login page are not kept either.
    assert _no_store(anonymous.get(reverse("home")))
    assert _no_store(anonymous.get(reverse("login")))


# --- Idle timeout ---


def _stamp(client, since, last):
    session = client.session
    session[SESSION_ACTIVITY_KEY] = [int(since), int(last)]
    session.save()


def test_logging_in_stamps_the_session(org, client):
    org["leader"].user.set_password("hemmeligt-1234")
    org["leader"].user.save()
    client.post(reverse("login"), {"username": "signe", "password": "hemmeligt-1234"})
    since, last = client.session[SESSION_ACTIVITY_KEY]
    assert abs(last - time.time()) < 5 and since == last


def test_an_idle_session_is_logged_out(org, login):
    client = login("leader", org)
    now = time.time()
    _stamp(client, now - 3600, now - 31 * 60)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "ikke har været aktiv i 30 minutter" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_activity_extends_the_session_but_writes_at_most_once_a_minute(org, login):
    client = login("leader", org)
    now = time.time()
    _stamp(client, now - 3600, now - 29 * 60)
    assert client.get(reverse("home")).status_code == 200
    since, last = client.session[SESSION_ACTIVITY_KEY]
    assert since == int(now - 3600) and abs(last - now) < 5  # extended
    _stamp(client, now - 3600, now - 20)
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SESSION_ACTIVITY_KEY][1] == int(now - 20)  # not written again


def test_the_idle_time_is_a_setting(org, login, settings):
    settings.IDLE_TIMEOUT_MINUTES = 5
    client = login("leader", org)
    now = time.time()
    _stamp(client, now - 600, now - 6 * 60)
    assert client.get(reverse("home")).status_code == 302


def test_session_cookie_age_is_an_absolute_maximum(org, login):
    client = login("leader", org)
    now = time.time()
    _stamp(client, now - settings.SESSION_COOKIE_AGE - 60, now - 60)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "dit login er udløbet" in response.content.decode()


def _step(agreement):
    return next(
        n
        for n, s in enumerate(agreement.template_version.sections, 1)
        if any(q["key"] == "opgaver-i-basis" for q in s["questions"])
    )


def test_text_posted_after_the_idle_timeout_comes_back_after_logging_in(network, org, start):
    agreement = start(network, "aftale-personaleleder", org["leader"])
    url = reverse("agreements:step", args=[agreement.pk, _step(agreement)])
    user = org["leader"].user
    user.set_password("hemmeligt-1234")
    user.save()
    client = Client()
    client.post(reverse("login"), {"username": "signe", "password": "hemmeligt-1234"})
    assert client.get(url).status_code == 200
    now = time.time()
    _stamp(client, now - 3600, now - 45 * 60)  # the form stood open for 45 minutes

    data = {"lock_version": agreement.lock_version, "opgaver-i-basis": TEXT, "go": "next"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    agreement.refresh_from_db()
    assert "opgaver-i-basis" not in agreement.answers  # nothing saved while logged out

    response = client.post(
        response.url, {"username": "signe", "password": "hemmeligt-1234"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert TEXT in page
    assert "Du var blevet logget ud" in page
    agreement.refresh_from_db()
    assert "opgaver-i-basis" not in agreement.answers  # shown again, for the user to save


# --- Texts the secretariat writes ---


def test_limited_markup_escapes_everything_but_its_own_markup():
    html = limited_markup(
        f"Læs **dette** først.\nNæste linje\n\n- {SCRIPT}\n- {JS_LINK}\n"
        "- se https://intra.kommune.dk/netvaerk?a=1&b=2.\n\n1. en\n2. to\n\n"
        "[klik](javascript:alert(3)) javascript:alert(4) <img src=x onerror=alert(5)>"
    )
    assert "<p>Læs <strong>dette</strong> først.<br>Næste linje</p>" in html
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in html
    assert "<li>&lt;a href=&quot;javascript:alert(2)&quot;&gt;klik&lt;/a&gt;</li>" in html
    assert (
        '<a href="https://intra.kommune.dk/netvaerk?a=1&amp;b=2" rel="noopener noreferrer">' in html
    )
    assert "<ol><li>en</li><li>to</li></ol>" in html
    assert "&lt;img src=x onerror=alert(5)&gt;" in html
    # The only tags are the markup's own; the only link is the https one.
    assert set(re.findall(r"</?([a-z]+)", html)) == {"p", "br", "strong", "ul", "ol", "li", "a"}
    assert re.findall(r'href="([^"]*)"', html) == ["https://intra.kommune.dk/netvaerk?a=1&amp;b=2"]
    assert limited_markup("") == "" and limited_markup(None) == ""


def _poison(agreement):
    """The secretariat's texts in the agreement's template version, each with markup."""
    version = agreement.template_version
    content = version.content
    content["intro"] = f"Indledning {SCRIPT} {JS_LINK}"
    step = _step(agreement)
    section = content["sections"][step - 1]
    section["guidance"] = f"Vejledning {SCRIPT}\n\n{JS_LINK}"
    section["prompts"] = [f"Overvej {SCRIPT}"]
    for question in section["questions"]:
        question["help"] = f"Hjælp {SCRIPT} {JS_LINK}"
        question["label"] = f"{question['label']} {SCRIPT}"
    version.content = content
    version.save(update_fields=["content"])
    return step


def _inert(html):
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_guidance_and_help_texts_are_inert_on_the_step_page_and_in_the_pdf(network, org, start):
    from agreements.pdfs import agreement_html

    agreement = start(network, "aftale-personaleleder", org["leader"])
    step = _poison(agreement)
    agreement.refresh_from_db()
    client = Client()
    client.force_login(org["leader"].user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("agreements:step", args=[agreement.pk, step])).content.decode()
    _inert(page)
    assert "Vejledning &lt;script&gt;" in page
    assert page.count("Hjælp &lt;script&gt;alert(1)&lt;/script&gt;") >= 1
    _inert(agreement_html(agreement, "til-moedet"))
    review = client.get(reverse("agreements:review", args=[agreement.pk])).content.decode()
    _inert(review)


def test_role_texts_are_inert(org, login):
    from roles import versions as roles_versions
    from roles.models import RoleDescription

    role = RoleDescription.objects.first()
    role.introduction = f"Rollen {SCRIPT}\n{JS_LINK}"
    role.talk_topics = f"- Emne {SCRIPT}\n- **vigtigt**"
    role.save()
    roles_versions.publish(role)  # the role page shows the published version
    page = login("participant", org).get(reverse("roles:role-detail", args=[role.slug]))
    html = page.content.decode()
    _inert(html)
    assert "<li><strong>vigtigt</strong></li>" in html

"""Single sign-on against a real (local) OpenID Connect provider: tests/oidc_provider.py."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import PASSWORD
from tests.oidc_provider import CLIENT_ID, configured_provider, new_key

provider_fixture = pytest.fixture(name="oidc_provider")(configured_provider)

HOME = reverse("home")
LOGIN = reverse("login")
REFUSED = reverse("oidc:refused")


def start(client, **params):
    """The portal's first step: its redirect to the provider, with state and nonce."""
    response = client.get(reverse("oidc:authenticate"), params)
    assert response.status_code == 302
    location = urlparse(response["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    return location, query


def sign_in(client, provider, claims, userinfo=None, **token):
    """The whole sign-in: to the provider and back with a code for `claims`."""
    _location, query = start(client)
    code = provider.issue(claims, nonce=query["nonce"], userinfo=userinfo, **token)
    return client.get(reverse("oidc:callback"), {"code": code, "state": query["state"]})


def signed_in_as(client):
    response = client.get(HOME)
    return response.wsgi_request.user if response.status_code == 200 else None


def refused_with(response, reason):
    assert response.status_code == 302
    assert response["Location"] == f"{REFUSED}?grund={reason}"
    return True


SIGNE = {"sub": "entra-signe-1", "preferred_username": "signe", "email": "andet@kommune.dk"}


def test_the_redirect_to_the_provider_carries_state_nonce_and_pkce(org, client, oidc_provider):
    location, query = start(client)
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{oidc_provider.url}/authorize"
    )
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/oidc/callback/"
    assert query["scope"] == "openid profile email"
    assert query["state"] and query["nonce"] and query["code_challenge_method"] == "S256"


def test_a_known_person_signs_in_lands_on_mine_netvaerk_and_the_subject_is_stored(
    org, client, oidc_provider
):
    response = sign_in(client, oidc_provider, SIGNE)
    assert response.status_code == 302 and response["Location"] == HOME
    page = client.get(HOME)
    assert page.wsgi_request.user == org["leader"].user
    assert "Mine netværk" in page.content.decode()
    org["leader"].refresh_from_db()
    assert org["leader"].oidc_subject == "entra-signe-1"
    # The portal fetched the token over HTTP with its secret and PKCE verifier.
    token_request = oidc_provider.token_requests[-1]
    assert token_request["client_secret"] and token_request["code_verifier"]


def test_next_time_the_subject_decides_even_when_the_username_changed(org, client, oidc_provider):
    sign_in(client, oidc_provider, SIGNE)
    client.post(reverse("logout"))
    response = sign_in(client, oidc_provider, {**SIGNE, "preferred_username": "signe.ny"})
    assert response["Location"] == HOME
    assert signed_in_as(client) == org["leader"].user


def test_the_next_page_asked_for_is_where_the_sign_in_lands(org, client, oidc_provider):
    _location, query = start(client, next="/netvaerk/")
    code = oidc_provider.issue(SIGNE, nonce=query["nonce"])
    response = client.get(reverse("oidc:callback"), {"code": code, "state": query["state"]})
    assert response["Location"] == "/netvaerk/"


def test_matching_on_email_when_configured(org, client, oidc_provider, settings):
    settings.OIDC_MATCH_ON = "email"
    settings.OIDC_USERNAME_CLAIM = "email"
    katrine = org["participant"].user
    response = sign_in(client, oidc_provider, {"sub": "k-1", "email": katrine.email.upper()})
    assert response["Location"] == HOME
    assert signed_in_as(client) == katrine


def test_an_unknown_identity_sees_a_danish_message_and_is_not_signed_in(org, client, oidc_provider):
    response = sign_in(client, oidc_provider, {"sub": "x-9", "preferred_username": "ukendt"})
    assert refused_with(response, "ukendt")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Netværksportalen kender dig ikke" in html
    assert "Mine netværk" not in html  # no menu: nothing else
    assert signed_in_as(client) is None


def test_a_person_bound_to_another_subject_is_not_taken_over(org, client, oidc_provider):
    org["leader"].oidc_subject = "the-real-signe"
    org["leader"].save()
    response = sign_in(client, oidc_provider, {**SIGNE, "sub": "someone-else"})
    assert refused_with(response, "ukendt")
    assert signed_in_as(client) is None


@pytest.mark.parametrize("how", ["left_on", "inactive"])
def test_a_leaver_cannot_sign_in(org, client, oidc_provider, how):
    person = org["leader"]
    if how == "left_on":
        person.left_on = datetime.date(2026, 10, 31)
        person.save()
    else:
        person.user.is_active = False
        person.user.save()
    response = sign_in(client, oidc_provider, SIGNE)
    assert refused_with(response, "fratraadt")
    assert "Din adgang er lukket" in client.get(response["Location"]).content.decode()
    assert signed_in_as(client) is None
    person.refresh_from_db()
    assert person.oidc_subject == ""


def test_a_leaver_known_by_subject_is_refused_too(org, client, oidc_provider):
    sign_in(client, oidc_provider, SIGNE)
    client.post(reverse("logout"))
    org["leader"].left_on = datetime.date(2026, 10, 31)
    org["leader"].save()
    assert refused_with(sign_in(client, oidc_provider, SIGNE), "fratraadt")


def _expired():
    return {"iat": int(time.time()) - 3600, "exp": int(time.time()) - 600}


@pytest.mark.parametrize(
    "token",
    [
        pytest.param({"key": new_key()}, id="wrong-signature"),
        pytest.param(_expired(), id="expired"),
        pytest.param({"aud": "another-client"}, id="wrong-audience"),
        pytest.param({"aud": [CLIENT_ID, "another-client"]}, id="two-audiences-no-azp"),
        pytest.param({"iss": "https://evil.example"}, id="wrong-issuer"),
        pytest.param({"alg": "none"}, id="unsigned"),
        pytest.param({"alg": "HS256", "key": "hemmelig-klient-noegle-" * 2}, id="hmac"),
    ],
)
def test_a_bad_id_token_is_refused(org, client, oidc_provider, token):
    response = sign_in(client, oidc_provider, SIGNE, **token)
    assert refused_with(response, "fejl")
    page = client.get(response["Location"])
    assert "Log ind mislykkedes" in page.content.decode()
    assert signed_in_as(client) is None
    org["leader"].refresh_from_db()
    assert org["leader"].oidc_subject == ""


def test_a_replayed_nonce_is_refused(org, client, oidc_provider):
    _location, first = start(client)
    code = oidc_provider.issue(SIGNE, nonce=first["nonce"])
    client.get(reverse("oidc:callback"), {"code": code, "state": first["state"]})
    client.post(reverse("logout"))
    # A new sign-in, answered with a token carrying the earlier sign-in's nonce.
    _location, second = start(client)
    code = oidc_provider.issue(SIGNE, nonce=first["nonce"])
    response = client.get(reverse("oidc:callback"), {"code": code, "state": second["state"]})
    assert refused_with(response, "fejl")
    assert signed_in_as(client) is None


def test_a_replayed_callback_is_refused(org, client, oidc_provider):
    _location, query = start(client)
    code = oidc_provider.issue(SIGNE, nonce=query["nonce"])
    callback = {"code": code, "state": query["state"]}
    client.get(reverse("oidc:callback"), callback)
    client.post(reverse("logout"))
    _location, _other = start(client)  # the session has states, but not that one
    assert refused_with(client.get(reverse("oidc:callback"), callback), "fejl")
    assert signed_in_as(client) is None


def test_an_error_from_the_provider_is_refused(org, client, oidc_provider):
    _location, query = start(client)
    response = client.get(
        reverse("oidc:callback"), {"error": "access_denied", "state": query["state"]}
    )
    assert refused_with(response, "fejl")


def test_a_provider_that_cannot_be_reached_gives_a_danish_message(org, client, settings):
    from tests.conftest import free_port

    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_OP_DISCOVERY_URL = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_TIMEOUT = 2
    response = client.get(reverse("oidc:authenticate"))
    assert refused_with(response, "fejl")


def test_the_discovery_document_is_fetched_once(org, client, oidc_provider):
    sign_in(client, oidc_provider, SIGNE)
    client.post(reverse("logout"))
    sign_in(client, oidc_provider, SIGNE)
    assert oidc_provider.discovery_hits == 1


# --- the secretariat ------------------------------------------------------------------------


def _in_secretariat(user):
    user.refresh_from_db()
    return user.groups.filter(name=django_settings.SECRETARIAT_GROUP).exists() and user.is_staff


def test_the_secretariat_claim_adds_to_the_group_and_its_absence_removes(
    org, client, oidc_provider, settings
):
    settings.OIDC_SECRETARIAT_VALUE = "netvaerk-sekretariat"
    olga = org["outsider"].user
    claims = {"sub": "o-1", "preferred_username": "olga"}
    sign_in(client, oidc_provider, {**claims, "roles": ["andet", "netvaerk-sekretariat"]})
    assert _in_secretariat(olga)
    assert client.get(reverse("workspace")).status_code == 200
    client.post(reverse("logout"))
    sign_in(client, oidc_provider, claims)
    assert not _in_secretariat(olga)
    assert client.get(reverse("workspace")).status_code == 403


def test_the_secretariat_claim_may_come_from_userinfo_by_a_dotted_path(
    org, client, oidc_provider, settings
):
    settings.OIDC_SECRETARIAT_VALUE = "netvaerk-sekretariat"
    settings.OIDC_SECRETARIAT_CLAIM = "realm_access.roles"
    userinfo = {"realm_access": {"roles": ["netvaerk-sekretariat"]}}
    sign_in(client, oidc_provider, {"sub": "o-1", "preferred_username": "olga"}, userinfo)
    assert _in_secretariat(org["outsider"].user)


def test_without_revoke_the_group_is_kept(org, client, oidc_provider, settings):
    settings.OIDC_SECRETARIAT_VALUE = "netvaerk-sekretariat"
    settings.OIDC_SECRETARIAT_REVOKE = False
    sign_in(client, oidc_provider, {"sub": "r-1", "preferred_username": "rikke"})
    assert _in_secretariat(org["secretariat"].user)


def test_without_a_configured_value_the_group_is_left_to_the_administration(
    org, client, oidc_provider
):
    sign_in(client, oidc_provider, {"sub": "r-1", "preferred_username": "rikke"})
    assert _in_secretariat(org["secretariat"].user)


# --- logging out ----------------------------------------------------------------------------


def test_logging_out_ends_the_providers_session_too(org, client, oidc_provider):
    sign_in(client, oidc_provider, SIGNE)
    response = client.post(reverse("logout"))
    location = urlparse(response["Location"])
    assert response.status_code == 302
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{oidc_provider.url}/logout"
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["post_logout_redirect_uri"] == "http://testserver/konto/log-ind/"
    assert query["id_token_hint"].count(".") == 2
    assert signed_in_as(client) is None


def test_without_an_end_session_endpoint_logging_out_stays_local(org, client, oidc_provider):
    oidc_provider.end_session = False
    sign_in(client, oidc_provider, SIGNE)
    response = client.post(reverse("logout"))
    assert response["Location"] == LOGIN


def test_a_password_login_logs_out_locally(org, client, oidc_provider):
    client.post(LOGIN, {"username": "signe", "password": PASSWORD})
    assert client.post(reverse("logout"))["Location"] == LOGIN


# --- the login page and local login ---------------------------------------------------------


def test_the_login_page_offers_single_sign_on_when_configured(org, client, oidc_provider):
    html = client.get(LOGIN).content.decode()
    assert "Log ind med kommunens login" in html
    assert 'name="password"' in html


def test_the_login_page_has_no_single_sign_on_without_a_provider(org, client):
    html = client.get(LOGIN).content.decode()
    assert "kommunens login" not in html
    assert 'name="password"' in html


@pytest.fixture
def sso_only(oidc_provider, settings):
    settings.LOCAL_LOGIN = False
    return oidc_provider


def test_without_local_login_the_login_page_has_no_password_form(org, client, sso_only):
    html = client.get(LOGIN).content.decode()
    assert "Log ind med kommunens login" in html
    assert 'name="password"' not in html
    assert "glemt din adgangskode" not in html


def test_without_local_login_a_posted_password_is_not_accepted(org, client, sso_only):
    response = client.post(f"{LOGIN}?next=/netvaerk/", {"username": "signe", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('oidc:authenticate')}?next=%2Fnetvaerk%2F"
    assert signed_in_as(client) is None
    request = RequestFactory().post(LOGIN)
    assert authenticate(request, username="signe", password=PASSWORD) is None


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete"]
)
def test_without_local_login_the_password_reset_pages_are_gone(org, client, sso_only, name):
    assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse(name), {"email": org["leader"].user.email}).status_code == 404


def test_without_local_login_password_reset_links_and_change_are_gone(org, login, sso_only):
    client = login("leader", org)
    assert client.get(reverse("password_change")).status_code == 404
    link = reverse("password_reset_confirm", args=["MQ", "token"])
    assert client.get(link).status_code == 404


def test_without_local_login_the_admin_takes_no_password(org, client, sso_only):
    response = client.get(reverse("admin:login"))
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2F"
    response = client.post(reverse("admin:login"), {"username": "rikke", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_as(client) is None
    assert client.get(reverse("admin:index")).status_code == 302


def test_without_local_login_the_secretariat_signs_in_to_the_admin_by_sso(org, client, sso_only):
    response = sign_in(client, sso_only, {"sub": "r-1", "preferred_username": "rikke"})
    assert response["Location"] == HOME
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_local_login_the_admin_login_is_djangos(org, client, settings):
    assert client.get(reverse("admin:login")).status_code == 200
    response = client.post(reverse("admin:login"), {"username": "rikke", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_local_login_off_without_a_provider_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_") and k != "LOCAL_LOGIN"}
    env["LOCAL_LOGIN"] = "false"
    result = subprocess.run(
        [sys.executable, "-c", "import netvaerk.settings"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LOCAL_LOGIN=false kræver single sign-on" in result.stderr


def test_refused_sign_ins_never_lock_anyone_out(org, client, oidc_provider, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for i in range(3):
        unknown = {"sub": f"x-{i}", "preferred_username": "ukendt"}
        assert refused_with(sign_in(client, oidc_provider, unknown), "ukendt")
    assert sign_in(client, oidc_provider, SIGNE)["Location"] == HOME
    # Password guesses still count.
    client.post(reverse("logout"))
    for _ in range(2):
        client.post(LOGIN, {"username": "signe", "password": "forkert"})
    assert client.post(LOGIN, {"username": "signe", "password": PASSWORD}).status_code == 429


def test_without_local_login_the_admin_password_change_is_gone(org, login, sso_only):
    client = login("secretariat", org)
    assert client.get("/admin/password_change/").status_code == 404
    person_page = client.get(reverse("netvaerk:person-detail", args=[org["secretariat"].pk]))
    assert "Skift adgangskode" not in person_page.content.decode()


def test_with_local_login_the_admin_password_change_and_its_link_are_there(org, login):
    client = login("secretariat", org)
    assert client.get("/admin/password_change/").status_code == 200
    person_page = client.get(reverse("netvaerk:person-detail", args=[org["secretariat"].pk]))
    assert "Skift adgangskode" in person_page.content.decode()

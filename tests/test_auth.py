import re

import pytest
from django.core import mail
from django.urls import reverse

from .factories import PASSWORD

LOGIN = reverse("login")


def test_logging_in_leads_to_mine_netvaerk(org, client):
    response = client.post(LOGIN, {"username": "signe", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Mine netværk" in response.content.decode()


def test_a_wrong_password_says_so_in_danish_and_keeps_the_username(org, client):
    response = client.post(LOGIN, {"username": "signe", "password": "forkert"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "korrekt brugernavn og adgangskode" in html
    assert 'value="signe"' in html


def test_repeated_failures_lock_the_login_even_with_the_right_password(org, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(LOGIN, {"username": "signe", "password": "forkert"})
    response = client.post(LOGIN, {"username": "signe", "password": PASSWORD})
    assert response.status_code == 429
    assert "Login midlertidigt spærret" in response.content.decode()


def test_a_lock_out_for_one_user_does_not_lock_out_another(org, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(LOGIN, {"username": "signe", "password": "forkert"})
    response = client.post(LOGIN, {"username": "katrine", "password": PASSWORD})
    assert response.status_code == 302


def test_behind_a_proxy_the_lock_out_follows_the_forwarded_address(org, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    for _ in range(2):
        client.post(
            LOGIN,
            {"username": "signe", "password": "forkert"},
            HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1",
        )
    blocked = client.post(
        LOGIN,
        {"username": "signe", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1",
    )
    other_client = client.post(
        LOGIN,
        {"username": "signe", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.0.1",
    )
    assert blocked.status_code == 429
    assert other_client.status_code == 302


def test_password_reset_sends_a_danish_email_with_a_working_link(org, client, run_jobs):
    client.post(reverse("password_reset"), {"email": org["leader"].user.email})
    assert mail.outbox == []  # the worker sends it
    run_jobs()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Ny adgangskode til Netværksportalen"
    assert "Kære Signe Lauridsen" in message.body
    link = re.search(r"http://testserver(/konto/adgangskode/nulstil/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "Vælg ny adgangskode" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "en-helt-ny-kode-2026", "new_password2": "en-helt-ny-kode-2026"},
    )
    assert response.status_code == 302
    org["leader"].user.refresh_from_db()
    assert org["leader"].user.check_password("en-helt-ny-kode-2026")


def test_password_reset_for_an_unknown_address_reveals_nothing(org, client, run_jobs):
    response = client.post(reverse("password_reset"), {"email": "ukendt@kommune.example"})
    assert response.status_code == 302
    run_jobs()
    assert mail.outbox == []


def test_the_password_change_page_checks_the_old_password(org, login):
    client = login("leader", org)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "forkert",
            "new_password1": "ny-kode-2026-x",
            "new_password2": "ny-kode-2026-x",
        },
    )
    assert "Din gamle adgangskode blev ikke indtastet korrekt" in response.content.decode()


def test_logout_needs_a_post_and_ends_the_session(org, login):
    client = login("leader", org)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "de-DE", ""])
def test_pages_are_danish_whatever_the_browser_asks_for(org, login, accept):
    client = login("leader", org)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept)
    assert '<html lang="da">' in response.content.decode()
    assert response["Content-Language"] == "da"


def test_english_can_be_chosen_and_is_remembered(org, login):
    client = login("leader", org)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "My networks" in html


def test_danish_dates_on_the_network_page(network, org, login):
    html = login("leader", org).get(network.get_absolute_url()).content.decode()
    assert "1. september 2026" in html

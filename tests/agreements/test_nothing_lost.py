"""A session that times out, or a CSRF token gone stale, does not throw away typed text."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEXT = "Tre lange afsnit om tidsbalancen, skrevet over en hel time"


def _step_data(agreement):
    return {"lock_version": agreement.lock_version, "opgaver-i-basis": TEXT, "go": "next"}


def _step(agreement):
    return next(
        n
        for n, s in enumerate(agreement.template_version.sections, 1)
        if any(q["key"] == "opgaver-i-basis" for q in s["questions"])
    )


def test_after_a_session_timeout_the_text_comes_back_after_logging_in(network, org, start):
    agreement = start(network, "aftale-personaleleder", org["leader"])
    url = reverse("agreements:step", args=[agreement.pk, _step(agreement)])
    client = Client()  # the session has expired: nobody is logged in
    response = client.post(url, _step_data(agreement))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    org["leader"].user.set_password("hemmeligt-1234")
    org["leader"].user.save()
    response = client.post(
        response.url, {"username": "signe", "password": "hemmeligt-1234"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert TEXT in page
    assert "Du var blevet logget ud" in page
    agreement.refresh_from_db()
    assert "opgaver-i-basis" not in agreement.answers  # shown again, not saved by itself
    # Shown once: a reload shows the saved (empty) answer.
    assert TEXT not in client.get(url).content.decode()


def test_after_a_csrf_failure_the_text_is_shown_again(network, org, start):
    agreement = start(network, "aftale-personaleleder", org["leader"])
    url = reverse("agreements:step", args=[agreement.pk, _step(agreement)])
    client = Client(enforce_csrf_checks=True)
    client.force_login(org["leader"].user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(url, _step_data(agreement), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert TEXT in page
    assert "Siden var forældet" in page


def test_a_foreign_origin_is_refused_and_nothing_kept(network, org, start):
    agreement = start(network, "aftale-personaleleder", org["leader"])
    url = reverse("agreements:step", args=[agreement.pk, _step(agreement)])
    client = Client(enforce_csrf_checks=True)
    client.force_login(org["leader"].user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(url, _step_data(agreement), headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert "Siden er forældet" in response.content.decode()
    assert TEXT not in client.get(url).content.decode()

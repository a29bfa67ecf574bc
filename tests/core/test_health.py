"""The health check: answers without the database or a login, for load balancers."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_health_answers_ok_without_login_or_queries(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert client.post(reverse("health")).status_code == 405

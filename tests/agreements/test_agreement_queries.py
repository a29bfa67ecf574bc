"""Agreement pages keep a constant number of queries however much there is on them."""

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Comment, Template

pytestmark = pytest.mark.django_db


def _busy(network, org, start, extra):
    """All seven templates started, `extra` comments and saves on the co-driver agreement."""
    agreements = [start(network, t.key, org["leader"]) for t in Template.objects.all()]
    codriver = next(a for a in agreements if a.template.key == "aftale-co-driver")
    for i in range(extra):
        Comment.objects.create(
            agreement=codriver, revision=1, author=org["codriver"], text=f"Kommentar {i}"
        )
        codriver.refresh_from_db()
        services.agreement_save_step(
            agreement=codriver,
            step=1,
            answers={"forventninger-til-co-driver": f"Udkast {i}"},
            lock_version=codriver.lock_version,
        )
    return codriver


@pytest.mark.parametrize("extra", [0, 15])
def test_the_network_agreements_page(network, org, login, start, django_assert_num_queries, extra):
    _busy(network, org, start, extra)
    client = login("leader", org)
    url = reverse("agreements:network-agreements", args=[network.slug])
    # 12 (one for the live versions, one for the agreements' people), and the access log's
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [0, 15])
def test_the_agreement_page(network, org, login, start, django_assert_num_queries, extra):
    codriver = _busy(network, org, start, extra)
    client = login("codriver", org)
    # The agreement and its people, the access log's (bulk) insert, the generations, then
    # what the page shows, read again: the agreement and its people, its confirmations,
    # agreed versions, comments and its template's latest version.
    with django_assert_num_queries(14):
        assert client.get(codriver.get_absolute_url()).status_code == 200
    with django_assert_num_queries(8):  # until an agreement or a name is written
        assert client.get(codriver.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("extra", [0, 15])
def test_the_history_page(network, org, login, start, django_assert_num_queries, extra):
    codriver = _busy(network, org, start, extra)
    client = login("leader", org)
    with django_assert_num_queries(9):  # 8, and the access log's (bulk) insert
        assert client.get(reverse("agreements:history", args=[codriver.pk])).status_code == 200

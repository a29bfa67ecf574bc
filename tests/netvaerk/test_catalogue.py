import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from netvaerk.models import Network, NetworkRole, Phase

from ..factories import NetworkFactory, NetworkRoleFactory
from ..markup import tidy

URL = reverse("netvaerk:network-list")


@pytest.fixture
def catalogue_networks(network, org):
    innovation = NetworkFactory(
        name="Klimatilpasning med borgerne",
        theme="Regnvand og byrum",
        type=Network.Type.INNOVATION,
        status=Network.Status.TESTING,
        current_phase=Phase.objects.get(number=5),
    )
    learning = NetworkFactory(
        name="Digital læring",
        theme="Kompetencer til medarbejdere",
        type=Network.Type.LEARNING,
        status=Network.Status.COMPLETED,
        current_phase=Phase.objects.get(number=8),
    )
    return {"welfare": network, "innovation": innovation, "learning": learning}


def _names(response):
    return [n.name for n in response.context["page"].object_list]


def test_the_catalogue_lists_every_network_with_its_leader(catalogue_networks, org, login):
    response = login("outsider", org).get(URL)
    assert _names(response) == [
        "Digital læring",
        "Fællesskaber mod ensomhed",
        "Klimatilpasning med borgerne",
    ]
    assert "Signe Lauridsen" in response.content.decode()
    assert "3 netværk fundet" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "innovation"}, ["Klimatilpasning med borgerne"]),
        ({"status": "completed"}, ["Digital læring"]),
        ({"q": "regnvand"}, ["Klimatilpasning med borgerne"]),
        ({"q": "ENSOMHED"}, ["Fællesskaber mod ensomhed"]),
        ({"type": "laering", "status": "active"}, []),
    ],
)
def test_the_catalogue_filters_by_type_status_and_search(
    catalogue_networks, org, login, query, expected
):
    assert _names(login("outsider", org).get(URL, query)) == expected


def test_the_catalogue_filters_by_phase(catalogue_networks, org, login):
    phase = Phase.objects.get(number=5)
    response = login("outsider", org).get(URL, {"phase": phase.pk})
    assert _names(response) == ["Klimatilpasning med borgerne"]


def test_an_invalid_filter_shows_an_error_and_keeps_the_list(catalogue_networks, org, login):
    response = login("outsider", org).get(URL, {"type": "ukendt"})
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert len(_names(response)) == 3


def test_the_catalogue_pages_through_many_networks(org, login):
    for i in range(30):
        NetworkFactory(name=f"Netværk {i:02d}")
    client = login("outsider", org)
    first = client.get(URL)
    assert len(_names(first)) == 25
    assert "Side 1 af 2" in first.content.decode()
    assert len(_names(client.get(URL, {"side": 2}))) == 5


@pytest.mark.parametrize("count", [5, 40])
def test_the_catalogue_has_a_constant_number_of_queries(
    org, login, django_assert_num_queries, count
):
    """session, user, secretariat group, the menu's person with its unread count, the
    generations of what the list shows; while the list is not cached: count, page, leaders,
    phases."""
    for _ in range(count):
        NetworkRoleFactory(role=NetworkRole.Role.LEADER)
    client = login("outsider", org)
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
    with django_assert_num_queries(5):
        assert client.get(URL).content.decode().count("<tr>") == min(count, 25) + 1


def test_the_cached_catalogue_follows_every_change_it_shows(network, org, login):
    client = login("outsider", org)
    client.get(URL)
    NetworkRole.objects.filter(network=network, role=NetworkRole.Role.LEADER).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert "Ikke udpeget" in client.get(URL).content.decode()
    Network.objects.filter(pk=network.pk).update(theme="Et nyt tema")
    assert "Et nyt tema" in client.get(URL).content.decode()
    Phase.objects.filter(pk=network.current_phase_id).update(name="Omdøbt fase")
    assert "Omdøbt fase" in client.get(URL).content.decode()


# The rows as the template wrote them before netvaerk.views._catalogue_rows_html wrote them.
ROW_TEMPLATE = """{% load i18n %}{% for network in networks %}
    <tr>
      <td><a href="{{ network.get_absolute_url }}" class="fw-semibold">{{ network.name }}</a><br><span class="small text-body-secondary">{{ network.theme }}</span></td>
      <td class="d-none d-md-table-cell">{{ network.get_type_display }}</td>
      <td>{{ network.get_status_display }}<span class="d-lg-none small text-body-secondary">{% if network.current_phase %}<br>{% translate "Fase" %} {{ network.current_phase.number }}{% endif %}</span></td>
      <td class="d-none d-lg-table-cell">{{ network.current_phase|default:"–" }}</td>
      <td class="d-none d-md-table-cell">{% with leader=network.leader %}{% if leader %}{{ leader.name }}{% else %}<span class="text-body-secondary">{% translate "Ikke udpeget" %}</span>{% endif %}{% endwith %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_rows_written_in_python_are_the_markup_the_template_wrote(catalogue_networks, language):
    from django.template import Context, Template
    from django.utils import translation

    from netvaerk import views

    NetworkFactory(name='<b>Åben</b> & "fri"', theme="", current_phase=None)
    with translation.override(language):
        networks = list(Network.objects.for_listing().order_by("name"))
        assert any(n.leader for n in networks) and any(not n.leader for n in networks)
        assert any(n.current_phase for n in networks) and not all(n.current_phase for n in networks)
        expected = Template(ROW_TEMPLATE).render(Context({"networks": networks}))
        written = views._catalogue_rows_html(networks)
    assert tidy(expected) == tidy(written)
    assert "&lt;b&gt;Åben&lt;/b&gt; &amp; &quot;fri&quot;" in written

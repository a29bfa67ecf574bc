"""/soeg/: one search box for networks, people and departments."""

import pytest
from django.urls import reverse

from ..factories import DepartmentFactory, NetworkFactory, PersonFactory, UserFactory

SPELLINGS = ["Ældre", "ældre", "aeldre", "AELDRE"]


def _search(client, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return response


def _names(response):
    ctx = response.context
    return (
        [n.name for n in ctx["networks"]["items"]],
        [p.name for p in ctx["people"]["items"]],
        [d.name for d in ctx["departments"]["items"]],
    )


@pytest.mark.parametrize("q", SPELLINGS)
def test_every_spelling_finds_the_same_networks_people_and_departments(network, org, login, q):
    NetworkFactory(name="Ældre i bevægelse", slug="aeldre-bevaegelse")
    client = login("participant", org)
    networks, people, departments = _names(_search(client, q))
    assert networks == ["Ældre i bevægelse"]
    assert people == ["Jens Overgaard", "Katrine Møller", "Signe Lauridsen"]
    assert departments == ["Ældre og Sundhed"]


def test_the_page_shows_each_section_with_heading_count_and_links(network, org, login):
    department = org["departments"]["aeldre"]
    client = login("outsider", org)
    html = _search(client, "ældre").content.decode()
    for heading in ["Netværk", "Personer", "Afdelinger"]:
        assert f'class="h4">{heading} <span class="badge status-badge">' in html
    assert '<label for="id_q" class="form-label">Søgeord</label>' in html
    assert 'value="ældre"' in html
    assert reverse("department-detail", args=[department.pk]) in html
    assert org["leader"].get_absolute_url() in html
    assert f"{reverse('roles:person-list')}?q=%C3%A6ldre" in html
    assert "Ingen netværk passer til søgningen." in html


def test_a_compound_word_is_found_and_words_are_anded(org, login):
    PersonFactory(user=UserFactory(first_name="Bo", last_name="Bech"), title="Netværksleder")
    client = login("outsider", org)
    assert _names(_search(client, "leder"))[1] == ["Bo Bech"]
    assert _names(_search(client, "leder bech"))[1] == ["Bo Bech"]
    assert _names(_search(client, "leder signe"))[1] == []


def test_each_section_shows_ten_and_counts_all(org, login):
    for i in range(12):
        NetworkFactory(name=f"Ældrenetværk {i:02d}", slug=f"aeldre-{i}")
        DepartmentFactory(name=f"Ældreteam {i:02d}", parent=org["departments"]["aeldre"])
    client = login("outsider", org)
    response = _search(client, "aeldre")
    ctx = response.context
    assert ctx["networks"]["count"] == 12
    expected = [f"Ældrenetværk {i:02d}" for i in range(10)]
    assert [n.name for n in ctx["networks"]["items"]] == expected
    assert ctx["departments"]["count"] == 13
    assert len(ctx["departments"]["items"]) == 10
    html = response.content.decode()
    assert "Se alle 12 netværk i kataloget" in html
    assert f"{reverse('netvaerk:network-list')}?q=aeldre" in html


def test_an_empty_query_searches_nothing(org, login, django_assert_num_queries):
    client = login("outsider", org)
    response = _search(client, "   ")
    assert "networks" not in response.context
    assert "Skriv et eller flere ord" in response.content.decode()


def test_the_header_search_box_submits_to_the_search_page(org, login):
    client = login("outsider", org)
    html = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}" role="search"' in html
    assert 'id="topsoeg" name="q"' in html


def test_the_search_page_has_a_constant_number_of_queries(
    network, org, login, django_assert_num_queries
):
    client = login("outsider", org)
    # 11, the access log's insert and the generations of what is found
    with django_assert_num_queries(12) as ctx:
        _search(client, "ældre")
    for i in range(15):
        NetworkFactory(name=f"Ældrenetværk {i:02d}", slug=f"aeldre-{i}")
        PersonFactory(department=org["departments"]["aeldre"])
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = _search(client, "ældre")
    assert "Ældrenetværk 00" in response.content.decode()
    with django_assert_num_queries(6):  # cached until a network, person or department changes
        assert "Ældrenetværk 00" in _search(client, "ældre").content.decode()

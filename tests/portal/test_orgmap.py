"""The organisation map: the department tree, the department pages and the map of departments
and networks, with its filters, roll-up over subtrees, limits and query counts."""

import datetime
import re

import pytest
from django.urls import reverse

from netvaerk.models import Network, NetworkRole
from portal import orgmap

from ..factories import DepartmentFactory, NetworkFactory, NetworkRoleFactory, PersonFactory

URL = "/organisation/"


def _map(response):
    """The map as {department name: {network name: (own, below, lead, join)}} of marked cells."""
    result = {}
    for row in response.context["map"]["rows"]:
        result[row["department"].name] = {
            c["network"].name: (c["own"], c["below"], c["lead"], c["join"])
            for c in row["cells"]
            if c["any"]
        }
    return result


def _other_network(org, department_key="aeldre", **kwargs):
    """A second network: a new person in `department_key` leads it."""
    other = NetworkFactory(name="Grøn omstilling", slug="groen", **kwargs)
    person = PersonFactory(department=org["departments"][department_key])
    NetworkRoleFactory(network=other, person=person, role=NetworkRole.Role.LEADER)
    return other


def test_the_urls_are_the_agreed_ones():
    assert reverse("organisation") == "/organisation/"
    assert reverse("department-detail", args=[7]) == "/organisation/7/"


def test_anonymous_users_are_sent_to_login(network, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/?next=/organisation/")


def test_the_tree_is_nested_lists_with_managers_counts_and_links(network, org, login):
    response = login("outsider", org).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    deps = org["departments"]
    tree = html[html.index('id="trae"') :]
    # Direktionen > Social og Sundhed > Ældre og Sundhed, each a list inside the one above.
    assert re.search(
        r"<ul><li>\s*<a [^>]*>Direktionen</a>.*?<ul><li>\s*<a [^>]*>Social og Sundhed</a>"
        r".*?<ul><li>\s*<a [^>]*>Ældre og Sundhed</a>.*?</li></ul>\s*</li></ul>\s*</li></ul>",
        tree,
        re.S,
    )
    assert tree.count("<ul>") == tree.count("</ul>") == 3
    for department in deps.values():
        assert reverse("department-detail", args=[department.pk]) in tree
    assert "Leder: Jens Overgaard" in tree
    # Ældre og Sundhed: 3 people, in 1 network as a department and 1 through its staff.
    aeldre = tree[tree.index(">Ældre og Sundhed<") :]
    assert "3 medarbejdere" in aeldre
    assert "deltager i 1 netværk" in aeldre and "medarbejdere i 1 netværk" in aeldre
    direktion = tree[tree.index(">Direktionen<") : tree.index(">Social og Sundhed<")]
    assert "2 medarbejdere" in direktion and "deltager i 0 netværk" in direktion


def test_the_map_rolls_each_row_up_over_the_departments_below_it(network, org, login):
    response = login("participant", org).get(URL)
    name = network.name
    # Default: the top two levels. Sundhed takes part itself; Direktionen only through
    # Ældre og Sundhed and Sundhed below it. Signe leads (in Ældre); Katrine (Ældre),
    # Kasper and Helle (Sundhed) take part.
    assert _map(response) == {
        "Direktionen": {name: (False, True, 1, 3)},
        "Social og Sundhed": {name: (True, False, 1, 3)},
    }
    html = response.content.decode()
    assert "<caption>" in html and 'scope="row"' in html and 'scope="col"' in html
    assert '<div class="table-responsive orgmap-wrap">' in html
    # Not by colour alone: the marks are words for screen readers and letters on screen.
    assert "Deltager som afdeling." in html
    assert "En underafdeling deltager som afdeling." in html
    assert "1 medarbejder leder." in html and "3 medarbejdere deltager." in html
    assert "Afdelingen deltager i netværket som afdeling." in html  # the legend


def test_the_map_shows_the_chosen_subtree(network, org, login):
    deps = org["departments"]
    _other_network(org, "sundhed")
    response = login("outsider", org).get(URL, {"afdeling": deps["aeldre"].pk})
    assert response.context["root"] == deps["aeldre"]
    # Only Ældre og Sundhed; the network led from Sundhed is not in this part of the tree.
    assert _map(response) == {"Ældre og Sundhed": {network.name: (True, False, 1, 1)}}
    tree = response.content.decode().split('id="trae"')[1]
    assert ">Ældre og Sundhed<" in tree and ">Direktionen<" not in tree
    assert "Udsnit:" in response.content.decode()


def test_more_levels_show_deeper_departments(network, org, login):
    response = login("outsider", org).get(URL, {"niveauer": 3})
    assert list(_map(response)) == ["Direktionen", "Social og Sundhed", "Ældre og Sundhed"]
    rows = response.context["map"]["rows"]
    assert [r["indent"] for r in rows] == [0, 1, 2]
    assert [r["people"] for r in rows] == [8, 6, 3]


def test_the_network_type_filter_and_the_filter_state_in_the_url(network, org, login):
    _other_network(org, type=Network.Type.LEARNING)
    client = login("outsider", org)
    both = client.get(URL)
    assert [n.name for n in both.context["map"]["columns"]] == [
        "Fællesskaber mod ensomhed",
        "Grøn omstilling",
    ]
    learning = client.get(URL, {"type": "laering", "afdeling": org["departments"]["sundhed"].pk})
    assert [n.name for n in learning.context["map"]["columns"]] == ["Grøn omstilling"]
    html = learning.content.decode()
    assert '<option value="laering" selected>' in html
    assert f'<option value="{org["departments"]["sundhed"].pk}" selected>' in html
    innovation = client.get(URL, {"type": "innovation"})
    assert innovation.context["map"]["columns"] == []
    assert "Ingen netværk i dette udsnit." in innovation.content.decode()


def test_an_invalid_filter_is_ignored_without_dropping_the_others(network, org, login):
    client = login("outsider", org)
    for bad in ["abc", "999999"]:
        response = client.get(URL, {"afdeling": bad, "type": "innovation", "niveauer": "9"})
        assert response.status_code == 200
        assert response.context["root"] is None
        assert response.context["levels"] == orgmap.DEFAULT_LEVELS
        assert response.context["map"]["columns"] == []  # the type filter still applies
        assert "Et af filtrene var ugyldigt" in response.content.decode()


def test_people_without_a_department_are_not_on_the_map(network, org, login):
    NetworkRoleFactory(network=network, person=PersonFactory(department=None))
    response = login("outsider", org).get(URL)
    assert response.status_code == 200
    assert _map(response)["Direktionen"] == {network.name: (False, True, 1, 3)}
    assert [r["people"] for r in response.context["map"]["rows"]] == [8, 6]


def test_ended_roles_do_not_count(network, org, login):
    NetworkRole.objects.filter(person=org["participant"]).update(
        ends_on=datetime.date(2026, 12, 31)
    )
    response = login("outsider", org).get(URL, {"afdeling": org["departments"]["aeldre"].pk})
    assert _map(response) == {"Ældre og Sundhed": {network.name: (True, False, 1, 0)}}


def test_the_most_involved_networks_come_first_and_a_cut_map_says_so(
    network, org, login, monkeypatch
):
    _other_network(org)
    monkeypatch.setattr(orgmap, "MAX_COLUMNS", 1)
    monkeypatch.setattr(orgmap, "MAX_ROWS", 1)
    response = login("outsider", org).get(URL)
    data = response.context["map"]
    assert [n.name for n in data["columns"]] == [network.name]  # four roles beat one
    assert data["total_columns"] == 2 and data["columns_cut"]
    assert [r["department"].name for r in data["rows"]] == ["Direktionen"]
    assert data["total_rows"] == 2 and data["rows_cut"]
    html = response.content.decode()
    assert "Kortet viser de første 1 af 2 afdelinger." in html
    assert "Kortet viser de 1 af 2 netværk" in html


def test_the_tree_shows_two_levels_below_the_chosen_department_and_links_further(
    network, org, login
):
    deps = org["departments"]
    # Team 0 and 1 under Ældre og Sundhed, Team 2 and 3 under Team 1, Team 4 and 5 under 3.
    _grow(org, 6)
    client = login("outsider", org)
    top = client.get(URL)
    names = [d.name for d, _ in top.context["tree"]]
    assert names == ["Direktionen", "Social og Sundhed", "Ældre og Sundhed"]
    html = top.content.decode()
    tree = html[html.index('id="trae"') :]
    # Ældre og Sundhed's two teams are one link away, said in words.
    assert "2 underafdelinger – vis dem" in tree
    assert f'href="/organisation/?afdeling={deps["aeldre"].pk}"' in tree
    assert 'class="breadcrumb"' not in html

    narrowed = client.get(URL, {"afdeling": deps["aeldre"].pk})
    assert [d.name for d, _ in narrowed.context["tree"]] == [
        "Ældre og Sundhed",
        "Team 0",
        "Team 1",
        "Team 2",
        "Team 3",
    ]
    html = narrowed.content.decode()
    assert "2 underafdelinger – vis dem" in html  # Team 4 and 5 under Team 3
    crumbs = html[html.index('class="breadcrumb"') : html.index("</ol>")]
    assert 'href="/organisation/"' in crumbs
    assert f'href="/organisation/?afdeling={deps["direktion"].pk}"' in crumbs
    assert f'href="/organisation/?afdeling={deps["sundhed"].pk}"' in crumbs
    assert 'aria-current="page">Ældre og Sundhed<' in crumbs
    # The department choice offers the way up and one step down, not the whole tree.
    options = [label.strip() for _, label in narrowed.context["department_choices"]]
    assert options == [
        "Hele organisationen",
        "Direktionen",
        "Social og Sundhed",
        "Ældre og Sundhed",
        "Team 0",
        "Team 1",
    ]


def test_the_tree_never_lists_more_than_max_tree_departments(org, login, monkeypatch):
    deps = org["departments"]
    for i in range(3):
        child = DepartmentFactory(name=f"Område {i}", parent=deps["sundhed"])
        DepartmentFactory(name=f"Gruppe {i}", parent=child)
    monkeypatch.setattr(orgmap, "MAX_TREE", 4)
    response = login("outsider", org).get(URL, {"afdeling": deps["sundhed"].pk})
    # Sundhed and its children fit only without the level below: that level goes, and
    # only the first children (in name order) are shown.
    names = [d.name for d, _ in response.context["tree"]]
    assert names == ["Social og Sundhed", "Område 0", "Område 1", "Område 2"]
    assert response.context["tree_cut"]
    html = response.content.decode()
    assert "Træet viser 4 afdelinger, for der er for mange" in html
    assert "1 underafdeling – vis den" in html


def test_the_menu_links_to_the_organisation(network, org, login):
    html = login("outsider", org).get(reverse("home")).content.decode()
    assert 'href="/organisation/"' in html
    html = login("outsider", org).get(URL).content.decode()
    assert 'href="/organisation/" aria-current="page"' in html


def _grow(org, n):
    """n more departments (under Ældre og Sundhed and below each other), each with people,
    taking part in networks as a department and through staff roles."""
    parent = org["departments"]["aeldre"]
    for i in range(n):
        department = DepartmentFactory(name=f"Team {i}", parent=parent)
        if i % 2:
            parent = department
        people = [PersonFactory(department=department) for _ in range(3)]
        other = NetworkFactory(type=Network.Type.INNOVATION)
        other.departments.add(department, org["departments"]["sundhed"])
        NetworkRoleFactory(network=other, person=people[0], role=NetworkRole.Role.LEADER)
        NetworkRoleFactory(network=other, person=people[1])
        department.manager = people[2]
        department.save()


@pytest.mark.parametrize(
    "params, queries",
    [({}, 18), ({"niveauer": 4}, 18), ({"type": "velfaerd"}, 18), ({"afdeling": "aeldre"}, 20)],
)
def test_the_organisation_page_has_a_constant_number_of_queries(
    network, org, login, django_assert_num_queries, params, queries
):
    if params.get("afdeling"):
        params = {**params, "afdeling": org["departments"]["aeldre"].pk}
    client = login("outsider", org)
    # session, user, groups, the menu's person with its unread count, [the chosen department,
    # its ancestors], the tree, 3 tree counts; map rows and their number; columns: roles and
    # listings per network, networks by name, the chosen networks; cells: own listings,
    # listings, roles; people
    with django_assert_num_queries(queries):
        client.get(URL, params)
    _grow(org, 6)
    with django_assert_num_queries(queries):
        response = client.get(URL, params)
    assert response.status_code == 200


def test_a_map_without_networks_runs_fewer_queries(network, org, login, django_assert_num_queries):
    client = login("outsider", org)
    with django_assert_num_queries(13):  # no columns, so no cells to count
        client.get(URL, {"type": "laering"})


def test_the_department_page_shows_manager_people_and_networks(network, org, login):
    deps = org["departments"]
    response = login("outsider", org).get(reverse("department-detail", args=[deps["aeldre"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Ældre og Sundhed" in html
    # Breadcrumbs through the tree above it.
    crumbs = html[html.index('class="breadcrumb"') : html.index("</ol>")]
    assert "Direktionen" in crumbs and "Social og Sundhed" in crumbs
    assert "Jens Overgaard" in html  # the manager
    people = [p.name for p in response.context["page"].object_list]
    assert people == ["Jens Overgaard", "Katrine Møller", "Signe Lauridsen"]
    assert [n.name for n in response.context["listed_networks"]] == [network.name]
    [staff_network] = response.context["staff_networks"]
    assert [p.name for p in staff_network.staff_leaders] == ["Signe Lauridsen"]
    assert [(str(label), n) for label, n in staff_network.staff_roles] == [
        ("Netværksleder", 1),
        ("Netværksdeltager", 1),
    ]
    assert f'href="/organisation/?afdeling={deps["aeldre"].pk}"' in html
    assert response.context["subtree_people"] == 3


def test_the_department_page_lists_sub_departments_and_the_people_of_the_tree(org, login):
    sundhed = org["departments"]["sundhed"]
    response = login("outsider", org).get(reverse("department-detail", args=[sundhed.pk]))
    assert [(c.name, c.people_count) for c in response.context["children"]] == [
        ("Ældre og Sundhed", 3)
    ]
    assert response.context["subtree_people"] == 6
    assert response.context["staff_networks"] == []
    assert "Afdelingen er ikke med i noget netværk som afdeling." in response.content.decode()


def test_the_department_page_pages_its_people_by_fifty(org, login):
    team = DepartmentFactory(name="Stort team", parent=org["departments"]["aeldre"])
    for _ in range(55):
        PersonFactory(department=team)
    client = login("outsider", org)
    url = reverse("department-detail", args=[team.pk])
    first = client.get(url)
    assert len(first.context["page"].object_list) == 50
    assert "Side 1 af 2" in first.content.decode()
    second = client.get(url, {"side": 2})
    assert len(second.context["page"].object_list) == 5


def test_an_unknown_department_is_404(org, login):
    response = login("outsider", org).get(reverse("department-detail", args=[999999]))
    assert response.status_code == 404


def test_the_department_page_has_a_constant_number_of_queries(
    network, org, login, django_assert_num_queries
):
    aeldre = org["departments"]["aeldre"]
    _grow(org, 1)  # a sub-department (a leaf's children are known without a query)
    client = login("outsider", org)
    url = reverse("department-detail", args=[aeldre.pk])
    # session, user, groups (menu), the menu's person with its unread count, department, the
    # access log row, ancestors, children, people below, listed networks, staff networks,
    # their leaders, people count, people
    with django_assert_num_queries(14):
        client.get(url)
    _grow(org, 4)
    for _ in range(5):
        person = PersonFactory(department=aeldre)
        NetworkRoleFactory(network=NetworkFactory(), person=person, role=NetworkRole.Role.LEADER)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert len(response.context["staff_networks"]) == 6
    assert len(response.context["children"]) == 3


def test_leavers_are_not_counted_or_listed_in_their_department(network, org, login):
    import datetime

    katrine = org["participant"]
    katrine.left_on = datetime.date(2026, 11, 1)
    katrine.save()
    client = login("secretariat", org)
    aeldre = org["departments"]["aeldre"]
    response = client.get(reverse("department-detail", args=[aeldre.pk]))
    listed = list(response.context["page"].object_list)
    assert org["leader"] in listed and katrine not in listed
    assert response.context["subtree_people"] == len(listed)

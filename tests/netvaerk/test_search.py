"""Danish search in the catalogue and the directory, and how the search text is kept."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.search import normalise
from netvaerk.models import Network
from roles.models import Department, Person

from ..factories import DepartmentFactory, NetworkFactory, PersonFactory, UserFactory

SPELLINGS = ["Ældre", "ældre", "aeldre", "AELDRE"]


@pytest.fixture
def elder_networks(org):
    """Two networks about the elderly (one in the name, one in the challenge) and one not."""
    return [
        NetworkFactory(name="Ældre i bevægelse", slug="aeldre-bevaegelse", theme="Motion"),
        NetworkFactory(
            name="Mad og måltider",
            slug="mad",
            theme="Måltidet som fællesskab",
            challenge="Mange ældre spiser alene.",
        ),
        NetworkFactory(name="Skolevejen", slug="skolevejen", theme="Trafik"),
    ]


def _catalogue(client, q):
    response = client.get(reverse("netvaerk:network-list"), {"q": q})
    assert response.status_code == 200
    return [n.name for n in response.context["page"].object_list]


def _directory(client, q):
    response = client.get(reverse("roles:person-list"), {"q": q})
    assert response.status_code == 200
    return [p.name for p in response.context["page"].object_list]


@pytest.mark.parametrize("q", SPELLINGS)
def test_the_catalogue_finds_the_same_networks_however_ae_is_typed(elder_networks, login, org, q):
    client = login("outsider", org)
    assert _catalogue(client, q) == ["Mad og måltider", "Ældre i bevægelse"]


@pytest.mark.parametrize("q", SPELLINGS)
def test_the_directory_finds_the_same_people_however_ae_is_typed(org, login, q):
    client = login("outsider", org)
    # The three people of "Ældre og Sundhed", in name order.
    assert _directory(client, q) == ["Jens Overgaard", "Katrine Møller", "Signe Lauridsen"]


def test_a_word_inside_a_compound_is_found(org, login):
    person = PersonFactory(
        user=UserFactory(first_name="Bo", last_name="Bech"), title="Netværksleder"
    )
    client = login("outsider", org)
    assert _directory(client, "leder") == [person.name]
    assert _directory(client, "NETVÆRKSLEDER") == [person.name]


def test_every_word_must_occur_in_some_field(org, login):
    client = login("outsider", org)
    assert _directory(client, "signe ældre") == ["Signe Lauridsen"]
    assert _directory(client, "møller sygeplejerske") == ["Katrine Møller"]
    assert _directory(client, "signe sygeplejerske") == []


def test_the_catalogue_search_is_a_queryset_method(elder_networks):
    found = Network.objects.search("aeldre bevaegelse")
    assert [n.slug for n in found] == ["aeldre-bevaegelse"]
    assert Network.objects.search("   ").count() == Network.objects.count()


def test_the_search_text_follows_every_save(org):
    network = NetworkFactory(name="Tryghed", slug="tryghed", theme="Nattevagt", challenge="Ø")
    assert network.search_text == "tryghed nattevagt oe"
    network.theme = "Ældres tryghed"
    network.save(update_fields=["theme"])
    network.refresh_from_db()
    assert network.search_text == "tryghed aeldres tryghed oe"

    person = org["participant"]
    assert Person.objects.get(pk=person.pk).search_text == (
        "katrine moeller katrine katrine@kommune.example sygeplejerske aeldre og sundhed"
    )
    person.title = "Sundhedsplejerske"
    person.save(update_fields=["title"])
    assert "sundhedsplejerske" in Person.objects.get(pk=person.pk).search_text


def test_a_saved_user_updates_their_person(org):
    user = org["participant"].user
    user.last_name = "Ørsted"
    user.save()
    assert Person.objects.search("orsted").count() == 0
    assert list(Person.objects.search("oersted")) == [org["participant"]]


def test_a_login_does_not_touch_the_search_text(org):
    user = org["participant"].user
    with CaptureQueriesContext(connection) as ctx:
        user.save(update_fields=["last_login"])  # what a login saves
    assert not [q for q in ctx.captured_queries if "search_text" in q["sql"]]


def test_a_renamed_department_updates_its_people(org):
    department = Department.objects.get(pk=org["departments"]["aeldre"].pk)
    department.name = "Seniorer og Sundhed"
    department.save()
    assert department.search_text == "seniorer og sundhed"
    assert Person.objects.search("ældre").count() == 0
    assert {p.name for p in Person.objects.search("seniorer")} == {
        "Jens Overgaard",
        "Katrine Møller",
        "Signe Lauridsen",
    }


@pytest.mark.django_db
def test_a_new_department_is_searchable():
    department = DepartmentFactory(name="Økonomi og Løn")
    assert Department.objects.get(pk=department.pk).search_text == "oekonomi og loen"


def test_the_rebuild_command_recomputes_every_row(org, elder_networks):
    # Rows written past save() (an SQL import, an old backup) have a stale column.
    Network.objects.update(search_text="")
    Person.objects.update(search_text="")
    Department.objects.update(search_text="")
    out = StringIO()
    call_command("rebuild_search_index", batch_size=2, stdout=out)
    output = out.getvalue()
    assert f"netværk: {Network.objects.count()}" in output
    assert f"medarbejdere: {Person.objects.count()}" in output
    assert f"afdelinger: {Department.objects.count()}" in output
    total = Network.objects.count() + Person.objects.count() + Department.objects.count()
    assert f"I alt {total} rækker" in output
    for network in Network.objects.all():
        assert network.search_text == network.build_search_text() != ""
    for person in Person.objects.select_related("user", "department"):
        assert person.search_text == person.build_search_text() != ""
    department = Department.objects.get(name="Ældre og Sundhed")
    assert department.search_text == normalise(department.name)


@pytest.mark.django_db
def test_generated_data_is_searchable():
    call_command(
        "generate_org", people=30, departments=6, networks=3, prefix="soeg", stdout=StringIO()
    )
    assert Network.objects.filter(search_text="").count() == 0
    assert Person.objects.filter(search_text="").count() == 0
    assert Department.objects.filter(search_text="").count() == 0
    assert Network.objects.search("SOEG netværk").count() == 3
    assert Person.objects.search("soeg-000001").count() == 1

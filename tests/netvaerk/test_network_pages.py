import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from netvaerk.models import Network, NetworkRole, Phase
from roles.models import Department


def _detail(client, network):
    return client.get(reverse("netvaerk:network-detail", args=[network.slug])).content.decode()


def test_the_network_page_shows_theme_challenge_phase_and_people(network, org, login):
    html = _detail(login("outsider", org), network)
    assert network.theme in html and network.challenge in html
    assert 'aria-current="step"' in html and "Netværksdesign" in html
    for key in ["leader", "codriver", "reference", "participant"]:
        assert org[key].name in html


def test_the_network_page_lists_the_personnel_leaders_of_leader_co_driver_and_participants(
    network, org, login
):
    response = login("outsider", org).get(reverse("netvaerk:network-detail", args=[network.slug]))
    rows = response.context["personnel_leaders"]
    assert [(p.name, m.name) for p, _role, m in rows] == [
        ("Signe Lauridsen", "Jens Overgaard"),
        ("Kasper Juhl", "Helle Rasmussen"),
        ("Katrine Møller", "Jens Overgaard"),
    ]


def test_the_network_page_escapes_what_was_typed(network, org, login):
    network.challenge = '<script>alert("x")</script>'
    network.save()
    html = _detail(login("outsider", org), network)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_the_network_page_has_a_constant_number_of_queries(
    network, org, login, django_assert_num_queries
):
    from ..factories import NetworkRoleFactory

    client = login("outsider", org)
    url = reverse("netvaerk:network-detail", args=[network.slug])
    with django_assert_num_queries(14) as cold:  # the access log row included
        client.get(url)
    for _ in range(15):
        NetworkRoleFactory(network=network)
    with django_assert_num_queries(len(cold.captured_queries)):
        client.get(url)
    # Until what it shows changes, the body below the heading is not read again.
    with django_assert_num_queries(8):
        client.get(url)


def test_only_editors_see_the_edit_button(network, org, login):
    edit = reverse("netvaerk:network-edit", args=[network.slug])
    assert edit in _detail(login("leader", org), network)
    assert edit not in _detail(login("codriver", org), network)


def test_the_leader_updates_theme_and_challenge_but_the_phase_only_with_history(
    network, org, login
):
    client = login("leader", org)
    before = network.current_phase
    response = client.post(
        reverse("netvaerk:network-edit", args=[network.slug]),
        {
            "theme": "Nyt tema",
            "challenge": "Ny udfordring",
            "current_phase": Phase.objects.get(number=3).pk,
        },
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.theme, network.current_phase) == ("Nyt tema", before)


def test_the_leader_cannot_change_the_status_through_the_form(network, org, login):
    client = login("leader", org)
    client.post(
        reverse("netvaerk:network-edit", args=[network.slug]),
        {"theme": "T", "challenge": "U", "status": Network.Status.COMPLETED},
    )
    network.refresh_from_db()
    assert network.status == Network.Status.ACTIVE


def test_bad_input_keeps_what_was_typed_and_explains_in_danish(network, org, login):
    client = login("leader", org)
    response = client.post(
        reverse("netvaerk:network-edit", args=[network.slug]),
        {"theme": "x" * 301, "challenge": "Min lange tekst, som ikke må gå tabt"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Denne værdi må højst have 300 tegn" in html
    assert "Min lange tekst, som ikke må gå tabt" in html


def test_the_secretariat_creates_a_network_with_a_danish_slug(org, login):
    client = login("secretariat", org)
    response = client.post(
        reverse("netvaerk:network-create"),
        {
            "name": "Grøn omstilling på skolerne",
            "theme": "Bæredygtighed",
            "challenge": "Skolerne kan ikke alene.",
            "type": Network.Type.INNOVATION,
            "status": Network.Status.PROPOSED,
            "departments": [org["departments"]["aeldre"].pk],
        },
    )
    network = Network.objects.get(name="Grøn omstilling på skolerne")
    assert network.slug == "groen-omstilling-paa-skolerne"
    assert response["Location"] == network.get_absolute_url()
    assert list(network.departments.all()) == [org["departments"]["aeldre"]]


def test_a_network_cannot_take_the_slug_of_the_create_page(org, login):
    client = login("secretariat", org)
    client.post(
        reverse("netvaerk:network-create"),
        {"name": "Nyt", "theme": "T", "challenge": "U", "type": "leder", "status": "proposed"},
    )
    assert Network.objects.get(name="Nyt").slug == "nyt-2"


def test_the_secretariat_adds_a_co_driver_by_username(network, org, login):
    client = login("secretariat", org)
    network.roles.filter(role=NetworkRole.Role.CO_DRIVER).update(ends_on="2026-11-01")
    response = client.post(
        reverse("netvaerk:role-add", args=[network.slug]),
        {"person": "OLGA", "role": NetworkRole.Role.CO_DRIVER},
    )
    assert response.status_code == 302
    assert network.roles.active().get(role=NetworkRole.Role.CO_DRIVER).person == org["outsider"]


@pytest.mark.parametrize(
    ("person", "role", "message"),
    [
        ("ukendt", "participant", "Der findes ingen medarbejder"),
        ("olga", "reference_leader", "Referencelederen skal være leder af en afdeling."),
        ("olga", "network_leader", "Netværket har allerede en aktiv netværksleder."),
    ],
)
def test_adding_a_role_that_breaks_a_rule_says_why(network, org, login, person, role, message):
    client = login("secretariat", org)
    response = client.post(
        reverse("netvaerk:role-add", args=[network.slug]), {"person": person, "role": role}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert person in response.content.decode()  # what was typed is kept


def test_the_secretariat_ends_a_role_on_a_chosen_date(network, org, login):
    client = login("secretariat", org)
    role = network.roles.get(role=NetworkRole.Role.PARTICIPANT)
    url = reverse("netvaerk:role-end", args=[network.slug, role.pk])
    assert "Hvornår er sidste dag i rollen?" in client.get(url).content.decode()
    role.refresh_from_db()
    assert role.ends_on is None  # looking at the confirmation changes nothing
    response = client.post(url, {"ends_on": "2026-12-31"})
    assert response.status_code == 302
    role.refresh_from_db()
    assert str(role.ends_on) == "2026-12-31"
    html = _detail(client, network)
    assert "Tidligere roller" in html


def test_a_role_cannot_end_before_it_started(network, org, login):
    client = login("secretariat", org)
    role = network.roles.get(role=NetworkRole.Role.PARTICIPANT)
    response = client.post(
        reverse("netvaerk:role-end", args=[network.slug, role.pk]), {"ends_on": "2020-01-01"}
    )
    assert response.status_code == 200
    assert "Slutdatoen skal ligge efter startdatoen." in response.content.decode()
    role.refresh_from_db()
    assert role.ends_on is None


def test_adding_a_role_by_full_name_works_and_an_ambiguous_name_lists_usernames(
    network, org, login
):
    from ..factories import PersonFactory, UserFactory

    client = login("secretariat", org)
    url = reverse("netvaerk:role-add", args=[network.slug])
    client.post(url, {"person": "olga  udenfor", "role": "participant"})
    assert network.roles.active().filter(person=org["outsider"]).exists()
    for username in ["anna1", "anna2"]:
        PersonFactory(user=UserFactory(username=username, first_name="Anna", last_name="Berg"))
    html = client.post(url, {"person": "Anna Berg", "role": "participant"}).content.decode()
    assert "Flere medarbejdere hedder Anna Berg" in html
    assert "anna1" in html and "anna2" in html


def test_two_networks_cannot_share_a_name(network, org, login):
    client = login("secretariat", org)
    response = client.post(
        reverse("netvaerk:network-create"),
        {
            "name": network.name.lower(),  # SQLite folds only ASCII case
            "theme": "T",
            "challenge": "U",
            "type": "leder",
            "status": "proposed",
        },
    )
    assert response.status_code == 200
    assert "Der findes allerede et netværk med dette navn." in response.content.decode()


def test_the_person_page_lists_roles_across_networks(network, org, login):
    html = (
        login("outsider", org)
        .get(reverse("netvaerk:person-detail", args=[org["leader"].pk]))
        .content.decode()
    )
    assert "Fællesskaber mod ensomhed" in html
    assert "Netværksleder" in html
    assert "Jens Overgaard" in html  # the personnel leader


def test_the_person_page_is_cached_until_what_it_shows_changes(
    network, org, login, django_assert_num_queries
):
    client = login("outsider", org)
    url = reverse("netvaerk:person-detail", args=[org["leader"].pk])
    with django_assert_num_queries(11):
        client.get(url)
    with django_assert_num_queries(7):  # the person, roles, staff and departments as cached
        client.get(url)
    NetworkRole.objects.filter(network=network, person=org["leader"]).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = client.get(url).content.decode()
    assert "Tidligere roller" in html and "Ingen aktive roller i netværk." in html
    Department.objects.filter(pk=org["departments"]["aeldre"].pk).update(name="Ældreområdet")
    assert "Ældreområdet" in client.get(url).content.decode()
    User.objects.filter(pk=org["personnel"].user_id).update(last_name="Overgaard-Nielsen")
    assert "Jens Overgaard-Nielsen" in client.get(url).content.decode()


def test_the_network_page_follows_every_change_to_what_it_shows(network, org, plan, login):
    """The body below the heading is cached (core.generations): every kind of change it
    shows gives a new page at once, however it is written."""
    from django.db import connection

    from netvaerk import services
    from netvaerk.models import DeskPeriod, PlanStep
    from roles.models import Department

    from ..factories import NetworkRoleFactory

    client = login("outsider", org)
    _detail(client, network)  # cached from here

    network.challenge = "En ny udfordring"
    network.save()
    assert "En ny udfordring" in _detail(client, network)

    newcomer = NetworkRoleFactory(network=network, role=NetworkRole.Role.PARTICIPANT).person
    assert newcomer.name in _detail(client, network)

    user = org["participant"].user
    user.first_name = "Ragnhild"
    user.save()
    assert "Ragnhild" in _detail(client, network)

    with connection.cursor() as cursor:  # a department renamed in plain SQL
        cursor.execute(
            "UPDATE roles_department SET name = 'Ældreplejen Nord' WHERE id = %s",
            [org["departments"]["aeldre"].pk],
        )
    assert "Ældreplejen Nord" in _detail(client, network)

    services.network_phase_change(
        network=network,
        phase=Phase.objects.get(number=3),
        by=org["leader"],
        note="Klar til at designe",
    )
    assert "Klar til at designe" in _detail(client, network)

    PlanStep.objects.filter(plan=plan).update(title="Omdøbt trin")
    assert "Omdøbt trin" in _detail(client, network)

    DeskPeriod.objects.create(
        network=network, person=org["leader"], starts_on=plan.starts_on, ends_on=plan.starts_on
    )
    assert "I sekretariatet" in _detail(client, network)
    assert Department.objects.filter(name="Ældreplejen Nord").exists()


def test_the_cached_network_page_is_per_day_language_and_editing_rights(
    network, org, plan, login, monkeypatch
):
    import datetime

    from django.conf import settings
    from django.utils import timezone, translation

    from netvaerk import selectors

    test_on = selectors.plan_view(network, datetime.date(2026, 9, 7)).test_on
    phase_change = reverse("netvaerk:phase-change", args=[network.slug])

    outsider = login("outsider", org)
    monkeypatch.setattr(timezone, "localdate", lambda: test_on - datetime.timedelta(days=1))
    assert "Testfasen begynder efter planen" in _detail(outsider, network)
    monkeypatch.setattr(timezone, "localdate", lambda: test_on + datetime.timedelta(days=1))
    assert "Testfasen begyndte efter planen" in _detail(outsider, network)

    assert phase_change in _detail(login("leader", org), network)
    outsider = login("outsider", org)
    assert phase_change not in _detail(outsider, network)

    outsider.cookies["django_language"] = "en"
    try:
        english = _detail(outsider, network)
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active
    assert "Phases of the network model" in english
    assert "Netværksmodellens faser" not in english

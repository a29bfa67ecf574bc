import pytest
from django.urls import reverse

from netvaerk.models import Network, NetworkRole, Phase

from ..factories import NetworkFactory, NetworkRoleFactory, PersonFactory


def _html(client):
    return client.get(reverse("home")).content.decode()


def test_mine_netvaerk_shows_the_leaders_network_role_and_next_step(network, org, login):
    html = _html(login("leader", org))
    assert "Fællesskaber mod ensomhed" in html
    assert "Netværksleder" in html
    assert "Aftal dit mandat" not in html  # phase 2: mandate talks belong to phase 1
    assert "Netværksdesign" in html and "Idéudvikling" in html


def test_a_leader_in_the_first_phase_is_told_to_agree_the_mandate(network, org, login):
    network.current_phase = Phase.objects.get(number=1)
    network.save()
    assert "Aftal dit mandat" in _html(login("leader", org))


def test_the_co_driver_and_reference_leader_see_their_own_next_steps(network, org, login):
    assert "Spar med netværkslederen" in _html(login("codriver", org))
    assert "åbn de rette arenaer" in _html(login("reference", org))


def test_a_personnel_leader_sees_the_staff_who_lead_or_join_networks(network, org, login):
    html = _html(login("personnel", org))
    assert "Mine medarbejdere i netværk" in html
    assert "Signe Lauridsen" in html and "Katrine Møller" in html
    # The co-driver works in another department: not this personnel leader's staff.
    assert "Kasper Juhl" not in html


def test_an_outsider_is_told_they_hold_no_roles(network, org, login):
    html = _html(login("outsider", org))
    assert "Du har ingen roller i netværk lige nu." in html
    assert "Fællesskaber mod ensomhed" not in html


def test_ended_roles_are_not_on_mine_netvaerk(network, org, login):
    network.roles.filter(person=org["participant"]).update(ends_on="2026-10-01")
    assert "Fællesskaber mod ensomhed" not in _html(login("participant", org))


def test_the_secretariat_sees_networks_per_status(network, org, login):
    NetworkFactory(status=Network.Status.PROPOSED)
    html = _html(login("secretariat", org))
    assert "Overblik for sekretariatet" in html
    assert "?status=proposed" in html


def test_completed_networks_say_so(network, org, login):
    network.status = Network.Status.COMPLETED
    network.save()
    assert "Netværket er afsluttet" in _html(login("participant", org))


def _many_roles(org, count):
    """The user's own roles and their staff's roles grow; the queries must not."""
    for _ in range(count):
        NetworkRoleFactory(person=org["personnel"], role=NetworkRole.Role.PARTICIPANT)
        staff = PersonFactory(department=org["departments"]["aeldre"], manager=org["personnel"])
        NetworkRoleFactory(person=staff, role=NetworkRole.Role.LEADER)


@pytest.mark.parametrize("extra", [0, 20])
def test_mine_netvaerk_has_a_constant_number_of_queries(
    network, org, login, django_assert_num_queries, extra
):
    """session, user, person, secretariat group, phases, own roles, staff roles, agreements
    being written, agreements waiting for the person."""
    _many_roles(org, extra)
    client = login("personnel", org)
    with django_assert_num_queries(10):
        client.get(reverse("home"))


def test_the_secretariat_sees_networks_that_lack_a_leader_or_reference_leader(network, org, login):
    orphan = NetworkFactory(name="Netværk uden ledelse", status=Network.Status.PROPOSED)
    NetworkFactory(name="Afsluttet uden ledelse", status=Network.Status.COMPLETED)
    response = login("secretariat", org).get(reverse("home"))
    names = [n.name for n, _reasons in response.context["attention"]]
    assert orphan.name in names and "Afsluttet uden ledelse" not in names
    assert "Netværket mangler en netværksleder." in response.content.decode()

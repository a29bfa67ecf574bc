"""Only managers join a leader network; its facilitator may come from the secretariat."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from netvaerk import services
from netvaerk.models import NetworkRole

from ..factories import NetworkFactory


def _add(client, network, username, role=NetworkRole.Role.PARTICIPANT):
    return client.post(
        reverse("netvaerk:role-add", args=[network.slug]),
        {"person": username, "role": role, "starts_on": "2026-11-02"},
    )


@pytest.mark.django_db
def test_a_non_manager_is_refused_in_danish_with_what_was_typed_kept(leadernet, org, login):
    network = leadernet["leader_network"]
    client = login("secretariat", org)
    with translation.override("da"):
        response = _add(client, network, "katrine")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Katrine Møller er ikke leder af en afdeling" in html
    assert "I et ledernetværk er alle medlemmer ledere" in html
    assert 'value="katrine"' in html  # the typed username is still in the field
    assert not network.roles.filter(person=org["participant"]).exists()


@pytest.mark.django_db
def test_a_manager_joins_a_leader_network(leadernet, org, login):
    network = leadernet["leader_network"]
    response = _add(login("secretariat", org), network, "kirsten")
    assert response.status_code == 302
    assert network.roles.active().filter(person=org["director"]).exists()


@pytest.mark.django_db
def test_the_facilitator_may_come_from_the_secretariat_but_not_a_co_driver(org):
    network = NetworkFactory(type="leder")
    with pytest.raises(ValidationError) as refused:
        services.network_role_assign(
            network=network, person=org["secretariat"], role=NetworkRole.Role.CO_DRIVER
        )
    assert "person" in refused.value.error_dict
    services.network_role_assign(
        network=network, person=org["secretariat"], role=NetworkRole.Role.LEADER
    )
    assert network.roles.active().get().person == org["secretariat"]


@pytest.mark.django_db
def test_other_networks_keep_taking_non_managers(network, org):
    services.validate_network_role(
        network=network, person=org["outsider"], role=NetworkRole.Role.PARTICIPANT
    )


@pytest.mark.django_db
def test_the_rule_holds_in_the_administration_and_when_a_network_becomes_one(leadernet, org):
    """The model's own clean: the admin's role inline, and a change of type, ask it too."""
    network = leadernet["leader_network"]
    role = NetworkRole(network=network, person=org["participant"], role="participant")
    with pytest.raises(ValidationError) as refused:
        role.full_clean()
    assert "ikke leder af en afdeling" in str(refused.value.message_dict["person"])
    NetworkRole(network=network, person=org["director"], role="participant").full_clean()

    welfare = NetworkFactory(type="velfaerd")
    services.network_role_assign(
        network=welfare, person=org["participant"], role="participant", starts_on=None
    )
    welfare.type = "leder"
    with pytest.raises(ValidationError) as changed:
        welfare.full_clean()
    assert "Katrine Møller" in str(changed.value) and "Afslut deres roller" in str(changed.value)

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from netvaerk import services
from netvaerk.models import NetworkRole

from ..factories import NetworkRoleFactory, PersonFactory


def _insert(**kwargs):
    with transaction.atomic():
        return NetworkRole.objects.create(**kwargs)


def test_the_database_refuses_a_second_active_network_leader(network, org):
    with pytest.raises(IntegrityError):
        _insert(network=network, person=org["outsider"], role=NetworkRole.Role.LEADER)


def test_a_new_network_leader_can_start_once_the_old_one_has_ended(network, org):
    old = network.roles.get(role=NetworkRole.Role.LEADER)
    services.network_role_end(network_role=old, ends_on=datetime.date(2026, 10, 1))
    new = _insert(network=network, person=org["outsider"], role=NetworkRole.Role.LEADER)
    assert network.leader == new.person


def test_the_database_refuses_a_second_active_reference_leader(network, org):
    with pytest.raises(IntegrityError):
        _insert(network=network, person=org["personnel"], role=NetworkRole.Role.REFERENCE_LEADER)


def test_the_database_refuses_the_network_leader_as_co_driver(network, org):
    with pytest.raises(IntegrityError):
        _insert(network=network, person=org["leader"], role=NetworkRole.Role.CO_DRIVER)


def test_the_database_refuses_a_second_active_role_for_the_same_person(network, org):
    with pytest.raises(IntegrityError):
        _insert(network=network, person=org["leader"], role=NetworkRole.Role.PARTICIPANT)


def test_the_leader_of_one_network_may_be_co_driver_of_another(network, org):
    other = NetworkRoleFactory(role=NetworkRole.Role.PARTICIPANT).network
    role = _insert(network=other, person=org["leader"], role=NetworkRole.Role.CO_DRIVER)
    assert role.pk


def test_the_database_refuses_a_reference_leader_who_leads_no_department(network, org):
    network.roles.filter(role=NetworkRole.Role.REFERENCE_LEADER).update(
        ends_on=datetime.date(2026, 11, 1)
    )
    with pytest.raises(IntegrityError):
        _insert(network=network, person=org["outsider"], role=NetworkRole.Role.REFERENCE_LEADER)


def test_the_database_refuses_turning_a_participant_into_reference_leader(network, org):
    network.roles.filter(role=NetworkRole.Role.REFERENCE_LEADER).update(
        ends_on=datetime.date(2026, 11, 1)
    )
    participant = network.roles.get(role=NetworkRole.Role.PARTICIPANT)
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkRole.objects.filter(pk=participant.pk).update(role=NetworkRole.Role.REFERENCE_LEADER)


def test_the_database_refuses_a_role_that_ends_before_it_starts(network, org):
    with pytest.raises(IntegrityError):
        _insert(
            network=network,
            person=org["outsider"],
            role=NetworkRole.Role.PARTICIPANT,
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 4, 1),
        )


def test_a_person_cannot_be_their_own_personnel_leader(org):
    person = org["outsider"]
    person.manager = person
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_the_department_manager_level_is_between_1_and_5(org):
    dept = org["departments"]["aeldre"]
    dept.manager_level = 6
    with pytest.raises(IntegrityError), transaction.atomic():
        dept.save()


@pytest.mark.parametrize(
    ("who", "role", "field", "message"),
    [
        ("outsider", "network_leader", "role", "allerede en aktiv netværksleder"),
        ("personnel", "reference_leader", "role", "allerede en aktiv referenceleder"),
        ("outsider", "reference_leader", "person", "skal være leder af en afdeling"),
        ("leader", "co_driver", "person", "Signe Lauridsen er allerede netværksleder"),
        ("codriver", "network_leader", "role", "allerede en aktiv netværksleder"),
        ("participant", "participant", "person", "er allerede netværksdeltager"),
        ("leader", "participant", "person", "én rolle ad gangen"),
    ],
)
def test_the_service_explains_each_rule_in_danish(network, org, who, role, field, message):
    with pytest.raises(ValidationError) as exc:
        services.network_role_assign(network=network, person=org[who], role=role)
    assert message in " ".join(exc.value.message_dict[field])


def test_the_co_driver_cannot_become_leader_once_the_seat_is_free(network, org):
    network.roles.filter(role=NetworkRole.Role.LEADER).update(ends_on=datetime.date(2026, 11, 1))
    with pytest.raises(ValidationError) as exc:
        services.network_role_assign(
            network=network, person=org["codriver"], role=NetworkRole.Role.LEADER
        )
    assert "Kasper Juhl er allerede co-driver" in str(exc.value)


def test_model_validation_explains_the_reference_leader_rule(network):
    role = NetworkRole(
        network=network, person=PersonFactory(), role=NetworkRole.Role.REFERENCE_LEADER
    )
    with pytest.raises(ValidationError) as exc:
        role.full_clean()
    assert "leder af en afdeling" in str(exc.value)

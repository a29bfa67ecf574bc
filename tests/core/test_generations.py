"""core.generations: a figure over a whole table is cached until a tracked table is written,
however it is written (the database's trigger sees every statement), on SQLite and on
PostgreSQL alike."""

import time

import pytest
from django.db import connection, transaction

from core import generations
from core.models import Generation
from roles.models import Person
from tests.factories import PersonFactory

from ..concurrency import one_after_the_other_at_once

pytestmark = pytest.mark.django_db

# Every table a migration tracks, and its topic.
TRACKED = {
    "roles_person": "people",
    "auth_user": "people",  # its names only (below)
    "roles_department": "departments",
    "netvaerk_networkrole": "network_roles",
    "netvaerk_rolebalance": "time_balance",
    "netvaerk_network": "networks",
    "netvaerk_network_departments": "networks",
    "netvaerk_phase": "networks",
    "netvaerk_phasechange": "networks",
    "netvaerk_networkplan": "networks",
    "netvaerk_planstep": "networks",
    "netvaerk_deskperiod": "networks",
    "portal_networksummary": "summaries",
    "portal_rules": "summaries",
    "agreements_agreement": "agreements",
    "agreements_confirmation": "agreements",
    "agreements_comment": "agreements",
    "agreements_agreedrevision": "agreements",
    "agreements_template": "agreements",
    "agreements_templateversion": "agreements",
    "leadernets_season": "leader_networks",
    "leadernets_meeting": "leader_networks",
}


def people():
    return generations.current("people")[0]


def test_every_kind_of_write_gives_a_new_generation():
    seen = {people()}

    def changed():
        value = people()
        assert value not in seen
        seen.add(value)

    person = PersonFactory()
    changed()
    person.title = "Leder"
    person.save()
    changed()
    Person.objects.filter(pk=person.pk).update(title="Konsulent")
    changed()
    person.location = "Rådhuset"
    Person.objects.bulk_update([person], ["location"])
    changed()
    with connection.cursor() as cursor:  # plain SQL too
        cursor.execute("UPDATE roles_person SET phone = '12345678' WHERE id = %s", [person.pk])
    changed()
    Person.objects.filter(pk=person.pk).delete()
    changed()


def test_reads_and_other_tables_leave_it():
    PersonFactory()
    before = people()
    list(Person.objects.all())
    generations.current("people", "time_balance")
    assert people() == before


def test_a_rolled_back_write_leaves_the_old_generation():
    PersonFactory()
    before = people()
    with pytest.raises(RuntimeError), transaction.atomic():
        PersonFactory()
        assert people() != before  # the writer sees its own change at once
        raise RuntimeError
    assert people() == before


def test_cached_computes_again_only_after_a_change():
    calls = []

    def count():
        calls.append(1)
        return Person.objects.count()

    assert generations.cached("test-count", ["people"], count) == 0
    assert generations.cached("test-count", ["people"], count) == 0
    assert len(calls) == 1
    PersonFactory()
    assert generations.cached("test-count", ["people"], count) == 1
    assert len(calls) == 2


def test_a_topic_never_written_has_a_generation_too():
    assert generations.current("no-such-topic") == generations.current("no-such-topic")


def test_every_tracked_table_has_its_triggers():
    """SQLite drops a table's triggers when a migration rebuilds the table: a migration that
    alters a tracked table must track it again, or this fails."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
    for table in TRACKED:
        assert set(generations.trigger_names(vendor, table)) <= present, table


def test_each_tracked_table_changes_its_topic(network, plan, org, start):
    from django.apps import apps

    from netvaerk.models import DeskPeriod, PhaseChange, RoleBalance
    from portal import summaries
    from tests.factories import NetworkRoleFactory

    from ..leadernets.builders import leader_network
    from ..portal.test_home import REFERENCE, _agree

    agreement = _agree(start(network, REFERENCE, org["leader"]), org)  # confirmed and agreed
    agreement.comments.create(revision=1, author=org["leader"], text="Tak for samtalen")
    leader_network(org)  # a season and a meeting
    role = NetworkRoleFactory(role="participant")
    assert RoleBalance.objects.filter(role=role).exists()  # kept current on the role's save
    DeskPeriod.objects.create(
        network=network, person=role.person, starts_on=plan.starts_on, ends_on=plan.starts_on
    )
    summaries.refresh([network.pk])
    PhaseChange.objects.create(
        network=network, phase=network.current_phase, changed_on=plan.starts_on
    )
    tables = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    for table, topic in TRACKED.items():
        assert tables[table].objects.exists(), table  # an update that writes a row
        before = generations.current(topic)
        column = "last_name" if table == "auth_user" else tables[table]._meta.pk.column
        with connection.cursor() as cursor:  # a plain update of every row
            cursor.execute(f'UPDATE "{table}" SET "{column}" = "{column}"')
        assert generations.current(topic) != before, table


def test_a_login_is_no_change_to_the_people():
    person = PersonFactory()
    before = people()
    person.user.last_login = person.user.date_joined
    person.user.save(update_fields=["last_login"])
    assert people() == before
    person.user.first_name = "Ny"
    person.user.save(update_fields=["first_name"])
    assert people() != before


def test_many_writers_rows_are_compacted_into_a_new_generation():
    PersonFactory()
    Generation.objects.bulk_create(
        Generation(topic="people", writer=10_000 + i, value=i)
        for i in range(generations.COMPACT_AT + 1)
    )
    crowded = generations.current("people")  # reads, then compacts
    assert Generation.objects.filter(topic="people").count() == 1
    after = generations.current("people")
    assert after != crowded
    PersonFactory()
    assert generations.current("people") != after


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time"
)
def test_writers_do_not_wait_for_each_other():
    """Two transactions writing people at once: the second is not held up by the first's
    generation (each writes a row of its own), and both changes count."""
    waited = []

    def second():
        started = time.monotonic()
        PersonFactory()
        waited.append(time.monotonic() - started)

    before = generations.current("people")
    errors = one_after_the_other_at_once(PersonFactory, second, pause=1.0)
    assert errors == []
    assert waited and waited[0] < 0.5
    assert generations.current("people") != before
    assert Person.objects.count() == 2

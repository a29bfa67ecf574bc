"""core.generations: a figure over a whole table is cached until a tracked table is written,
however it is written (the database's trigger sees every statement), on SQLite and on
PostgreSQL alike."""

import pytest
from django.db import connection, transaction

from core import generations
from roles.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


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


def test_a_topic_never_written_is_zero():
    assert generations.current("no-such-topic") == (0,)

"""The co-driver's learning path: the training in network leadership, recorded from the
co-driver agreement, kept on the person, recorded on by the co-driver, their personnel leader
and the secretariat, and the secretariat's pool of trained co-drivers."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from competences.models import Training
from competences.training import training_plan
from core.models import AccessEvent
from netvaerk.models import NetworkRole

from ..factories import NetworkFactory, NetworkRoleFactory, PersonFactory, UserFactory


def _agree(agreement, org):
    agreement_services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.now() + datetime.timedelta(days=7),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )
    for party, person in [("leader", org["leader"]), ("counterpart", org["codriver"])]:
        agreement_services.agreement_confirm(
            agreement=agreement, party=party, person=person, lock_version=agreement.lock_version
        )
    agreement.refresh_from_db()
    return agreement


def _co_driver_agreement(network, org, start, answers):
    agreement = start(network, "aftale-co-driver", org["leader"])
    agreement_services.agreement_save_step(
        agreement=agreement, step=4, answers=answers, lock_version=agreement.lock_version
    )
    agreement.refresh_from_db()
    return agreement


def _url(person):
    return reverse("competences:training", args=[person.pk])


# --- filled from the co-driver agreement --------------------------------------------------


def test_an_agreed_co_driver_agreement_records_the_training_on_the_co_driver(network, org, start):
    agreement = _co_driver_agreement(
        network, org, start, {"netvaerkslederuddannelse": "ja", "uddannelse-start": "2027-02-01"}
    )
    assert not Training.objects.exists()  # a draft records nothing
    _agree(agreement, org)
    training = Training.objects.get(person=org["codriver"])
    assert training.agreed is True
    assert training.planned_start == datetime.date(2027, 2, 1)
    assert (training.source_agreement, training.source_revision) == (agreement, 1)
    assert training.updated_by == org["codriver"].user  # the party who confirmed last
    assert training.state == Training.State.AGREED


def test_a_new_agreed_version_updates_the_plan_and_keeps_the_dates_recorded_since(
    network, org, start
):
    agreement = _agree(
        _co_driver_agreement(
            network,
            org,
            start,
            {"netvaerkslederuddannelse": "ja", "uddannelse-start": "2026-03-01"},
        ),
        org,
    )
    Training.objects.filter(person=org["codriver"]).update(started_on=datetime.date(2026, 3, 2))
    agreement_services.agreement_reopen(agreement=agreement, lock_version=agreement.lock_version)
    agreement.refresh_from_db()
    agreement_services.agreement_save_step(
        agreement=agreement,
        step=4,
        answers={"netvaerkslederuddannelse": "nej", "uddannelse-start": ""},
        lock_version=agreement.lock_version,
    )
    agreement.refresh_from_db()
    _agree(agreement, org)
    training = Training.objects.get(person=org["codriver"])
    assert (training.agreed, training.planned_start) == (False, None)
    assert training.started_on == datetime.date(2026, 3, 2)
    assert training.source_revision == 2
    assert training.history.count() == 2  # made, then re-agreed (update() skips the history)


def test_an_agreement_that_leaves_the_training_open_or_is_another_talk_records_nothing(
    network, org, start
):
    _agree(_co_driver_agreement(network, org, start, {"co-driver-laering": "At lede"}), org)
    reference = start(network, "aftale-referenceleder", org["leader"])
    agreement_services.agreement_mark_ready(
        agreement=reference,
        meeting_at=timezone.now() + datetime.timedelta(days=7),
        meeting_place="Rådhuset",
        lock_version=reference.lock_version,
    )
    for party, person in [("leader", org["leader"]), ("counterpart", org["reference"])]:
        agreement_services.agreement_confirm(
            agreement=reference, party=party, person=person, lock_version=reference.lock_version
        )
    assert not Training.objects.exists()


# --- recorded on the training page ---------------------------------------------------------


@pytest.fixture
def training(org):
    return training_plan(person=org["codriver"], planned_start=datetime.date(2026, 1, 5))


def test_the_co_driver_records_the_start_and_the_completion(training, org, login):
    client = login("codriver", org)
    response = client.post(
        _url(org["codriver"]),
        {"planned_start": "2026-01-05", "started_on": "2026-01-06", "completed_on": "2026-06-30"},
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert (training.started_on, training.completed_on) == (
        datetime.date(2026, 1, 6),
        datetime.date(2026, 6, 30),
    )
    response = client.get(_url(org["codriver"]))
    (latest, made) = response.context["changes"]  # the history, newest first
    assert latest.history_user == org["codriver"].user and made.history_user is None
    assert not AccessEvent.objects.filter(what="training").exists()  # one's own: not logged


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"started_on": "2026-01-06", "completed_on": "2099-01-01"},
            "completed_on",
            "Datoen skal ligge mellem",
        ),
        (
            {"started_on": "2026-01-06", "completed_on": "{tomorrow}"},
            "completed_on",
            "kan ikke være gennemført i fremtiden",
        ),
        (
            {"started_on": "2026-03-01", "completed_on": "2026-02-01"},
            "completed_on",
            "før den begyndte",
        ),
        (
            {"completed_on": "2026-02-01"},
            "completed_on",
            "Skriv også, hvornår uddannelsen begyndte",
        ),
        ({"started_on": "{tomorrow}"}, "started_on", "kan ikke være begyndt i fremtiden"),
        ({"started_on": "31-02-2026"}, "started_on", "Skriv datoen som dag, måned og år"),
    ],
)
def test_bad_dates_are_refused_in_danish_and_what_was_typed_is_kept(
    data, field, message, training, org, login
):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = {k: v.replace("{tomorrow}", tomorrow) for k, v in data.items()}
    response = login("reference", org).post(_url(org["codriver"]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datoerne er ikke gemt" in html
    assert message in response.context["form"].errors[field][0]
    for value in data.values():
        assert f'value="{value}"' in html
    training.refresh_from_db()
    assert (training.started_on, training.completed_on) == (None, None)


def test_the_database_refuses_a_completion_before_the_start(training):
    from django.db import IntegrityError, transaction

    training.started_on = datetime.date(2026, 3, 1)
    training.completed_on = datetime.date(2026, 2, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        training.save()


# --- who sees it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("codriver", 200),
        ("reference", 200),  # the co-driver's personnel leader
        ("secretariat", 200),
        ("personnel", 404),  # the network leader's personnel leader, not the co-driver's
        ("leader", 404),
        ("outsider", 404),
    ],
)
def test_the_co_driver_their_personnel_leader_and_the_secretariat_see_it(
    persona, status, training, org, login
):
    client = login(persona, org)
    assert client.get(_url(org["codriver"])).status_code == status
    response = client.post(_url(org["codriver"]), {"started_on": "2026-01-06"})
    assert response.status_code == (302 if status == 200 else 404)


def test_a_personnel_leaders_read_is_logged_and_their_staff_page_lists_the_training(
    training, org, login
):
    client = login("reference", org)
    client.get(_url(org["codriver"]))
    event = AccessEvent.objects.get(what="training")
    assert (event.about, event.object_id) == (org["codriver"].pk, str(training.pk))
    staff = client.get(reverse("competences:staff")).content.decode()
    assert "Uddannelse i netværksledelse" in staff and _url(org["codriver"]) in staff
    assert AccessEvent.objects.filter(what="training_staff").count() == 1


def test_the_co_driver_sees_their_training_on_their_competence_page(training, org, login):
    page = login("codriver", org).get(reverse("competences:mine")).content.decode()
    assert "Din uddannelse i netværksledelse" in page and "forventet start" in page


def test_the_training_is_in_the_persons_data_export(training, org, login):
    url = reverse("person-record-json", args=[org["codriver"].pk])
    record = login("secretariat", org).get(url).json()["training"]
    assert record["agreed"] is True and record["planned_start"] == "2026-01-05"
    assert record["state"] == "Aftalt, ikke begyndt"


def test_the_demo_gives_the_demo_co_driver_a_planned_training(org):
    person = PersonFactory(user=UserFactory(username="codriver"))
    call_command("load_demo_competences", stdout=io.StringIO())
    call_command("load_demo_competences", stdout=io.StringIO())  # again: nothing changes
    training = Training.objects.get(person=person)
    assert training.agreed and training.planned_start > timezone.localdate()


# --- the pool -------------------------------------------------------------------------------


def _trained(n, department, completed=True):
    people = []
    for _i in range(n):
        person = PersonFactory(department=department)
        Training.objects.create(
            person=person,
            agreed=True,
            started_on=datetime.date(2025, 1, 6),
            completed_on=datetime.date(2025, 6, 30) if completed else None,
        )
        people.append(person)
    return people


def test_the_pool_lists_the_trained_with_their_department_and_roles(network, org, login):
    aeldre, direktion = org["departments"]["aeldre"], org["departments"]["direktion"]
    ready, leading = _trained(2, aeldre)
    (in_it,) = _trained(1, aeldre, completed=False)
    (elsewhere,) = _trained(1, direktion)
    training_plan(person=org["codriver"], planned_start=datetime.date(2027, 1, 4))  # not yet
    NetworkRoleFactory(network=NetworkFactory(), person=leading, role=NetworkRole.Role.LEADER)
    client = login("secretariat", org)

    def names(**params):
        response = client.get(reverse("competences:training-pool"), params)
        return {t.person for t, _roles, _leading in response.context["rows"]}

    assert names() == {ready, leading, in_it, elsewhere}
    assert names(status="klar") == {ready, elsewhere}
    assert names(status="i-gang") == {in_it}
    assert names(status="aftalt") == {org["codriver"]}
    assert names(status="klar", afdeling=org["departments"]["sundhed"].pk) == {ready}
    page = client.get(reverse("competences:training-pool")).content.decode()
    assert "Leder et netværk nu" in page
    assert AccessEvent.objects.filter(what="training_pool").exists()


def test_the_pool_is_paged_in_a_fixed_number_of_queries(org, login):
    aeldre = org["departments"]["aeldre"]
    client = login("secretariat", org)
    url = reverse("competences:training-pool")
    _trained(2, aeldre)
    client.get(url)  # the session and caches warmed
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    people = _trained(40, aeldre)
    for person in people[:20]:
        NetworkRoleFactory(network=NetworkFactory(), person=person)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"side": 2})
    # session, user, secretariat group, log row, departments, count, page keys, page rows,
    # roles; the base layout's person with its unread notifications
    assert len(many) == len(few) == 10
    assert len(response.context["rows"]) == 17 and response.context["page"].number == 2

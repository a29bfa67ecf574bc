"""The periods at the secretariat agreed with the personnel leader become desk periods."""

import datetime
import io
from datetime import date as D

import pytest
from django.core.management import call_command
from django.utils import timezone

from agreements import services
from agreements.models import Agreement
from netvaerk.models import DeskPeriod

pytestmark = pytest.mark.django_db

PERSONNEL = "aftale-personaleleder"


def _periods(*rows):
    return [{"start": s, "end": e, "note": ""} for s, e in rows]


def _agree(agreement, org, counterpart="personnel"):
    agreement.refresh_from_db()
    services.agreement_mark_ready(
        agreement=agreement,
        meeting_at=timezone.now() + datetime.timedelta(days=7),
        meeting_place="Rådhuset",
        lock_version=agreement.lock_version,
    )
    for party, person in [("leader", org["leader"]), ("counterpart", org[counterpart])]:
        services.agreement_confirm(
            agreement=agreement, party=party, person=person, lock_version=agreement.lock_version
        )
    assert agreement.status == Agreement.Status.AGREED
    return agreement


def _save(agreement, answers):
    agreement.refresh_from_db()
    return services.agreement_save_step(
        agreement=agreement, step=3, answers=answers, lock_version=agreement.lock_version
    )


def _desk(network):
    return list(
        DeskPeriod.objects.filter(network=network)
        .order_by("starts_on")
        .values_list("person_id", "starts_on", "ends_on", "source_revision")
    )


def test_agreeing_writes_the_periods_and_nothing_before(network, org, start):
    agreement = start(network, PERSONNEL, org["leader"])
    rows = _periods(("2027-03-01", "2027-03-12"), ("2026-12-07", "2026-12-18"))
    _save(agreement, {"sekretariatsperioder": rows})
    assert _desk(network) == []  # a draft is not an agreement
    _agree(agreement, org)
    leader = org["leader"].pk
    assert _desk(network) == [
        (leader, D(2026, 12, 7), D(2026, 12, 18), 1),
        (leader, D(2027, 3, 1), D(2027, 3, 12), 1),
    ]
    assert set(DeskPeriod.objects.values_list("source_agreement_id", flat=True)) == {agreement.pk}


def test_reopening_keeps_the_agreed_periods_and_agreeing_again_replaces_them(network, org, start):
    agreement = start(network, PERSONNEL, org["leader"])
    _save(agreement, {"sekretariatsperioder": _periods(("2026-12-07", "2026-12-18"))})
    _agree(agreement, org)
    agreement.refresh_from_db()
    services.agreement_reopen(agreement=agreement, lock_version=agreement.lock_version)
    rows = _periods(("2027-01-04", "2027-01-15"), ("2027-02-01", "2027-02-05"))
    _save(agreement, {"sekretariatsperioder": rows})
    leader = org["leader"].pk
    # Version 2 is a draft: the periods of version 1 still hold.
    assert _desk(network) == [(leader, D(2026, 12, 7), D(2026, 12, 18), 1)]
    _agree(agreement, org)
    assert _desk(network) == [
        (leader, D(2027, 1, 4), D(2027, 1, 15), 2),
        (leader, D(2027, 2, 1), D(2027, 2, 5), 2),
    ]


def test_agreeing_without_periods_removes_them(network, org, start):
    agreement = start(network, PERSONNEL, org["leader"])
    _save(agreement, {"sekretariatsperioder": _periods(("2026-12-07", "2026-12-18"))})
    _agree(agreement, org)
    agreement.refresh_from_db()
    services.agreement_reopen(agreement=agreement, lock_version=agreement.lock_version)
    _save(agreement, {"sekretariatsperioder": []})
    _agree(agreement, org)
    assert _desk(network) == []


def test_rows_with_a_missing_or_reversed_date_are_ignored(network, org, start):
    agreement = start(network, PERSONNEL, org["leader"])
    agreement.answers["sekretariatsperioder"] = [
        {"start": "2027-03-10", "end": "2027-03-01", "note": "baglæns"},
        {"start": "", "end": "2027-03-01", "note": ""},
        {"start": "2027-03-01", "note": ""},
        {"start": "2027-13-40", "end": "2027-14-01", "note": ""},
        "ikke en række",
        {"start": "2027-04-05", "end": "2027-04-05", "note": "én dag"},
        {"start": "2027-04-05", "end": "2027-04-05", "note": "samme igen"},
    ]
    agreement.save()
    _agree(agreement, org)
    assert _desk(network) == [(org["leader"].pk, D(2027, 4, 5), D(2027, 4, 5), 1)]


def test_other_agreements_and_other_networks_are_left_alone(network, org, start):
    from ..factories import NetworkFactory

    other = NetworkFactory()
    kept = DeskPeriod.objects.create(
        network=other, person=org["leader"], starts_on=D(2027, 1, 4), ends_on=D(2027, 1, 8)
    )
    # The co-driver agreement has no periods question; agreeing it writes nothing.
    codriver = start(network, "aftale-co-driver", org["leader"])
    codriver.answers["co-driver-profil"] = ["Fagperson på temaet"]
    codriver.answers["sekretariatsperioder"] = _periods(("2027-05-03", "2027-05-07"))
    codriver.save()
    _agree(codriver, org, counterpart="codriver")
    assert _desk(network) == []

    agreement = start(network, PERSONNEL, org["leader"])
    _save(agreement, {"sekretariatsperioder": _periods(("2026-12-07", "2026-12-18"))})
    _agree(agreement, org)
    assert DeskPeriod.objects.filter(pk=kept.pk).exists()
    assert len(_desk(network)) == 1


def test_the_demo_loader_agrees_periods_through_the_same_path(db):
    for command in ["load_templates", "load_demo", "load_demo_agreements"]:
        call_command(command, stdout=io.StringIO())
    periods = list(DeskPeriod.objects.select_related("network", "person__user"))
    assert periods, "the demo's agreed personnel-leader agreement has periods at the secretariat"
    agreement = Agreement.objects.get(pk=periods[0].source_agreement_id)
    assert agreement.status == Agreement.Status.AGREED
    assert agreement.template.key == PERSONNEL
    assert {p.person for p in periods} == {agreement.leader}

"""The phase history agrees with itself: one rule decides the latest change, and the current
phase is that change's phase (issue #13, item 5)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from netvaerk import services
from netvaerk.models import Network, Phase, PhaseChange

from ..factories import NetworkFactory

DAY = datetime.timedelta(days=1)


def _phase(number):
    return Phase.objects.get(number=number)


def _post_change(client, network, phase, changed_on, note):
    return client.post(
        reverse("netvaerk:phase-change", args=[network.slug]),
        {"phase": _phase(phase).pk, "changed_on": changed_on.isoformat(), "note": note},
    )


@pytest.fixture
def started(network):
    network.start_date = timezone.localdate() - 60 * DAY
    network.save(update_fields=["start_date"])
    return network


def test_a_phase_change_before_the_network_started_is_refused_and_the_note_kept(
    started, org, login
):
    response = _post_change(
        login("leader", org), started, 4, started.start_date - DAY, "Min vigtige begrundelse"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Et faseskift kan ikke ligge før netværkets start den" in html
    assert "Min vigtige begrundelse" in html
    assert not started.phase_changes.exists()
    started.refresh_from_db()
    assert started.current_phase.number == 2


def test_a_phase_change_on_the_start_date_is_accepted(started, org, login):
    response = _post_change(login("leader", org), started, 3, started.start_date, "")
    assert response.status_code == 302
    assert started.phase_changes.get().changed_on == started.start_date


def test_a_phase_change_after_today_is_refused_and_the_note_kept(started, org, login):
    tomorrow = timezone.localdate() + DAY
    html = _post_change(login("leader", org), started, 4, tomorrow, "Skrevet i forvejen")
    html = html.content.decode()
    assert "Et faseskift kan ikke ligge i fremtiden." in html
    assert "Skrevet i forvejen" in html
    assert not started.phase_changes.exists()


def test_without_a_start_date_the_network_existed_from_the_day_it_was_created(network, org, login):
    network.start_date = None
    network.save(update_fields=["start_date"])
    created = timezone.now() - 10 * DAY
    Network.objects.filter(pk=network.pk).update(created_at=created)
    client = login("leader", org)
    before = timezone.localdate(created) - DAY
    html = _post_change(client, network, 4, before, "For tidligt").content.decode()
    assert "Et faseskift kan ikke ligge før netværkets start den" in html
    assert "For tidligt" in html
    assert _post_change(client, network, 4, before + DAY, "").status_code == 302


def test_an_older_change_entered_later_is_history_and_the_page_agrees_with_itself(
    started, org, login
):
    client = login("leader", org)
    today = timezone.localdate()
    assert _post_change(client, started, 4, today - 5 * DAY, "Den nyeste").status_code == 302
    response = _post_change(client, started, 3, today - 20 * DAY, "Glemt at skrive ind")
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.current_phase.number == 4
    html = client.get(started.get_absolute_url()).content.decode()
    assert "Netværket er stadig i fasen »4." in html  # the message after the second change
    highlighted = re.search(r'<li class="current" aria-current="step">\s*(\d)\.', html)
    latest = re.search(r"Seneste faseskift:[^<]*– (\d)\. [^<]*", html)
    assert highlighted.group(1) == latest.group(1) == "4"
    assert "Den nyeste" in latest.group(0)
    assert [c.note for c in PhaseChange.objects.latest_first()] == [
        "Den nyeste",
        "Glemt at skrive ind",
    ]


def test_on_the_same_day_the_change_entered_last_is_the_latest(started, org):
    day = timezone.localdate() - 3 * DAY
    services.network_phase_change(
        network=started, phase=_phase(5), by=org["leader"], changed_on=day
    )
    services.network_phase_change(
        network=started, phase=_phase(3), by=org["leader"], changed_on=day
    )
    started.refresh_from_db()
    assert started.current_phase.number == 3
    assert started.phase_changes.latest_first()[0].phase.number == 3


def test_a_new_networks_first_phase_is_dated_at_its_start(org, login):
    client = login("secretariat", org)
    start = timezone.localdate() - 14 * DAY
    response = client.post(
        reverse("netvaerk:network-create"),
        {
            "name": "Trivsel i udskolingen",
            "theme": "Trivsel",
            "challenge": "Skolerne kan ikke alene.",
            "type": Network.Type.LEARNING,
            "status": Network.Status.ACTIVE,
            "start_date": start.isoformat(),
            "current_phase": _phase(2).pk,
        },
    )
    assert response.status_code == 302
    network = Network.objects.get(name="Trivsel i udskolingen")
    change = network.phase_changes.get()
    assert (change.phase.number, change.changed_on) == (2, start)


def test_a_new_network_without_a_start_date_has_its_first_phase_dated_today(org, login):
    client = login("secretariat", org)
    client.post(
        reverse("netvaerk:network-create"),
        {
            "name": "Uden startdato",
            "theme": "T",
            "challenge": "U",
            "type": Network.Type.LEADER,
            "status": Network.Status.PROPOSED,
            "current_phase": _phase(1).pk,
        },
    )
    network = Network.objects.get(name="Uden startdato")
    assert network.phase_changes.get().changed_on == timezone.localdate()


def test_the_current_phase_follows_the_history_not_the_last_entry(org):
    leader = org["leader"]
    today = timezone.localdate()
    other = NetworkFactory(start_date=today - 30 * DAY)
    services.network_phase_change(network=other, phase=_phase(5), by=leader, changed_on=today)
    services.network_phase_change(
        network=other, phase=_phase(1), by=leader, changed_on=today - 10 * DAY
    )
    other.refresh_from_db()
    assert other.current_phase.number == 5

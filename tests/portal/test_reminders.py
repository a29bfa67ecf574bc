"""The daily reminders: each date rule fires in its window and not outside it, names its rule,
is made once however often the run is repeated, and never fails the run.

The `plan` fixture's dates (the welfare description from 7 September 2026): breaks from
9 November 2026 and 15 February 2027, the 8-week test from 1 March to 25 April 2027. The
network starts on 1 September 2026; agreements are due 8 weeks after (the default rule)."""

import datetime
from email.header import decode_header, make_header
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement, PamphletHandout
from netvaerk import services as netvaerk_services
from netvaerk.models import Network, NetworkRole, ProcessTemplate, TimeEntry
from notifications import kinds
from notifications.kinds import Kind
from notifications.models import Notification, Preference
from portal import reminders
from portal.models import Rules

from ..factories import NetworkFactory, NetworkRoleFactory, PersonFactory, UserFactory

D = datetime.date
CPH = ZoneInfo("Europe/Copenhagen")


def subject(message):
    return str(make_header(decode_header(message["Subject"])))


def body(message):
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def made(kind, **filters):
    return Notification.objects.filter(kind=kind, **filters)


def recipients(kind):
    return sorted(made(kind).values_list("recipient__user__username", flat=True))


def meeting(agreement, day, hour=10, status=Agreement.Status.READY):
    when = datetime.datetime.combine(day, datetime.time(hour), tzinfo=CPH)
    Agreement.objects.filter(pk=agreement.pk).update(meeting_at=when, status=status)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def talk(network, org, start):
    """The leader's agreement with the reference leader, ready, meeting 15 October 2026."""
    return meeting(start(network, "aftale-referenceleder", org["leader"]), D(2026, 10, 15))


# --- the talk is tomorrow --------------------------------------------------------------------


@pytest.mark.django_db
def test_talk_tomorrow_tells_both_parties_the_day_before_only(talk, org):
    assert reminders.talk_tomorrow(D(2026, 10, 13)) == 0
    assert reminders.talk_tomorrow(D(2026, 10, 14)) == 2
    assert recipients(Kind.TALK_TOMORROW) == ["helle", "signe"]
    assert reminders.talk_tomorrow(D(2026, 10, 14)) == 0  # once per talk and date
    assert reminders.talk_tomorrow(D(2026, 10, 15)) == 0  # on the day it is not "tomorrow"
    n = made(Kind.TALK_TOMORROW).first()
    assert n.params["date"] == "2026-10-15"
    assert n.params["agreement"] == talk.pk
    assert n.url == talk.get_absolute_url()
    with translation.override("da"):
        assert "15. oktober 2026" in kinds.headline(n.kind, n.params)


@pytest.mark.django_db
def test_a_moved_meeting_is_reminded_again_an_agreed_one_not(talk):
    reminders.talk_tomorrow(D(2026, 10, 14))
    meeting(talk, D(2026, 10, 20))
    assert reminders.talk_tomorrow(D(2026, 10, 19)) == 2
    meeting(talk, D(2026, 10, 27), status=Agreement.Status.AGREED)
    assert reminders.talk_tomorrow(D(2026, 10, 26)) == 0


@pytest.mark.django_db
def test_talk_tomorrow_email_carries_the_calendar_event(
    talk, smtp_server, run_jobs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        counts = reminders.send_reminders(D(2026, 10, 14))
    assert counts[Kind.TALK_TOMORROW] == 2
    run_jobs()
    talk_mails = [(to, m) for to, m in smtp_server.messages if "samtale i morgen" in subject(m)]
    assert sorted(to[0] for to, _m in talk_mails) == [
        "helle@kommune.example",
        "signe@kommune.example",
    ]
    for _to, message in talk_mails:
        types = [part.get_content_type() for part in message.walk()]
        assert "text/plain" in types and "text/html" in types
        calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        ics = calendar.get_payload(decode=True).decode()
        assert "BEGIN:VEVENT" in ics
        assert f"UID:agreement-{talk.pk}-{talk.revision}@" in ics
        assert "DTSTART" in ics and "20261015T" in ics
    assert set(made(Kind.TALK_TOMORROW).values_list("email_status", flat=True)) == {
        Notification.Email.SENT
    }


@pytest.mark.django_db
def test_talk_tomorrow_email_is_in_the_recipients_language(
    talk, org, smtp_server, run_jobs, django_capture_on_commit_callbacks
):
    Preference.objects.create(person=org["reference"], language="en")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.talk_tomorrow(D(2026, 10, 14))
    run_jobs()
    by_address = {to[0]: m for to, m in smtp_server.messages}
    english = by_address["helle@kommune.example"]
    danish = by_address["signe@kommune.example"]
    # The texts in the recipient's language (the date as the reader's language writes it).
    assert "15. oktober 2026" in body(danish)
    assert "Oct. 15, 2026" in body(english)
    assert any(p.get_content_type() == "text/calendar" for p in english.walk())


# --- the pamphlet has not been handed out a week before the talk ------------------------------


@pytest.mark.django_db
def test_pamphlet_missing_a_week_before_the_talk_to_the_leader(talk, org):
    assert reminders.pamphlet_missing(D(2026, 10, 7)) == 0  # 8 days before
    assert reminders.pamphlet_missing(D(2026, 10, 8)) == 1
    assert recipients(Kind.PAMPHLET_MISSING) == ["signe"]
    assert reminders.pamphlet_missing(D(2026, 10, 12)) == 0  # caught up once
    n = made(Kind.PAMPHLET_MISSING).get()
    assert n.params["person"] == org["reference"].name
    assert n.params["date"] == "2026-10-15"
    assert reminders.pamphlet_missing(D(2026, 10, 15)) == 0  # the day of the talk


@pytest.mark.django_db
def test_no_pamphlet_reminder_once_it_is_handed_out(talk, org, network):
    PamphletHandout.objects.create(
        network=network, role="reference_leader", recipient=org["reference"]
    )
    assert reminders.pamphlet_missing(D(2026, 10, 10)) == 0


@pytest.mark.django_db
def test_a_missed_day_is_caught_up_the_next(talk):
    """The job did not run on the 8th (7 days before): the 9th still reminds, once."""
    assert reminders.pamphlet_missing(D(2026, 10, 9)) == 1
    assert reminders.pamphlet_missing(D(2026, 10, 10)) == 0


# --- an agreement is not agreed N weeks after the network's start ----------------------------


@pytest.mark.django_db
def test_agreement_overdue_after_the_rules_weeks_then_weekly(network, org, templates):
    # Started 1 September 2026; 8 weeks is 27 October.
    assert reminders.agreement_overdue(D(2026, 10, 27)) == 0
    assert reminders.agreement_overdue(D(2026, 10, 28)) == 3  # three talks, one leader
    assert set(recipients(Kind.AGREEMENT_OVERDUE)) == {"signe"}
    assert reminders.agreement_overdue(D(2026, 11, 1)) == 0  # the same ISO week
    assert reminders.agreement_overdue(D(2026, 11, 2)) == 3  # next week
    n = made(Kind.AGREEMENT_OVERDUE).first()
    assert n.params["weeks"] == 8
    with translation.override("da"):
        assert "8 uger efter netværkets start" in kinds.rule(n.kind, n.params)
        assert "Aftale med" in kinds.headline(n.kind, n.params)


@pytest.mark.django_db
def test_agreement_overdue_follows_the_secretariats_rule_and_skips_agreed(network, org, start):
    rules = Rules.current()
    rules.agreement_due_weeks = 4
    rules.save()
    agreed = start(network, "aftale-referenceleder", org["leader"])
    Agreement.objects.filter(pk=agreed.pk).update(status=Agreement.Status.AGREED)
    assert reminders.agreement_overdue(D(2026, 9, 29)) == 0  # 4 weeks exactly
    assert reminders.agreement_overdue(D(2026, 9, 30)) == 2  # the two not agreed
    assert not made(Kind.AGREEMENT_OVERDUE, key__contains=":rl:").exists()
    assert made(Kind.AGREEMENT_OVERDUE).first().params["weeks"] == 4


@pytest.mark.django_db
def test_agreement_overdue_not_for_a_talk_without_counterpart_or_a_paused_network(
    network, org, templates
):
    NetworkRole.objects.filter(network=network, role=NetworkRole.Role.CO_DRIVER).update(
        ends_on=D(2026, 9, 2)
    )
    assert reminders.agreement_overdue(D(2026, 10, 28)) == 2
    network.status = network.Status.PAUSED
    network.save()
    assert reminders.agreement_overdue(D(2026, 11, 4)) == 0


# --- the plan: test phase, end of the test, breaks -------------------------------------------


@pytest.mark.django_db
def test_test_phase_soon_four_weeks_before(plan):
    assert reminders.test_phase_soon(D(2027, 1, 31)) == 0
    assert reminders.test_phase_soon(D(2027, 2, 1)) == 2
    assert recipients(Kind.TEST_PHASE_SOON) == ["helle", "signe"]
    assert reminders.test_phase_soon(D(2027, 2, 28)) == 0
    assert made(Kind.TEST_PHASE_SOON).first().params["date"] == "2027-03-01"


@pytest.mark.django_db
def test_test_phase_soon_is_not_sent_once_the_test_began(plan):
    assert reminders.test_phase_soon(D(2027, 3, 1)) == 0


@pytest.mark.django_db
def test_test_ending_a_week_before_its_last_day(plan):
    assert reminders.test_ending(D(2027, 4, 17)) == 0
    assert reminders.test_ending(D(2027, 4, 18)) == 2
    assert recipients(Kind.TEST_ENDING) == ["helle", "signe"]
    assert made(Kind.TEST_ENDING).first().params["date"] == "2027-04-25"
    assert reminders.test_ending(D(2027, 4, 24)) == 0
    assert reminders.test_ending(D(2027, 4, 25)) == 0


@pytest.mark.django_db
def test_break_starts_a_week_before_to_the_leader(plan):
    assert reminders.break_starts(D(2026, 11, 1)) == 0
    assert reminders.break_starts(D(2026, 11, 5)) == 1  # caught up within the window
    assert recipients(Kind.BREAK_STARTS) == ["signe"]
    assert made(Kind.BREAK_STARTS).get().params["date"] == "2026-11-09"
    assert reminders.break_starts(D(2026, 11, 8)) == 0
    assert reminders.break_starts(D(2026, 11, 9)) == 0
    assert reminders.break_starts(D(2027, 2, 8)) == 1  # the second break


@pytest.mark.django_db
def test_a_shifted_plan_is_reminded_of_its_new_dates(plan):
    reminders.break_starts(D(2026, 11, 2))
    netvaerk_services.plan_shift(plan=plan, starts_on=D(2026, 9, 14))
    assert reminders.break_starts(D(2026, 11, 9)) == 1
    assert made(Kind.BREAK_STARTS).first().params["date"] == "2026-11-16"


# --- no hours for 4 weeks ----------------------------------------------------------------------


@pytest.mark.django_db
def test_no_hours_after_four_weeks_weekly(network, org):
    assert reminders.no_hours(D(2026, 9, 28)) == 0
    assert reminders.no_hours(D(2026, 9, 29)) == 1
    assert recipients(Kind.NO_HOURS) == ["signe"]
    assert made(Kind.NO_HOURS).get().params["date"] == "2026-09-01"
    assert reminders.no_hours(D(2026, 10, 4)) == 0  # same week
    assert reminders.no_hours(D(2026, 10, 5)) == 1


@pytest.mark.django_db
def test_no_hours_counts_from_the_last_logged_week(network, org):
    TimeEntry.objects.create(network=network, person=org["leader"], week=D(2026, 9, 21), hours=3)
    assert reminders.no_hours(D(2026, 10, 19)) == 0
    assert reminders.no_hours(D(2026, 10, 26)) == 1
    assert made(Kind.NO_HOURS).get().params["date"] == "2026-09-28"


@pytest.mark.django_db
def test_the_leader_can_switch_the_hours_reminder_off(network, org):
    Preference.objects.create(person=org["leader"], hours_reminder=False)
    assert reminders.no_hours(D(2026, 10, 5)) == 0
    Preference.objects.filter(person=org["leader"]).update(hours_reminder=True)
    assert reminders.no_hours(D(2026, 10, 5)) == 1


# --- the daily run ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_twice_the_same_day_makes_nothing_new(talk, plan):
    day = D(2026, 11, 2)  # overdue, no hours, a break in a week
    meeting(talk, D(2026, 11, 3))  # and the talk tomorrow, its pamphlet not handed out
    first = reminders.send_reminders(day)
    assert first[Kind.TALK_TOMORROW] == 2
    assert first[Kind.PAMPHLET_MISSING] == 1
    assert first[Kind.AGREEMENT_OVERDUE] == 3
    assert first[Kind.BREAK_STARTS] == 1
    assert first[Kind.NO_HOURS] == 1
    assert first[Kind.TEST_PHASE_SOON] == first[Kind.TEST_ENDING] == 0
    total = Notification.objects.count()
    assert total == sum(first.values())
    second = reminders.send_reminders(day)
    assert set(second.values()) == {0}
    assert Notification.objects.count() == total


@pytest.mark.django_db
def test_a_person_without_email_gets_the_reminder_in_the_portal(
    network, org, login, run_jobs, django_capture_on_commit_callbacks
):
    user = org["leader"].user
    user.email = ""
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        counts = reminders.send_reminders(D(2026, 10, 28))
    run_jobs()
    assert counts[Kind.NO_HOURS] == 1
    mine = Notification.objects.filter(recipient=org["leader"])
    assert mine.count() == counts[Kind.NO_HOURS] + counts[Kind.AGREEMENT_OVERDUE]
    assert set(mine.values_list("email_status", flat=True)) == {Notification.Email.NO_ADDRESS}
    page = login("leader", org).get(reverse("notifications:list")).content.decode()
    assert network.name in page
    secretariat = login("secretariat", org).get(reverse("deliveries"), {"status": "no_address"})
    assert network.name in secretariat.content.decode()


@pytest.mark.django_db
def test_the_portal_list_names_each_reminders_rule(talk, plan, org, login):
    meeting(talk, D(2026, 11, 3))
    reminders.send_reminders(D(2026, 11, 2))
    page = login("leader", org).get(reverse("notifications:list")).content.decode()
    with translation.override("da"):
        for kind in (
            Kind.TALK_TOMORROW,
            Kind.PAMPHLET_MISSING,
            Kind.AGREEMENT_OVERDUE,
            Kind.BREAK_STARTS,
            Kind.NO_HOURS,
        ):
            n = made(kind, recipient=org["leader"]).first()
            assert kinds.rule(kind, n.params), kind
            assert kinds.rule(kind, n.params).replace("\n", " ") in page.replace("\n", " ")


@pytest.mark.django_db
def test_a_failing_rule_is_logged_and_the_others_run(network, org, monkeypatch, caplog):
    def broken(today, facts=None):
        raise RuntimeError("boom")

    rules = [(k, broken if k == Kind.TEST_ENDING else r) for k, r in reminders.NETWORK_RULES]
    monkeypatch.setattr(reminders, "NETWORK_RULES", rules)
    report = reminders.run(D(2026, 10, 28))
    assert report.failed == [Kind.TEST_ENDING]
    assert report.counts[Kind.AGREEMENT_OVERDUE] == 3
    assert report.counts[Kind.NO_HOURS] == 1
    assert "boom" in caplog.text
    out, err = StringIO(), StringIO()
    call_command("send_reminders", "--date", "2026-11-04", stdout=out, stderr=err)
    assert "Påmindelse: testen slutter: fejlede" in out.getvalue()
    assert "fejlede" in err.getvalue()


@pytest.mark.django_db
def test_a_rule_failing_in_the_database_does_not_spoil_the_others(network, org, monkeypatch):
    from django.db import connection as db

    def broken(today, facts=None):
        with db.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    rules = [(Kind.TEST_ENDING, broken), *reminders.NETWORK_RULES]
    monkeypatch.setattr(reminders, "NETWORK_RULES", rules)
    report = reminders.run(D(2026, 10, 28))
    assert report.failed == [Kind.TEST_ENDING]
    assert report.counts[Kind.NO_HOURS] == 1


@pytest.mark.django_db
def test_the_command_prints_a_danish_summary(network, org):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-10-28", stdout=out)
    text = out.getvalue()
    assert "Påmindelser for 2026-10-28:" in text
    assert "Påmindelse: aftale ikke aftalt: 3" in text
    assert "Påmindelse: ingen timer registreret: 1" in text
    assert "Påmindelse: frist for temaforslag:" in text
    assert "I alt 4 nye notifikationer." in text
    out = StringIO()
    call_command("send_reminders", "--date", "2026-10-28", stdout=out)
    assert "I alt 0 nye notifikationer." in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("send_reminders", "--date", "28-10-2026")


@pytest.mark.django_db
def test_proposal_deadlines_are_called_when_the_proposals_app_has_them(network, monkeypatch):
    import sys
    import types

    calls = []
    module = types.ModuleType("proposals.reminders")
    module.deadline_reminders = lambda today: calls.append(today) or 5
    monkeypatch.setitem(sys.modules, "proposals.reminders", module)
    monkeypatch.setattr(reminders.importlib.util, "find_spec", lambda name: object())
    import proposals

    monkeypatch.setattr(proposals, "reminders", module, raising=False)
    counts = reminders.send_reminders(D(2026, 10, 28))
    assert calls == [D(2026, 10, 28)]
    assert counts[Kind.PROPOSAL_DEADLINE] == 5


@pytest.mark.django_db
def test_the_daily_job_sends_the_reminders_and_queues_digests(network, org, run_jobs, mailoutbox):
    Preference.objects.create(person=org["leader"], email_mode="digest")
    result = reminders.daily.call()
    # Today (whatever it is) the network is months past its start: overdue, no hours.
    assert result[Kind.AGREEMENT_OVERDUE] == 3
    assert result["digests"] >= 1
    run_jobs()
    assert [m.to for m in mailoutbox] == [["signe@kommune.example"]]  # one digest
    assert reminders.daily.call()[Kind.AGREEMENT_OVERDUE] == 0


# --- queries -------------------------------------------------------------------------------


def _networks(count, org, template):
    """`count` networks, each with its own leader, a plan and a talk tomorrow (2 Nov 2026)."""
    for i in range(count):
        network = NetworkFactory()
        leader = PersonFactory(
            user=UserFactory(username=f"leder-{count}-{i}"), manager=org["personnel"]
        )
        NetworkRoleFactory(network=network, person=leader, role=NetworkRole.Role.LEADER)
        NetworkRoleFactory(
            network=network, person=org["reference"], role=NetworkRole.Role.REFERENCE_LEADER
        )
        NetworkRoleFactory(network=network, person=org["codriver"], role=NetworkRole.Role.CO_DRIVER)
        netvaerk_services.plan_create(network=network, template=template, starts_on=D(2026, 9, 7))
        yield network, leader


def _queries(org, start, count, day):
    template = ProcessTemplate.objects.get(network_type="velfaerd")
    for network, leader in _networks(count, org, template):
        meeting(start(network, "aftale-referenceleder", leader), day + datetime.timedelta(days=1))
    with CaptureQueriesContext(connection) as first:
        counts = reminders.send_reminders(day)
    with CaptureQueriesContext(connection) as second:
        again = reminders.send_reminders(day)
    assert counts[Kind.TALK_TOMORROW] == 2 * count
    networks = Network.objects.count()  # those of an earlier call are still there
    assert counts[Kind.AGREEMENT_OVERDUE] == 3 * networks
    assert counts[Kind.BREAK_STARTS] == networks
    assert set(again.values()) == {0}
    Notification.objects.all().delete()
    Agreement.objects.all().delete()
    return len(first), len(second)


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_networks(org, start):
    day = D(2026, 11, 2)
    three = _queries(org, start, 3, day)
    thirteen = _queries(org, start, 10, day)
    assert three == thirteen
    assert three[0] <= 65 and three[1] <= 45, three  # savepoints included


@pytest.mark.django_db
def test_talk_tomorrow_with_a_counterpart_without_email(
    talk, org, smtp_server, run_jobs, django_capture_on_commit_callbacks
):
    user = org["reference"].user
    user.email = ""
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(D(2026, 10, 14))[Kind.TALK_TOMORROW] == 2
    run_jobs()
    statuses = dict(
        made(Kind.TALK_TOMORROW).values_list("recipient__user__username", "email_status")
    )
    assert statuses == {"helle": Notification.Email.NO_ADDRESS, "signe": Notification.Email.SENT}
    ((to, message),) = [
        (to, m) for to, m in smtp_server.messages if "samtale i morgen" in subject(m)
    ]
    assert to == ["signe@kommune.example"]
    assert any(p.get_content_type() == "text/calendar" for p in message.walk())

"""The portal tells people what happened: a list with an unread count, and e-mails (at once,
as a daily digest, or none) sent by the worker through a real SMTP server."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from agreements import services
from netvaerk.models import NetworkRole
from notifications import delivery
from notifications.kinds import Kind
from notifications.models import EmailMode, Notification, Preference
from notifications.services import notify

from ..agreements.test_lifecycle import REFERENCE, _confirm, _fill_required, _meeting

pytestmark = pytest.mark.django_db


def _kinds(person):
    return list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def _bodies(message):
    """The plain-text and HTML parts of a received e-mail."""
    parts = {part.get_content_type(): part for part in message.walk()}
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    return text, html


@pytest.fixture
def ready(network, org, login, start):
    """The reference-leader agreement, ready for the meeting (the invitation sent)."""
    agreement = start(network, REFERENCE, org["leader"])
    _fill_required(agreement)
    _meeting(login("leader", org), agreement)
    agreement.refresh_from_db()
    return agreement


def test_a_comment_reaches_the_counterparts_list_and_mailbox_without_its_text(
    ready, org, login, smtp_server, run_jobs
):
    client = login("leader", org)
    response = client.post(
        reverse("agreements:comment", args=[ready.pk]), {"text": "Hemmelig kommentar om løn"}
    )
    assert response.status_code == 302
    assert smtp_server.messages == []  # the page answered before any mail went
    (notification,) = Notification.objects.filter(recipient=org["reference"], kind=Kind.COMMENTED)
    assert notification.email_status == Notification.Email.PENDING
    run_jobs()
    mails = [m for rcpt, m in smtp_server.messages if str(Kind.COMMENTED.label) in m["Subject"]]
    (message,) = mails
    assert message["To"] == org["reference"].email
    text, html = _bodies(message)
    assert org["leader"].name in text and ready.network.name in text
    assert f"/aftaler/{ready.pk}/#kommentarer" in text and f"/aftaler/{ready.pk}/" in html
    assert "Hemmelig" not in text + html  # what happened and the link, never the content
    notification.refresh_from_db()
    assert notification.email_status == Notification.Email.SENT
    # The leader, who wrote it, is not told of their own comment.
    assert Kind.COMMENTED not in _kinds(org["leader"])


def test_the_header_counts_unread_and_opening_one_marks_it_read(ready, org, login):
    login("leader", org).post(
        reverse("agreements:comment", args=[ready.pk]), {"text": "Se afsnit 3"}
    )
    client = login("reference", org)
    page = client.get(reverse("home")).content.decode()
    assert "Notifikationer <span" in page and "ulæste" in page
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "har skrevet en kommentar til" in listing
    notification = Notification.objects.get(recipient=org["reference"], kind=Kind.COMMENTED)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url == reverse("agreements:detail", args=[ready.pk]) + "#kommentarer"
    notification.refresh_from_db()
    assert notification.read_at is not None
    # Someone else's notification is not there for them.
    other = login("outsider", org).get(reverse("notifications:open", args=[notification.pk]))
    assert other.status_code == 404


def test_mark_all_read(ready, org, login):
    login("leader", org).post(reverse("agreements:comment", args=[ready.pk]), {"text": "a"})
    client = login("reference", org)
    client.post(reverse("notifications:mark-all-read"))
    assert not Notification.objects.filter(recipient=org["reference"], read_at=None).exists()


def test_the_whole_journey_tells_each_party_what_happened(ready, org, login, run_jobs):
    counterpart, leader = org["reference"], org["leader"]
    assert _kinds(counterpart) == [Kind.INVITED]
    # The counterpart confirms; the leader hears of it.
    _confirm(login("reference", org), ready)
    assert Kind.CONFIRMED in _kinds(leader)
    # The leader edits a step after that: the counterpart must confirm again.
    ready.refresh_from_db()
    question = ready.template_version.sections[0]["questions"][0]["key"]
    services.agreement_save_step(
        agreement=ready, step=1, answers={question: "Ny tekst"}, lock_version=ready.lock_version
    )
    assert Kind.CONFIRMATION_VOIDED in _kinds(counterpart)
    # Both confirm: the one who confirmed first hears that it is agreed, with the PDF.
    _confirm(login("reference", org), ready)
    _confirm(login("leader", org), ready)
    agreed = Notification.objects.get(recipient=counterpart, kind=Kind.AGREED)
    assert agreed.params["pdf"] == reverse("agreements:pdf", args=[ready.pk, "aftalt"])
    # Reopened as version 2: the counterpart is told.
    ready.refresh_from_db()
    login("leader", org).post(
        reverse("agreements:reopen", args=[ready.pk]), {"lock_version": ready.lock_version}
    )
    reopened = Notification.objects.get(recipient=counterpart, kind=Kind.REOPENED)
    assert reopened.params["version"] == 2


def test_a_role_given_and_ended_is_told_to_the_person(network, org, login):
    client = login("secretariat", org)
    network.roles.filter(role=NetworkRole.Role.CO_DRIVER).update(ends_on="2026-11-01")
    response = client.post(
        reverse("netvaerk:role-add", args=[network.slug]),
        {"person": "OLGA", "role": NetworkRole.Role.CO_DRIVER, "starts_on": "2026-11-02"},
    )
    assert response.status_code == 302
    (given,) = Notification.objects.filter(recipient=org["outsider"], kind=Kind.ROLE_GIVEN)
    assert given.actor == org["secretariat"]
    listing = login("outsider", org).get(reverse("notifications:list")).content.decode()
    assert "Du er co-driver i netværket" in listing and "2. november 2026" in listing
    role = network.roles.get(person=org["participant"])
    login("secretariat", org).post(
        reverse("netvaerk:role-end", args=[network.slug, role.pk]), {"ends_on": "2026-12-31"}
    )
    (ended,) = Notification.objects.filter(recipient=org["participant"], kind=Kind.ROLE_ENDED)
    assert ended.params["date"] == "2026-12-31"


def test_digest_and_no_email_follow_the_persons_choice(org, smtp_server, run_jobs, network):
    Preference.objects.create(person=org["leader"], email_mode=EmailMode.DIGEST)
    Preference.objects.create(person=org["codriver"], email_mode=EmailMode.NONE)
    for kind in (Kind.ROLE_GIVEN, Kind.COMMENTED):
        notify(
            [org["leader"], org["codriver"]],
            kind,
            url=network.get_absolute_url(),
            params={"network": network.name, "role": "x", "date": "2026-12-01"},
        )
    run_jobs()
    assert smtp_server.messages == []
    statuses = dict(
        Notification.objects.filter(kind=Kind.COMMENTED).values_list("recipient", "email_status")
    )
    assert statuses == {
        org["leader"].pk: Notification.Email.DIGEST,
        org["codriver"].pk: Notification.Email.NONE,
    }
    assert delivery.queue_digests() == 1
    run_jobs()
    ((rcpt, message),) = smtp_server.messages
    assert rcpt == [org["leader"].email]
    text, _html = _bodies(message)
    assert text.count(network.get_absolute_url()) == 2  # both things, one e-mail
    assert delivery.queue_digests() == 0  # the next day's digest has nothing waiting


def test_the_email_is_in_the_recipients_language(
    org, smtp_server, run_jobs, network, django_capture_on_commit_callbacks
):
    Preference.objects.create(person=org["leader"], language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [org["leader"]],
            Kind.ROLE_GIVEN,
            url=network.get_absolute_url(),
            params={
                "network": network.name,
                "role": {"da": "deltager", "en": "participant"},
                "date": "2026-11-02",
            },
        )
    run_jobs()
    ((_rcpt, message),) = smtp_server.messages
    text, _html = _bodies(message)
    assert message["Subject"].startswith("New role")
    assert "You are participant in the network" in text and "Nov. 2, 2026" in text


def test_the_language_switch_is_stored_for_the_users_emails(org, login):
    login("leader", org).post(reverse("set_language"), {"language": "en", "next": "/"})
    assert Preference.objects.get(person=org["leader"]).language == "en"


def test_running_the_send_twice_sends_once(org, smtp_server, network):
    (notification,) = notify([org["leader"]], Kind.COMMENTED, url=network.get_absolute_url())
    assert delivery.send_notification_email.call(notification.pk) == "sent"
    assert delivery.send_notification_email.call(notification.pk) == "already handled"
    assert len(smtp_server.messages) == 1


def test_a_mail_server_that_is_down_delays_mail_then_shows_it_to_the_secretariat(
    org, settings, network, run_jobs, login
):
    from tests.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    (notification,) = notify([org["leader"]], Kind.COMMENTED, url=network.get_absolute_url())
    delivery.send_notification_email.enqueue(notification.pk)
    for attempt in range(1, delivery.RETRIES + 2):
        DBTaskResult.objects.filter(status="READY").update(
            run_after=datetime.datetime.now(datetime.UTC)
        )
        run_jobs()
        notification.refresh_from_db()
        assert notification.email_attempts == attempt
    assert notification.email_status == Notification.Email.FAILED
    assert "ConnectionRefusedError" in notification.email_error
    assert not DBTaskResult.objects.ready().exists()  # given up: no endless retries
    page = login("secretariat", org).get(reverse("deliveries")).content.decode()
    assert org["leader"].name in page and "Send igen" in page
    response = login("secretariat", org).post(reverse("delivery-retry", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.email_status == Notification.Email.PENDING


def test_a_person_without_an_address_is_told_in_the_portal_and_listed(org, login, network):
    org["leader"].user.email = ""
    org["leader"].user.save()
    (notification,) = notify([org["leader"]], Kind.COMMENTED, url=network.get_absolute_url())
    assert notification.email_status == Notification.Email.NO_ADDRESS
    page = login("secretariat", org).get(reverse("deliveries")).content.decode()
    assert "ingen e-mailadresse" in page.lower()


def test_the_same_key_makes_a_notification_once(org, network):
    first = notify([org["leader"]], Kind.NO_HOURS, key="hours:1:2026-W49")
    again = notify([org["leader"]], Kind.NO_HOURS, key="hours:1:2026-W49")
    assert len(first) == 1 and again == []


def test_a_text_never_fails_on_missing_params(org, login):
    notify([org["leader"]], Kind.AGREED, params={})
    page = login("leader", org).get(reverse("notifications:list"))
    assert page.status_code == 200 and "–" in page.content.decode()


def test_the_preferences_page_saves_the_choice(org, login):
    client = login("leader", org)
    response = client.post(
        reverse("notifications:preferences"),
        {"email_mode": "digest", "language": "da", "hours_reminder": ""},
    )
    assert response.status_code == 302
    chosen = Preference.objects.get(person=org["leader"])
    assert (chosen.email_mode, chosen.hours_reminder) == ("digest", False)
    assert response.cookies["django_language"].value == "da"  # the pages follow it too
    bad = client.post(reverse("notifications:preferences"), {"email_mode": "fax"})
    assert bad.status_code == 400 and "fax" in bad.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_job_is_queued_only_when_the_change_commits():
    from tests.factories import PersonFactory

    person = PersonFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([person], Kind.COMMENTED)
        raise RuntimeError("the save failed")
    assert not DBTaskResult.objects.exists()
    with transaction.atomic():
        notify([person], Kind.COMMENTED)
        assert not DBTaskResult.objects.exists()  # not before the commit
    assert DBTaskResult.objects.count() == 1


def test_the_worker_queues_the_daily_job_once_a_day(settings):
    from core import jobs
    from core.models import DailyRun

    settings.DAILY_JOBS = {"reminders": ("portal.reminders.daily", "06:30")}
    early = datetime.datetime(2026, 12, 1, 6, 0, tzinfo=datetime.UTC)
    late = datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC)
    assert jobs.run_due_daily_jobs(early) == []
    assert jobs.run_due_daily_jobs(late) == ["reminders"]
    assert jobs.run_due_daily_jobs(late) == []  # a second worker, or a second tick
    assert DailyRun.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path="portal.reminders.daily").count() == 1


def test_an_invitation_that_cannot_be_sent_is_told_to_the_leader(ready, org, settings, run_jobs):
    from tests.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    invitation = Notification.objects.get(kind=Kind.INVITED, recipient=org["reference"])
    Notification.objects.filter(pk=invitation.pk).update(
        email_status=Notification.Email.PENDING, email_attempts=delivery.RETRIES
    )
    with pytest.raises(ConnectionRefusedError):
        delivery.send_notification_email.call(invitation.pk)
    invitation.refresh_from_db()
    assert invitation.email_status == Notification.Email.FAILED
    (told,) = Notification.objects.filter(recipient=org["leader"], kind=Kind.INVITATION_FAILED)
    assert told.params["person"] == org["reference"].name
    assert told.url == ready.get_absolute_url()


def test_an_account_without_a_person_gets_the_header_without_notifications(client):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("it-drift", password="x", first_name="IT-drift")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("roles:role-list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<span class="navbar-text">IT-drift</span>' in html
    assert "Notifikationer" not in html

"""Telling people things: `notify` makes the portal's notification and, by the recipient's
choice, queues its e-mail when the transaction commits."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.jobs import enqueue_on_commit
from core.paging import chunks

from .models import EmailMode, Notification, Preference


def preferences(people):
    """Each person's choices (the defaults for those who never chose): person id → Preference."""
    people = list(people)
    chosen = {p.person_id: p for p in Preference.objects.filter(person__in=people)}
    return {person.pk: chosen.get(person.pk) or Preference(person=person) for person in people}


def _email_status(person, preference, email):
    if email == "never" or person.left_on:  # a leaver keeps the portal row, gets no mail
        return Notification.Email.NONE
    if email != "always":
        if preference.email_mode == EmailMode.NONE:
            return Notification.Email.NONE
        if preference.email_mode == EmailMode.DIGEST:
            return Notification.Email.DIGEST
    if not person.email:
        return Notification.Email.NO_ADDRESS
    return Notification.Email.PENDING


@dataclass
class Occasion:
    """One thing to tell: who, under which key (once per person and key; "" for always),
    with which names and dates, linking where."""

    recipients: list
    key: str = ""
    params: dict = field(default_factory=dict)
    url: str = ""


def notify_many(kind, occasions, *, actor=None, email=None):
    """Make the notifications of many occasions of one kind in a fixed number of queries:
    one notification per recipient and occasion (the actor is never told of their own act;
    a person already told under an occasion's key is skipped). `email` is "always" for a
    mail the sender asked for (an invitation), "never" for none, else the recipient's
    choice; e-mails are queued when the transaction commits. Returns the notifications made.
    """
    wanted = []
    seen = set()
    for occasion in occasions:
        for person in occasion.recipients:
            if person is None or person == actor:
                continue
            if occasion.key:
                if (person.pk, occasion.key) in seen:
                    continue
                seen.add((person.pk, occasion.key))
            wanted.append((person, occasion))
    keys = {occasion.key for _person, occasion in wanted if occasion.key}
    known = set()
    for chunk in chunks(keys):
        known.update(Notification.objects.filter(key__in=chunk).values_list("recipient_id", "key"))
    wanted = [(p, o) for p, o in wanted if not o.key or (p.pk, o.key) not in known]
    if not wanted:
        return []
    chosen = {}
    for people in chunks({person.pk: person for person, _o in wanted}.values()):
        chosen.update(preferences(people))
    rows = [
        Notification(
            recipient=person,
            kind=kind,
            params=occasion.params or {},
            url=occasion.url,
            actor=actor,
            key=occasion.key,
            email_status=_email_status(person, chosen[person.pk], email),
        )
        for person, occasion in wanted
    ]
    try:
        with transaction.atomic():
            made = Notification.objects.bulk_create(rows, batch_size=500)
    except IntegrityError:
        # Another run made some of them at the same moment: make the rest one by one.
        made = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.pk = None
                    row.save()
                    made.append(row)
            except IntegrityError:
                continue
    from .delivery import send_notification_email

    for row in made:
        if row.email_status == Notification.Email.PENDING:
            enqueue_on_commit(send_notification_email, row.pk)
    return made


def notify(recipients, kind, *, url="", params=None, actor=None, key="", email=None):
    """Tell these people one thing (see notify_many). Returns the notifications made."""
    occasion = Occasion(list(recipients), key=key, params=params or {}, url=url)
    return notify_many(kind, [occasion], actor=actor, email=email)


def for_person(person):
    return Notification.objects.filter(recipient=person).select_related("actor")


def unread_count(person):
    return Notification.objects.filter(recipient=person, read_at=None).count()


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(
            read_at=notification.read_at
        )


def mark_all_read(person):
    return Notification.objects.filter(recipient=person, read_at=None).update(
        read_at=timezone.now()
    )


def retry_email(notification):
    """Send a failed e-mail again (the secretariat's button)."""
    updated = Notification.objects.filter(
        pk=notification.pk, email_status=Notification.Email.FAILED
    ).update(email_status=Notification.Email.PENDING, email_error="")
    if updated:
        from .delivery import send_notification_email

        enqueue_on_commit(send_notification_email, notification.pk)
    return bool(updated)

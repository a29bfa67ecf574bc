"""E-mails for notifications, sent by the worker: one at once, or one daily digest.

Each e-mail is written in the recipient's language, as plain text and HTML, and carries only
what happened and the link (never answers or comments). A send is claimed before it goes,
so running the job twice sends once; a failed send is tried again and, in the end, shown to
the secretariat."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from core.jobs import job

from . import kinds
from .models import Notification
from .services import preferences

logger = logging.getLogger(__name__)

# Kinds whose e-mail another app writes (the invitation carries its .ics): kind → builder
# path, a function (notification) → (EmailMessage, after_send callable or None).
BUILDERS = {
    kinds.Kind.INVITED: "agreements.invitations.invitation_email",
    kinds.Kind.TALK_TOMORROW: "portal.reminders.talk_tomorrow_email",
}


def absolute(url):
    return settings.SITE_URL + url if url.startswith("/") else url


def _context(notification):
    params = notification.params or {}
    return {
        "notification": notification,
        "headline": kinds.headline(notification.kind, params),
        "rule": kinds.rule(notification.kind, params),
        "url": absolute(notification.url) if notification.url else "",
        "pdf_url": absolute(params["pdf"]) if params.get("pdf") else "",
    }


def notification_email(notification, language):
    with translation.override(language):
        context = {
            **_context(notification),
            "settings_url": absolute("/notifikationer/indstillinger/"),
            "site_url": settings.SITE_URL,
        }
        subject = f"{kinds.title(notification.kind)} · {_site_name()}"
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(subject, text, to=[notification.recipient.email])
    message.attach_alternative(html, "text/html")
    return message, None


def _site_name():
    return str(translation.gettext("Netværksportalen"))


def _finish(pk, status, **fields):
    Notification.objects.filter(pk=pk).update(email_status=status, **fields)


RETRIES = 4


@job(retries=RETRIES, backoff_seconds=60)
def send_notification_email(notification_id):
    """Send one notification's e-mail. Returns what happened (kept with the job)."""
    claimed = Notification.objects.filter(
        pk=notification_id, email_status=Notification.Email.PENDING
    ).update(email_status=Notification.Email.SENDING)
    if not claimed:
        return "already handled"
    notification = Notification.objects.select_related("recipient", "actor").get(pk=notification_id)
    language = preferences([notification.recipient])[notification.recipient_id].language
    try:
        builder = BUILDERS.get(notification.kind)
        if builder:
            with translation.override(language):
                message, after_send = import_string(builder)(notification)
        else:
            message, after_send = notification_email(notification, language)
        message.send()
    except Exception as error:
        attempts = notification.email_attempts + 1
        final = attempts > RETRIES
        _finish(
            notification_id,
            Notification.Email.FAILED if final else Notification.Email.PENDING,
            email_attempts=attempts,
            email_error=f"{type(error).__name__}: {error}"[:500],
        )
        if final:
            _tell_the_sender(notification)
        raise
    _finish(
        notification_id,
        Notification.Email.SENT,
        email_attempts=F("email_attempts") + 1,
        email_error="",
        emailed_at=timezone.now(),
    )
    if after_send is not None:
        after_send()
    return "sent"


def _tell_the_sender(notification):
    """An e-mail someone asked for (an invitation) that could not be sent in the end: its
    sender hears it in the portal (and by mail, by their choice)."""
    if notification.kind != kinds.Kind.INVITED or notification.actor is None:
        return
    from .services import notify

    notify(
        [notification.actor],
        kinds.Kind.INVITATION_FAILED,
        url=notification.url,
        key=f"invitation-failed:{notification.pk}",
        params={
            "talk": notification.params.get("talk", ""),
            "network": notification.params.get("network", ""),
            "person": notification.recipient.name,
        },
    )


def _digest_email(person, notifications, language):
    with translation.override(language):
        context = {
            "person": person,
            "items": [_context(n) for n in notifications],
            "settings_url": absolute("/notifikationer/indstillinger/"),
            "list_url": absolute("/notifikationer/"),
        }
        subject = translation.gettext("Dagens nyt fra Netværksportalen (%(count)s)") % {
            "count": len(notifications)
        }
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(subject, text, to=[person.email])
    message.attach_alternative(html, "text/html")
    return message


@job(retries=RETRIES, backoff_seconds=60)
def send_digest(person_id):
    """One person's daily digest of what is waiting for it. Twice sends once."""
    waiting = Notification.objects.filter(
        recipient_id=person_id, email_status=Notification.Email.DIGEST
    )
    ids = list(waiting.values_list("pk", flat=True))
    claimed = Notification.objects.filter(
        pk__in=ids, email_status=Notification.Email.DIGEST
    ).update(email_status=Notification.Email.SENDING)
    if not claimed:
        return "nothing waiting"
    rows = list(
        Notification.objects.filter(pk__in=ids, email_status=Notification.Email.SENDING)
        .select_related("recipient")
        .order_by("created_at", "id")
    )
    person = rows[0].recipient
    if not person.email:
        Notification.objects.filter(pk__in=ids).update(email_status=Notification.Email.NO_ADDRESS)
        return "no address"
    language = preferences([person])[person.pk].language
    try:
        _digest_email(person, rows, language).send()
    except Exception as error:
        Notification.objects.filter(pk__in=ids).update(
            email_status=Notification.Email.DIGEST,
            email_attempts=F("email_attempts") + 1,
            email_error=f"{type(error).__name__}: {error}"[:500],
        )
        raise
    Notification.objects.filter(pk__in=ids).update(
        email_status=Notification.Email.SENT,
        emailed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
        email_error="",
    )
    return f"sent {len(rows)}"


def queue_digests():
    """Queue a digest for everyone with notifications waiting for one (the daily job)."""
    people = (
        Notification.objects.filter(email_status=Notification.Email.DIGEST)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    count = 0
    for person_id in people:
        send_digest.enqueue(person_id)
        count += 1
    return count

"""The invitation to a talk, sent by the worker: an e-mail in the recipient's language with
the meeting's date, time and place, links to the agreement and to the counterpart's role
page, and an .ics calendar attachment. Optionally the counterpart's personalised role
pamphlet goes with it."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from core.pdf import cached_pdf
from roles import pamphlets
from roles.models import RoleDescription

from . import selectors
from .models import Agreement, PamphletHandout


def _talk_role(agreement):
    return RoleDescription.objects.filter(key=agreement.template.talk).first()


def invitation_ics(agreement, *, duration_minutes, url):
    leader, counterpart = agreement.leader, agreement.counterpart
    calendar = Calendar()
    calendar.add("prodid", "-//Netværksportalen//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "netvaerk.invalid"
    event.add("uid", f"agreement-{agreement.pk}-{agreement.revision}@{host}")
    event.add("dtstamp", timezone.now())
    starts = timezone.localtime(agreement.meeting_at)
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=duration_minutes))
    event.add("summary", f"{agreement.title}: {agreement.network.name}")
    event.add("location", agreement.meeting_place)
    event.add("description", f"{agreement.title}\n{url}")
    event.add("url", url)
    organizer = vCalAddress(f"mailto:{leader.email}")
    organizer.params["cn"] = vText(leader.name)
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{counterpart.email}")
    attendee.params["cn"] = vText(counterpart.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def invitation_message(agreement, *, duration_minutes=60, message="", attach_pamphlet=False):
    """The invitation e-mail, in the active language, and what to record once it is sent
    (the pamphlet hand-out when the pamphlet went with it): (EmailMessage, after_send)."""
    counterpart, leader = agreement.counterpart, agreement.leader
    base = settings.SITE_URL
    url = base + agreement.get_absolute_url()
    role = _talk_role(agreement)
    attach = attach_pamphlet and role is not None
    local = timezone.localtime(agreement.meeting_at)
    body = render_to_string(
        "agreements/email/invitation.txt",
        {
            "agreement": agreement,
            "leader": leader,
            "counterpart": counterpart,
            "meeting": local,
            "url": url,
            "role": role,
            # The role's name as users read it: the live version's, in the mail's language.
            "role_name": pamphlets.live_version(role).localized()["name"] if role else "",
            "role_url": base + role.get_absolute_url() if role else "",
            "message": message,
            "attach_pamphlet": attach,
        },
    )
    email = EmailMessage(
        subject=f"{gettext('Invitation')}: {agreement.title} – {agreement.network.name}",
        body=body,
        to=[counterpart.email],
        cc=[leader.email] if leader.email else [],
        reply_to=[leader.email] if leader.email else [],
    )
    email.attach(
        "invitation.ics",
        invitation_ics(agreement, duration_minutes=duration_minutes, url=url),
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    if not attach:
        return email, None
    personal = selectors.pamphlet_personalisation(
        agreement.network, counterpart, leader, talk_on=local.date()
    )
    # The text version printed is the one recorded as handed out.
    version = pamphlets.live_version(role)
    html = pamphlets.pamphlet_html(role, fmt="a4", personal=personal, version=version)
    email.attach(
        pamphlets.pamphlet_filename(role, "a4", suffix=f"-{agreement.network.slug}"),
        cached_pdf(html, variant="a4")[0],
        "application/pdf",
    )

    def record_handout():
        PamphletHandout.objects.update_or_create(
            network=agreement.network,
            role=role.key,
            recipient=counterpart,
            defaults={
                "handed_out_on": timezone.localdate(),
                "method": PamphletHandout.Method.INVITATION,
                "talk_on": local.date(),
                "recorded_by": leader.user,
                "text_version": version,  # the text attached to this invitation
            },
        )

    return email, record_handout


def invitation_email(notification):
    """The worker's builder for an invitation notification (notifications.delivery)."""
    params = notification.params
    agreement = Agreement.objects.select_related(
        "network", "leader__user", "counterpart__user", "template"
    ).get(pk=params["agreement"])
    return invitation_message(
        agreement,
        duration_minutes=params.get("duration") or 60,
        message=params.get("message") or "",
        attach_pamphlet=params.get("attach_pamphlet", False),
    )

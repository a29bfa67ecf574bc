"""What the parties of an agreement are told, and when. Called by the services inside their
transaction: the notifications are saved with the change, and their e-mails queued when it
commits. Texts name the talk, the network and who acted; never answers or comments."""

from django.urls import reverse

from notifications.kinds import Kind
from notifications.services import notify

from .models import Confirmation


def _params(agreement, **extra):
    return {
        "agreement": agreement.pk,
        "talk": agreement.title,
        "network": agreement.network.name,
        **extra,
    }


def _other_party(agreement, person):
    """The party of the agreement who is not `person`."""
    if person is not None and person == agreement.counterpart:
        return agreement.leader
    return agreement.counterpart


def _party_person(agreement, party):
    return agreement.leader if party == Confirmation.Party.LEADER else agreement.counterpart


def _actor(person):
    return person.name if person is not None else "–"


def invited(agreement, *, duration_minutes, message, attach_pamphlet):
    """The invitation to the talk: always by e-mail (with its .ics), and in the portal."""
    meeting = agreement.meeting_at
    return notify(
        [agreement.counterpart],
        Kind.INVITED,
        url=agreement.get_absolute_url(),
        actor=agreement.leader,
        email="always",
        params=_params(
            agreement,
            actor=_actor(agreement.leader),
            date=meeting.date().isoformat() if meeting else "",
            revision=agreement.revision,
            duration=duration_minutes,
            message=message,
            attach_pamphlet=bool(attach_pamphlet),
        ),
    )


def commented(agreement, *, author):
    notify(
        [_other_party(agreement, author)],
        Kind.COMMENTED,
        url=reverse("agreements:detail", args=[agreement.pk]) + "#kommentarer",
        actor=author,
        params=_params(agreement, actor=_actor(author)),
    )


def confirmed(agreement, *, person):
    notify(
        [_other_party(agreement, person)],
        Kind.CONFIRMED,
        url=agreement.get_absolute_url(),
        actor=person,
        params=_params(agreement, actor=_actor(person)),
    )


def agreed(agreement, *, person):
    """Both have confirmed: the party who confirmed first hears it, with the agreed PDF."""
    notify(
        [_other_party(agreement, person)],
        Kind.AGREED,
        url=agreement.get_absolute_url(),
        actor=person,
        key=f"agreed:{agreement.pk}:{agreement.revision}",
        params=_params(
            agreement,
            version=agreement.revision,
            pdf=reverse("agreements:pdf", args=[agreement.pk, "aftalt"]),
        ),
    )


def confirmations_voided(agreement, parties, *, by):
    """An edit changed the text a party had confirmed: that party must confirm again."""
    notify(
        [_party_person(agreement, party) for party in parties],
        Kind.CONFIRMATION_VOIDED,
        url=agreement.get_absolute_url(),
        actor=by,
        params=_params(agreement),
    )


def reopened(agreement, *, by):
    notify(
        [agreement.leader, agreement.counterpart],
        Kind.REOPENED,
        url=agreement.get_absolute_url(),
        actor=by,
        key=f"reopened:{agreement.pk}:{agreement.revision}",
        params=_params(agreement, version=agreement.revision),
    )

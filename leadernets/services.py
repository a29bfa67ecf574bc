"""Writes for leader networks: keyword-only, validated before saving."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netvaerk.models import Network

from .models import Evaluation, Meeting, MeetingNote, Season


def season_create(*, network, name, starts_on, ends_on):
    if network.type != Network.Type.LEADER:
        raise ValidationError(_("Kun et ledernetværk har sæsoner."))
    season = Season(network=network, name=name, starts_on=starts_on, ends_on=ends_on)
    season.full_clean()
    season.save()
    return season


def season_close(*, season):
    """Closing a season ends its evaluation: what is given stands."""
    if season.closed_at is None:
        season.closed_at = timezone.now()
        season.save(update_fields=["closed_at"])
    return season


def meeting_create(*, season, held_on, theme, place=""):
    meeting = Meeting(season=season, held_on=held_on, theme=theme, place=place)
    meeting.full_clean()
    meeting.save()
    return meeting


def note_create(*, meeting, author, text):
    return MeetingNote.objects.create(meeting=meeting, author=author, text=text)


def note_update(*, note, text):
    note.text = text
    note.save(update_fields=["text", "updated_at"])
    return note


def evaluation_save(*, season, person, ratings, comment=""):
    """The member's evaluation of the season, new or changed, while the season is open."""
    if season.is_closed:
        raise ValidationError(_("Sæsonen er afsluttet, så evalueringen kan ikke ændres."))
    try:
        with transaction.atomic():
            evaluation, _created = Evaluation.objects.update_or_create(
                season=season, person=person, defaults={**ratings, "comment": comment}
            )
    except IntegrityError as exc:
        raise ValidationError(_("Evalueringen kunne ikke gemmes. Prøv igen.")) from exc
    return evaluation

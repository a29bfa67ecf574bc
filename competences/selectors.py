"""Reading assessments: a person's history, and the picture as it stood at one assessment."""

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import picture
from .models import Assessment


def history(person):
    """All the person's assessments, oldest first, with their ratings (three queries)."""
    return list(Assessment.objects.filter(person=person).with_ratings().oldest_first())


def up_to(assessment):
    """The person's assessments up to and including this one, oldest first: what the
    change at this assessment is counted against."""
    earlier = Q(assessed_on__lt=assessment.assessed_on) | Q(
        assessed_on=assessment.assessed_on, created_at__lte=assessment.created_at
    )
    return list(
        Assessment.objects.filter(earlier, person=assessment.person).with_ratings().oldest_first()
    )


def picture_over_time(assessments, person, *, uid="radar"):
    title = _("Netværkslederkompetencer over tid: %(person)s") % {"person": person.name}
    return picture.over_time(assessments, uid=uid, title=title)


def picture_side_by_side(assessment, *, uid="radar-begge"):
    if assessment.manager_rated_at is None:
        return None
    title = _("Selvvurdering og personalelederens vurdering: %(person)s, %(date)s") % {
        "person": assessment.person.name,
        "date": date_format(assessment.assessed_on),
    }
    return picture.side_by_side(assessment, uid=uid, title=title)


def notes(assessment):
    """The competences the person (or their leader) wrote a note about."""
    return [r for r in assessment.ratings.all() if r.note or r.manager_note]

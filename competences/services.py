"""Writing assessments: made whole in one transaction, validated before anything is saved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.content import translated
from roles.models import Competence

from .models import HIGHEST, LOWEST, NOTE_MAX, Assessment, Rating


def validate_date(day, today=None):
    today = today or timezone.localdate()
    if day > today:
        raise ValidationError(
            _("Datoen må ikke ligge i fremtiden. Vælg i dag (%(today)s) eller en dag før.")
            % {"today": date_format(today)},
            code="future",
        )


def validate_level(level, competence):
    if not isinstance(level, int) or not LOWEST <= level <= HIGHEST:
        raise ValidationError(
            _("Vælg et niveau fra %(low)s til %(high)s for »%(competence)s«.")
            % {"low": LOWEST, "high": HIGHEST, "competence": translated(competence, "name")},
            code="scale",
        )


def _validated(levels, *, required=True, competences=None):
    """levels: {competence: (level, note)} for every competence (when `required`): all of
    them, or those given (an older assessment's own)."""
    competences = list(Competence.objects.all()) if competences is None else competences
    errors = []
    for competence in competences:
        if competence not in levels:
            if required:
                errors.append(
                    ValidationError(
                        _("Vælg et niveau for »%(competence)s«.")
                        % {"competence": translated(competence, "name")}
                    )
                )
            continue
        level, note = levels[competence]
        try:
            validate_level(level, competence)
        except ValidationError as exc:
            errors.append(exc)
        if len(note or "") > NOTE_MAX:
            errors.append(
                ValidationError(
                    _("Noten om »%(competence)s« må højst være %(max)s tegn.")
                    % {"competence": translated(competence, "name"), "max": NOTE_MAX}
                )
            )
    if errors:
        raise ValidationError(errors)
    return [c for c in competences if c in levels]


@transaction.atomic
def assessment_create(*, person, assessed_on, levels):
    """A new dated self-assessment of every competence. `levels`: {competence: (level, note)}."""
    validate_date(assessed_on)
    competences = _validated(levels)
    assessment = Assessment.objects.create(person=person, assessed_on=assessed_on)
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            competence=c,
            level=levels[c][0],
            note=(levels[c][1] or "").strip(),
        )
        for c in competences
    )
    return assessment


@transaction.atomic
def assessment_share(*, assessment):
    """Share with the person's personnel leader (as they are today)."""
    person = assessment.person
    if person.manager_id is None:
        raise ValidationError(
            _("Du har ingen personaleleder i portalen, så vurderingen kan ikke deles.")
        )
    assessment.shared_with_id = person.manager_id
    assessment.shared_at = timezone.now()
    assessment.save(update_fields=["shared_with", "shared_at"])
    return assessment


@transaction.atomic
def assessment_unshare(*, assessment):
    assessment.shared_with = None
    assessment.shared_at = None
    assessment.save(update_fields=["shared_with", "shared_at"])
    return assessment


@transaction.atomic
def assessment_rate_as_leader(*, assessment, levels):
    """The personnel leader's levels beside the person's, for the competences rated."""
    ratings = {r.competence_id: r for r in assessment.ratings.select_related("competence")}
    _validated(levels, required=True, competences=[r.competence for r in ratings.values()])
    changed = []
    for competence, (level, note) in levels.items():
        rating = ratings.get(competence.pk)
        if rating is None:
            continue
        rating.manager_level = level
        rating.manager_note = (note or "").strip()
        changed.append(rating)
    Rating.objects.bulk_update(changed, ["manager_level", "manager_note"])
    assessment.manager_rated_at = timezone.now()
    assessment.save(update_fields=["manager_rated_at"])
    return assessment

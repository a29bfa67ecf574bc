"""Who may see and act on competence assessments. Every view and the PDF go through here.

An assessment is its author's, like a reflection: private until shared. Shared, it is also
read by the personnel leader it was shared with, for as long as that person is still the
author's personnel leader (roles: Person.manager). The secretariat does not read them.
Everyone else gets a 404, as if there were nothing there; the personnel leader gets a 403
on what only the author does (sharing), and the author on what only the leader does.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.permissions import is_secretariat
from netvaerk.models import NetworkRole
from roles.access import person_for_user

from .models import Assessment, Training

# The roles whose holders assess the network leader's competences.
ASSESSING_ROLES = (NetworkRole.Role.LEADER, NetworkRole.Role.CO_DRIVER)


def may_assess(person):
    """A network leader or co-driver, now or before, assesses their own competences."""
    if person is None:
        return False
    return NetworkRole.objects.filter(person=person, role__in=ASSESSING_ROLES).exists()


def require_assessor(user):
    """The person who starts a new self-assessment; anyone else gets a 403."""
    person = person_for_user(user)
    if not may_assess(person):
        raise PermissionDenied
    return person


def is_author(user, assessment):
    return assessment.person.user_id == user.pk


def is_reading_leader(user, assessment):
    """The personnel leader it was shared with, while still the author's leader."""
    return (
        assessment.shared_with_id is not None
        and assessment.shared_with.user_id == user.pk
        and assessment.person.manager_id == assessment.shared_with_id
    )


def can_read_assessment(user, assessment):
    if not user.is_authenticated:
        return False
    return is_author(user, assessment) or is_reading_leader(user, assessment)


def get_assessment_for_user(user, pk):
    """An assessment's page and its PDF."""
    assessment = get_object_or_404(
        Assessment.objects.with_ratings().select_related("person__manager"), pk=pk
    )
    if not can_read_assessment(user, assessment):
        raise Http404
    return assessment


def get_assessment_for_share(user, pk):
    """Only the author shares."""
    assessment = get_assessment_for_user(user, pk)
    if not is_author(user, assessment):
        raise PermissionDenied
    return assessment


def get_assessment_for_leader_rating(user, pk):
    """Only the personnel leader it is shared with rates beside it."""
    assessment = get_assessment_for_user(user, pk)
    if not is_reading_leader(user, assessment):
        raise PermissionDenied
    return assessment


def can_share(person):
    """Sharing needs someone to share with."""
    return person is not None and person.manager_id is not None


def shared_with_leader(user):
    """The assessments a personnel leader may read: shared with them by their own staff."""
    person = person_for_user(user)
    if person is None:
        return Assessment.objects.none()
    return Assessment.objects.filter(shared_with=person, person__manager=person)


# --- the co-driver's training (competences/training.py) --------------------------------
# One rule for reading and for recording the dates: the co-driver themselves, their
# personnel leader (as they are today) and the secretariat. Everyone else gets a 404.


def can_see_training(user, training):
    if not user.is_authenticated:
        return False
    person = training.person
    if person.user_id == user.pk or is_secretariat(user):
        return True
    return person.manager_id is not None and person.manager.user_id == user.pk


def is_own_training(user, training):
    return training.person.user_id == user.pk


def get_training_for_user(user, person_pk):
    """A person's training page, read and recorded on."""
    training = get_object_or_404(
        Training.objects.select_related(
            "person__user",
            "person__department",
            "person__manager",
            "updated_by",
            "source_agreement__network",
            "source_agreement__template",
            "source_agreement__leader",
            "source_agreement__counterpart",
        ),
        person_id=person_pk,
    )
    if not can_see_training(user, training):
        raise Http404
    return training


def can_see_training_pool(user):
    """The pool of trained co-drivers, across the organisation, is the secretariat's."""
    return is_secretariat(user)


def require_training_pool(user):
    if not can_see_training_pool(user):
        raise PermissionDenied

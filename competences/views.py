"""The competence pages: fetch through competences/access.py, validate, call a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import audit
from core.content import translated
from core.pdf import pdf_response
from core.preserve import preserves_post
from roles.access import person_for_user
from roles.models import Competence, Organisation

from . import access, selectors, services
from . import training as training_rules
from .forms import AssessmentForm, LevelsForm
from .models import LEVELS, Training
from .prompts import prompts_for


def _form_errors(form, exc):
    for message in exc.messages:
        form.add_error(None, message)


def _log_if_not_own(request, assessment, what):
    """Someone else's assessment is personal data read: log it (core/audit.py)."""
    if not access.is_author(request.user, assessment):
        audit.record(request, what, about=[assessment.person], object_id=assessment.pk)


def mine(request):
    """The person's competence page: the picture over time, the history, what to do next."""
    person = person_for_user(request.user)
    assessments = selectors.history(person) if person else []
    may_assess = access.may_assess(person)
    context = {
        "person": person,
        "may_assess": may_assess,
        "assessments": list(reversed(assessments)),
        "picture": selectors.picture_over_time(assessments, person) if assessments else None,
        "prompts": prompts_for(person) if may_assess else [],
        "staff_shared": access.shared_with_leader(request.user).count(),
        "levels": LEVELS.items(),
        "training": Training.objects.filter(person=person).first() if person else None,
        "staff_trainings": training_rules.of_staff(person).count(),
        "sees_training_pool": access.can_see_training_pool(request.user),
    }
    return render(request, "competences/mine.html", context)


@preserves_post
def create(request):
    person = access.require_assessor(request.user)
    form = AssessmentForm(request.POST or None, competences=Competence.objects.all())
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                person=person,
                assessed_on=form.cleaned_data["assessed_on"],
                levels=form.levels(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Din vurdering er gemt. Kun du kan se den."))
            return redirect(assessment)
    return render(request, "competences/assessment_form.html", {"form": form})


def _detail_context(request, assessment):
    shown = selectors.up_to(assessment)
    return {
        "assessment": assessment,
        "person": assessment.person,
        "picture": selectors.picture_over_time(shown, assessment.person),
        "earlier_count": len(shown) - 1,
        "side_by_side": selectors.picture_side_by_side(assessment),
        "notes": selectors.notes(assessment),
        "is_author": access.is_author(request.user, assessment),
        "is_leader": access.is_reading_leader(request.user, assessment),
        "can_share": access.can_share(assessment.person),
    }


def detail(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk)
    _log_if_not_own(request, assessment, "competences")
    return render(request, "competences/detail.html", _detail_context(request, assessment))


def pdf(request, pk):
    assessment = access.get_assessment_for_user(request.user, pk)
    _log_if_not_own(request, assessment, "competences_pdf")
    organisation = Organisation.current()
    context = _detail_context(request, assessment) | {
        "lang": get_language() or "da",
        "pdf_title": _("Netværkslederkompetencer"),
        "pdf_author": translated(organisation, "secretariat_name"),
        "pdf_subject": assessment.person.name,
        "organisation": organisation,
        "generated_at": timezone.localtime(),
    }
    html = render_to_string("competences/pdf.html", context, request=request)
    filename = f"kompetencer-{assessment.assessed_on.isoformat()}.pdf"
    return pdf_response(request, html, filename=filename, variant="competences")


def share(request, pk):
    """Share with the personnel leader, or take the sharing back."""
    assessment = access.get_assessment_for_share(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "stop":
                services.assessment_unshare(assessment=assessment)
                messages.success(request, _("Vurderingen er ikke længere delt."))
            else:
                services.assessment_share(assessment=assessment)
                messages.success(
                    request,
                    _("Vurderingen er delt med %(leader)s.") % {"leader": assessment.shared_with},
                )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(assessment)
    return render(
        request,
        "competences/share.html",
        {
            "assessment": assessment,
            "leader": assessment.person.manager,
            "earlier_count": len(selectors.up_to(assessment)) - 1,
            "error": error,
        },
    )


@preserves_post
def leader_rating(request, pk):
    """The personnel leader rates the same competences beside the shared assessment."""
    assessment = access.get_assessment_for_leader_rating(request.user, pk)
    _log_if_not_own(request, assessment, "competences")
    ratings = list(assessment.ratings.all())
    form = LevelsForm(
        request.POST or None,
        competences=[r.competence for r in ratings],
        initial_levels={r.competence_id: (r.manager_level, r.manager_note) for r in ratings},
        beside={r.competence_id: r for r in ratings},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_rate_as_leader(assessment=assessment, levels=form.levels())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Din vurdering står nu ved siden af medarbejderens."))
            return redirect(assessment)
    return render(
        request,
        "competences/leader_form.html",
        {"form": form, "assessment": assessment},
    )


def staff(request):
    """A personnel leader's staff: the assessments shared with them."""
    shared = list(
        access.shared_with_leader(request.user)
        .select_related("person__user")
        .order_by("person__search_text", "person_id", "-assessed_on", "-pk")
    )
    # A list: one row, about no one (core/audit.py); it shows dates, not the ratings.
    audit.record(request, "competences_staff")
    trainings = list(training_rules.of_staff(person_for_user(request.user)))
    if trainings:
        audit.record(request, "training_staff")
    return render(request, "competences/staff.html", {"shared": shared, "trainings": trainings})

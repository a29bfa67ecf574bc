"""The leader network pages: fetch through leadernets/access.py, validate, call a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import audit
from core.paging import page_by_keys
from core.permissions import is_secretariat
from core.preserve import bound_form, preserves_post

from . import access, selectors, services
from .forms import EvaluationForm, MeetingForm, NoteForm, SeasonForm
from .models import GAINS, SCALE

DEPARTMENTS_PER_PAGE = 25


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def network(request, slug):
    network = access.get_network_for_user(request.user, slug)
    members = selectors.members(network)
    audit.record(request, "leadernet", object_id=network.slug)
    return render(
        request,
        "leadernets/network.html",
        {
            "network": network,
            "members": members,
            "seasons": selectors.seasons_with_meetings(network),
            "can_plan": access.can_plan(request.user, network),
            "is_member": access.is_member(request.user, network),
        },
    )


def season_create(request, slug):
    network = access.get_network_for_planning(request.user, slug)
    form = SeasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            season = services.season_create(network=network, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Sæsonen er oprettet. Tilføj nu sæsonens møder."))
            return redirect(season)
    return render(request, "leadernets/season_form.html", {"form": form, "network": network})


def season(request, pk):
    season = access.get_season_for_user(request.user, pk)
    network = season.network
    member = access.member_role(request.user, network)
    can_read_notes = access.can_read_notes(request.user, network)
    evaluations = list(season.evaluations.all())
    # Who was asked: today's members, and anyone who answered and has left since.
    asked = set(network.roles.active().values_list("person_id", flat=True))
    asked |= {e.person_id for e in evaluations}
    audit.record(request, "leadernet_season", object_id=season.pk)
    own = None
    if member is not None:
        own = next((e for e in evaluations if e.person_id == member.person_id), None)
    return render(
        request,
        "leadernets/season.html",
        {
            "season": season,
            "network": network,
            "meetings": selectors.season_meetings(season, with_notes=can_read_notes),
            "can_read_notes": can_read_notes,
            "can_plan": access.can_plan(request.user, network),
            "member": member,
            "own_evaluation": own,
            "summary": selectors.evaluation_summary(evaluations, len(asked)),
            "note_form": NoteForm() if member else None,
            "is_secretariat": is_secretariat(request.user),
        },
    )


def meeting_create(request, pk):
    season = access.get_season_for_planning(request.user, pk)
    form = MeetingForm(request.POST or None, season=season)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_create(season=season, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Mødet er tilføjet."))
            return redirect(season)
    return render(
        request,
        "leadernets/meeting_form.html",
        {"form": form, "season": season, "network": season.network},
    )


def season_close(request, pk):
    """Ask first: a closed season's evaluations cannot be changed any more."""
    season = access.get_season_for_planning(request.user, pk)
    if request.method == "POST":
        services.season_close(season=season)
        messages.success(request, _("Sæsonen er afsluttet. Evalueringerne står, som de er."))
        return redirect(season)
    return render(
        request, "leadernets/season_close.html", {"season": season, "network": season.network}
    )


@preserves_post
def note_create(request, pk):
    meeting, person = access.get_meeting_for_note(request.user, pk)
    form = bound_form(request, NoteForm) or NoteForm()
    if request.method == "POST" and form.is_valid():
        services.note_create(meeting=meeting, author=person, text=form.cleaned_data["text"])
        messages.success(request, _("Din note er delt med ledernetværket."))
        return redirect(meeting)
    return render(
        request,
        "leadernets/note_form.html",
        {
            "form": form,
            "meeting": meeting,
            "season": meeting.season,
            "network": meeting.season.network,
        },
        status=400 if form.errors else 200,
    )


@preserves_post
def note_edit(request, pk):
    note = access.get_note_for_edit(request.user, pk)
    meeting = note.meeting
    form = bound_form(request, NoteForm) or NoteForm(initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        services.note_update(note=note, text=form.cleaned_data["text"])
        messages.success(request, _("Din note er rettet."))
        return redirect(meeting)
    return render(
        request,
        "leadernets/note_form.html",
        {
            "form": form,
            "note": note,
            "meeting": meeting,
            "season": meeting.season,
            "network": meeting.season.network,
        },
        status=400 if form.errors else 200,
    )


@preserves_post
def evaluate(request, pk):
    season, person, evaluation = access.get_season_for_evaluation(request.user, pk)
    if season.is_closed:
        messages.info(request, _("Sæsonen er afsluttet, så evalueringen kan ikke ændres."))
        return redirect(season)
    initial = {}
    if evaluation is not None:
        initial = {key: str(value) for key, value in evaluation.ratings().items()}
        initial["comment"] = evaluation.comment
    form = bound_form(request, EvaluationForm) or EvaluationForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_save(
                season=season,
                person=person,
                ratings=form.ratings(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Tak. Din evaluering af sæsonen er gemt."))
            return redirect(season)
    return render(
        request,
        "leadernets/evaluation_form.html",
        {
            "form": form,
            "season": season,
            "network": season.network,
            "evaluation": evaluation,
            "scale": SCALE.items(),
            "gains": GAINS.values(),
        },
        status=400 if form.errors else 200,
    )


def participation(request):
    access.require_participation_reader(request.user)
    page = page_by_keys(
        selectors.departments_with_managers().select_related("manager__user"),
        DEPARTMENTS_PER_PAGE,
        request.GET.get("side"),
    )
    audit.record(request, "leadernet_participation", detail=audit.criterion(request.GET, "side"))
    return render(
        request,
        "leadernets/participation.html",
        {
            "levels": selectors.participation_by_level(),
            "page": page,
            "rows": selectors.participation_by_department(page.object_list),
        },
    )

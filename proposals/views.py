from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, exports
from core.pdf import pdf_response
from core.preserve import preserves_post
from roles.access import person_for_user
from roles.models import Department

from . import access, pdfs, services
from .forms import DecisionForm, DuplicateForm, MoreInfoForm, ProposalForm, RoundForm
from .models import Decision, Proposal, Round
from .rounds import current_round


def _form_errors(form, exc):
    """A service's ValidationError shown on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def proposal_list(request):
    """The user's own proposals; for the secretariat also the rounds."""
    can_screen = access.can_screen(request.user)
    if not can_screen:
        access.require_proposer(request.user)
    mine = list(access.own_proposals(request.user).for_listing().order_by("-created_at", "-id"))
    context = {
        "mine": mine,
        "round": current_round(),
        "can_screen": can_screen,
        "can_propose": access.can_propose(request.user),
    }
    if context["can_screen"]:
        context["rounds"] = _rounds_with_counts()
    return render(request, "proposals/proposal_list.html", context)


def _rounds_with_counts():
    sent = ~Q(proposals__status=Proposal.Status.DRAFT)
    return Round.objects.annotate(
        sent_count=Count("proposals", filter=sent),
        pending_count=Count("proposals", filter=Q(proposals__status__in=Proposal.PENDING)),
    ).order_by("-deadline")


def round_list(request):
    access.require_secretariat(request.user)
    current_round()  # the next round exists before anyone looks for it
    return render(request, "proposals/round_list.html", {"rounds": _rounds_with_counts()})


@preserves_post
def proposal_create(request):
    proposer = access.require_proposer(request.user)
    form = ProposalForm(request.POST or None)
    round = current_round()
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        try:
            services.proposal_save(
                proposal=proposal, departments=form.cleaned_data["departments"], by=proposer
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return _after_save(request, proposal)
    return render(
        request, "proposals/proposal_form.html", {"form": form, "proposal": None, "round": round}
    )


def _after_save(request, proposal):
    if request.POST.get("action") == "submit":
        moved = services.proposal_submit(proposal=proposal)
        if moved:
            messages.warning(request, moved)
        messages.success(
            request,
            _("Dit forslag »%(title)s« er sendt til sekretariatet.") % {"title": proposal.title},
        )
    elif proposal.status == Proposal.Status.DRAFT:
        messages.success(
            request,
            _("Forslaget er gemt som kladde. Husk at sende det ind inden fristen %(date)s.")
            % {"date": services.day(proposal.round.deadline)},
        )
    else:
        messages.success(request, _("Ændringerne er gemt."))
    return redirect(proposal)


@preserves_post
def proposal_edit(request, pk):
    proposal = access.get_proposal_for_proposer(request.user, pk)
    if not services.can_change(proposal):
        messages.error(
            request, _("Fristen for runden er overskredet. Forslaget kan ikke ændres længere.")
        )
        return redirect(proposal)
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        try:
            services.proposal_save(proposal=proposal, departments=form.cleaned_data["departments"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return _after_save(request, proposal)
    return render(
        request,
        "proposals/proposal_form.html",
        {"form": form, "proposal": proposal, "round": proposal.round},
    )


@require_POST
def proposal_submit(request, pk):
    proposal = access.get_proposal_for_proposer(request.user, pk)
    if proposal.status not in (Proposal.Status.DRAFT, Proposal.Status.MORE_INFO):
        messages.info(request, _("Forslaget er allerede sendt ind."))
        return redirect(proposal)
    moved = services.proposal_submit(proposal=proposal)
    if moved:
        messages.warning(request, moved)
    messages.success(
        request, _("Dit forslag »%(title)s« er sendt til sekretariatet.") % {"title": proposal}
    )
    return redirect(proposal)


def proposal_withdraw(request, pk):
    """Ask first: a withdrawn proposal is not sent back by a click."""
    proposal = access.get_proposal_for_proposer(request.user, pk)
    if proposal.status == Proposal.Status.WITHDRAWN:
        messages.info(request, _("Forslaget var allerede trukket tilbage."))
        return redirect(proposal)
    error = None
    if request.method == "POST":
        try:
            services.proposal_withdraw(proposal=proposal)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Forslaget er trukket tilbage."))
            return redirect(proposal)
    elif not services.can_change(proposal):
        error = _("Fristen for runden er overskredet. Forslaget kan ikke trækkes tilbage længere.")
    return render(
        request,
        "proposals/proposal_withdraw.html",
        {"proposal": proposal, "error": error},
        status=400 if error and request.method == "POST" else 200,
    )


def proposal_detail(request, pk):
    proposal = access.get_proposal_for_user(request.user, pk)
    can_screen = access.can_screen(request.user)
    audit.record(request, "proposal", about=[proposal.proposer_id], object_id=proposal.pk)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "departments": proposal.departments.order_by("path"),
            "decisions": proposal.decisions.select_related("round", "network"),
            "duplicates": proposal.duplicates.all() if can_screen else [],
            "is_proposer": access.is_proposer(request.user, proposal),
            "can_change": access.can_change(request.user, proposal),
            "can_screen": can_screen,
            "today": timezone.localdate(),
        },
    )


# --- The secretariat ---------------------------------------------------------------------


def _screening(request, pk, form_class, template, act, form_kwargs):
    proposal = access.get_proposal_for_screening(request.user, pk)
    form = form_class(request.POST or None, **form_kwargs(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            message = act(proposal, form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(proposal)
    return render(request, template, {"form": form, "proposal": proposal})


def proposal_more_info(request, pk):
    def act(proposal, data):
        services.proposal_ask_more(
            proposal=proposal, question=data["question"], by=person_for_user(request.user)
        )
        return _("Forslagsstilleren er bedt om flere oplysninger.")

    return _screening(
        request,
        pk,
        MoreInfoForm,
        "proposals/screen_more_info.html",
        act,
        form_kwargs=lambda p: {"initial": {"question": p.more_info_request}},
    )


def proposal_duplicate(request, pk):
    def act(proposal, data):
        services.proposal_mark_duplicate(
            proposal=proposal, original=data["original"], by=person_for_user(request.user)
        )
        return _("Forslaget er markeret som dublet af »%(other)s«.") % {
            "other": data["original"].title
        }

    return _screening(
        request,
        pk,
        DuplicateForm,
        "proposals/screen_duplicate.html",
        act,
        form_kwargs=lambda p: {"proposal": p},
    )


def proposal_decide(request, pk):
    def act(proposal, data):
        decision = services.proposal_decide(
            proposal=proposal,
            outcome=data["outcome"],
            reason=data["reason"],
            network_name=data["network_name"],
            by=person_for_user(request.user),
        )
        if decision.outcome == Decision.Outcome.APPROVED:
            text = _("Forslaget er godkendt, og netværket »%(network)s« er oprettet.") % {
                "network": decision.network
            }
            if decision.role_notes:
                text += " " + _(
                    "Nogle af de foreslåede roller kunne ikke gives; se forslaget. "
                    "Sekretariatet har fået besked."
                )
            return text
        return _("Beslutningen er registreret: %(decision)s.") % {
            "decision": decision.get_outcome_display().lower()
        }

    return _screening(
        request,
        pk,
        DecisionForm,
        "proposals/screen_decide.html",
        act,
        form_kwargs=lambda p: {"initial": {"network_name": p.title}},
    )


def round_detail(request, pk):
    round = access.get_round_for_secretariat(request.user, pk)
    proposals = list(round.proposals.sent().for_listing().order_by("title", "id"))
    return render(
        request,
        "proposals/round_detail.html",
        {
            "round": round,
            "proposals": proposals,
            "decisions": _decisions(round),
            "drafts": round.proposals.filter(status=Proposal.Status.DRAFT).count(),
        },
    )


def _decisions(round):
    return list(
        round.decisions.select_related("proposal__proposer__user", "network").order_by(
            "proposal__title", "id"
        )
    )


def round_edit(request, pk):
    round = access.get_round_for_secretariat(request.user, pk)
    form = RoundForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(round=round, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Runden er gemt."))
            return redirect(round)
    return render(request, "proposals/round_form.html", {"form": form, "round": round})


def _export_columns():
    c = exports.Column
    return [
        c(_("Netværkstema"), 36),
        c(_("Status"), 22),
        c(_("Forslagsstiller"), 24),
        c(_("Afdeling"), 24),
        c(_("Foreslået netværkstype"), 18),
        c(_("Den tværgående udfordring"), 60),
        c(_("Hvorfor nu?"), 60),
        c(_("Afdelinger, temaet berører"), 40),
        c(_("Borgere og andre, temaet berører"), 40),
        c(_("Forslag til netværksleder"), 24),
        c(_("Forslag til referenceleder"), 24),
        c(_("Sendt ind"), 18),
        c(_("Dublet af"), 30),
    ]


def _export_rows(round):
    proposals = (
        round.proposals.sent()
        .for_listing()
        .select_related(
            "suggested_leader__user", "suggested_reference_leader__user", "duplicate_of"
        )
        .prefetch_related(Prefetch("departments", queryset=Department.objects.order_by("path")))
        .order_by("title", "id")
    )
    for p in proposals:
        yield [
            p.title,
            p.get_status_display(),
            p.proposer.name,
            p.proposer.department.name if p.proposer.department_id else "",
            p.get_network_type_display(),
            p.challenge,
            p.why_now,
            ", ".join(d.name for d in p.departments.all()),
            p.citizens,
            p.suggested_leader.name if p.suggested_leader_id else "",
            p.suggested_reference_leader.name if p.suggested_reference_leader_id else "",
            p.submitted_at,
            p.duplicate_of.title if p.duplicate_of_id else "",
        ]


def round_export(request, pk, fmt):
    round = access.get_round_for_secretariat(request.user, pk)
    return exports.export_response(
        fmt,
        f"temaforslag-{round.deadline.isoformat()}",
        _export_columns(),
        _export_rows(round),
        sheet_title=_("Temaforslag"),
    )


def round_decisions_pdf(request, pk):
    round = access.get_round_for_secretariat(request.user, pk)
    html = pdfs.decisions_html(round, _decisions(round))
    return pdf_response(
        request, html, filename=pdfs.decisions_filename(round), variant="proposal-decisions"
    )

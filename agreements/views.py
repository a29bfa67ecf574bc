from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit, bounds, generations
from core.content import ENGLISH, content_language
from core.pdf import pdf_response
from core.permissions import is_secretariat
from core.preserve import preserves_post, take_preserved
from netvaerk.access import get_network_for_user
from roles import pamphlets

from . import access, diffing, extensions, pdfs, selectors, services, templating
from . import answers as answer_fields
from .forms import CommentForm, HandoutForm, MeetingForm, StepForm
from .models import Agreement, Confirmation, Template


def _record(request, agreement, detail="", *, pdf=False, also=()):
    """Log a read of an agreement or reflection: it concerns both parties."""
    what = "reflection" if agreement.is_reflection else "agreement"
    audit.record(
        request,
        f"{what}_pdf" if pdf else what,
        about=[agreement.leader_id, agreement.counterpart_id, *also],
        object_id=agreement.pk,
        detail=detail,
    )


def _page(request, network, bound=None):
    found, _leader = selectors.counterparts(network)
    rows = []
    for c in found:
        if bound is not None and bound[0] == c.role.slug:
            form = bound[1]
        else:
            form = HandoutForm(instance=c.handout, prefix=c.role.slug)
        rows.append((c, form))
    return render(
        request,
        "agreements/network_pamphlets.html",
        {
            "network": network,
            "rows": rows,
            "missing": sum(1 for c in found if c.missing),
        },
        status=200 if bound is None else 400,
    )


def network_pamphlets(request, slug):
    """The network leader's checklist: a pamphlet for each counterpart, handed out or not."""
    network = access.get_network_for_pamphlets(request.user, slug)
    audit.record(request, "pamphlet_handouts", object_id=network.slug)
    return _page(request, network)


@require_POST
def pamphlet_handout(request, slug, role_slug):
    network = access.get_network_for_pamphlets(request.user, slug)
    counterpart, _leader = selectors.counterpart_for(network, role_slug)
    if counterpart is None or counterpart.recipient is None:
        raise Http404
    form = HandoutForm(request.POST, instance=counterpart.handout, prefix=role_slug)
    if not form.is_valid():
        return _page(request, network, bound=(role_slug, form))
    services.pamphlet_handout_record(
        network=network,
        counterpart=counterpart,
        by=request.user,
        **form.cleaned_data,
    )
    messages.success(
        request,
        _("Registreret: %(person)s har fået pjecen om rollen som %(role)s.")
        % {"person": counterpart.recipient, "role": counterpart.name.lower()},
    )
    return redirect(reverse("agreements:network-pamphlets", args=[network.slug]))


def network_pamphlet_pdf(request, slug, role_slug, fmt):
    """A pamphlet with the recipient's name, the network and its leader on the cover."""
    network = get_network_for_user(request.user, slug)
    counterpart, leader = selectors.counterpart_for(network, role_slug)
    if (
        counterpart is None
        or fmt not in pamphlets.FORMATS
        or not access.can_read_personal_pamphlet(request.user, network, counterpart)
    ):
        raise Http404
    audit.record(
        request,
        "pamphlet_personal",
        about=[counterpart.recipient, leader],
        object_id=network.slug,
        detail=f"rolle={role_slug} format={fmt}",
    )
    personal = selectors.pamphlet_personalisation(
        network,
        counterpart.recipient,
        leader,
        talk_on=counterpart.handout.talk_on if counterpart.handout else None,
    )
    html = pamphlets.pamphlet_html(counterpart.role, fmt=fmt, personal=personal)
    return pdf_response(
        request,
        html,
        filename=pamphlets.pamphlet_filename(counterpart.role, fmt, suffix=f"-{network.slug}"),
        variant=fmt,
        postprocess=pamphlets.postprocess_for(fmt),
    )


# Agreements and reflections ---------------------------------------------------------------


def network_agreements(request, slug):
    """A network's three talks and the leader's reflection tools, with status per party."""
    network = access.get_network_for_agreements(request.user, slug)
    rows, leader = selectors.network_agreements(network, request.user)
    audit.record(request, "network_agreements", about=[leader], object_id=network.slug)
    return render(
        request,
        "agreements/network_agreements.html",
        {
            "network": network,
            "leader": leader,
            "is_leader": leader is not None and leader.user_id == request.user.pk,
            "agreement_rows": [r for r in rows if not r.template.is_reflection],
            "reflection_rows": [r for r in rows if r.template.is_reflection],
            "can_see_pamphlets": is_secretariat(request.user)
            or (leader is not None and leader.user_id == request.user.pk),
        },
    )


@require_POST
def agreement_start(request, slug, key):
    network = get_network_for_user(request.user, slug)
    template = get_object_or_404(Template, key=key, is_active=True)
    if templating.live_version(template) is None:
        raise Http404  # not published yet: not there for the network leader
    leader = access.get_leader_for_start(request.user, network)
    source = None
    source_text = request.POST.get("source", "")
    if source_text:
        source_pk = bounds.parse_id(source_text)
        if source_pk is None:
            raise Http404
        source = access.get_agreement_for_edit(request.user, source_pk)
        if source.network_id != network.pk or not source.is_reflection:
            raise Http404
    agreement, created = services.agreement_start(
        network=network, template=template, leader=leader, source=source, by=request.user
    )
    if created and source is not None:
        messages.info(request, _("Aftalen starter med dine svar fra refleksionen."))
    return redirect("agreements:step", pk=agreement.pk, step=agreement.last_step)


def missing_english(request, version):
    """How many of a version's texts show in Danish for want of English: told to the
    secretariat only, and only when reading in English."""
    if content_language() != ENGLISH or not is_secretariat(request.user):
        return 0
    return len(version.missing_english())


def _step_context(request, agreement, step, form, **extra):
    sections = agreement.template_version.sections
    return {
        "missing_english": missing_english(request, agreement.template_version),
        "agreement": agreement,
        "section": sections[step - 1],
        "section_links": extensions.section_links(agreement, sections[step - 1]),
        "step": step,
        "steps": len(sections),
        "section_titles": [s["title"] for s in sections],
        "form": form,
        "confirmed_parties": agreement.status == Agreement.Status.READY
        and selectors.valid_confirmations(agreement),
        **extra,
    }


def _step_form(agreement, step, data=None):
    return StepForm(
        data,
        section=agreement.template_version.sections[step - 1],
        answers=agreement.answers,
        catalogue=selectors.catalogue_for(agreement),
        lock_version=agreement.lock_version,
    )


def _destination(agreement, step, go):
    if go == "back" and step > 1:
        return reverse("agreements:step", args=[agreement.pk, step - 1])
    if go == "next" and step < agreement.steps:
        return reverse("agreements:step", args=[agreement.pk, step + 1])
    if go == "stay":
        return reverse("agreements:step", args=[agreement.pk, step])
    return reverse("agreements:review", args=[agreement.pk])


@preserves_post
def agreement_step(request, pk, step):
    """One section of the guided form. Every button saves; a stale page is refused."""
    agreement = access.get_agreement_for_edit(request.user, pk)
    if not 1 <= step <= agreement.steps:
        raise Http404
    _record(request, agreement, f"trin={step}")
    if agreement.status == Agreement.Status.AGREED:
        messages.info(request, _("Aftalen er aftalt. Genåbn den for at ændre den."))
        return redirect(agreement)
    if request.method != "POST":
        preserved = take_preserved(request)
        form = _step_form(agreement, step, preserved)
        if preserved is not None:
            form.is_valid()  # show the kept text with any errors, unsaved
        return render(
            request, "agreements/step.html", _step_context(request, agreement, step, form)
        )
    form = _step_form(agreement, step, request.POST)
    if not form.is_valid():
        messages.error(request, _("Noget skal rettes, før trinnet kan gemmes. Se nedenfor."))
        return render(
            request,
            "agreements/step.html",
            _step_context(request, agreement, step, form),
            status=400,
        )
    try:
        services.agreement_save_step(
            agreement=agreement,
            step=step,
            answers=form.answers,
            lock_version=form.cleaned_data["lock_version"],
            base=form.cleaned_data["base"] or None,
        )
    except services.StaleAgreement as stale:
        current = stale.current
        data = request.POST.copy()
        data["lock_version"] = str(current.lock_version)
        data["base"] = selectors.section_hash(current.answers, form.answers)
        form = _step_form(current, step, data)
        form.is_valid()
        saved = answer_fields.read_all(current.template_version.localized(), current.answers)
        return render(
            request,
            "agreements/step.html",
            _step_context(request, current, step, form, conflict=saved[step - 1]),
            status=409,
        )
    except services.NotAllowedNow:
        messages.error(request, _("Aftalen er aftalt i mellemtiden. Genåbn den for at ændre."))
        return redirect(agreement)
    messages.success(request, _("Trin %(step)s er gemt.") % {"step": step})
    return redirect(_destination(agreement, step, request.POST.get("go")))


def agreement_review(request, pk):
    agreement = access.get_agreement_for_edit(request.user, pk)
    _record(request, agreement, "visning=gennemse")
    return render(
        request,
        "agreements/review.html",
        {
            "agreement": agreement,
            "sections": answer_fields.read_all(
                agreement.template_version.localized(), agreement.answers
            ),
            "missing": selectors.missing_required(agreement),
            "missing_english": missing_english(request, agreement.template_version),
        },
    )


# What the agreement page shows below its heading, the same for everyone who may read it:
# the answers, the parties and their confirmations, the agreed versions and the comments,
# with the people's names (core.generations watches their tables).
AGREEMENT_PAGE_TOPICS = ("agreements", "people")


def _detail_context(request, agreement, **extra):
    """The page: who may read it is checked, and the read logged, on every view (by the
    caller); what it shows is cached per agreement and language until an agreement, a
    confirmation, comment, agreed version, template or name is written. What the viewer may
    do (edit, confirm, reopen, share, comment) is theirs, with the form's token."""
    shown = generations.cached(
        f"agreement-page:{agreement.pk}:{get_language()}",
        AGREEMENT_PAGE_TOPICS,
        lambda: _shown(agreement.pk),
    )
    party = access.party_of(request.user, agreement)
    return {
        "agreement": agreement,
        "missing_english": missing_english(request, agreement.template_version),
        "shown": shown,
        "party": party,
        "is_author": party == Confirmation.Party.LEADER,
        "can_confirm": (
            party is not None
            and not agreement.is_reflection
            and agreement.status == Agreement.Status.READY
            and party not in shown["confirmed"]
        ),
        "comment_form": CommentForm(),
        **extra,
    }


def _shown(pk):
    """The agreement read again after the generations (so what is cached is never older
    than its key), and its parts as HTML."""
    (agreement,) = access.with_people([access.agreements_with_relations().get(pk=pk)])
    confirmations = selectors.valid_confirmations(agreement)
    revisions = list(agreement.revisions.all())
    ctx = {
        "agreement": agreement,
        "sections": answer_fields.read_all(
            agreement.template_version.localized(), agreement.answers
        ),
        "confirmations": confirmations,
        "revisions": revisions,
        "latest_version": templating.latest_version(agreement.template),
        "comments": (
            [] if agreement.is_reflection else agreement.comments.select_related("author__user")
        ),
    }
    return {
        "confirmed": frozenset(str(party) for party in confirmations),
        "revised": bool(revisions),
        **{
            part: render_to_string(f"agreements/_{part}.html", ctx)
            for part in ("answers", "parties", "versions", "comments")
        },
    }


def agreement_detail(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    _record(request, agreement)
    return render(request, "agreements/detail.html", _detail_context(request, agreement))


@preserves_post
def agreement_meeting(request, pk):
    """Ready for the meeting: date, time and place, and the invitation."""
    agreement = access.get_agreement_for_edit(request.user, pk)
    if agreement.is_reflection or agreement.status == Agreement.Status.AGREED:
        raise Http404
    if selectors.missing_required(agreement):
        messages.error(request, _("Udfyld det, der mangler, før aftalen kan gøres klar til mødet."))
        return redirect("agreements:review", pk=agreement.pk)
    counterpart = selectors.counterpart_person(
        agreement.network, agreement.template.talk, agreement.leader
    )
    _record(request, agreement, "visning=moede", also=[counterpart])
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid() and counterpart is None:
            form.add_error(None, _("Samtalen har ingen samtalepart endnu. Kontakt sekretariatet."))
        if form.is_valid():
            try:
                services.agreement_mark_ready(
                    agreement=agreement,
                    meeting_at=form.meeting_at,
                    meeting_place=form.cleaned_data["place"],
                    lock_version=form.cleaned_data["lock_version"],
                )
            except services.StaleAgreement:
                messages.error(
                    request,
                    _("Aftalen er ændret i en anden fane. Tjek mødeoplysningerne og gem igen."),
                )
                data = request.POST.copy()
                data["lock_version"] = str(Agreement.objects.get(pk=pk).lock_version)
                form = MeetingForm(data)
                form.is_valid()
                return render(
                    request,
                    "agreements/meeting.html",
                    {"agreement": agreement, "form": form, "counterpart": counterpart},
                    status=409,
                )
            if form.cleaned_data["invite"]:
                services.agreement_invite(
                    agreement=agreement,
                    duration_minutes=form.cleaned_data["duration"],
                    message=form.cleaned_data["message"],
                    attach_pamphlet=form.cleaned_data["attach_pamphlet"],
                )
                messages.success(
                    request,
                    _(
                        "Aftalen er klar til mødet, og invitationen sendes nu til %(person)s. "
                        "Du får kopi."
                    )
                    % {"person": counterpart},
                )
            else:
                messages.success(request, _("Aftalen er klar til mødet."))
            return redirect(agreement)
        status = 400
    else:
        local = timezone.localtime(agreement.meeting_at) if agreement.meeting_at else None
        preserved = take_preserved(request)
        form = MeetingForm(
            preserved,
            initial={
                "lock_version": agreement.lock_version,
                "date": local.date() if local else None,
                "time": local.time() if local else None,
                "place": agreement.meeting_place,
                "invite": agreement.invited_at is None,
            },
        )
        status = 200
    return render(
        request,
        "agreements/meeting.html",
        {"agreement": agreement, "form": form, "counterpart": counterpart},
        status=status,
    )


def _posted_lock_version(request):
    """The version the posting page showed; a missing or garbled one never matches."""
    value = request.POST.get("lock_version", "")
    return int(value) if value.isascii() and value.isdigit() else -1


@require_POST
def agreement_confirm(request, pk):
    agreement = access.get_agreement_for_party(request.user, pk)
    party = access.party_of(request.user, agreement)
    try:
        services.agreement_confirm(
            agreement=agreement,
            party=party,
            person=request.user.person,
            lock_version=_posted_lock_version(request),
        )
    except services.StaleAgreement:
        messages.error(
            request,
            _(
                "Aftalen er ændret, siden du åbnede den. Læs den igen, og bekræft den "
                "version, du ser nu."
            ),
        )
    except services.NotAllowedNow:
        messages.error(request, _("Aftalen kan kun bekræftes, når den er klar til mødet."))
    else:
        if agreement.status == Agreement.Status.AGREED:
            messages.success(request, _("Begge parter har bekræftet. Aftalen er nu aftalt."))
        else:
            messages.success(request, _("Din bekræftelse er registreret."))
    return redirect(agreement)


@preserves_post
@require_POST
def agreement_comment(request, pk):
    agreement = access.get_agreement_for_party(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "agreements/detail.html",
            _detail_context(request, agreement, comment_form=form),
            status=400,
        )
    services.comment_add(
        agreement=agreement, author=request.user.person, text=form.cleaned_data["text"]
    )
    messages.success(request, _("Din kommentar er gemt."))
    return redirect(reverse("agreements:detail", args=[agreement.pk]) + "#kommentarer")


@require_POST
def agreement_reopen(request, pk):
    agreement = access.get_agreement_for_edit(request.user, pk)
    try:
        services.agreement_reopen(
            agreement=agreement,
            lock_version=_posted_lock_version(request),
            by=request.user.person,
        )
    except (services.StaleAgreement, services.NotAllowedNow):
        messages.error(request, _("Aftalen er ændret i mellemtiden. Prøv igen."))
        return redirect(agreement)
    messages.success(
        request,
        _("Aftalen er genåbnet som version %(n)s. Den aftalte version kan stadig læses.")
        % {"n": agreement.revision},
    )
    return redirect("agreements:step", pk=agreement.pk, step=1)


@require_POST
def reflection_share(request, pk):
    agreement = access.get_agreement_for_edit(request.user, pk)
    shared = request.POST.get("shared") == "1"
    try:
        services.reflection_share(
            agreement=agreement,
            shared=shared,
            lock_version=_posted_lock_version(request),
        )
    except (services.StaleAgreement, services.NotAllowedNow):
        messages.error(request, _("Refleksionen er ændret i mellemtiden. Prøv igen."))
        return redirect(agreement)
    if shared and agreement.counterpart:
        messages.success(
            request,
            _("%(person)s kan nu læse din refleksion.") % {"person": agreement.counterpart},
        )
    else:
        messages.success(request, _("Refleksionen er nu kun synlig for dig."))
    return redirect(agreement)


def agreement_history(request, pk):
    agreement = access.get_agreement_for_user(request.user, pk)
    _record(request, agreement, "visning=historik")
    return render(
        request,
        "agreements/history.html",
        {"agreement": agreement, "entries": selectors.history_entries(agreement)},
    )


def agreement_revision(request, pk, revision):
    """An agreed version as it was agreed, and what changed from it to the next."""
    agreement = access.get_agreement_for_user(request.user, pk)
    kept = get_object_or_404(
        agreement.revisions.select_related("template_version", "counterpart__user"),
        revision=revision,
    )
    _record(request, agreement, f"version={revision}", also=[kept.counterpart_id])
    following = agreement.revisions.filter(revision__gt=revision).order_by("revision").first()
    if following is not None:
        newer_content, newer_answers = following.template_version.localized(), following.answers
        newer_label = _("aftalt version %(n)s") % {"n": following.revision}
    else:
        newer_content, newer_answers = agreement.template_version.localized(), agreement.answers
        newer_label = _("den nuværende version %(n)s") % {"n": agreement.revision}
    changes = diffing.changes(
        kept.template_version.localized(), kept.answers, newer_content, newer_answers
    )
    return render(
        request,
        "agreements/revision.html",
        {
            "agreement": agreement,
            "kept": kept,
            "sections": answer_fields.read_all(kept.template_version.localized(), kept.answers),
            "changes": changes,
            "newer_label": newer_label,
            "same": kept.revision == agreement.revision,
        },
    )


def agreement_pdf(request, pk, edition):
    """The agreement as a PDF, for the parties and the secretariat (the same rule as the page)."""
    agreement = access.get_agreement_for_user(request.user, pk)
    if edition not in pdfs.EDITIONS:
        raise Http404
    html = pdfs.agreement_html(agreement, edition)
    if html is None:
        raise Http404
    _record(request, agreement, f"udgave={edition}", pdf=True)
    return pdf_response(
        request, html, filename=pdfs.agreement_filename(agreement, edition), variant="agreement"
    )

"""The secretariat's editor for process descriptions: the draft, its preview, publishing and
the versions (netvaerk/processes.py has the versions themselves).

The editor is one form: the description's texts and every step. Moving a step, deleting one
or adding one posts the whole form, so nothing typed elsewhere is lost; when anything is
invalid, nothing is saved and the page comes back with the messages and what was typed
(400; 409 when the page showed an older draft). Publishing carries the digest of the draft
the page showed, so a colleague's change is never published unseen.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import bounds, content

from . import access, planning, processes, timeline
from .models import NetworkPlan, ProcessStep, ProcessTemplate
from .process_forms import PreviewStartForm, ProcessTextForm, StepForm

TEXT_PREFIX = "forloeb"
NEW_PREFIX = "nyt"


def _template(request, network_type):
    access.require_network_admin(request.user)
    return get_object_or_404(ProcessTemplate, network_type=network_type)


def _steps(template):
    return list(template.steps.select_related("phase").order_by("position"))


def _draft_token(template, steps):
    """A digest of the draft as it stands: a save made from an older page is refused."""
    return _token(*processes.snapshot(template, steps))


def _token(danish, translations):
    return content.content_hash([danish, translations])


def content_processes(request):
    access.require_network_admin(request.user)
    rows = []
    for template in ProcessTemplate.objects.prefetch_related("steps"):
        steps = sorted(template.steps.all(), key=lambda s: s.position)
        danish, translations = processes.snapshot(template, steps)
        missing = processes.draft_missing_english(template, steps)
        rows.append(
            {
                "template": template,
                "live": content.latest(template),
                "changed": content.is_draft_changed(template, danish, translations),
                "missing": sum(len(fields) for _label, fields in missing),
                "steps": len(steps),
            }
        )
    return render(request, "netvaerk/content_processes.html", {"rows": rows})


# -- the editor ----------------------------------------------------------------------------


def _missing(form, field):
    """Whether the form's Danish `field` has text and its English does not."""
    danish = form[field].value()
    english = form[f"{field}_en"].value()
    return bool(str(danish or "").strip()) and not str(english or "").strip()


def _pairs(form, fields):
    return [(form[f], form[f"{f}_en"], _missing(form, f)) for f in fields]


def _render_editor(request, template, steps, text_form, step_forms, new_form, status=200):
    live = content.latest(template)
    rows = [
        {"step": step, "form": form, "texts": _pairs(form, ("title", "content"))}
        for step, form in step_forms
    ]
    return render(
        request,
        "netvaerk/content_process.html",
        {
            "template": template,
            "live": live,
            "changed": processes.is_draft_changed(template),
            "text_form": text_form,
            "texts": _pairs(text_form, ("name", "description")),
            "rows": rows,
            "new_form": new_form,
            "new_texts": _pairs(new_form, ("title", "content")),
            "draft_token": _draft_token(template, steps),
            "plans": NetworkPlan.objects.filter(template=template).count(),
        },
        status=status,
    )


def _saved_step_form(step):
    return StepForm(prefix=f"trin-{step.pk}", initial=StepForm.initial_for(step))


def content_process(request, network_type):
    template = _template(request, network_type)
    steps = _steps(template)
    if request.method != "POST":
        return _render_editor(
            request,
            template,
            steps,
            ProcessTextForm(prefix=TEXT_PREFIX, initial=ProcessTextForm.initial_for(template)),
            [(s, _saved_step_form(s)) for s in steps],
            StepForm(prefix=NEW_PREFIX, initial=StepForm.blank_initial()),
        )

    verb, _sep, target = request.POST.get("action", "save").partition(":")
    if verb not in ("save", "up", "down", "delete", "add", "preview", "publish"):
        raise Http404
    by_pk = {str(s.pk): s for s in steps}
    if verb in ("up", "down", "delete") and target not in by_pk:
        messages.error(
            request, _("Trinnet findes ikke længere. Siden er vist igen, som den er nu.")
        )
        verb = "save"
    text_form = ProcessTextForm(request.POST, prefix=TEXT_PREFIX)
    # A step that is not in the post (added by someone else meanwhile) keeps its values.
    step_forms = [
        (
            s,
            StepForm(request.POST, prefix=f"trin-{s.pk}")
            if f"trin-{s.pk}-title" in request.POST
            else _saved_step_form(s),
        )
        for s in steps
    ]
    new_form = StepForm(request.POST, prefix=NEW_PREFIX)
    adding = verb == "add" or new_form.has_text()
    deleting = by_pk[target] if verb == "delete" else None

    problems = []
    stale = request.POST.get("draft") != _draft_token(template, steps)
    if stale:
        problems.append(
            _(
                "Forløbsbeskrivelsen er ændret af en anden, siden du åbnede den. Intet er "
                "gemt; dine indtastninger står herunder. Tjek dem, og gem igen."
            )
        )
    if deleting is not None and len(steps) <= 1:
        problems.append(_("En forløbsbeskrivelse skal have mindst ét trin."))
    valid = [text_form.is_valid()]
    valid += [f.is_valid() for s, f in step_forms if s is not deleting and f.is_bound]
    if adding:
        valid.append(new_form.is_valid())
    if problems or not all(valid):
        for problem in problems:
            messages.error(request, problem)
        if not all(valid):
            messages.error(
                request, _("Kladden er ikke gemt. Ret felterne med en fejl; resten er bevaret.")
            )
        if not adding:
            new_form = StepForm(prefix=NEW_PREFIX, initial=StepForm.blank_initial())
        return _render_editor(
            request,
            template,
            steps,
            text_form,
            step_forms,
            new_form,
            status=409 if stale else 400,
        )

    try:
        step = _save(template, text_form, step_forms, new_form if adding else None, verb, target)
    except ValidationError as exc:
        # Nothing was saved (one transaction); the page comes back with what was typed. The
        # rows are read again: saving wrote the typed values into the objects in memory.
        messages.error(request, " ".join(exc.messages))
        messages.error(
            request, _("Kladden er ikke gemt. Ret felterne med en fejl; resten er bevaret.")
        )
        template = ProcessTemplate.objects.get(pk=template.pk)
        steps = _steps(template)
        posted = {form.prefix: form for _s, form in step_forms}
        step_forms = [(s, posted.get(f"trin-{s.pk}") or _saved_step_form(s)) for s in steps]
        if not adding:
            new_form = StepForm(prefix=NEW_PREFIX, initial=StepForm.blank_initial())
        return _render_editor(request, template, steps, text_form, step_forms, new_form, status=400)
    url = reverse("netvaerk:content-process", args=[template.network_type])
    if verb == "preview":
        return redirect("netvaerk:content-process-preview", network_type=template.network_type)
    if verb == "publish":
        _publish(request, template)
        return redirect(url)
    done = {
        "save": _("Kladden er gemt. Den er ikke offentliggjort endnu."),
        "up": _("Trinnet er flyttet op, og kladden er gemt."),
        "down": _("Trinnet er flyttet ned, og kladden er gemt."),
        "delete": _("Trinnet er slettet, og kladden er gemt."),
        "add": _("Trinnet er tilføjet, og kladden er gemt."),
    }[verb]
    if adding and verb != "add":
        done = _("Kladden er gemt med det nye trin.")
    messages.success(request, done)
    return redirect(f"{url}#trin-{step.pk}" if step is not None else url)


@transaction.atomic
def _save(template, text_form, step_forms, new_form, verb, target):
    """Save the draft and do the action; returns the step to show (moved, added) or None."""
    ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    for field in ProcessTextForm.FIELDS:
        setattr(template, field, text_form.cleaned_data[field])
    template.save()
    by_pk = {}
    for step, form in step_forms:
        by_pk[str(step.pk)] = step
        if form.is_bound and form.is_valid():
            form.apply(step).save()
    shown = None
    if verb == "delete":
        step = by_pk[target]
        position = step.position
        step.delete()
        _renumber(template, from_position=position + 1, delta=-1)
    elif verb in ("up", "down"):
        step = by_pk[target]
        ordered = _steps(template)
        index = next(i for i, s in enumerate(ordered) if s.pk == step.pk)
        other_index = index - 1 if verb == "up" else index + 1
        if 0 <= other_index < len(ordered):
            other = ordered[other_index]
            a, b = ordered[index].position, other.position
            ProcessStep.objects.filter(pk=step.pk).update(position=a + 1000)
            ProcessStep.objects.filter(pk=other.pk).update(position=a)
            ProcessStep.objects.filter(pk=step.pk).update(position=b)
        shown = step
    if new_form is not None:
        last = template.steps.order_by("-position").values_list("position", flat=True).first()
        shown = new_form.apply(ProcessStep(template=template, position=(last or 0) + 1))
        shown.full_clean(exclude=["template"])
        shown.save()
    return shown


def _renumber(template, *, from_position, delta):
    # Two passes, so no two steps share a position on the way (see services._renumber).
    later = template.steps.filter(position__gte=from_position)
    later.update(position=F("position") + 1000)
    template.steps.filter(position__gte=1000).update(position=F("position") - 1000 + delta)


# -- preview ---------------------------------------------------------------------------------


def next_monday(today):
    return planning.monday(today) + timedelta(weeks=1)


def content_process_preview(request, network_type):
    """The plan a new network would get from the draft: the plan page's timeline and table.
    Nothing is saved or published."""
    return _render_preview(request, _template(request, network_type))


def _render_preview(request, template, status=200):
    today = timezone.localdate()
    default = next_monday(today)
    form = PreviewStartForm(request.GET if "start" in request.GET else None)
    start, start_error = default, ""
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"]
    else:
        # A date the browser's picker could not have sent: said in words, the default shown.
        if form.is_bound:
            start_error = " ".join(form.errors.get("start", []))
        form = PreviewStartForm(initial={"start": default})
    danish, translations = processes.snapshot(template)
    steps = processes.version_steps(danish, translations)
    scheduled = planning.schedule(start, steps, today=today)
    return render(
        request,
        "netvaerk/content_process_preview.html",
        {
            "template": template,
            "text": content.localize(danish, translations.get(content.ENGLISH)),
            "form": form,
            "start": start,
            "start_error": start_error,
            "scheduled": scheduled,
            "totals": planning.totals(scheduled),
            "test_on": planning.test_starts_on(scheduled),
            "leader_months": list(planning.hours_per_month(scheduled, "leader").items()),
            "chart": timeline.build(scheduled, today=today),
            "problem": planning.schedule_problem(scheduled),
            "changed": content.is_draft_changed(template, danish, translations),
            "live": content.latest(template),
            "draft_token": _token(danish, translations),
        },
        status=status,
    )


# -- publishing ------------------------------------------------------------------------------


def _existing_plans(template):
    return NetworkPlan.objects.filter(
        Q(template=template) | Q(process_version__template=template)
    ).distinct()


def _publish(request, template):
    steps = _steps(template)
    if not steps:
        messages.error(
            request,
            _("En forløbsbeskrivelse skal have mindst ét trin, før den kan offentliggøres."),
        )
        return None
    danish, translations = processes.snapshot(template, steps)
    before = content.latest(template)
    english_changed = before is not None and (before.translations or {}) != translations
    version, created = content.publish(template, danish, translations, by=request.user)
    if created:
        older = _existing_plans(template).exclude(process_version=version).count()
        messages.success(
            request,
            _("Version %(n)s er offentliggjort. Nye netværks planer laves nu ud fra den.")
            % {"n": version.number}
            + " "
            + ngettext(
                "%(count)s eksisterende plan beholder sin tidligere version og sine trin.",
                "%(count)s eksisterende planer beholder deres tidligere version og deres trin.",
                older,
            )
            % {"count": older},
        )
    elif english_changed:
        messages.success(
            request,
            _(
                "Kun den engelske tekst er ændret. Den er opdateret i version %(n)s; der er "
                "ingen ny version, og ingen plan er ændret."
            )
            % {"n": version.number},
        )
    else:
        messages.info(
            request,
            _("Intet er ændret siden version %(n)s. Der er intet nyt at offentliggøre.")
            % {"n": version.number},
        )
    return version


@require_POST
def content_process_publish(request, network_type):
    """Publish from the preview: only the draft the preview showed (its token); after a
    colleague's save the preview comes back with their change and a new button."""
    template = _template(request, network_type)
    shown = request.POST.get("draft", "")
    if not shown:  # not posted from the preview
        messages.error(
            request, _("Offentliggør fra forhåndsvisningen, så du har set kladden først.")
        )
        return redirect("netvaerk:content-process-preview", network_type=template.network_type)
    if shown != _draft_token(template, _steps(template)):
        messages.error(
            request, _("Kladden er ændret, siden du så den. Se den igen, før du offentliggør.")
        )
        return _render_preview(request, template, status=409)
    _publish(request, template)
    return redirect("netvaerk:content-process", network_type=template.network_type)


# -- versions --------------------------------------------------------------------------------


def content_process_versions(request, network_type):
    template = _template(request, network_type)
    versions = list(
        template.versions.select_related("created_by")
        .annotate(plan_count=Count("plans"))
        .order_by("-number")
    )
    by_number = {v.number: v for v in versions}
    new = by_number.get(bounds.parse_id(request.GET.get("til"))) or (
        versions[0] if versions else None
    )
    old = by_number.get(bounds.parse_id(request.GET.get("fra")))
    if old is None and new is not None:
        old = next((v for v in versions if v.number < new.number), None)
    changes = processes.compare(old, new) if old is not None and new is not None else None
    return render(
        request,
        "netvaerk/content_process_versions.html",
        {
            "template": template,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": changes,
        },
    )

"""The secretariat's editor for agreement templates and reflection tools.

Everything here edits the draft (the Template, Section and Question rows). The draft is not
live: the secretariat previews a step as a network leader will see it, then publishes it as
a new version (`templating.publish`). Agreements in progress keep the version they started
from. Every form carries a digest of the draft as the page showed it: a save made from a
page that missed someone else's change is refused, with the typed text kept; publishing
likewise carries the digest of the draft the page showed, so nobody publishes a change they
have not seen.
"""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import bounds
from core.content import ENGLISH, compare, content_language
from core.permissions import is_secretariat

from . import editing, selectors, templating
from .content_forms import (
    NewQuestionForm,
    NewSectionForm,
    QuestionForm,
    SectionForm,
    TemplateForm,
)
from .forms import StepForm
from .models import Agreement, Template, TemplateVersion


def _require_secretariat(request):
    if not is_secretariat(request.user):
        raise PermissionDenied


def _template(request, key):
    _require_secretariat(request)
    return get_object_or_404(Template, key=key)


def _stale(request, template):
    """Whether the posting page showed an older draft than there is now."""
    return request.POST.get("draft") != editing.draft_token(template)


def _stale_message(request):
    messages.error(
        request,
        _(
            "Skabelonen er ændret et andet sted, efter du åbnede siden. Din tekst er ikke "
            "gemt endnu – den står i felterne. Tjek den nuværende tekst, og gem igen."
        ),
    )


def _publish_refused(request, *, missing=False):
    messages.error(
        request,
        _("Offentliggør fra skabelonens side, så du har set kladden først.")
        if missing
        else _("Kladden er ændret, siden du så den. Se den igen, før du offentliggør."),
    )


def _action(request):
    """The pressed button: ("save"|"add"|"up"|"down"|"delete", id or None)."""
    name, _sep, arg = request.POST.get("action", "save").partition(":")
    if name not in ("save", "add", "up", "down", "delete"):
        name = "save"
    return name, bounds.parse_id(arg) if arg else None


# The list ----------------------------------------------------------------------------------


def content_templates(request):
    """Every template and reflection tool: its live version, unpublished changes, English."""
    _require_secretariat(request)
    rows = []
    for template in Template.objects.order_by("kind", "position"):
        live = templating.latest_version(template)
        rows.append(
            {
                "template": template,
                "live": live,
                "changed": templating.is_draft_changed(template),
                "missing": len(editing.missing_english(template)),
            }
        )
    return render(request, "agreements/content/template_list.html", {"rows": rows})


# A template --------------------------------------------------------------------------------


def _template_page(request, template, form, new_form, status=200):
    sections = list(template.sections.order_by("position").prefetch_related("questions"))
    return render(
        request,
        "agreements/content/template_edit.html",
        {
            "template": template,
            "form": form,
            "new_form": new_form,
            "sections": sections,
            "draft": editing.draft_token(template),
            "live": templating.latest_version(template),
            "changed": templating.is_draft_changed(template),
            "missing": len(editing.missing_english(template)),
        },
        status=status,
    )


def content_template(request, key):
    template = _template(request, key)
    if request.method != "POST":
        return _template_page(
            request, template, TemplateForm(instance=template), NewSectionForm(prefix="new")
        )
    form = TemplateForm(request.POST, instance=template)
    new_form = NewSectionForm(request.POST, prefix="new")
    if _stale(request, template):
        _stale_message(request)
        form.is_valid()
        return _template_page(request, template, form, new_form, status=409)
    if not (form.is_valid() and new_form.is_valid()):
        messages.error(request, _("Noget skal rettes, før skabelonen kan gemmes. Se nedenfor."))
        return _template_page(request, template, form, new_form, status=400)
    form.save()
    action, pk = _action(request)
    here = reverse("agreements:content-template", args=[template.key])
    # A new step's title typed and another button pressed: the step is added all the same.
    typed = new_form.cleaned_data["title"].strip()
    if action == "add":
        section = editing.section_add(template, title=typed)
        messages.success(request, _("Trinnet er tilføjet. Tilføj nu dets spørgsmål."))
        return redirect("agreements:content-section", key=template.key, position=section.position)
    done = []
    if action in ("up", "down", "delete"):
        section = get_object_or_404(template.sections, pk=pk)
        if action == "delete":
            editing.section_delete(section)
            done.append(_("Trinnet «%(title)s» er slettet fra kladden.") % {"title": section.title})
        elif editing.section_move(section, action):
            done.append(_("Trinnet «%(title)s» er flyttet.") % {"title": section.title})
    else:
        done.append(_("Kladden er gemt. Den er ikke offentliggjort endnu."))
    if typed:
        editing.section_add(template, title=typed)
        done.append(_("Det nye trin «%(title)s» er tilføjet sidst.") % {"title": typed})
    if done:
        messages.success(request, " ".join(done))
    return redirect(here + "#trin" if action != "save" or typed else here)


# A section ---------------------------------------------------------------------------------


def _question_forms(section, data=None, skip=None):
    """A form per question; bound to `data` where the page showed the question. A question
    added by someone else meanwhile was not on the page: it shows its saved text, unbound."""
    template = section.template
    elsewhere = set(
        template.sections.exclude(pk=section.pk)
        .values_list("questions__key", flat=True)
        .exclude(questions__key=None)
    )
    return [
        QuestionForm(
            data if data is not None and f"q{q.pk}-label" in data else None,
            instance=q,
            prefix=f"q{q.pk}",
            taken_keys=elsewhere,
        )
        for q in section.questions.order_by("position")
        if q.pk != skip
    ]


_POSTED_QUESTION = re.compile(r"^q(\d+)-label$")
_REMOVED_FIELDS = ("label", "label_en", "help_text", "help_text_en", "choices", "choices_en")


def _removed_questions(data, question_forms, skip=None):
    """Questions the page showed that are no longer in the step (deleted or moved by someone
    else meanwhile), with what was typed in them: shown read-only, so nothing typed is lost
    from sight."""
    shown = {f.prefix for f in question_forms}
    removed = []
    for name in data:
        match = _POSTED_QUESTION.match(name)
        if match is None or f"q{match[1]}" in shown or bounds.parse_id(match[1]) == skip:
            continue
        prefix = f"q{match[1]}"
        texts = [
            (QuestionForm.base_fields[field].label, data.get(f"{prefix}-{field}", "").strip())
            for field in _REMOVED_FIELDS
        ]
        removed.append([(label, text) for label, text in texts if text])
    return [texts for texts in removed if texts]


def _same_page_duplicates(forms):
    """Two questions on this page given the same key: the later one is refused."""
    seen = set()
    for form in forms:
        key = form.cleaned_data.get("key") if hasattr(form, "cleaned_data") else None
        if not key:
            continue
        if key in seen:
            form.add_error(
                "key",
                _(
                    "Nøglen «%(key)s» bruges allerede af et andet spørgsmål i skabelonen. "
                    "To spørgsmål kan ikke gemme svar under samme nøgle."
                )
                % {"key": key},
            )
        seen.add(key)


def _section_page(
    request, template, section, form, question_forms, new_form, status=200, removed=()
):
    return render(
        request,
        "agreements/content/section_edit.html",
        {
            "template": template,
            "section": section,
            "form": form,
            "question_forms": question_forms,
            "new_form": new_form,
            "removed": removed,
            "draft": editing.draft_token(template),
            "steps": template.sections.count(),
        },
        status=status,
    )


def content_section(request, key, position):
    template = _template(request, key)
    section = get_object_or_404(template.sections, position=position)
    if request.method != "POST":
        return _section_page(
            request,
            template,
            section,
            SectionForm(instance=section, prefix="section"),
            _question_forms(section),
            NewQuestionForm(prefix="new"),
        )
    action, pk = _action(request)
    skip = pk if action == "delete" else None
    form = SectionForm(request.POST, instance=section, prefix="section")
    question_forms = _question_forms(section, request.POST, skip=skip)
    new_form = NewQuestionForm(request.POST, prefix="new")
    if _stale(request, template):
        _stale_message(request)
        for f in [form, *question_forms, new_form]:
            f.is_valid()
        removed = _removed_questions(request.POST, question_forms, skip=skip)
        return _section_page(
            request, template, section, form, question_forms, new_form, status=409, removed=removed
        )
    bound = [f for f in question_forms if f.is_bound]
    valid = all([form.is_valid(), new_form.is_valid(), *[f.is_valid() for f in bound]])
    _same_page_duplicates(bound)
    if not valid or any(f.errors for f in bound):
        messages.error(request, _("Noget skal rettes, før trinnet kan gemmes. Se nedenfor."))
        return _section_page(request, template, section, form, question_forms, new_form, status=400)
    form.save()
    for f in bound:
        f.save()
    here = reverse("agreements:content-section", args=[template.key, section.position])
    # A new question typed and another button pressed: the question is added all the same.
    typed = new_form.cleaned_data["label"].strip()
    if action == "add":
        question = editing.question_add(section, label=typed, type=new_form.cleaned_data["type"])
        messages.success(
            request,
            _("Spørgsmålet er tilføjet. Udfyld resten af det nedenfor."),
        )
        return redirect(here + f"#q{question.pk}")
    done, anchor = [], ""
    if action in ("up", "down", "delete"):
        question = get_object_or_404(section.questions, pk=pk)
        if action == "delete":
            editing.question_delete(question)
            done.append(
                _("Spørgsmålet «%(label)s» er slettet fra kladden.") % {"label": question.label}
            )
            anchor = "#spoergsmaal"
        else:
            editing.question_move(question, action)
            done.append(_("Spørgsmålet «%(label)s» er flyttet.") % {"label": question.label})
            anchor = f"#q{question.pk}"
    else:
        done.append(_("Trinnet er gemt i kladden. Det er ikke offentliggjort endnu."))
    if typed:
        question = editing.question_add(section, label=typed, type=new_form.cleaned_data["type"])
        done.append(
            _("Det nye spørgsmål «%(label)s» er tilføjet sidst. Udfyld resten af det nedenfor.")
            % {"label": typed}
        )
        anchor = f"#q{question.pk}"
    messages.success(request, " ".join(done))
    return redirect(here + anchor)


# Preview -----------------------------------------------------------------------------------


def _draft_version(template):
    content, translations = templating.draft(template)
    return TemplateVersion(template=template, content=content, translations=translations)


def content_preview(request, key, position):
    """The step as a network leader will see it, from the draft, in the active language.
    Nothing is saved and nothing is published."""
    template = _template(request, key)
    positions = list(template.sections.order_by("position").values_list("position", flat=True))
    if position not in positions:
        raise Http404
    step = positions.index(position) + 1
    version = _draft_version(template)
    localized = version.localized()
    section = localized["sections"][step - 1]
    fallback = {}
    if content_language() == ENGLISH:
        missing = version.missing_english()
        mark = _("dansk – mangler engelsk")
        questions = [dict(q) for q in section["questions"]]
        for path in missing:
            if path[:2] != ("sections", step - 1):
                continue
            if len(path) == 3:
                fallback[path[2]] = True
            elif len(path) == 5 and path[4] == "label":
                q = questions[path[3]]
                q["label"] = f"{q['label']} [{mark}]"
        section = {**section, "questions": questions}
        fallback["template_title"] = ("title",) in missing
        missing_count = len(missing)
    else:
        missing_count = 0
    form = StepForm(
        None,
        section=section,
        answers={},
        catalogue=selectors.catalogue_for(),
        lock_version=0,
    )
    return render(
        request,
        "agreements/content/preview.html",
        {
            "template": template,
            "content": localized,
            "section": section,
            "step": step,
            "steps": len(positions),
            "positions": positions,
            "step_links": list(
                zip([s["title"] for s in localized["sections"]], positions, strict=True)
            ),
            "section_position": position,
            "form": form,
            "preview": True,
            "fallback": fallback,
            "missing_english": missing_count,
        },
    )


# Publish -----------------------------------------------------------------------------------


@require_POST
def content_publish(request, key):
    template = _template(request, key)
    here = reverse("agreements:content-template", args=[template.key])
    # The draft the page showed: a colleague's save since then is not published unseen.
    shown = request.POST.get("draft", "")
    if not shown:  # not posted from the editor's page
        _publish_refused(request, missing=True)
        return redirect(here)
    if shown != editing.draft_token(template):
        _publish_refused(request)
        return _template_page(
            request,
            template,
            TemplateForm(instance=template),
            NewSectionForm(prefix="new"),
            status=409,
        )
    problems = editing.problems(template)
    if problems:
        for problem in problems:
            messages.error(request, problem)
        return redirect(here)
    before = templating.latest_version(template)
    before_translations = dict(before.translations) if before else None
    version, created = templating.publish(template, by=request.user)
    older = (
        Agreement.objects.filter(template=template)
        .exclude(template_version=version)
        .exclude(status=Agreement.Status.AGREED)
        .count()
    )
    if created:
        text = _("Skabelonen er offentliggjort som version %(n)s. Nye aftaler bruger den.") % {
            "n": version.number
        }
        if older:
            text += " " + ngettext(
                "%(count)s aftale i gang beholder sin ældre version.",
                "%(count)s aftaler i gang beholder deres ældre version.",
                older,
            ) % {"count": older}
        messages.success(request, text)
    elif before_translations != version.translations:
        messages.success(
            request,
            _(
                "Kun den engelske tekst er opdateret i version %(n)s. Aftaler udfyldt efter "
                "version %(n)s viser den nye engelske tekst."
            )
            % {"n": version.number},
        )
    else:
        messages.info(
            request,
            _("Intet er ændret siden version %(n)s. Der er ikke offentliggjort noget nyt.")
            % {"n": version.number},
        )
    return redirect(here)


# Versions ----------------------------------------------------------------------------------


def content_versions(request, key):
    template = _template(request, key)
    versions = list(template.versions.select_related("created_by").order_by("-number"))
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        number = bounds.parse_id(request.GET.get(name, ""))
        return by_number.get(number, default) if number else default

    new = pick("til", versions[0] if versions else None)
    older = [v for v in versions if new and v.number < new.number]
    old = pick("fra", older[0] if older else new)
    changes = english_changes = None
    if old is not None and new is not None:
        changes = compare(templating.flatten(old.content), templating.flatten(new.content))
        english_changes = compare(
            templating.flatten(old.english_only()), templating.flatten(new.english_only())
        )
    counts = dict(
        Agreement.objects.filter(template=template)
        .values_list("template_version__number")
        .annotate(n=Count("pk"))
    )
    return render(
        request,
        "agreements/content/versions.html",
        {
            "template": template,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": changes,
            "english_changes": english_changes,
            "counts": counts,
        },
    )

"""Writes to a template's draft from the secretariat's editor: sections and questions added,
moved and deleted, keys made. Nothing here is live until `templating.publish`.

Positions are kept 1, 2, 3 … within a template (sections) and a section (questions), so a
section's position is its step number and the editor's addresses stay readable.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from core import content as versions

from . import templating
from .models import Question, Section

_PARKED = 32000  # a free position while two rows swap (the positions are unique)


def draft_token(template):
    """A digest of the whole draft, Danish and English: a form posted with an older one was
    made from a page that did not show the latest changes."""
    content, translations = templating.draft(template)
    return versions.content_hash({"content": content, "translations": translations})


def missing_english(template):
    """The draft's texts that have Danish but no English, as paths."""
    from .models import TemplateVersion

    content, translations = templating.draft(template)
    return versions.missing(content, translations["en"], TemplateVersion.text_keys)


def problems(template):
    """What stops the draft from being published, in Danish: no steps at all (an agreement
    started from it would have no step 1), colliding keys, a choice question without choices
    (rows saved outside the editor may have them). A step without questions is allowed: the
    leader's step page shows its guidance and prompts, and saving it stores nothing."""
    from django.utils.translation import gettext as _

    content = templating.snapshot(template)
    if not content["sections"]:
        return [_("Skabelonen har ingen trin. Tilføj mindst ét trin, før den offentliggøres.")]
    found, seen = [], set()
    for _step, q in templating.questions(content):
        if q["key"] in seen:
            found.append(
                _("To spørgsmål i skabelonen har nøglen «%(key)s». Giv det ene en anden nøgle.")
                % {"key": q["key"]}
            )
        seen.add(q["key"])
        if q["type"] in ("choice", "multi") and not q["choices"]:
            found.append(
                _("Valgspørgsmålet «%(label)s» har ingen valgmuligheder.") % {"label": q["label"]}
            )
    return found


def template_keys(template, exclude=None):
    """The question keys used in the template, but for the question `exclude`."""
    qs = Question.objects.filter(section__template=template)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return set(qs.values_list("key", flat=True))


def new_key(label, taken):
    """A key made from the label, unique among `taken`: "hvad-er-maalet", "-2", "-3" …"""
    base = slugify(label.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))[:40]
    base = base.strip("-") or "spoergsmaal"
    key, n = base, 2
    while key in taken:
        key = f"{base}-{n}"
        n += 1
    return key


def _swap(model, a, b):
    """Swap the positions of two rows of `model` (unique positions, so via a free one)."""
    pa, pb = a.position, b.position
    model.objects.filter(pk=a.pk).update(position=_PARKED)
    model.objects.filter(pk=b.pk).update(position=pa)
    model.objects.filter(pk=a.pk).update(position=pb)
    a.position, b.position = pb, pa


def _neighbour(qs, item, direction):
    if direction == "up":
        return qs.filter(position__lt=item.position).order_by("-position").first()
    return qs.filter(position__gt=item.position).order_by("position").first()


@transaction.atomic
def section_move(section, direction):
    """Move a section one step up or down. Returns False at either end."""
    other = _neighbour(section.template.sections.all(), section, direction)
    if other is None:
        return False
    _swap(Section, section, other)
    return True


@transaction.atomic
def question_move(question, direction):
    other = _neighbour(question.section.questions.all(), question, direction)
    if other is None:
        return False
    _swap(Question, question, other)
    return True


def _close_gaps(qs):
    for number, row in enumerate(qs.order_by("position"), start=1):
        if row.position != number:
            type(row).objects.filter(pk=row.pk).update(position=number)


@transaction.atomic
def section_delete(section):
    template = section.template
    section.delete()
    _close_gaps(template.sections.all())


@transaction.atomic
def question_delete(question):
    section = question.section
    question.delete()
    _close_gaps(section.questions.all())


@transaction.atomic
def section_add(template, *, title, title_en=""):
    position = (template.sections.aggregate(n=Max("position"))["n"] or 0) + 1
    return Section.objects.create(
        template=template, position=position, title=title, title_en=title_en
    )


@transaction.atomic
def question_add(section, *, label, type, **fields):
    position = (section.questions.aggregate(n=Max("position"))["n"] or 0) + 1
    key = new_key(label, template_keys(section.template))
    return Question.objects.create(
        section=section, position=position, key=key, label=label, type=type, **fields
    )

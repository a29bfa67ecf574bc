"""Templates as versioned data.

The secretariat edits a template's rows (Template → Section → Question) as a draft. The draft
is not live: `publish` freezes it as a version (`snapshot`: the Danish content, hashed;
`snapshot_english`: the same shape holding only the English texts), and agreements start
from the latest published version and keep it. A changed Danish text makes a new version; a
changed English text alone updates the live version's English in place (core.content).
"""

from django.db.models import Prefetch

from core import content as versions
from core.content import content_hash  # noqa: F401 - re-exported for the agreement hashes

from .models import Question, Template


def lines(text):
    """The non-empty lines of a one-item-a-line text (choices, prompts), stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _sections(template):
    return template.sections.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position"))
    ).order_by("position")


def snapshot(template):
    """The template's Danish content now (the shape every existing version has)."""
    return {
        "key": template.key,
        "kind": template.kind,
        "talk": template.talk,
        "title": template.title,
        "intro": template.intro,
        "sections": [
            {
                "title": s.title,
                "guidance": s.guidance,
                "prompts": lines(s.prompts),
                "questions": [
                    {
                        "key": q.key,
                        "label": q.label,
                        "help": q.help_text,
                        "type": q.type,
                        "choices": lines(q.choices),
                        "required": q.required,
                        **(
                            {"min_choices": q.min_choices, "max_choices": q.max_choices}
                            if q.min_choices or q.max_choices
                            else {}
                        ),
                    }
                    for q in s.questions.all()
                ],
            }
            for s in _sections(template)
        ],
    }


def snapshot_english(template):
    """The template's English texts now, in the shape of `snapshot`, only the texts."""
    return {
        "title": template.title_en,
        "intro": template.intro_en,
        "sections": [
            {
                "title": s.title_en,
                "guidance": s.guidance_en,
                "prompts": lines(s.prompts_en),
                "questions": [
                    {"label": q.label_en, "help": q.help_text_en, "choices": lines(q.choices_en)}
                    for q in s.questions.all()
                ],
            }
            for s in _sections(template)
        ],
    }


def draft(template):
    """The draft as `(content, translations)`, ready to publish or compare."""
    return snapshot(template), {"en": snapshot_english(template)}


def is_draft_changed(template):
    content, translations = draft(template)
    return versions.is_draft_changed(template, content, translations)


def publish(template, *, by=None):
    """Make the draft live. Returns `(version, created)` (see core.content.publish)."""
    content, translations = draft(template)
    return versions.publish(template, content, translations, by=by)


def latest_version(template):
    return versions.latest(template)


def live_version(template):
    """The version a new agreement starts from: the latest published one, or None for a
    template the secretariat has not published yet (it cannot be started)."""
    return versions.latest(template)


def questions(content):
    """Every question of a version's content, in order, with its step number."""
    for step, section in enumerate(content["sections"], start=1):
        for question in section["questions"]:
            yield step, question


def publish_all(*, by=None):
    """After loading the fixtures: publish every template never published, and the English of
    the live versions (core.content.publish_shipped). A changed draft waits for the
    secretariat."""
    return [versions.publish_shipped(t, *draft(t), by=by) for t in Template.objects.all()]


def flatten(content):
    """A version's texts as `[(key, label, text)]` for core.content.compare."""
    from django.utils.translation import gettext as _

    rows = [
        ("title", _("Titel"), content.get("title", "")),
        ("intro", _("Indledning"), content.get("intro", "")),
    ]
    for n, section in enumerate(content.get("sections", []), start=1):
        name = _("Trin %(n)s") % {"n": n}
        rows += [
            (f"s{n}:title", f"{name}: " + _("overskrift"), section.get("title", "")),
            (f"s{n}:guidance", f"{name}: " + _("vejledning"), section.get("guidance", "")),
            (
                f"s{n}:prompts",
                f"{name}: " + _("refleksionsspørgsmål"),
                "\n".join(section.get("prompts", [])),
            ),
        ]
        for q in section.get("questions", []):
            label = q.get("label", "") or q["key"]
            rows += [
                (f"q:{q['key']}:label", _("Spørgsmål «%(q)s»") % {"q": label}, q.get("label", "")),
                (
                    f"q:{q['key']}:help",
                    _("Hjælpetekst til «%(q)s»") % {"q": label},
                    q.get("help", ""),
                ),
                (
                    f"q:{q['key']}:choices",
                    _("Valgmuligheder til «%(q)s»") % {"q": label},
                    "\n".join(q.get("choices", [])),
                ),
            ]
    return rows

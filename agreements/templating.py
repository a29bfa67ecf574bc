"""Templates as versioned data.

`snapshot` freezes a template's editable content (sections and questions) as plain data;
`current_version` returns the version with exactly that content, making a new one when the
content has changed. Agreements point at a version and render from it, never from the
editable rows, so a changed question does not rewrite what an older agreement asked.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch

from .models import Question, Template, TemplateVersion


def snapshot(template):
    sections = template.sections.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position"))
    ).order_by("position")
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
                "prompts": [line.strip() for line in s.prompts.splitlines() if line.strip()],
                "questions": [
                    {
                        "key": q.key,
                        "label": q.label,
                        "help": q.help_text,
                        "type": q.type,
                        "choices": [c.strip() for c in q.choices.splitlines() if c.strip()],
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
            for s in sections
        ],
    }


def content_hash(content):
    """A stable digest of JSON data (key order does not matter)."""
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def current_version(template, *, by=None):
    """The version matching the template's content now; a new version if it has changed."""
    content = snapshot(template)
    digest = content_hash(content)
    found = TemplateVersion.objects.filter(template=template, content_hash=digest).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            return TemplateVersion.objects.create(
                template=template,
                number=number,
                content=content,
                content_hash=digest,
                created_by=by if by is not None and by.is_authenticated else None,
            )
    except IntegrityError:  # made by a concurrent request a moment ago
        return TemplateVersion.objects.get(template=template, content_hash=digest)


def latest_version(template):
    return template.versions.order_by("-number").first()


def questions(content):
    """Every question of a version's content, in order, with its step number."""
    for step, section in enumerate(content["sections"], start=1):
        for question in section["questions"]:
            yield step, question


def publish_all(*, by=None):
    """Make sure every template's current content has a version (after loading fixtures)."""
    return [current_version(t, by=by) for t in Template.objects.all()]

"""Links from other apps' pages to the competence pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.extensions import Action


def agreement_section_links(agreement, section):
    """Beside an agreement step that asks which competences to develop: the leader's own
    self-assessments, to choose from and to follow over time."""
    if not any(q.get("type") == "competences" for q in section.get("questions", ())):
        return []
    return [
        Action(
            label=_("Se og vurder dine ti netværkslederkompetencer over tid"),
            url=reverse("competences:mine"),
        )
    ]

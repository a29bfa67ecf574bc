"""The rating form: a level on the scale and an optional note for each competence.

Built from the competences as the secretariat keeps them (roles.Competence), so a renamed
or added competence shows up here without a code change. A level outside the scale, a
missing level or a future date is refused with a Danish message, and everything typed is
shown again.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.content import translated
from netvaerk.forms import DateInput

from . import services
from .models import HIGHEST, LEVELS, LOWEST, NOTE_MAX


def _level_choices():
    return [
        (str(level), f"{level} – {name}: {meaning}") for level, (name, meaning) in LEVELS.items()
    ]


class LevelsForm(forms.Form):
    """One radio group and one note per competence."""

    def __init__(self, *args, competences, initial_levels=None, beside=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = list(competences)
        self.beside = beside or {}  # competence id → the employee's own Rating
        initial_levels = initial_levels or {}
        for c in self.competences:
            name = translated(c, "name")
            scale = _("Vælg et niveau fra %(low)s til %(high)s for »%(competence)s«.") % {
                "low": LOWEST,
                "high": HIGHEST,
                "competence": name,
            }
            level, note = initial_levels.get(c.pk, (None, ""))
            self.fields[f"level_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.position}. {name}",
                help_text=translated(c, "description"),
                choices=_level_choices(),
                coerce=int,
                widget=forms.RadioSelect,
                initial=str(level) if level else None,
                error_messages={"required": scale, "invalid_choice": scale},
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(
                label=_("Note om »%(competence)s« (valgfri)") % {"competence": name},
                required=False,
                max_length=NOTE_MAX,
                initial=note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def groups(self):
        """Each competence with its level field, its note field and (for the personnel
        leader) the employee's own rating, for the template."""
        return [
            (c, self[f"level_{c.pk}"], self[f"note_{c.pk}"], self.beside.get(c.pk))
            for c in self.competences
        ]

    def levels(self):
        """{competence: (level, note)} from the cleaned data."""
        return {
            c: (self.cleaned_data[f"level_{c.pk}"], self.cleaned_data.get(f"note_{c.pk}", ""))
            for c in self.competences
        }


class AssessmentForm(LevelsForm):
    assessed_on = bounds.BoundedDateField(
        label=_("Dato for vurderingen"),
        widget=DateInput(),
        help_text=_("I dag, eller den dag du vurderede dig selv."),
        error_messages={
            "required": _("Skriv datoen for vurderingen."),
            "invalid": _("Skriv datoen som dag, måned og år."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        # The date comes first on the page.
        self.order_fields(["assessed_on"])

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        services.validate_date(day)
        return day

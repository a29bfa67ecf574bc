"""The forms of the process description editor: the description, and one form per step.

Plain forms, not model forms: the editor posts the description and every step at once (so a
move, a deletion or an added step keeps what was typed in the others), and saves them
together in netvaerk/process_editor.py. Danish is required, English optional.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.content import NormalizedNewlines

from .forms import DateInput
from .models import Phase, ProcessStep

MAX_WEEKS = 104  # StepFields.step_constraints
MAX_HOURS = 40


class ProcessTextForm(NormalizedNewlines, forms.Form):
    name = forms.CharField(
        label=_("Navn (dansk)"),
        max_length=200,
        error_messages={"required": _("Forløbsbeskrivelsen skal have et navn.")},
    )
    name_en = forms.CharField(label=_("Navn (engelsk)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Beskrivelse (dansk)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description_en = forms.CharField(
        label=_("Beskrivelse (engelsk)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    open_ended = forms.BooleanField(
        label=_("Åbent forløb"),
        required=False,
        help_text=_("Fx innovationsnetværk: forløbet kan fortsætte efter de beskrevne trin."),
    )

    FIELDS = ("name", "name_en", "description", "description_en", "open_ended")

    @classmethod
    def initial_for(cls, template):
        return {f: getattr(template, f) for f in cls.FIELDS}


def _hours_field(label):
    return bounds.BoundedDecimalField(
        label=label,
        min_value=0,
        max_value=MAX_HOURS,
        decimal_places=1,
        max_digits=4,
        localize=True,  # Danes write 2,5
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input-hours"}),
    )


class StepForm(NormalizedNewlines, forms.Form):
    kind = forms.ChoiceField(label=_("Slags"), choices=ProcessStep.Kind.choices)
    phase = forms.ModelChoiceField(
        label=_("Fase"),
        queryset=Phase.objects.all(),
        required=False,
        empty_label=_("Ingen fase (kun en pause)"),
    )
    title = forms.CharField(
        label=_("Titel (dansk)"),
        max_length=200,
        error_messages={"required": _("Trinnet skal have en titel.")},
    )
    title_en = forms.CharField(label=_("Titel (engelsk)"), max_length=200, required=False)
    content = forms.CharField(
        label=_("Indhold (dansk)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    content_en = forms.CharField(
        label=_("Indhold (engelsk)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    weeks = bounds.BoundedIntegerField(
        label=_("Uger"),
        min_value=1,
        max_value=MAX_WEEKS,
        widget=forms.NumberInput(attrs={"class": "input-weeks"}),
    )
    leader_hours = _hours_field(_("Netværksleder, timer/uge"))
    co_driver_hours = _hours_field(_("Co-driver, timer/uge"))
    participant_hours = _hours_field(_("Deltager, timer/uge"))

    FIELDS = (
        "kind",
        "phase",
        "title",
        "title_en",
        "content",
        "content_en",
        "weeks",
        "leader_hours",
        "co_driver_hours",
        "participant_hours",
    )
    TEXTS = ("title_en", "content_en", "title", "content")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weeks"].error_messages["required"] = _("Skriv, hvor mange uger trinnet varer.")
        for name in ("leader_hours", "co_driver_hours", "participant_hours"):
            self.fields[name].error_messages["required"] = _(
                "Skriv timerne pr. uge (0, hvis rollen ikke bruger tid på trinnet)."
            )

    @classmethod
    def initial_for(cls, step):
        initial = {f: getattr(step, f) for f in cls.FIELDS if f != "phase"}
        initial["phase"] = step.phase_id
        return initial

    @classmethod
    def blank_initial(cls):
        return {
            "kind": ProcessStep.Kind.WORK,
            "weeks": 4,
            "leader_hours": 0,
            "co_driver_hours": 0,
            "participant_hours": 0,
        }

    def has_text(self):
        """Whether anything was typed in a new step's texts (an empty new step is ignored)."""
        return any((self.data.get(self.add_prefix(f)) or "").strip() for f in self.TEXTS)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != ProcessStep.Kind.BREAK and not data.get("phase"):
            self.add_error(
                "phase",
                _(
                    "Vælg en fase. Kun en pause kan være uden fase; testperioden hører til "
                    "testfasen."
                ),
            )
        return data

    def apply(self, step):
        for field in self.FIELDS:
            setattr(step, field, self.cleaned_data[field])
        return step


class PreviewStartForm(forms.Form):
    start = bounds.BoundedDateField(
        label=_("Startdato"),
        widget=DateInput(),
    )

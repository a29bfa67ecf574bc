import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import bounds
from netvaerk.forms import DateInput

from . import answers as answer_fields
from .models import PamphletHandout
from .selectors import section_hash


class EmbeddedFormMixin:
    """A form crispy renders inside the page's own <form>, which carries the one CSRF token."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class HandoutForm(EmbeddedFormMixin, forms.ModelForm):
    class Meta:
        model = PamphletHandout
        fields = ["handed_out_on", "method", "talk_on"]
        widgets = {"handed_out_on": DateInput(), "talk_on": DateInput()}
        help_texts = {"talk_on": _("Står på forsiden af den personlige pjece.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounds.bound_date_field(self.fields["handed_out_on"])
        bounds.bound_date_field(self.fields["talk_on"])

    def clean(self):
        data = super().clean()
        given, talk = data.get("handed_out_on"), data.get("talk_on")
        if given and talk and talk < given:
            self.add_error(
                "talk_on", _("Samtalen ligger før pjecen blev udleveret. Tjek datoerne.")
            )
        return data


class StepForm(forms.Form):
    """One section of an agreement or reflection: its questions as fields.

    `lock_version` is the agreement's version when the page was opened; a save from an
    older page is refused (see services.agreement_save_step).
    """

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, section, answers, catalogue, lock_version, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.catalogue = catalogue
        self.stored_answers = answers
        self.initial["lock_version"] = lock_version
        self.initial["base"] = section_hash(answers, [q["key"] for q in section["questions"]])
        for question in section["questions"]:
            answer_fields.add_fields(self, question, answers.get(question["key"]), catalogue)

    def clean(self):
        data = super().clean()
        for question in self.section["questions"]:
            answer_fields.validate(self, question)
        if not self.errors:
            answer_fields.validate_total(self, self.section, self.stored_answers)
        return data

    @property
    def answers(self):
        return {
            q["key"]: answer_fields.collect(self, q, self.catalogue)
            for q in self.section["questions"]
        }

    def groups(self):
        """Each question with its bound fields, for the step template."""
        result = []
        for question in self.section["questions"]:
            key = question["key"]
            if question["type"] == "periods":
                rows, i = [], 0
                while f"{key}__{i}__start" in self.fields:
                    rows.append([self[f"{key}__{i}__{part}"] for part in ("start", "end", "note")])
                    i += 1
                result.append({"question": question, "rows": rows})
            elif question["type"] == "hours":
                rows = [
                    (
                        self.catalogue.label(name),
                        self[f"{key}__{n}__hours"],
                        self[f"{key}__{n}__note"],
                    )
                    for n, name in self.catalogue.phases
                ]
                result.append({"question": question, "rows": rows})
            else:
                result.append({"question": question, "field": self[key]})
        return result


class MeetingForm(EmbeddedFormMixin, forms.Form):
    """Ready for the meeting: when and where, and whether to invite the counterpart now."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    date = bounds.BoundedDateField(label=_("Dato"), widget=DateInput())
    time = forms.TimeField(
        label=_("Klokkeslæt"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration = bounds.BoundedIntegerField(
        label=_("Varighed i minutter"), min_value=15, max_value=480, initial=60
    )
    place = forms.CharField(label=_("Sted"), max_length=200, validators=[answer_fields.no_markup])
    invite = forms.BooleanField(
        label=_("Send en invitation med kalenderfil til samtaleparten nu"),
        required=False,
        initial=True,
    )
    attach_pamphlet = forms.BooleanField(
        label=_("Vedhæft samtalepartens personlige rollepjece (PDF)"),
        required=False,
        initial=True,
    )
    message = forms.CharField(
        label=_("Personlig hilsen i invitationen (valgfri)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[answer_fields.no_markup],
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Datoen er overstået. Vælg en dato i dag eller senere."))
        return day

    @property
    def meeting_at(self):
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))


class CommentForm(EmbeddedFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Din kommentar"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[answer_fields.no_markup],
    )

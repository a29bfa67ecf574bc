"""The forms of the co-driver's training: the dates, and the pool page's filter."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedDateField
from netvaerk.forms import DateInput

from . import training as training_rules

INVALID_DATE = _("Skriv datoen som dag, måned og år.")


def _date_field(label, help_text=""):
    return BoundedDateField(
        label=label,
        help_text=help_text,
        required=False,
        widget=DateInput(),
        error_messages={"invalid": INVALID_DATE},
    )


class TrainingForm(forms.Form):
    planned_start = _date_field(
        _("Forventet start"), _("Fra co-driveraftalen. Ret den, hvis planen ændrer sig.")
    )
    started_on = _date_field(_("Begyndt"), _("Den dag uddannelsen begyndte."))
    completed_on = _date_field(
        _("Gennemført"), _("Den dag uddannelsen blev gennemført. Ikke en dag i fremtiden.")
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data  # a date that could not be read is reported at its field alone
        try:
            training_rules.validate_dates(
                planned_start=data.get("planned_start"),
                started_on=data.get("started_on"),
                completed_on=data.get("completed_on"),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field, messages)
        return data


class PoolFilterForm(forms.Form):
    """A GET form: the filter lives in the URL, to bookmark and share."""

    status = forms.ChoiceField(label=_("Uddannelse"), required=False)
    afdeling = forms.TypedChoiceField(
        label=_("Afdeling (med underafdelinger)"), required=False, coerce=int
    )

    def __init__(self, data, *, departments):
        super().__init__(data)
        self.fields["status"].choices = list(training_rules.POOL_STATES.items())
        self.fields["afdeling"].choices = [("", _("Alle afdelinger"))] + [
            (d.pk, "\u2003" * (d.depth - 1) + d.name) for d in departments
        ]
        self.departments = {d.pk: d for d in departments}
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def criteria(self):
        """(state, department) as asked; a value that no longer fits (a deleted department in
        a bookmark) drops only itself."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("status") or "", self.departments.get(data.get("afdeling"))

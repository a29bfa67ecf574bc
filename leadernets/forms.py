"""The leader network's forms. Each refuses bad input with a Danish message and, being a
bound form, shows again everything that was typed."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import bounds
from netvaerk.forms import DateInput

from .models import (
    COMMENT_MAX,
    GAINS,
    HIGHEST,
    LOWEST,
    NAME_MAX,
    NOTE_MAX,
    PLACE_MAX,
    SCALE,
    THEME_MAX,
)


def _text_messages(required=None):
    messages = {
        "max_length": _(
            "Højst %(limit_value)d tegn. Du har skrevet %(show_value)d – forkort teksten."
        ),
    }
    if required:
        messages["required"] = required
    return messages


class SeasonForm(forms.Form):
    name = forms.CharField(
        label=_("Sæsonens navn"),
        max_length=NAME_MAX,
        help_text=_("Fx »Forår 2027«."),
        error_messages=_text_messages(_("Giv sæsonen et navn.")),
    )
    starts_on = bounds.BoundedDateField(
        label=_("Første dag"),
        widget=DateInput(),
        error_messages={"required": _("Skriv sæsonens første dag.")},
    )
    ends_on = bounds.BoundedDateField(
        label=_("Sidste dag"),
        widget=DateInput(),
        error_messages={"required": _("Skriv sæsonens sidste dag.")},
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Sæsonens sidste dag skal ligge efter den første."))
        return data


class MeetingForm(forms.Form):
    held_on = bounds.BoundedDateField(
        label=_("Dato"),
        widget=DateInput(),
        error_messages={"required": _("Skriv mødets dato.")},
    )
    theme = forms.CharField(
        label=_("Mødets tema"),
        max_length=THEME_MAX,
        help_text=_("Fx »Ledelse på tværs: når løsningen er udviklet i et andet område«."),
        error_messages=_text_messages(_("Skriv mødets tema.")),
    )
    place = forms.CharField(
        label=_("Sted (valgfrit)"),
        max_length=PLACE_MAX,
        required=False,
        error_messages=_text_messages(),
    )

    def __init__(self, *args, season, **kwargs):
        super().__init__(*args, **kwargs)
        self.season = season

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if not self.season.starts_on <= day <= self.season.ends_on:
            raise forms.ValidationError(
                _("Mødet skal ligge i sæsonen, mellem %(first)s og %(last)s.")
                % {
                    "first": date_format(self.season.starts_on),
                    "last": date_format(self.season.ends_on),
                }
            )
        return day


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Din note til de andre i netværket"),
        max_length=NOTE_MAX,
        help_text=_("Kort: hvad tager du med fra mødet? Alle i ledernetværket kan læse den."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_text_messages(_("Skriv noten, før du gemmer den.")),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Skriv noten, før du gemmer den."))
        return text


def _scale_choices():
    return [(str(level), f"{level} – {words}") for level, words in SCALE.items()]


class EvaluationForm(forms.Form):
    """One radio group per gain of the seed, and an optional comment."""

    comment = forms.CharField(
        label=_("Kommentar (valgfri)"),
        required=False,
        max_length=COMMENT_MAX,
        help_text=_("Vises uden dit navn i sæsonens opsummering."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_text_messages(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in GAINS.items():
            message = _("Vælg et svar fra %(low)s til %(high)s for »%(gain)s«.") % {
                "low": LOWEST,
                "high": HIGHEST,
                "gain": label,
            }
            self.fields[key] = forms.TypedChoiceField(
                label=label,
                choices=_scale_choices(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        self.order_fields([*GAINS, "comment"])

    def gain_fields(self):
        return [self[key] for key in GAINS]

    def ratings(self):
        return {key: self.cleaned_data[key] for key in GAINS}

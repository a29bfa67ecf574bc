from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import bounds
from roles.models import Department
from roles.picker import PersonLookupField

from .models import Network, NetworkRole, Phase, PhaseChange, ProcessTemplate


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NetworkFilterForm(forms.Form):
    """The catalogue's filters. A GET form: bookmarkable, works without JavaScript. Written
    out in netvaerk/network_list.html with the `field_group` tag (core/templatetags/fields.py):
    the catalogue is a busy page, and crispy-forms took a third of its time."""

    q = forms.CharField(label=_("Søg i navn og tema"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typer")), *Network.Type.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statusser")), *Network.Status.choices],
    )
    phase = forms.ModelChoiceField(
        label=_("Fase"), required=False, queryset=Phase.objects.all(), empty_label=_("Alle faser")
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        queryset = queryset.search(data["q"])
        if data["type"]:
            queryset = queryset.filter(type=data["type"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["phase"]:
            queryset = queryset.filter(current_phase=data["phase"])
        return queryset


class DepartmentChoiceField(forms.ModelMultipleChoiceField):
    """Departments in tree order, indented by level, so the list reads as the organisation."""

    def label_from_instance(self, obj):
        return "\u2003" * (obj.depth - 1) + obj.name


class NetworkForm(forms.ModelForm):
    """Everything about a network: the secretariat's form."""

    class Meta:
        model = Network
        fields = [
            "name",
            "slug",
            "theme",
            "challenge",
            "type",
            "status",
            "start_date",
            "current_phase",
            "departments",
        ]
        widgets = {
            "start_date": DateInput(),
            "challenge": forms.Textarea(attrs={"rows": 5}),
            "departments": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "slug": _(
                "Den del af netværkets webadresse, der kommer efter /netvaerk/. "
                "Udfyldes automatisk ud fra navnet."
            ),
        }
        field_classes = {"departments": DepartmentChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk:
            # Later phase changes go through the phase page, which keeps the history.
            del self.fields["current_phase"]
        self.fields["departments"].queryset = Department.objects.order_by("path")
        bounds.bound_date_field(self.fields["start_date"])
        self.helper = FormHelper()
        self.helper.form_tag = False


class NetworkLeaderForm(forms.ModelForm):
    """What the network leader keeps current: the theme, the challenge, the phase."""

    class Meta:
        model = Network
        fields = ["theme", "challenge"]
        widgets = {"challenge": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class NetworkRoleForm(forms.Form):
    person = PersonLookupField(
        label=_("Medarbejder"),
        max_length=254,
        help_text=_(
            "Skriv en del af navnet og vælg personen, eller skriv brugernavn eller e-mail."
        ),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=NetworkRole.Role.choices)
    starts_on = bounds.BoundedDateField(label=_("Fra"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RoleEndForm(forms.Form):
    ends_on = bounds.BoundedDateField(label=_("Sidste dag i rollen"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PlanCreateForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Forløbsbeskrivelse"), queryset=ProcessTemplate.objects.all(), empty_label=None
    )
    starts_on = bounds.BoundedDateField(label=_("Startdato"), widget=DateInput())

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        if network is not None:
            self.initial.setdefault(
                "template", ProcessTemplate.objects.filter(network_type=network.type).first()
            )
            self.initial.setdefault("starts_on", network.start_date or timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False


class PlanStartForm(forms.Form):
    starts_on = bounds.BoundedDateField(
        label=_("Planens startdato"), widget=DateInput(attrs={"class": "form-control-sm"})
    )


class StepWeeksForm(forms.Form):
    weeks = bounds.BoundedIntegerField(label=_("Uger"), min_value=1, max_value=104)


class BreakForm(forms.Form):
    weeks = bounds.BoundedIntegerField(label=_("Pausens længde i uger"), min_value=1, max_value=26)


class PhaseChangeForm(forms.ModelForm):
    class Meta:
        model = PhaseChange
        fields = ["phase", "changed_on", "note"]
        widgets = {"changed_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"phase": _("Ny fase"), "note": _("Hvorfor skifter netværket fase?")}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["phase"].empty_label = None
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_changed_on(self):
        day = self.cleaned_data["changed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Et faseskift kan ikke ligge i fremtiden."))
        first = self.network.phases_start_on
        if day < first:
            raise forms.ValidationError(
                _("Et faseskift kan ikke ligge før netværkets start den %(date)s.")
                % {"date": date_format(first)}
            )
        # Never in the future, so only the lower bound is left (a start date typed as year 1).
        bounds.validate_date(day)
        return day


class TimeEntryForm(forms.Form):
    week = forms.DateField(
        label=_("Uge"),
        widget=DateInput(),
        help_text=_("Vælg en dag i ugen. Timerne gemmes på ugens mandag."),
    )
    hours = bounds.BoundedDecimalField(
        label=_("Timer brugt på netværket"),
        min_value=0,
        max_value=80,
        decimal_places=1,
        localize=True,  # Danes write 6,5
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_week(self):
        day = self.cleaned_data["week"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("Du kan ikke registrere timer for en uge, der ikke er begyndt.")
            )
        bounds.validate_date(day)  # never in the future: this is the lower bound
        return day

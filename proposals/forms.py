from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from netvaerk.forms import DateInput, DepartmentChoiceField, PersonLookupField
from roles.models import Department, Person

from .models import Decision, Proposal, Round


class _Crispy:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


class ProposalForm(_Crispy, forms.ModelForm):
    suggested_leader = PersonLookupField(
        label=_("Forslag til netværksleder (valgfrit)"),
        required=False,
        max_length=254,
        help_text=_("Fulde navn, brugernavn eller e-mail på en medarbejder, du har i tankerne."),
    )
    suggested_reference_leader = PersonLookupField(
        label=_("Forslag til referenceleder (valgfrit)"),
        required=False,
        max_length=254,
        help_text=_(
            "Fulde navn, brugernavn eller e-mail. Referencelederen skal være leder af en afdeling."
        ),
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "challenge",
            "why_now",
            "departments",
            "citizens",
            "network_type",
            "suggested_leader",
            "suggested_reference_leader",
        ]
        widgets = {
            "challenge": forms.Textarea(attrs={"rows": 5}),
            "why_now": forms.Textarea(attrs={"rows": 4}),
            "citizens": forms.Textarea(attrs={"rows": 3}),
            "departments": forms.CheckboxSelectMultiple(),
        }
        labels = {
            "title": _("Netværkstema"),
            "challenge": _("Den tværgående udfordring"),
            "why_now": _("Hvorfor er temaet vigtigt nu?"),
            "departments": _("Afdelinger, temaet berører"),
            "citizens": _("Borgere og andre, temaet berører"),
            "network_type": _("Foreslået netværkstype"),
        }
        help_texts = {
            "title": _("Et kort navn for temaet, fx »Fællesskaber mod ensomhed«."),
        }
        field_classes = {"departments": DepartmentChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.order_by("path")
        for name in ("suggested_leader", "suggested_reference_leader"):
            person = getattr(self.instance, name) if self.instance.pk else None
            if person is not None and not self.is_bound:
                self.initial[name] = person.user.get_username()
        self._helper()

    def clean_suggested_reference_leader(self):
        person = self.cleaned_data["suggested_reference_leader"]
        if person is not None and not Person.objects.managers().filter(pk=person.pk).exists():
            raise forms.ValidationError(
                _("%(person)s er ikke leder af en afdeling og kan ikke være referenceleder."),
                params={"person": person},
            )
        return person


class MoreInfoForm(_Crispy, forms.Form):
    question = forms.CharField(
        label=_("Hvad vil sekretariatet gerne vide mere om?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Forslagsstilleren får besked om, at der er et spørgsmål, og læser det på "
            "forslagets side. Spørgsmålet står ikke i e-mailen."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.proposer}, {obj.round})"


class DuplicateForm(_Crispy, forms.Form):
    original = ProposalChoiceField(
        label=_("Dublet af"),
        queryset=Proposal.objects.none(),
        help_text=_("Det forslag, der går videre. Forslagsstilleren får besked."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = (
            Proposal.objects.sent()
            .exclude(pk=proposal.pk)
            .exclude(status__in=[Proposal.Status.WITHDRAWN, Proposal.Status.DUPLICATE])
            .select_related("round", "proposer__user")
            .order_by("-round__deadline", "title", "id")
        )
        self._helper()


class DecisionForm(_Crispy, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Chefforums beslutning"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Skal udfyldes ved afvisning. Forslagsstilleren læser den på forslagets side; "
            "den står ikke i e-mailen."
        ),
    )
    network_name = forms.CharField(
        label=_("Netværkets navn (ved godkendelse)"),
        required=False,
        max_length=200,
        help_text=_("Det godkendte forslag bliver et netværk med dette navn."),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Decision.Outcome.REJECTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Skriv, hvorfor forslaget er afvist."))
        return data


class RoundForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["deadline", "forum_date", "status"]
        widgets = {"deadline": DateInput(), "forum_date": DateInput()}
        help_texts = {
            "deadline": _(
                "Normalt 1. maj eller 1. december. Forslag, der sendes efter fristen, går til "
                "næste runde."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounds.bound_date_field(self.fields["deadline"])
        bounds.bound_date_field(self.fields["forum_date"])
        self._helper()

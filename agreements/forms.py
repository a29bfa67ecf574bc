from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from netvaerk.forms import DateInput

from .models import PamphletHandout


class HandoutForm(forms.ModelForm):
    class Meta:
        model = PamphletHandout
        fields = ["handed_out_on", "method", "talk_on"]
        widgets = {"handed_out_on": DateInput(), "talk_on": DateInput()}
        help_texts = {"talk_on": _("Står på forsiden af den personlige pjece.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        given, talk = data.get("handed_out_on"), data.get("talk_on")
        if given and talk and talk < given:
            self.add_error(
                "talk_on", _("Samtalen ligger før pjecen blev udleveret. Tjek datoerne.")
            )
        return data

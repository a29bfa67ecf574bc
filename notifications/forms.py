from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email_mode", "language", "hours_reminder"]
        widgets = {"email_mode": forms.RadioSelect}
        help_texts = {
            "email_mode": _(
                "Listen her i portalen viser altid alt. Invitationer til samtaler kommer "
                "altid som e-mail."
            ),
            "language": _("Sproget i de e-mails, portalen sender dig."),
        }

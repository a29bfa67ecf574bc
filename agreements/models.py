"""Reflection tools, cooperation agreements (samarbejdsaftaler), their confirmations and
history, and the role pamphlets handed out before each talk.

The agreement models arrive with the agreements issue; the pamphlet hand-outs are here now.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netvaerk.models import Network
from roles.models import Person, RoleDescription

# The counterparts of the network leader's three talks, in the order the talks are held.
COUNTERPART_ROLES = [
    RoleDescription.Key.PERSONNEL_LEADER,
    RoleDescription.Key.REFERENCE_LEADER,
    RoleDescription.Key.CO_DRIVER,
]


class PamphletHandout(models.Model):
    """That the network leader has given a counterpart their role pamphlet."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", _("Givet personligt")
        EMAIL = "email", _("Sendt pr. e-mail")
        INVITATION = "invitation", _("Sendt med invitationen til samtalen")

    network = models.ForeignKey(
        Network, verbose_name=_("netværk"), on_delete=models.CASCADE, related_name="handouts"
    )
    role = models.CharField(
        _("pjece"),
        max_length=30,
        choices=[(k.value, k.label) for k in COUNTERPART_ROLES],
    )
    recipient = models.ForeignKey(
        Person, verbose_name=_("modtager"), on_delete=models.CASCADE, related_name="handouts"
    )
    handed_out_on = models.DateField(_("udleveret den"), default=timezone.localdate)
    method = models.CharField(
        _("hvordan"), max_length=20, choices=Method.choices, default=Method.IN_PERSON
    )
    talk_on = models.DateField(_("dato for samtalen"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registreret af"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registreret"), auto_now=True)

    class Meta:
        verbose_name = _("udleveret pjece")
        verbose_name_plural = _("udleverede pjecer")
        ordering = ["network", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "role", "recipient"], name="pamphlet_handout_once_per_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} → {self.recipient} ({self.network})"

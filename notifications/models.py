"""What the portal tells a person: a row per notification (the list in the portal) with the
state of its e-mail, and each person's choices (e-mail at once, a daily digest or none; the
language of their e-mails; the hours reminder)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from roles.models import Person

from .kinds import Kind


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail med det samme")
    DIGEST = "digest", _("Ét samlet dagligt sammendrag")
    NONE = "none", _("Ingen e-mail (kun listen i portalen)")


class Preference(models.Model):
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        _("e-mail"), max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    language = models.CharField(
        _("sprog i e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    hours_reminder = models.BooleanField(
        _("påmind mig, når der ikke er registreret timer i 4 uger"), default=True
    )

    class Meta:
        verbose_name = _("notifikationsindstilling")
        verbose_name_plural = _("notifikationsindstillinger")

    def __str__(self):
        return str(self.person)


class Notification(models.Model):
    class Email(models.TextChoices):
        PENDING = "pending", _("venter på afsendelse")
        SENDING = "sending", _("sendes")
        SENT = "sent", _("sendt")
        DIGEST = "digest", _("kommer i det daglige sammendrag")
        NONE = "none", _("ingen e-mail (modtagerens valg)")
        NO_ADDRESS = "no_address", _("ingen e-mailadresse")
        FAILED = "failed", _("kunne ikke sendes")

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("slags"), max_length=40, choices=Kind.choices)
    # What happened, as names and dates for the text; never answers or comments.
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    actor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A reminder's or event's identity: the same key for the same person is made once.
    key = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=12, choices=Email.choices, default=Email.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    email_error = models.CharField(_("fejl"), max_length=500, blank=True)
    emailed_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikation")
        verbose_name_plural = _("notifikationer")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(
                fields=["recipient"], condition=Q(read_at=None), name="notification_unread"
            ),
            models.Index(fields=["email_status"], name="notification_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"

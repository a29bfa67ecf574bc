"""What the secretariat's workspace reads: the rules it edits, and one summary row per
network kept current by portal.summaries (on every change, and daily for what the date
changes), so 2,000 networks sort and filter in SQL."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from netvaerk.models import Network
from roles.models import Person


class Rules(models.Model):
    """The secretariat's rules and capacity: one row, edited in the administration."""

    agreement_due_weeks = models.PositiveSmallIntegerField(
        _("aftaler skal være aftalt efter (uger)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text=_(
            "Et netværk kræver opmærksomhed, når en af de tre samarbejdsaftaler ikke er aftalt "
            "så mange uger efter netværkets start."
        ),
    )
    desks = models.PositiveSmallIntegerField(
        _("pladser i sekretariatet"),
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
        help_text=_("Hvor mange netværksledere der kan sidde i sekretariatet samme uge."),
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("regler og kapacitet")
        verbose_name_plural = _("regler og kapacitet")

    def __str__(self):
        return str(_("Regler og kapacitet"))

    @classmethod
    def current(cls):
        rules = cls.objects.order_by("pk").first()
        return rules if rules is not None else cls.objects.create()


class TalkState(models.IntegerChoices):
    """Where one of the three agreements stands; the number orders them for sorting."""

    NO_COUNTERPART = 0, _("Ingen samtalepart")
    NOT_STARTED = 1, _("Ikke startet")
    DRAFT = 2, _("Kladde")
    VOIDED = 3, _("Bekræftelse bortfaldet")
    READY = 4, _("Klar til mødet")
    CONFIRMED_ONE = 5, _("Bekræftet af én part")
    AGREED = 6, _("Aftalt")


class Standing(models.IntegerChoices):
    NO_PLAN = 0, _("Ingen plan")
    AHEAD = 1, _("Foran planen")
    ON_PLAN = 2, _("Følger planen")
    BEHIND = 3, _("Bagud")
    COMPLETED = 4, _("Afsluttet")
    NOT_STARTED = 5, _("Planen er ikke begyndt")
    ENDED = 6, _("Planen er slut")


def _talk_fields(prefix, label):
    return {
        f"{prefix}_state": models.PositiveSmallIntegerField(
            label, choices=TalkState.choices, default=TalkState.NOT_STARTED
        ),
        f"{prefix}_agreement_id": models.PositiveIntegerField(null=True, blank=True),
        f"{prefix}_step": models.PositiveSmallIntegerField(default=0),
        f"{prefix}_steps": models.PositiveSmallIntegerField(default=0),
        f"{prefix}_revision": models.PositiveIntegerField(default=0),
        f"{prefix}_meeting_on": models.DateField(null=True, blank=True),
        # "leader" or "counterpart": who has confirmed, when one party has.
        f"{prefix}_confirmed_by": models.CharField(max_length=20, blank=True),
    }


class NetworkSummary(models.Model):
    network = models.OneToOneField(
        Network, primary_key=True, on_delete=models.CASCADE, related_name="summary"
    )
    computed_on = models.DateField(_("beregnet"))
    leader = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leader_name = models.CharField(_("netværksleder"), max_length=300, blank=True)
    co_driver = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    co_driver_name = models.CharField(_("co-driver"), max_length=300, blank=True)
    reference_leader = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference_leader_name = models.CharField(_("referenceleder"), max_length=300, blank=True)
    standing = models.PositiveSmallIntegerField(
        _("i forhold til planen"), choices=Standing.choices, default=Standing.NO_PLAN
    )
    # Weeks the current phase is from its planned dates (0 when on plan or unknown).
    standing_weeks = models.PositiveSmallIntegerField(default=0)
    test_on = models.DateField(_("testfase"), null=True, blank=True)
    handouts = models.PositiveSmallIntegerField(_("pjecer udleveret"), default=0)
    handouts_due = models.PositiveSmallIntegerField(default=0)
    hours_logged = models.DecimalField(
        _("timer registreret"), max_digits=9, decimal_places=1, default=0
    )
    hours_planned = models.DecimalField(
        _("timer planlagt til dato"), max_digits=9, decimal_places=1, default=0
    )
    last_hours_week = models.DateField(null=True, blank=True)
    last_activity = models.DateTimeField(_("seneste aktivitet"), null=True, blank=True)
    needs_attention = models.BooleanField(_("kræver opmærksomhed"), default=False)
    # Reason codes between commas (",no_leader,overdue:rl,"), so SQL filters on one reason
    # with a plain LIKE on both databases; summaries.ATTENTION gives each its words.
    attention = models.CharField(max_length=200, blank=True, default="")

    locals().update(_talk_fields("pl", _("aftale med personaleleder")))
    locals().update(_talk_fields("rl", _("aftale med referenceleder")))
    locals().update(_talk_fields("cd", _("aftale med co-driver")))

    class Meta:
        verbose_name = _("netværksoverblik")
        verbose_name_plural = _("netværksoverblik")
        indexes = [
            models.Index(fields=["needs_attention"], name="summary_attention_idx"),
            models.Index(fields=["computed_on"], name="summary_computed_idx"),
        ]

    def __str__(self):
        return str(self.network_id)

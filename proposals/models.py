"""Theme proposals (temaforslag): any employee proposes a network theme; the secretariat
collects them in rounds, screens them, takes a round to the leaders' forum (Chefforum) and
records a decision per proposal. An approved proposal becomes a network.

A proposal's and a round's every change is kept in their history (simple_history).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from netvaerk.models import Network
from roles.models import Department, Person


class Round(models.Model):
    """A round of proposals with its deadline (normally 1 May or 1 December; the secretariat
    may move it) and the date it goes to the leaders' forum."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben for forslag")
        SCREENING = "screening", _("Lukket – sekretariatet screener")
        AT_FORUM = "at_forum", _("Til Chefforum")
        DECIDED = "decided", _("Besluttet")

    deadline = models.DateField(
        _("frist"),
        unique=True,
        error_messages={"unique": _("Der findes allerede en runde med denne frist.")},
    )
    forum_date = models.DateField(_("møde i Chefforum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("historik for runde"))

    class Meta:
        verbose_name = _("runde")
        verbose_name_plural = _("runder")
        ordering = ["deadline"]

    def __str__(self):
        from django.utils.formats import date_format

        return _("Runden med frist %(date)s") % {"date": date_format(self.deadline)}

    def get_absolute_url(self):
        return reverse("proposals:round-detail", args=[self.pk])

    def accepts_proposals(self, today):
        return self.status == self.Status.OPEN and today <= self.deadline


class ProposalQuerySet(models.QuerySet):
    def for_listing(self):
        """What every list of proposals shows, in a constant number of queries."""
        return self.select_related("round", "proposer__user", "proposer__department")

    def sent(self):
        """Proposals the secretariat sees in a round: everything but drafts."""
        return self.exclude(status=Proposal.Status.DRAFT)


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde – ikke sendt ind")
        SUBMITTED = "submitted", _("Sendt ind")
        MORE_INFO = "more_info", _("Sekretariatet beder om flere oplysninger")
        DEFERRED = "deferred", _("Udsat til næste runde")
        DUPLICATE = "duplicate", _("Dublet af et andet forslag")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")

    # The statuses in which the proposal waits for the secretariat and the forum.
    PENDING = (Status.SUBMITTED, Status.MORE_INFO, Status.DEFERRED)

    title = models.CharField(_("netværkstema"), max_length=200)
    challenge = models.TextField(
        _("den tværgående udfordring"),
        help_text=_("Hvilken udfordring kan basisorganisationen ikke løse alene?"),
        max_length=5000,
    )
    why_now = models.TextField(_("hvorfor nu?"), max_length=5000)
    departments = models.ManyToManyField(
        Department,
        verbose_name=_("afdelinger, temaet berører"),
        blank=True,
        related_name="proposals",
    )
    citizens = models.TextField(
        _("borgere og andre, temaet berører"),
        help_text=_("Fx borgergrupper, virksomheder, foreninger eller andre samarbejdspartnere."),
        max_length=3000,
        blank=True,
    )
    network_type = models.CharField(
        _("foreslået netværkstype"), max_length=20, choices=Network.Type.choices
    )
    suggested_leader = models.ForeignKey(
        Person,
        verbose_name=_("forslag til netværksleder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    suggested_reference_leader = models.ForeignKey(
        Person,
        verbose_name=_("forslag til referenceleder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposer = models.ForeignKey(
        Person,
        verbose_name=_("forslagsstiller"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    round = models.ForeignKey(
        Round, verbose_name=_("runde"), on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("sendt ind"), null=True, blank=True)
    more_info_request = models.TextField(_("sekretariatets spørgsmål"), blank=True, max_length=3000)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("dublet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    decision_reason = models.TextField(_("begrundelse"), blank=True, max_length=3000)
    network = models.ForeignKey(
        Network,
        verbose_name=_("netværk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("historik for temaforslag"),
        excluded_fields=["updated_at"],
        m2m_fields=[departments],
    )

    class Meta:
        verbose_name = _("temaforslag")
        verbose_name_plural = _("temaforslag")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["round", "status"], name="proposal_round_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=models.F("id")),
                name="proposal_not_duplicate_of_itself",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_pending(self):
        return self.status in self.PENDING


class Decision(models.Model):
    """What the leaders' forum decided about a proposal in a round. A deferred proposal is
    decided again in a later round, so a proposal may have several."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Godkendt")
        DEFERRED = "deferred", _("Udsat til næste runde")
        REJECTED = "rejected", _("Afvist")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("temaforslag"), on_delete=models.CASCADE, related_name="decisions"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("runde"), on_delete=models.PROTECT, related_name="decisions"
    )
    outcome = models.CharField(_("beslutning"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("begrundelse"), blank=True, max_length=3000)
    network = models.ForeignKey(
        Network,
        verbose_name=_("oprettet netværk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Why a suggested person did not get their role (the role rules refused it), in words.
    role_notes = models.TextField(_("roller, der ikke blev givet"), blank=True)
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("registreret af"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("registreret"), auto_now_add=True)

    class Meta:
        verbose_name = _("beslutning om temaforslag")
        verbose_name_plural = _("beslutninger om temaforslag")
        ordering = ["decided_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round"],
                name="proposal_decided_once_per_round",
                violation_error_message=_("Forslaget har allerede en beslutning i denne runde."),
            ),
        ]

    def __str__(self):
        return f"{self.proposal}: {self.get_outcome_display()}"

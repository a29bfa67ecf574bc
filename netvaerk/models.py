"""The networks domain: networks, the phases of the network model, and who holds which role.

A role is *active* while it has no end date (`ends_on` is null); ending a role sets the
date. The database enforces that on that definition, so two requests cannot both make
someone the network leader, whatever the forms check first.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import search
from core.content import ContentVersion, translated
from roles.models import Department, Person


class Phase(models.Model):
    """One phase of the network model. Editable data: the secretariat may rename them."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    name_en = models.CharField(_("navn (engelsk)"), max_length=100, blank=True, default="")
    description = models.TextField(_("beskrivelse"), blank=True)
    description_en = models.TextField(_("beskrivelse (engelsk)"), blank=True, default="")

    translated_fields = ("name", "description")

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("faser")
        ordering = ["number"]

    def __str__(self):
        # In the page's language: every list, form and export that shows a phase.
        return f"{self.number}. {translated(self, 'name')}"


class NetworkQuerySet(models.QuerySet):
    def for_listing(self):
        """What every list of networks shows, in a constant number of queries."""
        active_leaders = NetworkRole.objects.active().filter(role=NetworkRole.Role.LEADER)
        return self.select_related("current_phase").prefetch_related(
            models.Prefetch(
                "roles",
                queryset=active_leaders.select_related("person__user"),
                to_attr="active_leader_roles",
            )
        )

    def locked(self, ids):
        """These networks, their rows locked until the transaction ends (SELECT … FOR
        UPDATE, in id order, so two lockers never wait on each other crosswise; SQLite
        writes one transaction at a time anyway). The stored figures per network (the time
        balance, the workspace's summaries) recompute under it: two saves in one network at
        once then recompute one after the other, and the second reads what the first
        committed instead of writing back figures that miss it."""
        return self.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")

    def search(self, text):
        """Every word of `text` in the name, theme or challenge, however æ, ø and å are
        typed (see core.search)."""
        return search.search(self, text)


NETWORK_SEARCH_FIELDS = {"name", "theme", "challenge"}


class Network(models.Model):
    class Type(models.TextChoices):
        WELFARE = "velfaerd", _("Velfærdsnetværk")
        INNOVATION = "innovation", _("Innovationsnetværk")
        LEARNING = "laering", _("Læringsnetværk")
        LEADER = "leder", _("Ledernetværk")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Foreslået")
        APPROVED = "approved", _("Godkendt, venter på start")
        ACTIVE = "active", _("Aktiv")
        TESTING = "testing", _("I test")
        PAUSED = "paused", _("Sat på pause")
        COMPLETED = "completed", _("Afsluttet")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("webadresse"), max_length=200, unique=True)
    theme = models.CharField(_("netværkstema"), max_length=300)
    challenge = models.TextField(
        _("den tværgående udfordring"),
        help_text=_("Hvilken udfordring kan basisorganisationen ikke løse alene?"),
    )
    type = models.CharField(_("netværkstype"), max_length=20, choices=Type.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    current_phase = models.ForeignKey(
        Phase,
        verbose_name=_("nuværende fase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="networks",
    )
    departments = models.ManyToManyField(
        Department,
        verbose_name=_("involverede afdelinger"),
        blank=True,
        related_name="networks",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    # Name, theme and challenge, normalised by core.search.normalise, kept current on save.
    search_text = models.TextField(editable=False, default="", blank=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("netværk")
        verbose_name_plural = _("netværk")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["type", "status"], name="network_type_status_idx"),
            # Lists of networks sort by name; the id makes the order total.
            models.Index(fields=["name", "id"], name="network_name_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="network_name_unique_ignoring_case",
                violation_error_message=_("Der findes allerede et netværk med dette navn."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if search.saves_search_text(kwargs, NETWORK_SEARCH_FIELDS):
            self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("netvaerk:network-detail", args=[self.slug])

    def build_search_text(self):
        return search.join(self.name, self.theme, self.challenge)

    def clean(self):
        # A network that becomes a leader network keeps only members who may be in one.
        if self.pk and self.type == self.Type.LEADER:
            roles = self.roles.filter(ends_on__isnull=True).select_related("person__user")
            outsiders = sorted(
                {str(r.person) for r in roles if not may_join_leader_network(r.person, r.role)}
            )
            if outsiders:
                raise ValidationError(
                    _(
                        "Netværket kan ikke blive et ledernetværk, for %(people)s er ikke "
                        "leder af en afdeling. Afslut deres roller først."
                    )
                    % {"people": ", ".join(outsiders)}
                )

    @property
    def has_talks(self):
        """A leader network is peer learning among managers: no network leader's three
        talks, so no agreements, agreement flags or reminders (leadernets/)."""
        return self.type not in TYPES_WITHOUT_TALKS

    @property
    def phases_start_on(self):
        """The first day the network can have changed phase: its start date, or the day it
        was created when it has none. A new network's first phase change is dated here."""
        if self.start_date:
            return self.start_date
        return timezone.localdate(self.created_at) if self.created_at else timezone.localdate()

    @property
    def leader(self):
        """The active network leader, from `for_listing()`'s prefetch when there is one."""
        if hasattr(self, "active_leader_roles"):
            roles = self.active_leader_roles
        else:
            roles = list(
                self.roles.active()
                .filter(role=NetworkRole.Role.LEADER)
                .select_related("person__user")
            )
        return roles[0].person if roles else None


class NetworkRoleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ends_on__isnull=True)

    def with_people(self):
        return self.select_related("person__user", "person__department", "person__manager__user")


# Network types without the three talks (see Network.has_talks).
TYPES_WITHOUT_TALKS = (Network.Type.LEADER,)


class NetworkRole(models.Model):
    class Role(models.TextChoices):
        LEADER = "network_leader", _("Netværksleder")
        CO_DRIVER = "co_driver", _("Co-driver")
        REFERENCE_LEADER = "reference_leader", _("Referenceleder")
        PARTICIPANT = "participant", _("Netværksdeltager")

    network = models.ForeignKey(
        Network, verbose_name=_("netværk"), on_delete=models.CASCADE, related_name="roles"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="network_roles"
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    starts_on = models.DateField(_("fra"), default=timezone.localdate)
    ends_on = models.DateField(_("til"), null=True, blank=True)

    objects = NetworkRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rolle i netværk")
        verbose_name_plural = _("roller i netværk")
        ordering = ["network", "role", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(role="network_leader", ends_on__isnull=True),
                name="network_has_one_active_leader",
                violation_error_message=_("Netværket har allerede en aktiv netværksleder."),
            ),
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(role="reference_leader", ends_on__isnull=True),
                name="network_has_one_active_reference_leader",
                violation_error_message=_("Netværket har allerede en aktiv referenceleder."),
            ),
            # A person holds one active role in a network at a time. Among other things this
            # is what keeps the co-driver from being the network's own leader.
            models.UniqueConstraint(
                fields=["network", "person"],
                condition=Q(ends_on__isnull=True),
                name="one_active_role_per_person_in_network",
                violation_error_message=_("Personen har allerede en aktiv rolle i netværket."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="network_role_ends_after_start",
                violation_error_message=_("Slutdatoen skal ligge efter startdatoen."),
            ),
        ]
        indexes = [
            models.Index(fields=["person", "ends_on"], name="networkrole_person_active_idx"),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} ({self.network})"

    @property
    def is_active(self):
        return self.ends_on is None

    def clean(self):
        # The database enforces this too (a trigger, see migration 0002); this is the
        # message a form can show.
        if (
            self.role == self.Role.REFERENCE_LEADER
            and self.person_id
            and not Person.objects.managers().filter(pk=self.person_id).exists()
        ):
            raise ValidationError({"person": REFERENCE_LEADER_NOT_MANAGER})
        # Every form that adds a role (the portal's, the administration's inline) asks this.
        try:
            network = self.network  # an inline's role has its (perhaps unsaved) network
        except Network.DoesNotExist:
            network = None
        if (
            network is not None
            and self.person_id
            and network.type == Network.Type.LEADER
            and not may_join_leader_network(self.person, self.role)
        ):
            raise ValidationError({"person": LEADER_NETWORK_NOT_MANAGER % {"person": self.person}})


REFERENCE_LEADER_NOT_MANAGER = _("Referencelederen skal være leder af en afdeling.")
LEADER_NETWORK_NOT_MANAGER = _(
    "%(person)s er ikke leder af en afdeling. I et ledernetværk er alle medlemmer ledere; "
    "kun facilitatoren (netværkslederen) kan også komme fra sekretariatet."
)


def may_join_leader_network(person, role):
    """A leader network is peer learning among managers: every member leads a department.
    Its facilitator (the network leader role) may instead come from the secretariat."""
    from core.permissions import is_secretariat

    if Person.objects.managers().filter(pk=person.pk).exists():
        return True
    return role == NetworkRole.Role.LEADER and is_secretariat(person.user)


class StepFields(models.Model):
    """What a step of a process description and a step of a network's plan have in common:
    what happens, for how many weeks, and how many hours a week each role spends."""

    class Kind(models.TextChoices):
        WORK = "work", _("Forløb")
        TEST = "test", _("Testperiode")
        BREAK = "break", _("Pause – netværkslederen arbejder i basis")

    position = models.PositiveSmallIntegerField(_("nummer"))
    kind = models.CharField(_("slags"), max_length=10, choices=Kind.choices, default=Kind.WORK)
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("fase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (engelsk)"), max_length=200, blank=True, default="")
    content = models.TextField(_("indhold"), blank=True)
    content_en = models.TextField(_("indhold (engelsk)"), blank=True, default="")
    weeks = models.PositiveSmallIntegerField(_("uger"))
    leader_hours = models.DecimalField(
        _("netværksleder, timer/uge"), max_digits=4, decimal_places=1, default=0
    )
    co_driver_hours = models.DecimalField(
        _("co-driver, timer/uge"), max_digits=4, decimal_places=1, default=0
    )
    participant_hours = models.DecimalField(
        _("deltager, timer/uge"), max_digits=4, decimal_places=1, default=0
    )

    translated_fields = ("title", "content")

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @classmethod
    def step_constraints(cls, prefix):
        return [
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=104), name=f"{prefix}_weeks_1_to_104"
            ),
            models.CheckConstraint(
                condition=Q(leader_hours__gte=0, leader_hours__lte=40)
                & Q(co_driver_hours__gte=0, co_driver_hours__lte=40)
                & Q(participant_hours__gte=0, participant_hours__lte=40),
                name=f"{prefix}_hours_0_to_40",
            ),
            models.CheckConstraint(
                condition=Q(kind="break") | Q(phase__isnull=False),
                name=f"{prefix}_work_has_a_phase",
            ),
        ]


class ProcessTemplate(models.Model):
    """A process description (forløbsbeskrivelse): how a network of one type usually runs."""

    network_type = models.CharField(
        _("netværkstype"), max_length=20, choices=Network.Type.choices, unique=True
    )
    name = models.CharField(_("navn"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200, blank=True, default="")
    description = models.TextField(_("beskrivelse"), blank=True)
    description_en = models.TextField(_("beskrivelse (engelsk)"), blank=True, default="")
    open_ended = models.BooleanField(
        _("åbent forløb"),
        default=False,
        help_text=_("Fx innovationsnetværk: forløbet kan fortsætte efter de beskrevne trin."),
    )

    translated_fields = ("name", "description")

    class Meta:
        verbose_name = _("forløbsbeskrivelse")
        verbose_name_plural = _("forløbsbeskrivelser")
        ordering = ["network_type"]

    def __str__(self):
        return translated(self, "name")

    def get_absolute_url(self):
        return reverse("netvaerk:process-detail", args=[self.network_type])


class ProcessStep(StepFields):
    template = models.ForeignKey(
        ProcessTemplate,
        verbose_name=_("forløbsbeskrivelse"),
        on_delete=models.CASCADE,
        related_name="steps",
    )

    class Meta(StepFields.Meta):
        verbose_name = _("trin i forløbsbeskrivelse")
        verbose_name_plural = _("trin i forløbsbeskrivelse")
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="process_step_position"),
            *StepFields.step_constraints("process_step"),
        ]


class ProcessVersion(ContentVersion):
    """A published version of a process description: what new networks' plans are made from
    (netvaerk/processes.py has the snapshot's shape). The rows of ProcessTemplate and
    ProcessStep are the draft."""

    template = models.ForeignKey(
        ProcessTemplate,
        verbose_name=_("forløbsbeskrivelse"),
        on_delete=models.PROTECT,
        related_name="versions",
    )

    text_keys = frozenset({"name", "description", "title", "content"})

    class Meta:
        verbose_name = _("version af forløbsbeskrivelse")
        verbose_name_plural = _("versioner af forløbsbeskrivelser")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="process_version_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.template} v{self.number}"


class NetworkPlan(models.Model):
    """A network's own dated plan, made from its type's process description, then adjusted."""

    network = models.OneToOneField(
        Network, verbose_name=_("netværk"), on_delete=models.CASCADE, related_name="plan"
    )
    template = models.ForeignKey(
        ProcessTemplate,
        verbose_name=_("lavet ud fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    # The published version the steps were copied from; the plan keeps it when the
    # description gets a new version.
    process_version = models.ForeignKey(
        ProcessVersion,
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    starts_on = models.DateField(_("startdato"))
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("netværksplan")
        verbose_name_plural = _("netværksplaner")

    def __str__(self):
        return str(self.network)


class PlanStep(StepFields):
    plan = models.ForeignKey(
        NetworkPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps"
    )

    class Meta(StepFields.Meta):
        verbose_name = _("trin i plan")
        verbose_name_plural = _("trin i plan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plan_step_position"),
            *StepFields.step_constraints("plan_step"),
        ]


# The one rule for "the latest phase change": the latest date, then the latest entered.
# The network's current phase is the phase of that change (services.network_phase_sync).
PHASE_CHANGE_LATEST_FIRST = ["-changed_on", "-created_at", "-pk"]


class PhaseChangeQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by(*PHASE_CHANGE_LATEST_FIRST)


class PhaseChange(models.Model):
    """The network's phase history: phases may be revisited, so every change is kept."""

    network = models.ForeignKey(
        Network, verbose_name=_("netværk"), on_delete=models.CASCADE, related_name="phase_changes"
    )
    phase = models.ForeignKey(Phase, verbose_name=_("fase"), on_delete=models.PROTECT)
    changed_on = models.DateField(_("dato"), default=timezone.localdate)
    changed_by = models.ForeignKey(
        Person,
        verbose_name=_("ændret af"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("registreret"), auto_now_add=True)

    objects = PhaseChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("faseskift")
        verbose_name_plural = _("faseskift")
        ordering = ["-changed_on", "-created_at"]

    def __str__(self):
        return f"{self.network}: {self.phase} ({self.changed_on})"


class TimeEntry(models.Model):
    """Hours a person actually spent on a network in one week (weeks start on Monday)."""

    network = models.ForeignKey(
        Network, verbose_name=_("netværk"), on_delete=models.CASCADE, related_name="time_entries"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="time_entries"
    )
    week = models.DateField(_("uge (mandag)"))
    hours = models.DecimalField(_("timer"), max_digits=4, decimal_places=1)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("tidsregistrering")
        verbose_name_plural = _("tidsregistreringer")
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "person", "week"], name="time_entry_one_per_week"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=80), name="time_entry_hours_0_to_80"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.network} · {self.week}: {self.hours}"


class RoleBalance(models.Model):
    """A role's time balance, drawn up to one week: what netvaerk.balance computes from the
    network's plan and the person's logged hours, stored so that the time balance sorts,
    sums and pages every role in SQL. Kept current by netvaerk.receivers; a row from an
    earlier week (or none) is recomputed by the page itself."""

    role = models.OneToOneField(
        NetworkRole, primary_key=True, on_delete=models.CASCADE, related_name="balance"
    )
    week = models.DateField()  # the Monday of the week the figures are drawn up to
    # Why a plan's figures cannot be computed: planning.Schedule.cut ("start", "end") or "".
    problem = models.CharField(max_length=8, blank=True, default="")
    plan_starts_on = models.DateField(null=True)  # None: the network has no plan
    planned_to_date = models.DecimalField(max_digits=12, decimal_places=1, null=True)
    planned_total = models.DecimalField(max_digits=12, decimal_places=1, null=True)
    logged = models.DecimalField(max_digits=12, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("tidsbalance for en rolle")
        verbose_name_plural = _("tidsbalancer for roller")

    def __str__(self):
        return f"{self.role_id} · {self.week}"

    @property
    def has_plan(self):
        return self.plan_starts_on is not None

    @property
    def difference(self):
        """Logged − planned to date (None without a usable plan), as balance sorts by it."""
        return None if self.planned_to_date is None else self.logged - self.planned_to_date


def new_calendar_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret token that lets a calendar program read a user's feeds without a login.
    Renewing it makes every old feed address stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("nøgle"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("oprettet"), auto_now=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self):
        return str(self.user)


class DeskPeriod(models.Model):
    """A period when a network leader sits at the secretariat, as agreed in the
    personnel-leader agreement. Written by the agreements app when that agreement is agreed;
    read by the network's timeline, the leader's calendar feed and the desk calendar."""

    network = models.ForeignKey(
        Network, verbose_name=_("netværk"), on_delete=models.CASCADE, related_name="desk_periods"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="desk_periods"
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    # The agreement (and its version) the period comes from; not a foreign key, because
    # agreements sit above this app.
    source_agreement_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    source_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("periode i sekretariatet")
        verbose_name_plural = _("perioder i sekretariatet")
        ordering = ["starts_on", "network"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="desk_period_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="desk_period_dates_idx")]

    def __str__(self):
        return f"{self.person} · {self.network}: {self.starts_on}–{self.ends_on}"

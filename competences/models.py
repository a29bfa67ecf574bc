"""Self-assessments of the network leader's ten competences (roles.Competence), kept dated.

An assessment belongs to the person who made it. It is private until they share it with
their personnel leader, who may then rate the same competences beside theirs. Nothing is
overwritten: each assessment is a dated snapshot, and the picture over time is made of them.

`Training` is the co-driver's learning path: their training in network leadership, from the
co-driver agreement to completion (competences/training.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roles.models import Competence, Person

LOWEST, HIGHEST = 1, 5
NOTE_MAX = 1000

# The scale: each level in a few Danish words, and what it means in practice.
LEVELS = {
    1: (_("Nyt for mig"), _("Jeg har sjældent prøvet det og har brug for støtte.")),
    2: (_("På vej"), _("Jeg har prøvet det nogle gange, helst med sparring.")),
    3: (_("Kan det"), _("Jeg gør det i de fleste situationer uden hjælp.")),
    4: (_("Sikker"), _("Jeg gør det sikkert, også når det er svært.")),
    5: (_("Kan lære andre det"), _("Jeg er et forbillede og hjælper andre med at udvikle det.")),
}


def level_words(level):
    """ "4 – Sikker": the level and its short name ("–" for none)."""
    if level is None:
        return "–"
    return f"{level} – {LEVELS[level][0]}"


class AssessmentQuerySet(models.QuerySet):
    def with_ratings(self):
        return self.select_related("person__user", "shared_with__user").prefetch_related(
            models.Prefetch("ratings", queryset=Rating.objects.select_related("competence"))
        )

    def oldest_first(self):
        return self.order_by("assessed_on", "created_at", "pk")


class Assessment(models.Model):
    person = models.ForeignKey(
        Person,
        verbose_name=_("medarbejder"),
        on_delete=models.CASCADE,
        related_name="competence_assessments",
    )
    assessed_on = models.DateField(_("dato"), default=timezone.localdate)
    # Shared with the personnel leader the person had when they shared it; only that leader
    # sees it, and only while they are still the person's leader (competences/access.py).
    shared_with = models.ForeignKey(
        Person,
        verbose_name=_("delt med"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("delt"), null=True, blank=True)
    manager_rated_at = models.DateTimeField(_("vurderet af personaleleder"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("kompetencevurdering")
        verbose_name_plural = _("kompetencevurderinger")
        ordering = ["assessed_on", "created_at"]
        indexes = [models.Index(fields=["person", "assessed_on"], name="assessment_person_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_with__isnull=True) | Q(shared_at__isnull=False),
                name="assessment_shared_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.assessed_on}"

    def get_absolute_url(self):
        return reverse("competences:detail", args=[self.pk])

    @property
    def is_shared(self):
        return self.shared_with_id is not None


class Rating(models.Model):
    """One competence in one assessment: the person's level and note, and, once shared,
    the personnel leader's level and note beside it."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("vurdering"), on_delete=models.CASCADE, related_name="ratings"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("kompetence"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("niveau"), validators=[MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)]
    )
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX)
    manager_level = models.PositiveSmallIntegerField(
        _("personalelederens niveau"),
        null=True,
        blank=True,
        validators=[MinValueValidator(LOWEST), MaxValueValidator(HIGHEST)],
    )
    manager_note = models.TextField(_("personalelederens note"), blank=True, max_length=NOTE_MAX)

    class Meta:
        verbose_name = _("bedømmelse")
        verbose_name_plural = _("bedømmelser")
        ordering = ["assessment", "competence__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competence"], name="rating_one_per_competence"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=LOWEST, level__lte=HIGHEST), name="rating_level_on_scale"
            ),
            models.CheckConstraint(
                condition=Q(manager_level__isnull=True)
                | Q(manager_level__gte=LOWEST, manager_level__lte=HIGHEST),
                name="rating_manager_level_on_scale",
            ),
        ]

    def __str__(self):
        return f"{self.competence}: {self.level}"

    @property
    def level_words(self):
        return level_words(self.level)

    @property
    def manager_level_words(self):
        return level_words(self.manager_level)


class TrainingQuerySet(models.QuerySet):
    def in_pool(self):
        """Those who have completed the training in network leadership or are in it: the
        co-drivers who can lead a network next."""
        return self.filter(Q(started_on__isnull=False) | Q(completed_on__isnull=False))


class Training(models.Model):
    """The co-driver's training in network leadership, kept on the person.

    Agreed (yes/no) and the planned start come from the co-driver agreement when it is agreed
    (competences/training.py); the co-driver, their personnel leader and the secretariat
    record when it started and was completed. Every change is in the history.
    """

    class State(models.TextChoices):
        NOT_AGREED = "not_agreed", _("Ikke aftalt")
        AGREED = "agreed", _("Aftalt, ikke begyndt")
        STARTED = "started", _("I gang")
        COMPLETED = "completed", _("Gennemført")

    person = models.OneToOneField(
        Person, verbose_name=_("medarbejder"), on_delete=models.CASCADE, related_name="training"
    )
    agreed = models.BooleanField(_("aftalt"), default=False)
    planned_start = models.DateField(_("forventet start"), null=True, blank=True)
    started_on = models.DateField(_("begyndt"), null=True, blank=True)
    completed_on = models.DateField(_("gennemført"), null=True, blank=True)
    # The agreed co-driver agreement it was last filled from, and that agreement's version.
    # An agreement deleted with its network leaves the training with the person.
    source_agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("fra samarbejdsaftalen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_revision = models.PositiveIntegerField(_("aftalens version"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ændret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("historik for uddannelse"), excluded_fields=["updated_at"]
    )
    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uddannelse i netværksledelse")
        verbose_name_plural = _("uddannelser i netværksledelse")
        ordering = ["person__search_text", "person_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=False, completed_on__gte=F("started_on")),
                name="training_completed_after_started",
                violation_error_message=_(
                    "Uddannelsen kan ikke være gennemført, før den begyndte."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_state_display()}"

    def get_absolute_url(self):
        return reverse("competences:training", args=[self.person_id])

    @property
    def state(self):
        if self.completed_on:
            return self.State.COMPLETED
        if self.started_on:
            return self.State.STARTED
        return self.State.AGREED if self.agreed else self.State.NOT_AGREED

    def get_state_display(self):
        return self.State(self.state).label

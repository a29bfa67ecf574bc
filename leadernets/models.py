"""Leader networks (ledernetværk, seed 004): peer learning among managers.

A leader network is a netvaerk.Network of type LEADER. It has no three talks and no
agreements; instead it meets in seasons. A season has dated meetings, each with a theme;
members share short notes on a meeting; at the end of the season each member evaluates it
against the gains the seed names. Members are the network's active role holders (all of
them managers, netvaerk.services.validate_network_role); the facilitator is its active
network leader, who may also come from the secretariat.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netvaerk.models import Network
from roles.models import Person

NAME_MAX = 100
THEME_MAX = 200
PLACE_MAX = 200
NOTE_MAX = 2000
COMMENT_MAX = 1000
LOWEST, HIGHEST = 1, 5

# The gains of a leader network, as seed 004 names them: what a season is evaluated against.
GAINS = {
    "focus": _("Et fælles fokus på ledelsesopgaven"),
    "culture": _("En mere ensartet ledelseskultur i kommunen"),
    "policy": _("Et bedre grundlag for politikudvikling og -implementering"),
    "integration": _("En stærkere kulturel integration"),
}

# How far the season brought each gain, in words.
SCALE = {
    1: _("Slet ikke"),
    2: _("I ringe grad"),
    3: _("I nogen grad"),
    4: _("I høj grad"),
    5: _("I meget høj grad"),
}


class Season(models.Model):
    network = models.ForeignKey(
        Network, verbose_name=_("ledernetværk"), on_delete=models.CASCADE, related_name="seasons"
    )
    name = models.CharField(_("navn"), max_length=NAME_MAX)
    starts_on = models.DateField(_("første dag"))
    ends_on = models.DateField(_("sidste dag"))
    # Closed by the facilitator or the secretariat: evaluations can no longer be changed.
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("sæson")
        verbose_name_plural = _("sæsoner")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="season_ends_after_start",
                violation_error_message=_("Sæsonens sidste dag skal ligge efter den første."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("leadernets:season", args=[self.pk])

    @property
    def is_closed(self):
        return self.closed_at is not None


class Meeting(models.Model):
    season = models.ForeignKey(
        Season, verbose_name=_("sæson"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("dato"))
    theme = models.CharField(_("tema"), max_length=THEME_MAX)
    place = models.CharField(_("sted"), max_length=PLACE_MAX, blank=True)

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return self.theme

    def get_absolute_url(self):
        return f"{self.season.get_absolute_url()}#moede-{self.pk}"


class MeetingNote(models.Model):
    """A short note a member shares with the network about a meeting. Its author edits it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møde"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        Person, verbose_name=_("skrevet af"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("note fra møde")
        verbose_name_plural = _("noter fra møder")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["author"], name="meetingnote_author_idx")]

    def __str__(self):
        return self.text[:50]


def _rating_field(key):
    return models.PositiveSmallIntegerField(GAINS[key])


class Evaluation(models.Model):
    """One member's evaluation of a season: each gain on the scale, with an optional
    comment. One per member and season; editable until the season is closed."""

    season = models.ForeignKey(
        Season, verbose_name=_("sæson"), on_delete=models.CASCADE, related_name="evaluations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("medlem"), on_delete=models.CASCADE, related_name="+"
    )
    focus = _rating_field("focus")
    culture = _rating_field("culture")
    policy = _rating_field("policy")
    integration = _rating_field("integration")
    comment = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        ordering = ["season", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "person"],
                name="one_evaluation_per_member_and_season",
                violation_error_message=_("Du har allerede evalueret sæsonen."),
            ),
            models.CheckConstraint(
                condition=Q(focus__gte=LOWEST, focus__lte=HIGHEST)
                & Q(culture__gte=LOWEST, culture__lte=HIGHEST)
                & Q(policy__gte=LOWEST, policy__lte=HIGHEST)
                & Q(integration__gte=LOWEST, integration__lte=HIGHEST),
                name="evaluation_ratings_on_scale",
            ),
        ]
        indexes = [models.Index(fields=["person"], name="evaluation_person_idx")]

    def __str__(self):
        return f"{self.person} – {self.season}"

    def ratings(self):
        return {key: getattr(self, key) for key in GAINS}

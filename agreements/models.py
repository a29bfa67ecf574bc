"""Reflection tools, cooperation agreements (samarbejdsaftaler), their confirmations and
history, and the role pamphlets handed out before each talk.

Templates are data the secretariat edits (Template → Section → Question). What an agreement
was filled against is a frozen `TemplateVersion`: a snapshot of the template's content, made
whenever the content changes. An agreement always renders with its own version, so editing a
template never changes what an older agreement shows was asked.

A reflection tool is filled and stored like an agreement, with one party: its author.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.content import ContentVersion
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
    # The pamphlet text that was live when it was handed out (roles.pamphlets.live_version).
    text_version = models.ForeignKey(
        "roles.RoleDescriptionVersion",
        verbose_name=_("pjecens tekstversion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

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


class Template(models.Model):
    """An agreement template or a reflection tool, as the secretariat keeps it."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Samarbejdsaftale")
        REFLECTION = "reflection", _("Refleksionsværktøj")

    key = models.SlugField(_("nøgle"), unique=True, help_text=_("Fast navn; ændres ikke."))
    kind = models.CharField(_("slags"), max_length=20, choices=Kind.choices)
    talk = models.CharField(
        _("samtale"),
        max_length=30,
        blank=True,
        choices=[(k.value, k.label) for k in COUNTERPART_ROLES],
        help_text=_("Hvilken af netværkslederens tre samtaler skabelonen hører til."),
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (engelsk)"), max_length=200, blank=True, default="")
    intro = models.TextField(_("indledning"), blank=True)
    intro_en = models.TextField(_("indledning (engelsk)"), blank=True, default="")
    is_active = models.BooleanField(
        _("i brug"), default=True, help_text=_("Kun aktive skabeloner kan startes.")
    )

    translated_fields = ("title", "intro")

    class Meta:
        verbose_name = _("skabelon")
        verbose_name_plural = _("skabeloner")
        ordering = ["kind", "position"]

    def __str__(self):
        return self.title

    @property
    def is_reflection(self):
        return self.kind == self.Kind.REFLECTION


class Section(models.Model):
    """One step of the guided form, with the guidance shown beside it."""

    template = models.ForeignKey(
        Template, verbose_name=_("skabelon"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"))
    title = models.CharField(_("overskrift"), max_length=200)
    title_en = models.CharField(_("overskrift (engelsk)"), max_length=200, blank=True, default="")
    guidance = models.TextField(_("vejledning"), blank=True)
    guidance_en = models.TextField(_("vejledning (engelsk)"), blank=True, default="")
    prompts = models.TextField(
        _("refleksionsspørgsmål"), blank=True, help_text=_("Ét spørgsmål pr. linje.")
    )
    prompts_en = models.TextField(
        _("refleksionsspørgsmål (engelsk)"),
        blank=True,
        default="",
        help_text=_("Ét spørgsmål pr. linje, i samme rækkefølge som på dansk."),
    )

    translated_fields = ("title", "guidance", "prompts")

    class Meta:
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="section_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.template}: {self.title}"


class Question(models.Model):
    class Type(models.TextChoices):
        SHORT_TEXT = "short_text", _("Kort tekst")
        LONG_TEXT = "long_text", _("Lang tekst")
        CHOICE = "choice", _("Ét valg")
        MULTI = "multi", _("Flere valg")
        YES_NO = "yes_no", _("Ja/nej")
        DATE = "date", _("Dato")
        PERIODS = "periods", _("Perioder (fra–til)")
        HOURS = "hours", _("Timer pr. fase")
        COMPETENCES = "competences", _("Netværkslederkompetencer")
        PROFILES = "profiles", _("Co-driverprofiler")

    section = models.ForeignKey(
        Section, verbose_name=_("afsnit"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"))
    key = models.SlugField(
        _("nøgle"),
        help_text=_(
            "Fast navn for svaret. Samme nøgle i en refleksion og en aftale lader aftalen "
            "starte med refleksionens svar."
        ),
    )
    label = models.CharField(_("spørgsmål"), max_length=300)
    label_en = models.CharField(_("spørgsmål (engelsk)"), max_length=300, blank=True, default="")
    help_text = models.TextField(_("hjælpetekst"), blank=True)
    help_text_en = models.TextField(_("hjælpetekst (engelsk)"), blank=True, default="")
    type = models.CharField(_("felttype"), max_length=20, choices=Type.choices)
    choices = models.TextField(
        _("valgmuligheder"), blank=True, help_text=_("Ét valg pr. linje (kun for valg).")
    )
    choices_en = models.TextField(
        _("valgmuligheder (engelsk)"),
        blank=True,
        default="",
        help_text=_("Ét valg pr. linje, i samme rækkefølge som på dansk."),
    )
    required = models.BooleanField(_("skal udfyldes"), default=False)
    min_choices = models.PositiveSmallIntegerField(
        _("mindst antal valg"),
        null=True,
        blank=True,
        help_text=_("Kun for flere valg, kompetencer og profiler."),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("højst antal valg"),
        null=True,
        blank=True,
        help_text=_("Kun for flere valg, kompetencer og profiler."),
    )

    translated_fields = ("label", "help_text", "choices")

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], name="question_unique_position"
            ),
        ]

    def __str__(self):
        return self.label


class TemplateVersion(ContentVersion):
    """A published version of a template: its Danish content frozen (hashed), and its English
    beside it (`translations["en"]`, updated in place). Agreements point at one and keep it."""

    template = models.ForeignKey(
        Template, verbose_name=_("skabelon"), on_delete=models.PROTECT, related_name="versions"
    )

    text_keys = frozenset({"title", "intro", "guidance", "prompts", "label", "help", "choices"})

    class Meta:
        verbose_name = _("skabelonversion")
        verbose_name_plural = _("skabelonversioner")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="version_unique_number"),
        ]

    def __str__(self):
        return _("%(title)s, version %(number)s") % {
            "title": self.content.get("title", self.template.title),
            "number": self.number,
        }

    def localized(self, language=None):
        """The content in `language` (the active one): each English text where there is one,
        Danish elsewhere. A question's `choices` are the labels to show; its `choice_values`
        the Danish choices that answers are stored under, in the same order."""
        content = super().localized(language)
        return {
            **content,
            "sections": [
                {
                    **section,
                    "questions": [
                        {**q, "choice_values": list(danish_q.get("choices", []))}
                        for q, danish_q in zip(
                            section.get("questions", []), danish.get("questions", []), strict=True
                        )
                    ],
                }
                for section, danish in zip(
                    content.get("sections", []), self.content.get("sections", []), strict=True
                )
            ],
        }

    @property
    def sections(self):
        return self.localized()["sections"]


class Agreement(models.Model):
    """A cooperation agreement for one of the network leader's talks, or a reflection tool.

    `revision` counts the agreement's versions: reopening an agreed agreement starts the next
    one. `lock_version` changes on every save; a form posted with an older value is refused
    (two tabs, two people), so nobody overwrites text they have not seen.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        READY = "ready", _("Klar til mødet")
        AGREED = "agreed", _("Aftalt")

    network = models.ForeignKey(
        Network, verbose_name=_("netværk"), on_delete=models.CASCADE, related_name="agreements"
    )
    template = models.ForeignKey(
        Template, verbose_name=_("skabelon"), on_delete=models.PROTECT, related_name="+"
    )
    template_version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("skabelonversion"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("netværksleder"),
        on_delete=models.PROTECT,
        related_name="agreements_led",
    )
    counterpart = models.ForeignKey(
        Person,
        verbose_name=_("samtalepart"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_as_counterpart",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveIntegerField(_("version"), default=1)
    answers = models.JSONField(_("svar"), default=dict, blank=True)
    last_step = models.PositiveSmallIntegerField(_("senest udfyldte trin"), default=1)
    meeting_at = models.DateTimeField(_("mødetidspunkt"), null=True, blank=True)
    meeting_place = models.CharField(_("mødested"), max_length=200, blank=True)
    invited_at = models.DateTimeField(_("inviteret"), null=True, blank=True)
    shared = models.BooleanField(
        _("delt med samtaleparten"),
        default=False,
        help_text=_("Kun refleksioner: en refleksion er privat, indtil forfatteren deler den."),
    )
    source = models.ForeignKey(
        "self",
        verbose_name=_("startet fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("historik for samarbejdsaftale"), excluded_fields=["updated_at"]
    )

    class Meta:
        verbose_name = _("samarbejdsaftale")
        verbose_name_plural = _("samarbejdsaftaler")
        ordering = ["network", "template__kind", "template__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "template", "leader"], name="agreement_once_per_leader"
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.network}"

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])

    @property
    def title(self):
        return self.template_version.localized().get("title", self.template.title)

    @property
    def is_reflection(self):
        return self.template.kind == Template.Kind.REFLECTION

    @property
    def steps(self):
        return len(self.template_version.sections)


class Confirmation(models.Model):
    """One party's confirmation of one version of an agreement, as it read then."""

    class Party(models.TextChoices):
        LEADER = "leader", _("Netværksleder")
        COUNTERPART = "counterpart", _("Samtalepart")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="confirmations")
    revision = models.PositiveIntegerField(_("version"))
    party = models.CharField(_("part"), max_length=20, choices=Party.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("bekræftet af"), on_delete=models.PROTECT, related_name="+"
    )
    lock_version = models.PositiveIntegerField()
    answers_hash = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(_("bekræftet"), default=timezone.now)

    class Meta:
        verbose_name = _("bekræftelse")
        verbose_name_plural = _("bekræftelser")
        ordering = ["agreement_id", "revision", "confirmed_at"]  # the id: no joins
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "revision", "party"], name="confirmation_once_per_party"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_party_display()}), version {self.revision}"


class Comment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    revision = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        Person, verbose_name=_("skrevet af"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("kommentar"), validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(_("skrevet"), default=timezone.now)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["agreement_id", "created_at"]  # the id: no joins

    def __str__(self):
        return f"{self.author}: {self.text[:60]}"


class AgreedRevision(models.Model):
    """An agreed version, kept as it was when both parties had confirmed it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField(_("version"))
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="+"
    )
    counterpart = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("svar"))
    meeting_at = models.DateTimeField(_("mødetidspunkt"), null=True)
    meeting_place = models.CharField(_("mødested"), max_length=200, blank=True)
    agreed_at = models.DateTimeField(_("aftalt"))

    class Meta:
        verbose_name = _("aftalt version")
        verbose_name_plural = _("aftalte versioner")
        ordering = ["agreement_id", "revision"]  # the id: no joins
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "revision"], name="agreed_revision_unique"
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="agreed_revision_positive"),
        ]

    def __str__(self):
        return f"{self.agreement}, version {self.revision}"

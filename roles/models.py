"""The line organisation (departments, people) and the role catalogue.

Nothing here knows about networks or agreements: the dependency runs
agreements → netvaerk → roles.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from core import search
from core.content import ContentVersion

# The fields each model's search_text is made of (see core.search).
DEPARTMENT_SEARCH_FIELDS = {"name"}
PERSON_SEARCH_FIELDS = {"user", "user_id", "title", "department", "department_id"}


class Department(MP_Node):
    """A unit of the line organisation (basisorganisationen), as a materialised-path tree.

    The path tree makes "this department and everything below it" a single indexed prefix
    query, which the secretariat's overviews and a personnel leader's staff lists need at the
    scale of the largest municipalities.
    """

    name = models.CharField(_("navn"), max_length=200)
    manager_level = models.PositiveSmallIntegerField(
        _("lederniveau"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Niveauet for afdelingens leder: 1 er direktionen, 5 er teamledelse."),
    )
    manager = models.ForeignKey(
        "Person",
        verbose_name=_("leder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_departments",
    )

    # Lower-case, æ/ø/å folded to ae/oe/aa (core.search.normalise), kept current on save.
    search_text = models.TextField(editable=False, default="", blank=True)
    # The source system's stable id (CSV bundle or OS2mo); empty for departments made here.
    external_id = models.CharField(_("id i kildesystemet"), max_length=64, blank=True, default="")

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelinger")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(manager_level__gte=1, manager_level__lte=5),
                name="department_manager_level_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="department_external_id_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def build_search_text(self):
        return search.join(self.name)

    def save(self, *args, **kwargs):
        renamed = False
        if search.saves_search_text(kwargs, DEPARTMENT_SEARCH_FIELDS):
            text = self.build_search_text()
            renamed = self.pk is not None and text != self.search_text
            self.search_text = text
        super().save(*args, **kwargs)
        if renamed:
            # The department's name is part of its people's search text.
            search.rebuild(
                Person.objects.filter(department=self).select_related("user", "department"),
                Person.build_search_text,
            )


# A person's name, as values through Person: what Person.name_of takes.
NAME_FIELDS = ("user__first_name", "user__last_name", "user__username")


class PersonQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("user", "department", "manager__user")

    def search(self, text):
        """Every word of `text` in the name, username, e-mail, title or department."""
        return search.search(self, text)

    def current(self):
        """People still in the organisation: leavers are left out of the directory, search,
        pickers and mail."""
        return self.filter(left_on__isnull=True)

    def managers(self):
        """People who lead a department: only they can be reference leaders."""
        return self.filter(managed_departments__isnull=False).distinct()


class Person(models.Model):
    """An employee: the portal's view of a user, placed in the line organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="person",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("personaleleder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text=_("Medarbejderens nærmeste leder i basisorganisationen."),
    )
    title = models.CharField(_("stilling"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    location = models.CharField(_("arbejdssted"), max_length=200, blank=True)
    # Name, username, e-mail, title and department, normalised by core.search.normalise.
    search_text = models.TextField(editable=False, default="", blank=True)
    # The source system's stable id (CSV bundle or OS2mo); empty for people made here
    # (demo and local users), whom the import never touches.
    external_id = models.CharField(_("id i kildesystemet"), max_length=64, blank=True, default="")
    # The day an imported person left the organisation (no longer in the source). A leaver
    # is kept, deactivated, until the retention period anonymises them.
    left_on = models.DateField(_("fratrådt"), null=True, blank=True)
    # The identity provider's subject id ("sub"), stored at the first single sign-on.
    oidc_subject = models.CharField(
        _("id hos identitetsudbyderen"), max_length=255, blank=True, default=""
    )
    # When the person was anonymised (their name and contact details replaced everywhere).
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")
        # The search text begins with the full name (normalised), so this orders by name
        # through one indexed column, and the id makes the order total: paging by offset
        # neither repeats nor skips anyone when two people share a name.
        ordering = ["search_text", "id"]
        indexes = [
            models.Index(fields=["search_text", "id"], name="person_name_order_idx"),
            # The directory lists current people only: a page deep in it is read from this
            # index alone (an index-only scan skipping the rows before it), where the one
            # above would need every row's left_on and the database sorts the table instead.
            models.Index(
                fields=["search_text", "id"],
                condition=models.Q(left_on__isnull=True),
                name="person_current_order_idx",
            ),
            # ...and counts them from a narrow index (45,000 people: 4 ms, not 6 for the
            # table), a third of the directory's time in the database.
            models.Index(
                fields=["id"],
                condition=models.Q(left_on__isnull=True),
                name="person_current_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("id")),
                name="person_is_not_own_manager",
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="person_external_id_unique",
            ),
            models.UniqueConstraint(
                fields=["oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="person_oidc_subject_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if search.saves_search_text(kwargs, PERSON_SEARCH_FIELDS):
            self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    # The person's page belongs to the networks app (a person is shown with their roles);
    # settings.ABSOLUTE_URL_OVERRIDES wires roles.person to it.

    @property
    def name(self):
        return self.user.get_full_name() or self.user.get_username()

    @staticmethod
    def name_of(first_name, last_name, username):
        """`name` from the user's values, for lists read as plain values (NAME_FIELDS)."""
        return f"{first_name} {last_name}".strip() or username

    def build_search_text(self):
        user = self.user
        return search.join(
            user.get_full_name(),
            user.get_username(),
            user.email,
            self.title,
            self.department.name if self.department_id else "",
        )

    @property
    def email(self):
        return self.user.email


class RoleDescription(models.Model):
    """One role in the network-based organisation, as the secretariat describes it."""

    class Key(models.TextChoices):
        NETWORK_LEADER = "network_leader", _("Netværksleder")
        CO_DRIVER = "co_driver", _("Co-driver")
        REFERENCE_LEADER = "reference_leader", _("Referenceleder")
        PERSONNEL_LEADER = "personnel_leader", _("Personaleleder")
        SECRETARIAT = "secretariat", _("Sekretariat for Netværksstrukturen")

    key = models.CharField(_("rolle"), max_length=30, choices=Key.choices, unique=True)
    slug = models.SlugField(_("webadresse"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    summary = models.CharField(_("kort beskrivelse"), max_length=300)
    introduction = models.TextField(_("introduktion"))
    responsibilities_heading = models.CharField(
        _("overskrift for ansvarsområder"), max_length=200, blank=True
    )
    talk_topics = models.TextField(
        _("det taler I om"),
        blank=True,
        help_text=_("Hvad samtalen med netværkslederen handler om (bruges i pjecen)."),
    )
    name_en = models.CharField(_("navn (engelsk)"), max_length=100, blank=True, default="")
    summary_en = models.CharField(
        _("kort beskrivelse (engelsk)"), max_length=300, blank=True, default=""
    )
    introduction_en = models.TextField(_("introduktion (engelsk)"), blank=True, default="")
    responsibilities_heading_en = models.CharField(
        _("overskrift for ansvarsområder (engelsk)"), max_length=200, blank=True, default=""
    )
    talk_topics_en = models.TextField(_("det taler I om (engelsk)"), blank=True, default="")

    # The texts, each with an English sibling `<name>_en` (core.content). The rows are the
    # draft: what users read is the latest published RoleDescriptionVersion.
    translated_fields = (
        "name",
        "summary",
        "introduction",
        "responsibilities_heading",
        "talk_topics",
    )

    class Meta:
        verbose_name = _("rollebeskrivelse")
        verbose_name_plural = _("rollebeskrivelser")
        ordering = ["position"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:role-detail", args=[self.slug])


class Responsibility(models.Model):
    role = models.ForeignKey(
        RoleDescription,
        verbose_name=_("rolle"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    position = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("tekst"))
    text_en = models.TextField(_("tekst (engelsk)"), blank=True, default="")

    translated_fields = ("text",)

    class Meta:
        verbose_name = _("ansvarspunkt")
        verbose_name_plural = _("ansvarspunkter")
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "position"], name="responsibility_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"


class Competence(models.Model):
    """One of the network leader's desired competences."""

    position = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("beskrivelse"))
    name_en = models.CharField(_("navn (engelsk)"), max_length=120, blank=True, default="")
    description_en = models.TextField(_("beskrivelse (engelsk)"), blank=True, default="")

    translated_fields = ("name", "description")

    class Meta:
        verbose_name = _("netværkslederkompetence")
        verbose_name_plural = _("netværkslederkompetencer")
        ordering = ["position"]

    def __str__(self):
        return self.name


class CoDriverProfile(models.Model):
    """One of the profiles a co-driver can bring to the network."""

    position = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("beskrivelse"))
    name_en = models.CharField(_("navn (engelsk)"), max_length=120, blank=True, default="")
    description_en = models.TextField(_("beskrivelse (engelsk)"), blank=True, default="")

    translated_fields = ("name", "description")

    class Meta:
        verbose_name = _("co-driverprofil")
        verbose_name_plural = _("co-driverprofiler")
        ordering = ["position"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """The municipality and its secretariat as pamphlets and PDFs name them. One row."""

    municipality = models.CharField(_("kommune"), max_length=200)
    secretariat_name = models.CharField(_("sekretariatets navn"), max_length=200)
    address = models.CharField(_("adresse"), max_length=200)
    postcode_city = models.CharField(_("postnummer og by"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    contact_note = models.TextField(
        _("kontakttekst"),
        blank=True,
        help_text=_("Fx hvordan man booker et møde. Vises i pjecerne."),
    )
    secretariat_name_en = models.CharField(
        _("sekretariatets navn (engelsk)"), max_length=200, blank=True, default=""
    )
    contact_note_en = models.TextField(_("kontakttekst (engelsk)"), blank=True, default="")

    translated_fields = ("secretariat_name", "contact_note")

    class Meta:
        verbose_name = _("organisation og sekretariat")
        verbose_name_plural = _("organisation og sekretariat")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="organisation_single_row"),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.secretariat_name}"

    @classmethod
    def current(cls):
        organisation = cls.objects.filter(pk=1).first()
        if organisation is None:
            organisation = cls(
                pk=1,
                municipality=settings.MUNICIPALITY_NAME,
                secretariat_name=_("Sekretariat for Netværksstrukturen"),
                address="",
                postcode_city="",
            )
        return organisation


class RoleDescriptionVersion(ContentVersion):
    """A published role description with its pamphlet text: what the role page and the
    pamphlets show. See roles.versions for its content."""

    role = models.ForeignKey(
        RoleDescription,
        verbose_name=_("rolle"),
        on_delete=models.PROTECT,
        related_name="versions",
    )

    text_keys = frozenset(
        {"name", "summary", "introduction", "responsibilities_heading", "talk_topics", "text"}
    )

    class Meta:
        verbose_name = _("version af rollebeskrivelse")
        verbose_name_plural = _("versioner af rollebeskrivelser")
        ordering = ["role", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "number"], name="roledescriptionversion_unique_number"
            ),
        ]

    def __str__(self):
        return f"{self.content.get('name', '')} v{self.number}"

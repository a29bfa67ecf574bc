from django.contrib import admin
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_widgets import LabelledAutocompleteMixin

from . import answers, templating
from .models import (
    Agreement,
    Confirmation,
    PamphletHandout,
    Question,
    Section,
    Template,
    TemplateVersion,
)


@admin.register(PamphletHandout)
class PamphletHandoutAdmin(LabelledAutocompleteMixin, admin.ModelAdmin):
    list_display = ["network", "role", "recipient", "handed_out_on", "method", "talk_on"]
    list_filter = ["role", "method"]
    search_fields = ["network__name", "recipient__user__first_name", "recipient__user__last_name"]
    autocomplete_fields = ["network", "recipient"]
    list_select_related = ["network", "recipient__user"]
    # The text version the pamphlet was printed from: a record of what was handed out, not
    # something to change afterwards.
    readonly_fields = ["text_version"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["position", "title", "title_en", "guidance", "guidance_en", "prompts", "prompts_en"]
    show_change_link = True


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [
        ("position", "key", "type", "required"),
        ("label", "label_en"),
        ("help_text", "help_text_en"),
        ("choices", "choices_en"),
        ("min_choices", "max_choices"),
    ]


class VersionInline(admin.TabularInline):
    model = TemplateVersion
    extra = 0
    fields = ["number", "created_at", "created_by", "agreement_count"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("aftaler"))
    def agreement_count(self, obj):
        return obj.agreements.count()


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    """The raw rows. Saving here changes the draft only; the secretariat previews and
    publishes in the portal's own editor (agreements:content-template)."""

    list_display = ["title", "kind", "talk", "position", "is_active", "version_number", "editor"]
    list_filter = ["kind", "talk", "is_active"]
    search_fields = ["title", "key"]
    inlines = [SectionInline, VersionInline]

    @admin.display(description=_("seneste version"))
    def version_number(self, obj):
        version = templating.latest_version(obj)
        return version.number if version else "–"

    @admin.display(description=_("redigér og offentliggør"))
    def editor(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("agreements:content-template", args=[obj.key]),
            _("Åbn i skabeloneditoren"),
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "template", "position"]
    list_filter = ["template"]
    search_fields = ["title", "questions__label"]
    inlines = [QuestionInline]


class ConfirmationInline(admin.TabularInline):
    model = Confirmation
    extra = 0
    can_delete = False
    readonly_fields = ["revision", "party", "person", "confirmed_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    """Read-only: agreements are written by their parties in the portal, never here."""

    list_display = ["network", "template", "leader", "counterpart", "status", "revision"]
    list_filter = ["status", "template"]
    search_fields = ["network__name", "leader__user__first_name", "leader__user__last_name"]
    list_select_related = ["network", "template", "leader__user", "counterpart__user"]
    inlines = [ConfirmationInline]
    exclude = ["answers"]
    readonly_fields = ["answers_readable"]

    @admin.display(description=_("svar"))
    def answers_readable(self, obj):
        rows = [
            (reading.label, linebreaksbr(reading.plain() or "–", autoescape=True))
            for section in answers.read_all(obj.template_version.content, obj.answers)
            for reading in section["readings"]
        ]
        # Line breaks as <br>, not a style="" attribute: the Content-Security-Policy
        # allows no inline style.
        return format_html_join("", "<p><strong>{}</strong><br>{}</p>", rows)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

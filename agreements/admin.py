from django.contrib import admin, messages
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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


def _publish(request, template):
    before = templating.latest_version(template)
    version = templating.current_version(template, by=request.user)
    if before is None or version.pk != before.pk:
        in_use = before.agreements.count() if before else 0
        messages.info(
            request,
            ngettext(
                "Skabelonen er gemt som version %(n)s. Nye aftaler bruger den; %(count)s "
                "aftale udfyldt efter version %(old)s viser fortsat sine egne spørgsmål.",
                "Skabelonen er gemt som version %(n)s. Nye aftaler bruger den; %(count)s "
                "aftaler udfyldt efter version %(old)s viser fortsat deres egne spørgsmål.",
                in_use,
            )
            % {"n": version.number, "count": in_use, "old": before.number if before else "–"},
        )


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["position", "title", "guidance", "prompts"]
    show_change_link = True


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [
        ("position", "key", "type", "required"),
        "label",
        "help_text",
        "choices",
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
    list_display = ["title", "kind", "talk", "position", "is_active", "version_number"]
    list_filter = ["kind", "talk", "is_active"]
    search_fields = ["title", "key"]
    inlines = [SectionInline, VersionInline]

    @admin.display(description=_("seneste version"))
    def version_number(self, obj):
        version = templating.latest_version(obj)
        return version.number if version else "–"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _publish(request, form.instance)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "template", "position"]
    list_filter = ["template"]
    search_fields = ["title", "questions__label"]
    inlines = [QuestionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _publish(request, form.instance.template)

    def delete_model(self, request, obj):
        template = obj.template
        super().delete_model(request, obj)
        _publish(request, template)


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

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_widgets import LabelledAutocompleteMixin

from .models import (
    Network,
    NetworkPlan,
    NetworkRole,
    Phase,
    PhaseChange,
    PlanStep,
    ProcessStep,
    ProcessTemplate,
    ProcessVersion,
    TimeEntry,
)


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    list_display_links = ["name"]
    search_fields = ["name", "description"]


class NetworkRoleInline(LabelledAutocompleteMixin, admin.TabularInline):
    model = NetworkRole
    extra = 0
    autocomplete_fields = ["person"]


class ActiveRoleFilter(admin.SimpleListFilter):
    title = _("aktiv")
    parameter_name = "aktiv"

    def lookups(self, request, model_admin):
        return [("ja", _("Aktive roller")), ("nej", _("Afsluttede roller"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(ends_on__isnull=True)
        if self.value() == "nej":
            return queryset.filter(ends_on__isnull=False)
        return queryset


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "status", "current_phase", "start_date"]
    list_filter = ["type", "status", "current_phase"]
    search_fields = ["name", "theme", "challenge"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["departments"]
    date_hierarchy = "start_date"
    list_select_related = ["current_phase"]
    inlines = [NetworkRoleInline]


@admin.register(NetworkRole)
class NetworkRoleAdmin(LabelledAutocompleteMixin, admin.ModelAdmin):
    list_display = ["person", "role", "network", "starts_on", "ends_on"]
    list_filter = ["role", ActiveRoleFilter, "network__type"]
    search_fields = ["person__user__first_name", "person__user__last_name", "network__name"]
    autocomplete_fields = ["person", "network"]
    list_select_related = ["person__user", "network"]


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0
    fields = [
        "position",
        "kind",
        "phase",
        "title",
        "title_en",
        "weeks",
        "leader_hours",
        "co_driver_hours",
        "participant_hours",
        "content",
        "content_en",
    ]


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "network_type", "open_ended"]
    list_filter = ["network_type"]
    search_fields = ["name", "description"]
    inlines = [ProcessStepInline]


class PlanStepInline(ProcessStepInline):
    model = PlanStep


@admin.register(NetworkPlan)
class NetworkPlanAdmin(LabelledAutocompleteMixin, admin.ModelAdmin):
    list_display = ["network", "template", "process_version", "starts_on", "updated_at"]
    list_filter = ["template"]
    search_fields = ["network__name"]
    autocomplete_fields = ["network"]
    list_select_related = ["network", "template", "process_version"]
    readonly_fields = ["process_version"]
    inlines = [PlanStepInline]


@admin.register(ProcessVersion)
class ProcessVersionAdmin(admin.ModelAdmin):
    """Published versions are read, never changed: the secretariat publishes in the portal's
    editor (netvaerk/process_editor.py)."""

    list_display = ["template", "number", "created_at", "created_by", "translated_at"]
    list_filter = ["template"]
    list_select_related = ["template", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PhaseChange)
class PhaseChangeAdmin(LabelledAutocompleteMixin, admin.ModelAdmin):
    list_display = ["network", "phase", "changed_on", "changed_by"]
    list_filter = ["phase"]
    search_fields = ["network__name", "note"]
    autocomplete_fields = ["network", "changed_by"]
    date_hierarchy = "changed_on"
    list_select_related = ["network", "phase", "changed_by__user"]


@admin.register(TimeEntry)
class TimeEntryAdmin(LabelledAutocompleteMixin, admin.ModelAdmin):
    list_display = ["person", "network", "week", "hours"]
    search_fields = ["network__name", "person__user__first_name", "person__user__last_name"]
    autocomplete_fields = ["network", "person"]
    date_hierarchy = "week"
    list_select_related = ["network", "person__user"]

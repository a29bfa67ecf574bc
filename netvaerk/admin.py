from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Network, NetworkRole, Phase


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    list_display_links = ["name"]
    search_fields = ["name", "description"]


class NetworkRoleInline(admin.TabularInline):
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
class NetworkRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "network", "starts_on", "ends_on"]
    list_filter = ["role", ActiveRoleFilter, "network__type"]
    search_fields = ["person__user__first_name", "person__user__last_name", "network__name"]
    autocomplete_fields = ["person", "network"]
    list_select_related = ["person__user", "network"]

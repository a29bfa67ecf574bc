from django.contrib import admin

from .models import PamphletHandout


@admin.register(PamphletHandout)
class PamphletHandoutAdmin(admin.ModelAdmin):
    list_display = ["network", "role", "recipient", "handed_out_on", "method", "talk_on"]
    list_filter = ["role", "method"]
    search_fields = ["network__name", "recipient__user__first_name", "recipient__user__last_name"]
    autocomplete_fields = ["network", "recipient"]
    list_select_related = ["network", "recipient__user"]

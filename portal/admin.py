from django.contrib import admin

from core.permissions import is_secretariat

from .models import Rules


@admin.register(Rules)
class RulesAdmin(admin.ModelAdmin):
    """The secretariat's rules and capacity: one row, which the secretariat edits.

    The secretariat group's model permissions cover the domain apps below this one, so the
    secretariat's right to this row is given here, by the one rule for who is secretariat."""

    list_display = ["__str__", "desks", "agreement_due_weeks", "updated_at"]
    fields = ["desks", "agreement_due_weeks"]

    def has_module_permission(self, request):
        return is_secretariat(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user) or super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        if Rules.objects.exists():
            return False
        return is_secretariat(request.user) or super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

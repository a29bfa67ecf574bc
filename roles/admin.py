from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from core.admin_widgets import LabelledAutocompleteMixin

from .models import (
    CoDriverProfile,
    Competence,
    Department,
    Organisation,
    Person,
    Responsibility,
    RoleDescription,
)


class DepartmentForm(MoveNodeForm):
    """Treebeard's placement fields, in Danish (treebeard ships no Danish translation)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["treebeard_position"].label = _("Placering")
        self.fields["treebeard_position"].choices = [
            ("sorted-child", _("Under")),
            ("sorted-sibling", _("Ved siden af")),
        ]
        self.fields["treebeard_ref_node"].label = _("I forhold til")
        self.fields["treebeard_ref_node"].empty_label = _("– øverst i organisationen –")


@admin.register(Department)
class DepartmentAdmin(LabelledAutocompleteMixin, TreeAdmin):
    form = movenodeform_factory(Department, form=DepartmentForm)
    list_display = ["name", "manager_level", "manager"]
    list_filter = ["manager_level"]
    search_fields = ["name"]
    autocomplete_fields = ["manager"]


@admin.register(Person)
class PersonAdmin(LabelledAutocompleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "title", "department", "manager"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__username",
        "user__email",
        "title",
    ]
    autocomplete_fields = ["user", "department", "manager"]
    list_select_related = ["user", "department", "manager__user"]


class PersonInline(LabelledAutocompleteMixin, admin.StackedInline):
    model = Person
    fk_name = "user"
    can_delete = False
    verbose_name_plural = _("medarbejderoplysninger")
    autocomplete_fields = ["department", "manager"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [PersonInline]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


@admin.register(RoleDescription)
class RoleDescriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "position", "summary"]
    search_fields = ["name", "summary", "introduction"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ResponsibilityInline]


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["position", "name"]
    list_display_links = ["name"]
    search_fields = ["name", "description"]


@admin.register(CoDriverProfile)
class CoDriverProfileAdmin(admin.ModelAdmin):
    list_display = ["position", "name"]
    list_display_links = ["name"]
    search_fields = ["name", "description"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["municipality", "secretariat_name", "email", "phone"]

    def has_add_permission(self, request):
        return not Organisation.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

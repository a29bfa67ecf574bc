"""The administration's type-ahead fields (autocomplete_fields), as valid HTML.

Django's AutocompleteSelect writes an empty `<option value=""></option>` for an optional
field, and none for a required one. The Nu HTML Checker refuses both: an option needs text
or a label, and HTML wants a required select to start with an empty "placeholder" option.
Here every single select starts with an empty option that carries a label, which select2
still treats as "nothing chosen" (its value and its text are empty).
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

NOTHING_CHOSEN = _("Intet valgt")


class LabelledAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        empty = next((o for o in options if o["value"] == ""), None)
        if empty is None and not self.allow_multiple_selected:
            empty = self.create_option(name, "", "", False, 0)
            options.insert(0, empty)
            for index, option in enumerate(options):
                option["index"] = str(index)
        if empty is not None:
            empty["attrs"]["label"] = NOTHING_CHOSEN
        return groups


class LabelledAutocompleteMixin:
    """For a ModelAdmin or inline with autocomplete_fields: the labelled widget above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

"""One form field in Bootstrap 5's markup, written in Python: the label, the control and
its errors, as crispy-forms' bootstrap5 pack writes them, without a template per field and
per option. For short forms on busy pages (the catalogue's filters, the comment box of an
agreement); the longer forms that edit data keep crispy-forms.

    {% load fields %}{% field_group form.type "col-md-3" %}
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _options(bound):
    current = bound.value()
    if current is None:
        current = ""
    current = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
    return format_html_join(
        " ",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) in current else "", label)
            for value, label in bound.field.choices
        ),
    )


def control(bound):
    """The control with Bootstrap's classes and, when invalid, aria-invalid and the link to
    its error text."""
    widget = bound.field.widget
    attrs = {}
    if bound.errors:
        attrs = {"aria-invalid": "true", "aria-describedby": f"{bound.auto_id}_error"}
    if type(widget) is forms.Select:
        css = "select form-select" + (" is-invalid" if bound.errors else "")
        extra = format_html_join("", ' {}="{}"', attrs.items())
        return format_html(
            '<select name="{}" class="{}"{} id="{}"> {} </select>',
            bound.html_name,
            css,
            extra,
            bound.auto_id,
            _options(bound),
        )
    css = "form-control" + (" is-invalid" if bound.errors else "")
    return bound.as_widget(attrs={"class": css, **attrs})


@register.simple_tag
def field_group(bound, css_class=""):
    errors = format_html_join(
        "",
        '<span id="error_{}_{}"><strong>{}</strong></span>',
        ((i, bound.auto_id, e) for i, e in enumerate(bound.errors, 1)),
    )
    feedback = (
        format_html('<div id="{}_error" class="invalid-feedback">{}</div>', bound.auto_id, errors)
        if bound.errors
        else ""
    )
    required = mark_safe('<span class="asteriskField">*</span>') if bound.field.required else ""
    help_text = (
        format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id, bound.help_text
        )
        if bound.help_text
        else ""
    )
    group = format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}{}</label> {} {}{}'
        "</div>",
        bound.auto_id,
        bound.id_for_label,
        bound.label,
        required,
        control(bound),
        feedback,
        help_text,
    )
    return format_html('<div class="{}">{}</div>', css_class, group) if css_class else group

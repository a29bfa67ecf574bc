"""One form field in Bootstrap 5's markup, written in Python: the label, the control and
its errors, as crispy-forms' bootstrap5 pack writes them, without a template per field and
per option. For short forms on busy pages (the catalogue's filters, the comment box of an
agreement); the longer forms that edit data keep crispy-forms.

    {% load fields %}{% field_group form.type "col-md-3" %}
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.html import escape

register = template.Library()


def options_html(choices, selected, sep=""):
    """<option>s of (value, label) pairs, escaped, those whose value (as text) is in
    `selected` marked selected: in one pass, where a template or Django's widget renders a
    template per option (a picker of 150 departments). Also for views' own selects."""
    options = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            raise ValueError(
                "options_html writes no <optgroup>: render grouped choices with crispy"
            )
        chosen = " selected" if str(value) in selected else ""
        options.append(f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>')
    return mark_safe(sep.join(options))


def _options(bound):
    current = bound.value()
    if current is None:
        current = ""
    current = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
    return options_html(bound.field.choices, current, sep=" ")


def _attributes(attrs):
    """HTML attributes in the given order, as Django's widget templates write them (flatatt
    sorts them); True is written as a bare attribute (required, disabled)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


def control(bound):
    """The control with Bootstrap's classes. Django adds required, disabled, aria-invalid
    and aria-describedby (the help text, then the error) as for any widget. A plain select
    is written here, its options in one pass: Django's widget templates render each option
    through a template of its own."""
    widget = bound.field.widget
    invalid = " is-invalid" if bound.errors else ""
    if type(widget) is forms.Select:
        attrs = {
            **widget.attrs,
            "class": "select form-select" + invalid,
            **bound.build_widget_attrs({}, widget),
        }
        return format_html(
            '<select name="{}"{} id="{}"> {} </select>',
            bound.html_name,
            _attributes(attrs),
            bound.auto_id,
            _options(bound),
        )
    css = ("textarea " if isinstance(widget, forms.Textarea) else "") + "form-control" + invalid
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.SelectMultiple):
        raise ValueError("field_group writes text fields, text areas and selects only")
    return bound.as_widget(attrs={"class": css})


@register.simple_tag
def field_group(bound, css_class=""):
    if not bound.auto_id or not bound.label:
        raise ValueError("field_group needs a field with an id and a label")
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
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label> {} {}{}'
        "</div>",
        bound.auto_id,
        bound.id_for_label,
        " requiredField" if bound.field.required else "",
        bound.label,
        required,
        control(bound),
        feedback,
        help_text,
    )
    return format_html('<div class="{}">{}</div>', css_class, group) if css_class else group

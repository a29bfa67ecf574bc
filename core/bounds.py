"""The dates and numbers the portal computes with, in one place.

Every form that takes a date refuses one outside `EARLIEST_DATE` … `latest_date()`, and every
computation that starts from a stored date checks it against the same bounds first, so a date
typed wrong (year 9999, year 1) is refused with a Danish message, and one that reached the
database anyway (an import, the admin, an old row) is reported on the page instead of
breaking it.

Why these bounds:

- 1 January 2000: the network organisation and every record in the portal are younger; a
  date before it is a typing error, and stays far from the smallest date Python can hold.
- 31 December of the year ten years from now: a network is planned, a talk booked or a
  theme round scheduled a few years ahead at most. The bound moves with the calendar, so a
  date accepted once is never refused later.
- `computed_until()`, 31 December thirty years from now: the furthest a computed date (the
  last day of a plan that starts at `latest_date()` and runs twenty years; a process
  description runs two or three) may reach. Steps past it are left out of the dates, which
  keeps every page's arithmetic (months, weeks, timelines, calendar feeds) far from year
  9999, where Python's dates end.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.translation import gettext

EARLIEST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 10
YEARS_COMPUTED = 30
# The largest id a database column holds (a signed 64-bit integer): an id in the address
# above it is no row, not a database error.
LARGEST_ID = 2**63 - 1


def parse_id(value):
    """An id from user input (an address, a form): ASCII digits within `LARGEST_ID`, else
    None. ("²".isdigit() is true, and a 30-digit number is no row: neither may reach a
    query.)"""
    text = str(value if value is not None else "")
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


def latest_date(today=None):
    """The latest date a form accepts: 31 December, `YEARS_AHEAD` years from now."""
    today = today or timezone.localdate()
    return datetime.date(today.year + YEARS_AHEAD, 12, 31)


def computed_until(today=None):
    """The latest date a computation (a plan's steps) may reach."""
    today = today or timezone.localdate()
    return datetime.date(today.year + YEARS_COMPUTED, 12, 31)


def in_range(day, today=None):
    """Whether a date lies within the bounds a form accepts."""
    return EARLIEST_DATE <= day <= latest_date(today)


def clamp(day, today=None):
    """The nearest date within the bounds."""
    return min(max(day, EARLIEST_DATE), latest_date(today))


def range_text(today=None):
    """ "mellem 1. januar 2000 og 31. december 2036", in the active language."""
    return gettext("mellem %(first)s og %(last)s") % {
        "first": date_format(EARLIEST_DATE),
        "last": date_format(latest_date(today)),
    }


def date_message():
    return gettext("Datoen skal ligge %(range)s.") % {"range": range_text()}


def validate_date(value):
    """A form validator: the date lies within the bounds."""
    if value is not None and not in_range(value):
        raise ValidationError(date_message(), code="date_out_of_range")


def stored_date_message(what, day):
    """What a page says about a stored date outside the bounds: `what` names the date
    ("Planens startdato"), so the reader knows which one to correct."""
    return gettext(
        "%(what)s (%(date)s) ligger uden for de datoer, portalen kan regne med (%(range)s). "
        "Ret datoen."
    ) % {"what": what, "date": date_format(day), "range": range_text()}


def _date_attrs():
    return {"min": EARLIEST_DATE.isoformat(), "max": latest_date().isoformat()}


class BoundedDateField(forms.DateField):
    """A date within the bounds; the browser's date picker is limited to them too."""

    default_validators = [validate_date]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", None) == "date":
            attrs.update(_date_attrs())
        return attrs

    def __deepcopy__(self, memo):
        # Each form gets its own copy: the upper bound follows the calendar.
        result = super().__deepcopy__(memo)
        if getattr(result.widget, "input_type", None) == "date":
            result.widget.attrs.update(_date_attrs())
        return result


def bound_date_field(field):
    """Bound a date field that a ModelForm or a question made (not declared by hand)."""
    if validate_date not in field.validators:
        field.validators.append(validate_date)
    if getattr(field.widget, "input_type", None) == "date":
        field.widget.attrs.update(_date_attrs())
    return field


def _number_text(low, high, integer):
    text = (
        gettext("Skriv et helt tal mellem %(low)s og %(high)s.")
        if integer
        else gettext("Skriv et tal mellem %(low)s og %(high)s.")
    )
    return text % {"low": number_format(low), "high": number_format(high)}


_number_text_lazy = lazy(_number_text, str)


def number_messages(low, high, *, integer=True):
    """Error messages for a number field, naming both bounds in the active language."""
    message = _number_text_lazy(low, high, integer)
    messages = {"min_value": message, "max_value": message, "invalid": message}
    if not integer:
        messages["max_digits"] = message
        messages["max_whole_digits"] = message
    return messages


class BoundedIntegerField(forms.IntegerField):
    """A whole number between `min_value` and `max_value`, with a message naming both."""

    def __init__(self, *, min_value, max_value, **kwargs):
        kwargs.setdefault("error_messages", number_messages(min_value, max_value))
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class BoundedDecimalField(forms.DecimalField):
    """A number between `min_value` and `max_value` (Danish decimal comma), with a message
    naming both."""

    def __init__(self, *, min_value, max_value, **kwargs):
        kwargs.setdefault("error_messages", number_messages(min_value, max_value, integer=False))
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


def bound_admin_dates(site):
    """Every plain date the administration takes is bounded like the portal's own forms.

    Called once the admin modules are loaded: each registered ModelAdmin (an instance, whose
    overrides are already merged) and each of its inlines (classes, merged when made) gets
    BoundedDateField for its DateFields; DateTimeFields keep their own entry."""
    from django.db import models

    assert site._registry, "bound_admin_dates runs after the admin modules are loaded"
    for model_admin in site._registry.values():
        overrides = model_admin.formfield_overrides
        overrides[models.DateField] = {
            **overrides.get(models.DateField, {}),
            "form_class": BoundedDateField,
        }
        for inline in model_admin.inlines:
            inline.formfield_overrides = {
                **inline.formfield_overrides,
                models.DateField: {
                    **inline.formfield_overrides.get(models.DateField, {}),
                    "form_class": BoundedDateField,
                },
            }

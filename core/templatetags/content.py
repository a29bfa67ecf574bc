"""{% load content %}: {{ phase|tr:"name" }} shows a text the secretariat wrote in the language
of the page, falling back to Danish where it has no English (core/content.py)."""

from django import template

from core.content import translated

register = template.Library()


@register.filter
def tr(obj, field):
    return translated(obj, field)

"""{% load texts %}: {{ section.guidance|limited_markup }} shows a text the secretariat wrote
escaped, in paragraphs and lists, with bold and web links (core/text.py)."""

from django import template

from core.text import limited_markup as _limited_markup

register = template.Library()


@register.filter(is_safe=True)
def limited_markup(text):
    return _limited_markup(text)

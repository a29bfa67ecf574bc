"""Agreements on pages the networks app owns (Mine netværk), without the networks app
importing agreements: the template asks for them."""

from django import template

from agreements import selectors

register = template.Library()


@register.inclusion_tag("agreements/_mine.html")
def my_agreements(person):
    if person is None:
        return {"mine": [], "waiting": []}
    mine, waiting = selectors.agreements_for_person(person)
    return {"mine": mine, "waiting": waiting}

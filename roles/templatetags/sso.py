"""{% local_login as local %}: whether passwords are in use (LOCAL_LOGIN), for pages that
link to the password pages."""

from django import template

from .. import oidc

register = template.Library()


@register.simple_tag
def local_login():
    return oidc.local_login()

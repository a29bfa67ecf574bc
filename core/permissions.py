"""Infrastructure for the access modules: who is secretariat staff.

Imports no domain models, so every app's `access.py` can build on it.
"""

from django.conf import settings


def is_secretariat(user):
    """Secretariat staff administer everything. Membership is cached on the user object."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name=settings.SECRETARIAT_GROUP).exists()
        user._is_secretariat = cached
    return cached
